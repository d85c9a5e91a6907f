/// Resolution of plain scalars by the YAML 1.2 core schema (yaml.org/spec/1.2.2, 10.3).
enum CoreSchema {
    /// Resolves a plain (unquoted, untagged) scalar's text.
    static func resolve(plain text: Substring.UTF8View) -> YAMLScalar? {
        guard let first = text.first else { return .null }
        switch first {
        case UInt8(ascii: "~"), UInt8(ascii: "n"), UInt8(ascii: "N"):
            if text.elementsEqual("~".utf8) || text.elementsEqual("null".utf8)
                || text.elementsEqual("Null".utf8) || text.elementsEqual("NULL".utf8)
            {
                return .null
            }
            return nil
        case UInt8(ascii: "t"), UInt8(ascii: "T"):
            if text.elementsEqual("true".utf8) || text.elementsEqual("True".utf8)
                || text.elementsEqual("TRUE".utf8)
            {
                return .bool(true)
            }
            return nil
        case UInt8(ascii: "f"), UInt8(ascii: "F"):
            if text.elementsEqual("false".utf8) || text.elementsEqual("False".utf8)
                || text.elementsEqual("FALSE".utf8)
            {
                return .bool(false)
            }
            return nil
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "+"),
            UInt8(ascii: "."):
            return number(text)
        default:
            return nil
        }
    }

    private static func number(_ text: Substring.UTF8View) -> YAMLScalar? {
        let bytes = Array(text)
        if let value = integer(bytes) { return value }
        return float(bytes)
    }

    private static func isDigit(_ b: UInt8) -> Bool { b >= 48 && b <= 57 }

    private static func integer(_ b: [UInt8]) -> YAMLScalar? {
        if b.count > 2, b[0] == UInt8(ascii: "0"), b[1] == UInt8(ascii: "x") {
            guard let v = Int64(String(decoding: b[2...], as: UTF8.self), radix: 16) else {
                return nil
            }
            return .int(v)
        }
        if b.count > 2, b[0] == UInt8(ascii: "0"), b[1] == UInt8(ascii: "o") {
            guard let v = Int64(String(decoding: b[2...], as: UTF8.self), radix: 8) else {
                return nil
            }
            return .int(v)
        }
        var start = 0
        if b[0] == UInt8(ascii: "-") || b[0] == UInt8(ascii: "+") { start = 1 }
        guard start < b.count, b[start...].allSatisfy(isDigit) else { return nil }
        let text = String(decoding: b[(b[0] == UInt8(ascii: "+") ? 1 : 0)...], as: UTF8.self)
        if let v = Int64(text) { return .int(v) }
        // Integers beyond 64 bits keep their magnitude as a double rather than failing the load.
        return Double(text).map(YAMLScalar.double)
    }

    private static func float(_ b: [UInt8]) -> YAMLScalar? {
        let text = String(decoding: b, as: UTF8.self)
        switch text {
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return .double(.infinity)
        case "-.inf", "-.Inf", "-.INF": return .double(-.infinity)
        case ".nan", ".NaN", ".NAN": return .double(.nan)
        default: break
        }
        // [-+]? ( \. [0-9]+ | [0-9]+ ( \. [0-9]* )? ) ( [eE] [-+]? [0-9]+ )?
        var i = 0
        if i < b.count, b[i] == UInt8(ascii: "-") || b[i] == UInt8(ascii: "+") { i += 1 }
        var mantissaDigits = 0
        while i < b.count, isDigit(b[i]) { i += 1; mantissaDigits += 1 }
        if i < b.count, b[i] == UInt8(ascii: ".") {
            i += 1
            while i < b.count, isDigit(b[i]) { i += 1; mantissaDigits += 1 }
        }
        guard mantissaDigits > 0 else { return nil }
        if i < b.count, b[i] == UInt8(ascii: "e") || b[i] == UInt8(ascii: "E") {
            i += 1
            if i < b.count, b[i] == UInt8(ascii: "-") || b[i] == UInt8(ascii: "+") { i += 1 }
            var exponentDigits = 0
            while i < b.count, isDigit(b[i]) { i += 1; exponentDigits += 1 }
            guard exponentDigits > 0 else { return nil }
        }
        guard i == b.count, let value = Double(text) else { return nil }
        return .double(value)
    }
}
