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

    @Test func anAliasReadsItsAnchorAtItsOwnMark() throws {
        let root = try #require(YAMLLoader().load(Self.text).documents.first?.root)
        let aliased = try #require(root["teams"]?.sequence?[1]["members"]?.sequence?.first)
        #expect(aliased["role"]?.string == "patient_advisor")
        #expect(aliased.mark == Mark(line: 4, column: 24))
        #expect(root["base"]?.mark == Mark(line: 1, column: 7))
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
