import Diagnostics
import Evaluation
import Foundation
import PolicyCompiler
import SnapshotModel
import TestSupport
import Testing

/// A large snapshot's rules over its teams are checked a chunk of teams at a time on every core
/// (``PolicyEvaluator``): what they find must be what one core finds rule after rule.
@Suite("Evaluation in chunks of teams")
struct ChunkedEvaluationTests {
    /// The mixed fixture with its two teams repeated `copies` times under new ids: teams that
    /// pass, fail and leave facts unrecorded, enough of them to make several chunks.
    static func manyTeams(copies: Int) throws -> Snapshot {
        let path = TandemProcess.packageRoot.appendingPathComponent("Fixtures/valid/mixed.yaml").path
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let start = try #require(lines.firstIndex(of: "teams:"))
        let end = lines[(start + 1)...].firstIndex { !$0.isEmpty && !$0.hasPrefix(" ") && !$0.hasPrefix("#") } ?? lines.count
        var text = lines[...start]
        for copy in 0..<copies {
            text += lines[(start + 1)..<end].map { $0.hasPrefix("  - id: ") ? "\($0)-\(copy)" : $0 }
        }
        text += lines[end...]
        let loaded = SnapshotLoader().load(SourceText(path: "many-teams.yaml", text: text.joined(separator: "\n")))
        #expect(loaded.diagnostics.filter { $0.severity == .error }.isEmpty, "\(loaded.diagnostics.prefix(3).map(\.message))")
        return try #require(loaded.snapshots.first)
    }

    @Test func teamsCheckedInChunksGiveWhatOneCoreGives() throws {
        let snapshot = try Self.manyTeams(copies: 400)
        let compiled = PolicyCompiler().compile(paths: [TandemProcess.packageRoot.appendingPathComponent("Policies/partners-in-care").path])
        let evaluator = PolicyEvaluator(try #require(compiled.policySet))
        let serial = evaluator.run(snapshot, keepingOutcomes: true, parallel: false)
        let chunked = evaluator.run(snapshot, keepingOutcomes: true, parallel: true)
        func describe(_ findings: [Finding]) -> [String] {
            findings.map { "\($0.ruleID) \($0.kind) \($0.subject.id) \($0.location.line):\($0.location.column) \($0.message) \($0.unrecorded)" }
        }
        // 800 teams: four chunks and more, every kind of result among them.
        #expect(Set(serial.findings.map(\.kind)) == [.violation, .insufficientEvidence])
        #expect(Set(serial.findings.map(\.subject.id)).count > 800)
        #expect(describe(chunked.findings) == describe(serial.findings))
        #expect(chunked.outcomes == serial.outcomes)
        #expect(chunked.evidence == serial.evidence)
    }
}
