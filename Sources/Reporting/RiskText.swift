import Diagnostics
import RiskScoring

/// Risk scores as text: each score, then its factors largest first with their explanation.
public enum RiskText {
    /// The scores of `reports` on the 0–100 scale, each with its range when facts are unknown; with
    /// `detail`, each factor's points (and range), explanation and remediation.
    public static func render(_ reports: [RiskReport], detail: Bool) -> String {
        var out = ""
        for report in reports {
            out += "Tokenism risk: \(SafeText.inline(report.path)) (\(SafeText.inline(report.snapshot)))\n"
            for score in report.all {
                let name = score.subject.name.map { $0 == score.subject.id ? "" : " (\(SafeText.inline($0)))" } ?? ""
                out += "  \(score.subject.kind) \(SafeText.inline(score.subject.id))\(name): \(score.summary)\n"
                guard detail else { continue }
                for c in score.contributions {
                    let range = c.isKnown ? "" : " (\(RiskScorer.format(c.lowPoints))–\(RiskScorer.format(c.highPoints)))"
                    out += "    +\(RiskScorer.format(c.points).leftPad(4)) \(c.factorID)\(range): \(SafeText.inline(c.explanation))\n"
                    out += "          fix: \(SafeText.inline(c.remediation))\n"
                }
            }
        }
        return SafeText.output(out)
    }
}

extension String {
    func leftPad(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
