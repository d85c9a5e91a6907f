import Diagnostics
import Foundation
import Reporting
import PolicyCompiler
import RiskScoring

/// A ``Trend`` as text, JSON or HTML (an SVG line chart over `asOf` with the bands shaded).
public enum TrendReport {
    /// A recorded band in words (`élevé`), whatever language it was recorded in.
    static func band(_ band: String, _ language: Language) -> String {
        RiskBand(rawValue: band).map { Vocabulary.of(language).band($0) } ?? band
    }

    /// For a terminal, in `language` (finding titles stay as they were recorded).
    public static func text(_ trend: Trend, language: Language = .en) -> String {
        let p = Phrasebook(language: language)
        var out = p("Tokenism risk over time — %@", trend.organization) + "\n"
        for snapshot in trend.snapshots {
            let org = snapshot.organizationScore.map { "\(format($0.score)) \(band($0.band, language))" } ?? p("not scored")
            let teams = snapshot.scores.filter { $0.subjectKind != "Organization" }.map { "\($0.subjectID) \(format($0.score))" }.joined(separator: ", ")
            out += "  \(snapshot.asOf)  \(p("organization")) \(org)\(teams.isEmpty ? "" : "; \(teams)")  (\(snapshot.policy))\n"
        }
        for step in trend.steps {
            let changed = step.policyChanged ? "  [" + p("policy changed: %@ → %@; some changes may be the policy's", step.fromPolicy, step.toPolicy) + "]" : ""
            out += "\n\(step.from) → \(step.to)\(changed)\n"
            out += "  " + p("opened %@, resolved %@, still open %@", String(step.opened.count), String(step.resolved.count), String(step.stillOpen.count)) + "\n"
            for f in step.opened { out += "    + \(f.rule) \(f.subjectID): \(f.title)\n" }
            for f in step.resolved { out += "    − \(f.rule) \(f.subjectID): \(f.title)\n" }
            for o in step.stillOpen {
                out += "    · \(o.finding.rule) \(o.finding.subjectID): " + p("open since %@ (%@ days)", o.since, String(o.days)) + (o.finding.status == "waived" ? p(", waived") : "") + "\n"
            }
            for w in step.waiversExpired { out += "    ! " + p("waiver for %@ on %@ (owner %@) expired on %@", w.rule, w.subject, w.owner, w.expires) + "\n" }
        }
        return out
    }

    private static func format(_ value: Double) -> String { String(format: "%.1f", value) }

    struct JSONTrend: Encodable {
        struct Point: Encodable {
            var asOf: String
            var snapshot: String
            var policy: String
            var policyHash: String
            var scores: [Score]
        }
        struct Score: Encodable {
            var subjectKind: String
            var subjectId: String
            var score: Double
            var band: String
            var low: Double
            var high: Double
        }
        struct Finding: Encodable {
            var identity: String
            var rule: String
            var subjectKind: String
            var subjectId: String
            var status: String
            var title: String
        }
        struct Open: Encodable {
            var finding: Finding
            var since: String
            var days: Int
        }
        struct Waiver: Encodable {
            var rule: String
            var subject: String
            var owner: String
            var expires: String
        }
        struct Step: Encodable {
            var from: String
            var to: String
            var policyChanged: Bool
            var opened: [Finding]
            var resolved: [Finding]
            var stillOpen: [Open]
            var waiversExpired: [Waiver]
        }
        var organization: String
        var points: [Point]
        var steps: [Step]
    }

