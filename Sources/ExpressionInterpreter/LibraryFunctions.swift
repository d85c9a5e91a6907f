import Foundation
import Expression

/// The functions of CEL's extension libraries (``CELExtension``), resolved at plan time like the
/// standard ones. Semantics follow cel-go's `ext` package; each function also states its cost:
/// the work it does, charged to the evaluation's step budget so `sort` of a huge list or a string
/// rebuilt in a loop cannot run away.
enum LibraryFunction: Sendable {
    // strings
    case charAt, indexOf, lastIndexOf, replace, substring, quote, reverse, format
    // lists
    case range, distinct, flatten, slice, sort, first, last
    // sets
    case setsContains, setsEquivalent, setsIntersects
    // math
    case greatest, least, ceil, floor, round, trunc, abs, sign, sqrt, isNaN, isInf, isFinite
    case bitAnd, bitOr, bitXor, bitNot, bitShiftLeft, bitShiftRight
    // encoders
    case base64Encode, base64Decode
    // optionals
    case optionalOf, optionalOfNonZeroValue, optionalNone, hasValue, value, optionalIndex, optionalSelect

    init?(function: String, member: Bool) {
        switch (function, member) {
        case ("charAt", true): self = .charAt
        case ("indexOf", true): self = .indexOf
        case ("lastIndexOf", true): self = .lastIndexOf
        case ("replace", true): self = .replace
        case ("substring", true): self = .substring
        case ("strings.quote", false): self = .quote
        case ("reverse", true): self = .reverse
        case ("format", true): self = .format
        case ("lists.range", false): self = .range
        case ("distinct", true): self = .distinct
        case ("flatten", true): self = .flatten
        case ("slice", true): self = .slice
        case ("sort", true): self = .sort
        case ("first", true): self = .first
        case ("last", true): self = .last
        case ("sets.contains", false): self = .setsContains
        case ("sets.equivalent", false): self = .setsEquivalent
        case ("sets.intersects", false): self = .setsIntersects
        case ("math.greatest", false): self = .greatest
        case ("math.least", false): self = .least
        case ("math.ceil", false): self = .ceil
        case ("math.floor", false): self = .floor
        case ("math.round", false): self = .round
        case ("math.trunc", false): self = .trunc
        case ("math.abs", false): self = .abs
        case ("math.sign", false): self = .sign
        case ("math.sqrt", false): self = .sqrt
        case ("math.isNaN", false): self = .isNaN
        case ("math.isInf", false): self = .isInf
        case ("math.isFinite", false): self = .isFinite
        case ("math.bitAnd", false): self = .bitAnd
        case ("math.bitOr", false): self = .bitOr
        case ("math.bitXor", false): self = .bitXor
        case ("math.bitNot", false): self = .bitNot
        case ("math.bitShiftLeft", false): self = .bitShiftLeft
        case ("math.bitShiftRight", false): self = .bitShiftRight
        case ("base64.encode", false): self = .base64Encode
        case ("base64.decode", false): self = .base64Decode
        case ("optional.of", false): self = .optionalOf
        case ("optional.ofNonZeroValue", false): self = .optionalOfNonZeroValue
        case ("optional.none", false): self = .optionalNone
        case ("hasValue", true): self = .hasValue
        case ("value", true): self = .value
        case ("_[?_]", false): self = .optionalIndex
        case ("_?._", false): self = .optionalSelect
        default: return nil
        }
    }

    var name: String { "\(self)" }

    /// Steps the call costs beyond the one every call pays: proportional to the characters or
    /// elements it reads or builds.
    func cost(_ args: [Value]) -> Int {
        func size(_ v: Value?) -> Int {
            switch v {
            case .string(let s)?: s.utf8.count
            case .bytes(let b)?: b.count
            case .list(let l)?: l.count
            case .map(let m)?: m.count
            default: 0
            }
        }
        switch self {
        case .charAt, .indexOf, .lastIndexOf, .substring, .quote, .reverse, .base64Encode, .base64Decode, .distinct, .flatten, .slice, .greatest, .least:
            let n = args.reduce(0) { $0 + size($1) }
            return self == .distinct ? Self.sortCost(n) : n
        case .replace, .format:
            return args.reduce(0) { $0 + size($1) }
        case .sort:
            return Self.sortCost(size(args.first))
        case .range:
            if case .int(let n)? = args.first { return Int(clamping: max(0, n)) }
            return 0
        case .setsContains, .setsEquivalent, .setsIntersects:
            return size(args.first) + (args.count > 1 ? size(args[1]) : 0)
        default:
            return 0
        }
    }

