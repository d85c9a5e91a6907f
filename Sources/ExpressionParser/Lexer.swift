import Expression

/// A token of CEL's lexical grammar (cel-spec `langdef.md`, "Syntax").
struct Token: Sendable {
    enum Kind: Sendable, Equatable {
        case identifier(String)
        case int(Int64)
        case uint(UInt64)
        /// An integer literal too large for int64, kept so `-9223372036854775808` can be negated.
        case intOverflow(String)
        case double(Double)
        case string(String)
        case bytes([UInt8])
        case punctuation(String)
        case end
    }

    var kind: Kind
    /// Scalar offset of the token's first character.
    var offset: Int
}

/// Splits an expression into tokens; reports the first lexical error.
struct Lexer {
    private let s: [Unicode.Scalar]
    private var i = 0

    init(_ source: ExpressionSource) {
        s = source.scalars
    }

    private func peek(_ k: Int = 0) -> Unicode.Scalar? {
        i + k < s.count ? s[i + k] : nil
    }

    mutating func tokens() throws(ExpressionIssue) -> [Token] {
        var out: [Token] = []
        while true {
            skipTrivia()
            guard let c = peek() else {
                out.append(Token(kind: .end, offset: s.count))
                return out
            }
            let start = i
            if Self.isIdentifierStart(c) {
                // String prefixes: r, b, rb, br (either case) directly before a quote.
                var j = i
                var raw = false
                var bytes = false
                while j < s.count, j - i < 2, s[j] == "r" || s[j] == "R" || s[j] == "b" || s[j] == "B" {
                    if s[j] == "r" || s[j] == "R" { raw = true } else { bytes = true }
                    j += 1
                }
                if j > i, j < s.count, s[j] == "\"" || s[j] == "'", !(j - i == 2 && (raw == false || bytes == false)) {
                    i = j
                    out.append(try stringLiteral(start: start, raw: raw, bytes: bytes))
                    continue
                }
                while let d = peek(), Self.isIdentifierStart(d) || Self.isDigit(d) { i += 1 }
                out.append(Token(kind: .identifier(ascii(start..<i)), offset: start))
                continue
            }
            if ("0"..."9").contains(c) || (c == "." && peek(1).map { ("0"..."9").contains($0) } == true) {
                out.append(try number(start: start))
                continue
            }
            if c == "\"" || c == "'" {
                out.append(try stringLiteral(start: start, raw: false, bytes: false))
                continue
            }
            if let next = peek(1), let pair = Self.twoCharacterOperator(c, next) {
                i += 2
                out.append(Token(kind: .punctuation(pair), offset: start))
                continue
            }
            if let single = Self.punctuation(c) {
                i += 1
                out.append(Token(kind: .punctuation(single), offset: start))
                continue
            }
            throw ExpressionIssue(CELDiagnostics.syntax, message: "unexpected character '\(c)'", offset: start)
        }
    }

    // Character classes by comparison: Unicode property lookups and building strings to compare
    // were most of the lexer's time, and the lexer a ninth of checking one small snapshot
    // (callgrind: policy compilation dominates a small check).
    private static func isIdentifierStart(_ c: Unicode.Scalar) -> Bool {
        c == "_" || ("a"..."z").contains(c) || ("A"..."Z").contains(c)
    }

    private static func isDigit(_ c: Unicode.Scalar) -> Bool {
        ("0"..."9").contains(c)
    }

    // Operators as string literals (built into the binary): making a string from each scalar was
    // a third of the lexer's time.
    private static func twoCharacterOperator(_ c: Unicode.Scalar, _ next: Unicode.Scalar) -> String? {
        switch (c, next) {
        case ("=", "="): "=="
        case ("!", "="): "!="
        case ("<", "="): "<="
        case (">", "="): ">="
        case ("&", "&"): "&&"
        case ("|", "|"): "||"
        default: nil
        }
    }

    private static func punctuation(_ c: Unicode.Scalar) -> String? {
        switch c {
        case "+": "+"
        case "-": "-"
        case "*": "*"
        case "/": "/"
        case "%": "%"
        case "!": "!"
        case "<": "<"
        case ">": ">"
        case "?": "?"
        case ":": ":"
        case ".": "."
        case ",": ","
        case "(": "("
        case ")": ")"
        case "[": "["
        case "]": "]"
        case "{": "{"
        case "}": "}"
        default: nil
        }
    }

    /// The text of `range`, all ASCII (identifiers and numbers are), written byte by byte.
    private func ascii(_ range: Range<Int>) -> String {
        String(unsafeUninitializedCapacity: range.count) { buffer in
            for (k, position) in range.enumerated() { buffer[k] = UInt8(truncatingIfNeeded: s[position].value) }
            return range.count
        }
    }

    private mutating func skipTrivia() {
        while let c = peek() {
            if c == " " || c == "\t" || c == "\n" || c == "\r" || c == "\u{0C}" {
                i += 1
            } else if c == "/", peek(1) == "/" {
                while let d = peek(), d != "\n" { i += 1 }
            } else {
                return
            }
        }
    }

