/// A run-time CEL value.
///
/// Lists and maps are protocols so that host data (a snapshot's YAML tree) is read in place,
/// without being copied into CEL values first.
public enum Value: Sendable {
    case null
    case bool(Bool)
    case int(Int64)
    case uint(UInt64)
    case double(Double)
    case string(String)
    case bytes([UInt8])
    case list(any ListValue)
    case map(any MapValue)
    case timestamp(Timestamp)
    case duration(Duration)
    case type(CELType)
    /// A value of the optionals extension: `nil` is `optional.none()`.
    indirect case optional(Value?)
    /// An error travelling as a value, so `&&` and `||` can absorb it. Boxed: errors are rare,
    /// and unboxed their message, origin and fact made every value 49 bytes instead of 17.
    indirect case error(EvalError)

    /// The value's CEL type (element types of containers are `dyn`).
    public var celType: CELType {
        switch self {
        case .null: .null
        case .bool: .bool
        case .int: .int
        case .uint: .uint
        case .double: .double
        case .string: .string
        case .bytes: .bytes
        case .list: .list(.dyn)
        case .map: .map(.dyn, .dyn)
        case .timestamp: .timestamp
        case .duration: .duration
        case .type(let t): .type(t)
        case .optional: .optional(.dyn)
        case .error: .error
        }
    }

    /// Where the value came from, for lists and maps read from a file.
    public var origin: ValueOrigin? {
        switch self {
        case .list(let l): l.origin
        case .map(let m): m.origin
        default: nil
        }
    }

    /// The error, if this value is one.
    public var error: EvalError? {
        if case .error(let e) = self { return e }
        return nil
    }

    /// Whether this value is the unknown value of an unrecorded fact (see ``EvalError/unrecorded``).
    public var isUnrecorded: Bool {
        if case .error(let e) = self { return e.unrecorded != nil }
        return false
    }

    /// A list value from Swift values.
    public static func list(_ values: [Value]) -> Value { .list(ArrayList(values)) }
}

/// An evaluation error; `exprID` names the node that raised it, for positions.
public struct EvalError: Sendable, Hashable, Error, CustomStringConvertible {
    /// What went wrong ("no such key: coach", "division by zero", …).
    public var message: String
    /// The node that raised it.
    public var exprID: Int32
    /// Set when the error stands for a fact the host data does not record (an absent field, or
    /// one written as `unknown`): the value is *unknown* rather than wrong. It travels like an
    /// error, so `&&`, `||`, `all` and `exists` still decide when the other operands suffice —
    /// Kleene's three-valued logic — and a caller can tell "not recorded" from a real failure.
    /// Holds the fact's name, e.g. `Team.meetings`.
    public var unrecorded: String?
    /// For an unrecorded fact read from a file: where it is written as `unknown`, or the object it
    /// is missing from.
    public var origin: ValueOrigin?

    /// Creates an error.
    public init(_ message: String, exprID: Int32 = 0) {
        self.message = message
        self.exprID = exprID
    }

    /// The unknown value of a fact whose name and message were made beforehand (a schema's
    /// fields are read absent often; interpolating both strings on every read was a measurable
    /// part of rule evaluation).
    public static func unrecorded(_ fact: String, message: String, at origin: ValueOrigin? = nil) -> EvalError {
        var error = EvalError(message)
        error.unrecorded = fact
        error.origin = origin
        return error
    }

    /// The message of the unknown value of `fact`.
    public static func unrecordedMessage(_ fact: String) -> String { "not recorded: \(fact)" }

    /// The unknown value of a fact the data does not record.
    public static func unrecorded(_ fact: String, at origin: ValueOrigin? = nil) -> EvalError {
        var error = EvalError(unrecordedMessage(fact))
        error.unrecorded = fact
        error.origin = origin
        return error
    }

    public var description: String { message }
}

/// A list, however it is stored.
///
/// Lists and maps are immutable objects, so a CEL value holding one is a reference: copying the
/// value counts one reference. As structs in an existential they were copied through value
/// witnesses, and every `switch` over a value copies it whole — a seventh of a check's
/// instructions (`tandem check` at 1,000 teams: 4.72 → 4.06 G instructions as objects).
public protocol ListValue: AnyObject, Sendable {
    /// The number of elements.
    var count: Int { get }
    /// The element at `index` (0 ≤ index < count).
    subscript(index: Int) -> Value { get }
    /// Where the list came from in its source file, for findings; `nil` for computed lists.
    var origin: ValueOrigin? { get }
    /// Whether `value` is an element (as `==` compares), when the list can tell without making
    /// each element a value (a hash index, text compared where it is stored); `nil` for the
    /// caller to compare element by element.
    func contains(_ value: Value) -> Bool?
}

extension ListValue {
    /// Elements are compared one by one by the caller.
    public func contains(_ value: Value) -> Bool? { nil }
}

