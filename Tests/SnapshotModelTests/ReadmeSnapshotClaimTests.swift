import Foundation
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

@Suite("README claims about diagnostic codes and the build")
struct ReadmeCodeClaimTests {
    /// The README's "Schema codes 001–010 are shared by every document kind": the codes a
    /// snapshot's schema and loader can raise, numbered without a gap.
    @Test func theSharedSchemaCodesAreTheCatalogues() throws {
        let codes = SchemaDiagnostics.kinds(prefix: "SNAP", schema: SnapshotSchema.root, loaderChecks: [SchemaDiagnostics.noDocument, SchemaDiagnostics.wrongKind])
            .compactMap { Int($0.code.dropFirst(4)) }.sorted()
        let first = try #require(codes.first)
        let last = try #require(codes.last)
        #expect(codes == Array(first...last), "numbered without a gap")
        #expect(try StatedText("README.md").unstated(["Schema codes \(String(format: "%03d", first))–\(String(format: "%03d", last)) are shared by every document kind"]) == [])
    }

    /// The README's "`Package.swift`'s macOS 13" is the platform the manifest declares.
    @Test func theStatedMacOSFloorIsTheManifests() throws {
        let manifest = try String(contentsOf: TandemProcess.packageRoot.appendingPathComponent("Package.swift"), encoding: .utf8)
        let version = try #require(manifest.firstMatch(of: #/\.macOS\(\.v(\d+)\)/#)?.1)
        #expect(try StatedText("README.md").unstated(["`Package.swift`'s macOS \(version) is the toolchain's floor"]) == [])
    }
}