    /// Comparisons a sort of `n` elements makes, about n·log₂n.
    static func sortCost(_ n: Int) -> Int {
        n * max(1, Int.bitWidth - n.leadingZeroBitCount)
    }

    /// Applies the function; `nil` when no overload fits the arguments.
    func apply(_ a: [Value]) -> Value? {
        switch self {
        case .charAt, .indexOf, .lastIndexOf, .replace, .substring, .quote, .format:
            return Strings.apply(self, a)
        case .reverse:
            switch a.first {
            case .string(let s)?: return a.count == 1 ? .string(String(String.UnicodeScalarView(s.unicodeScalars.reversed()))) : nil
            case .list(let l)?: return a.count == 1 ? .list((0..<l.count).reversed().map { l[$0] }) : nil
            default: return nil
            }
        case .range, .distinct, .flatten, .slice, .sort, .first, .last:
            return Lists.apply(self, a)
        case .setsContains, .setsEquivalent, .setsIntersects:
            guard a.count == 2, case .list(let x) = a[0], case .list(let y) = a[1] else { return nil }
            switch self {
            case .setsContains: return .bool((0..<y.count).allSatisfy { x.includes(y[$0]) })
            case .setsEquivalent: return .bool((0..<y.count).allSatisfy { x.includes(y[$0]) } && (0..<x.count).allSatisfy { y.includes(x[$0]) })
            default: return .bool((0..<y.count).contains { x.includes(y[$0]) })
            }
        case .base64Encode:
            guard a.count == 1, case .bytes(let b) = a[0] else { return nil }
            return .string(Data(b).base64EncodedString())
        case .base64Decode:
            guard a.count == 1, case .string(let s) = a[0] else { return nil }
            // Padding is optional, as in cel-go (which retries with RawStdEncoding).
            var text = s
            if text.utf8.count % 4 != 0 { text += String(repeating: "=", count: 4 - text.utf8.count % 4) }
            guard let data = Data(base64Encoded: text) else { return .error(EvalError("base64.decode: illegal base64 data")) }
            return .bytes([UInt8](data))
        case .optionalOf:
            return a.count == 1 ? .optional(a[0]) : nil
        case .optionalOfNonZeroValue:
            return a.count == 1 ? .optional(Self.isZero(a[0]) ? nil : a[0]) : nil
        case .optionalNone:
            return a.isEmpty ? .optional(nil) : nil
        case .hasValue:
            guard a.count == 1, case .optional(let v) = a[0] else { return nil }
            return .bool(v != nil)
        case .value:
            guard a.count == 1, case .optional(let v) = a[0] else { return nil }
            return v ?? .error(EvalError("optional.none() dereference"))
        case .optionalIndex:
            return a.count == 2 ? Self.optionalIndex(a[0], a[1]) : nil
        case .optionalSelect:
            guard a.count == 2, case .string(let field) = a[1] else { return nil }
            return Self.optionalSelect(a[0], field)
        default:
            return Numbers.apply(self, a)
        }
    }

    /// The zero value of each type, which `optional.ofNonZeroValue` turns into `none`.
    static func isZero(_ v: Value) -> Bool {
        switch v {
        case .null: true
        case .bool(let b): !b
        case .int(let i): i == 0
        case .uint(let u): u == 0
        case .double(let d): d == 0
        case .string(let s): s.isEmpty
        case .bytes(let b): b.isEmpty
        case .list(let l): l.count == 0
        case .map(let m): m.count == 0
        case .timestamp(let t): t.seconds == 0 && t.nanos == 0
        case .duration(let d): d.seconds == 0 && d.nanos == 0
        case .optional(let o): o == nil
        case .type, .error: false
        }
    }

