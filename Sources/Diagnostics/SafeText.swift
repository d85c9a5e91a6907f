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

    /// False when `text` surely needs nothing from ``output(_:styled:)``: no hazard other than
    /// newline and tab, no style marker, and no line starting, after blanks, with `::`.
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
                if byte != 0x09, hazard(in: bytes, at: i) || styleMarker(in: bytes, at: i) { return true }
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

    /// The private-use characters that open and close a span a report styles for the terminal
    /// (``TerminalStyle``). Untrusted text made safe by ``inline(_:keepingTabs:)`` never holds
    /// them: there they are escaped, so that no name or message can colour a terminal.
    public static let styleOpen: Unicode.Scalar = "\u{E000}"
    public static let styleClose: Unicode.Scalar = "\u{E001}"

    /// Whether `scalar` opens or closes a styled span.
    static func isStyleMarker(_ scalar: Unicode.Scalar) -> Bool { scalar == styleOpen || scalar == styleClose }

    /// Whether the UTF-8 bytes at `i` encode a style marker (EE 80 80–81).
    @inline(__always) private static func styleMarker(in bytes: UnsafeBufferPointer<UInt8>, at i: Int) -> Bool {
        bytes[i] == 0xEE && i + 2 < bytes.count && bytes[i + 1] == 0x80 && (bytes[i + 2] == 0x80 || bytes[i + 2] == 0x81)
    }

    /// False when `text` surely has neither hazard nor style marker; nil when its bytes are not
    /// contiguous to look at.
    private static func mayHoldHazardOrMarker(_ text: String) -> Bool? {
        text.utf8.withContiguousStorageIfAvailable { bytes in
            var i = 0
            while i < bytes.count {
                let byte = bytes[i]
                if byte < 0x20 || byte >= 0x7F, hazard(in: bytes, at: i) || styleMarker(in: bytes, at: i) { return true }
                i &+= 1
            }
            return false
        }
    }

    /// `text` as part of one line: every hazard escaped, newlines included; tabs too unless
    /// `keepingTabs` (a quoted source line keeps them so its caret lines up). Style markers are
    /// escaped too: untrusted text styles nothing.
    public static func inline(_ text: String, keepingTabs: Bool = false) -> String {
        func hazard(_ scalar: Unicode.Scalar) -> Bool { (isHazard(scalar) || isStyleMarker(scalar)) && !(keepingTabs && scalar == "\t") }
        if mayHoldHazardOrMarker(text) == false { return text }
        guard text.unicodeScalars.contains(where: hazard) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if hazard(scalar) { out.append(contentsOf: escaped(scalar).unicodeScalars) } else { out.append(scalar) }
        }
        return String(out)
    }

    /// A whole human-readable output: hazards other than newline and tab escaped, and every line
    /// that would start with `::` neutralized. Linear; returns `text` itself when nothing is unsafe.
    ///
    /// With `styled`, the spans a report marked with ``TerminalStyle/span(_:)`` become ANSI
    /// codes; without, their markers are escaped like any other unsafe character. A marker can
    /// only be the report's own: ``inline(_:keepingTabs:)`` escapes markers in untrusted text.
    public static func output(_ text: String, styled: Bool = false) -> String {
        // The byte scan is exact: past it, there is work (or the bytes were not contiguous, and
        // the rewrite below gives back an equal text when there is none).
        if mayNeedWork(text) == false { return text }
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            var safe = String.UnicodeScalarView()
            // Where the line's first visible character went, and whether the visible text (the
            // ANSI codes aside) starts with `::` there.
            var firstVisible: Int?
            var visiblePrefix = ""
            var scalars = line.unicodeScalars[...]
            while let scalar = scalars.popFirst() {
                if styled, scalar == styleOpen, let letter = scalars.first, let style = TerminalStyle(letter) {
                    scalars.removeFirst()
                    safe.append(contentsOf: style.ansi.unicodeScalars)
                    continue
                }
                if styled, scalar == styleClose {
                    safe.append(contentsOf: TerminalStyle.reset.unicodeScalars)
                    continue
                }
                if firstVisible == nil, scalar != " ", scalar != "\t" { firstVisible = safe.count }
                if firstVisible != nil, visiblePrefix.unicodeScalars.count < 2 { visiblePrefix.unicodeScalars.append(scalar) }
                if scalar != "\t", isHazard(scalar) || isStyleMarker(scalar) { safe.append(contentsOf: escaped(scalar).unicodeScalars) } else { safe.append(scalar) }
            }
            if visiblePrefix == "::", let firstVisible { safe.insert("\\", at: safe.index(safe.startIndex, offsetBy: firstVisible)) }
            return String(safe)
        }.joined(separator: "\n")
    }
}

/// A style a report puts on its own words for a terminal. The report marks the span
/// (``span(_:)``), makes the whole line safe with ``SafeText/output(_:styled:)``, and only that
/// turns the marks into ANSI codes: untrusted text never reaches the terminal as codes.
public enum TerminalStyle: Sendable, CaseIterable {
    case red, yellow, cyan, bold

    /// The letter after ``SafeText/styleOpen`` that names the style.
    var letter: Unicode.Scalar {
        switch self {
        case .red: "r"
        case .yellow: "y"
        case .cyan: "c"
        case .bold: "b"
        }
    }

    init?(_ letter: Unicode.Scalar) {
        guard let style = Self.allCases.first(where: { $0.letter == letter }) else { return nil }
        self = style
    }

    /// The ANSI select-graphic-rendition sequence that starts the style.
    var ansi: String {
        switch self {
        case .red: "\u{1B}[31m"
        case .yellow: "\u{1B}[33m"
        case .cyan: "\u{1B}[36m"
        case .bold: "\u{1B}[1m"
        }
    }

    /// The sequence that ends every style.
    static let reset = "\u{1B}[0m"

    /// `text` marked for this style (it should already be safe: made by the report, or passed
    /// through ``SafeText/inline(_:keepingTabs:)``).
    public func span(_ text: String) -> String {
        var marked = String.UnicodeScalarView()
        marked.append(SafeText.styleOpen)
        marked.append(letter)
        return String(marked) + text + String(SafeText.styleClose)
    }
}
