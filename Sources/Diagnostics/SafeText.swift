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

    /// Whether a UTF-8 byte may start a hazard: a C0 control or DEL, or the lead byte of every
    /// other hazard's encoding (C2 for C1 controls, D8 for U+061C, E2 for the U+20xx ones). Text
    /// without such a byte has no hazard; most text is checked this way, a byte at a time,
    /// instead of decoding its scalars.
    @inline(__always) private static func mayStartHazard(_ byte: UInt8) -> Bool {
        byte < 0x20 || byte == 0x7F || byte == 0xC2 || byte == 0xD8 || byte == 0xE2
    }

    /// False when `text` surely has no hazard; nil when its bytes are not contiguous to look at.
    private static func mayHoldHazard(_ text: String) -> Bool? {
        text.utf8.withContiguousStorageIfAvailable { bytes in bytes.contains(where: mayStartHazard) }
    }

    /// False when `text` surely needs nothing from ``output(_:)``: no byte that may start a
    /// hazard other than newline and tab, and no line starting, after blanks, with `::`.
    private static func mayNeedWork(_ text: String) -> Bool? {
        text.utf8.withContiguousStorageIfAvailable { bytes in
            var atLineStart = true
            var colonAtStart = false
            for byte in bytes {
                if byte == 0x0A {
                    atLineStart = true
                    colonAtStart = false
                    continue
                }
                if byte != 0x09, mayStartHazard(byte) { return true }
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
        if mayNeedWork(text) == false { return text }
        var needsWork = false
        var atLineStart = true
        var previousWasColonAtStart = false
        for scalar in text.unicodeScalars {
            if scalar == "\n" {
                atLineStart = true
                previousWasColonAtStart = false
                continue
            }
            if scalar != "\t", isHazard(scalar) { needsWork = true; break }
            if atLineStart {
                if scalar == " " || scalar == "\t" { continue }
                if scalar == ":" {
                    if previousWasColonAtStart { needsWork = true; break }
                    previousWasColonAtStart = true
                    continue
                }
                atLineStart = false
                previousWasColonAtStart = false
            }
        }
        guard needsWork else { return text }
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