    /// `x[?key]`, and `x[key]` when `x` is optional: the element, or `none` when it is absent.
    static func optionalIndex(_ container: Value, _ key: Value) -> Value? {
        switch container {
        case .optional(nil): return .optional(nil)
        case .optional(let inner?): return optionalIndex(inner, key)
        case .list(let list):
            switch key {
            case .int(let i): return i >= 0 && i < list.count ? .optional(list[Int(i)]) : .optional(nil)
            case .uint(let u): return u < UInt64(list.count) ? .optional(list[Int(u)]) : .optional(nil)
            case .double(let d) where d == d.rounded():
                return d >= 0 && d < Double(list.count) ? .optional(list[Int(d)]) : .optional(nil)
            default: return nil
            }
        case .map(let map):
            switch key {
            case .int, .uint, .bool, .string, .double: break
            default: return nil
            }
            guard let found = map.value(forKey: key) else { return .optional(nil) }
            if case .error = found { return found }
            return .optional(found)
        default: return nil
        }
    }

    /// `x.?field`, and `x.field` when `x` is optional: the field, or `none` when it is absent. An
    /// unrecorded fact stays unknown (it is not "absent").
    static func optionalSelect(_ operand: Value, _ field: String) -> Value {
        switch operand {
        case .optional(nil): return .optional(nil)
        case .optional(let inner?): return optionalSelect(inner, field)
        case .map(let map):
            guard let found = map.value(forField: field) else { return .optional(nil) }
            if case .error = found { return found }
            return .optional(found)
        case .error: return operand
        default: return .error(EvalError("type '\(operand.celType)' does not support field selection"))
        }
    }
}

/// The strings extension.
private enum Strings {
    static func fail(_ message: String) -> Value { .error(EvalError(message)) }

    static func apply(_ f: LibraryFunction, _ a: [Value]) -> Value? {
        switch (f, a.count) {
        case (.quote, 1):
            guard case .string(let s) = a[0] else { return nil }
            return .string(quote(s))
        case (.format, 2):
            guard case .string(let s) = a[0], case .list(let args) = a[1] else { return nil }
            return Format.apply(s, args)
        default: break
        }
        guard case .string(let s)? = a.first else { return nil }
        let scalars = Array(s.unicodeScalars)
        func text(_ slice: ArraySlice<Unicode.Scalar>) -> String { String(String.UnicodeScalarView(slice)) }
        switch (f, a.count) {
        case (.charAt, 2):
            guard case .int(let i) = a[1] else { return nil }
            guard i >= 0, i <= scalars.count else { return fail("index out of range: \(i)") }
            return .string(i == scalars.count ? "" : String(scalars[Int(i)]))
        case (.indexOf, 2), (.indexOf, 3), (.lastIndexOf, 2), (.lastIndexOf, 3):
            guard case .string(let sub) = a[1] else { return nil }
            var offset: Int64? = nil
            if a.count == 3 {
                guard case .int(let o) = a[2] else { return nil }
                offset = o
            }
            return search(scalars, Array(sub.unicodeScalars), offset: offset, last: f == .lastIndexOf)
        case (.replace, 3), (.replace, 4):
            guard case .string(let old) = a[1], case .string(let new) = a[2] else { return nil }
            var limit = Int64(-1)
            if a.count == 4 {
                guard case .int(let n) = a[3] else { return nil }
                limit = n
            }
            return .string(replace(s, old, new, limit: limit))
        case (.substring, 2), (.substring, 3):
            guard case .int(let start) = a[1] else { return nil }
            var end = Int64(scalars.count)
            if a.count == 3 {
                guard case .int(let e) = a[2] else { return nil }
                end = e
                if start > end { return fail("invalid substring range. start: \(start), end: \(end)") }
            }
            guard start >= 0, start <= scalars.count else { return fail("index out of range: \(start)") }
            guard end >= 0, end <= scalars.count else { return fail("index out of range: \(end)") }
            return .string(text(scalars[Int(start)..<Int(end)]))
        default:
            return nil
        }
    }