/// A map, however it is stored; an immutable object, as a ``ListValue`` is.
public protocol MapValue: AnyObject, Sendable {
    /// The number of entries.
    var count: Int { get }
    /// The value under `key`, or `nil` when absent.
    func value(forKey key: Value) -> Value?
    /// The value under a string key; the hot path of field selection.
    func value(forField name: String) -> Value?
    /// ``value(forField:)`` at a selection that reads `name` again and again (a rule's
    /// `m.person` over every member of every team): `memo` is that selection's, kept between
    /// reads, for the map to remember where it found the field (see ``FieldMemo``).
    func value(forField name: String, memo: inout FieldMemo) -> Value?
    /// The keys, in a stable order.
    var keys: [Value] { get }
    /// Where the map came from in its source file, for findings.
    var origin: ValueOrigin? { get }
    /// Where the value under `name` is written, when the map comes from a file.
    func origin(ofField name: String) -> ValueOrigin?
}

/// A source position attached to host data, so a finding can point at the offending node.
public struct ValueOrigin: Sendable, Hashable {
    /// 1-based line.
    public var line: Int32
    /// 1-based column.
    public var column: Int32

    /// Creates an origin.
    public init(line: Int32, column: Int32) {
        self.line = line
        self.column = column
    }
}

extension ListValue {
    public var origin: ValueOrigin? { nil }
}

extension MapValue {
    public var origin: ValueOrigin? { nil }

    public func origin(ofField name: String) -> ValueOrigin? { nil }

    public func value(forField name: String) -> Value? { value(forKey: .string(name)) }

    public func value(forField name: String, memo: inout FieldMemo) -> Value? { value(forField: name) }
}

/// What one field selection of a program remembers between its reads, for maps that can find a
/// field faster the second time (a snapshot's mappings: the field's position in the schema, its
/// key's number in the document, and where the last mapping held it — mappings of one list
/// mostly write their keys in one order). Filled and checked by the map that reads it; others
/// ignore it.
public struct FieldMemo: Sendable {
    /// The document the memo was made in, held so that its address cannot be reused by another
    /// while the memo names it.
    public var document: (any AnyObject & Sendable)?
    /// What the field's position is counted in (a schema), by identity.
    public var layout: ObjectIdentifier?
    /// The field's position in ``layout``, or -1 when it has none.
    public var field: Int32 = -1
    /// The number of the field's key in ``document``, or -1 when no mapping there has it.
    public var key: Int32 = -1
    /// The entry where the last mapping held the key.
    public var position: Int32 = 0

    /// A memo that names nothing yet.
    public init() {}
}

/// A list held in a Swift array.
public final class ArrayList: ListValue {
    /// The elements.
    public let values: [Value]

    /// Wraps `values`.
    public init(_ values: [Value]) { self.values = values }

    public var count: Int { values.count }
    public subscript(index: Int) -> Value { values[index] }
}

/// A map held in Swift storage, keys in insertion order.
public final class DictionaryMap: MapValue {
    private let index: [MapKey: Int]
    private let entries: [(key: Value, value: Value)]

    /// Builds a map; a repeated key is reported as the key itself so the caller can raise an error.
    public static func make(_ pairs: [(Value, Value)]) -> Result<DictionaryMap, EvalError> {
        var index: [MapKey: Int] = [:]
        var entries: [(key: Value, value: Value)] = []
        entries.reserveCapacity(pairs.count)
        for (key, value) in pairs {
            guard let mapKey = MapKey(key) else {
                return .failure(EvalError("unsupported key type: \(key.celType)"))
            }
            if index[mapKey] != nil {
                return .failure(EvalError("repeated key: \(Printer.literal(key))"))
            }
            index[mapKey] = entries.count
            entries.append((key, value))
        }
        return .success(DictionaryMap(index: index, entries: entries))
    }

    private init(index: [MapKey: Int], entries: [(key: Value, value: Value)]) {
        self.index = index
        self.entries = entries
    }

    public var count: Int { entries.count }
    public var keys: [Value] { entries.map(\.key) }

    public func value(forKey key: Value) -> Value? {
        guard let mapKey = MapKey(key), let i = index[mapKey] else { return nil }
        return entries[i].value
    }
}

/// A hashable map key: CEL allows int, uint, bool and string keys; numerically equal int and uint
/// keys are the same key, and a double with an integral value finds them too.
package struct MapKey: Hashable {
    enum Storage: Hashable {
        case int(Int64)
        case uint(UInt64)
        case bool(Bool)
        case string(String)
    }
    let storage: Storage

    package init?(_ value: Value) {
        switch value {
        case .int(let i): storage = .int(i)
        case .uint(let u): storage = u <= UInt64(Int64.max) ? .int(Int64(u)) : .uint(u)
        case .bool(let b): storage = .bool(b)
        case .string(let s): storage = .string(s)
        case .double(let d):
            if d == d.rounded(), d >= -9.223372036854775808e18, d < 9.223372036854775808e18 {
                storage = .int(Int64(d))
            } else if d == d.rounded(), d >= 0, d < 1.8446744073709551616e19 {
                storage = .uint(UInt64(d))
            } else {
                return nil
            }
        default: return nil
        }
    }
}