    private mutating func number(start: Int) throws(ExpressionIssue) -> Token {
        if peek() == "0", peek(1) == "x" || peek(1) == "X" {
            i += 2
            let digitsStart = i
            while let d = peek(), d.properties.isASCIIHexDigit { i += 1 }
            let digits = String(String.UnicodeScalarView(s[digitsStart..<i]))
            guard !digits.isEmpty else { throw ExpressionIssue(CELDiagnostics.syntax, message: "malformed hexadecimal literal", offset: start) }
            if peek() == "u" || peek() == "U" {
                i += 1
                guard let v = UInt64(digits, radix: 16) else { throw ExpressionIssue(CELDiagnostics.syntax, message: "uint literal out of range", offset: start) }
                return Token(kind: .uint(v), offset: start)
            }
            if let v = Int64(digits, radix: 16) { return Token(kind: .int(v), offset: start) }
            if let v = UInt64(digits, radix: 16), v == UInt64(Int64.max) + 1 { return Token(kind: .intOverflow("9223372036854775808"), offset: start) }
            throw ExpressionIssue(CELDiagnostics.syntax, message: "int literal out of range", offset: start)
        }
        while let d = peek(), ("0"..."9").contains(d) { i += 1 }
        var isDouble = false
        if peek() == ".", let d = peek(1), ("0"..."9").contains(d) {
            isDouble = true
            i += 1
            while let d = peek(), ("0"..."9").contains(d) { i += 1 }
        }
        if peek() == "e" || peek() == "E" {
            var j = i + 1
            if j < s.count, s[j] == "+" || s[j] == "-" { j += 1 }
            if j < s.count, ("0"..."9").contains(s[j]) {
                isDouble = true
                i = j
                while let d = peek(), ("0"..."9").contains(d) { i += 1 }
            }
        }
        let text = ascii(start..<i)
        if isDouble {
            guard let v = Double(text) else { throw ExpressionIssue(CELDiagnostics.syntax, message: "malformed double literal", offset: start) }
            return Token(kind: .double(v), offset: start)
        }
        if peek() == "u" || peek() == "U" {
            i += 1
            guard let v = UInt64(text) else { throw ExpressionIssue(CELDiagnostics.syntax, message: "uint literal out of range", offset: start) }
            return Token(kind: .uint(v), offset: start)
        }
        if let v = Int64(text) { return Token(kind: .int(v), offset: start) }
        if text == "9223372036854775808" { return Token(kind: .intOverflow(text), offset: start) }
        throw ExpressionIssue(CELDiagnostics.syntax, message: "int literal out of range", offset: start)
    }

    private mutating func stringLiteral(start: Int, raw: Bool, bytes: Bool) throws(ExpressionIssue) -> Token {
        let quote = s[i]
        let triple = peek(1) == quote && peek(2) == quote
        i += triple ? 3 : 1
        var out: [UInt8] = []
        func append(_ scalar: Unicode.Scalar) {
            UTF8.encode(scalar) { out.append($0) }
        }
        while true {
            guard let c = peek() else {
                throw ExpressionIssue(CELDiagnostics.syntax, message: "unterminated string literal", offset: start)
            }
            if triple {
                if c == quote, peek(1) == quote, peek(2) == quote {
                    i += 3
                    break
                }
            } else {
                if c == quote {
                    i += 1
                    break
                }
                if c == "\n" || c == "\r" {
                    throw ExpressionIssue(CELDiagnostics.syntax, message: "unterminated string literal (use triple quotes for multi-line strings)", offset: start)
                }
            }
            if c == "\\" && !raw {
                let escapeStart = i
                i += 1
                guard let e = peek() else { throw ExpressionIssue(CELDiagnostics.syntax, message: "unterminated escape", offset: escapeStart) }
                i += 1
                switch e {
                case "a": out.append(7)
                case "b": out.append(8)
                case "f": out.append(12)
                case "n": out.append(10)
                case "r": out.append(13)
                case "t": out.append(9)
                case "v": out.append(11)
                case "\\": out.append(92)
                case "'": out.append(39)
                case "\"": out.append(34)
                case "`": out.append(96)
                case "?": out.append(63)
                case "x", "X", "u", "U":
                    let width = (e == "x" || e == "X") ? 2 : (e == "u" ? 4 : 8)
                    guard i + width <= s.count, let v = UInt32(String(String.UnicodeScalarView(s[i..<(i + width)])), radix: 16) else {
                        throw ExpressionIssue(CELDiagnostics.syntax, message: "malformed \\\(e) escape", offset: escapeStart)
                    }
                    i += width
                    if bytes && width == 2 {
                        out.append(UInt8(v))
                    } else {
                        if bytes && width > 2 { throw ExpressionIssue(CELDiagnostics.syntax, message: "\\\(e) escapes are not allowed in bytes literals", offset: escapeStart) }
                        guard let scalar = Unicode.Scalar(v) else { throw ExpressionIssue(CELDiagnostics.syntax, message: "invalid code point in escape", offset: escapeStart) }
                        append(scalar)
                    }
                case "0"..."3":
                    guard i + 2 <= s.count, let v = UInt32(String(String.UnicodeScalarView(s[(i - 1)..<(i + 2)])), radix: 8) else {
                        throw ExpressionIssue(CELDiagnostics.syntax, message: "malformed octal escape", offset: escapeStart)
                    }
                    i += 2
                    if bytes { out.append(UInt8(v)) } else { append(Unicode.Scalar(v)!) }
                default:
                    throw ExpressionIssue(CELDiagnostics.syntax, message: "invalid escape sequence '\\\(e)'", offset: escapeStart)
                }
                continue
            }
            append(c)
            i += 1
        }
        if bytes { return Token(kind: .bytes(out), offset: start) }
        return Token(kind: .string(String(decoding: out, as: UTF8.self)), offset: start)
    }
}
