import CEL
import Diagnostics

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
    /// (in Unicode scalars from the start of `text`) so the compiler can compile and position them.
    static func holes(in text: String) -> (pieces: [Either], unterminated: Int?) {
        var pieces: [Either] = []
        // Scanned as UTF-8 (braces are ASCII, never part of a longer character), and text taken
        // a run at a time: made a scalar at a time, the pieces were most of compiling a policy
        // pack's messages (67,000 instructions a message).
        let bytes = Array(text.utf8)
        let open = UInt8(ascii: "{")
        let close = UInt8(ascii: "}")
        func run(_ range: Range<Int>) -> String { String(decoding: bytes[range], as: UTF8.self) }
        /// Whether the byte starts a scalar (is not a continuation byte of UTF-8).
        func startsScalar(_ byte: UInt8) -> Bool { byte & 0xC0 != 0x80 }
        var i = 0
        // Offsets count Unicode scalars: the scalars before byte `i`.
        var scalars = 0
        var literalStart = 0
        while i < bytes.count {
            if bytes[i] == open, i + 1 < bytes.count, bytes[i + 1] == open {
                var j = i + 2
                var inside = 0
                var found = false
                while j + 1 < bytes.count {
                    if bytes[j] == close, bytes[j + 1] == close {
                        found = true
                        break
                    }
                    if startsScalar(bytes[j]) { inside += 1 }
                    j += 1
                }
                guard found else { return (pieces, scalars) }
                if i > literalStart { pieces.append(.text(run(literalStart..<i))) }
                pieces.append(.hole(run((i + 2)..<j), offset: scalars + 2))
                scalars += 2 + inside + 2
                i = j + 2
                literalStart = i
            } else {
                if startsScalar(bytes[i]) { scalars += 1 }
                i += 1
            }
        }
        if bytes.count > literalStart { pieces.append(.text(run(literalStart..<bytes.count))) }
        return (pieces, nil)
    }

    enum Either {
        case text(String)
        case hole(String, offset: Int)
    }

    /// The longest value a hole inserts, in characters: a 10 MB name repeated in every finding of
    /// every format would turn one snapshot into gigabytes of report.
    public static let maxValueLength = 200

    /// Whether `text` has more than ``maxValueLength`` characters. No more bytes than the limit
    /// means no more characters: counting characters walks the whole text, counting bytes does not.
    private static func isOverLimit(_ text: String) -> Bool {
        text.utf8.count > maxValueLength && text.count > maxValueLength
    }

    /// An identifier clipped like a value but kept distinct: the first characters and a hash of
    /// the whole, so two long ids that share a prefix stay two subjects.
    public static func clippedID(_ text: String) -> String {
        guard isOverLimit(text) else { return text }
        var hash = FNV1a()
        hash.add(text)
        return String(text.prefix(maxValueLength)) + "…#" + String(hash.value, radix: 16)
    }

    public static func clipped(_ text: String) -> String {
        guard isOverLimit(text) else { return text }
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
