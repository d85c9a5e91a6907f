import Foundation
import TestSupport
import Testing

/// Tandem's CEL against an independent implementation, cel-rust (PyPI
/// `common-expression-language`), on 300 generated expressions with a fixed seed:
/// `Benchmarks/differential/compare.py` fails on any disagreement not classified in
/// `Benchmarks/differential/known.tsv`, and on the reappearance of a Tandem bug it once found.
/// `.ci/run` installs the peer and sets TANDEM_REQUIRE_PEER; without the peer (a developer's
/// machine) the test says it was skipped.
@Suite("Differential CEL against cel-rust")
struct DifferentialCELTests {
    /// The expressions one run compares (the README states it).
    static let count = 300

    @Test func everyDisagreementIsClassified() throws {
        let probe = try ReportFormatTests.python(["-c", "import cel"])
        guard probe.status == 0 else {
            #expect(ProcessInfo.processInfo.environment["TANDEM_REQUIRE_PEER"] == nil, "the peer CEL is required (TANDEM_REQUIRE_PEER) but missing")
            print("skipped: the differential CEL test needs python3 -m pip install common-expression-language")
            return
        }
        let script = TandemProcess.packageRoot.appendingPathComponent("Benchmarks/differential/compare.py").path
        let run = try ReportFormatTests.python([script, "--count", String(Self.count), "--seed", "7", "--tandem", TandemProcess.executable.path])
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        // The first line states the agreement rate; the rest names each class of disagreement.
        #expect(run.stdout.hasPrefix("\(Self.count) expressions (seed 7): "))
        print(run.stdout.split(separator: "\n").first ?? "")
    }
}