    /// For scripts: sorted keys, stable.
    public static func json(_ trend: Trend) throws -> String {
        func finding(_ f: Trend.FindingRef) -> JSONTrend.Finding {
            JSONTrend.Finding(identity: f.identity, rule: f.rule, subjectKind: f.subjectKind, subjectId: f.subjectID, status: f.status, title: f.title)
        }
        let document = JSONTrend(
            organization: trend.organization,
            points: trend.snapshots.map { s in
                JSONTrend.Point(
                    asOf: s.asOf, snapshot: s.name, policy: s.policy, policyHash: s.policyHash,
                    scores: s.scores.map { JSONTrend.Score(subjectKind: $0.subjectKind, subjectId: $0.subjectID, score: $0.score, band: $0.band, low: $0.low, high: $0.high) })
            },
            steps: trend.steps.map { step in
                JSONTrend.Step(
                    from: step.from, to: step.to, policyChanged: step.policyChanged, opened: step.opened.map(finding), resolved: step.resolved.map(finding),
                    stillOpen: step.stillOpen.map { JSONTrend.Open(finding: finding($0.finding), since: $0.since, days: $0.days) },
                    waiversExpired: step.waiversExpired.map { JSONTrend.Waiver(rule: $0.rule, subject: $0.subject, owner: $0.owner, expires: $0.expires) })
            })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(document), as: UTF8.self) + "\n"
    }

    /// The trend as a `<section>` of the HTML report (`id` unique in the page).
    public static func htmlSection(_ trend: Trend, id: String = "trend", language: Language = .en) -> String {
        let t = HTMLReporter.text
        let p = Phrasebook(language: language)
        func word(_ band: String) -> String { t(Self.band(band, language)) }
        var out = "<section id=\"\(id)\" aria-labelledby=\"\(id)-h\">\n<h2 id=\"\(id)-h\">\(t(p("Risk over time — %@", trend.organization)))</h2>\n"
        out += chart(trend, id: "\(id)-chart", language: language)
        out +=
            "<table>\n<caption>\(p("Scores at each recorded date"))</caption>\n<thead><tr><th scope=\"col\">\(p("Facts as of"))</th><th scope=\"col\">\(p("Organization"))</th><th scope=\"col\">\(p("Teams"))</th><th scope=\"col\">\(p("Policy"))</th></tr></thead>\n<tbody>\n"
        for s in trend.snapshots {
            let org = s.organizationScore.map { "\(format($0.score)) <span class=\"band band-\(t($0.band))\">\(word($0.band))</span>" } ?? "—"
            let teams = s.scores.filter { $0.subjectKind != "Organization" }.map { "\(t($0.subjectID)) \(format($0.score)) (\(word($0.band)))" }.joined(separator: "; ")
            out += "<tr><td class=\"date\">\(t(s.asOf))</td><td>\(org)</td><td>\(teams.isEmpty ? "—" : teams)</td><td>\(t(s.policy))</td></tr>\n"
        }
        out += "</tbody>\n</table>\n"
        for step in trend.steps {
            out += "<h3>\(t(p("%@ to %@", step.from, step.to)))</h3>\n"
            if step.policyChanged {
                out +=
                    "<p class=\"warning\" role=\"note\"><strong>\(p("Policy changed"))</strong> \(t(p("from %@ to %@: some changes below may be the policy's, not the organization's.", step.fromPolicy, step.toPolicy)))</p>\n"
            }
            let counts = p("Opened %@, resolved %@, still open %@", String(step.opened.count), String(step.resolved.count), String(step.stillOpen.count))
            out += "<p>\(counts)\(step.waiversExpired.isEmpty ? "" : p(", waivers expired %@", String(step.waiversExpired.count))).</p>\n"
            if !(step.opened.isEmpty && step.resolved.isEmpty && step.stillOpen.isEmpty) {
                out +=
                    "<table>\n<thead><tr><th scope=\"col\">\(p("Change"))</th><th scope=\"col\">\(p("Rule"))</th><th scope=\"col\">\(p("Subject"))</th><th scope=\"col\">\(p("Finding"))</th><th scope=\"col\">\(p("Open since"))</th></tr></thead>\n<tbody>\n"
                for f in step.opened {
                    out += "<tr><td>\(p("opened"))</td><td class=\"date\">\(t(f.rule))</td><td>\(t(f.subjectID))</td><td>\(t(f.title))</td><td class=\"date\">\(t(step.to))</td></tr>\n"
                }
                for f in step.resolved { out += "<tr><td>\(p("resolved"))</td><td class=\"date\">\(t(f.rule))</td><td>\(t(f.subjectID))</td><td>\(t(f.title))</td><td>—</td></tr>\n" }
                for o in step.stillOpen {
                    out +=
                        "<tr><td>\(p("still open"))\(o.finding.status == "waived" ? p(" (waived)") : "")</td><td class=\"date\">\(t(o.finding.rule))</td><td>\(t(o.finding.subjectID))</td><td>\(t(o.finding.title))</td><td class=\"date\">\(t(p("%@ (%@ days)", o.since, String(o.days))))</td></tr>\n"
                }
                out += "</tbody>\n</table>\n"
            }
            for w in step.waiversExpired {
                out += "<p>\(t(p("Waiver for %@ on %@ (owner %@) expired on %@.", w.rule, w.subject, w.owner, w.expires)))</p>\n"
            }
        }
        return out + "</section>\n"
    }

    /// A line per subject over the recorded dates, on a 0–100 axis with the bands shaded.
    static func chart(_ trend: Trend, id: String, language: Language = .en) -> String {
        let t = HTMLReporter.text
        let p = Phrasebook(language: language)
        let dates = trend.snapshots.map(\.asOf)
        let left = 40.0, width = 560.0, top = 12.0, height = 220.0
        func x(_ index: Int) -> Double { dates.count <= 1 ? left + width / 2 : left + width * Double(index) / Double(dates.count - 1) }
        func y(_ score: Double) -> Double { top + height * (1 - min(max(score, 0), 100) / 100) }
        // The organization first (solid black), then the teams.
        var subjects: [String] = []
        for s in trend.snapshots {
            for score in s.scores.sorted(by: { ($0.subjectKind == "Organization" ? 0 : 1, $0.subjectID) < ($1.subjectKind == "Organization" ? 0 : 1, $1.subjectID) })
            where !subjects.contains(score.subjectID) { subjects.append(score.subjectID) }
        }
        var svg =
            "<figure>\n<svg id=\"\(id)\" role=\"img\" aria-labelledby=\"\(id)-t \(id)-d\" viewBox=\"0 0 \(Int(left + width + 160)) \(Int(top + height + 40))\" width=\"100%\" xmlns=\"http://www.w3.org/2000/svg\">\n"
        svg += "<title id=\"\(id)-t\">\(p("Tokenism risk over time, 0 to 100"))</title>\n"
        let description = trend.snapshots.map { s in "\(s.asOf): " + s.scores.map { "\($0.subjectID) \(format($0.score)) \(band($0.band, language))" }.joined(separator: ", ") }.joined(
            separator: "; ")
        svg += "<desc id=\"\(id)-d\">\(t(description))</desc>\n"
        // Bands as Tandem's seed model draws them when no model is at hand: 25, 50, 75.
        for (band, from, to) in [("low", 0.0, 25.0), ("moderate", 25.0, 50.0), ("high", 50.0, 75.0), ("critical", 75.0, 100.0)] {
            svg += "<rect class=\"zone zone-\(band)\" x=\"\(f(left))\" y=\"\(f(y(to)))\" width=\"\(f(width))\" height=\"\(f(y(from) - y(to)))\"/>\n"
            svg += "<text class=\"zone-label\" x=\"\(f(left + 4))\" y=\"\(f(y(to) + 12))\">\(t(Self.band(band, language)))</text>\n"
        }
        for (i, date) in dates.enumerated() {
            svg += "<text class=\"label\" x=\"\(f(x(i)))\" y=\"\(f(top + height + 16))\" text-anchor=\"middle\">\(t(date))</text>\n"
        }
        for tick in [0.0, 50.0, 100.0] {
            svg += "<text class=\"label\" x=\"\(f(left - 6))\" y=\"\(f(y(tick) + 4))\" text-anchor=\"end\">\(Int(tick))</text>\n"
        }
        for (n, subject) in subjects.enumerated() {
            let points = trend.snapshots.enumerated().compactMap { i, s in s.scores.first { $0.subjectID == subject }.map { (i, $0) } }
            guard !points.isEmpty else { continue }
            let isOrganization = points[0].1.subjectKind == "Organization"
            let path = points.map { "\(f(x($0.0))),\(f(y($0.1.score)))" }.joined(separator: " ")
            svg += "<g class=\"series\(isOrganization ? " organization" : "")\"><title>\(t(subject))</title>\n"
            svg += "<polyline class=\"line line-\(n % 4)\" points=\"\(path)\" fill=\"none\"/>\n"
            for (i, score) in points {
                svg +=
                    "<circle cx=\"\(f(x(i)))\" cy=\"\(f(y(score.score)))\" r=\"3.5\" class=\"dot line-\(n % 4)\"><title>\(t(subject)) \(t(dates[i])): \(format(score.score)) \(t(Self.band(score.band, language)))</title></circle>\n"
            }
            if let last = points.last {
                svg += "<text class=\"label\" x=\"\(f(x(last.0) + 6))\" y=\"\(f(y(last.1.score) - 4))\">\(t(isOrganization ? p("organization") : subject)) \(format(last.1.score))</text>\n"
            }
            svg += "</g>\n"
        }
        svg +=
            "</svg>\n<figcaption>\(p("Each line is the organization or a team; labels give the latest score. Shaded bands: low, moderate, high, critical."))</figcaption>\n</figure>\n"
        return svg
    }

    private static func f(_ value: Double) -> String { String(format: "%.1f", value) }

    /// A standalone page (for `tandem trend --format html`).
    public static func htmlPage(_ trend: Trend, language: Language = .en) -> String {
        let p = Phrasebook(language: language)
        let header = p("Risk over time · %@", trend.organization)
        return """
            <!doctype html>
            <html lang="\(language.rawValue)">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(HTMLReporter.text(header))</title>
            <style>
            \(HTMLReporter.css(header: header))
            </style>
            </head>
            <body>
            <header><h1>\(p("Patient-partnership: risk over time"))</h1><p class="meta">\(HTMLReporter.text(trend.organization))</p></header>
            <main>
            \(htmlSection(trend, language: language))</main>
            </body>
            </html>

            """
    }
}
