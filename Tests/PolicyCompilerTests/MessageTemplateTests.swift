import Testing

@testable import PolicyCompiler

/// A message is literal text and `{{ … }}` holes; each hole's offset counts Unicode scalars from
/// the start of the message, so that its diagnostics point at the right column.
@Suite("Message template holes")
struct MessageTemplateTests {
    /// The pieces as `text:…` and `hole@offset:…`, for comparison.
    static func pieces(_ text: String) -> (pieces: [String], unterminated: Int?) {
        let (pieces, unterminated) = MessageTemplate.holes(in: text)
        return (
            pieces.map {
                switch $0 {
                case .text(let text): "text:\(text)"
                case .hole(let source, let offset): "hole@\(offset):\(source)"
                }
            }, unterminated
        )
    }

    @Test func textAndHolesAlternate() {
        #expect(Self.pieces("a {{x}} b {{ y.z }}c") == (["text:a ", "hole@4:x", "text: b ", "hole@12: y.z ", "text:c"], nil))
        #expect(Self.pieces("{{x}}{{y}}") == (["hole@2:x", "hole@7:y"], nil))
        #expect(Self.pieces("no holes") == (["text:no holes"], nil))
        #expect(Self.pieces("") == ([], nil))
        #expect(Self.pieces("{{}}") == (["hole@2:"], nil))
    }

    @Test func offsetsCountScalarsNotBytes() {
        // "é" and "ü" are two bytes each in UTF-8, one scalar each.
        #expect(Self.pieces("é{{x}}ü") == (["text:é", "hole@3:x", "text:ü"], nil))
        #expect(Self.pieces("{{'é'}} x{{y}}") == (["hole@2:'é'", "text: x", "hole@11:y"], nil))
        #expect(Self.pieces("{ }} {x}") == (["text:{ }} {x}"], nil))
        #expect(Self.pieces("ü {{x") == ([], 2))
    }

    @Test func anUnterminatedHoleIsReportedWhereItOpens() {
        // The pieces before it are kept; the text between them and the hole is not.
        #expect(Self.pieces("n={{x") == ([], 2))
        #expect(Self.pieces("a {{x}} b {{y") == (["text:a ", "hole@4:x"], 10))
    }
}
