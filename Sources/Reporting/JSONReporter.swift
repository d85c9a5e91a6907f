import Diagnostics
import Evaluation
import Foundation
import RiskScoring

/// The machine-readable report (schema: `docs/report-schema.json`), keys sorted, version 1.
public struct JSONReporter: Reporter {
    /// Creates a reporter.
    public init() {}

    struct Located: Encodable {
        var code: String
        var severity: String
        var message: String
        var file: String?
        var line: Int?
        var column: Int?
        var notes: [String]
    }

    struct WaiverJSON: Encodable {
        var rule: String
        var subject: String
        var reason: String
        var owner: String
        var expires: String
        var ticket: String?
    }

    struct FindingJSON: Encodable {
        var kind: String
        var status: String
        var fingerprint: String
        var rule: String
        var severity: String
        var title: String
        var message: String
        var remediation: String?
        var references: [String]
        var unrecorded: [String]?
        var practice: String
        var level: String
        var phase: String?
        var subject: Finding.Subject
        var snapshot: String
        var file: String
        var line: Int
        var column: Int
        var waiver: WaiverJSON?
    }

    struct Summary: Encodable {
        var files: Int
        var snapshots: Int
        var rules: Int
        var findings: Int
        var errors: Int
        var warnings: Int
        var infos: Int
        var insufficientEvidence: Int
        var waived: Int
        var inputErrors: Int
    }

    struct BaselineJSON: Encodable {
        var file: String
        var new: Int
        var unchanged: Int
        var fixed: Int
    }

    struct Document: Encodable {
        var version = 1
        var tool: String
        var complete: Bool
        var policy: String?
        var files: [CheckResult.FileResult]
        var findings: [FindingJSON]
        var risk: [RiskJSON.Report]
        var evidence: [EvidenceJSON.Snapshot]
        var diagnostics: [Located]
        var baseline: BaselineJSON?
        var summary: Summary
    }

    public func render(_ result: CheckResult) throws -> String {
        let findings = result.entries.map { entry -> FindingJSON in
            let f = entry.finding
            var status = "open"
            var waiver: WaiverJSON?
            switch entry.status {
            case .open: break
            case .baseline: status = "baseline"
            case .waived(let w):
                status = "waived"
                waiver = WaiverJSON(rule: w.rule, subject: w.subject, reason: w.reason, owner: w.owner, expires: w.expiryDate, ticket: w.ticket)
            }
            return FindingJSON(kind: f.kind.rawValue, status: status, fingerprint: entry.fingerprint, rule: f.ruleID, severity: f.severity.rawValue,
                               title: f.title, message: f.message, remediation: f.remediation, references: f.references,
                               unrecorded: f.unrecorded.isEmpty ? nil : f.unrecorded,
                               practice: f.practice.rawValue, level: f.level.rawValue, phase: f.phase?.rawValue, subject: f.subject,
                               snapshot: f.snapshot, file: f.location.file, line: f.location.line, column: f.location.column, waiver: waiver)
        }
        let waived = result.entries.filter { if case .waived = $0.status { true } else { false } }.count
        let document = Document(
            tool: "tandem \(result.toolVersion)", complete: result.isComplete,
            policy: result.policy.map { "\($0.name)\($0.version.map { "@\($0)" } ?? "")" }, files: result.files,
            findings: findings, risk: result.risk.map(RiskJSON.report), evidence: result.evidence.map(EvidenceJSON.snapshot),
            diagnostics: result.diagnostics.sortedByLocation().map {
                Located(code: $0.code, severity: $0.severity.rawValue, message: $0.message, file: $0.location?.file,
                        line: $0.location?.line, column: $0.location?.column, notes: $0.notes)
            },
            baseline: result.baseline.map { BaselineJSON(file: $0.path, new: $0.new, unchanged: $0.unchanged, fixed: $0.fixed) },
            summary: Summary(
                files: result.files.count, snapshots: result.files.reduce(0) { $0 + $1.snapshots.count }, rules: result.policy?.rules.count ?? 0,
                findings: result.gating.count, errors: result.count(.error), warnings: result.count(.warning), infos: result.count(.info),
                insufficientEvidence: result.undecided.count,
                waived: waived, inputErrors: result.diagnostics.filter { $0.severity == .error }.count))
        return try JSONOutput.encode(document)
    }
}

/// Sorted, pretty JSON with a trailing newline.
enum JSONOutput {
    static func encode<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self) + "\n"
    }
}

/// Evidence completeness as JSON: part of the check report and of SARIF's run properties.
public enum EvidenceJSON {
    public struct Tally: Encodable {
        var decided: Int
        var applicable: Int
        var completeness: Double?
    }

    public struct Team: Encodable {
        var id: String
        var decided: Int
        var applicable: Int
        var completeness: Double?
    }

    public struct Snapshot: Encodable {
        var snapshot: String
        var file: String
        var overall: Tally
        var organization: Tally
        var teams: [Team]
    }

    static func tally(_ t: EvidenceTally) -> Tally {
        Tally(decided: t.decided, applicable: t.applicable, completeness: t.completeness.map { ($0 * 1000).rounded() / 1000 })
    }

    public static func snapshot(_ r: EvidenceReport) -> Snapshot {
        Snapshot(snapshot: r.snapshot, file: r.path, overall: tally(r.evidence.overall), organization: tally(r.evidence.organization),
                 teams: r.evidence.teams.keys.sorted().map { id in
                     let t = tally(r.evidence.teams[id]!)
                     return Team(id: id, decided: t.decided, applicable: t.applicable, completeness: t.completeness)
                 })
    }
}
