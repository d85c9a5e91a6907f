/// Resolution of plain scalars by the YAML 1.2 core schema (yaml.org/spec/1.2.2, 10.3).
///
/// Works on the bytes libyaml hands over: most plain scalars of a snapshot are words, ids and
/// dates, which are told from numbers by their first bytes without making a `String`.
enum CoreSchema {
    /// Resolves a plain scalar written with `b` (UTF-8); nil for a string.
    static func resolve(plain b: UnsafeRawBufferPointer) -> YAMLScalar? {
        guard let first = b.first else { return .null }
        switch first {
        case UInt8(ascii: "~"), UInt8(ascii: "n"), UInt8(ascii: "N"):
            return b.is("~") || b.is("null") || b.is("Null") || b.is("NULL") ? .null : nil
        case UInt8(ascii: "t"), UInt8(ascii: "T"):
            return b.is("true") || b.is("True") || b.is("TRUE") ? .bool(true) : nil
        case UInt8(ascii: "f"), UInt8(ascii: "F"):
            return b.is("false") || b.is("False") || b.is("FALSE") ? .bool(false) : nil
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "."):
            return integer(b) ?? float(b)
        default:
            return nil
        }
    }

    private static func isDigit(_ b: UInt8) -> Bool { b >= 48 && b <= 57 }

    private static func integer(_ b: UnsafeRawBufferPointer) -> YAMLScalar? {
        if b.count > 2, b[0] == UInt8(ascii: "0"), b[1] == UInt8(ascii: "x") {
            return Int64(String(decoding: b[2...], as: UTF8.self), radix: 16).map(YAMLScalar.int)
        }
        if b.count > 2, b[0] == UInt8(ascii: "0"), b[1] == UInt8(ascii: "o") {
            return Int64(String(decoding: b[2...], as: UTF8.self), radix: 8).map(YAMLScalar.int)
        }
        var start = 0
        if b[0] == UInt8(ascii: "-") || b[0] == UInt8(ascii: "+") { start = 1 }
        guard start < b.count, b[start...].allSatisfy(isDigit) else { return nil }
        // Up to 18 digits cannot overflow: summed in place.
        if b.count - start <= 18 {
            var value: Int64 = 0
            for digit in b[start...] { value = value * 10 + Int64(digit - 48) }
            return .int(b[0] == UInt8(ascii: "-") ? -value : value)
        }
        let text = String(decoding: b[(b[0] == UInt8(ascii: "+") ? 1 : 0)...], as: UTF8.self)
        if let v = Int64(text) { return .int(v) }
        // Integers beyond 64 bits keep their magnitude as a double rather than failing the load.
        return Double(text).map(YAMLScalar.double)
    }

    private static func float(_ b: UnsafeRawBufferPointer) -> YAMLScalar? {
        if b.is(".inf") || b.is(".Inf") || b.is(".INF") || b.is("+.inf") || b.is("+.Inf") || b.is("+.INF") { return .double(.infinity) }
        if b.is("-.inf") || b.is("-.Inf") || b.is("-.INF") { return .double(-.infinity) }
        if b.is(".nan") || b.is(".NaN") || b.is(".NAN") { return .double(.nan) }
        // [-+]? ( \. [0-9]+ | [0-9]+ ( \. [0-9]* )? ) ( [eE] [-+]? [0-9]+ )?
        var i = 0
        if i < b.count, b[i] == UInt8(ascii: "-") || b[i] == UInt8(ascii: "+") { i += 1 }
        var mantissaDigits = 0
        while i < b.count, isDigit(b[i]) {
            i += 1
            mantissaDigits += 1
        }
        if i < b.count, b[i] == UInt8(ascii: ".") {
            i += 1
            while i < b.count, isDigit(b[i]) {
                i += 1
                mantissaDigits += 1
            }
        }
        guard mantissaDigits > 0 else { return nil }
        if i < b.count, b[i] == UInt8(ascii: "e") || b[i] == UInt8(ascii: "E") {
            i += 1
            if i < b.count, b[i] == UInt8(ascii: "-") || b[i] == UInt8(ascii: "+") { i += 1 }
            var exponentDigits = 0
            while i < b.count, isDigit(b[i]) {
                i += 1
                exponentDigits += 1
            }
            guard exponentDigits > 0 else { return nil }
        }
        guard i == b.count, let value = Double(String(decoding: b, as: UTF8.self)) else { return nil }
        return .double(value)
    }
}

extension UnsafeRawBufferPointer {
    /// Whether these bytes are exactly `word`'s (ASCII).
    fileprivate func `is`(_ word: StaticString) -> Bool {
        count == word.utf8CodeUnitCount && elementsEqual(UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount))
    }
}
