import Diagnostics
import Evaluation
import Foundation
import PolicyCompiler
import RiskScoring
import SnapshotModel

/// What `tandem check` found, in the shape both the text and the JSON renderings share.
struct CheckReport {
    /// One input file's outcome.
    struct FileResult: Encodable {
        var path: String
        var snapshots: [String]
        var errors: Int
        var warnings: Int
    }

    var files: [FileResult] = []
    var diagnostics: [Diagnostic]
    var findings: [Finding] = []
    var risk: [RiskReport] = []
    let policy: CompiledPolicySet?

    init(diagnostics: [Diagnostic] = [], policy: CompiledPolicySet? = nil) {
        self.diagnostics = diagnostics
        self.policy = policy
    }

    /// False when any input failed to load: the report then covers only part of the input.
    var isComplete: Bool { !diagnostics.containsErrors }

    mutating func add(path: String, snapshots: [Snapshot], diagnostics: [Diagnostic], findings: [Finding]) {
        files.append(FileResult(
            path: path, snapshots: snapshots.map(\.name),
            errors: diagnostics.filter { $0.severity == .error }.count,
            warnings: diagnostics.filter { $0.severity == .warning }.count))
        self.diagnostics += diagnostics
        self.findings += findings
    }

    private static func plural(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }

    func text() -> String {
        var out = ""
        for file in files {
            if file.errors > 0 {
                out += "✗ \(file.path): \(Self.plural(file.errors, "input error"))\n"
                continue
            }
            let fileFindings = findings.filter { $0.location.file == file.path }
            out += "\(fileFindings.isEmpty ? "✓" : "✗") \(file.path): \(Self.plural(file.snapshots.count, "snapshot"))"
            out += policy == nil ? " valid\n" : ", \(Self.plural(fileFindings.count, "finding"))\n"
            for finding in fileFindings {
                let kind = finding.kind == .evaluationError ? " (evaluation error)" : ""
                out += "  \(finding.location): \(finding.severity.rawValue)[\(finding.ruleID)]\(kind) \(finding.subject.kind) \(finding.subject.id): \(finding.message)\n"
                if let remediation = finding.remediation, finding.kind == .violation {
                    out += "    fix: \(remediation)\n"
                }
            }
        }
        if !risk.isEmpty { out += RiskText.render(risk, detail: false) }
        let errors = diagnostics.filter { $0.severity == .error }.count
        let snapshotCount = files.reduce(0) { $0 + $1.snapshots.count }
        out += "\(Self.plural(files.count, "file")), \(Self.plural(snapshotCount, "snapshot"))"
        if let policy {
            let bySeverity = Severity.allCases.reversed().map { severity in "\(findings.filter { $0.severity == severity }.count) \(severity.rawValue)" }
            out += ", \(Self.plural(policy.rules.count, "rule")), \(Self.plural(findings.count, "finding")) (\(bySeverity.joined(separator: ", ")))"
        }
        out += ", \(Self.plural(errors, "input error"))"
        out += isComplete ? "\n" : " (report incomplete)\n"
        return out
    }

    func json() throws -> String {
        struct Located: Encodable {
            var code: String
            var severity: String
            var message: String
            var file: String?
            var line: Int?
            var column: Int?
            var notes: [String]
        }
        struct FindingJSON: Encodable {
            var kind: String
            var rule: String
            var severity: String
            var title: String
            var message: String
            var remediation: String?
            var references: [String]
            var practice: String
            var level: String
            var phase: String?
            var subject: Finding.Subject
            var snapshot: String
            var file: String
            var line: Int
            var column: Int
        }
        struct Summary: Encodable {
            var files: Int
            var snapshots: Int
            var rules: Int
            var findings: Int
            var errors: Int
            var warnings: Int
            var infos: Int
            var inputErrors: Int
        }
        struct Document: Encodable {
            var version = 1
            var complete: Bool
            var policy: String?
            var files: [FileResult]
            var findings: [FindingJSON]
            var risk: [RiskJSON.Report]
            var diagnostics: [Located]
            var summary: Summary
        }
        let document = Document(
            complete: isComplete, policy: policy.map { "\($0.name)\($0.version.map { "@\($0)" } ?? "")" }, files: files,
            findings: findings.map {
                FindingJSON(kind: $0.kind.rawValue, rule: $0.ruleID, severity: $0.severity.rawValue, title: $0.title, message: $0.message,
                            remediation: $0.remediation, references: $0.references, practice: $0.practice.rawValue, level: $0.level.rawValue,
                            phase: $0.phase?.rawValue, subject: $0.subject, snapshot: $0.snapshot, file: $0.location.file,
                            line: $0.location.line, column: $0.location.column)
            },
            risk: risk.map(RiskJSON.report),
            diagnostics: diagnostics.sortedByLocation().map {
                Located(code: $0.code, severity: $0.severity.rawValue, message: $0.message,
                        file: $0.location?.file, line: $0.location?.line, column: $0.location?.column, notes: $0.notes)
            },
            summary: Summary(
                files: files.count, snapshots: files.reduce(0) { $0 + $1.snapshots.count }, rules: policy?.rules.count ?? 0,
                findings: findings.count, errors: findings.filter { $0.severity == .error }.count,
                warnings: findings.filter { $0.severity == .warning }.count, infos: findings.filter { $0.severity == .info }.count,
                inputErrors: diagnostics.filter { $0.severity == .error }.count))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(document), as: UTF8.self) + "\n"
    }
}
