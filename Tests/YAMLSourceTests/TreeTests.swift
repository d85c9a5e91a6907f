import Diagnostics
import Foundation
import TestSupport
import Testing
import YAMLSource

/// The arena under the node API: one tree per stream, keys interned, aliases at their own mark,
/// trees composed by copying.
@Suite("YAML tree (arena)")
struct TreeTests {
    static let text = """
        base: &b {role: patient_advisor, active: true}
        teams:
          - {id: t1, members: [{role: patient_advisor}, {role: provider}]}
          - {id: t2, members: [*b]}
        ---
        second: {role: x}
        """

    @Test func documentsOfAStreamShareOneTreeAndReadAsBefore() throws {
        let result = YAMLLoader().load(Self.text, path: "t.yaml")
        #expect(result.diagnostics.isEmpty)
        #expect(result.documents.count == 2)
        let root = try #require(result.documents.first?.root)
        let teams = try #require(root["teams"]?.sequence)
        #expect(teams.count == 2)
        #expect(teams.map { $0["id"]?.string } == ["t1", "t2"])
        #expect(teams[0]["members"]?.sequence?.map { $0["role"]?.string } == ["patient_advisor", "provider"])
        #expect(root["base"]?.mapping?.keys == ["role", "active"])
        #expect(root["base"]?["active"]?.scalar == .bool(true))
        #expect(result.documents[1].root["second"]?["role"]?.string == "x")
        #expect(teams[1].mark == Mark(line: 4, column: 5))
    }

    /// Columns are stored in 16 bits; one past that (a long flow line) is kept aside, exactly.
    @Test func aNodeFarAlongALineKeepsItsColumn() throws {
        let padding = String(repeating: " ", count: 70_000)
        let text = "wide: [a,\(padding)b, {k: c}]\nnext: [d, e]\n"
        let result = YAMLLoader().load(text, path: "w.yaml")
        #expect(result.diagnostics.isEmpty)
        let root = try #require(result.documents.first?.root)
        let wide = try #require(root["wide"]?.sequence)
        #expect(wide.map(\.mark) == [Mark(line: 1, column: 8), Mark(line: 1, column: 70_010), Mark(line: 1, column: 70_013)])
        #expect(wide[2]["k"]?.mark == Mark(line: 1, column: 70_017))
        #expect(wide[2].mapping?.entries.first?.keyMark == Mark(line: 1, column: 70_014))
        #expect(root["next"]?.sequence?.map(\.mark) == [Mark(line: 2, column: 8), Mark(line: 2, column: 11)])
        #expect(root["next"]?.sequence?.map(\.string) == ["d", "e"])
    }

    /// A key's mark is stored relative to its value's; a value hundreds of lines below its key
    /// (blank lines between) keeps the key's mark exactly.
    @Test func aKeyFarAboveItsValueKeepsItsMark() throws {
        let text = "near: 1\nnested:\n  - {k: v}\nfar:" + String(repeating: "\n", count: 300) + "  value\nlast: 2\n"
        let result = YAMLLoader().load(text, path: "k.yaml")
        #expect(result.diagnostics.isEmpty)
        let root = try #require(result.documents.first?.root)
        let entries = try #require(root.mapping?.entries)
        #expect(entries.map(\.key) == ["near", "nested", "far", "last"])
        #expect(entries.map(\.keyMark) == [Mark(line: 1, column: 1), Mark(line: 2, column: 1), Mark(line: 4, column: 1), Mark(line: 305, column: 1)])
        #expect(entries.map(\.value.mark) == [Mark(line: 1, column: 7), Mark(line: 3, column: 3), Mark(line: 304, column: 3), Mark(line: 305, column: 7)])
        #expect(root["nested"]?.sequence?.first?.mapping?.entries.first?.keyMark == Mark(line: 3, column: 6))
    }

