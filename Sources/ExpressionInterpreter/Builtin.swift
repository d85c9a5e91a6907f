import Expression

/// The standard functions, resolved at plan time so evaluation dispatches on an enum, not a name.
enum Builtin: Sendable {
    case add, subtract, multiply, divide, modulo, negate
    case equals, notEquals, less, lessEquals, greater, greaterEquals
    case membership, index
    case size, contains, startsWith, endsWith, matches, lowerAscii, upperAscii, trim, split, join
    case toInt, toUint, toDouble, toString, toBool, toBytes, toTimestamp, toDuration, dyn, type
    case time(TimeFunctions.Accessor)
    /// A function of an extension library.
    case library(LibraryFunction)

    /// Resolves a call by name and style.
    init?(function: String, member: Bool) {
        switch (function, member) {
        case ("_+_", false): self = .add
        case ("_-_", false): self = .subtract
        case ("_*_", false): self = .multiply
        case ("_/_", false): self = .divide
        case ("_%_", false): self = .modulo
        case ("-_", false): self = .negate
        case ("_==_", false): self = .equals
        case ("_!=_", false): self = .notEquals
        case ("_<_", false): self = .less
        case ("_<=_", false): self = .lessEquals
        case ("_>_", false): self = .greater
        case ("_>=_", false): self = .greaterEquals
        case ("@in", false): self = .membership
        case ("_[_]", false): self = .index
        case ("size", _): self = .size
        case ("contains", true): self = .contains
        case ("startsWith", true): self = .startsWith
        case ("endsWith", true): self = .endsWith
        case ("matches", _): self = .matches
        case ("lowerAscii", true): self = .lowerAscii
        case ("upperAscii", true): self = .upperAscii
        case ("trim", true): self = .trim
        case ("split", true): self = .split
        case ("join", true): self = .join
        case ("int", false): self = .toInt
        case ("uint", false): self = .toUint
        case ("double", false): self = .toDouble
        case ("string", false): self = .toString
        case ("bool", false): self = .toBool
        case ("bytes", false): self = .toBytes
        case ("timestamp", false): self = .toTimestamp
        case ("duration", false): self = .toDuration
        case ("dyn", false): self = .dyn
        case ("type", false): self = .type
        default:
            if let function = LibraryFunction(function: function, member: member) {
                self = .library(function)
                return
            }
            guard member, let accessor = TimeFunctions.Accessor(rawValue: function) else { return nil }
            self = .time(accessor)
        }
    }

    var name: String {
        switch self {
        case .add: "_+_"
        case .subtract: "_-_"
        case .multiply: "_*_"
        case .divide: "_/_"
        case .modulo: "_%_"
        case .negate: "-_"
        case .equals: "_==_"
        case .notEquals: "_!=_"
        case .less: "_<_"
        case .lessEquals: "_<=_"
        case .greater: "_>_"
        case .greaterEquals: "_>=_"
        case .membership: "@in"
        case .index: "_[_]"
        case .time(let a): a.rawValue
        case .library(let f): f.name
        default: "\(self)"
        }
    }

    /// One-argument application without an argument array.
    func apply1(_ a: Value) -> Value {
        switch self {
        case .size: StringFunctions.size(a) ?? noOverload([a])
        case .dyn: a
        default: apply([a])
        }
    }

    /// Two-argument application without an argument array, for the operators rules use most.
    func apply2(_ a: Value, _ b: Value) -> Value {
        dispatch2(a, b) ?? noOverload([a, b])
    }

    /// The two-argument operators; other functions go through the general dispatch.
    private func dispatch2(_ a: Value, _ b: Value) -> Value? {
        switch self {
        case .add: return Arithmetic.add(a, b)
        case .subtract: return Arithmetic.subtract(a, b)
        case .multiply: return Arithmetic.multiply(a, b)
        case .divide: return Arithmetic.divide(a, b)
        case .modulo: return Arithmetic.modulo(a, b)
        case .equals: return .bool(Comparison.isEqual(a, b))
        case .notEquals: return .bool(!Comparison.isEqual(a, b))
        case .less, .lessEquals, .greater, .greaterEquals:
            guard let order = Comparison.order(a, b) else { return nil }
            switch (self, order) {
            case (_, .unordered): return .bool(false)
            case (.less, _): return .bool(order == .less)
            case (.lessEquals, _): return .bool(order != .greater)
            case (.greater, _): return .bool(order == .greater)
            default: return .bool(order != .less)
            }
        case .membership:
            switch b {
            case .list(let list):
                return .bool(list.includes(a))
            case .map(let map):
                // A key whose fact is unrecorded is not "in" the map, as has() is false for it.
                guard let found = map.value(forKey: a) else { return .bool(false) }
                return .bool(!found.isUnrecorded)
            default: return nil
            }
        case .index: return Self.index(a, b)
        default: return dispatch([a, b])
        }
    }

