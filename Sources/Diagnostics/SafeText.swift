/// Makes untrusted text (names, keys and values from a snapshot or policy, file names) safe to show
/// to a person: on a terminal, in a CI log, in a rendered report.
///
/// Two threats, two defences:
/// - **Control characters** — ANSI/OSC escape sequences recolour or rewrite a terminal, a carriage
///   return overwrites a line, a newline forges a new one, bidirectional overrides reorder what is
///   read. They are shown as visible escapes (`\u{1B}`) instead.
/// - **Workflow commands** — GitHub Actions executes any output line (stdout or stderr) that starts,
///   after blanks, with `::` (`::stop-commands::`, `::add-mask::`, a forged `::error`). Such a line
///   gets a leading backslash, which Actions does not parse and a reader still understands.
public enum SafeText {
    /// Whether `scalar` must be escaped in running text: C0 controls, DEL, C1 controls, the Unicode
    /// line and paragraph separators, and the bidirectional embeddings, overrides and isolates.
    static func isHazard(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F, 0x2028, 0x2029, 0x202A...0x202E, 0x2066...0x2069, 0x200E, 0x200F, 0x061C: true
        default: false
        }
    }

    /// Whether the UTF-8 bytes at `i` encode a hazard (the scalars of ``isHazard(_:)``): a C0
    /// control or DEL; C2 80–9F (C1 controls); D8 9C (U+061C); E2 80 8E–8F, E2 80 A8–AE and
    /// E2 81 A6–A9 (the U+20xx marks, separators and bidi controls). Most text is settled this
    /// way, a byte at a time, instead of decoding its scalars.
    @inline(__always) private static func hazard(in bytes: UnsafeBufferPointer<UInt8>, at i: Int) -> Bool {
        let byte = bytes[i]
        if byte < 0x20 || byte == 0x7F { return true }
        switch byte {
        case 0xC2: return i + 1 < bytes.count && (0x80...0x9F).contains(bytes[i + 1])
        case 0xD8: return i + 1 < bytes.count && bytes[i + 1] == 0x9C
        case 0xE2:
            guard i + 2 < bytes.count else { return false }
            let (second, third) = (bytes[i + 1], bytes[i + 2])
            return second == 0x80 && (third == 0x8E || third == 0x8F || (0xA8...0xAE).contains(third)) || second == 0x81 && (0xA6...0xA9).contains(third)
        default: return false
        }
    }

    /// False when `text` surely has no hazard; nil when its bytes are not contiguous to look at.
    private static func mayHoldHazard(_ text: String) -> Bool? {
        text.utf8.withContiguousStorageIfAvailable { bytes in
            // Printable ASCII, nearly every byte of a name or a message, is passed over first.
            var i = 0
            while i < bytes.count {
                let byte = bytes[i]
                if byte < 0x20 || byte >= 0x7F, hazard(in: bytes, at: i) { return true }
                i &+= 1
            }
            return false
        }
    }

    /// False when `text` surely needs nothing from ``output(_:)``: no hazard other than newline
    /// and tab, and no line starting, after blanks, with `::`.
    private static func mayNeedWork(_ text: String) -> Bool? {
        text.utf8.withContiguousStorageIfAvailable { bytes in
            var atLineStart = true
            var colonAtStart = false
            var i = 0
            while i < bytes.count {
                let byte = bytes[i]
                defer { i &+= 1 }
                // Printable ASCII within a line, most of a report, needs nothing.
                if !atLineStart, byte >= 0x20, byte < 0x7F { continue }
                if byte == 0x0A {
                    atLineStart = true
                    colonAtStart = false
                    continue
                }
                if byte != 0x09, hazard(in: bytes, at: i) { return true }
                guard atLineStart else { continue }
                if byte == 0x20 || byte == 0x09 { continue }
                if byte == UInt8(ascii: ":") {
                    if colonAtStart { return true }
                    colonAtStart = true
                    continue
                }
                atLineStart = false
                colonAtStart = false
            }
            return false
        }
    }

    private static func escaped(_ scalar: Unicode.Scalar) -> String {
        "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
    }

    /// `text` as part of one line: every hazard escaped, newlines included; tabs too unless
    /// `keepingTabs` (a quoted source line keeps them so its caret lines up).
    public static func inline(_ text: String, keepingTabs: Bool = false) -> String {
        func hazard(_ scalar: Unicode.Scalar) -> Bool { isHazard(scalar) && !(keepingTabs && scalar == "\t") }
        if mayHoldHazard(text) == false { return text }
        guard text.unicodeScalars.contains(where: hazard) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if hazard(scalar) { out.append(contentsOf: escaped(scalar).unicodeScalars) } else { out.append(scalar) }
        }
        return String(out)
    }

    /// A whole human-readable output: hazards other than newline and tab escaped, and every line
    /// that would start with `::` neutralized. Linear; returns `text` itself when nothing is unsafe.
    public static func output(_ text: String) -> String {
        // The byte scan is exact: past it, there is work (or the bytes were not contiguous, and
        // the rewrite below gives back an equal text when there is none).
        if mayNeedWork(text) == false { return text }
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            var safe = String.UnicodeScalarView()
            for scalar in line.unicodeScalars {
                if scalar != "\t", isHazard(scalar) { safe.append(contentsOf: escaped(scalar).unicodeScalars) } else { safe.append(scalar) }
            }
            let text = String(safe)
            let blanks = text.prefix { $0 == " " || $0 == "\t" }
            return text.dropFirst(blanks.count).hasPrefix("::") ? blanks + "\\" + text.dropFirst(blanks.count) : text
        }.joined(separator: "\n")
    }
}
