import CEL
import Expression

/// Compiles (checked) and evaluates `text`, returning the value printed in CEL notation, or
/// `compile error: …` with the first issue.
func evaluate(_ text: String, variables: [String: CELType] = [:], bindings: [String: Value] = [:], today: Timestamp? = nil, budget: Int? = nil) -> String {
    var env = Environment(variables: variables)
    if let budget { env.stepBudget = budget }
    switch env.compile(text) {
    case .failure(let failure): return "compile error: " + (failure.issues.first?.message ?? "?")
    case .success(let compiled): return Printer.literal(compiled.evaluate(bindings, context: EvaluationContext(today: today)))
    }
}
