import Foundation
import Testing
@testable import SnapshotModel

@Suite("The snapshot JSON Schema")
struct JSONSchemaTests {
    func exported() throws -> [String: Any] {
        let text = try JSONSchemaExporter(id: "urn:test").export(SnapshotSchema.root)
        return try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func declaresEveryObjectUnderDefsAndForbidsUnknownKeys() throws {
        let schema = try exported()
        #expect(schema["$schema"] as? String == "https://json-schema.org/draft/2020-12/schema")
        let defs = try #require(schema["$defs"] as? [String: [String: Any]])
        for name in ["Team", "Member", "Person", "Selection", "CompensationBudget", "Evaluation"] {
            #expect(defs[name]?["additionalProperties"] as? Bool == false, "\(name)")
        }
        let member = try #require(defs["Member"]?["properties"] as? [String: [String: Any]])
        // A role may also be written `unknown` (not recorded): the enum is the first alternative.
        let role = try #require(member["role"]?["anyOf"] as? [[String: Any]])
        #expect((role.first?["enum"] as? [String])?.contains("patient_advisor") == true)
        #expect(role.last?["const"] as? String == "unknown")
        #expect(defs["Member"]?["required"] as? [String] == ["person", "role"])
    }

    @Test func isByteStable() throws {
        let a = try JSONSchemaExporter(id: "urn:test").export(SnapshotSchema.root)
        let b = try JSONSchemaExporter(id: "urn:test").export(SnapshotSchema.root)
        #expect(a == b)
    }

    @Test func listsTheTwelveBoxOneCriteriaAndFourCoreSkills() throws {
        let defs = try #require(try exported()["$defs"] as? [String: [String: Any]])
        #expect((defs["BoxOneCriteria"]?["properties"] as? [String: Any])?.count == 12)
        #expect((defs["CoreSkills"]?["properties"] as? [String: Any])?.count == 4)
    }
}
