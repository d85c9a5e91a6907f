/// Renders values in CEL's own notation (`[1, "a"]`, `{"k": 2u}`, `timestamp("…")`).
public enum Printer {
    /// The value as a CEL literal would write it; errors print as `error("…")`.
    public static func literal(_ value: Value) -> String {
        switch value {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .uint(let u): return "\(u)u"
        case .double(let d): return double(d)
        case .string(let s): return quote(s)
        case .bytes(let b): return "b" + quote(String(decoding: b, as: UTF8.self))
        case .list(let l): return "[" + (0..<l.count).map { literal(l[$0]) }.joined(separator: ", ") + "]"
        case .map(let m):
            return "{" + m.keys.map { "\(literal($0)): \(m.value(forKey: $0).map(literal) ?? "?")" }.joined(separator: ", ") + "}"
        case .timestamp(let t): return "timestamp(\(quote(TimeFormat.rfc3339(t))))"
        case .duration(let d): return "duration(\(quote(TimeFormat.duration(d))))"
        case .type(let t): return t.runtimeName
        case .optional(let v?): return "optional.of(\(literal(v)))"
        case .optional(nil): return "optional.none()"
        case .error(let e): return "error(\(quote(e.message)))"
        }
    }

    /// The value as text for message templates: strings unquoted, midnight timestamps as dates,
    /// everything else as a literal.
    public static func text(_ value: Value) -> String {
        switch value {
        case .string(let s): return s
        case .timestamp(let t): return t.seconds % 86_400 == 0 && t.nanos == 0 ? String(TimeFormat.rfc3339(t).prefix(10)) : TimeFormat.rfc3339(t)
        case .duration(let d): return TimeFormat.duration(d)
        default: return literal(value)
        }
    }

    /// Doubles as CEL's `string()` writes them.
    public static func double(_ d: Double) -> String {
        if d.isNaN { return "NaN" }
        if d.isInfinite { return d < 0 ? "-Infinity" : "+Infinity" }
        if d == 0 { return d.sign == .minus ? "-0.0" : "0.0" }
        if d == d.rounded(), abs(d) < 1e15 { return String(Int64(d)) + ".0" }
        return String(d)
    }

    static func quote(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    out += "\\x" + String(scalar.value, radix: 16).leftPadded(2)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}

extension String {
    func leftPadded(_ width: Int, with pad: Character = "0") -> String {
        count >= width ? self : String(repeating: pad, count: width - count) + self
    }
}

/// RFC 3339 and CEL duration text.
public enum TimeFormat {
    /// `2026-10-01T00:00:00Z`, with fractional seconds when present.
    public static func rfc3339(_ t: Timestamp) -> String {
        let days = floorDiv(t.seconds, 86_400)
        let secondsOfDay = t.seconds - days * 86_400
        let (y, m, d) = civil(fromDays: days)
        var text = "\(String(y).leftPadded(4))-\(String(m).leftPadded(2))-\(String(d).leftPadded(2))T"
        text += "\(String(secondsOfDay / 3600).leftPadded(2)):\(String(secondsOfDay % 3600 / 60).leftPadded(2)):\(String(secondsOfDay % 60).leftPadded(2))"
        if t.nanos != 0 {
            var fraction = String(t.nanos).leftPadded(9)
            while fraction.hasSuffix("0") { fraction.removeLast() }
            text += "." + fraction
        }
        return text + "Z"
    }

    /// `3600s`, `1.5s`: CEL prints durations in seconds.
    public static func duration(_ d: Duration) -> String {
        if d.nanos == 0 { return "\(d.seconds)s" }
        let negative = d.seconds < 0 || d.nanos < 0
        var fraction = String(abs(Int(d.nanos))).leftPadded(9)
        while fraction.hasSuffix("0") { fraction.removeLast() }
        return "\(negative ? "-" : "")\(abs(d.seconds)).\(fraction)s"
    }

    /// Floor division for calendar arithmetic on negative seconds.
    public static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }

