import Foundation
import SnapshotModel
import Evaluation
import Diagnostics
import RiskScoring
import TestSupport
import Testing

/// The seeded generator of the test support, so failures reproduce.
typealias Generator = SplitMix

@Suite("The risk formula is bounded and monotone")
struct RiskFormulaPropertyTests {
    @Test func teamScoresStayWithinBoundsAndNeverRiseWhenASignalImproves() {
        var g = Generator(state: 42)
        for _ in 0..<2000 {
            let n = g.int(1...16)
            let weights = (0..<n).map { _ in g.unit() * 20 }
            let signals = (0..<n).map { _ in g.unit() * 1.4 - 0.2 }  // out-of-range signals are clamped
            let score = RiskFormula.weighted(signals: signals, weights: weights)
            #expect(score >= 0 && score <= 100)
            var improved = signals
            let i = g.int(0...(n - 1))
            improved[i] -= g.unit()
            #expect(RiskFormula.weighted(signals: improved, weights: weights) <= score + 1e-9)
        }
    }

    @Test func theOrganizationScoreNeverRisesWhenATeamOrAFactorImproves() {
        var g = Generator(state: 7)
        for _ in 0..<2000 {
            let n = g.int(1...8)
            let weights = (0..<n).map { _ in g.unit() * 30 }
            let signals = (0..<n).map { _ in g.unit() }
            let teams = (0..<g.int(0...10)).map { _ in g.unit() * 100 }
            let teamWeight = g.unit() * 150
            let score = RiskFormula.organization(signals: signals, weights: weights, teamScores: teams, teamWeight: teamWeight)
            #expect(score >= 0 && score <= 100)
            if !teams.isEmpty {
                var better = teams
                let i = g.int(0...(teams.count - 1))
                better[i] = max(0, better[i] - g.unit() * 100)
                #expect(RiskFormula.organization(signals: signals, weights: weights, teamScores: better, teamWeight: teamWeight) <= score + 1e-9)
            }
            var improved = signals
            improved[g.int(0...(n - 1))] = 0
            #expect(RiskFormula.organization(signals: improved, weights: weights, teamScores: teams, teamWeight: teamWeight) <= score + 1e-9)
        }
    }

    @Test func degenerateInputsScoreZeroNotNaN() {
        #expect(RiskFormula.weighted(signals: [], weights: []) == 0)
        #expect(RiskFormula.weighted(signals: [1], weights: [0]) == 0)
        #expect(RiskFormula.weighted(signals: [.nan], weights: [1]) == 100)
        #expect(RiskFormula.organization(signals: [], weights: [], teamScores: [], teamWeight: 100) == 0)
    }
}

@Suite("Scores over generated snapshots")
struct GeneratedSnapshotRiskTests {
    /// A random but valid snapshot: 1–4 teams with random composition, practices and engagement.
    static func snapshot(_ g: inout Generator) -> String {
        var people = ""
        var teams = ""
        let roles = ["provider", "program_manager", "medical_chief", "icl", "quality_advisor"]
        for t in 0..<g.int(1...4) {
            var members = ""
            var ids: [String] = []
            for a in 0..<g.int(0...3) {
                let id = "pa-\(t)-\(a)"
                ids.append(id)
                let coach = g.int(0...1) == 1 ? ", coach: coach" : ""
                let training = g.int(0...1) == 1 ? ", training: [{topic: p, date: 2026-01-01}]" : ""
                people += "  - {id: \(id), name: A, category: patient_advisor, priorMandates: \(g.int(0...2))\(coach)\(training)}\n"
                members +=
                    "      - {person: \(id), role: patient_advisor, joined: 2026-0\(g.int(1...9))-01, active: \(g.int(0...4) > 0), rolesDocumented: \(g.int(0...1) == 1), confidentialityAgreement: \(g.int(0...1) == 1)}\n"
            }
            for p in 0..<g.int(2...6) {
                let id = "pro-\(t)-\(p)"
                people += "  - {id: \(id), name: P, category: professional}\n"
                members += "      - {person: \(id), role: \(g.pick(roles))}\n"
            }
            let leads = ids.isEmpty ? "[pro-\(t)-0]" : "[\(g.pick(ids)), pro-\(t)-0]"
            var meetings = ""
            for m in 0..<g.int(0...3) {
                let attendees = (ids + ["pro-\(t)-0"]).filter { _ in g.int(0...1) == 1 }
                let decision = ids.isEmpty ? "" : ", decisions: [{summary: D, proposedBy: \(g.pick(ids)), adopted: \(g.int(0...1) == 1)}]"
                meetings += "      - {date: 2026-0\(m + 2)-10, attendees: [\(attendees.joined(separator: ", "))]\(decision)}\n"
            }
            teams += """
                  - id: t\(t)
                    name: Team \(t)
                    status: active
                    mandate: {start: 2026-0\(g.int(1...9))-01, end: 2027-01-01, objectives: [{text: O, smart: true, fixedOn: 2026-0\(g.int(1...9))-15}]}
                    engagementLevel: \(g.pick(["information", "consultation", "involvement", "collaboration", "partnership"]))
                    coLeads: \(leads)
                    members:
                \(members)    meetings:
                \(meetings.isEmpty ? "      []\n" : meetings)
                """
        }
        return """
            apiVersion: tandem/v1
            kind: OrganizationSnapshot
            metadata: {name: generated, asOf: 2026-10-01}
            organization:
              name: Generated
              \(g.int(0...1) == 1 ? "compensationBudget: {amount: 1000, spent: \(g.int(0...1000)), period: {start: 2026-01-01, end: 2026-12-31}}" : "")
            people:
              - {id: coach, name: C, category: patient_advisor, priorMandates: 5}
            \(people)teams:
            \(teams)
            """
    }

