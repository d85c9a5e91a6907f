import Diagnostics
import Evaluation
import PolicyCompiler
import RiskScoring

/// The committee's printable report: one self-contained HTML file (inline CSS and SVG, no script,
/// no network), laid out for A4 and Letter with a running header and page numbers, in a
/// committee's reading order: summary, team risk, findings by the papers' taxonomy, every action,
/// waivers, input problems, glossary and references.
///
/// Accessible as a document: landmarks and headings, table headers with scope, charts as images
/// with a title and a text description, and bands always written as words — colour is never the
/// only channel. Every text from a snapshot or policy is escaped.
public struct HTMLReporter: Reporter {
    /// Sections written by other modules (the history's trend), placed before the glossary.
    let appended: [String]
    /// The report's language: Tandem's phrases through ``Phrasebook``, bands and the taxonomy
    /// through ``Vocabulary`` (rule texts come compiled in it).
    let language: Language
    private var t: Phrasebook { Phrasebook(language: language) }
    private var words: Vocabulary { .of(language) }

    /// Creates a reporter; `appending` are whole `<section>` elements, already escaped.
    public init(appending sections: [String] = [], language: Language = .en) {
        appended = sections
        self.language = language
    }

    /// Untrusted text as HTML text or attribute content: control characters shown escaped, then
    /// `& < > " '` as entities.
    public static func text(_ raw: String) -> String {
        let safe = SafeText.inline(raw)
        // By bytes: the five are ASCII, so each is escaped even when a combining mark follows it
        // (as characters, `<` and a mark were one character, not `<`). Most text has none of
        // them and is returned as it is.
        return UTF8Search.rewriting(safe, where: { MarkupEntity.of($0, apostrophe: "&#39;") != nil }) { byte, out in
            out += (MarkupEntity.of(byte, apostrophe: "&#39;") ?? "").utf8
        }
    }

    /// Untrusted text inside a CSS string (the running header): every character but letters,
    /// digits and spaces as a CSS escape, so neither a quote nor `</style>` can end it.
    static func cssString(_ raw: String) -> String {
        var out = "\""
        for scalar in SafeText.inline(raw).unicodeScalars {
            if scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == " " {
                out.unicodeScalars.append(scalar)
            } else {
                out += "\\" + String(scalar.value, radix: 16) + " "
            }
        }
        return out + "\""
    }

