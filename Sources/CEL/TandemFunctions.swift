import Expression
import ExpressionInterpreter

/// A function with both halves: what the checker knows and what the interpreter runs.
public struct ExtensionFunction: Sendable {
    /// The signature(s).
    public var declaration: FunctionDecl
    /// The implementation.
    public var implementation: FunctionImplementation

    /// Pairs a declaration with its implementation.
    public init(declaration: FunctionDecl, implementation: FunctionImplementation) {
        self.declaration = declaration
        self.implementation = implementation
    }
}

/// Tandem's additions to CEL, for rules about dates.
public enum TandemFunctions {
    /// `today()` and `daysBetween(a, b)`.
    ///
    /// `today()` reads ``EvaluationContext/today``; without one it is an evaluation error, so a rule
    /// never silently depends on the machine's clock.
    public static let all: [ExtensionFunction] = {
        [
            ExtensionFunction(
                declaration: FunctionDecl("today", "the snapshot's as-of date (midnight UTC), fixed for the run", [Overload("today", [], .timestamp)]),
                implementation: FunctionImplementation(name: "today", pure: false) { _, context in
                    context.today.map(Value.timestamp) ?? .error(EvalError("today() has no value: the caller supplied no date"))
                }),
            ExtensionFunction(
                declaration: FunctionDecl(
                    "daysBetween", "whole days from the first timestamp to the second (negative when earlier)",
                    [
                        Overload("days_between_timestamp", [.timestamp, .timestamp], .int)
                    ]),
                implementation: FunctionImplementation(name: "daysBetween") { args, _ in
                    guard args.count == 2, case .timestamp(let a) = args[0], case .timestamp(let b) = args[1] else { return nil }
                    return .int(TimeFormat.floorDiv(b.seconds - a.seconds, 86_400))
                }),
        ]
    }()
}
