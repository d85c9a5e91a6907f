import Testing
@testable import YAMLSource

@Suite("Streams")
struct StreamTests {
    @Test func multiDocumentStreamsYieldEveryDocumentInOrder() {
        let result = YAMLLoader().load("---\na: 1\n---\na: 2\n...\n---\n", path: "m.yaml")
        #expect(result.diagnostics.isEmpty)
        #expect(result.documents.map(\.index) == [0, 1, 2])
        #expect(result.documents[1].root["a"]?.scalar == .int(2))
        #expect(result.documents[2].root.scalar == .null)
    }

    @Test func anEmptyStreamHasNoDocuments() {
        #expect(YAMLLoader().load("").documents.isEmpty)
        #expect(YAMLLoader().load("# only a comment\n").documents.isEmpty)
    }

    @Test func anchorsDoNotLeakAcrossDocuments() {
        let result = YAMLLoader().load("---\na: &x 1\n---\nb: *x\n")
        #expect(!result.diagnostics.isEmpty)
    }

    @Test func tooManyDocumentsIsAnError() {
        let text = String(repeating: "---\na: 1\n", count: 5)
        let result = YAMLLoader(limits: YAMLLimits(maxDocuments: 3)).load(text)
        #expect(result.diagnostics.map(\.code) == ["YAML008"])
    }
}
