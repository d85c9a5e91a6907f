import Diagnostics
import Evaluation
import PolicyCompiler
import RiskScoring

/// A self-assessment for a governance committee: run and snapshot dates, the policy set applied,
/// risk per team, findings by practice type and management level, every remediation action,
/// waived findings and the waiver register, what a baseline left out, input problems by file, and
/// a glossary of the terms used with the references cited.
public struct MarkdownReporter: Reporter {
    /// The report's language (rule texts come compiled in it).
    let language: Language
    private var t: Phrasebook { Phrasebook(language: language) }
    private var words: Vocabulary { .of(language) }

    /// Creates a reporter.
    public init(language: Language = .en) {
        self.language = language
    }

    /// Untrusted text as inline Markdown (CommonMark + GFM tables): control characters escaped,
    /// line breaks folded, and every character that could open HTML, a link, emphasis, code or a
    /// table cell backslash-escaped — `<script>` shows as text, `[x](javascript:…)` is no link.
    ///
    /// By bytes: every one of these characters is ASCII, so each is escaped even when a combining
    /// mark follows it (as characters, `[` and a mark were one character, not `[`).
    static func text(_ raw: String) -> String {
        // A line break is folded to a space; `\r\n` is one break.
        let folded = UTF8Search.rewriting(raw, where: { $0 == UInt8(ascii: "\n") }) { _, out in
            if out.last == UInt8(ascii: "\r") { out.removeLast() }
            out.append(UInt8(ascii: " "))
        }
        return UTF8Search.rewriting(SafeText.inline(folded), where: Self.isMarkdownSyntax) { byte, out in out += [UInt8(ascii: "\\"), byte] }
    }

