import Foundation
import TestSupport
import Testing

/// Every user-visible output besides `check`'s report formats (pinned in `ReportFormatTests`) is
/// pinned by a golden file: stdout and exit status of a documented invocation on the shipped
/// fixtures. `docs/rules.md` and `docs/diagnostics.md` are the goldens of `compile --list` and
/// `diagnostics`, kept in sync by their own tests. Re-record with
/// `TANDEM_RECORD_GOLDEN=1 swift test --filter CommandGoldenTests`.
@Suite("Command outputs match their golden files", .serialized)
struct CommandGoldenTests {
    /// One pinned invocation: the golden file's name, the arguments, and the documented exit status.
    struct Invocation: Sendable, CustomTestStringConvertible {
        var golden: String
        var arguments: [String]
        var status: Int32
        var testDescription: String { "tandem " + arguments.joined(separator: " ") }
    }

    static let policy = ["--policy", "Policies/partners-in-care"]
    static let invocations: [Invocation] = [
        Invocation(golden: "score.txt", arguments: ["score"] + policy + ["Fixtures/valid"], status: 0),
        Invocation(golden: "score-fr.txt", arguments: ["score"] + policy + ["--lang", "fr", "Fixtures/valid/first-assessment.yaml"], status: 0),
        Invocation(golden: "score.json", arguments: ["score"] + policy + ["--format", "json", "Fixtures/valid"], status: 0),
        Invocation(golden: "score-max-risk.txt", arguments: ["score"] + policy + ["--max-risk", "50", "Fixtures/valid/tokenistic.yaml"], status: 1),
        Invocation(golden: "test.txt", arguments: ["test", "Policies/"], status: 0),
        Invocation(golden: "test.xml", arguments: ["test", "--format", "junit", "Policies/"], status: 0),
        Invocation(golden: "explain-ops-001.txt", arguments: ["explain", "PP-OPS-001"] + policy + ["--snapshot", "Fixtures/valid/tokenistic.yaml"], status: 0),
        Invocation(
            golden: "explain-ops-002-subject.txt", arguments: ["explain", "PP-OPS-002"] + policy + ["--snapshot", "Fixtures/valid/mixed.yaml", "--subject", "pa-chloe"],
            status: 0),
        Invocation(
            golden: "eval.json",
            arguments: ["eval", "--snapshot", "Fixtures/valid/tokenistic.yaml", "--format", "json", "{'teams': snapshot.teams.map(t, t.id), 'sizes': snapshot.teams.map(t, t.members.size())}"],
            status: 0),
        Invocation(golden: "eval-error.txt", arguments: ["eval", "--format", "json", "[1, 2].map(x, x / 0)"], status: 2),
        Invocation(golden: "schema-snapshot.json", arguments: ["schema", "snapshot"], status: 0),
        Invocation(golden: "schema-config.json", arguments: ["schema", "config"], status: 0),
        Invocation(golden: "config-show-none.txt", arguments: ["config", "show"], status: 0),
        Invocation(golden: "compile.txt", arguments: ["compile", "Policies/partners-in-care"], status: 0),
    ]
    static let directory = TandemProcess.packageRoot.appendingPathComponent("Tests/TandemCLITests/golden/commands")

    @Test(arguments: invocations)
    func matchesItsGoldenFile(_ invocation: Invocation) throws {
        let run = try TandemProcess.run(invocation.arguments, environment: ["COLUMNS": "100"])
        #expect(run.status == invocation.status, "stderr: \(run.stderr)")
        // An error's report is on stderr; pin whichever stream the user reads.
        let output = run.stdout.isEmpty ? run.stderr : run.stdout
        #expect(!output.isEmpty)
        let golden = Self.directory.appendingPathComponent(invocation.golden)
        if ProcessInfo.processInfo.environment["TANDEM_RECORD_GOLDEN"] != nil {
            try FileManager.default.createDirectory(at: Self.directory, withIntermediateDirectories: true)
            try output.write(to: golden, atomically: true, encoding: .utf8)
        }
        let expected = try String(contentsOf: golden, encoding: .utf8)
        #expect(output == expected, "\(invocation.golden) differs; re-record with TANDEM_RECORD_GOLDEN=1 if intended")
    }

    /// JUnit consumers key test cases by class and name: no two may share both, and file paths
    /// are as a user writes them (no `tests/../`).
    @Test func policyTestCasesHaveDistinctNamesAndPlainPaths() throws {
        let run = try TandemProcess.run(["test", "--format", "junit", "Policies/"])
        let cases = run.stdout.split(separator: "\n").filter { $0.contains("<testcase ") }
        let keys = cases.map { line in
            [" classname", " name"].map { attribute in line.firstRange(of: "\(attribute)=\"").map { line[$0.upperBound...].prefix { $0 != "\"" } } ?? "" }
        }
        #expect(cases.count == 188)
        #expect(Set(keys).count == keys.count)
        #expect(!run.stdout.contains("/../"))
    }
}
