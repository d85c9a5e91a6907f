import Testing
@testable import YAMLSource

@Suite("Every node keeps the line and column where it starts")
struct MarkTests {
    let yaml = """
        organization:
          name: CISSS Example
        teams:
          - id: t1
            members:
              - person: pa-1
                role: patient_advisor
        """

    @Test func nestedScalarsCarryTheirMarks() throws {
        let doc = try #require(YAMLLoader().load(yaml).documents.first)
        let role = try #require(doc.root["teams"]?.sequence?[0]["members"]?.sequence?[0]["role"])
        #expect(role.mark == Mark(line: 7, column: 15))
        #expect(role.string == "patient_advisor")
    }

    @Test func collectionsStartAtTheirFirstToken() throws {
        let doc = try #require(YAMLLoader().load(yaml).documents.first)
        let team = try #require(doc.root["teams"]?.sequence?[0])
        #expect(team.mark == Mark(line: 4, column: 5))
        #expect(doc.root["organization"]?.mark == Mark(line: 2, column: 3))
    }

    @Test func keysKeepTheirOwnMarks() throws {
        let doc = try #require(YAMLLoader().load(yaml).documents.first)
        let entry = try #require(doc.root["organization"]?.mapping?.entry("name"))
        #expect(entry.keyMark == Mark(line: 2, column: 3))
        #expect(entry.value.mark == Mark(line: 2, column: 9))
    }

    @Test func jsonGoesThroughTheSamePath() throws {
        let json = "{\n  \"teams\": [\n    {\"id\": \"t1\", \"size\": 7}\n  ]\n}"
        let doc = try #require(YAMLLoader().load(json, path: "s.json").documents.first)
        let size = try #require(doc.root["teams"]?.sequence?[0]["size"])
        #expect(size.scalar == .int(7))
        #expect(size.mark == Mark(line: 3, column: 26))
        #expect(doc.location(size.mark).description == "s.json:3:26")
    }
}
