import Regex
import Foundation
import Expression

/// String functions, compared byte-wise on UTF-8 as CEL's reference implementations do.
enum StringFunctions {
    static func size(_ v: Value) -> Value? {
        switch v {
        case .string(let s): return .int(Int64(s.unicodeScalars.count))
        case .bytes(let b): return .int(Int64(b.count))
        case .list(let l): return .int(Int64(l.count))
        case .map(let m): return .int(Int64(m.count))
        default: return nil
        }
    }

    static func contains(_ s: String, _ part: String) -> Bool {
        let hay = Array(s.utf8)
        let needle = Array(part.utf8)
        if needle.isEmpty { return true }
        if needle.count > hay.count { return false }
        for start in 0...(hay.count - needle.count) where hay[start] == needle[0] {
            if hay[start..<(start + needle.count)].elementsEqual(needle) { return true }
        }
        return false
    }

    static func startsWith(_ s: String, _ prefix: String) -> Bool { s.utf8.starts(with: prefix.utf8) }

    static func endsWith(_ s: String, _ suffix: String) -> Bool { s.utf8.reversed().starts(with: suffix.utf8.reversed()) }

    static func lowerAscii(_ s: String) -> String {
        String(decoding: s.utf8.map { $0 >= 65 && $0 <= 90 ? $0 + 32 : $0 }, as: UTF8.self)
    }

    static func upperAscii(_ s: String) -> String {
        String(decoding: s.utf8.map { $0 >= 97 && $0 <= 122 ? $0 - 32 : $0 }, as: UTF8.self)
    }

    static func trim(_ s: String) -> String {
        let scalars = Array(s.unicodeScalars)
        var start = 0
        var end = scalars.count
        while start < end, scalars[start].properties.isWhitespace { start += 1 }
        while end > start, scalars[end - 1].properties.isWhitespace { end -= 1 }
        return String(String.UnicodeScalarView(scalars[start..<end]))
    }

    static func split(_ s: String, _ separator: String) -> Value {
        if separator.isEmpty {
            return .list(s.unicodeScalars.map { .string(String($0)) })
        }
        let hay = Array(s.utf8)
        let sep = Array(separator.utf8)
        var parts: [Value] = []
        var start = 0
        var i = 0
        while i + sep.count <= hay.count {
            if hay[i..<(i + sep.count)].elementsEqual(sep) {
                parts.append(.string(String(decoding: hay[start..<i], as: UTF8.self)))
                i += sep.count
                start = i
            } else {
                i += 1
            }
        }
        parts.append(.string(String(decoding: hay[start...], as: UTF8.self)))
        return .list(parts)
    }

    /// `split` with a limit, as Go's `strings.SplitN`: 0 gives no parts, a negative limit every
    /// part, otherwise at most `limit` parts, the last holding the rest.
    static func split(_ s: String, _ separator: String, limit: Int64) -> Value {
        if limit == 0 { return .list([]) }
        guard case .list(let all) = split(s, separator), limit > 0, Int64(all.count) > limit else { return split(s, separator) }
        var parts = (0..<Int(limit - 1)).map { all[$0] }
        let rest = (Int(limit - 1)..<all.count).compactMap { i -> String? in
            if case .string(let part) = all[i] { return part }
            return nil
        }
        parts.append(.string(rest.joined(separator: separator)))
        return .list(parts)
    }

    static func join(_ list: any ListValue, _ separator: String) -> Value {
        var parts: [String] = []
        parts.reserveCapacity(list.count)
        for i in 0..<list.count {
            guard case .string(let s) = list[i] else { return .error(EvalError("join() needs a list of strings")) }
            parts.append(s)
        }
        return .string(parts.joined(separator: separator))
    }
}

/// A `matches()` pattern compiled by RE2: CEL's syntax and linear-time matching.
typealias CompiledPattern = RE2Pattern

extension RE2Pattern {
    /// `text.matches(pattern)` for a pattern known only at run time: compiled for this call.
    static func matches(_ s: String, _ pattern: String) -> Value {
        do {
            return .bool(try RE2Pattern(pattern).search(s))
        } catch {
            return .error(EvalError("invalid regular expression '\(pattern)': \(error.message)"))
        }
    }
}
