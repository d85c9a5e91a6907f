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
