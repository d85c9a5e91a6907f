import Diagnostics
import TestSupport
import Testing

/// `SafeText` escapes exactly the hazards and neutralizes exactly the `::` lines, whether a text
/// is settled by the byte scan (no byte that may start a hazard) or decoded scalar by scalar.
@Suite struct SafeTextTests {
    static let hazards: [Unicode.Scalar] = [
        "\u{0}", "\u{1B}", "\r", "\u{7F}", "\u{80}", "\u{9F}", "\u{2028}", "\u{2029}", "\u{202A}", "\u{202E}", "\u{2066}", "\u{2069}", "\u{200E}", "\u{200F}", "\u{061C}",
        // The style markers: escaped like hazards wherever a report has not asked for styles.
        "\u{E000}", "\u{E001}",
    ]
    /// Safe scalars sharing a hazard's lead byte (C2, D8, E2), and others.
    static let neighbours: [Unicode.Scalar] = [
        "\u{A0}", "é", "\u{BF}", "\u{0627}", "\u{2019}", "\u{2026}", "\u{20AC}", "\u{2030}", "🙂", "a", "Z", "0", "\u{2014}", "\u{200D}", "\u{2027}", "\u{202F}", "\u{2065}", "\u{206A}", "\u{061B}",
        "\u{061D}", "\u{00B7}",
    ]
    static let structure: [Unicode.Scalar] = [":", ":", " ", "\t", "\n"]

    /// What `SafeText.output` must return, written the slow way.
    static func expectedOutput(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            var safe = ""
            for scalar in line.unicodeScalars {
                if scalar != "\t", hazards(scalar) { safe += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}" } else { safe.unicodeScalars.append(scalar) }
            }
            let blanks = safe.prefix { $0 == " " || $0 == "\t" }
            return safe.dropFirst(blanks.count).hasPrefix("::") ? blanks + "\\" + safe.dropFirst(blanks.count) : safe
        }.joined(separator: "\n")
    }

    static func hazards(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F, 0x2028, 0x2029, 0x202A...0x202E, 0x2066...0x2069, 0x200E, 0x200F, 0x061C, 0xE000, 0xE001: true
        default: false
        }
    }

    @Test func randomTextIsEscapedAsTheScalarRulesSay() {
        var generator = SplitMix(state: 0x5AFE)
        for round in 0..<4_000 {
            // A quarter of the texts hold no hazard, so the byte scan alone decides them.
            let pool = round % 4 == 0 ? Self.neighbours + Self.structure : Self.neighbours + Self.structure + Self.hazards
            var text = ""
            for _ in 0..<Int(generator.next() % 24) { text.unicodeScalars.append(pool[Int(generator.next() % UInt64(pool.count))]) }
            #expect(SafeText.output(text) == Self.expectedOutput(text), "\(text.unicodeScalars.map { String($0.value, radix: 16) })")
            let inline = SafeText.inline(text)
            #expect(!inline.unicodeScalars.contains { Self.hazards($0) }, "\(text.unicodeScalars.map { String($0.value, radix: 16) })")
            let plain = !text.unicodeScalars.contains { Self.hazards($0) }
            #expect((inline == text) == plain)
        }
    }

    /// A report's marked spans become ANSI codes only when it asks for styles, and only as
    /// the style named; a marker from untrusted text is escaped before it could be one.
    @Test func styledSpansBecomeColourCodesOnlyWhenAsked() {
        let line = "\(TerminalStyle.red.span("✗")) \(TerminalStyle.bold.span("path.yaml")): 2 findings"
        #expect(SafeText.output(line, styled: true) == "\u{1B}[31m✗\u{1B}[0m \u{1B}[1mpath.yaml\u{1B}[0m: 2 findings")
        #expect(SafeText.output(line) == "\\u{E000}r✗\\u{E001} \\u{E000}bpath.yaml\\u{E001}: 2 findings", "unstyled, the markers are shown escaped")
        // Untrusted text carrying markers and escapes, made safe first as reports do.
        let hostile = SafeText.inline("\u{E000}r\u{1B}[2Jred\u{E001}")
        #expect(SafeText.output(TerminalStyle.yellow.span(hostile), styled: true) == "\u{1B}[33m\\u{E000}r\\u{1B}[2Jred\\u{E001}\u{1B}[0m")
        // A marker not followed by a style's letter is escaped.
        #expect(SafeText.output("\u{E000}q", styled: true) == "\\u{E000}q")
        // A line whose visible text starts with `::` is neutralized after its codes.
        #expect(SafeText.output("  \(TerminalStyle.cyan.span("::error::x"))", styled: true) == "  \u{1B}[36m\\::error::x\u{1B}[0m")
    }

    @Test func textWithoutHazardsComesBackUnchanged() {
        for text in ["Équipe qualité — 2026", "ملف", "“quoted” … €", "a: b", " :x", "\t:", "line\n: one colon"] {
            #expect(SafeText.output(text) == text)
            #expect(SafeText.inline(text) == text || text.contains("\n") || text.contains("\t"))
        }
        #expect(SafeText.output("ok\n  ::error::forged") == "ok\n  \\::error::forged")
        #expect(SafeText.inline("a\u{202E}b") == "a\\u{202E}b")
        #expect(SafeText.inline("tab\there", keepingTabs: true) == "tab\there")
    }
}
