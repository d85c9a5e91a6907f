import Foundation

/// Finding one text in another by their UTF-8 bytes: what a report looks for in its own text
/// (an element's place in an encoded document, a glossary cue, a section's anchor).
///
/// `String.contains` and `range(of:)`, from Foundation, search in UTF-16 through `NSString`:
/// in a 10,000-team report, looking for a dozen cues and anchors that way was a third of the
/// HTML report's run. Bytes compare code points exactly, which is what these searches need: the
/// needles are Tandem's own ASCII or NFC text.
enum UTF8Search {
    /// Where `needle` first occurs in `haystack`, as a byte offset.
    static func offset(of needle: UnsafeRawBufferPointer, in haystack: UnsafeRawBufferPointer) -> Int? {
        guard let first = needle.first else { return 0 }
        guard let base = haystack.baseAddress, let pattern = needle.baseAddress, needle.count <= haystack.count else { return nil }
        // The first byte found by memchr, the rest compared (Glibc's module has no memmem).
        var from = 0
        while from + needle.count <= haystack.count,
            let hit = memchr(base + from, Int32(first), haystack.count - needle.count + 1 - from)
        {
            let at = UnsafeRawPointer(hit) - base
            if memcmp(base + at, pattern, needle.count) == 0 { return at }
            from = at + 1
        }
        return nil
    }

    /// Whether `haystack` holds `needle`, byte for byte.
    static func contains(_ haystack: String, _ needle: String) -> Bool {
        withBytes(haystack) { text in withBytes(needle) { offset(of: $0, in: text) != nil } }
    }

    /// `text` with every occurrence of `target` (non-empty) replaced by `replacement`, left to
    /// right, as `replacingOccurrences(of:with:)` replaces them.
    static func replacingAll(in text: String, _ target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return text }
        return withBytes(text) { bytes in
            withBytes(target) { wanted in
                guard var at = offset(of: wanted, in: bytes) else { return text }
                var out: [UInt8] = []
                out.reserveCapacity(bytes.count)
                var copied = 0
                while true {
                    out += UnsafeRawBufferPointer(rebasing: bytes[copied..<at])
                    out += replacement.utf8
                    copied = at + wanted.count
                    guard let next = offset(of: wanted, in: UnsafeRawBufferPointer(rebasing: bytes[copied...])) else { break }
                    at = copied + next
                }
                out += UnsafeRawBufferPointer(rebasing: bytes[copied...])
                return String(decoding: out, as: UTF8.self)
            }
        }
    }

    /// `text` with each byte that `special` picks replaced by what `replacement` appends (it may
    /// also look at, or take back, what was written before), in one pass over its bytes; text
    /// with no such byte is returned as it is, which is most text a report escapes. The picked
    /// bytes are ASCII, so the UTF-8 stays whole.
    static func rewriting(_ text: String, where special: (UInt8) -> Bool, _ replacement: (UInt8, inout [UInt8]) -> Void) -> String {
        guard text.utf8.contains(where: special) else { return text }
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + 16)
        for byte in text.utf8 {
            if special(byte) { replacement(byte, &out) } else { out.append(byte) }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// `body` over the UTF-8 bytes of `text`, in place when it has contiguous storage.
    private static func withBytes<R>(_ text: String, _ body: (UnsafeRawBufferPointer) -> R) -> R {
        if let result = text.utf8.withContiguousStorageIfAvailable({ body(UnsafeRawBufferPointer($0)) }) { return result }
        return Array(text.utf8).withUnsafeBytes(body)
    }
}

/// The five characters that open markup in XML and HTML, each with the entity it is written as.
enum MarkupEntity {
    /// The entity for `byte`, or nil when it is none of `& < > " '`; `'` is written `apostrophe`
    /// (XML has `&apos;`; HTML 4 has none, so the HTML report writes `&#39;`).
    @inline(__always) static func of(_ byte: UInt8, apostrophe: String) -> String? {
        switch byte {
        case UInt8(ascii: "&"): "&amp;"
        case UInt8(ascii: "<"): "&lt;"
        case UInt8(ascii: ">"): "&gt;"
        case UInt8(ascii: "\""): "&quot;"
        case UInt8(ascii: "'"): apostrophe
        default: nil
        }
    }
}
