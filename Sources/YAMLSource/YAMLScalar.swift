/// A scalar after YAML 1.2 core-schema resolution.
///
/// `yes`, `no`, `on` and `off` are strings here, as YAML 1.2 says; YAML 1.1 loaders that turn
/// them into booleans are the source of the "Norway problem".
public enum YAMLScalar: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)

    /// The JSON-ish type name used in messages ("string", "integer", …).
    public var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .int: "integer"
        case .double: "number"
        case .string: "string"
        }
    }

    /// The scalar as it would be written back in plain style.
    public var text: String {
        switch self {
        case .null: "null"
        case .bool(let b): b ? "true" : "false"
        case .int(let i): String(i)
        case .double(let d):
            d.isNaN ? ".nan" : d.isInfinite ? (d < 0 ? "-.inf" : ".inf") : String(d)
        case .string(let s): s
        }
    }
}
