/// The text of one expression and the positions of its nodes.
public struct ExpressionSource: Sendable {
    /// The expression text.
    public let text: String
    /// The text as Unicode scalars; offsets index into it.
    public let scalars: [Unicode.Scalar]

    /// Wraps `text`.
    public init(_ text: String) {
        self.text = text
        self.scalars = Array(text.unicodeScalars)
    }

    /// The 1-based line and column of a scalar offset.
    public func lineAndColumn(of offset: Int) -> (line: Int, column: Int) {
        var line = 1
        var column = 1
        for scalar in scalars.prefix(max(0, offset)) {
            if scalar == "\n" {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
        return (line, column)
    }
}

/// A problem found while parsing or checking an expression, positioned inside the expression.
///
/// Codes: `CEL001` syntax error, `CEL002` undeclared reference, `CEL003` no matching overload,
/// `CEL004` undefined field, `CEL005` type mismatch, `CEL006` reserved word, `CEL007` expression
/// too deep or too long.
public struct ExpressionIssue: Sendable, Hashable, Error {
    /// A stable code.
    public var code: String
    /// The message.
    public var message: String
    /// The scalar offset in the expression text.
    public var offset: Int
    /// Extra lines such as a "did you mean" suggestion.
    public var notes: [String]

    /// Creates an issue.
    public init(code: String, message: String, offset: Int, notes: [String] = []) {
        self.code = code
        self.message = message
        self.offset = offset
        self.notes = notes
    }
}

/// The parser's output: the tree, and where each node starts in the text.
public struct ParsedExpression: Sendable {
    /// The root node.
    public let root: Expr
    /// The source text.
    public let source: ExpressionSource
    /// Node id → scalar offset.
    public let offsets: [Int32: Int]

    /// Creates a parsed expression.
    public init(root: Expr, source: ExpressionSource, offsets: [Int32: Int]) {
        self.root = root
        self.source = source
        self.offsets = offsets
    }

    /// The offset of node `id`, or 0.
    public func offset(of id: Int32) -> Int { offsets[id] ?? 0 }
}
