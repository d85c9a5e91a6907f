import Diagnostics
import Testing
@testable import YAMLSource

@Suite("Bad input gives positioned diagnostics, never a crash or a hang")
struct LoaderErrorTests {
    @Test func syntaxErrorsQuoteLibyamlWithAPosition() {
        let result = YAMLLoader().load("teams:\n  - id: t1\n   name: x\n", path: "bad.yaml")
        #expect(result.diagnostics.count == 1)
        let d = result.diagnostics[0]
        #expect(d.code == "YAML001")
        #expect(d.location == SourceLocation(file: "bad.yaml", line: 3, column: 4))
        #expect(d.message == "did not find expected '-' indicator (while parsing a block collection at line 2, column 3)")
    }

    @Test func unclosedFlowCollectionNamesItsContext() {
        let result = YAMLLoader().load("{\"a\": [1, 2\n", path: "bad.json")
        #expect(result.diagnostics.first?.code == "YAML001")
        #expect(result.diagnostics.first?.location?.file == "bad.json")
    }

    @Test func duplicateKeysAreErrorsPointingAtTheSecond() {
        let result = YAMLLoader().load("a: 1\nb: 2\na: 3\n", path: "d.yaml")
        #expect(result.diagnostics.map(\.code) == ["YAML003"])
        #expect(result.diagnostics[0].location == SourceLocation(file: "d.yaml", line: 3, column: 1))
        #expect(result.diagnostics[0].notes == ["first defined at line 1, column 1"])
    }

    @Test func duplicateKeysAreFoundInLargeMappingsToo() {
        let text = (0..<40).map { "k\($0): \($0)" }.joined(separator: "\n") + "\nk7: again\n"
        let result = YAMLLoader().load(text)
        #expect(result.diagnostics.map(\.code) == ["YAML003"])
        #expect(result.diagnostics[0].location?.line == 41)
    }

    @Test func billionLaughsIsStoppedByTheAliasBudget() {
        var text = "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        for level in 1...9 {
            let refs = Array(repeating: "*a\(level - 1)", count: 9).joined(separator: ", ")
            text += "a\(level): &a\(level) [\(refs)]\n"
        }
        let result = YAMLLoader().load(text, path: "bomb.yaml")
        #expect(result.diagnostics.map(\.code) == ["YAML005"])
        #expect(result.diagnostics[0].location?.file == "bomb.yaml")
    }

    @Test func modestAliasesAreExpanded() throws {
        let result = YAMLLoader().load("base: &b {role: provider}\ncopy: *b\n")
        #expect(result.diagnostics.isEmpty)
        #expect(result.documents.first?.root["copy"]?["role"]?.string == "provider")
        #expect(result.documents.first?.root["copy"]?.mark == Mark(line: 2, column: 7))
    }

    @Test func undefinedAliasIsAnError() {
        let result = YAMLLoader().load("a: *nowhere\n")
        #expect(!result.diagnostics.isEmpty)
    }

    @Test func nestingBeyondTheDepthLimitIsRejected() {
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        let result = YAMLLoader().load(deep, path: "deep.yaml")
        #expect(result.diagnostics.map(\.code) == ["YAML004"])
        #expect(result.diagnostics[0].location == SourceLocation(file: "deep.yaml", line: 1, column: 129))
    }

    @Test func theDepthLimitIsConfigurable() {
        let text = "a:\n  b:\n    c: 1\n"
        #expect(YAMLLoader(limits: YAMLLimits(maxDepth: 2)).load(text).diagnostics.map(\.code) == ["YAML004"])
        #expect(YAMLLoader(limits: YAMLLimits(maxDepth: 3)).load(text).diagnostics.isEmpty)
    }

    @Test func oversizedInputIsRejectedBeforeParsing() {
        let result = YAMLLoader(limits: YAMLLimits(maxBytes: 10)).load("key: a long enough value\n")
        #expect(result.diagnostics.map(\.code) == ["YAML006"])
        #expect(result.documents.isEmpty)
    }

    @Test func invalidUTF8IsReportedWithItsPosition() {
        var bytes = Array("name: ok\nother: ".utf8)
        bytes += [0xC3, 0x28, 0x0A]
        let result = YAMLLoader().load(SourceText(path: "latin1.yaml", bytes: bytes))
        #expect(result.diagnostics.map(\.code) == ["YAML002"])
        #expect(result.diagnostics[0].location == SourceLocation(file: "latin1.yaml", line: 2, column: 9))
        #expect(result.diagnostics[0].message.contains("invalid trailing UTF-8 octet"))
    }

    @Test func complexKeysAreRejected() {
        let result = YAMLLoader().load("? [a, b]\n: 1\n")
        #expect(result.diagnostics.map(\.code) == ["YAML007"])
    }
}
