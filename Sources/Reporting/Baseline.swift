import Evaluation
import Foundation

/// Findings accepted as they are, by fingerprint: later runs report only what is new.
///
/// Written by `--write-baseline`; `--baseline` also accepts a full `--format json` report.
public struct Baseline: Sendable, Codable, Hashable {
    /// One accepted finding.
    public struct Entry: Sendable, Codable, Hashable {
        /// The finding's identity (organization, rule, subject); in a version-1 baseline, the
        /// older fingerprint (rule, subject, snapshot name).
        public var fingerprint: String
        /// The rule, for people reading the file.
        public var rule: String
        /// The subject id.
        public var subject: String
        /// The snapshot name.
        public var snapshot: String
    }

    /// Format version: 2 identifies findings by organization, rule and subject; 1 (older) by
    /// rule, subject and snapshot name.
    public var version = 2
    /// The findings.
    public var findings: [Entry]

    /// The fingerprints.
    public var fingerprints: [String] { findings.map(\.fingerprint) }

    /// A baseline of every finding of `result` (open, waived or already in a baseline).
    public init(_ result: CheckResult) {
        findings = result.entries.map {
            Entry(fingerprint: $0.fingerprint, rule: $0.finding.ruleID, subject: $0.finding.subject.id, snapshot: $0.finding.snapshot)
        }
        .sorted { ($0.snapshot, $0.rule, $0.subject) < ($1.snapshot, $1.rule, $1.subject) }
    }

    /// Reads a baseline or a JSON report; throws a message naming the file.
    public static func read(path: String) throws(BaselineError) -> Baseline {
        guard let data = FileManager.default.contents(atPath: path) else { throw BaselineError(message: "cannot read baseline \(path)") }
        struct Report: Decodable {
            struct Item: Decodable {
                var fingerprint: String
                var rule: String
                var subject: Subject
                var snapshot: String
                struct Subject: Decodable { var id: String }
            }
            var findings: [Item]
        }
        if let baseline = try? JSONDecoder().decode(Baseline.self, from: data) { return baseline }
        if let report = try? JSONDecoder().decode(Report.self, from: data) {
            return Baseline(findings: report.findings.map { Entry(fingerprint: $0.fingerprint, rule: $0.rule, subject: $0.subject.id, snapshot: $0.snapshot) })
        }
        throw BaselineError(message: "\(path) is neither a tandem baseline nor a tandem JSON report")
    }

    init(findings: [Entry]) {
        self.findings = findings
    }

    /// The baseline as pretty, sorted JSON.
    public func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self) + "\n"
    }
}

/// A baseline that cannot be used.
public struct BaselineError: Error, Sendable {
    /// What is wrong.
    public var message: String
}
