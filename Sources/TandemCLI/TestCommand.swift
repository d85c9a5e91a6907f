import YAMLSource
import ArgumentParser
import Diagnostics
import Foundation
import PolicyTesting
import Reporting

/// `tandem test`: runs policy tests and rule examples, and reports rule coverage.
struct TestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Run policy tests (kind: PolicyTest) and the rule examples of the policies they test.",
        discussion: """
            Each case names a snapshot (a file or an inline fragment) and the findings and risk bands it must
            produce. Every rule's examples run too. Rules without a passing or without a failing case are
            listed as uncovered. Exits 1 when a case fails, 2 when a test or policy file is invalid.

            EXAMPLES
              tandem test Policies/
              tandem test --format junit --output tandem-tests.xml tests/
            """
    )

    enum Format: String, ArgumentChoice {
        case text, junit
    }

    @Argument(help: "Test files or directories (default: the current directory).")
    var paths: [String] = ["."]

    @Option(help: "Output: text or junit.")
    var format: Format = .text

    @Option(help: "Write the report to this file instead of stdout.")
    var output: String?

    @Flag(name: .customLong("require-full-coverage"), help: "Fail (exit 1) when a rule lacks a passing or a failing case.")
    var requireFullCoverage = false

    @OptionGroup var input: InputOptions

    func run() throws {
        let report = PolicyTestRunner(limits: input.limits).run(paths: paths)
        if !report.diagnostics.isEmpty { Console.error(DiagnosticRenderer(sources: report.sources).render(report.diagnostics)) }
        let text = format == .text ? Self.text(report) : Self.junit(report)
        if let output {
            try text.write(toFile: output, atomically: true, encoding: .utf8)
        } else {
            if format == .text { Console.human(text) } else { Console.out(text) }
        }
        if report.diagnostics.containsErrors { throw TandemExit(code: .inputError) }
        if report.cases.isEmpty && report.examples.isEmpty {
            Console.report(TestDiagnostics.noTests, "no PolicyTest files under \(paths.joined(separator: ", "))")
            throw TandemExit(code: .inputError)
        }
        if !report.passed || (requireFullCoverage && !report.uncovered.isEmpty) { throw TandemExit(code: .violations) }
    }

    static func text(_ report: PolicyTestRunner.Report) -> String {
        var out = ""
        var currentFile = ""
        for c in report.cases {
            if c.file != currentFile {
                out += "\(c.file)\n"
                currentFile = c.file
            }
            out += "  \(c.passed ? "✓" : "✗") \(c.name)\n"
            for problem in c.problems { out += "      \(problem)\n" }
        }
        let failedExamples = report.examples.filter { !$0.passed }
        out += "Rule examples: \(report.examples.count - failedExamples.count) passed, \(failedExamples.count) failed\n"
        for example in failedExamples {
            out += "  ✗ \(example.location) \(example.name)\n"
            for problem in example.problems { out += "      \(problem)\n" }
        }
        let uncoveredRules = Set(report.uncovered.map(\.rule))
        out += "Rule coverage: \(report.ruleCount - uncoveredRules.count)/\(report.ruleCount) rules have a passing and a failing case\n"
        for (rule, missing) in report.uncovered { out += "  \(rule): \(missing)\n" }
        let failed = report.cases.filter { !$0.passed }.count
        out += "\(report.cases.count - failed) of \(report.cases.count) test cases passed\n"
        return out
    }

    static func junit(_ report: PolicyTestRunner.Report) -> String {
        var suites: [(String, [PolicyTestRunner.CaseResult])] = []
        for c in report.cases {
            if suites.last?.0 == c.file { suites[suites.count - 1].1.append(c) } else { suites.append((c.file, [c])) }
        }
        if !report.examples.isEmpty { suites.append(("rule examples", report.examples)) }
        let all = suites.flatMap(\.1)
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<testsuites name=\"tandem test\" tests=\"\(all.count)\" failures=\"\(all.filter { !$0.passed }.count)\">\n"
        for (name, cases) in suites {
            out += "  <testsuite name=\"\(JUnitReporter.escape(name))\" tests=\"\(cases.count)\" failures=\"\(cases.filter { !$0.passed }.count)\">\n"
            for c in cases {
                out +=
                    "    <testcase classname=\"\(JUnitReporter.escape(name))\" name=\"\(JUnitReporter.escape(c.name))\" file=\"\(JUnitReporter.escape(c.location.file))\" line=\"\(c.location.line)\""
                if c.passed {
                    out += "/>\n"
                } else {
                    out += ">\n      <failure message=\"\(JUnitReporter.escape(c.problems.first ?? ""))\">\(JUnitReporter.escape(c.problems.joined(separator: "\n")))</failure>\n    </testcase>\n"
                }
            }
            out += "  </testsuite>\n"
        }
        return out + "</testsuites>\n"
    }
}