    /// Key ids are 16-bit and lines are 16-bit offsets within blocks of rows; a mapping with more
    /// distinct keys, and a collection whose row (made at its end) lies 40,000 lines below its
    /// start, read exactly.
    @Test func manyKeysAndLongCollectionsReadExactly() throws {
        let keys = (0..<70_000).map { "key\($0): \($0)\n" }.joined()
        let items = (0..<40_000).map { "    - \($0)\n" }.joined()
        let text = "outer:\n  list:\n" + items + "  after: x\n" + keys
        let result = YAMLLoader().load(text, path: "big.yaml")
        #expect(result.diagnostics.isEmpty)
        let root = try #require(result.documents.first?.root)
        let entries = try #require(root.mapping?.entries)
        #expect(entries.count == 70_001)
        for index in [0, 1, 65_534, 65_535, 65_536, 69_999] {
            let entry = entries[index + 1]
            #expect(entry.key == "key\(index)")
            #expect(entry.value.scalar == .int(Int64(index)))
            #expect(entry.keyMark == Mark(line: 40_004 + index, column: 1))
            #expect(root["key\(index)"]?.mark == Mark(line: 40_004 + index, column: 6 + "\(index)".count))
        }
        #expect(root["outer"]?.mark == Mark(line: 2, column: 3))
        #expect(root["outer"]?["list"]?.mark == Mark(line: 3, column: 5))
        #expect(root["outer"]?["list"]?.sequence?.last?.mark == Mark(line: 40_002, column: 7))
        #expect(root["outer"]?["after"]?.mark == Mark(line: 40_003, column: 10))
        #expect(entries[0].keyMark == Mark(line: 1, column: 1))
    }

    @Test func anAliasReadsItsAnchorAtItsOwnMark() throws {
        let root = try #require(YAMLLoader().load(Self.text).documents.first?.root)
        let aliased = try #require(root["teams"]?.sequence?[1]["members"]?.sequence?.first)
        #expect(aliased["role"]?.string == "patient_advisor")
        #expect(aliased.mark == Mark(line: 4, column: 24))
        #expect(root["base"]?.mark == Mark(line: 1, column: 7))
    }

    @Test func aNodeReadsItsKeysAndItemsAsItsViewsDo() throws {
        let root = try #require(YAMLLoader().load(Self.text).documents.first?.root)
        var nodes = [root]
        var seen = 0
        while let node = nodes.popLast() {
            seen += 1
            switch node.value {
            case .scalar:
                #expect(node.count == 0 && node["x"] == nil)
            case .sequence(let items):
                #expect(node.count == items.count)
                for index in items.indices {
                    #expect(node.item(index).mark == items[index].mark)
                    nodes.append(node.item(index))
                }
            case .mapping(let mapping):
                #expect(node.count == mapping.count)
                for entry in mapping.entries {
                    #expect(node[entry.key]?.mark == entry.value.mark)
                    nodes.append(entry.value)
                }
                #expect(node["no such key"] == nil)
            }
        }
        #expect(seen > 10)
    }

    @Test func copiesMayBePlacedElsewhere() throws {
        let root = try #require(YAMLLoader().load(Self.text).documents.first?.root)
        var builder = YAMLTreeBuilder()
        let at = Mark(line: 99, column: 1)
        let copied = builder.copy(try #require(root["teams"]), remarkedTo: at)
        let note = builder.scalar(.string("added"), at: Mark(line: 1, column: 1))
        let top = builder.mapping([("teams", at, copied), ("note", Mark(line: 1, column: 1), note)], at: at)
        let tree = builder.build(root: top)
        #expect(tree["teams"]?.sequence?[0]["members"]?.sequence?[1]["role"]?.string == "provider")
        #expect(tree["teams"]?.sequence?[0].mark == at)
        #expect(tree.mapping?.entries.map(\.keyMark) == [at, Mark(line: 1, column: 1)])
        #expect(tree["note"]?.string == "added")
        // A lone scalar and an empty sequence literal are trees of their own.
        #expect(YAMLNode(.int(3), at: at).scalar == .int(3))
        let empty: YAMLSequence = []
        #expect(empty.isEmpty)
    }
}

/// A clean file is loaded as libyaml reads it, in chunks, without holding its text; anything the
/// text is needed for (a problem to position and quote, JSON's grammar, a stream) sends the
/// caller back to the in-memory load, whose diagnostics are the reference.
@Suite("Streamed YAML input")
struct StreamedInputTests {
    /// Every node with its mark, kind and value, for comparing two loads.
    static func outline(_ node: YAMLNode, into out: inout [String]) {
        switch node.value {
        case .scalar(let s): out.append("\(node.mark) \(s)")
        case .sequence(let items):
            out.append("\(node.mark) [\(items.count)]")
            for item in items { outline(item, into: &out) }
        case .mapping(let mapping):
            out.append("\(node.mark) {\(mapping.count)}")
            for entry in mapping.entries {
                out.append("\(entry.keyMark) \(entry.key):")
                outline(entry.value, into: &out)
            }
        }
    }

