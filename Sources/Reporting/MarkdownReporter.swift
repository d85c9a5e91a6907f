import Diagnostics
import Evaluation
import PolicyCompiler
import RiskScoring

/// A self-assessment summary for a governance committee: risk per team, findings by practice type
/// and management level, and the top remediation actions.
public struct MarkdownReporter: Reporter {
    /// Creates a reporter.
    public init() {}

    static func cell(_ text: String) -> String { text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ") }

    public func render(_ result: CheckResult) throws -> String {
        var out = "# Patient-partnership self-assessment\n\n"
        if let policy = result.policy {
            out += "Policy **\(policy.name)\(policy.version.map { " \($0)" } ?? "")**, \(policy.rules.count) rules; "
        }
        out += "\(result.files.reduce(0) { $0 + $1.snapshots.count }) snapshot(s); "
        out += "\(result.open.count) open finding(s): \(result.count(.error)) error, \(result.count(.warning)) warning, \(result.count(.info)) info.\n"
        if !result.isComplete {
            out += "\n> **Incomplete:** \(result.diagnostics.filter { $0.severity == .error }.count) input error(s); some files were not assessed.\n"
        }
        for file in result.files where file.errors == 0 {
            for snapshot in file.snapshots {
                let entries = result.open.filter { $0.finding.snapshot == snapshot && $0.finding.location.file == file.path }
                out += "\n## \(snapshot) (`\(file.path)`)\n"
                if let risk = result.risk.first(where: { $0.snapshot == snapshot && $0.path == file.path }) {
                    out += "\n### Tokenism risk\n\n| subject | score | band | largest factor |\n|---|---:|---|---|\n"
                    for score in risk.all {
                        let label = score.subject.kind == "Organization" ? "**Organization** \(score.subject.id)" : "Team \(score.subject.id)" + (score.subject.name.map { " — \($0)" } ?? "")
                        let top = score.contributions.first.map { "\($0.factorID) (+\(RiskScorer.format($0.points)))" } ?? "—"
                        out += "| \(Self.cell(label)) | \(RiskScorer.format(score.score)) | \(score.band.rawValue) | \(Self.cell(top)) |\n"
                    }
                }
                out += "\n### Findings by practice type and management level\n\n| practice | top | mid | front-line |\n|---|---|---|---|\n"
                for practice in PracticeType.allCases {
                    var row = "| \(practice.rawValue) |"
                    for level in ManagementLevel.allCases {
                        let here = entries.filter { $0.finding.practice == practice && $0.finding.level == level }
                        if here.isEmpty {
                            row += " ✓ |"
                        } else {
                            let parts = Severity.allCases.reversed().compactMap { s -> String? in
                                let n = here.filter { $0.finding.severity == s }.count
                                return n == 0 ? nil : "\(n) \(s.rawValue)"
                            }
                            row += " \(parts.joined(separator: ", ")) |"
                        }
                    }
                    out += row + "\n"
                }
                let byRule = Dictionary(grouping: entries, by: \.finding.ruleID)
                let actions = byRule.values.map { group in (group[0].finding, group.count) }
                    .sorted { ($0.0.severity, $0.1, $1.0.ruleID) > ($1.0.severity, $1.1, $0.0.ruleID) }
                if !actions.isEmpty {
                    out += "\n### Top remediation actions\n\n"
                    for (index, (finding, count)) in actions.prefix(10).enumerated() {
                        let subjects = Set(byRule[finding.ruleID]!.map(\.finding.subject.id)).sorted()
                        let shown = subjects.prefix(5).joined(separator: ", ") + (subjects.count > 5 ? ", …" : "")
                        out += "\(index + 1). **\(finding.ruleID)** (\(finding.severity.rawValue), \(count) × — \(shown)): \(finding.title). \(finding.remediation ?? "")\n"
                    }
                }
            }
        }
        return out
    }
}
