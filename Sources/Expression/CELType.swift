/// A CEL type, as the checker reasons about it.
public indirect enum CELType: Sendable, Hashable, CustomStringConvertible {
    case int, uint, double, bool, string, bytes, null, timestamp, duration
    /// Unknown until run time; unifies with anything.
    case dyn
    /// A list whose elements have the given type.
    case list(CELType)
    /// A map from keys to values.
    case map(CELType, CELType)
    /// The type of a type value (`type(1)` is `type(int)`).
    case type(CELType)
    /// A value that may be absent (the optionals extension: `optional.of(x)`, `m.?field`).
    case optional(CELType)
    /// A structured object described by a ``ObjectTypeProvider`` (e.g. `Team`).
    case object(String)
    /// A type parameter in an overload signature (`A` in `size(list(A))`).
    case param(String)
    /// The type of an expression that failed to check.
    case error

    public var description: String {
        switch self {
        case .int: "int"
        case .uint: "uint"
        case .double: "double"
        case .bool: "bool"
        case .string: "string"
        case .bytes: "bytes"
        case .null: "null_type"
        case .timestamp: "google.protobuf.Timestamp"
        case .duration: "google.protobuf.Duration"
        case .dyn: "dyn"
        case .list(let e): "list(\(e))"
        case .map(let k, let v): "map(\(k), \(v))"
        case .type(let t): "type(\(t))"
        case .optional(let t): "optional_type(\(t))"
        case .object(let name): name
        case .param(let name): name
        case .error: "*error*"
        }
    }

    /// The name of the type as a run-time value, as `type(x)` yields it: parameterized types by
    /// their outer name (`type([1])` is `list`, not `list(int)`), as in cel-go and the spec.
    public var runtimeName: String {
        switch self {
        case .list: "list"
        case .map: "map"
        case .type: "type"
        case .optional: "optional_type"
        default: description
        }
    }

    /// Whether the type is `dyn` or contains a type parameter left unbound.
    public var isDynamic: Bool {
        switch self {
        case .dyn, .param, .error: true
        default: false
        }
    }
}

/// Describes host objects (such as a snapshot's teams) to the checker, so a misspelt field is a
/// compile-time error with a suggestion rather than a run-time surprise.
public protocol ObjectTypeProvider: Sendable {
    /// The type of `field` on objects of type `object`, or `nil` when there is no such field.
    func fieldType(of object: String, field: String) -> CELType?
    /// Every field name of `object`, for suggestions.
    func fieldNames(of object: String) -> [String]
}
