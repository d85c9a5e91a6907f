import Expression

/// Parses CEL text into an ``Expr`` tree, expanding macros.
///
/// Grammar (cel-spec `langdef.md`):
/// ```
/// Expr           = ConditionalOr ["?" ConditionalOr ":" Expr]
/// ConditionalOr  = [ConditionalOr "||"] ConditionalAnd
/// ConditionalAnd = [ConditionalAnd "&&"] Relation
/// Relation       = [Relation Relop] Addition        Relop = < <= >= > == != in
/// Addition       = [Addition ("+" | "-")] Multiplication
/// Multiplication = [Multiplication ("*" | "/" | "%")] Unary
/// Unary          = Member | "!" {"!"} Member | "-" {"-"} Member
/// Member         = Primary | Member "." IDENT ["(" [ExprList] ")"] | Member "[" Expr "]"
/// Primary        = ["."] IDENT ["(" [ExprList] ")"] | "(" Expr ")" | "[" [ExprList] [","] "]"
///                | "{" [MapInits] [","] "}" | LITERAL
/// ```
public struct Parser: Sendable {
    /// Deepest nesting accepted; deeper input is rejected rather than risking the stack.
    public var maxDepth: Int
    /// Longest expression accepted, in characters.
    public var maxLength: Int

    /// Creates a parser.
    public init(maxDepth: Int = 200, maxLength: Int = 100_000) {
        self.maxDepth = maxDepth
        self.maxLength = maxLength
    }

    /// Parses `text`, or throws the first syntax error.
    public func parse(_ text: String) throws(ExpressionIssue) -> ParsedExpression {
        let source = ExpressionSource(text)
        guard source.scalars.count <= maxLength else {
            throw ExpressionIssue(CELDiagnostics.tooComplex, message: "expression is longer than \(maxLength) characters", offset: 0)
        }
        var lexer = Lexer(source)
        var state = ParserState(tokens: try lexer.tokens(), maxDepth: maxDepth)
        let root = try state.expression()
        guard case .end = state.current.kind else {
            throw ExpressionIssue(CELDiagnostics.syntax, message: "unexpected \(state.describe(state.current)) after the end of the expression", offset: state.current.offset)
        }
        return ParsedExpression(root: root, source: source, offsets: state.offsets)
    }
}

/// Words CEL reserves; they cannot name variables or functions.
let reservedWords: Set<String> = [
    "as", "break", "const", "continue", "else", "for", "function", "if", "import", "let", "loop",
    "package", "namespace", "return", "var", "void", "while",
]

private struct ParserState {
    let tokens: [Token]
    let maxDepth: Int
    var position = 0
    var nextID: Int32 = 1
    var offsets: [Int32: Int] = [:]
    var depth = 0

    init(tokens: [Token], maxDepth: Int) {
        self.tokens = tokens
        self.maxDepth = maxDepth
    }

    var current: Token { tokens[position] }

    mutating func advance() -> Token {
        let token = tokens[position]
        if position < tokens.count - 1 { position += 1 }
        return token
    }

    func isPunctuation(_ p: String) -> Bool {
        if case .punctuation(let q) = current.kind { return q == p }
        return false
    }

    func describe(_ token: Token) -> String {
        switch token.kind {
        case .identifier(let name): "'\(name)'"
        case .punctuation(let p): "'\(p)'"
        case .end: "end of expression"
        default: "literal"
        }
    }

    mutating func expect(_ p: String) throws(ExpressionIssue) {
        guard isPunctuation(p) else {
            throw ExpressionIssue(CELDiagnostics.syntax, message: "expected '\(p)', found \(describe(current))", offset: current.offset)
        }
        _ = advance()
    }

    mutating func node(_ kind: Expr.Kind, at offset: Int) -> Expr {
        let id = nextID
        nextID += 1
        offsets[id] = offset
        return Expr(id: id, kind)
    }

    mutating func call(_ function: String, _ args: [Expr], at offset: Int, target: Expr? = nil) -> Expr {
        node(.call(function: function, target: target, args: args), at: offset)
    }

    mutating func enter() throws(ExpressionIssue) {
        depth += 1
        if depth > maxDepth {
            throw ExpressionIssue(CELDiagnostics.tooComplex, message: "expression nests deeper than \(maxDepth) levels", offset: current.offset)
        }
    }

    mutating func expression() throws(ExpressionIssue) -> Expr {
        try enter()
        defer { depth -= 1 }
        let condition = try conditionalOr()
        guard isPunctuation("?") else { return condition }
        let offset = advance().offset
        let whenTrue = try conditionalOr()
        try expect(":")
        let whenFalse = try expression()
        return call("_?_:_", [condition, whenTrue, whenFalse], at: offset)
    }

