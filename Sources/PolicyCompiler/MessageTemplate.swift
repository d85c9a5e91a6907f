import CEL

/// A message with `{{ expression }}` holes, compiled with the rule's other expressions.
public struct MessageTemplate: Sendable {
    /// A piece of the message.
    public enum Part: Sendable {
        case text(String)
        case expression(CompiledExpression, slots: [Int])
    }

    /// The pieces in order.
    public let parts: [Part]

    /// The parameters its holes read.
    var parameterNames: [String] {
        parts.flatMap { part -> [String] in
            if case .expression(let compiled, _) = part { return RuleCompiler.parameterNames(compiled.parsed.root) }
            return []
        }
    }

    /// Splits `text` into literal and `{{ … }}` parts; returns the holes' source text and offsets
    /// (in characters from the start of `text`) so the compiler can compile and position them.
    static func holes(in text: String) -> (pieces: [Either], unterminated: Int?) {
        var pieces: [Either] = []
        let chars = Array(text.unicodeScalars)
        var i = 0
        var literal = ""
        while i < chars.count {
            if chars[i] == "{", i + 1 < chars.count, chars[i + 1] == "{" {
                var j = i + 2
                var found = false
                while j + 1 < chars.count {
                    if chars[j] == "}", chars[j + 1] == "}" {
                        found = true
                        break
                    }
                    j += 1
                }
                guard found else { return (pieces, i) }
                if !literal.isEmpty { pieces.append(.text(literal)) }
                literal = ""
                pieces.append(.hole(String(String.UnicodeScalarView(chars[(i + 2)..<j])), offset: i + 2))
                i = j + 2
            } else {
                literal.unicodeScalars.append(chars[i])
                i += 1
            }
        }
        if !literal.isEmpty { pieces.append(.text(literal)) }
        return (pieces, nil)
    }

    enum Either {
        case text(String)
        case hole(String, offset: Int)
    }

    /// The longest value a hole inserts, in characters: a 10 MB name repeated in every finding of
    /// every format would turn one snapshot into gigabytes of report.
    public static let maxValueLength = 200

    /// An identifier clipped like a value but kept distinct: the first characters and a hash of
    /// the whole, so two long ids that share a prefix stay two subjects.
    public static func clippedID(_ text: String) -> String {
        // No more bytes than the limit means no more characters: counting characters walks the
        // whole text, counting bytes does not.
        guard text.utf8.count > maxValueLength, text.count > maxValueLength else { return text }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return String(text.prefix(maxValueLength)) + "…#" + String(hash, radix: 16)
    }

    public static func clipped(_ text: String) -> String {
        guard text.utf8.count > maxValueLength, text.count > maxValueLength else { return text }
        return String(text.prefix(maxValueLength)) + "… (\(text.count - maxValueLength) more characters)"
    }

    /// Renders the message; a hole that fails to evaluate shows the error instead of hiding it.
    public func render(_ values: [Value], context: EvaluationContext) -> String {
        var storage = FrameStorage()
        return render(values, context: context, storage: &storage)
    }

    /// ``render(_:context:)`` with the holes' frames taken from `storage`: a rule renders its
    /// message for finding after finding, and a hole evaluated afresh made its arrays and field
    /// memos each time (4,400 instructions a hole at 1,000 teams).
    public func render(_ values: [Value], context: EvaluationContext, storage: inout FrameStorage) -> String {
        let pieces = parts.map { part -> String in
            switch part {
            case .text(let s): return s
            case .expression(let compiled, let slots):
                let value = compiled.program.evaluate(values, slots: slots, context: context, storage: &storage)
                if case .error(let e) = value, e.unrecorded != nil { return "(not recorded)" }
                if case .error(let e) = value { return "<error: \(e.message)>" }
                return Self.clipped(Printer.text(value))
            }
        }
        // Sized once: grown by appending, a message kept up to twice its length in spare
        // capacity, and a large check keeps one per finding.
        var out = ""
        out.reserveCapacity(pieces.reduce(0) { $0 + $1.utf8.count })
        for piece in pieces { out += piece }
        return out
    }
}
