import Testing
import TestSupport

@testable import YAMLSource

/// The loader's interner gives every distinct byte string one id, the first it was offered, as
/// a dictionary would — through growth, and when probes run long and entries go aside.
@Suite("Byte interner")
struct ByteInternerTests {
    static func words(_ count: Int) -> [[UInt8]] {
        var random = SplitMix(state: 42)
        // Repeats, prefixes of each other, empty, multi-byte, and lengths around eight bytes.
        let alphabet = Array("ab1-é".utf8)
        return (0..<count).map { _ in (0..<Int.random(in: 0...19, using: &random)).map { _ in alphabet.randomElement(using: &random)! } }
    }

    static func check(longestProbe: Int) {
        var interner = ByteInterner(capacity: 4, longestProbe: longestProbe)
        var reference: [[UInt8]: UInt32] = [:]
        for word in Self.words(20_000) {
            let next = UInt32(reference.count)
            let got = word.withUnsafeBytes { interner.id(of: $0, next: next) }
            if let known = reference[word] {
                #expect(got.id == known && !got.isNew)
            } else {
                #expect(got.id == next && got.isNew)
                reference[word] = next
            }
        }
        #expect(reference.count > 5_000)
        // Looked up without interning (as a document's key numbers are): the same ids, and none
        // for bytes never offered.
        for (word, id) in reference {
            #expect(word.withUnsafeBytes { interner.existingID(of: $0) } == id)
        }
        for word in [Array("never offered".utf8), Array("ab1-é ab1-é ab1-é ab1-é".utf8)] {
            #expect(word.withUnsafeBytes { interner.existingID(of: $0) } == nil)
        }
        // Every word again, after all the growth: the same ids.
        for (word, id) in reference {
            #expect(word.withUnsafeBytes { interner.id(of: $0, next: .max) } == (id, false))
        }
    }

    @Test func aDocumentNumbersItsKeysByTheLoadersTable() throws {
        let text = "people:\n  - {id: a, name: A}\nteams: [{id: t, members: []}]\n"
        let document = try #require(YAMLLoader().load(text).documents.first)
        let root = document.root
        // Numbered in the order the keys were first met, each once.
        #expect(["people", "id", "name", "teams", "members"].map { root.keyNumber(of: $0) } == [0, 1, 2, 3, 4])
        #expect(root.keyNumber(of: "absent") == nil)
        #expect(root.keyNumber(of: "") == nil)
        #expect(root.keyNumber(of: "peoplE") == nil)
    }

    @Test func givesEachDistinctStringOneId() {
        Self.check(longestProbe: 32)
    }

    @Test func entriesThatProbeTooFarGoAsideAndKeepTheirIds() {
        // A probe of one slot: every collision takes the overflow path, on insertion and on growth.
        Self.check(longestProbe: 1)
    }

    @Test func keysAndStringsFromBytesAndFromTextShareIds() {
        var builder = YAMLTreeBuilder()
        let fromText = builder.keyID("members")
        let fromBytes = Array("members".utf8).withUnsafeBytes { builder.keyID(bytes: $0) }
        #expect(fromText == fromBytes)
        let a = builder.scalar(.string("patient_advisor"), at: Mark(line: 1, column: 1))
        let b = Array("patient_advisor".utf8).withUnsafeBytes { builder.string(bytes: $0, at: Mark(line: 2, column: 1)) }
        let tree = YAMLTree(builder)
        #expect(tree.payloads[Int(a)] == tree.payloads[Int(b)])
        #expect(tree.strings.count == 1)
    }
}
