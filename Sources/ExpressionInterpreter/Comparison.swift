import Expression
import Foundation

/// CEL's heterogeneous equality and ordering.
enum Comparison {
    /// `a == b`: numbers compare by value across int, uint and double; values of different kinds
    /// are unequal rather than an error; errors propagate.
    static func equals(_ a: Value, _ b: Value) -> Value {
        if case .error = a { return a }
        if case .error = b { return b }
        return .bool(isEqual(a, b))
    }

    static func isEqual(_ a: Value, _ b: Value) -> Bool {
        // One switch after the other, not one over the pair: a tuple of two values is a copy of
        // each (a fortieth of a check's instructions went to copying values into such tuples).
        switch a {
        case .null: if case .null = b { return true }
        case .bool(let x): if case .bool(let y) = b { return x == y }
        case .string(let x): if case .string(let y) = b { return sameBytes(x, y) }
        case .bytes(let x): if case .bytes(let y) = b { return x == y }
        case .timestamp(let x): if case .timestamp(let y) = b { return x == y }
        case .duration(let x): if case .duration(let y) = b { return x == y }
        case .type(let x): if case .type(let y) = b { return typeName(x) == typeName(y) }
        case .optional(let x):
            if case .optional(let y) = b {
                switch (x, y) {
                case (nil, nil): return true
                case let (x?, y?): return isEqual(x, y)
                default: return false
                }
            }
        case .list(let x):
            if case .list(let y) = b {
                guard x.count == y.count else { return false }
                for i in 0..<x.count where !isEqual(x[i], y[i]) { return false }
                return true
            }
        case .map(let x):
            if case .map(let y) = b {
                guard x.count == y.count else { return false }
                for key in x.keys {
                    guard let other = y.value(forKey: key), let mine = x.value(forKey: key), isEqual(mine, other) else { return false }
                }
                return true
            }
        case .int, .uint, .double, .error:
            break
        }
        if let order = numericOrder(a, b) { return order == .equal }
        return false
    }

    /// Type values compare by their outer name (`list(int)` equals `list`).
    static func typeName(_ t: CELType) -> String { t.runtimeName }

    enum Order {
        case less, equal, greater, unordered
    }

    /// Ordering for `<`, `<=`, `>`, `>=`; `nil` when the kinds cannot be ordered (an error).
    static func order(_ a: Value, _ b: Value) -> Order? {
        switch a {
        case .string(let x): if case .string(let y) = b { return compareBytes(x, y) }
        case .bytes(let x): if case .bytes(let y) = b { return compare(x, y) }
        case .bool(let x): if case .bool(let y) = b { return x == y ? .equal : (!x ? .less : .greater) }
        case .timestamp(let x): if case .timestamp(let y) = b { return x == y ? .equal : (x < y ? .less : .greater) }
        case .duration(let x): if case .duration(let y) = b { return x == y ? .equal : (x < y ? .less : .greater) }
        default: break
        }
        return numericOrder(a, b)
    }

    /// CEL compares strings by code points, not by Unicode canonical equivalence: byte-wise on
    /// UTF-8, through contiguous storage when both strings have it (native strings do).
    static func sameBytes(_ x: String, _ y: String) -> Bool {
        // Lengths first, read without copying either string: most strings a rule compares
        // (a role against 'patient_advisor') differ in length.
        guard x.utf8.count == y.utf8.count else { return false }
        return withUTF8(x, y) { a, b in a.count == 0 || memcmp(a.baseAddress!, b.baseAddress!, a.count) == 0 }
    }

    /// Byte-wise order on UTF-8 (the order of code points).
    static func compareBytes(_ x: String, _ y: String) -> Order {
        withUTF8(x, y) { a, b in
            let common = min(a.count, b.count)
            let c = common == 0 ? 0 : memcmp(a.baseAddress!, b.baseAddress!, common)
            if c != 0 { return c < 0 ? .less : .greater }
            return a.count == b.count ? .equal : (a.count < b.count ? .less : .greater)
        }
    }

    /// `body` over the UTF-8 of both strings, read in place when they have contiguous storage
    /// (native strings do): copied to be made mutable for `withUTF8`, each string counted a
    /// reference up and down on its storage, which every core reading the same value shares
    /// (4% of the references counted at 1,000 teams).
    @inline(__always)
    private static func withUTF8<R>(_ x: String, _ y: String, _ body: (UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<UInt8>) -> R) -> R {
        if let result = x.utf8.withContiguousStorageIfAvailable({ a in y.utf8.withContiguousStorageIfAvailable { b in body(a, b) } }) ?? nil {
            return result
        }
        var x = x, y = y
        return x.withUTF8 { a in y.withUTF8 { b in body(a, b) } }
    }

    private static func compare<T: Comparable>(_ x: [T], _ y: [T]) -> Order {
        x == y ? .equal : (x.lexicographicallyPrecedes(y) ? .less : .greater)
    }

    private static func compare<T: Comparable>(_ x: T, _ y: T) -> Order {
        x == y ? .equal : (x < y ? .less : .greater)
    }

    /// Comparison across int, uint and double.
    static func numericOrder(_ a: Value, _ b: Value) -> Order? {
        switch a {
        case .int(let x):
            switch b {
            case .int(let y): return compare(x, y)
            case .uint(let y): return x < 0 ? .less : compare(UInt64(x), y)
            case .double(let y): return intDouble(x, y)
            default: return nil
            }
        case .uint(let x):
            switch b {
            case .uint(let y): return compare(x, y)
            case .int(let y): return y < 0 ? .greater : compare(x, UInt64(y))
            case .double(let y): return uintDouble(x, y)
            default: return nil
            }
        case .double(let x):
            switch b {
            case .double(let y): return x.isNaN || y.isNaN ? .unordered : compare(x, y)
            case .int(let y): return flip(intDouble(y, x))
            case .uint(let y): return flip(uintDouble(y, x))
            default: return nil
            }
        default:
            return nil
        }
    }

    private static func flip(_ o: Order) -> Order {
        switch o {
        case .less: .greater
        case .greater: .less
        default: o
        }
    }

    // As cel-go: values outside the other type's range order by range; inside it, the integer is
    // converted to double (lossy above 2^53, which the conformance suite pins).
    private static func intDouble(_ i: Int64, _ d: Double) -> Order {
        if d.isNaN { return .unordered }
        if d < -9.223372036854775808e18 { return .greater }
        if d > 9.223372036854775808e18 { return .less }
        return compare(Double(i), d)
    }

    private static func uintDouble(_ u: UInt64, _ d: Double) -> Order {
        if d.isNaN { return .unordered }
        if d < 0 { return .greater }
        if d > 1.8446744073709551616e19 { return .less }
        return compare(Double(u), d)
    }
}

extension ListValue {
    /// Whether `value` is an element, as `==` compares: answered by the list itself when it can
    /// (``ListValue/contains(_:)``), else element by element. `in` and the `sets` functions ask it.
    func includes(_ value: Value) -> Bool {
        contains(value) ?? (0..<count).contains { Comparison.isEqual(value, self[$0]) }
    }
}
