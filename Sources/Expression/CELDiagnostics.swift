import Diagnostics

/// Every diagnostic of the expression language, compile time and run time.
public enum CELDiagnostics: DiagnosticCatalogue {
    public static let title = "CEL expressions (CEL…, EVAL…)"
    public static let syntax = DiagnosticKind("CEL001", .error, "syntax error", help: "The caret marks where the expression stops making sense.")
    public static let undeclared = DiagnosticKind("CEL002", .error, "undeclared variable or function (with \"did you mean\")", help: "Check the name; docs/cel.md lists the functions.")
    public static let noOverload = DiagnosticKind(
        "CEL003", .error, "no matching overload, or wrong number of arguments", help: "The message lists the argument types found; convert one (int(), double(), string()).")
    public static let undefinedField = DiagnosticKind("CEL004", .error, "undefined field on a declared object type (with \"did you mean\")", help: "`tandem schema snapshot` lists every field.")
    public static let typeMismatch = DiagnosticKind(
        "CEL005", .error, "type mismatch (non-bool predicate, bad map key, wrong result type)", help: "when/assert must be bool; a signal a number or bool.")
    public static let reserved = DiagnosticKind("CEL006", .error, "reserved word used as a name", help: "Rename the variable.")
    public static let tooComplex = DiagnosticKind(
        "CEL007", .error, "expression too long or nested deeper than 200 levels", help: "Brackets and chains of operators or selections count; split the expression into variables.")
    public static let badPattern = DiagnosticKind("CEL008", .error, "a constant matches() pattern that RE2 rejects", help: "Patterns use RE2 syntax: no backreferences or lookaround.")
    public static let extensionDisabled = DiagnosticKind(
        "CEL009", .error, "a function, macro or syntax of an extension library the policy set does not enable",
        help: "Add the library to the policy set's cel.extensions (docs/cel.md lists them), or write the expression without it.")
    public static let evaluation = DiagnosticKind("EVAL001", .error, "tandem eval: the expression failed at run time", help: "The caret marks the sub-expression that failed.")
    public static let badToday = DiagnosticKind("EVAL002", .error, "tandem eval: --today outside 0001-01-01…9999-12-31", help: "Give a date in CEL's timestamp range.")

    public static var kinds: [DiagnosticKind] {
        [syntax, undeclared, noOverload, undefinedField, typeMismatch, reserved, tooComplex, badPattern, extensionDisabled, evaluation, badToday]
    }
}

extension ExpressionIssue {
    /// An issue of a declared kind.
    public init(_ kind: DiagnosticKind, message: String, offset: Int, notes: [String] = []) {
        self.init(code: kind.code, message: message, offset: offset, notes: notes)
    }
}
