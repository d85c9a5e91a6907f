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
        case .call(var function, var target, let args):
            if let target0 = target, let qualified = NamespacedFunction.resolve(function, target: target0) {
                // `math.greatest(…)` parses as a method on `math`; it names a global function.
                function = qualified
                target = nil
            }
            if function == "_?._" || function == "_[?_]" { require(.optionals, function == "_?._" ? "optional selection (x.?f)" : "optional index (x[?k])", expr) }
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
                    issues.append(
                        ExpressionIssue(
                            CELDiagnostics.badPattern, message: "invalid regular expression: \(error.message)",
                            offset: literal + (exact ? 1 + Self.characters(text, upToByte: error.offset!) : 0),
                            notes: ["patterns use RE2 syntax (https://github.com/google/re2/wiki/Syntax)"]))
                }
            }
            return resolveCall(function, member: target != nil, argTypes, expr)
        case .list(let items, let optional):
            if !optional.isEmpty { require(.optionals, "optional list elements ([?e])", expr) }
            let itemTypes = items.enumerated().map { index, item in
                let type = check(item)
                return optional.contains(index) ? unwrapOptional(type, item) : type
            }
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
                let v = check(entry.value)
                if entry.optional { require(.optionals, "optional map entries ({?k: v})", entry.key) }
                valueTypes.append(entry.optional ? unwrapOptional(v, entry.value) : v)
            }
            return .map(join(keyTypes), join(valueTypes))
        case .comprehension(let c):
            return comprehension(c, expr)
        }
    }

    /// The extension `library` must be enabled for `feature`.
    private mutating func require(_ library: CELExtension, _ feature: String, _ expr: Expr) {
        guard !declarations.extensions.contains(library) else { return }
        report(
            CELDiagnostics.extensionDisabled, "\(feature) needs the '\(library.rawValue)' extension, which this policy set does not enable", expr,
            notes: ["add it to the policy set: cel: {extensions: [\(library.rawValue)]}"])
    }

    /// The type held by an optional (`?e` elements, `{?k: v}` values).
    private mutating func unwrapOptional(_ type: CELType, _ expr: Expr) -> CELType {
        switch type {
        case .optional(let inner): return inner
        case .dyn, .error, .param: return .dyn
        default:
            report(CELDiagnostics.typeMismatch, "an optional element or entry must be an optional value, not \(type)", expr)
            return .error
        }
    }

    private mutating func comprehension(_ c: Comprehension, _ expr: Expr) -> CELType {
        if let library = c.kind.library {
            require(library, "\(c.name)()", expr)
        } else if c.variable2 != nil {
            require(.twoVarComprehensions, "\(c.name)() with two variables", expr)
        }
        let rangeType = check(c.range)
        if c.kind == .bind {
            scopes.append((c.variable, rangeType))
            defer { scopes.removeLast() }
            return c.transform.map { check($0) } ?? .error
        }
        if c.kind == .optMap || c.kind == .optFlatMap {
            let inner: CELType
            switch rangeType {
            case .optional(let t): inner = t
            case .dyn, .error, .param: inner = .dyn
            default:
                report(CELDiagnostics.typeMismatch, "\(c.name)() needs an optional, not \(rangeType)", c.range)
                inner = .error
            }
            scopes.append((c.variable, inner))
            defer { scopes.removeLast() }
            let result = c.transform.map { check($0) } ?? .error
            if c.kind == .optMap { return .optional(result) }
            switch result {
            case .optional, .dyn, .error, .param: return result
            default:
                report(CELDiagnostics.typeMismatch, "the expression of optFlatMap() must be an optional, not \(result)", c.transform ?? expr)
                return .error
            }
        }
        // Iteration: one variable reads elements (a map's keys); two read index and element (a
        // map's key and value).
        let first: CELType, second: CELType
        switch rangeType {
        case .list(let e): (first, second) = c.variable2 == nil ? (e, .dyn) : (.int, e)
        case .map(let k, let v): (first, second) = (k, v)
        case .dyn, .error, .param: (first, second) = (.dyn, .dyn)
        default:
            report(CELDiagnostics.typeMismatch, "\(c.name)() needs a list or map, not \(rangeType)", c.range)
            (first, second) = (.error, .error)
        }
        if c.kind == .sortBy, case .map = rangeType {
            report(CELDiagnostics.typeMismatch, "sortBy() needs a list, not \(rangeType)", c.range)
        }
        scopes.append((c.variable, first))
        if let variable2 = c.variable2 { scopes.append((variable2, second)) }
        defer {
            scopes.removeLast()
            if c.variable2 != nil { scopes.removeLast() }
        }
        if let predicate = c.predicate {
            let p = check(predicate)
            if !(p == .bool || p.isDynamic) {
                report(CELDiagnostics.typeMismatch, "the predicate of \(c.name)() must be a bool, not \(p)", predicate)
            }
        }
        let transform = c.transform.map { check($0) }
        switch c.kind {
        case .all, .exists, .existsOne: return .bool
        case .filter: return .list(first)
        case .map, .transformList: return .list(transform ?? .dyn)
        case .transformMap:
            let key: CELType = if case .list = rangeType { .int } else { first }
            return .map(key, transform ?? .dyn)
        case .transformMapEntry:
            switch transform {
            case .map(let k, let v)?: return .map(k, v)
            case .dyn?, .error?, .param?, nil: return .map(.dyn, .dyn)
            case let other?:
                report(CELDiagnostics.typeMismatch, "the expression of transformMapEntry() must be a map, not \(other)", c.transform ?? expr)
                return .error
            }
        case .sortBy: return rangeType.isDynamic ? .list(.dyn) : rangeType
        case .bind, .optMap, .optFlatMap: return .error
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
        case .optional(let inner):
            // Selecting through an optional keeps it optional: empty stays empty, an absent field
            // becomes empty.
            let selected = selectType(inner, field, expr)
            if case .optional = selected { return selected }
            return selected == .error ? .error : .optional(selected)
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
        if !member, let library = CELExtension.library(declaring: function), !declarations.extensions.contains(library) {
            require(library, "'\(function)'", expr)
            return .error
        }
        if let special = optionalAccess(function, args, expr) { return special }
        if CELExtension.variadicNumeric.contains(function), declarations.functions[function] != nil, !(args.count == 1 && isList(args[0])) {
            return variadicNumeric(function, args, expr)
        }
        guard let decl = declarations.functions[function] else {
            if member, let library = CELExtension.library(declaring: function), !declarations.extensions.contains(library) {
                require(library, "'\(function)'", expr)
                return .error
            }
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

    private func isList(_ type: CELType) -> Bool {
        if case .list = type { return true }
        return false
    }

    /// `math.greatest(a, b, …)`: any number of numbers, mixed types allowed; the result is their
    /// common type, or dyn when they differ.
    private mutating func variadicNumeric(_ function: String, _ args: [CELType], _ expr: Expr) -> CELType {
        if args.contains(.error) { return .error }
        guard !args.isEmpty, args.allSatisfy({ [.int, .uint, .double].contains($0) || $0.isDynamic }) else {
            let shown = args.map(\.description).joined(separator: ", ")
            report(CELDiagnostics.noOverload, "no matching overload for '\(function)' applied to (\(shown)); it takes numbers or one list of numbers", expr)
            return .error
        }
        return join(args)
    }

    /// Indexing or selecting through an optional (`opt[k]`, `opt.?f`, `m[?k]`) yields an optional.
    private mutating func optionalAccess(_ function: String, _ args: [CELType], _ expr: Expr) -> CELType? {
        guard args.count == 2, ["_[_]", "_[?_]", "_?._"].contains(function) else { return nil }
        let container: CELType
        switch args[0] {
        case .optional(let inner): container = inner
        default:
            guard function != "_[_]" else { return nil }
            container = args[0]
        }
        if function == "_?._" {
            // The field is a string constant the parser made; select it like `.field`.
            guard case .call(_, _, let callArgs) = expr.kind, case .constant(.string(let field)) = callArgs[1].kind else { return .optional(.dyn) }
            let selected = selectType(container, field, expr)
            if case .optional = selected { return selected }
            return selected == .error ? .error : .optional(selected)
        }
        let element = resolveCall("_[_]", member: false, [container, args[1]], expr)
        if case .optional = element { return element }
        return element == .error ? .error : .optional(element)
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
        case (.optional(let p), .optional(let a)): return unify(p, a, &s)
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
        case .optional(let t): return .optional(substitute(t, s))
        default: return type
        }
    }

    private func join(_ types: [CELType]) -> CELType {
        guard let first = types.first else { return .dyn }
        return types.allSatisfy { $0 == first } ? first : .dyn
    }
}
