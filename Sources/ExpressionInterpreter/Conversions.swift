import Expression

/// Type conversion functions: `int()`, `uint()`, `double()`, `string()`, `bool()`, `bytes()`,
/// `timestamp()`, `duration()`, `type()`.
enum Conversions {
    static func fail(_ message: String) -> Value { .error(EvalError(message)) }

    static func toInt(_ v: Value) -> Value? {
        switch v {
        case .int: return v
        case .uint(let u): return u <= UInt64(Int64.max) ? .int(Int64(u)) : fail("int conversion out of range")
        case .double(let d):
            guard d.isFinite, d > -9.223372036854775809e18, d < 9.223372036854775807e18 else { return fail("int conversion out of range") }
            return .int(Int64(d))
        case .string(let s): return Int64(s).map(Value.int) ?? fail("cannot convert '\(s)' to int")
        case .timestamp(let t): return .int(t.seconds)
        default: return nil
        }
    }

    static func toUint(_ v: Value) -> Value? {
        switch v {
        case .uint: return v
        case .int(let i): return i >= 0 ? .uint(UInt64(i)) : fail("uint conversion out of range")
        case .double(let d):
            guard d.isFinite, d > -1, d < 1.8446744073709551616e19 else { return fail("uint conversion out of range") }
            return .uint(UInt64(d))
        case .string(let s): return UInt64(s).map(Value.uint) ?? fail("cannot convert '\(s)' to uint")
        default: return nil
        }
    }

    static func toDouble(_ v: Value) -> Value? {
        switch v {
        case .double: return v
        case .int(let i): return .double(Double(i))
        case .uint(let u): return .double(Double(u))
        case .string(let s): return Double(s).map(Value.double) ?? fail("cannot convert '\(s)' to double")
        default: return nil
        }
    }

    static func toString(_ v: Value) -> Value? {
        switch v {
        case .string: return v
        case .int(let i): return .string(String(i))
        case .uint(let u): return .string(String(u))
        case .double(let d):
            var text = Printer.double(d)
            if text.hasSuffix(".0") { text.removeLast(2) }
            return .string(text)
        case .bool(let b): return .string(b ? "true" : "false")
        case .bytes(let b):
            guard let s = String(validating: b, as: UTF8.self) else { return fail("bytes are not valid UTF-8") }
            return .string(s)
        case .timestamp(let t): return .string(TimeFormat.rfc3339(t))
        case .duration(let d): return .string(TimeFormat.duration(d))
        default: return nil
        }
    }

    static func toBool(_ v: Value) -> Value? {
        switch v {
        case .bool: return v
        case .string(let s):
            switch s {
            case "1", "t", "T", "true", "TRUE", "True": return .bool(true)
            case "0", "f", "F", "false", "FALSE", "False": return .bool(false)
            default: return fail("cannot convert '\(s)' to bool")
            }
        default: return nil
        }
    }

    static func toBytes(_ v: Value) -> Value? {
        switch v {
        case .bytes: return v
        case .string(let s): return .bytes(Array(s.utf8))
        default: return nil
        }
    }

    static func toTimestamp(_ v: Value) -> Value? {
        switch v {
        case .timestamp: return v
        case .string(let s): return TimeFormat.parseTimestamp(s).map(Value.timestamp) ?? fail("cannot parse '\(s)' as an RFC 3339 timestamp")
        case .int(let i): return Timestamp(seconds: i).map(Value.timestamp) ?? fail("timestamp out of range")
        default: return nil
        }
    }

    static func toDuration(_ v: Value) -> Value? {
        switch v {
        case .duration: return v
        case .string(let s): return TimeFormat.parseDuration(s).map(Value.duration) ?? fail("cannot parse '\(s)' as a duration")
        default: return nil
        }
    }

    static func type(_ v: Value) -> Value {
        switch v {
        case .error: return v
        case .type: return .type(.type(.dyn))
        default: return .type(v.celType)
        }
    }
}