    /// The characters that could open HTML, a link, emphasis, code or a table cell: \\ ` * _ [ ] < > & | ~ ! #
    @inline(__always) private static func isMarkdownSyntax(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "\\"), UInt8(ascii: "`"), UInt8(ascii: "*"), UInt8(ascii: "_"), UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "<"), UInt8(ascii: ">"),
            UInt8(ascii: "&"), UInt8(ascii: "|"), UInt8(ascii: "~"), UInt8(ascii: "!"), UInt8(ascii: "#"):
            true
        default: false
        }
    }

    /// The same, for a table cell.
    static func cell(_ raw: String) -> String { text(raw) }

    /// A code span its content cannot close: fenced by one more backtick than the longest run inside.
    static func code(_ raw: String) -> String {
        let content = SafeText.inline(raw)
        var longest = 0, run = 0
        for character in content {
            run = character == "`" ? run + 1 : 0
            longest = max(longest, run)
        }
        let fence = String(repeating: "`", count: longest + 1)
        return longest == 0 ? fence + content + fence : "\(fence) \(content) \(fence)"
    }

    public func render(_ result: CheckResult) throws -> String {
        var out = "# \(t("Patient-partnership self-assessment"))\n\n"
        if let runDate = result.runDate { out += t("Run on %@. ", runDate) }
        if let policy = result.policy {
            out += t("Policy **%@**, %@ rules; ", Self.text(policy.name) + (policy.version.map { " \(Self.text($0))" } ?? ""), String(policy.rules.count))
        }
        out += t("%@ snapshot(s); ", String(result.files.reduce(0) { $0 + $1.snapshots.count }))
        out += t(
            "%@ open finding(s): %@ error, %@ warning, %@ info", String(result.gating.count), String(result.count(.error)), String(result.count(.warning)),
            String(result.count(.info)))
        out += result.undecided.isEmpty ? "" : t("; %@ check(s) undecided for lack of evidence", String(result.undecided.count))
        let waived = result.entries.filter { if case .waived = $0.status { true } else { false } }.count
        out += waived == 0 ? ".\n" : t("; %@ waived (listed under each snapshot).", String(waived)) + "\n"
        if let baseline = result.baseline {
            out +=
                "\n"
                + t(
                    "Baseline %@: %@ finding(s) already known to it are not listed; %@ new; %@ fixed since.", Self.code(baseline.path), String(baseline.unchanged),
                    String(baseline.new), String(baseline.fixed)) + "\n"
        }
        if !result.isComplete {
            let errors = result.diagnostics.filter { $0.severity == .error }
            let files = Set(result.files.filter { $0.errors > 0 }.map(\.path) + errors.compactMap { $0.location?.file }).sorted()
            out +=
                "\n> **\(t("Incomplete:"))** "
                + t("%@ input error(s); not assessed: %@.", String(errors.count), files.isEmpty ? t("see the input problems below") : files.map(Self.code).joined(separator: ", "))
                + "\n"
        }
        // Grouped once by (file, snapshot): per-snapshot scans made many snapshots quadratic.
        let grouped = Dictionary(grouping: result.entries.filter(\.isOpen), by: { "\($0.finding.location.file)\u{0}\($0.finding.snapshot)" })
        let waivedBySnapshot = Dictionary(
            grouping: result.entries.filter { !$0.isOpen && $0.status != .baseline },
            by: { "\($0.finding.location.file)\u{0}\($0.finding.snapshot)" })
        let risks = Dictionary(result.risk.map { ("\($0.path)\u{0}\($0.snapshot)", $0) }, uniquingKeysWith: { first, _ in first })
        let evidences = Dictionary(result.evidence.map { ("\($0.path)\u{0}\($0.snapshot)", $0) }, uniquingKeysWith: { first, _ in first })
        for file in result.files where file.errors == 0 {
            for snapshot in file.snapshots {
                let key = "\(file.path)\u{0}\(snapshot)"
                let here = grouped[key] ?? []
                let entries = here.filter { $0.finding.kind != .insufficientEvidence }
                let undecided = here.filter { $0.finding.kind == .insufficientEvidence }
                out += "\n## \(Self.text(snapshot)) (\(Self.code(file.path)))\n"
                if let asOf = result.snapshotDates[CheckResult.SnapshotKey(path: file.path, snapshot: snapshot)] {
                    out += "\n" + t("Facts as of %@.", asOf) + "\n"
                }
                if let evidence = evidences[key] {
                    out += "\n" + t("Evidence completeness (checks the recorded facts could decide): %@", EvidenceReport.describe(evidence.evidence.overall, words))
                    let breakdown = evidence.breakdown(words, listing: TextReporter.listedTeams)
                    out += breakdown.isEmpty ? ".\n" : "; \(Self.text(breakdown)).\n"
                }
                if let risk = risks[key] {
                    out += "\n### \(t("Tokenism risk"))\n\n"
                    out += t("Scores run from 0 (no risk) to 100; a range shows where the score would land if the facts not recorded went well or badly.") + "\n\n"
                    out += t("| subject | score | band | range if unknowns go either way | largest factor |") + "\n|---|---:|---|---|---|\n"
                    for score in risk.all {
                        let label =
                            score.subject.kind == "Organization"
                            ? "**\(words.subjectKind("Organization"))** \(Self.text(score.subject.id))"
                            : "\(words.subjectKind("Team")) \(Self.text(score.subject.id))" + (score.subject.name.map { " — \(Self.text($0))" } ?? "")
                        let top = score.largestFactor.map { "\(Self.text($0.factorID)) (+\(RiskScorer.format($0.points)))" } ?? "—"
                        let range =
                            score.low == score.high
                            ? "—"
                            : "\(RiskScorer.format(score.low))–\(RiskScorer.format(score.high)) (\(words.band(score.lowBand))–\(words.band(score.highBand)))"
                        out += "| \(label) | \(RiskScorer.format(score.score)) | \(words.band(score.band)) | \(range) | \(top) |\n"
                    }
                }
                out += "\n### \(t("Findings by practice type and management level"))\n\n"
                out += "| \(t("practice")) | \(t("top")) | \(t("mid")) | \(t("front-line")) |\n|---|---|---|---|\n"
                for practice in PracticeType.allCases {
                    var row = "| \(words.practice(practice)) |"
                    for level in ManagementLevel.allCases {
                        let here = entries.filter { $0.finding.practice == practice && $0.finding.level == level }
                        if here.isEmpty {
                            row += " ✓ |"
                        } else {
                            let parts = Severity.allCases.reversed().compactMap { s -> String? in
                                let n = here.filter { $0.finding.severity == s }.count
                                return n == 0 ? nil : words.severityCount(n, s)
                            }
                            row += " \(parts.joined(separator: ", ")) |"
                        }
                    }
                    out += row + "\n"
                }
                let byRule = Dictionary(grouping: entries, by: \.finding.ruleID)
                // Ordered by the risk points fixing the rule could remove, then severity and frequency.
                let reductions = Dictionary(uniqueKeysWithValues: byRule.keys.map { rule in (rule, risks[key].map { result.riskReduction(fixing: rule, in: $0) } ?? 0) })
                let actions = byRule.values.map { group in (group[0].finding, group.count) }
                    .sorted { (reductions[$0.0.ruleID] ?? 0, $0.0.severity, $0.1, $1.0.ruleID) > (reductions[$1.0.ruleID] ?? 0, $1.0.severity, $1.1, $0.0.ruleID) }
                if !actions.isEmpty {
                    out +=
                        "\n### \(t("Remediation actions"))\n\n"
                        + t(
                            "Every rule with an open finding: first those whose fix could lower tokenism risk the most (the points of the risk factors that depend on the rule, an upper bound), then the most severe and most frequent."
                        ) + "\n\n"
                    for (index, (finding, count)) in actions.enumerated() {
                        let subjects = Set(byRule[finding.ruleID]!.map(\.finding.subject.id)).sorted()
                        let shown = subjects.prefix(5).map(Self.text).joined(separator: ", ") + (subjects.count > 5 ? ", …" : "")
                        let points = reductions[finding.ruleID] ?? 0
                        out +=
                            "\(index + 1). **\(Self.text(finding.ruleID))** (\(words.severity(finding.severity)), \(count) × — \(shown)\(points > 0 ? t("; up to %@ risk points", RiskScorer.format(points)) : "")): \(Self.text(finding.title)). \(Self.text(finding.remediation ?? ""))\n"
                    }
                }
                if let waived = waivedBySnapshot[key], !waived.isEmpty {
                    out += "\n### \(t("Waived findings"))\n\n" + t("Not counted while their waiver lasts; each waiver names who answers for it.") + "\n\n"
                    out += t("| rule | subject | owner | reason | expires |") + "\n|---|---|---|---|---|\n"
                    for entry in waived {
                        guard case .waived(let w) = entry.status else { continue }
                        out += "| \(Self.text(entry.finding.ruleID)) | \(Self.cell(entry.finding.subject.id)) | \(Self.cell(w.owner)) | \(Self.cell(w.reason)) | \(w.expiryDate) |\n"
                    }
                }
                if !undecided.isEmpty {
                    out += "\n### \(t("Insufficient evidence"))\n\n"
                    out += t("These checks apply but could not be decided: record the facts below (or write them as `unknown` if nobody knows).") + "\n\n"
                    out += t("| rule | subject | fact not recorded |") + "\n|---|---|---|\n"
                    for entry in undecided {
                        let f = entry.finding
                        out += "| \(Self.text(f.ruleID)) \(Self.cell(f.title)) | \(Self.cell(f.subject.id)) | \(Self.cell(f.unrecorded.joined(separator: ", "))) |\n"
                    }
                }
            }
        }
        out += waiverRegister(result)
        out += inputProblems(result)
        out += glossary(for: out, result)
        return SafeText.output(out)
    }

    private func waiverRegister(_ result: CheckResult) -> String {
        guard !result.waiverRegister.isEmpty else { return "" }
        var out = "\n## \(t("Waiver register"))\n\n" + t("| rule | subject | state | findings matched | owner | reason | expires |") + "\n|---|---|---|---:|---|---|---|\n"
        for entry in result.waiverRegister {
            let w = entry.waiver
            out += "| \(Self.cell(w.rule)) | \(Self.cell(w.subject)) | \(t(entry.state.rawValue)) | \(entry.matched) | \(Self.cell(w.owner)) | \(Self.cell(w.reason)) | \(w.expiryDate) |\n"
        }
        return out
    }

    private func inputProblems(_ result: CheckResult) -> String {
        let problems = result.diagnostics.sortedByLocation().filter { $0.severity == .error }
        guard !problems.isEmpty else { return "" }
        var out = "\n## \(t("Input problems"))\n\n\(t("These inputs were not assessed until fixed."))\n\n" + t("| where | code | problem |") + "\n|---|---|---|\n"
        for d in problems {
            let place = d.location.map(\.description) ?? "—"
            out += "| \(Self.code(place)) | \(d.code) | \(Self.cell(d.message)) |\n"
        }
        return out
    }

    private func glossary(for text: String, _ result: CheckResult) -> String {
        var out = ""
        let terms = CommitteeText.glossary(usedIn: text, language: language)
        if !terms.isEmpty { out += "\n## \(t("Glossary"))\n\n" + terms.map { "- **\($0.term)**: \($0.definition)\n" }.joined() }
        let sources = CommitteeText.references(citedBy: result)
        if !sources.isEmpty {
            out += "\n## \(t("References"))\n\n" + sources.map { "- \($0.authors) (\($0.year)). \($0.title) *\($0.journal)* \($0.volume).\($0.doi.map { " doi:\($0)" } ?? "")\n" }.joined()
        }
        return out
    }
}