    /// One more link of a left-associative chain (`a + b + c …`): each deepens the tree the checker
    /// and interpreter recurse through, so it counts against the same depth limit as brackets.
    mutating func link(_ links: inout Int) throws(ExpressionIssue) {
        try enter()
        links += 1
    }

    mutating func conditionalOr() throws(ExpressionIssue) -> Expr {
        var left = try conditionalAnd()
        var links = 0
        defer { depth -= links }
        while isPunctuation("||") {
            try link(&links)
            let offset = advance().offset
            left = call("_||_", [left, try conditionalAnd()], at: offset)
        }
        return left
    }

    mutating func conditionalAnd() throws(ExpressionIssue) -> Expr {
        var left = try relation()
        var links = 0
        defer { depth -= links }
        while isPunctuation("&&") {
            try link(&links)
            let offset = advance().offset
            left = call("_&&_", [left, try relation()], at: offset)
        }
        return left
    }

    mutating func relation() throws(ExpressionIssue) -> Expr {
        var left = try addition()
        var links = 0
        defer { depth -= links }
        while true {
            let function: String
            switch current.kind {
            case .punctuation("<"): function = "_<_"
            case .punctuation("<="): function = "_<=_"
            case .punctuation(">"): function = "_>_"
            case .punctuation(">="): function = "_>=_"
            case .punctuation("=="): function = "_==_"
            case .punctuation("!="): function = "_!=_"
            case .identifier("in"): function = "@in"
            default: return left
            }
            try link(&links)
            let offset = advance().offset
            left = call(function, [left, try addition()], at: offset)
        }
    }

    mutating func addition() throws(ExpressionIssue) -> Expr {
        var left = try multiplication()
        var links = 0
        defer { depth -= links }
        while isPunctuation("+") || isPunctuation("-") {
            try link(&links)
            let token = advance()
            let function = token.kind == .punctuation("+") ? "_+_" : "_-_"
            left = call(function, [left, try multiplication()], at: token.offset)
        }
        return left
    }

    mutating func multiplication() throws(ExpressionIssue) -> Expr {
        var left = try unary()
        var links = 0
        defer { depth -= links }
        while isPunctuation("*") || isPunctuation("/") || isPunctuation("%") {
            try link(&links)
            let token = advance()
            guard case .punctuation(let p) = token.kind else { break }
            left = call("_\(p)_", [left, try unary()], at: token.offset)
        }
        return left
    }

    mutating func unary() throws(ExpressionIssue) -> Expr {
        try enter()
        defer { depth -= 1 }
        if isPunctuation("!") {
            let offset = advance().offset
            return call("!_", [try unary()], at: offset)
        }
        if isPunctuation("-") {
            let offset = advance().offset
            // A minus directly on a numeric literal is part of the literal, so that
            // -9223372036854775808 is representable.
            switch current.kind {
            case .int(let v):
                if case .punctuation(let p)? = peekKind(1), p == "." || p == "[" {
                    break
                }
                _ = advance()
                return try member(node(.constant(.int(-v)), at: offset))
            case .intOverflow:
                _ = advance()
                return try member(node(.constant(.int(Int64.min)), at: offset))
            case .double(let v):
                if case .punctuation(let p)? = peekKind(1), p == "." || p == "[" {
                    break
                }
                _ = advance()
                return try member(node(.constant(.double(-v)), at: offset))
            default:
                break
            }
            return call("-_", [try unary()], at: offset)
        }
        return try member(try primary())
    }

    func peekKind(_ k: Int) -> Token.Kind? {
        position + k < tokens.count ? tokens[position + k].kind : nil
    }

    mutating func member(_ start: Expr) throws(ExpressionIssue) -> Expr {
        var operand = start
        var links = 0
        defer { depth -= links }
        while true {
            if isPunctuation(".") || isPunctuation("[") { try link(&links) }
            if isPunctuation(".") {
                _ = advance()
                if isPunctuation("?") {
                    // `x.?field` (optionals): an optional of the field, empty when it is absent.
                    _ = advance()
                    guard case .identifier(let name) = current.kind else {
                        throw ExpressionIssue(CELDiagnostics.syntax, message: "expected a field name after '.?', found \(describe(current))", offset: current.offset)
                    }
                    let offset = advance().offset
                    operand = call("_?._", [operand, node(.constant(.string(name)), at: offset)], at: offset)
                    continue
                }
                guard case .identifier(let name) = current.kind else {
                    throw ExpressionIssue(CELDiagnostics.syntax, message: "expected a field or method name after '.', found \(describe(current))", offset: current.offset)
                }
                let offset = advance().offset
                if isPunctuation("(") {
                    _ = advance()
                    let args = try expressionList(closing: ")")
                    operand = try receiverCall(name, target: operand, args: args, at: offset)
                } else {
                    operand = node(.select(operand: operand, field: name, testOnly: false), at: offset)
                }
            } else if isPunctuation("[") {
                let offset = advance().offset
                // `x[?key]` (optionals): an optional of the element, empty when it is absent.
                let optional = isPunctuation("?")
                if optional { _ = advance() }
                let index = try expression()
                try expect("]")
                operand = call(optional ? "_[?_]" : "_[_]", [operand, index], at: offset)
            } else if isPunctuation("{") {
                throw ExpressionIssue(CELDiagnostics.syntax, message: "message construction is not supported; Tandem has no protobuf types", offset: current.offset)
            } else {
                return operand
            }
        }
    }