    /// Year, month, day from days since 1970-01-01 (Howard Hinnant's algorithm).
    public static func civil(fromDays z0: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (m <= 2 ? y + 1 : y, m, d)
    }

    /// Days since 1970-01-01 for a civil date.
    public static func days(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// Parses an RFC 3339 timestamp as CEL's `timestamp()` does.
    public static func parseTimestamp(_ text: String) -> Timestamp? {
        let b = Array(text.utf8)
        func num(_ s: Int, _ n: Int) -> Int64? {
            guard s + n <= b.count else { return nil }
            var v: Int64 = 0
            for i in s..<(s + n) {
                guard b[i] >= 48, b[i] <= 57 else { return nil }
                v = v * 10 + Int64(b[i] - 48)
            }
            return v
        }
        guard b.count >= 20, b[4] == 45, b[7] == 45, b[10] == 84 || b[10] == 116, b[13] == 58, b[16] == 58,
            let y = num(0, 4), let mo = num(5, 2), let d = num(8, 2), let h = num(11, 2), let mi = num(14, 2),
            let s = num(17, 2), (1...12).contains(mo), d >= 1, d <= 31, h < 24, mi < 60, s < 61
        else { return nil }
        var i = 19
        var nanos: Int64 = 0
        if b[i] == 46 {
            i += 1
            var digits = 0
            while i < b.count, b[i] >= 48, b[i] <= 57 {
                if digits < 9 { nanos = nanos * 10 + Int64(b[i] - 48) }
                digits += 1
                i += 1
            }
            guard digits > 0 else { return nil }
            // Digits past the ninth are dropped (nanosecond precision), not a reason to fail.
            if digits < 9 { for _ in digits..<9 { nanos *= 10 } }
        }
        guard i < b.count else { return nil }
        var offset: Int64 = 0
        if b[i] == 90 || b[i] == 122 {
            guard i + 1 == b.count else { return nil }
        } else if b[i] == 43 || b[i] == 45, b.count == i + 6, b[i + 3] == 58, let oh = num(i + 1, 2), let om = num(i + 4, 2) {
            offset = (oh * 3600 + om * 60) * (b[i] == 43 ? 1 : -1)
        } else {
            return nil
        }
        let seconds = days(year: y, month: mo, day: d) * 86_400 + h * 3600 + mi * 60 + s - offset
        return Timestamp(seconds: seconds, nanos: Int32(nanos))
    }

    /// Parses a Go-style duration (`1h30m`, `-2.5s`, `100ms`, `3us`, `4ns`) as CEL's `duration()` does.
    public static func parseDuration(_ text: String) -> Duration? {
        var chars = Array(text.unicodeScalars)
        var negative = false
        if let first = chars.first, first == "-" || first == "+" {
            negative = first == "-"
            chars.removeFirst()
        }
        guard !chars.isEmpty else { return nil }
        if chars == ["0"] { return Duration(seconds: 0) }
        var totalNanos: Double = 0
        var i = 0
        while i < chars.count {
            let start = i
            while i < chars.count, ("0"..."9").contains(chars[i]) || chars[i] == "." { i += 1 }
            guard i > start, let number = Double(String(String.UnicodeScalarView(chars[start..<i]))) else { return nil }
            let unitStart = i
            while i < chars.count, !("0"..."9").contains(chars[i]), chars[i] != "." { i += 1 }
            let unit = String(String.UnicodeScalarView(chars[unitStart..<i]))
            let scale: Double
            switch unit {
            case "h": scale = 3600e9
            case "m": scale = 60e9
            case "s": scale = 1e9
            case "ms": scale = 1e6
            case "us", "µs", "μs": scale = 1e3
            case "ns": scale = 1
            default: return nil
            }
            totalNanos += number * scale
        }
        if negative { totalNanos = -totalNanos }
        guard abs(totalNanos) <= Double(Duration.maxSeconds) * 1e9 else { return nil }
        let seconds = Int64(totalNanos / 1e9)
        let nanos = Int32((totalNanos - Double(seconds) * 1e9).rounded())
        return Duration(seconds: seconds, nanos: nanos)
    }
}
