import Foundation
import TestSupport
import Testing

@testable import Evaluation
@testable import YAMLSource

/// The thresholds the README states are the code's: where the load starts a second thread and
/// cuts a document into pieces, where evaluation and scoring use every core, how many teams a
/// chunk holds, and how long CI fuzzes each target.
@Suite("README claims about thresholds")
struct ReadmeThresholdTests {
    /// Expects the README to say `claim`, its lines joined (every run of spaces and line breaks
    /// read as one space: its lines wrap anywhere).
    static func expectStated(_ claim: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let text = try String(contentsOf: TandemProcess.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let joined = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        let stated = joined.contains(claim)
        #expect(stated, "README does not say: \(claim)", sourceLocation: sourceLocation)
    }

    @Test func theLoadsThresholdsAreTheLoaders() throws {
        let (threads, pieces) = (YAMLLoader.Threads.threshold >> 20, YAMLLoader.Splitting.threshold >> 20)
        try Self.expectStated("(a file of \(threads) MB or more), or, from \(pieces) MB, the document cut at list items")
        try Self.expectStated("(on a second thread from \(threads) MB; in pieces on every core from \(pieces) MB")
    }

    @Test func theEvaluatorsThresholdsAreTheEvaluators() throws {
        try Self.expectStated("(evaluation and scoring run in parallel from \(PolicyEvaluator.parallelTeams) teams)")
        try Self.expectStated("checked a chunk of \(PolicyEvaluator.teamsPerChunk) teams at a time")
    }

    @Test func theFuzzSmokeRunsAsLongAsStated() throws {
        let ci = try String(contentsOf: TandemProcess.packageRoot.appendingPathComponent(".ci/run"), encoding: .utf8)
        let seconds = try #require(ci.firstMatch(of: #/(?m)^Fuzz/run all (\d+)/#)?.1)
        try Self.expectStated("`.ci/run` smoke-runs every target for \(seconds) seconds")
    }
}
