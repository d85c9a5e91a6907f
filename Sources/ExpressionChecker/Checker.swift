import Regex
import Diagnostics
import Expression

/// The checker's output: the parsed expression with a type for every node.
public struct CheckedExpression: Sendable {
    /// The parsed expression.
    public let parsed: ParsedExpression
    /// Node id → type.
    public let types: [Int32: CELType]

    /// The type of the whole expression.
    public var resultType: CELType { types[parsed.root.id] ?? .dyn }
}

/// Resolves names and checks types against ``Declarations``, reporting every problem it finds.
///
/// Types that are not known (`dyn`) are accepted everywhere and checked at run time, as CEL does.
public struct Checker: Sendable {
    /// The names in scope.
    public let declarations: Declarations

    /// Creates a checker.
    public init(declarations: Declarations) {
        self.declarations = declarations
    }

    /// Checks `parsed`; the result carries types, or the issues found (all of them).
    public func check(_ parsed: ParsedExpression) -> Result<CheckedExpression, CheckFailure> {
        var pass = CheckPass(declarations: declarations, parsed: parsed)
        _ = pass.check(parsed.root)
        if pass.issues.isEmpty {
            return .success(CheckedExpression(parsed: parsed, types: pass.types))
        }
        return .failure(CheckFailure(issues: pass.issues))
    }
}

/// Every issue one check found.
public struct CheckFailure: Error, Sendable {
    /// The issues, in the order found.
    public var issues: [ExpressionIssue]
}

private struct CheckPass {
    let declarations: Declarations
    let parsed: ParsedExpression
    var types: [Int32: CELType] = [:]
    var issues: [ExpressionIssue] = []
    var scopes: [(name: String, type: CELType)] = []

    init(declarations: Declarations, parsed: ParsedExpression) {
        self.declarations = declarations
        self.parsed = parsed
    }

    mutating func report(_ kind: DiagnosticKind, _ message: String, _ expr: Expr, notes: [String] = []) {
        issues.append(ExpressionIssue(kind, message: message, offset: parsed.offset(of: expr.id), notes: notes))
    }

    /// The number of characters in the first `byte` bytes of `text`.
    static func characters(_ text: String, upToByte byte: Int) -> Int {
        String(decoding: text.utf8.prefix(byte), as: UTF8.self).count
    }

    mutating func check(_ expr: Expr) -> CELType {
        let type = infer(expr)
        types[expr.id] = type
        return type
    }

