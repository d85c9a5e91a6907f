import SnapshotModel
import TestSupport
import Testing

/// The counts the README states about the snapshot format are the schema's.
@Suite("README claims about the snapshot format")
struct ReadmeSnapshotClaimTests {
    @Test func checklistSizesAreTheSchemas() throws {
        let words = [4: "four", 12: "twelve"]
        let skills = try #require(words[SnapshotSchema.coreSkills.count], "\(SnapshotSchema.coreSkills.count) core skills")
        let criteria = try #require(words[SnapshotSchema.boxOneCriteria.count], "\(SnapshotSchema.boxOneCriteria.count) criteria")
        #expect(try StatedText("README.md").unstated(["the \(skills) CPPU `coreSkills`, the \(criteria) Box 1 `criteria`"]) == [])
    }
}