    /// `indexOf` / `lastIndexOf` over Unicode code points, as cel-go counts them.
    static func search(_ hay: [Unicode.Scalar], _ needle: [Unicode.Scalar], offset: Int64?, last: Bool) -> Value {
        if let offset, offset < 0 { return fail("index out of range: \(offset)") }
        let n = hay.count
        if needle.isEmpty {
            guard let offset else { return .int(Int64(last ? n : 0)) }
            return .int(min(offset, Int64(n)))
        }
        if let offset, offset >= n { return .int(-1) }
        guard needle.count <= n else { return .int(-1) }
        func matches(at i: Int) -> Bool { hay[i..<(i + needle.count)].elementsEqual(needle) }
        if last {
            let start = min(Int(offset ?? Int64(n)), n - needle.count)
            for i in stride(from: start, through: 0, by: -1) where matches(at: i) { return .int(Int64(i)) }
        } else {
            let start = Int(offset ?? 0)
            if start <= n - needle.count {
                for i in start...(n - needle.count) where matches(at: i) { return .int(Int64(i)) }
            }
        }
        return .int(-1)
    }

    /// Go's `strings.Replace`: an empty `old` matches before every code point and at the end.
    static func replace(_ s: String, _ old: String, _ new: String, limit: Int64) -> String {
        if limit == 0 || old == new { return s }
        var out = ""
        var done = Int64(0)
        if old.isEmpty {
            for scalar in s.unicodeScalars {
                if limit < 0 || done < limit { out += new; done += 1 }
                out.unicodeScalars.append(scalar)
            }
            if limit < 0 || done < limit { out += new }
            return out
        }
        let hay = Array(s.utf8), needle = Array(old.utf8)
        var bytes: [UInt8] = []
        var i = 0
        while i < hay.count {
            if (limit < 0 || done < limit), i + needle.count <= hay.count, hay[i..<(i + needle.count)].elementsEqual(needle) {
                bytes += new.utf8
                i += needle.count
                done += 1
            } else {
                bytes.append(hay[i])
                i += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func quote(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\u{07}": out += "\\a"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{0B}": out += "\\v"
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}

/// `string.format(list)`, as cel-spec's strings extension defines the clauses.
private enum Format {
    static func apply(_ template: String, _ args: any ListValue) -> Value {
        var out = ""
        var next = 0
        var chars = Array(template.unicodeScalars)[...]
        while let c = chars.popFirst() {
            guard c == "%" else { out.unicodeScalars.append(c); continue }
            if chars.first == "%" { chars.removeFirst(); out += "%"; continue }
            var precision: Int? = nil
            if chars.first == "." {
                chars.removeFirst()
                var digits = ""
                while let d = chars.first, ("0"..."9").contains(d) { digits.unicodeScalars.append(d); chars.removeFirst() }
                guard let p = Int(digits), p <= 100 else { return .error(EvalError("format: bad precision in clause \(next + 1)")) }
                precision = p
            }
            guard let verb = chars.popFirst() else { return .error(EvalError("format: unterminated clause at the end of the string")) }
            guard next < args.count else { return .error(EvalError("format: index \(next) out of range (\(args.count) argument\(args.count == 1 ? "" : "s"))")) }
            let arg = args[next]
            next += 1
            switch clause(verb, precision, arg) {
            case .string(let s): out += s
            case let other: return other
            }
        }
        return .string(out)
    }

    static func clause(_ verb: Unicode.Scalar, _ precision: Int?, _ arg: Value) -> Value {
        func wrong(_ what: String) -> Value {
            .error(EvalError("format: %\(verb) needs \(what), not \(arg.celType)"))
        }
        switch verb {
        case "s":
            switch arg {
            case .string, .int, .uint, .double, .bool, .bytes, .timestamp, .duration: return Conversions.toString(arg) ?? wrong("a printable value")
            case .null: return .string("null")
            case .type(let t): return .string(Comparison.typeName(t))
            case .list, .map: return .string(Printer.literal(arg))
            default: return wrong("a printable value")
            }
        case "d":
            switch arg {
            case .int(let i): return .string(String(i))
            case .uint(let u): return .string(String(u))
            case .double(let d) where !d.isFinite: return .string(d.isNaN ? "NaN" : d < 0 ? "-Infinity" : "Infinity")
            default: return wrong("an integer")
            }
        case "f", "e":
            let d: Double
            switch arg {
            case .double(let v): d = v
            case .int(let i): d = Double(i)
            case .uint(let u): d = Double(u)
            default: return wrong("a number")
            }
            if !d.isFinite { return .string(d.isNaN ? "NaN" : d < 0 ? "-Infinity" : "Infinity") }
            return .string(String(format: "%.\(precision ?? 6)\(verb)", d))
        case "b", "o", "x", "X":
            let radix = verb == "b" ? 2 : verb == "o" ? 8 : 16
            let upper = verb == "X"
            switch arg {
            case .int(let i): return .string((i < 0 ? "-" : "") + String(i.magnitude, radix: radix, uppercase: upper))
            case .uint(let u): return .string(String(u, radix: radix, uppercase: upper))
            case .bool(let b) where verb == "b": return .string(b ? "1" : "0")
            case .string(let s) where radix == 16: return .string(s.utf8.map { hex($0, upper) }.joined())
            case .bytes(let b) where radix == 16: return .string(b.map { hex($0, upper) }.joined())
            default: return wrong(radix == 16 ? "an integer, string or bytes" : "an integer")
            }
        default:
            return .error(EvalError("format: unrecognized formatting clause %\(verb)"))
        }
    }

    static func hex(_ byte: UInt8, _ upper: Bool) -> String {
        let digits = String(byte, radix: 16, uppercase: upper)
        return digits.count == 1 ? "0" + digits : digits
    }
}

/// The lists extension.
enum Lists {
    static func apply(_ f: LibraryFunction, _ a: [Value]) -> Value? {
        if f == .range {
            guard a.count == 1, case .int(let n) = a[0] else { return nil }
            guard n <= 10_000_000 else { return .error(EvalError("lists.range(\(n)) is larger than an evaluation may build")) }
            return .list((0..<max(0, n)).map { .int($0) })
        }
        guard case .list(let list)? = a.first else { return nil }
        let items = (0..<list.count).map { list[$0] }
        switch (f, a.count) {
        case (.distinct, 1):
            var out: [Value] = []
            // Scalars by CEL equality (1, 1u and 1.0 are one), through the map-key hashing;
            // anything else by comparison with what was kept.
            var seen = Set<MapKey>()
            for item in items {
                if let key = MapKey(item) {
                    if seen.insert(key).inserted { out.append(item) }
                } else if !out.contains(where: { Comparison.isEqual($0, item) }) {
                    out.append(item)
                }
            }
            return .list(out)
        case (.flatten, 1), (.flatten, 2):
            var depth = Int64(1)
            if a.count == 2 {
                guard case .int(let d) = a[1] else { return nil }
                guard d >= 0 else { return .error(EvalError("level must be non-negative")) }
                depth = d
            }
            return .list(flatten(items, depth))
        case (.slice, 3):
            guard case .int(let start) = a[1], case .int(let end) = a[2] else { return nil }
            if start < 0 || end < 0 { return .error(EvalError("cannot slice(\(start), \(end)), negative indexes not supported")) }
            if start > end { return .error(EvalError("cannot slice(\(start), \(end)), start index must be less than or equal to end index")) }
            if end > items.count { return .error(EvalError("cannot slice(\(start), \(end)), list is length \(items.count)")) }
            return .list(Array(items[Int(start)..<Int(end)]))
        case (.sort, 1):
            return sorted(items, keys: items)
        case (.first, 1): return .optional(items.first)
        case (.last, 1): return .optional(items.last)
        default: return nil
        }
    }

    static func flatten(_ items: [Value], _ depth: Int64) -> [Value] {
        var out: [Value] = []
        for item in items {
            if depth > 0, case .list(let inner) = item {
                out += flatten((0..<inner.count).map { inner[$0] }, depth - 1)
            } else {
                out.append(item)
            }
        }
        return out
    }

    /// `items` ordered by `keys` (stable); keys must be orderable and of one type.
    static func sorted(_ items: [Value], keys: [Value]) -> Value {
        guard let first = keys.first else { return .list(items) }
        for key in keys {
            if case .error = key { return key }
            guard Comparison.order(key, key) != nil else { return .error(EvalError("list elements must be comparable")) }
            guard Comparison.typeName(key.celType) == Comparison.typeName(first.celType) else {
                return .error(EvalError("list elements must have the same type"))
            }
        }
        // Ties keep their positions: Swift's sort is not stable, so the index breaks them.
        let indices = keys.indices.sorted { i, j in
            switch Comparison.order(keys[i], keys[j]) {
            case .less?: true
            case .greater?: false
            default: i < j
            }
        }
        return .list(indices.map { items[$0] })
    }
}

/// The math extension.
private enum Numbers {
    static func fail(_ message: String) -> Value { .error(EvalError(message)) }

    static func apply(_ f: LibraryFunction, _ a: [Value]) -> Value? {
        switch f {
        case .greatest, .least:
            var values = a
            if a.count == 1, case .list(let list) = a[0] { values = (0..<list.count).map { list[$0] } }
            guard var best = values.first else { return fail("\(f == .greatest ? "math.greatest" : "math.least")() needs at least one number") }
            for v in values {
                switch v {
                case .int, .uint, .double: break
                default: return nil
                }
                let order = Comparison.numericOrder(v, best)
                if (f == .greatest && order == .greater) || (f == .least && order == .less) { best = v }
            }
            if case .int = best {} else if case .uint = best {} else if case .double = best {} else { return nil }
            return best
        default: break
        }
        switch (f, a.first, a.count) {
        case (.ceil, .double(let d)?, 1): return .double(d.rounded(.up))
        case (.floor, .double(let d)?, 1): return .double(d.rounded(.down))
        case (.round, .double(let d)?, 1): return .double(d.rounded(.toNearestOrAwayFromZero))
        case (.trunc, .double(let d)?, 1): return .double(d.rounded(.towardZero))
        case (.isNaN, .double(let d)?, 1): return .bool(d.isNaN)
        case (.isInf, .double(let d)?, 1): return .bool(d.isInfinite)
        case (.isFinite, .double(let d)?, 1): return .bool(d.isFinite)
        case (.abs, .int(let i)?, 1): return i == .min ? fail("integer overflow") : .int(Swift.abs(i))
        case (.abs, .uint?, 1): return a[0]
        case (.abs, .double(let d)?, 1): return .double(Swift.abs(d))
        case (.sign, .int(let i)?, 1): return .int(i.signum())
        case (.sign, .uint(let u)?, 1): return .uint(u == 0 ? 0 : 1)
        case (.sign, .double(let d)?, 1): return .double(d.isNaN ? d : d > 0 ? 1 : d < 0 ? -1 : 0)
        case (.sqrt, .int(let i)?, 1): return .double(Double(i).squareRoot())
        case (.sqrt, .uint(let u)?, 1): return .double(Double(u).squareRoot())
        case (.sqrt, .double(let d)?, 1): return .double(d.squareRoot())
        case (.bitNot, .int(let i)?, 1): return .int(~i)
        case (.bitNot, .uint(let u)?, 1): return .uint(~u)
        default: break
        }
        guard a.count == 2 else { return nil }
        switch (f, a[0], a[1]) {
        case (.bitAnd, .int(let x), .int(let y)): return .int(x & y)
        case (.bitAnd, .uint(let x), .uint(let y)): return .uint(x & y)
        case (.bitOr, .int(let x), .int(let y)): return .int(x | y)
        case (.bitOr, .uint(let x), .uint(let y)): return .uint(x | y)
        case (.bitXor, .int(let x), .int(let y)): return .int(x ^ y)
        case (.bitXor, .uint(let x), .uint(let y)): return .uint(x ^ y)
        case (.bitShiftLeft, _, .int(let n)), (.bitShiftRight, _, .int(let n)):
            guard n >= 0 else { return fail("math.\(f)() negative offset: \(n)") }
            let left = f == .bitShiftLeft
            switch a[0] {
            // Shifts are logical, on the 64-bit pattern, and a shift of 64 or more gives 0.
            case .int(let x):
                let bits = UInt64(bitPattern: x)
                return .int(n >= 64 ? 0 : Int64(bitPattern: left ? bits << UInt64(n) : bits >> UInt64(n)))
            case .uint(let x):
                return .uint(n >= 64 ? 0 : left ? x << UInt64(n) : x >> UInt64(n))
            default: return nil
            }
        default: return nil
        }
    }
}