    private mutating func infer(_ expr: Expr) -> CELType {
        switch expr.kind {
        case .constant(let c):
            switch c {
            case .null: return .null
            case .bool: return .bool
            case .int: return .int
            case .uint: return .uint
            case .double: return .double
            case .string: return .string
            case .bytes: return .bytes
            }
        case .ident(let name):
            return resolve(name, expr)
        case .select(let operand, let field, let testOnly):
            if let qualified = qualifiedName(expr), scopes.last(where: { $0.name == qualified }) == nil,
                let type = declarations.variables[qualified] ?? StandardLibrary.typeNames[qualified].map(CELType.type)
            {
                return type
            }
            let operandType = check(operand)
            let fieldType = selectType(operandType, field, expr)
            return testOnly ? .bool : fieldType
        case .call(let function, let target, let args):
            var argTypes: [CELType] = []
            if let target { argTypes.append(check(target)) }
            for arg in args { argTypes.append(check(arg)) }
            if function == "matches", let pattern = args.last, case .constant(.string(let text)) = pattern.kind {
                // A constant pattern is compiled now: RE2's syntax error is a compile error, at the
                // pattern (at the construct RE2 rejected when the literal has no escapes).
                do {
                    _ = try RE2Pattern(text)
                } catch {
                    let literal = parsed.offset(of: pattern.id)
                    let raw = parsed.source.text.utf8.dropFirst(literal).prefix(text.utf8.count + 1)
                    let exact = error.offset != nil && !raw.contains(UInt8(ascii: "\\"))
                    issues.append(ExpressionIssue(CELDiagnostics.badPattern, message: "invalid regular expression: \(error.message)",
                                                  offset: literal + (exact ? 1 + Self.characters(text, upToByte: error.offset!) : 0),
                                                  notes: ["patterns use RE2 syntax (https://github.com/google/re2/wiki/Syntax)"]))
                }
            }
            return resolveCall(function, member: target != nil, argTypes, expr)
        case .list(let items):
            let itemTypes = items.map { check($0) }
            return .list(join(itemTypes))
        case .map(let entries):
            var keyTypes: [CELType] = []
            var valueTypes: [CELType] = []
            for entry in entries {
                let k = check(entry.key)
                switch k {
                case .int, .uint, .bool, .string, .dyn, .error, .param: break
                default: report(CELDiagnostics.typeMismatch, "map keys must be int, uint, bool or string, not \(k)", entry.key)
                }
                keyTypes.append(k)
                valueTypes.append(check(entry.value))
            }
            return .map(join(keyTypes), join(valueTypes))
        case .comprehension(let c):
            let rangeType = check(c.range)
            let elementType: CELType
            switch rangeType {
            case .list(let e): elementType = e
            case .map(let k, _): elementType = k
            case .dyn, .error, .param: elementType = .dyn
            default:
                report(CELDiagnostics.typeMismatch, "\(c.kind.rawValue)() needs a list or map, not \(rangeType)", c.range)
                elementType = .error
            }
            scopes.append((c.variable, elementType))
            defer { scopes.removeLast() }
            if let predicate = c.predicate {
                let p = check(predicate)
                if !(p == .bool || p.isDynamic) {
                    report(CELDiagnostics.typeMismatch, "the predicate of \(c.kind.rawValue)() must be a bool, not \(p)", predicate)
                }
            }
            switch c.kind {
            case .all, .exists, .existsOne: return .bool
            case .filter: return .list(elementType)
            case .map: return .list(c.transform.map { check($0) } ?? .dyn)
            }
        }
    }

    /// `a.b.c` as one dotted name, when every part is an identifier (for qualified variables).
    private func qualifiedName(_ expr: Expr) -> String? {
        switch expr.kind {
        case .ident(let name): return name
        case .select(let operand, let field, false): return qualifiedName(operand).map { "\($0).\(field)" }
        default: return nil
        }
    }

    private mutating func resolve(_ name: String, _ expr: Expr) -> CELType {
        if let local = scopes.last(where: { $0.name == name }) { return local.type }
        if let type = declarations.variables[name] { return type }
        if let type = StandardLibrary.typeNames[name] { return .type(type) }
        let candidates = scopes.map(\.name) + Array(declarations.variables.keys).sorted()
        report(CELDiagnostics.undeclared, "undeclared reference to '\(name)'", expr, notes: Suggestion.note(for: name, in: candidates))
        return .error
    }

    private mutating func selectType(_ operand: CELType, _ field: String, _ expr: Expr) -> CELType {
        switch operand {
        case .object(let name):
            if let provider = declarations.objectTypes {
                if let type = provider.fieldType(of: name, field: field) { return type }
                report(CELDiagnostics.undefinedField, "undefined field '\(field)' on \(name)", expr, notes: Suggestion.note(for: field, in: provider.fieldNames(of: name)))
                return .error
            }
            return .dyn
        case .map(let key, let value):
            if key == .string || key.isDynamic { return value }
            report(CELDiagnostics.typeMismatch, "cannot select field '\(field)' from a map with \(key) keys", expr)
            return .error
        case .dyn, .error, .param:
            return .dyn
        default:
            report(CELDiagnostics.typeMismatch, "type '\(operand)' has no fields; cannot select '\(field)'", expr)
            return .error
        }
    }