    private func noOverload(_ args: [Value]) -> Value {
        let types = args.map { $0.celType.description }.joined(separator: ", ")
        return .error(EvalError("no matching overload for '\(name)' applied to (\(types))"))
    }

    /// Applies the function to evaluated arguments (errors already filtered out).
    func apply(_ args: [Value]) -> Value {
        dispatch(args) ?? noOverload(args)
    }

    private func dispatch(_ a: [Value]) -> Value? {
        switch self {
        case .add, .subtract, .multiply, .divide, .modulo, .equals, .notEquals,
            .less, .lessEquals, .greater, .greaterEquals, .membership, .index:
            return a.count == 2 ? dispatch2(a[0], a[1]) : nil
        case .negate: return a.count == 1 ? Arithmetic.negate(a[0]) : nil
        case .size: return a.count == 1 ? StringFunctions.size(a[0]) : nil
        case .contains, .startsWith, .endsWith, .matches:
            guard a.count == 2, case .string(let s) = a[0], case .string(let t) = a[1] else { return nil }
            switch self {
            case .contains: return .bool(StringFunctions.contains(s, t))
            case .startsWith: return .bool(StringFunctions.startsWith(s, t))
            case .endsWith: return .bool(StringFunctions.endsWith(s, t))
            default: return CompiledPattern.matches(s, t)
            }
        case .lowerAscii, .upperAscii, .trim:
            guard a.count == 1, case .string(let s) = a[0] else { return nil }
            switch self {
            case .lowerAscii: return .string(StringFunctions.lowerAscii(s))
            case .upperAscii: return .string(StringFunctions.upperAscii(s))
            default: return .string(StringFunctions.trim(s))
            }
        case .split:
            guard a.count == 2 || a.count == 3, case .string(let s) = a[0], case .string(let sep) = a[1] else { return nil }
            guard a.count == 3 else { return StringFunctions.split(s, sep) }
            guard case .int(let limit) = a[2] else { return nil }
            return StringFunctions.split(s, sep, limit: limit)
        case .join:
            guard case .list(let list)? = a.first else { return nil }
            if a.count == 1 { return StringFunctions.join(list, "") }
            guard a.count == 2, case .string(let sep) = a[1] else { return nil }
            return StringFunctions.join(list, sep)
        case .toInt: return a.count == 1 ? Conversions.toInt(a[0]) : nil
        case .toUint: return a.count == 1 ? Conversions.toUint(a[0]) : nil
        case .toDouble: return a.count == 1 ? Conversions.toDouble(a[0]) : nil
        case .toString: return a.count == 1 ? Conversions.toString(a[0]) : nil
        case .toBool: return a.count == 1 ? Conversions.toBool(a[0]) : nil
        case .toBytes: return a.count == 1 ? Conversions.toBytes(a[0]) : nil
        case .toTimestamp: return a.count == 1 ? Conversions.toTimestamp(a[0]) : nil
        case .toDuration: return a.count == 1 ? Conversions.toDuration(a[0]) : nil
        case .dyn: return a.count == 1 ? a[0] : nil
        case .type: return a.count == 1 ? Conversions.type(a[0]) : nil
        case .time(let accessor): return TimeFunctions.apply(accessor, a)
        case .library(let f): return f.apply(a)
        }
    }

    static func index(_ container: Value, _ key: Value) -> Value? {
        switch container {
        case .optional:
            // Indexing through an optional (optionals extension) is an optional index.
            return LibraryFunction.optionalIndex(container, key)
        case .list(let list):
            let i: Int64
            switch key {
            case .int(let v): i = v
            case .uint(let v): i = v > UInt64(Int64.max) ? -1 : Int64(v)
            case .double(let d):
                guard d == d.rounded(), abs(d) < 9e18 else { return .error(EvalError("invalid list index \(Printer.double(d))")) }
                i = Int64(d)
            default: return nil
            }
            guard i >= 0, i < list.count else { return .error(EvalError("index out of range: \(i) (size \(list.count))")) }
            return list[Int(i)]
        case .map(let map):
            switch key {
            case .int, .uint, .bool, .string, .double: break
            default: return nil
            }
            return map.value(forKey: key) ?? .error(EvalError("no such key: \(Printer.literal(key))"))
        default:
            return nil
        }
    }
}
