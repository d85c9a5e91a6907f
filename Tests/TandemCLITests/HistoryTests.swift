import Foundation
import TestSupport
import Testing

/// The history and the trend, end to end: three quarterly snapshots of one organization
/// (Fixtures/history/), recorded as a committee secretary would, then read back.
@Suite("History and trend", .serialized)
struct HistoryTests {
    static let quarters = [("lakeside-2026q4", "2026-10-01"), ("lakeside-2027q1", "2026-12-31"), ("lakeside-2027q2", "2027-03-31")]

    static func database() -> String {
        Scratch.root.appendingPathComponent("tandem-history-\(UUID().uuidString)/history.sqlite").path
    }

    @discardableResult
    static func record(_ quarter: (String, String), into history: String, policy: String = "Policies/partners-in-care") throws -> TandemProcess.Output {
        let run = try TandemProcess.run([
            "history", "add", "--history", history, "--policy", policy, "--waivers", "Fixtures/history/waivers.yaml",
            "--now", quarter.1, "--fail-on", "never", "Fixtures/history/\(quarter.0).yaml",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        return run
    }

    static func trend(_ history: String) throws -> [String: Any] {
        let run = try TandemProcess.run(["trend", "--history", history, "--organization", "CSSS Lakeside", "--format", "json"])
        #expect(run.status == 0, "\(run.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
    }

    static func names(_ findings: Any?) -> [String] {
        (findings as? [[String: Any]] ?? []).map { "\($0["rule"] ?? "") \($0["subjectId"] ?? "")" }
    }

    @Test func threeQuartersGiveTheTrendTheFixturesTell() throws {
        let history = Self.database()
        for quarter in Self.quarters { try Self.record(quarter, into: history) }
        let trend = try Self.trend(history)
        let points = try #require(trend["points"] as? [[String: Any]])
        #expect(points.map { $0["asOf"] as? String } == ["2026-10-01", "2026-12-31", "2027-03-31"])
        let organizationScores = points.map { ($0["scores"] as? [[String: Any]] ?? []).first { $0["subjectKind"] as? String == "Organization" }?["score"] as? Double }
        #expect(organizationScores == [40.1, 29.4, 32.4])
        let steps = try #require(trend["steps"] as? [[String: Any]])
        #expect(steps.count == 2)
        // Q4 → Q1: the falls team's second advisor resolves the lone-advisor finding; a new advisor
        // without a coach opens one.
        #expect(Self.names(steps[0]["opened"]) == ["PP-OPS-002 pa-dan"])
        #expect(Self.names(steps[0]["resolved"]) == ["PP-OPS-001 falls", "PP-OPS-006 falls", "PP-STR-004 CSSS Lakeside"])
        #expect((steps[0]["waiversExpired"] as? [Any])?.isEmpty == true)
        // Q1 → Q2: the waiver on the falls team's professional coach expired in between.
        #expect(Self.names(steps[1]["opened"]) == ["PP-STR-007 CSSS Lakeside"])
        let expired = try #require(steps[1]["waiversExpired"] as? [[String: Any]])
        #expect(expired.map { "\($0["rule"] ?? "") \($0["subject"] ?? "") \($0["expires"] ?? "")" } == ["PP-OPS-020 falls 2027-02-15"])
        let stillOpen = try #require(steps[1]["stillOpen"] as? [[String: Any]])
        let dan = try #require(stillOpen.first { ($0["finding"] as? [String: Any])?["subjectId"] as? String == "pa-dan" })
        #expect(dan["since"] as? String == "2026-12-31" && dan["days"] as? Int == 90)
        #expect(steps.allSatisfy { $0["policyChanged"] as? Bool == false })
    }

    @Test func recordingTheSameSnapshotAgainReplacesIt() throws {
        let history = Self.database()
        for quarter in Self.quarters { try Self.record(quarter, into: history) }
        let again = try Self.record(Self.quarters[1], into: history)
        #expect(again.stderr.contains("recorded 1 snapshot(s) in \(history) (1 replaced: same organization, date and policy)"))
        let list = try TandemProcess.run(["history", "list", "--history", history])
        #expect(list.stdout.contains("3 snapshot(s) recorded"))
    }

    @Test func anotherPolicyVersionKeepsBothAndTheTrendSaysSo() throws {
        let history = Self.database()
        for quarter in Self.quarters { try Self.record(quarter, into: history) }
        let directory = (history as NSString).deletingLastPathComponent
        let policy = "\(directory)/committee.yaml"
        try """
        apiVersion: tandem/v1
        kind: PolicySet
        metadata: {name: lakeside-committee, version: 1.1.0}
        extends: [\(TandemProcess.packageRoot.appendingPathComponent("Policies/partners-in-care").path)]
        overrides:
          - {parameter: minAdvisorsPerTeam, value: 3, reason: The committee wants three advisors per team.}
        """.write(toFile: policy, atomically: true, encoding: .utf8)
        try Self.record(Self.quarters[2], into: history, policy: policy)
        let list = try TandemProcess.run(["history", "list", "--history", history])
        #expect(list.stdout.contains("4 snapshot(s) recorded"))
        let steps = try #require(try Self.trend(history)["steps"] as? [[String: Any]])
        #expect(steps.map { $0["policyChanged"] as? Bool } == [false, false, true])
    }

    @Test func aHistoryFromANewerTandemIsRefused() throws {
        let history = Self.database()
        try Self.record(Self.quarters[0], into: history)
        let python = try ReportFormatTests.python(["-c", "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.execute(\"INSERT INTO grdb_migrations VALUES ('v9-future')\"); c.commit()", history])
        #expect(python.status == 0, "\(python.stderr)")
        let run = try TandemProcess.run(["trend", "--history", history, "--organization", "CSSS Lakeside"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("error[HIST002]: history \(history) was written by a newer Tandem (schema v9-future)"))
    }

    @Test func aCorruptFileIsAClearErrorAndIsLeftAlone() throws {
        let history = Self.database()
        try FileManager.default.createDirectory(atPath: (history as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let junk = String(repeating: "not a database ", count: 300)
        try junk.write(toFile: history, atomically: true, encoding: .utf8)
        let run = try TandemProcess.run(["history", "add", "--history", history, "--policy", "Policies/partners-in-care", "--fail-on", "never", "Fixtures/history/lakeside-2026q4.yaml"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("error[HIST001]"))
        #expect(try String(contentsOfFile: history, encoding: .utf8) == junk, "the file is not overwritten")
        let unknown = try TandemProcess.run(["trend", "--history", Self.database(), "--organization", "Lakeside"])
        #expect(unknown.status == 2 && unknown.stderr.contains("error[HIST004]"))
    }

    @Test func theHTMLReportGainsTheTrendWithAHistory() throws {
        let history = Self.database()
        for quarter in Self.quarters.prefix(2) { try Self.record(quarter, into: history) }
        let run = try TandemProcess.run([
            "check", "--history", history, "--policy", "Policies/partners-in-care", "--waivers", "Fixtures/history/waivers.yaml",
            "--now", "2027-03-31", "--fail-on", "never", "--format", "html", "Fixtures/history/lakeside-2027q2.yaml",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("<section id=\"trend\" aria-labelledby=\"trend-h\">"))
        #expect(run.stdout.contains("<a href=\"#trend\">Risk over time</a>"))
        #expect(run.stdout.contains("2027-03-31") && run.stdout.contains("polyline"))
    }

    /// `tandem trend --lang fr`: the committee's trend in French — headings, counts, bands and
    /// the chart — in text and HTML; finding titles are as they were recorded.
    @Test func theTrendReadsInFrench() throws {
        let history = Self.database()
        for quarter in Self.quarters { try Self.record(quarter, into: history) }
        let text = try TandemProcess.run(["trend", "--history", history, "--organization", "CSSS Lakeside", "--lang", "fr"])
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.hasPrefix("Risque de tokénisme au fil du temps — CSSS Lakeside\n  2026-10-01  organisation 40.1 modéré; "), "\(text.stdout)")
        #expect(text.stdout.contains("  ouverts 1, résolus 3, toujours ouverts "), "\(text.stdout)")
        #expect(text.stdout.contains("pa-dan: ouvert depuis le 2026-12-31 (90 jours)"), "\(text.stdout)")
        #expect(text.stdout.contains("! la dérogation pour PP-OPS-020 sur falls"), "\(text.stdout)")
        for english in ["organization ", "opened ", "resolved ", "still open", "open since", " days)", "waiver for", "moderate", "Tokenism"] {
            #expect(!text.stdout.contains(english), "'\(english)' in the French trend")
        }
        let html = try TandemProcess.run(["trend", "--history", history, "--organization", "CSSS Lakeside", "--lang", "fr", "--format", "html"])
        #expect(html.stdout.contains("<html lang=\"fr\">"))
        #expect(html.stdout.contains("<h2 id=\"trend-h\">Risque au fil du temps — CSSS Lakeside</h2>"))
        #expect(html.stdout.contains("<caption>Scores à chaque date consignée</caption>"))
        for english in [">opened<", ">resolved<", ">still open", "Risk over time", "Each line is", ">low<", ">moderate<", ">high<", ">critical<", "days)"] {
            #expect(!html.stdout.contains(english), "'\(english)' in the French trend page")
        }
    }
}
