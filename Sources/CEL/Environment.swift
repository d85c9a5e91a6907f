import Diagnostics
@_exported import Expression
import ExpressionChecker
@_exported import ExpressionInterpreter
import ExpressionParser

/// Wires parser, checker and interpreter together: compile once, evaluate many times.
///
/// ```swift
/// let env = Environment(variables: ["team": .object("Team")], objectTypes: provider)
/// let compiled = try env.compile("team.members.size() >= 6", expecting: .bool).get()
/// let value = compiled.program.evaluate([teamValue], context: EvaluationContext(today: asOf))
/// ```
public struct Environment: Sendable {
    /// Names the checker accepts.
    public private(set) var declarations: Declarations
    /// Functions beyond the standard library (Tandem's own, such as `today()`).
    public private(set) var functions: [FunctionImplementation]
    /// The same functions in the table the planner looks calls up in, kept beside them.
    private var functionTable = FunctionTable()
    /// The parser, with its limits.
    public var parser = Parser()
    /// Steps one evaluation may take.
    public var stepBudget = 10_000_000
    /// Names bound to values known at compile time (policy parameters): checked like variables,
    /// folded into programs, never slots.
    public private(set) var constants: [String: Value] = [:]

    /// Creates an environment with the standard library, the `extensions` (all of them unless
    /// the author says otherwise, as in Kubernetes), Tandem's functions and `variables`.
    public init(variables: [String: CELType] = [:], extensions: Set<CELExtension> = CELExtension.all, objectTypes: (any ObjectTypeProvider)? = nil) {
        declarations = Declarations(variables: variables, extensions: extensions, objectTypes: objectTypes)
        functions = []
        for extensionFunction in TandemFunctions.all { add(extensionFunction) }
    }

    /// Signatures added beyond the standard library and the extensions (Tandem's functions and
    /// the caller's), kept so ``enable(_:)`` can rebuild the declarations.
    private var added: [FunctionDecl] = []

    /// Adds a function: its signature for the checker and its body for the interpreter.
    public mutating func add(_ function: ExtensionFunction) {
        declarations.declare(function.declaration)
        added.append(function.declaration)
        functions.append(function.implementation)
        functionTable.add(function.implementation)
    }

    /// Enables exactly `extensions` (a policy file's `cel.extensions`); the checker rejects the
    /// others' functions, macros and syntax with CEL009.
    public mutating func enable(_ extensions: Set<CELExtension>) {
        guard extensions != declarations.extensions else { return }
        var rebuilt = Declarations(variables: declarations.variables, extensions: extensions, objectTypes: declarations.objectTypes)
        for function in added { rebuilt.declare(function) }
        declarations = rebuilt
    }

    /// Declares another variable.
    public mutating func declare(variable name: String, type: CELType) {
        declarations.variables[name] = type
    }

    /// Declares a name whose value is known now, such as `params`.
    public mutating func declare(constant name: String, type: CELType, value: Value) {
        declarations.variables[name] = type
        constants[name] = value
    }

    /// Parses and checks `text`; when `expecting` is given the result type must match it.
    public func compile(_ text: String, expecting: CELType? = nil) -> Result<CompiledExpression, CompileFailure> {
        let parsed: ParsedExpression
        do {
            parsed = try parser.parse(text)
        } catch {
            return .failure(CompileFailure(source: ExpressionSource(text), issues: [error]))
        }
        switch Checker(declarations: declarations).check(parsed) {
        case .failure(let failure):
            return .failure(CompileFailure(source: parsed.source, issues: failure.issues))
        case .success(let checked):
            if let expecting, !Self.fits(checked.resultType, expecting) {
                return .failure(
                    CompileFailure(
                        source: parsed.source,
                        issues: [
                            ExpressionIssue(CELDiagnostics.typeMismatch, message: "expression must be \(expecting), but it is \(checked.resultType)", offset: parsed.offset(of: parsed.root.id))
                        ]))
            }
            return .success(plan(parsed, type: checked.resultType, types: checked.types))
        }
    }

    /// Parses without type checking (for dynamic input, as the conformance suite's `disable_check`).
    public func compileUnchecked(_ text: String) -> Result<CompiledExpression, CompileFailure> {
        do {
            let parsed = try parser.parse(text)
            return .success(plan(parsed, type: .dyn, types: [:]))
        } catch {
            return .failure(CompileFailure(source: ExpressionSource(text), issues: [error]))
        }
    }

    private func plan(_ parsed: ParsedExpression, type: CELType, types: [Int32: CELType]) -> CompiledExpression {
        let variables = declarations.variables.keys.filter { constants[$0] == nil }.sorted()
        let program = Program(parsed.root, variables: variables, functions: functionTable, constants: constants, stepBudget: stepBudget)
        return CompiledExpression(parsed: parsed, resultType: type, types: types, program: program)
    }

    private static func fits(_ actual: CELType, _ expected: CELType) -> Bool {
        actual == expected || actual.isDynamic || expected == .dyn
    }
}

/// A compiled expression: its tree, its type and its program.
public struct CompiledExpression: Sendable {
    /// The parsed tree (for explanations and positions).
    public let parsed: ParsedExpression
    /// The checked result type (`dyn` when unchecked).
    public let resultType: CELType
    /// Every node's checked type.
    public let types: [Int32: CELType]
    /// The program to evaluate.
    public let program: Program

    /// Evaluates with variables by name.
    public func evaluate(_ bindings: [String: Value], context: EvaluationContext = EvaluationContext()) -> Value {
        program.evaluate(bindings, context: context)
    }

    /// The same expression with a program of its own (see ``Program/ownCopy()``).
    public func withOwnProgram() -> CompiledExpression {
        CompiledExpression(parsed: parsed, resultType: resultType, types: types, program: program.ownCopy())
    }

    /// The offset in the source text of the node an error came from.
    public func offset(of error: EvalError) -> Int {
        parsed.offset(of: error.exprID)
    }
}

/// Why an expression did not compile: every issue, with the text they point into.
public struct CompileFailure: Error, Sendable {
    /// The expression text.
    public let source: ExpressionSource
    /// The issues.
    public let issues: [ExpressionIssue]

    /// The issues as diagnostics; `locate` maps a 1-based line and column inside the expression to
    /// a place in the file it was written in.
    public func diagnostics(_ locate: (Int, Int) -> SourceLocation?) -> [Diagnostic] {
        issues.map { issue in
            let (line, column) = source.lineAndColumn(of: issue.offset)
            return Diagnostic(code: issue.code, message: issue.message, location: locate(line, column), notes: issue.notes)
        }
    }
}