    mutating func expressionList(closing: String) throws(ExpressionIssue) -> [Expr] {
        try elementList(closing: closing, allowOptional: false).items
    }

    /// A comma-separated list; with `allowOptional`, elements written `?e` (optionals) are noted.
    mutating func elementList(closing: String, allowOptional: Bool) throws(ExpressionIssue) -> (items: [Expr], optional: Set<Int>) {
        var items: [Expr] = []
        var optional: Set<Int> = []
        while !isPunctuation(closing) {
            if allowOptional, isPunctuation("?") {
                _ = advance()
                optional.insert(items.count)
            }
            items.append(try expression())
            if isPunctuation(",") {
                _ = advance()
            } else {
                break
            }
        }
        try expect(closing)
        return (items, optional)
    }

    mutating func primary() throws(ExpressionIssue) -> Expr {
        let token = current
        switch token.kind {
        case .int(let v): _ = advance(); return node(.constant(.int(v)), at: token.offset)
        case .uint(let v): _ = advance(); return node(.constant(.uint(v)), at: token.offset)
        case .double(let v): _ = advance(); return node(.constant(.double(v)), at: token.offset)
        case .string(let v): _ = advance(); return node(.constant(.string(v)), at: token.offset)
        case .bytes(let v): _ = advance(); return node(.constant(.bytes(v)), at: token.offset)
        case .intOverflow:
            throw ExpressionIssue(CELDiagnostics.syntax, message: "int literal out of range", offset: token.offset)
        case .identifier(let name):
            _ = advance()
            switch name {
            case "true": return node(.constant(.bool(true)), at: token.offset)
            case "false": return node(.constant(.bool(false)), at: token.offset)
            case "null": return node(.constant(.null), at: token.offset)
            case "in": throw ExpressionIssue(CELDiagnostics.syntax, message: "unexpected 'in'", offset: token.offset)
            default: break
            }
            if reservedWords.contains(name) {
                throw ExpressionIssue(CELDiagnostics.reserved, message: "'\(name)' is a reserved word and cannot be used as a name", offset: token.offset)
            }
            if isPunctuation("(") {
                _ = advance()
                let args = try expressionList(closing: ")")
                return try globalCall(name, args: args, at: token.offset)
            }
            return node(.ident(name), at: token.offset)
        case .punctuation("."):
            _ = advance()
            guard case .identifier = current.kind else {
                throw ExpressionIssue(CELDiagnostics.syntax, message: "expected a name after a leading '.'", offset: current.offset)
            }
            return try primary()
        case .punctuation("("):
            _ = advance()
            let inner = try expression()
            try expect(")")
            return inner
        case .punctuation("["):
            _ = advance()
            try enter()
            defer { depth -= 1 }
            let (items, optional) = try elementList(closing: "]", allowOptional: true)
            return node(.list(items, optional: optional), at: token.offset)
        case .punctuation("{"):
            _ = advance()
            try enter()
            defer { depth -= 1 }
            var entries: [MapEntry] = []
            while !isPunctuation("}") {
                let optional = isPunctuation("?")
                if optional { _ = advance() }
                let key = try expression()
                try expect(":")
                let value = try expression()
                entries.append(MapEntry(key: key, value: value, optional: optional))
                if isPunctuation(",") { _ = advance() } else { break }
            }
            try expect("}")
            return node(.map(entries), at: token.offset)
        default:
            throw ExpressionIssue(CELDiagnostics.syntax, message: "unexpected \(describe(token))", offset: token.offset)
        }
    }

    mutating func globalCall(_ name: String, args: [Expr], at offset: Int) throws(ExpressionIssue) -> Expr {
        if name == "has" {
            guard args.count == 1, case .select(let operand, let field, _) = args[0].kind else {
                throw ExpressionIssue(CELDiagnostics.syntax, message: "has() takes one field selection, as in has(team.coach)", offset: offset)
            }
            return node(.select(operand: operand, field: field, testOnly: true), at: offset)
        }
        return call(name, args, at: offset)
    }