    /// A fragment identifier from untrusted text.
    static func anchor(_ raw: String) -> String {
        "s-" + raw.unicodeScalars.map { ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) ? String($0) : "-" }.joined()
    }

    private struct Snapshot {
        var path: String
        var name: String
        var asOf: String?
        var organization: String
        var open: [CheckResult.Entry]
        var undecided: [CheckResult.Entry]
        var waived: [CheckResult.Entry]
        var risk: RiskReport?
        var evidence: EvidenceReport?
    }

    public func render(_ result: CheckResult) throws -> String {
        let snapshots = Self.snapshots(result)
        let heading = t("Patient-partnership self-assessment")
        let title = snapshots.count == 1 ? "\(heading) — \(snapshots[0].organization)" : heading
        let header =
            snapshots.count == 1
            ? "\(snapshots[0].organization)" + (snapshots[0].asOf.map { t(" · facts as of %@", $0) } ?? "")
            : t("%@ snapshots", String(snapshots.count)) + (result.runDate.map { t(" · run on %@", $0) } ?? "")
        var body = ""
        body += summary(result, snapshots)
        body += risk(result, snapshots)
        body += findings(snapshots)
        body += actions(result, snapshots)
        body += waivers(result, snapshots)
        body += inputs(result)
        body += appended.joined()
        let glossary = glossaryAndReferences(result, text: body)
        let contents = [
            ("summary", t("Summary")), ("risk", t("Tokenism risk by team")), ("findings", t("Findings by practice type")),
            ("actions", t("Remediation actions")), ("waivers", t("Waivers")), ("inputs", t("Input problems")), ("trend", t("Risk over time")),
            ("glossary", t("Glossary and references")),
        ]
        .filter { UTF8Search.contains(body, "id=\"\($0.0)\"") || ($0.0 == "glossary" && !glossary.isEmpty) }
        var out = """
            <!doctype html>
            <html lang="\(language.rawValue)">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(Self.text(title))</title>
            <style>
            \(Self.css(header: header, language: language))
            </style>
            </head>
            <body>
            <header>
            <h1>\(heading)</h1>
            <p class="meta">\(Self.text(header))</p>
            </header>
            <nav aria-label="\(t("Contents"))">
            <h2 class="toc">\(t("Contents"))</h2>
            <ol>

            """
        for (id, name) in contents { out += "<li><a href=\"#\(id)\">\(name)</a></li>\n" }
        out += "</ol>\n</nav>\n<main>\n" + body + glossary + "</main>\n"
        out +=
            "<footer><p>"
            + t(
                "Generated by tandem %@%@. Scores and findings are Tandem's reading of the facts recorded; the sources' own words are quoted in the rules.",
                Self.text(result.toolVersion), result.runDate.map { t(" on %@", $0) } ?? "") + "</p></footer>\n</body>\n</html>\n"
        return out
    }

    private static func snapshots(_ result: CheckResult) -> [Snapshot] {
        let byKey = Dictionary(grouping: result.entries.filter { $0.status != .baseline }, by: { CheckResult.SnapshotKey(path: $0.finding.location.file, snapshot: $0.finding.snapshot) })
        let risks = Dictionary(result.risk.map { (CheckResult.SnapshotKey(path: $0.path, snapshot: $0.snapshot), $0) }, uniquingKeysWith: { first, _ in first })
        let evidences = Dictionary(result.evidence.map { (CheckResult.SnapshotKey(path: $0.path, snapshot: $0.snapshot), $0) }, uniquingKeysWith: { first, _ in first })
        var out: [Snapshot] = []
        for file in result.files where file.errors == 0 {
            for name in file.snapshots {
                let key = CheckResult.SnapshotKey(path: file.path, snapshot: name)
                let entries = byKey[key] ?? []
                let risk = risks[key]
                out.append(
                    Snapshot(
                        path: file.path, name: name, asOf: result.snapshotDates[key],
                        organization: risk?.organization.subject.name ?? risk?.organization.subject.id ?? name,
                        open: entries.filter { $0.isOpen && $0.finding.kind != .insufficientEvidence },
                        undecided: entries.filter { $0.isOpen && $0.finding.kind == .insufficientEvidence },
                        waived: entries.filter { if case .waived = $0.status { true } else { false } },
                        risk: risk, evidence: evidences[key]))
            }
        }
        return out
    }

    private func badge(_ band: RiskBand) -> String {
        "<span class=\"band band-\(band.rawValue)\">\(words.band(band))</span>"
    }

    private func severity(_ severity: Severity) -> String {
        "<span class=\"sev sev-\(severity.rawValue)\">\(words.severity(severity))</span>"
    }

    private func summary(_ result: CheckResult, _ snapshots: [Snapshot]) -> String {
        var out = "<section id=\"summary\" aria-labelledby=\"summary-h\">\n<h2 id=\"summary-h\">\(t("Summary"))</h2>\n<dl class=\"facts\">\n"
        if let policy = result.policy {
            out += "<dt>\(t("Policy set applied"))</dt><dd>\(Self.text(policy.name))\(policy.version.map { " \(Self.text($0))" } ?? "") \(t("(%@ rules)", String(policy.rules.count)))</dd>\n"
        }
        if let runDate = result.runDate { out += "<dt>\(t("Run on"))</dt><dd>\(runDate)</dd>\n" }
        let counts = [result.gating.count, result.count(.error), result.count(.warning), result.count(.info)].map(String.init)
        out += "<dt>\(t("Open findings"))</dt><dd>\(t("%@: %@ error, %@ warning, %@ info", counts[0], counts[1], counts[2], counts[3]))</dd>\n"
        if !result.undecided.isEmpty { out += "<dt>\(t("Undecided for lack of evidence"))</dt><dd>\(t("%@ checks", String(result.undecided.count)))</dd>\n" }
        if let baseline = result.baseline {
            out +=
                "<dt>\(t("Baseline"))</dt><dd>\(t("%@ already known and not listed; %@ new; %@ fixed since", String(baseline.unchanged), String(baseline.new), String(baseline.fixed)))</dd>\n"
        }
        out += "</dl>\n"
        if !result.isComplete {
            let files = Set(result.files.filter { $0.errors > 0 }.map(\.path)).sorted()
            out +=
                "<p class=\"warning\" role=\"note\"><strong>\(t("Incomplete:"))</strong> "
                + t(
                    "%@ input error(s); not assessed: %@.", String(result.diagnostics.filter { $0.severity == .error }.count),
                    files.isEmpty ? t("see Input problems") : files.map { "<code>\(Self.text($0))</code>" }.joined(separator: ", ")) + "</p>\n"
        }
        out +=
            "<table>\n<caption>\(t("Snapshots assessed"))</caption>\n<thead><tr><th scope=\"col\">\(t("Organization"))</th><th scope=\"col\">\(t("Facts as of"))</th><th scope=\"col\">\(t("Tokenism risk (0–100)"))</th><th scope=\"col\">\(t("Open findings"))</th><th scope=\"col\">\(t("Evidence completeness"))</th></tr></thead>\n<tbody>\n"
        for snapshot in snapshots {
            let risk =
                snapshot.risk.map {
                    "\(RiskScorer.format($0.organization.score)) \(badge($0.organization.band))"
                        + ($0.organization.low == $0.organization.high
                            ? "" : " <span class=\"range\">\(t("range %@–%@", RiskScorer.format($0.organization.low), RiskScorer.format($0.organization.high)))</span>")
                } ?? "—"
            let evidence = snapshot.evidence.map { EvidenceReport.describe($0.evidence.overall, words) } ?? "—"
            out +=
                "<tr><th scope=\"row\">\(Self.text(snapshot.organization)) <span class=\"file\">\(Self.text(snapshot.path))</span></th><td class=\"date\">\(snapshot.asOf ?? "—")</td><td>\(risk)</td><td>\(snapshot.open.count)</td><td>\(Self.text(evidence))</td></tr>\n"
        }
        out += "</tbody>\n</table>\n"
        out +=
            "<p class=\"note\">\(t("Scores run from 0 (no sign of tokenism) to 100. A range shows where a score would land if the facts not recorded went well or badly."))</p>\n</section>\n"
        return out
    }

    private func risk(_ result: CheckResult, _ snapshots: [Snapshot]) -> String {
        let scored = snapshots.filter { $0.risk != nil }
        guard !scored.isEmpty else { return "" }
        var out = "<section id=\"risk\" aria-labelledby=\"risk-h\">\n<h2 id=\"risk-h\">\(t("Tokenism risk by team"))</h2>\n"
        for (index, snapshot) in scored.enumerated() {
            guard let report = snapshot.risk else { continue }
            out += "<h3>\(Self.text(snapshot.organization))\(snapshot.asOf.map { t(" — facts as of %@", $0) } ?? "")</h3>\n"
            out += chart(report, bands: result.riskBands, id: "chart-\(index)")
            out +=
                "<table>\n<caption>\(t("Largest factors per team"))</caption>\n<thead><tr><th scope=\"col\">\(t("Subject"))</th><th scope=\"col\">\(t("Score"))</th><th scope=\"col\">\(t("Largest factors (points)"))</th></tr></thead>\n<tbody>\n"
            for score in report.all {
                let top = score.contributions.filter { $0.factorID != "teams" && $0.points > 0 }.sorted { $0.points > $1.points }.prefix(3)
                    .map { "\(Self.text($0.title)) (+\(RiskScorer.format($0.points)))" }
                out +=
                    "<tr><th scope=\"row\">\(subjectLabel(score))</th><td>\(RiskScorer.format(score.score)) \(badge(score.band))</td><td>\(top.isEmpty ? "—" : top.joined(separator: "; "))</td></tr>\n"
            }
            out += "</tbody>\n</table>\n"
        }
        return out + "</section>\n"
    }

    private func subjectLabel(_ score: RiskScore) -> String {
        score.subject.kind == "Organization"
            ? "\(words.subjectKind("Organization")) \(Self.text(score.subject.name ?? score.subject.id))"
            : "\(words.subjectKind("Team")) \(Self.text(score.subject.id))" + (score.subject.name.map { " — \(Self.text($0))" } ?? "")
    }

    /// A horizontal bar per subject on a 0–100 axis with the bands shaded behind, each bar labelled
    /// with its score and band in words, and the range as a whisker.
    private func chart(_ report: RiskReport, bands: CompiledRiskModel.Bands?, id: String) -> String {
        let rows = report.all
        let labelWidth = 230.0, plot = 400.0, row = 30.0, top = 24.0
        let height = top + Double(rows.count) * row + 10
        func x(_ score: Double) -> Double { labelWidth + plot * min(max(score, 0), 100) / 100 }
        var svg =
            "<figure>\n<svg id=\"\(id)\" role=\"img\" aria-labelledby=\"\(id)-t \(id)-d\" viewBox=\"0 0 \(Int(labelWidth + plot + 110)) \(Int(height))\" width=\"100%\" xmlns=\"http://www.w3.org/2000/svg\">\n"
        svg += "<title id=\"\(id)-t\">\(t("Tokenism risk, 0 to 100, for the organization and each team"))</title>\n"
        let description = rows.map { "\(Self.text($0.subject.name ?? $0.subject.id)): \(RiskScorer.format($0.score)), \(words.band($0.band))" }.joined(separator: "; ")
        svg += "<desc id=\"\(id)-d\">\(description)</desc>\n"
        if let bands {
            let edges: [(RiskBand, Double, Double)] = [(.low, 0, bands.moderate), (.moderate, bands.moderate, bands.high), (.high, bands.high, bands.critical), (.critical, bands.critical, 100)]
            for (band, from, to) in edges where to > from {
                svg += "<rect class=\"zone zone-\(band.rawValue)\" x=\"\(f(x(from)))\" y=\"\(f(top - 4))\" width=\"\(f(x(to) - x(from)))\" height=\"\(f(Double(rows.count) * row))\"/>\n"
                svg += "<text class=\"zone-label\" x=\"\(f(x(from) + 3))\" y=\"\(f(top - 8))\">\(words.band(band))</text>\n"
            }
        }
        for (i, score) in rows.enumerated() {
            let y = top + Double(i) * row
            let label = score.subject.kind == "Organization" ? words.subjectKind("Organization") : "\(words.subjectKind("Team")) \(score.subject.id)"
            svg += "<g><title>\(Self.text(label)): \(RiskScorer.format(score.score)) \(words.band(score.band))</title>\n"
            svg += "<text class=\"label\" x=\"\(f(labelWidth - 8))\" y=\"\(f(y + 15))\" text-anchor=\"end\">\(Self.text(String(label.prefix(34))))</text>\n"
            svg += "<rect class=\"bar bar-\(score.band.rawValue)\" x=\"\(f(labelWidth))\" y=\"\(f(y + 4))\" width=\"\(f(max(x(score.score) - labelWidth, 1)))\" height=\"16\"/>\n"
            if score.low != score.high {
                svg += "<line class=\"whisker\" x1=\"\(f(x(score.low)))\" x2=\"\(f(x(score.high)))\" y1=\"\(f(y + 12))\" y2=\"\(f(y + 12))\"/>\n"
            }
            svg += "<text class=\"value\" x=\"\(f(max(x(score.score), x(score.high)) + 6))\" y=\"\(f(y + 16))\">\(RiskScorer.format(score.score)) \(words.band(score.band))</text>\n</g>\n"
        }
        svg +=
            "</svg>\n<figcaption>\(t("Bars show each score on the 0–100 scale, shaded by band; a line across a bar is the range if unknown facts went either way."))</figcaption>\n</figure>\n"
        return svg
    }

    private func f(_ value: Double) -> String { String(format: "%.1f", value) }

    private func findings(_ snapshots: [Snapshot]) -> String {
        guard snapshots.contains(where: { !$0.open.isEmpty || !$0.undecided.isEmpty }) else { return "" }
        var out = "<section id=\"findings\" aria-labelledby=\"findings-h\">\n<h2 id=\"findings-h\">\(t("Findings by practice type"))</h2>\n"
        for snapshot in snapshots {
            out += "<h3 id=\"\(Self.anchor(snapshot.path + snapshot.name))\">\(Self.text(snapshot.organization))</h3>\n"
            out +=
                "<table class=\"taxonomy\">\n<caption>\(t("Open findings by practice type and management level (Clavel 2019, Additional file 2)"))</caption>\n<thead><tr><th scope=\"col\">\(t("Practice"))</th>"
            for level in ManagementLevel.allCases { out += "<th scope=\"col\">\(t(level.rawValue))</th>" }
            out += "</tr></thead>\n<tbody>\n"
            for practice in PracticeType.allCases {
                out += "<tr><th scope=\"row\">\(words.practice(practice))</th>"
                for level in ManagementLevel.allCases {
                    let here = snapshot.open.filter { $0.finding.practice == practice && $0.finding.level == level }
                    let parts = Severity.allCases.reversed().compactMap { s -> String? in
                        let n = here.filter { $0.finding.severity == s }.count
                        return n == 0 ? nil : words.severityCount(n, s)
                    }
                    out += "<td>\(parts.isEmpty ? t("none") : parts.joined(separator: ", "))</td>"
                }
                out += "</tr>\n"
            }
            out += "</tbody>\n</table>\n"
            let bySubject = Dictionary(grouping: snapshot.open, by: { "\($0.finding.subject.kind)\u{0}\($0.finding.subject.id)" })
            for key in bySubject.keys.sorted() {
                guard let entries = bySubject[key], let first = entries.first?.finding.subject else { continue }
                out += "<h4>\(Self.text(words.subjectKind(first.kind))) \(Self.text(first.id))\(first.name.map { " — \(Self.text($0))" } ?? "")</h4>\n"
                for practice in PracticeType.allCases {
                    let group = entries.filter { $0.finding.practice == practice }
                    guard !group.isEmpty else { continue }
                    out += "<h5>\(words.practice(practice))</h5>\n<ul class=\"findings\">\n"
                    for entry in group {
                        let f = entry.finding
                        out += "<li>\(severity(f.severity)) <strong>\(Self.text(f.ruleID))</strong> \(Self.text(f.message))"
                        if let remediation = f.remediation { out += "<br><span class=\"fix\">\(t("Fix: %@", Self.text(remediation)))</span>" }
                        if !f.references.isEmpty { out += "<br><span class=\"cite\">\(t("Source: %@", f.references.map(Self.text).joined(separator: "; ")))</span>" }
                        out += " <span class=\"where\">\(Self.text(f.location.description))</span></li>\n"
                    }
                    out += "</ul>\n"
                }
            }
            if !snapshot.undecided.isEmpty {
                out +=
                    "<table>\n<caption>\(t("Checks undecided for lack of evidence: record these facts (or write them as unknown)"))</caption>\n<thead><tr><th scope=\"col\">\(t("Rule"))</th><th scope=\"col\">\(t("Subject"))</th><th scope=\"col\">\(t("Fact not recorded"))</th></tr></thead>\n<tbody>\n"
                for entry in snapshot.undecided {
                    let f = entry.finding
                    out += "<tr><td>\(Self.text(f.ruleID)) \(Self.text(f.title))</td><td>\(Self.text(f.subject.id))</td><td>\(Self.text(f.unrecorded.joined(separator: ", ")))</td></tr>\n"
                }
                out += "</tbody>\n</table>\n"
            }
        }
        return out + "</section>\n"
    }

    private func actions(_ result: CheckResult, _ snapshots: [Snapshot]) -> String {
        let open = snapshots.flatMap(\.open)
        guard !open.isEmpty else { return "" }
        let byRule = Dictionary(grouping: open, by: \.finding.ruleID)
        // Risk points fixing each rule could remove, summed over the snapshots.
        func reduction(_ rule: String) -> Double {
            snapshots.compactMap(\.risk).reduce(0) { $0 + result.riskReduction(fixing: rule, in: $1) }
        }
        let reductions = Dictionary(uniqueKeysWithValues: byRule.keys.map { ($0, reduction($0)) })
        let ordered = byRule.values.map { ($0[0].finding, $0) }.sorted {
            (reductions[$0.0.ruleID] ?? 0, $0.0.severity, $0.1.count, $1.0.ruleID) > (reductions[$1.0.ruleID] ?? 0, $1.0.severity, $1.1.count, $0.0.ruleID)
        }
        var out =
            "<section id=\"actions\" aria-labelledby=\"actions-h\">\n<h2 id=\"actions-h\">\(t("Remediation actions"))</h2>\n<p>"
            + t(
                "Every rule with an open finding: first those whose fix could lower tokenism risk the most (the points of the risk factors that depend on the rule, summed over the organization's and the teams' scores: an upper bound), then the most severe and most frequent."
            ) + "</p>\n<ol class=\"actions\">\n"
        for (finding, group) in ordered {
            let subjects = Set(group.map(\.finding.subject.id)).sorted()
            let points = reductions[finding.ruleID] ?? 0
            out +=
                "<li>\(severity(finding.severity)) <strong>\(Self.text(finding.ruleID))</strong> \(Self.text(finding.title)) — \(group.count) × (\(subjects.map(Self.text).joined(separator: ", ")))"
            if points > 0 { out += t("; up to %@ risk points", RiskScorer.format(points)) }
            if let remediation = finding.remediation { out += "<br><span class=\"fix\">\(Self.text(remediation))</span>" }
            out += "</li>\n"
        }
        return out + "</ol>\n</section>\n"
    }

    private func waivers(_ result: CheckResult, _ snapshots: [Snapshot]) -> String {
        let waived = snapshots.flatMap(\.waived)
        guard !result.waiverRegister.isEmpty || !waived.isEmpty else { return "" }
        var out = "<section id=\"waivers\" aria-labelledby=\"waivers-h\">\n<h2 id=\"waivers-h\">\(t("Waivers"))</h2>\n"
        if !result.waiverRegister.isEmpty {
            out +=
                "<table>\n<caption>\(t("Waiver register on the run's date"))</caption>\n<thead><tr><th scope=\"col\">\(t("Rule"))</th><th scope=\"col\">\(t("Subject"))</th><th scope=\"col\">\(t("State"))</th><th scope=\"col\">\(t("Findings matched"))</th><th scope=\"col\">\(t("Owner"))</th><th scope=\"col\">\(t("Reason"))</th><th scope=\"col\">\(t("Expires"))</th></tr></thead>\n<tbody>\n"
            for entry in result.waiverRegister {
                let w = entry.waiver
                out +=
                    "<tr><td>\(Self.text(w.rule))</td><td>\(Self.text(w.subject))</td><td class=\"state state-\(entry.state == .expiringSoon ? "expiring" : entry.state.rawValue)\">\(t(entry.state.rawValue))</td><td>\(entry.matched)</td><td>\(Self.text(w.owner))</td><td>\(Self.text(w.reason))</td><td class=\"date\">\(w.expiryDate)</td></tr>\n"
            }
            out += "</tbody>\n</table>\n"
        }
        if !waived.isEmpty {
            out +=
                "<table>\n<caption>\(t("Findings waived in this run"))</caption>\n<thead><tr><th scope=\"col\">\(t("Rule"))</th><th scope=\"col\">\(t("Subject"))</th><th scope=\"col\">\(t("Owner"))</th><th scope=\"col\">\(t("Reason"))</th><th scope=\"col\">\(t("Expires"))</th></tr></thead>\n<tbody>\n"
            for entry in waived {
                guard case .waived(let w) = entry.status else { continue }
                out +=
                    "<tr><td>\(Self.text(entry.finding.ruleID))</td><td>\(Self.text(entry.finding.subject.id))</td><td>\(Self.text(w.owner))</td><td>\(Self.text(w.reason))</td><td class=\"date\">\(w.expiryDate)</td></tr>\n"
            }
            out += "</tbody>\n</table>\n"
        }
        return out + "</section>\n"
    }

    private func inputs(_ result: CheckResult) -> String {
        let problems = result.diagnostics.sortedByLocation().filter { $0.severity == .error }
        guard !problems.isEmpty else { return "" }
        var out =
            "<section id=\"inputs\" aria-labelledby=\"inputs-h\">\n<h2 id=\"inputs-h\">\(t("Input problems"))</h2>\n<p>\(t("These inputs were not assessed until fixed."))</p>\n<table>\n<thead><tr><th scope=\"col\">\(t("Where"))</th><th scope=\"col\">\(t("Code"))</th><th scope=\"col\">\(t("Problem"))</th></tr></thead>\n<tbody>\n"
        for d in problems {
            let place = d.location.map(\.description) ?? "—"
            out += "<tr><td><code>\(Self.text(place))</code></td><td>\(Self.text(d.code))</td><td>\(Self.text(d.message))</td></tr>\n"
        }
        return out + "</tbody>\n</table>\n</section>\n"
    }

    private func glossaryAndReferences(_ result: CheckResult, text: String) -> String {
        let terms = CommitteeText.glossary(usedIn: text, language: language)
        let sources = CommitteeText.references(citedBy: result)
        guard !terms.isEmpty || !sources.isEmpty else { return "" }
        var out = "<section id=\"glossary\" aria-labelledby=\"glossary-h\">\n<h2 id=\"glossary-h\">\(t("Glossary and references"))</h2>\n"
        if !terms.isEmpty {
            out += "<dl class=\"glossary\">\n" + terms.map { "<dt>\(Self.text($0.term))</dt><dd>\(Self.text($0.definition))</dd>\n" }.joined() + "</dl>\n"
        }
        if !sources.isEmpty {
            out += "<h3>\(t("References"))</h3>\n<ol class=\"references\">\n"
            for s in sources {
                out +=
                    "<li>\(Self.text(s.authors)) (\(s.year)). \(Self.text(s.title)) <cite>\(Self.text(s.journal))</cite> \(Self.text(s.volume)).\(s.doi.map { " doi:\(Self.text($0))" } ?? "")</li>\n"
            }
            out += "</ol>\n"
        }
        return out + "</section>\n"
    }

    /// Screen and print styles. Print: A4 or Letter (the printer's), a running header with the
    /// organization and the snapshot date, page numbers, each main section on a new page, table
    /// headers repeated and rows kept whole.
    public static func css(header: String, language: Language = .en) -> String {
        let page = Phrasebook(language: language)("Page %@ of %@", "\" counter(page) \"", "\" counter(pages) \"")
        return """
            :root { --ink: #1a1a1a; --muted: #555; --rule: #c8c8c8; --low: #2e7d32; --moderate: #8a5300; --high: #c62828; --critical: #6a1b9a; }
            body { font: 11pt/1.45 "DejaVu Sans", "Helvetica Neue", Arial, sans-serif; color: var(--ink); max-width: 60rem; margin: 1.5rem auto; padding: 0 1rem; }
            h1 { font-size: 1.6rem; margin: 0 0 .2rem; } h2 { font-size: 1.3rem; border-bottom: 2px solid var(--ink); padding-bottom: .2rem; margin-top: 2rem; }
            h3 { font-size: 1.1rem; margin-top: 1.4rem; } h4 { font-size: 1rem; margin: 1rem 0 .3rem; } h5 { font-size: .95rem; margin: .6rem 0 .2rem; color: var(--muted); }
            .meta, .note, .file, .where, .range, figcaption { color: var(--muted); } .file, .where { font-size: .85em; }
            table { border-collapse: collapse; width: 100%; margin: .6rem 0 1rem; font-size: .92em; }
            caption { text-align: left; font-weight: bold; padding: .3rem 0; }
            th, td { border: 1px solid var(--rule); padding: .3rem .45rem; text-align: left; vertical-align: top; }
            thead th { background: #eee; } tbody th { font-weight: normal; } td.date { white-space: nowrap; }
            dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; } dl.facts dt { font-weight: bold; } dl.facts dd { margin: 0; }
            .band, .sev { display: inline-block; padding: 0 .35rem; border-radius: .2rem; font-size: .85em; font-weight: bold; border: 1px solid currentColor; }
            .band-low { color: var(--low); } .band-moderate { color: var(--moderate); } .band-high { color: var(--high); } .band-critical { color: var(--critical); }
            .sev-error { color: var(--high); } .sev-warning { color: var(--moderate); } .sev-info { color: #1f5f99; }
            ul.findings { padding-left: 1.2rem; } ul.findings li, ol.actions li { margin-bottom: .45rem; } .fix { font-style: italic; } .cite { font-size: .85em; color: var(--muted); }
            .warning { border-left: 4px solid var(--high); padding: .4rem .7rem; background: #fdecea; }
            figure { margin: .5rem 0 1rem; } svg text { font: 12px "DejaVu Sans", Arial, sans-serif; fill: var(--ink); }
            .zone-low { fill: #e8f5e9; } .zone-moderate { fill: #fff3e0; } .zone-high { fill: #ffebee; } .zone-critical { fill: #f3e5f5; } .zone-label { font-size: 10px; fill: var(--muted); }
            .bar-low { fill: var(--low); } .bar-moderate { fill: var(--moderate); } .bar-high { fill: var(--high); } .bar-critical { fill: var(--critical); }
            .whisker { stroke: var(--ink); stroke-width: 2; }
            .line { stroke-width: 2.5; fill: none; } .dot { stroke: none; }
            .line-0 { stroke: #1a1a1a; } circle.line-0 { fill: #1a1a1a; } .line-1 { stroke: #1f5f99; stroke-dasharray: 6 3; } circle.line-1 { fill: #1f5f99; }
            .line-2 { stroke: #8a5300; stroke-dasharray: 2 3; } circle.line-2 { fill: #8a5300; } .line-3 { stroke: #6a1b9a; stroke-dasharray: 8 3 2 3; } circle.line-3 { fill: #6a1b9a; }
            .state-expired { color: var(--high); font-weight: bold; } .state-expiring { color: var(--moderate); font-weight: bold; } .state-unused { color: var(--muted); }
            nav ol { columns: 2; } .toc { border: none; font-size: 1rem; margin-top: 1rem; }
            footer { margin-top: 2rem; border-top: 1px solid var(--rule); font-size: .85em; color: var(--muted); }
            @media print {
              body { max-width: none; margin: 0; padding: 0; font-size: 10pt; }
              nav { display: none; }
              main > section { break-before: page; } main > section:first-child { break-before: auto; }
              table, figure { break-inside: auto; } tr, li, figure { break-inside: avoid; } thead { display: table-header-group; }
              h2, h3, h4, h5 { break-after: avoid; }
              a { color: inherit; text-decoration: none; }
            }
            @page {
              margin: 18mm 14mm 16mm;
              @top-left { content: \(cssString(header)); font: 8pt sans-serif; color: #555; }
              @bottom-right { content: \(("\"" + page + "\"").replacingOccurrences(of: " \"\"", with: "")); font: 8pt sans-serif; color: #555; }
            }
            """
    }
}
