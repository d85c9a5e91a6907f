/// Strict JSON syntax (RFC 8259) for files named `.json`.
///
/// libyaml reads JSON as YAML, so it accepts what JSON forbids — trailing commas, comments,
/// single quotes, unquoted keys — and Foundation's parser on Linux accepts trailing commas too. A
/// file that claims to be JSON is checked here first, so a document other JSON tools would reject
/// is rejected with its position. A scanner with an explicit stack: no recursion, linear time.
public enum JSONSyntax {
    /// The first syntax error, or nil when `bytes` is one valid JSON value.
    public static func firstError(_ bytes: [UInt8]) -> (line: Int, column: Int, message: String)? {
        var i = 0
        var line = 1
        var lineStart = 0
        func error(_ message: String) -> (line: Int, column: Int, message: String) {
            (line, i - lineStart + 1, message)
        }
        func skipSpace() {
            while i < bytes.count {
                switch bytes[i] {
                case 0x20, 0x09, 0x0D: i += 1
                case 0x0A: i += 1; line += 1; lineStart = i
                default: return
                }
            }
        }
        func scanString() -> (line: Int, column: Int, message: String)? {
            i += 1  // opening quote
            while i < bytes.count {
                let b = bytes[i]
                if b == 0x22 { i += 1; return nil }
                if b < 0x20 { return error("control character in a string") }
                if b == 0x5C {
                    i += 1
                    guard i < bytes.count else { break }
                    switch bytes[i] {
                    case 0x22, 0x5C, 0x2F, 0x62, 0x66, 0x6E, 0x72, 0x74: i += 1
                    case 0x75:
                        guard i + 4 < bytes.count, bytes[(i + 1)...(i + 4)].allSatisfy({ isHex($0) }) else { return error("invalid \\u escape") }
                        i += 5
                    default: return error("invalid escape in a string")
                    }
                    continue
                }
                i += 1
            }
            return error("unterminated string")
        }
        func scanNumber() -> (line: Int, column: Int, message: String)? {
            let start = i
            if bytes[i] == 0x2D { i += 1 }
            guard i < bytes.count, isDigit(bytes[i]) else { return error("invalid number") }
            if bytes[i] == 0x30 { i += 1 } else { while i < bytes.count, isDigit(bytes[i]) { i += 1 } }
            if i < bytes.count, bytes[i] == 0x2E {
                i += 1
                guard i < bytes.count, isDigit(bytes[i]) else { return error("invalid number") }
                while i < bytes.count, isDigit(bytes[i]) { i += 1 }
            }
            if i < bytes.count, bytes[i] == 0x65 || bytes[i] == 0x45 {
                i += 1
                if i < bytes.count, bytes[i] == 0x2B || bytes[i] == 0x2D { i += 1 }
                guard i < bytes.count, isDigit(bytes[i]) else { return error("invalid number") }
                while i < bytes.count, isDigit(bytes[i]) { i += 1 }
            }
            return i > start ? nil : error("invalid number")
        }

        // The stack holds the open containers: true for an object, false for an array.
        var stack: [Bool] = []
        var expectValue = true
        skipSpace()
        if i < bytes.count, bytes[i] == 0xEF, i + 2 < bytes.count, bytes[i + 1] == 0xBB, bytes[i + 2] == 0xBF { i += 3 }
        while true {
            skipSpace()
            guard i < bytes.count else { return stack.isEmpty && !expectValue ? nil : error("unexpected end of input") }
            if expectValue {
                let b = bytes[i]
                switch b {
                case 0x7B:  // {
                    i += 1
                    skipSpace()
                    if i < bytes.count, bytes[i] == 0x7D { i += 1; expectValue = false; break }
                    stack.append(true)
                    guard i < bytes.count, bytes[i] == 0x22 else { return error("expected a string key") }
                    if let e = scanString() { return e }
                    skipSpace()
                    guard i < bytes.count, bytes[i] == 0x3A else { return error("expected ':' after a key") }
                    i += 1
                    continue
                case 0x5B:  // [
                    i += 1
                    skipSpace()
                    if i < bytes.count, bytes[i] == 0x5D { i += 1; expectValue = false; break }
                    stack.append(false)
                    continue
                case 0x22:
                    if let e = scanString() { return e }
                case 0x2D, 0x30...0x39:
                    if let e = scanNumber() { return e }
                case 0x74, 0x66, 0x6E:
                    let word: [UInt8] = b == 0x74 ? Array("true".utf8) : b == 0x66 ? Array("false".utf8) : Array("null".utf8)
                    guard i + word.count <= bytes.count, Array(bytes[i..<(i + word.count)]) == word else { return error("invalid literal") }
                    i += word.count
                default:
                    return error(b == 0x27 ? "single quotes are not JSON; use double quotes" : b == 0x2F || b == 0x23 ? "comments are not JSON" : "expected a value")
                }
                expectValue = false
                continue
            }
            // After a value: a separator or the end of the container.
            guard let inObject = stack.last else { return error("unexpected content after the JSON value") }
            let b = bytes[i]
            if b == 0x2C {
                i += 1
                skipSpace()
                if i < bytes.count, bytes[i] == 0x7D || bytes[i] == 0x5D { return error("trailing comma") }
                if inObject {
                    guard i < bytes.count, bytes[i] == 0x22 else { return error("expected a string key") }
                    if let e = scanString() { return e }
                    skipSpace()
                    guard i < bytes.count, bytes[i] == 0x3A else { return error("expected ':' after a key") }
                    i += 1
                }
                expectValue = true
            } else if b == (inObject ? 0x7D : 0x5D) {
                i += 1
                stack.removeLast()
            } else {
                return error(inObject ? "expected ',' or '}'" : "expected ',' or ']'")
            }
        }
    }

    private static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
    private static func isHex(_ b: UInt8) -> Bool { isDigit(b) || (b >= 0x41 && b <= 0x46) || (b >= 0x61 && b <= 0x66) }
}
