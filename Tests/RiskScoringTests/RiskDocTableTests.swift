import Evaluation
import Foundation
import PolicyCompiler
import RiskScoring
import SnapshotModel
import TestSupport
import Diagnostics
import Testing

/// docs/risk.md's table of fixture scores is the scorer's output, row for row, so it cannot drift.
@Suite("docs/risk.md fixture table")
struct RiskDocTableTests {
    static func interval(_ low: Double, _ high: Double) -> String {
        low == high ? "(exact)" : "(\(String(format: "%.1f", low))–\(String(format: "%.1f", high)))"
    }

    @Test func everyRowIsWhatTheScorerGives() throws {
        let doc = try String(contentsOf: TandemProcess.packageRoot.appendingPathComponent("docs/risk.md"), encoding: .utf8)
        let set = try #require(pack.policySet)
        for fixture in ["well-run.yaml", "mixed.yaml", "struggling.yaml", "tokenistic.yaml", "first-assessment.yaml"] {
            let report = try score(fixtureText(fixture), path: fixture)
            let snapshot = try #require(SnapshotLoader().load(SourceText(path: fixture, text: fixtureText(fixture))).snapshots.first)
            let evidence = PolicyEvaluator(set).run(snapshot).evidence.overall
            let org = report.organization
            let teams = report.teams.map { "\($0.subject.id) \(String(format: "%.1f", $0.score)) \($0.band.rawValue) \(Self.interval($0.low, $0.high))" }
            let row =
                "| \(fixture) | \(String(format: "%.1f", org.score)) \(org.band.rawValue)"
                + (org.low == org.high ? " (exact)" : ", \(String(format: "%.1f", org.low))–\(String(format: "%.1f", org.high))") + " | \(teams.joined(separator: ", ")) | "
                + "\(evidence.decided * 100 / evidence.applicable)% (\(evidence.decided) of \(evidence.applicable)) |"
            #expect(doc.contains(row), "docs/risk.md should have the row\n\(row)")
        }
    }
}