    static func outline(_ result: YAMLLoader.Result) -> [String] {
        var out: [String] = []
        for document in result.documents { outline(document.root, into: &out) }
        return out
    }

    static func temporary(_ name: String, _ text: String) throws -> String {
        let path = Scratch.root.appendingPathComponent("tandem-stream-\(UUID().uuidString)-\(name)").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func aCleanFileReadsAsItDoesFromMemory() throws {
        let directory = TandemProcess.packageRoot.appendingPathComponent("Fixtures/valid").path
        let names = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".yaml") }.sorted()
        #expect(names.count == 5)
        for name in names {
            let path = directory + "/" + name
            let streamed = try #require(YAMLLoader().load(streaming: path))
            let text = try #require(FileManager.default.contents(atPath: path))
            let inMemory = YAMLLoader().load(SourceText(path: path, bytes: [UInt8](text)))
            #expect(streamed.diagnostics.isEmpty && inMemory.diagnostics.isEmpty)
            #expect(streamed.documents.map(\.path) == inMemory.documents.map(\.path))
            #expect(Self.outline(streamed) == Self.outline(inMemory), "\(name)")
        }
        // Larger than libyaml's chunks, with a multi-byte character across every boundary.
        let long = "items:\n" + (0..<20_000).map { "  - {n: \($0), name: \"é\(String(repeating: "x", count: $0 % 7))\"}\n" }.joined()
        let path = try Self.temporary("long.yaml", long)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let streamed = try #require(YAMLLoader().load(streaming: path))
        #expect(Self.outline(streamed) == Self.outline(YAMLLoader().load(long, path: path)))
        #expect(streamed.documents.first?.root["items"]?.sequence?.count == 20_000)
    }

    @Test func whateverNeedsTheTextIsLeftToTheInMemoryLoad() throws {
        let cases = [
            ("bad.yaml", "a: [1, 2\n"),  // a syntax error is positioned and quoted from the text
            ("dup.yaml", "a: 1\na: 2\n"),  // so is a duplicate key
            ("bad-utf8.yaml", "a: \u{1}\n"),  // a reader error has only a byte offset
            ("empty.yaml", ""),
            ("data.json", "{\"a\": 1,}"),  // JSON's grammar is checked on the text
        ]
        for (name, text) in cases {
            let path = try Self.temporary(name, text)
            defer { try? FileManager.default.removeItem(atPath: path) }
            #expect(YAMLLoader().load(streaming: path) == nil, "\(name)")
        }
        #expect(YAMLLoader().load(streaming: "/no/such/file.yaml") == nil)
        // A FIFO without a writer: left alone at once, not opened (opening would wait for one).
        let fifo = Scratch.root.appendingPathComponent("tandem-fifo-\(UUID().uuidString).yaml").path
        #expect(mkfifo(fifo, 0o600) == 0)
        defer { try? FileManager.default.removeItem(atPath: fifo) }
        #expect(YAMLLoader().load(streaming: fifo) == nil)
        #expect(YAMLLoader().load(streaming: FileManager.default.temporaryDirectory.path) == nil)
        let big = try Self.temporary("big.yaml", "a: 12345678901\n")
        defer { try? FileManager.default.removeItem(atPath: big) }
        #expect(YAMLLoader(limits: YAMLLimits(maxBytes: 10)).load(streaming: big) == nil)
    }
}
