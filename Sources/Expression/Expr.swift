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
        /// `[a, b]`; elements at `optional` indices were written `?e` (the optionals extension)
        /// and are left out when `e` is `optional.none()`.
        case list([Expr], optional: Set<Int>)
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
    /// Written `?key: value` (the optionals extension): the entry is left out when the value is
    /// `optional.none()`.
    public var optional: Bool

    /// Creates an entry.
    public init(key: Expr, value: Expr, optional: Bool = false) {
        self.key = key
        self.value = value
        self.optional = optional
    }
}

/// A macro expanded at parse time; the interpreter evaluates each kind directly, which is both
/// faster than cel-go's general fold and keeps the error-absorption rules in one place.
public struct Comprehension: Sendable {
    /// Which macro.
    public enum Kind: String, Sendable, CaseIterable {
        case all, exists
        case existsOne = "exists_one"
        case map, filter
        /// `cel.bind(v, init, body)`: `range` is `init`, `transform` is `body` (bindings).
        case bind = "cel.bind"
        /// Two-variable comprehensions producing lists and maps (two-var-comprehensions).
        case transformList, transformMap, transformMapEntry
        /// `opt.optMap(v, e)` and `opt.optFlatMap(v, e)` over an optional `range` (optionals).
        case optMap, optFlatMap
        /// `list.sortBy(v, key)` (lists).
        case sortBy

        /// The extension library that provides the macro; `nil` for the standard macros.
        /// Two-variable forms of `all`, `exists` and `existsOne` belong to two-var-comprehensions.
        public var library: CELExtension? {
            switch self {
            case .all, .exists, .existsOne, .map, .filter: nil
            case .bind: .bindings
            case .transformList, .transformMap, .transformMapEntry: .twoVarComprehensions
            case .optMap, .optFlatMap: .optionals
            case .sortBy: .lists
            }
        }
    }

    /// Which macro.
    public var kind: Kind
    /// The iteration variable's name (the index or key in a two-variable comprehension).
    public var variable: String
    /// The value variable of a two-variable comprehension (`all(i, v, …)`), else `nil`.
    public var variable2: String?
    /// The list or map iterated (a map iterates its keys); the optional of `optMap`; the
    /// initializer of `cel.bind`.
    public var range: Expr
    /// The predicate (`all`, `exists`, `exists_one`, `filter`, the three-argument `map`, and the
    /// filter of the four-argument `transform*` forms).
    public var predicate: Expr?
    /// The transform (`map`, `transform*`, `optMap`, `sortBy`'s key, `cel.bind`'s body).
    public var transform: Expr?

    /// Creates a comprehension.
    public init(kind: Kind, variable: String, variable2: String? = nil, range: Expr, predicate: Expr?, transform: Expr?) {
        self.kind = kind
        self.variable = variable
        self.variable2 = variable2
        self.range = range
        self.predicate = predicate
        self.transform = transform
    }

    /// The macro's name as written, for messages.
    public var name: String {
        switch kind {
        case .existsOne where variable2 != nil: "existsOne"
        default: kind.rawValue
        }
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
        case .list(let items, _): for item in items { item.forEach(visit) }
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
