import Foundation
import TestSupport
import Testing

func temporaryFile(_ name: String, _ text: String) throws -> String {
    let dir = Scratch.root.appendingPathComponent("tandem-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let file = dir.appendingPathComponent(name)
    try text.write(to: file, atomically: true, encoding: .utf8)
    return file.path
}

@Suite("Waivers: suppressed not hidden, expiry by the injected clock")
struct WaiverTests {
    let waivers = """
        apiVersion: tandem/v1
        kind: Waivers
        waivers:
          - {rule: PP-OPS-001, subject: ed-flow, reason: Second advisor starts in January, owner: Committee, created: 2026-10-01, expires: 2026-12-31}

        """

    func check(now: String, _ extra: [String] = []) throws -> TandemProcess.Output {
        let file = try temporaryFile("w.yaml", waivers)
        return try TandemProcess.run(["check", "--policy", "Policies/partners-in-care", "--waivers", file, "--now", now, "--format", "json"] + extra + ["Fixtures/valid/tokenistic.yaml"])
    }

    func finding(_ output: TandemProcess.Output, _ rule: String) throws -> [String: Any] {
        let report = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
        return try #require((report["findings"] as? [[String: Any]])?.first { $0["rule"] as? String == rule })
    }

    @Test func anActiveWaiverSuppressesButStillReports() throws {
        let run = try check(now: "2026-12-31")
        let lone = try finding(run, "PP-OPS-001")
        #expect(lone["status"] as? String == "waived")
        #expect((lone["waiver"] as? [String: Any])?["owner"] as? String == "Committee")
        #expect(!run.stderr.contains("WAIV"))
    }

    @Test func theDayAfterExpiryTheWaiverNoLongerSuppressesAndIsReported() throws {
        let run = try check(now: "2027-01-01")
        #expect(try finding(run, "PP-OPS-001")["status"] as? String == "open")
        #expect(run.stderr.contains("warning[WAIV101]: waiver for PP-OPS-001 on ed-flow (owner Committee) expired on 2026-12-31; it no longer suppresses 1 finding"))
    }

    @Test func waivedFindingsDoNotFailTheGate() throws {
        let file = try temporaryFile(
            "w.yaml",
            """
            apiVersion: tandem/v1
            kind: Waivers
            waivers:
              - {rule: "*", subject: "*", reason: Accepted for the pilot, owner: Board, created: 2026-01-01, expires: 2026-12-31}

            """)
        let waived = try TandemProcess.run(["check", "--policy", "Policies/partners-in-care", "--waivers", file, "--now", "2026-11-25", "Fixtures/valid/tokenistic.yaml"])
        #expect(waived.status == 0)
        let expired = try TandemProcess.run(["check", "--policy", "Policies/partners-in-care", "--waivers", file, "--now", "2027-01-02", "Fixtures/valid/tokenistic.yaml"])
        #expect(expired.status == 1)
    }

    @Test func unusedWaiversAreReported() throws {
        let run = try TandemProcess.run(["check", "--policy", "Policies/partners-in-care", "--waivers", try temporaryFile("w.yaml", waivers), "--now", "2026-11-25", "Fixtures/valid/well-run.yaml"])
        #expect(run.stderr.contains("warning[WAIV102]: waiver for PP-OPS-001 on ed-flow matched no finding; remove it"))
    }

    @Test func waiverFilesAreValidatedWithPositions() throws {
        let bad = try temporaryFile(
            "bad.yaml",
            """
            apiVersion: tandem/v1
            kind: Waivers
            waivers:
              - {rule: PP-OPS-001, subject: ed-flow, reason: r, owner: o, created: 2026-10-01, expires: soon, tikcet: X}

            """)
        let run = try TandemProcess.run(["check", "--policy", "Policies/partners-in-care", "--waivers", bad, "Fixtures/valid/tokenistic.yaml"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("bad.yaml:4:93: error[WAIV005]: 'soon' is not an ISO 8601 date"))
        #expect(run.stderr.contains("bad.yaml:4:99: error[WAIV001]: unknown key 'tikcet' in Waiver"))
    }
}

@Suite("Baselines: only new findings are reported")
struct BaselineTests {
    @Test func aBaselineHidesKnownFindingsAndCountsFixedOnes() throws {
        let baseline = Scratch.root.appendingPathComponent("tandem-\(UUID().uuidString).json").path
        let first = try TandemProcess.run(["check", "--policy", "Policies/partners-in-care", "--write-baseline", baseline, "Fixtures/valid/tokenistic.yaml"])
        #expect(first.status == 1)

        // Unchanged input: nothing new, so the gate passes.
        let same = try TandemProcess.run(["check", "--policy", "Policies/partners-in-care", "--baseline", baseline, "Fixtures/valid/tokenistic.yaml"])
        #expect(same.status == 0, "\(same.stdout)")
        #expect(same.stdout.contains("baseline: 0 new, 39 unchanged, 0 fixed"))

        // Lines shift and one fact is fixed; the fingerprints still match.
        let text = try String(contentsOf: TandemProcess.packageRoot.appendingPathComponent("Fixtures/valid/tokenistic.yaml"), encoding: .utf8)
        let edited = "# a comment that shifts every line\n# and another\n" + text.replacingOccurrences(of: "    coach: null\n", with: "    coach: pa-marie\n")
        let file = try temporaryFile("tokenistic.yaml", edited)
        let later = try TandemProcess.run(["check", "--policy", "Policies/partners-in-care", "--baseline", baseline, "--format", "json", file])
        let report = try #require(try JSONSerialization.jsonObject(with: Data(later.stdout.utf8)) as? [String: Any])
        let summary = try #require(report["baseline"] as? [String: Any])
        #expect(summary["new"] as? Int == 0)
        #expect(summary["fixed"] as? Int == 1)
        #expect(later.status == 0)
    }

    @Test func aJSONReportServesAsABaseline() throws {
        let report = try TandemProcess.run(["check", "--policy", "Policies/partners-in-care", "--format", "json", "Fixtures/valid/mixed.yaml"])
        let path = try temporaryFile("previous.json", report.stdout)
        let run = try TandemProcess.run(["check", "--policy", "Policies/partners-in-care", "--baseline", path, "Fixtures/valid/mixed.yaml"])
        #expect(run.status == 0)
        #expect(run.stdout.contains("baseline: 0 new, 42 unchanged, 0 fixed"))
    }

    /// Identity is organization, rule and subject: next quarter's snapshot, under a new name,
    /// matches this quarter's baseline (it used to show every finding as new and fixed).
    @Test func aRenamedSnapshotOfTheSameOrganizationMatchesTheBaseline() throws {
        let baseline = Scratch.root.appendingPathComponent("tandem-\(UUID().uuidString).json").path
        _ = try TandemProcess.run(["check", "--policy", "Policies/partners-in-care", "--fail-on", "never", "--write-baseline", baseline, "Fixtures/valid/mixed.yaml"])
        let text = try String(contentsOf: TandemProcess.packageRoot.appendingPathComponent("Fixtures/valid/mixed.yaml"), encoding: .utf8)
        #expect(text.contains("name: csss-lakeside\n"))
        let renamed = try temporaryFile("mixed-2027q1.yaml", text.replacingOccurrences(of: "name: csss-lakeside\n", with: "name: csss-lakeside-2027q1\n"))
        let run = try TandemProcess.run(["check", "--policy", "Policies/partners-in-care", "--baseline", baseline, renamed])
        #expect(run.stdout.contains("baseline: 0 new, 42 unchanged, 0 fixed"), "\(run.stdout.suffix(300))")
        #expect(run.status == 0)
    }

    /// A version-1 baseline (fingerprints by snapshot name) still applies, with IO009.
    @Test func anOldBaselineStillAppliesWithANotice() throws {
        let report = try TandemProcess.run(["check", "--policy", "Policies/partners-in-care", "--fail-on", "never", "--format", "json", "Fixtures/valid/mixed.yaml"])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(report.stdout.utf8)) as? [String: Any])
        let findings = try #require(json["findings"] as? [[String: Any]])
        // Version 1's fingerprint: FNV-1a 64 of "rule|subject kind|subject id|snapshot".
        func fnv(_ text: String) -> String {
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
            let hex = String(hash, radix: 16)
            return String(repeating: "0", count: 16 - hex.count) + hex
        }
        let entries = findings.map { f -> [String: String] in
            let subject = f["subject"] as? [String: Any] ?? [:]
            let key = "\(f["rule"] ?? "")|\(subject["kind"] ?? "")|\(subject["id"] ?? "")|\(f["snapshot"] ?? "")"
            return ["fingerprint": fnv(key), "rule": f["rule"] as? String ?? "", "subject": subject["id"] as? String ?? "", "snapshot": f["snapshot"] as? String ?? ""]
        }
        let old = try JSONSerialization.data(withJSONObject: ["version": 1, "findings": entries])
        let path = try temporaryFile("old-baseline.json", String(decoding: old, as: UTF8.self))
        let run = try TandemProcess.run(["check", "--policy", "Policies/partners-in-care", "--baseline", path, "Fixtures/valid/mixed.yaml"])
        #expect(run.stdout.contains("baseline: 0 new, 42 unchanged, 0 fixed"))
        #expect(run.stderr.contains("warning[IO009]: baseline \(path) identifies findings by snapshot name (version 1)"))
        #expect(run.status == 0)
    }

    @Test func anUnreadableBaselineIsAnInputError() throws {
        let path = try temporaryFile("junk.json", "{\"hello\": 1}")
        let run = try TandemProcess.run(["check", "--policy", "Policies/partners-in-care", "--baseline", path, "Fixtures/valid/mixed.yaml"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("error[IO004]"))
    }
}