    /// A method call, or a macro written as one: the standard `all`, `exists`, `exists_one`, `map`,
    /// `filter`, and the extensions' `cel.bind`, two-variable comprehensions, `optMap`,
    /// `optFlatMap` and `sortBy` (the checker rejects a macro whose library is not enabled).
    mutating func receiverCall(_ name: String, target: Expr, args: [Expr], at offset: Int) throws(ExpressionIssue) -> Expr {
        let n = args.count
        if name == "bind", case .ident("cel") = target.kind {
            guard n == 3 else {
                throw ExpressionIssue(CELDiagnostics.syntax, message: "cel.bind() takes a variable, its value and an expression, not \(n) argument\(n == 1 ? "" : "s")", offset: offset)
            }
            let variable = try variableName(args[0], of: "cel.bind", at: offset)
            return node(.comprehension(Comprehension(kind: .bind, variable: variable, range: args[1], predicate: nil, transform: args[2])), at: offset)
        }
        let comprehension: Comprehension
        switch (name, n) {
        case ("all", 2), ("exists", 2), ("exists_one", 2), ("filter", 2):
            let kind: Comprehension.Kind = name == "all" ? .all : name == "exists" ? .exists : name == "filter" ? .filter : .existsOne
            comprehension = Comprehension(kind: kind, variable: try variableName(args[0], of: name, at: offset), range: target, predicate: args[1], transform: nil)
        case ("map", 2):
            comprehension = Comprehension(kind: .map, variable: try variableName(args[0], of: name, at: offset), range: target, predicate: nil, transform: args[1])
        case ("map", 3):
            comprehension = Comprehension(kind: .map, variable: try variableName(args[0], of: name, at: offset), range: target, predicate: args[1], transform: args[2])
        case ("all", 3), ("exists", 3), ("existsOne", 3), ("exists_one", 3):
            let kind: Comprehension.Kind = name == "all" ? .all : name == "exists" ? .exists : .existsOne
            let (first, second) = try variablePair(args, of: name, at: offset)
            comprehension = Comprehension(kind: kind, variable: first, variable2: second, range: target, predicate: args[2], transform: nil)
        case ("transformList", 3), ("transformList", 4), ("transformMap", 3), ("transformMap", 4), ("transformMapEntry", 3), ("transformMapEntry", 4):
            let kind: Comprehension.Kind = name == "transformList" ? .transformList : name == "transformMap" ? .transformMap : .transformMapEntry
            let (first, second) = try variablePair(args, of: name, at: offset)
            comprehension = Comprehension(
                kind: kind, variable: first, variable2: second, range: target,
                predicate: n == 4 ? args[2] : nil, transform: args[n - 1])
        case ("optMap", 2), ("optFlatMap", 2), ("sortBy", 2):
            let kind: Comprehension.Kind = name == "optMap" ? .optMap : name == "optFlatMap" ? .optFlatMap : .sortBy
            comprehension = Comprehension(kind: kind, variable: try variableName(args[0], of: name, at: offset), range: target, predicate: nil, transform: args[1])
        default:
            if let shape = Self.macroShapes[name] {
                throw ExpressionIssue(CELDiagnostics.syntax, message: "\(name)() takes \(shape), not \(n) argument\(n == 1 ? "" : "s")", offset: offset)
            }
            return call(name, args, at: offset, target: target)
        }
        return node(.comprehension(comprehension), at: offset)
    }

    /// What each macro takes, for the error when a call of that name has another shape.
    static let macroShapes: [String: String] = [
        "all": "a variable and a predicate (or two variables and a predicate)",
        "exists": "a variable and a predicate (or two variables and a predicate)",
        "exists_one": "a variable and a predicate (or two variables and a predicate)",
        "existsOne": "two variables and a predicate",
        "filter": "a variable and a predicate",
        "map": "a variable, an optional filter and an expression",
        "transformList": "two variables, an optional filter and an expression",
        "transformMap": "two variables, an optional filter and an expression",
        "transformMapEntry": "two variables, an optional filter and a map expression",
        "optMap": "a variable and an expression",
        "optFlatMap": "a variable and an expression",
        "sortBy": "a variable and a key expression",
    ]

    private func variableName(_ arg: Expr, of macro: String, at offset: Int) throws(ExpressionIssue) -> String {
        guard case .ident(let variable) = arg.kind else {
            throw ExpressionIssue(CELDiagnostics.syntax, message: "the variable of \(macro)() must be a simple name", offset: offsets[arg.id] ?? offset)
        }
        return variable
    }

    private func variablePair(_ args: [Expr], of macro: String, at offset: Int) throws(ExpressionIssue) -> (String, String) {
        let first = try variableName(args[0], of: macro, at: offset)
        let second = try variableName(args[1], of: macro, at: offset)
        guard first != second else {
            throw ExpressionIssue(CELDiagnostics.syntax, message: "\(macro)() names the same variable twice: \(first)", offset: offsets[args[1].id] ?? offset)
        }
        return (first, second)
    }
}
