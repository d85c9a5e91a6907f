import Foundation
import TestSupport
import Testing

@testable import Evaluation
@testable import YAMLSource

/// The thresholds the README states are the code's: where the load starts a second thread and
/// cuts a document into pieces and how big the pieces are, where evaluation and scoring use every
/// core, how many teams a chunk holds, how many runs the benchmark's end-to-end figure is the best
/// of (end to end and per report format), and how long CI fuzzes each target. The chunk's size
/// is stated where the run that brought it in is recorded (`docs/performance.md`).
@Suite("README claims about thresholds")
struct ReadmeThresholdTests {
    /// Expects `document` (the README unless named) to say `claim`, its lines joined (every run
    /// of spaces and line breaks read as one space: its lines wrap anywhere).
    static func expectStated(_ claim: String, in document: String = "README.md", sourceLocation: SourceLocation = #_sourceLocation) throws {
        let unstated = try StatedText(document).unstated([claim])
        #expect(unstated.isEmpty, "\(document) does not say: \(claim)", sourceLocation: sourceLocation)
    }

    @Test func theLoadsThresholdsAreTheLoaders() throws {
        let (threads, pieces) = (YAMLLoader.Threads.threshold >> 20, YAMLLoader.Splitting.threshold >> 20)
        try Self.expectStated("(a file of \(threads) MB or more), or, from \(pieces) MB, the document cut at list items")
        try Self.expectStated("(on a second thread from \(threads) MB; in pieces on every core from \(pieces) MB")
    }

    @Test func theLoadsPieceSizesAreTheLoaders() throws {
        let (first, smallest) = (YAMLLoader.Splitting.shrinkingDivisor, YAMLLoader.Splitting.smallestDivisor)
        try Self.expectStated("pieces shrink from what remains ÷ (\(first) × cores) to the input ÷ (\(smallest) × cores)")
        // The sizing follows the constants: on 4 cores, a 64 MB input's first piece and its
        // smallest.
        let sizing = SplitLoad.Sizing(smallest: (64 << 20) / (4 * smallest), shrinkingOver: 4)
        #expect(sizing.piece(at: 0, of: 64 << 20) == (64 << 20) / (first * 4))
    }

    /// A small count as the README writes it ("three").
    static func spelled(_ count: Substring) -> String {
        ["2": "two", "3": "three", "4": "four", "5": "five"][String(count)] ?? String(count)
    }

    @Test func theBenchmarksRunCountIsTheBenchmarks() throws {
        let bench = try String(contentsOf: TandemProcess.packageRoot.appendingPathComponent("Benchmarks/Runner/main.swift"), encoding: .utf8)
        func runs(_ constant: String) throws -> String {
            let pattern = try Regex("(?m)^let \(constant) = (\\d+)$")
            return Self.spelled(try #require(bench.firstMatch(of: pattern)?.output[1].substring))
        }
        try Self.expectStated("clock, the best of \(try runs("endToEndRuns")) runs taken in turns with libyaml's raw loop")
        try Self.expectStated("one small snapshot end to end, best of \(try runs("singleRuns")):")
        try Self.expectStated(
            "in one process, best of \(try runs("manyRuns")) runs (peak RSS the largest), and one of them end to end in its own process, best of \(try runs("singleRuns")).")
        try Self.expectStated("`--formats` runs `tandem check --format F` for every report format on the largest size (best of \(try runs("formatRuns")) runs each")
    }

    @Test func theEvaluatorsThresholdsAreTheEvaluators() throws {
        try Self.expectStated("(evaluation and scoring run in parallel from \(PolicyEvaluator.parallelTeams) teams)")
        try Self.expectStated("checked a chunk of \(PolicyEvaluator.teamsPerChunk) teams at a time", in: "docs/performance.md")
    }

    @Test func theFuzzSmokeRunsAsLongAsStated() throws {
        let ci = try String(contentsOf: TandemProcess.packageRoot.appendingPathComponent(".ci/run"), encoding: .utf8)
        let seconds = try #require(ci.firstMatch(of: #/(?m)^Fuzz/run all (\d+)/#)?.1)
        try Self.expectStated("`.ci/run` smoke-runs every target for \(seconds) seconds")
    }
}