    private mutating func resolveCall(_ function: String, member: Bool, _ args: [CELType], _ expr: Expr) -> CELType {
        guard let decl = declarations.functions[function] else {
            let names = declarations.functions.keys.filter { $0.first?.isLetter == true }.sorted()
            report(CELDiagnostics.undeclared, "undeclared reference to function '\(function)'", expr, notes: Suggestion.note(for: function, in: names))
            return .error
        }
        if args.contains(.error) { return .error }
        let shaped = decl.overloads.filter { $0.isMember == member && $0.parameters.count == args.count }
        if shaped.isEmpty {
            let arities = Set(decl.overloads.filter { $0.isMember == member }.map { $0.parameters.count - (member ? 1 : 0) }).sorted()
            let style = member ? "method" : "function"
            if arities.isEmpty {
                let other = member ? "a global function: \(function)(…)" : "a method: receiver.\(function)(…)"
                report(CELDiagnostics.noOverload, "'\(function)' is not a \(style); call it as \(other)", expr)
            } else {
                let wanted = arities.map(String.init).joined(separator: " or ")
                report(CELDiagnostics.noOverload, "'\(function)' takes \(wanted) argument\(arities == [1] ? "" : "s"), got \(args.count - (member ? 1 : 0))", expr)
            }
            return .error
        }
        var results: [CELType] = []
        for overload in shaped {
            var substitution: [String: CELType] = [:]
            if zip(overload.parameters, args).allSatisfy({ unify($0, $1, &substitution) }) {
                results.append(substitute(overload.result, substitution))
            }
        }
        guard !results.isEmpty else {
            let shown = args.map(\.description).joined(separator: ", ")
            report(CELDiagnostics.noOverload, "no matching overload for '\(displayName(function))' applied to (\(shown))", expr)
            return .error
        }
        return results.dropFirst().allSatisfy({ $0 == results[0] }) ? results[0] : .dyn
    }

    private func displayName(_ function: String) -> String {
        switch function {
        case "@in": "in"
        case "_[_]": "[]"
        case "_?_:_": "?:"
        default: function.filter { $0 != "_" }
        }
    }

    /// Whether `argument` fits `parameter`, binding type parameters as it goes.
    private func unify(_ parameter: CELType, _ argument: CELType, _ s: inout [String: CELType]) -> Bool {
        switch (parameter, argument) {
        case (_, .dyn), (_, .error), (.dyn, _):
            if case .param(let name) = parameter, s[name] == nil { s[name] = .dyn }
            return true
        case (.param(let name), _):
            if let bound = s[name] {
                if bound == .dyn { return true }
                if argument == .null || bound == .null { return true }
                if bound == argument { return true }
                // Binding is symmetric: a later, more specific argument refines a dyn-shaped one.
                var inner = s
                if unify(bound, argument, &inner) { s = inner; return true }
                var reverse = s
                if unify(argument, bound, &reverse) { s = reverse; s[name] = argument; return true }
                return false
            }
            s[name] = argument
            return true
        case (.list(let p), .list(let a)): return unify(p, a, &s)
        case (.map(let pk, let pv), .map(let ak, let av)): return unify(pk, ak, &s) && unify(pv, av, &s)
        case (.type(let p), .type(let a)): return unify(p, a, &s)
        case (_, .param): return true
        default: return parameter == argument
        }
    }

    private func substitute(_ type: CELType, _ s: [String: CELType]) -> CELType {
        switch type {
        case .param(let name): return s[name] ?? .dyn
        case .list(let e): return .list(substitute(e, s))
        case .map(let k, let v): return .map(substitute(k, s), substitute(v, s))
        case .type(let t): return .type(substitute(t, s))
        default: return type
        }
    }

    private func join(_ types: [CELType]) -> CELType {
        guard let first = types.first else { return .dyn }
        return types.allSatisfy { $0 == first } ? first : .dyn
    }
}
