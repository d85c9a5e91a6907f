import Expression

/// Arithmetic with CEL's rules: overflow is an error, never a wrap or a trap.
enum Arithmetic {
    static func overflow() -> Value { .error(EvalError("integer overflow")) }

    static func add(_ a: Value, _ b: Value) -> Value? {
        switch (a, b) {
        case let (.int(x), .int(y)):
            let (r, o) = x.addingReportingOverflow(y)
            return o ? overflow() : .int(r)
        case let (.uint(x), .uint(y)):
            let (r, o) = x.addingReportingOverflow(y)
            return o ? overflow() : .uint(r)
        case let (.double(x), .double(y)): return .double(x + y)
        case let (.string(x), .string(y)): return .string(x + y)
        case let (.bytes(x), .bytes(y)): return .bytes(x + y)
        case let (.list(x), .list(y)):
            var values: [Value] = []
            values.reserveCapacity(x.count + y.count)
            for i in 0..<x.count { values.append(x[i]) }
            for i in 0..<y.count { values.append(y[i]) }
            return .list(values)
        case let (.timestamp(t), .duration(d)), let (.duration(d), .timestamp(t)):
            return timestamp(t.seconds, Int64(t.nanos), d.seconds, Int64(d.nanos))
        case let (.duration(x), .duration(y)):
            return duration(x.seconds, Int64(x.nanos), y.seconds, Int64(y.nanos))
        default: return nil
        }
    }

    static func subtract(_ a: Value, _ b: Value) -> Value? {
        switch (a, b) {
        case let (.int(x), .int(y)):
            let (r, o) = x.subtractingReportingOverflow(y)
            return o ? overflow() : .int(r)
        case let (.uint(x), .uint(y)):
            let (r, o) = x.subtractingReportingOverflow(y)
            return o ? overflow() : .uint(r)
        case let (.double(x), .double(y)): return .double(x - y)
        case let (.timestamp(x), .timestamp(y)):
            return duration(x.seconds, Int64(x.nanos), -y.seconds, -Int64(y.nanos))
        case let (.timestamp(t), .duration(d)):
            return timestamp(t.seconds, Int64(t.nanos), -d.seconds, -Int64(d.nanos))
        case let (.duration(x), .duration(y)):
            return duration(x.seconds, Int64(x.nanos), -y.seconds, -Int64(y.nanos))
        default: return nil
        }
    }

    static func multiply(_ a: Value, _ b: Value) -> Value? {
        switch (a, b) {
        case let (.int(x), .int(y)):
            let (r, o) = x.multipliedReportingOverflow(by: y)
            return o ? overflow() : .int(r)
        case let (.uint(x), .uint(y)):
            let (r, o) = x.multipliedReportingOverflow(by: y)
            return o ? overflow() : .uint(r)
        case let (.double(x), .double(y)): return .double(x * y)
        default: return nil
        }
    }

    static func divide(_ a: Value, _ b: Value) -> Value? {
        switch (a, b) {
        case let (.int(x), .int(y)):
            if y == 0 { return .error(EvalError("division by zero")) }
            let (r, o) = x.dividedReportingOverflow(by: y)
            return o ? overflow() : .int(r)
        case let (.uint(x), .uint(y)):
            if y == 0 { return .error(EvalError("division by zero")) }
            return .uint(x / y)
        case let (.double(x), .double(y)): return .double(x / y)
        default: return nil
        }
    }

    static func modulo(_ a: Value, _ b: Value) -> Value? {
        switch (a, b) {
        case let (.int(x), .int(y)):
            if y == 0 { return .error(EvalError("modulus by zero")) }
            let (r, o) = x.remainderReportingOverflow(dividingBy: y)
            return o ? overflow() : .int(r)
        case let (.uint(x), .uint(y)):
            if y == 0 { return .error(EvalError("modulus by zero")) }
            return .uint(x % y)
        default: return nil
        }
    }

    static func negate(_ a: Value) -> Value? {
        switch a {
        case .int(let x):
            let (r, o) = Int64(0).subtractingReportingOverflow(x)
            return o ? overflow() : .int(r)
        case .double(let x): return .double(-x)
        case .duration(let d): return Duration(seconds: -d.seconds, nanos: -d.nanos).map(Value.duration)
        default: return nil
        }
    }

    private static func split(_ s1: Int64, _ n1: Int64, _ s2: Int64, _ n2: Int64) -> (Int64, Int64)? {
        let (s, o) = s1.addingReportingOverflow(s2)
        if o { return nil }
        return (s, n1 + n2)
    }

    private static func timestamp(_ s1: Int64, _ n1: Int64, _ s2: Int64, _ n2: Int64) -> Value {
        guard let (s, n) = split(s1, n1, s2, n2) else { return .error(EvalError("timestamp overflow")) }
        let seconds = s + TimeFormat.floorDiv(n, 1_000_000_000)
        let nanos = n - TimeFormat.floorDiv(n, 1_000_000_000) * 1_000_000_000
        return Timestamp(seconds: seconds, nanos: Int32(nanos)).map(Value.timestamp) ?? .error(EvalError("timestamp overflow"))
    }

    private static func duration(_ s1: Int64, _ n1: Int64, _ s2: Int64, _ n2: Int64) -> Value {
        guard let (s, n) = split(s1, n1, s2, n2) else { return .error(EvalError("duration overflow")) }
        return Duration(seconds: s + n / 1_000_000_000, nanos: Int32(n % 1_000_000_000)).map(Value.duration) ?? .error(EvalError("duration overflow"))
    }
}
