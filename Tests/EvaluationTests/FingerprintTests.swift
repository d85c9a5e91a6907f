import Diagnostics
@testable import Evaluation
import PolicyCompiler
import Testing

/// A finding's fingerprint is FNV-1a (64 bits) of "organization|rule|subject kind|subject id",
/// written as 16 lowercase hex digits: baselines and history written by earlier versions match
/// on it, so the way it is computed may change and its value may not.
@Suite("Fingerprints: FNV-1a of a finding's identity")
struct FingerprintTests {
    func finding(organization: String, rule: String, kind: String, id: String) -> Finding {
        Finding(
            kind: .violation, ruleID: rule, severity: .warning, title: "t", message: "m", remediation: nil, references: [], practice: .operational,
            level: .frontLine, phase: nil, subject: .init(kind: kind, id: id, name: "A name"), location: SourceLocation(file: "s.yaml", line: 3, column: 5),
            snapshot: "2026-q3", organization: organization)
    }

    @Test("FNV-1a's published test vectors")
    func vectors() {
        #expect(Finding.fnv("") == "cbf29ce484222325")
        #expect(Finding.fnv("a") == "af63dc4c8601ec8c")
        #expect(Finding.fnv("foobar") == "85944171f73967e8")
    }

    @Test("A hash that starts with zeros keeps them: always 16 digits")
    func padded() {
        #expect(Finding.fnv("org|R-516|Team|t") == "0010cb85984cb413")
        #expect(finding(organization: "org", rule: "R-516", kind: "Team", id: "t").fingerprint == "0010cb85984cb413")
    }

    @Test("The identity is organization, rule, subject kind and id; the snapshot, place and name do not count")
    func identity() {
        let one = finding(organization: "CISSS Riverside", rule: "PP-OPS-001", kind: "Team", id: "team-é")
        #expect(one.fingerprint == Finding.fnv("CISSS Riverside|PP-OPS-001|Team|team-é"))
        var moved = one
        moved.snapshot = "2026-q4"
        moved.location = SourceLocation(file: "other.yaml", line: 90, column: 1)
        moved.subject.name = "Another name"
        #expect(moved.fingerprint == one.fingerprint)
        #expect(moved.legacyFingerprint == Finding.fnv("PP-OPS-001|Team|team-é|2026-q4"))
    }
}
