/// A literal in an expression.
public enum Constant: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int64)
    case uint(UInt64)
    case double(Double)
    case string(String)
    case bytes([UInt8])
}

/// A node of the expression tree. `id` keys the side tables (positions, types, references).
public struct Expr: Sendable {
    /// Unique within one parsed expression.
    public var id: Int32
    /// What the node is.
    public var kind: Kind

    /// The shapes of expression nodes; operators are calls to functions named like `_+_`.
    public indirect enum Kind: Sendable {
        /// A literal.
        case constant(Constant)
        /// A name: a variable, or a type name such as `int`.
        case ident(String)
        /// `operand.field`; `testOnly` is true inside `has()`.
        case select(operand: Expr, field: String, testOnly: Bool)
        /// `function(args)` or `target.function(args)`.
        case call(function: String, target: Expr?, args: [Expr])
        /// `[a, b]`.
        case list([Expr])
        /// `{k: v}`.
        case map([MapEntry])
        /// A macro over a list or map (`all`, `exists`, `exists_one`, `map`, `filter`).
        case comprehension(Comprehension)
    }

    /// Creates a node.
    public init(id: Int32, _ kind: Kind) {
        self.id = id
        self.kind = kind
    }
}

/// One entry of a map literal.
public struct MapEntry: Sendable {
    /// The key expression.
    public var key: Expr
    /// The value expression.
    public var value: Expr

    /// Creates an entry.
    public init(key: Expr, value: Expr) {
        self.key = key
        self.value = value
    }
}

/// A macro expanded at parse time; the interpreter evaluates each kind directly, which is both
/// faster than cel-go's general fold and keeps the error-absorption rules in one place.
public struct Comprehension: Sendable {
    /// Which macro.
    public enum Kind: String, Sendable {
        case all, exists
        case existsOne = "exists_one"
        case map, filter
    }

    /// Which macro.
    public var kind: Kind
    /// The iteration variable's name.
    public var variable: String
    /// The list or map iterated (a map iterates its keys).
    public var range: Expr
    /// The predicate (`all`, `exists`, `exists_one`, `filter`, and the three-argument `map`).
    public var predicate: Expr?
    /// The transform (`map`).
    public var transform: Expr?

    /// Creates a comprehension.
    public init(kind: Kind, variable: String, range: Expr, predicate: Expr?, transform: Expr?) {
        self.kind = kind
        self.variable = variable
        self.range = range
        self.predicate = predicate
        self.transform = transform
    }
}

extension Expr {
    /// Calls `visit` on this node and every node below it, parents first.
    public func forEach(_ visit: (Expr) -> Void) {
        visit(self)
        switch kind {
        case .constant, .ident: break
        case .select(let operand, _, _): operand.forEach(visit)
        case .call(_, let target, let args):
            target?.forEach(visit)
            for arg in args { arg.forEach(visit) }
        case .list(let items): for item in items { item.forEach(visit) }
        case .map(let entries):
            for entry in entries {
                entry.key.forEach(visit)
                entry.value.forEach(visit)
            }
        case .comprehension(let c):
            c.range.forEach(visit)
            c.predicate?.forEach(visit)
            c.transform?.forEach(visit)
        }
    }
}
