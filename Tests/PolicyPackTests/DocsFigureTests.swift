import CEL
import PolicyCompiler
import TestSupport
import Testing

@testable import ExpressionInterpreter

/// The budgets and limits docs/cel.md and docs/policies.md state are the code's.
@Suite("Docs figures: budgets and citation limits")
struct DocsFigureTests {
    @Test func theBudgetsAreTheInterpreters() throws {
        let steps = Environment().stepBudget
        // In thousands, as the docs write it: 10,000,000.
        var digits = Array(String(steps))
        for index in stride(from: digits.count - 3, to: 0, by: -3) { digits.insert(",", at: index) }
        let grouped = String(digits)
        let memory = "\(Frame.memoryBudget >> 20) MiB"
        #expect(
            try StatedText("docs/cel.md").unstated([
                "the evaluation's budget (\(grouped) by default)", "(comprehension iterations and calls; default \(grouped))",
                "count against the \(memory) memory budget", "charged to a \(memory) budget",
            ]) == [])
        #expect(steps % 1_000_000 == 0)
        #expect(try StatedText("docs/policies.md").unstated(["Each evaluation has a step budget (\(steps / 1_000_000) million comprehension iterations and calls)"]) == [])
    }

    @Test func theQuotationLimitIsTheCompilers() throws {
        #expect(try StatedText("docs/policies.md").unstated(["(at most \(Citation.maxQuoteWords) words)"]) == [])
    }
}

/// The performance record (`docs/performance.md`, the README's earlier runs) says PP-OPS-016
/// filters a member's meetings once.
@Suite("Performance record claims about the seed pack's rules")
struct PerformanceRecordRuleClaimTests {
    @Test func theAttendanceRuleFiltersTheMeetingsOnce() throws {
        let text = try String(contentsOf: TandemProcess.packageRoot.appendingPathComponent("Policies/partners-in-care/operational.yaml"), encoding: .utf8)
        let start = try #require(text.range(of: "- id: PP-OPS-016\n"))
        let end = text.range(of: "\n  - id: ", range: start.upperBound..<text.endIndex)?.lowerBound ?? text.endIndex
        let rule = text[start.upperBound..<end]
        #expect(rule.components(separatedBy: "team.meetings.filter(").count - 1 == 1)
        #expect(try StatedText("docs/performance.md").unstated(["PP-OPS-016 filters a member's meetings once, not three times"]) == [])
    }
}