    /// A change a committee could make (or undo), the factor it targets, and its text edit.
    struct Change: Sendable {
        var name: String
        var factor: String
        var edit: @Sendable (String) -> String
    }

    static func everyAdvisorCoached(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.contains("category: patient_advisor") && !line.contains("coach") && line.contains("pa-")
                ? line.replacingOccurrences(of: "category: patient_advisor,", with: "category: patient_advisor, coach: coach,") : String(line)
        }.joined(separator: "\n")
    }

    /// Improvements a committee could make; none may raise any score.
    static let improvements: [Change] = [
        Change(
            name: "engagement → partnership", factor: "engagement-level",
            edit: { $0.replacingOccurrences(of: #"engagementLevel: \w+"#, with: "engagementLevel: partnership", options: .regularExpression) }),
        Change(name: "every advisor coached", factor: "no-coach", edit: everyAdvisorCoached),
        Change(
            name: "roles documented", factor: "roles-unclear",
            edit: { $0.replacingOccurrences(of: #"rolesDocumented: \w+, confidentialityAgreement: \w+"#, with: "rolesDocumented: true, confidentialityAgreement: true", options: .regularExpression) }),
        Change(name: "proposals adopted", factor: "proposals-ignored", edit: { $0.replacingOccurrences(of: "adopted: false", with: "adopted: true") }),
    ]

    /// The same, undone; none may lower any score.
    static let worsenings: [Change] = [
        Change(
            name: "engagement → information", factor: "engagement-level",
            edit: { $0.replacingOccurrences(of: #"engagementLevel: \w+"#, with: "engagementLevel: information", options: .regularExpression) }),
        Change(name: "no advisor coached", factor: "no-coach", edit: { $0.replacingOccurrences(of: ", coach: coach", with: "") }),
        Change(
            name: "roles undocumented", factor: "roles-unclear",
            edit: { $0.replacingOccurrences(of: #"rolesDocumented: \w+, confidentialityAgreement: \w+"#, with: "rolesDocumented: false, confidentialityAgreement: false", options: .regularExpression) }
        ),
        Change(name: "proposals rejected", factor: "proposals-ignored", edit: { $0.replacingOccurrences(of: "adopted: true", with: "adopted: false") }),
    ]

    /// Each team's score and factor signals, by team id (never by position).
    static func byTeam(_ report: RiskReport) -> [String: RiskScore] {
        Dictionary(report.teams.map { ($0.subject.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// A factor's signal; a factor that adds no points is not listed, so absent is 0.
    static func signal(_ score: RiskScore, _ factor: String) -> Double {
        score.contributions.first { $0.factorID == factor }?.signal ?? 0
    }

    /// Runs `changes` over generated snapshots: `direction` −1 for improvements (no score may
    /// rise, and the targeted signal may only fall), +1 for worsenings. Scores are rounded to a
    /// tenth and rounding is monotone, so there is no tolerance. Every change must change some
    /// snapshot and move its factor's signal at least once.
    func check(_ changes: [Change], direction: Double) throws {
        var g = Generator(state: 2026)
        var changedText = Set<String>(), movedSignal = Set<String>()
        for _ in 0..<25 {
            let text = Self.snapshot(&g)
            let report = try score(text)
            for s in report.all { #expect(s.score >= 0 && s.score <= 100) }
            let before = Self.byTeam(report)
            for change in changes {
                let edited = change.edit(text)
                guard edited != text else { continue }
                changedText.insert(change.name)
                let after = try score(edited)
                #expect(
                    direction * (after.organization.score - report.organization.score) >= 0,
                    "\(change.name): organization \(report.organization.score) → \(after.organization.score)")
                let afterTeams = Self.byTeam(after)
                #expect(Set(afterTeams.keys) == Set(before.keys), "\(change.name) keeps the same teams")
                for (id, a) in before {
                    let b = try #require(afterTeams[id])
                    #expect(direction * (b.score - a.score) >= 0, "\(change.name) on \(id): \(a.score) → \(b.score)")
                    let s0 = Self.signal(a, change.factor), s1 = Self.signal(b, change.factor)
                    #expect(direction * (s1 - s0) >= 0, "\(change.name): \(change.factor) on \(id) \(s0) → \(s1)")
                    if s1 != s0 { movedSignal.insert(change.name) }
                }
            }
        }
        #expect(changedText == Set(changes.map(\.name)), "every change edits some generated snapshot")
        #expect(movedSignal == Set(changes.map(\.name)), "every change moves its factor's signal somewhere")
    }

    @Test func improvementsNeverRaiseAScoreAndMoveTheirFactor() throws {
        try check(Self.improvements, direction: -1)
    }

    @Test func worseningsNeverLowerAScoreAndMoveTheirFactor() throws {
        try check(Self.worsenings, direction: 1)
    }

    /// Edits that change nothing a committee did: a team's display name, the order of the
    /// people list. No score may move.
    @Test func unrelatedEditsChangeNoScore() throws {
        var g = Generator(state: 7)
        for _ in 0..<15 {
            let text = Self.snapshot(&g)
            let report = try score(text)
            let renamed = text.replacingOccurrences(of: "name: Team ", with: "name: Équipe ")
            #expect(renamed != text)
            let lines = text.components(separatedBy: "\n")
            let peopleStart = try #require(lines.firstIndex(of: "people:"))
            let teamsStart = try #require(lines.firstIndex(of: "teams:"))
            let reordered = (lines[..<(peopleStart + 1)] + lines[(peopleStart + 1)..<teamsStart].reversed() + lines[teamsStart...]).joined(separator: "\n")
            #expect(reordered != text)
            for edited in [renamed, reordered] {
                let after = try score(edited)
                #expect(after.organization.score == report.organization.score)
                let a = Self.byTeam(report), b = Self.byTeam(after)
                #expect(a.mapValues(\.score) == b.mapValues(\.score))
            }
        }
    }

    /// Teams scored in runs that reuse one scratch (every team of the run overwrites the last
    /// one's values) score as teams scored each on their own: on one thread the whole snapshot
    /// is one run; in parallel each of these few teams is a run of its own.
    @Test func aTeamScoresTheSameAfterAnotherInItsRun() throws {
        let set = try #require(pack.policySet)
        let model = try #require(pack.riskModel)
        func described(_ report: RiskReport) -> [String] {
            report.all.map { score in
                "\(score.subject.id) \(score.score) [\(score.low), \(score.high)] "
                    + score.contributions.map { "\($0.factorID):\($0.points):\($0.unknown ?? ""):\($0.explanation)" }.joined(separator: " ")
            }
        }
        var g = Generator(state: 99)
        var teams = 0
        for _ in 0..<30 {
            let loaded = SnapshotLoader().load(SourceText(path: "s.yaml", text: Self.snapshot(&g)))
            let snapshot = try #require(loaded.snapshots.first)
            let findings = PolicyEvaluator(set).evaluate(snapshot)
            let serial = RiskScorer(model).score(snapshot, findings: findings, parallel: false)
            teams += serial.teams.count
            #expect(described(serial) == described(RiskScorer(model).score(snapshot, findings: findings, parallel: true)))
        }
        #expect(teams > 60)
    }
}

/// Scores under uncertainty: a factor known only to lie in [low, high] gives a score interval
/// computed from the ends. That interval must contain the score of every way the unknowns can
/// turn out, contain the point (midpoint signals), and shrink as facts are recorded.
@Suite("Risk intervals are sound and narrow as facts are recorded")
struct RiskIntervalPropertyTests {
    struct Case {
        var lows: [Double], highs: [Double], weights: [Double]
        var teamLows: [Double], teamHighs: [Double], teamWeight: Double
    }

    static func random(_ g: inout Generator) -> Case {
        let n = g.int(1...10)
        var lows: [Double] = [], highs: [Double] = []
        for _ in 0..<n {
            let a = g.unit(), b = g.unit()
            // About a third of the factors are known exactly.
            if g.int(0...2) == 0 { lows.append(a); highs.append(a) } else { lows.append(min(a, b)); highs.append(max(a, b)) }
        }
        var teamLows: [Double] = [], teamHighs: [Double] = []
        for _ in 0..<g.int(0...6) {
            let a = g.unit() * 100, b = g.unit() * 100
            teamLows.append(min(a, b))
            teamHighs.append(max(a, b))
        }
        return Case(
            lows: lows, highs: highs, weights: (0..<n).map { _ in g.unit() * 30 },
            teamLows: teamLows, teamHighs: teamHighs, teamWeight: g.unit() * 150)
    }

    static func organization(_ c: Case, _ signals: [Double], _ teams: [Double]) -> Double {
        RiskFormula.organization(signals: signals, weights: c.weights, teamScores: teams, teamWeight: c.teamWeight)
    }

    @Test func everyOutcomeOfTheUnknownsAndThePointLieInTheInterval() {
        var g = Generator(state: 2026)
        for _ in 0..<2000 {
            let c = Self.random(&g)
            let low = Self.organization(c, c.lows, c.teamLows)
            let high = Self.organization(c, c.highs, c.teamHighs)
            #expect(0 <= low && low <= high + 1e-9 && high <= 100)
            let outcome = zip(c.lows, c.highs).map { $0 + g.unit() * ($1 - $0) }
            let teams = zip(c.teamLows, c.teamHighs).map { $0 + g.unit() * ($1 - $0) }
            let score = Self.organization(c, outcome, teams)
            #expect(low - 1e-9 <= score && score <= high + 1e-9)
            let point = Self.organization(c, zip(c.lows, c.highs).map { ($0 + $1) / 2 }, zip(c.teamLows, c.teamHighs).map { ($0 + $1) / 2 })
            #expect(low - 1e-9 <= point && point <= high + 1e-9)
            let team = RiskFormula.weighted(signals: outcome, weights: c.weights)
            #expect(RiskFormula.weighted(signals: c.lows, weights: c.weights) - 1e-9 <= team)
            #expect(team <= RiskFormula.weighted(signals: c.highs, weights: c.weights) + 1e-9)
        }
    }

    @Test func recordingAFactNarrowsTheIntervalAndStaysInsideIt() {
        var g = Generator(state: 99)
        for _ in 0..<2000 {
            var c = Self.random(&g)
            let before = (Self.organization(c, c.lows, c.teamLows), Self.organization(c, c.highs, c.teamHighs))
            let i = g.int(0...(c.lows.count - 1))
            let recorded = c.lows[i] + g.unit() * (c.highs[i] - c.lows[i])
            c.lows[i] = recorded
            c.highs[i] = recorded
            let after = (Self.organization(c, c.lows, c.teamLows), Self.organization(c, c.highs, c.teamHighs))
            #expect(before.0 - 1e-9 <= after.0 && after.1 <= before.1 + 1e-9)
            #expect(after.1 - after.0 <= before.1 - before.0 + 1e-9)
        }
    }
}

@Suite("Scores are written as printf writes them")
struct ScoreFormatTests {
    /// ``RiskScorer/format(_:)`` writes a rounded score itself and leaves any other value to
    /// Foundation: either way the text is `%.1f`'s, ties, signs and all.
    @Test func oneDecimalIsPrintfs() {
        var g = Generator(state: 11)
        var values: [Double] = (-2000...2000).map { Double($0) / 10 }
        values += [0, -0.0, 0.05, 0.25, 0.35, 0.45, 99.95, -0.05, 1e15, 1e15 + 0.1, 1e20, .nan, .infinity, -.infinity, .ulpOfOne, -.leastNonzeroMagnitude]
        values += (0..<2000).map { _ in (g.unit() - 0.5) * 300 }
        values += (0..<2000).map { _ in (g.unit() * 1000).rounded() / 10 }  // as scores are rounded
        let differing = values.filter { RiskScorer.format($0) != String(format: "%.1f", $0) }
        let allAgree = differing.isEmpty
        #expect(allAgree, "\(differing.count) differ, such as \(differing.prefix(5).map { "\($0): \(RiskScorer.format($0)) vs \(String(format: "%.1f", $0))" })")
    }
}
