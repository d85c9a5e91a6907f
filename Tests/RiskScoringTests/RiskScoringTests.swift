import Diagnostics
import Evaluation
import Foundation
import PolicyCompiler
import RiskScoring
import SnapshotModel
import TestSupport
import Testing

let pack = PolicyCompiler().compile(paths: [TandemProcess.packageRoot.appendingPathComponent("Policies/partners-in-care").path])

func fixtureText(_ name: String) throws -> String {
    try String(contentsOf: TandemProcess.packageRoot.appendingPathComponent("Fixtures/valid/\(name)"), encoding: .utf8)
}

/// Scores snapshot text with the seed pack and its risk model.
func score(_ text: String, path: String = "s.yaml") throws -> RiskReport {
    let set = try #require(pack.policySet)
    let model = try #require(pack.riskModel)
    let loaded = SnapshotLoader().load(SourceText(path: path, text: text))
    #expect(loaded.diagnostics.isEmpty, "\(loaded.diagnostics)")
    let snapshot = try #require(loaded.snapshots.first)
    return RiskScorer(model).score(snapshot, findings: PolicyEvaluator(set).evaluate(snapshot))
}

@Suite("Tokenism-risk scores of the fixtures")
struct FixtureRiskTests {
    @Test(arguments: [
        ("well-run.yaml", RiskBand.low, "organization-turnover"),
        ("mixed.yaml", RiskBand.moderate, "teams"),
        ("struggling.yaml", RiskBand.high, "teams"),
        ("tokenistic.yaml", RiskBand.critical, "teams"),
    ])
    func organizationBandAndTopFactor(_ fixture: String, _ band: RiskBand, _ topFactor: String) throws {
        let report = try score(fixtureText(fixture), path: fixture)
        #expect(report.organization.band == band, "\(fixture): \(report.organization.score)")
        #expect(report.organization.contributions.first?.factorID == topFactor)
    }

    @Test(arguments: [
        ("tokenistic.yaml", "ed-flow", 92.2, RiskBand.critical, "lone-advisor"),
        ("mixed.yaml", "falls", 64.3, RiskBand.high, "lone-advisor"),
        ("mixed.yaml", "home-care", 17.5, RiskBand.low, "no-evaluation"),
        ("struggling.yaml", "survivorship", 40.5, RiskBand.moderate, "professional-leadership"),
        ("well-run.yaml", "mh-ambulatory", 0.0, RiskBand.low, nil),
    ] as [(String, String, Double, RiskBand, String?)])
    func teamScoreBandAndTopFactor(_ fixture: String, _ team: String, _ expected: Double, _ band: RiskBand, _ top: String?) throws {
        let report = try score(fixtureText(fixture), path: fixture)
        let scored = try #require(report.teams.first { $0.subject.id == team })
        #expect(scored.score == expected)
        #expect(scored.band == band)
        #expect(scored.contributions.first?.factorID == top)
    }

    @Test func contributionsAddUpToTheScoreAndComeLargestFirst() throws {
        let report = try score(fixtureText("tokenistic.yaml"))
        for scored in report.all {
            let sum = scored.contributions.reduce(0) { $0 + $1.points }
            #expect(abs(sum - scored.score) < 0.11, "\(scored.subject.id): \(sum) vs \(scored.score)")
            #expect(scored.contributions.map(\.points) == scored.contributions.map(\.points).sorted(by: >))
            #expect(scored.contributions.allSatisfy { !$0.explanation.isEmpty && !$0.remediation.isEmpty })
        }
    }

    @Test func assigningACoachLowersTheTeamByTheFactorWeightAndTheOrganizationByHalf() throws {
        let text = try fixtureText("tokenistic.yaml")
        let before = try score(text)
        let after = try score(text.replacingOccurrences(of: "    priorMandates: 0\n  - id: pa-marie", with: "    priorMandates: 0\n    coach: pa-marie\n  - id: pa-marie"))
        // no-coach weighs 8 of the team's 100; the teams weigh 100 of the organization's 200 and
        // enter as the average of mean and maximum, which both drop by 8 with one team.
        #expect(before.teams[0].score - after.teams[0].score == 8.0)
        #expect(abs((before.organization.score - after.organization.score) - 4.0) < 0.051)
        #expect(!after.teams[0].contributions.contains { $0.factorID == "no-coach" })
    }

    @Test func addingASecondAdvisorRemovesTheLoneAdvisorFactor() throws {
        let text = try fixtureText("tokenistic.yaml")
        let before = try score(text)
        let second = text
            .replacingOccurrences(of: "  - {id: pm-luc,", with: "  - {id: pa-nina, name: Nina Cole, category: patient_advisor, priorMandates: 2, training: [{topic: partnership, date: 2026-01-01}]}\n  - {id: pm-luc,")
            .replacingOccurrences(of: "      - {person: pa-gilles, role: patient_advisor, joined: 2026-04-01}", with: "      - {person: pa-gilles, role: patient_advisor, joined: 2026-04-01}\n      - {person: pa-nina, role: patient_advisor, joined: 2026-04-01}")
        let after = try score(second)
        #expect(before.teams[0].contributions.contains { $0.factorID == "lone-advisor" && abs($0.points - 14) < 1e-9 })
        #expect(!after.teams[0].contributions.contains { $0.factorID == "lone-advisor" })
        #expect(before.teams[0].score - after.teams[0].score >= 14)
    }
}
