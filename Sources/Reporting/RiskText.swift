import Diagnostics
import RiskScoring

/// Risk scores as text: each score, then its factors largest first with their explanation.
public enum RiskText {
    /// The scores of `reports` on the 0–100 scale, each with its range when facts are unknown; with
    /// `detail`, each factor's points (and range), explanation and remediation.
    public static func render(_ reports: [RiskReport], detail: Bool, language: Language = .en) -> String {
        let t = Phrasebook(language: language)
        let words = Vocabulary.of(language)
        var out = ""
        for report in reports {
            out += t("Tokenism risk: %@ (%@)", SafeText.inline(report.path), SafeText.inline(report.snapshot)) + "\n"
            for score in report.all {
                let name = score.subject.name.map { $0 == score.subject.id ? "" : " (\(SafeText.inline($0)))" } ?? ""
                out += "  \(words.subjectKind(score.subject.kind)) \(SafeText.inline(score.subject.id))\(name): \(summary(score, t, words))\n"
                guard detail else { continue }
                for c in score.contributions {
                    let range = c.isKnown ? "" : " (\(RiskScorer.format(c.lowPoints))–\(RiskScorer.format(c.highPoints)))"
                    out += "    +\(RiskScorer.format(c.points).leftPad(4)) \(c.factorID)\(range): \(SafeText.inline(c.explanation))\n"
                    out += "          \(words.fix) \(SafeText.inline(c.remediation))\n"
                }
            }
        }
        return SafeText.output(out)
    }

    /// "29.3 moderate, 5.5–53.1 (low–high) if the 6 unknown factors go either way", in words' language.
    static func summary(_ score: RiskScore, _ t: Phrasebook, _ words: Vocabulary) -> String {
        let point = "\(RiskScorer.format(score.score)) \(words.band(score.band))"
        guard score.low != score.high else { return point }
        let bands = score.lowBand == score.highBand ? words.band(score.lowBand) : "\(words.band(score.lowBand))–\(words.band(score.highBand))"
        let n = score.unknownFactors
        let range = "\(RiskScorer.format(score.low))–\(RiskScorer.format(score.high)) (\(bands))"
        return point + ", " + (n == 1 ? t("%@ if the 1 unknown factor goes either way", range) : t("%@ if the %@ unknown factors go either way", range, String(n)))
    }
}

extension String {
    func leftPad(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
