import Diagnostics
import Testing
import YAMLSource

@testable import SnapshotModel

/// The long lists of a large snapshot (its people and teams) are validated in parts, one per
/// core; whatever the document holds, the problems are those of one walk, in the same order.
@Suite("Validation in parts")
struct ValidationInPartsTests {
    /// `people` people and `teams` teams, each team naming two people; `edit` changes lines.
    static func organization(people: Int, teams: Int, edit: (inout [String]) -> Void = { _ in }) -> String {
        var lines = [
            "apiVersion: tandem/v1", "kind: OrganizationSnapshot", "metadata: {name: big, asOf: 2026-10-01}", "organization:", "  name: Big", "teams:",
        ]
        // Teams come first, so their members are forward references across every part.
        for t in 0..<teams {
            lines.append(
                "  - {id: t\(t), name: Team \(t), status: active, created: 2026-01-0\(t % 9 + 1), members: [{person: p\(t % people), role: patient_advisor}, {person: p\((t * 7) % people), role: provider}]}"
            )
        }
        lines.append("people:")
        for p in 0..<people { lines.append("  - {id: p\(p), name: Person \(p), category: \(p % 2 == 0 ? "patient_advisor" : "professional")}") }
        edit(&lines)
        return lines.joined(separator: "\n") + "\n"
    }

    static func compare(_ text: String, _ comment: Comment? = nil) -> [String] {
        let document = YAMLLoader().load(SourceText(path: "big.yaml", text: text)).documents[0]
        let validator = SchemaValidator(root: SnapshotSchema.root, acceptsUnknown: true)
        let whole = validator.validate(document, parallel: false).map { "\($0.location!) \($0.code) \($0.message) \($0.notes)" }
        let parts = validator.validate(document, parallel: true).map { "\($0.location!) \($0.code) \($0.message) \($0.notes)" }
        #expect(parts == whole, comment)
        return whole
    }

    @Test func aCleanLargeDocumentHasNoProblemsEitherWay() {
        #expect(Self.compare(Self.organization(people: 5_000, teams: 4_500)).isEmpty)
    }

    @Test func problemsInEveryPartComeInDocumentOrder() {
        let text = Self.organization(people: 5_000, teams: 4_500) { lines in
            for line in stride(from: 7, to: 4_500, by: 997) {  // teams all along the list
                lines[line] = lines[line].replacingOccurrences(of: "status: active", with: "status: actve, colour: red")
            }
            lines[4_000] = lines[4_000].replacingOccurrences(of: "person: p", with: "person: nobody")  // a dangling reference
            lines[4_510] = lines[4_510].replacingOccurrences(of: "category: professional", with: "category: 12")
            lines[9_000] = "  - {id: again, name: A, category: professional}"
            lines[9_001] = "  - {id: again, name: B, category: professional}"  // a duplicate within one part
        }
        let problems = Self.compare(text)
        // Both halves of the teams and of the people have problems, and so does the end.
        let codes = Set(problems.map { $0.split(separator: " ")[1] })
        #expect(codes == ["SNAP001", "SNAP003", "SNAP004", "SNAP006", "SNAP007"])
        #expect(problems.filter { $0.contains("SNAP004 'actve'") }.count == 5)
        #expect(problems.contains { $0.hasPrefix("big.yaml:9002:") && $0.contains("duplicate person id 'again'") })
    }

    @Test func aDuplicateAcrossPartsIsFoundWhereOneWalkFindsIt() {
        // The same team id near the start and near the end: in two different parts.
        let text = Self.organization(people: 3_000, teams: 4_500) { lines in
            lines[4_400] = lines[4_400].replacingOccurrences(of: "{id: t4394,", with: "{id: t3,")
        }
        let problems = Self.compare(text)
        #expect(problems.count == 1)
        #expect(problems.first?.contains("SNAP006 duplicate team id 't3'") == true)
    }

    @Test func largeSnapshotsGetDataQualityOnlyWhenValid() {
        // Large enough for the loader to run data-quality checks beside validation.
        let future = Self.organization(people: 20_000, teams: 12_000) { lines in
            lines[100] = lines[100].replacingOccurrences(of: "created: 2026-01-0", with: "created: 2027-01-0")
        }
        let loaded = SnapshotLoader().load(SourceText(path: "big.yaml", text: future))
        #expect(YAMLLoader().load(SourceText(path: "big.yaml", text: future)).documents[0].tree.nodeCount >= SnapshotLoader.largeDocument)
        #expect(
            loaded.diagnostics.map { "\($0.location!) \($0.code) \($0.message)" } == [
                "big.yaml:101:55 SNAP011 Team.created 2027-01-05 is after the snapshot date 2026-10-01; a fact recorded cannot lie in the future"
            ])
        let invalid = future.replacingOccurrences(of: "name: Big", with: "name: Big\n  colour: red")
        #expect(SnapshotLoader().load(SourceText(path: "big.yaml", text: invalid)).diagnostics.map(\.code) == ["SNAP001"])
    }
}

/// A reference to no declared id is reported wherever it dangles; "did you mean" is searched for
/// the first ones only, since each search reads every declared id.
@Suite("Dangling references")
struct DanglingReferenceTests {
    @Test func theFirstDanglingReferencesGetASuggestionAndAllAreReported() {
        // 150 teams whose two members are `q…` where `p…` is declared: one letter off, a typo.
        let text = ValidationInPartsTests.organization(people: 200, teams: 150) { lines in
            for index in lines.indices where lines[index].hasPrefix("  - {id: t") {
                lines[index] = lines[index].replacingOccurrences(of: "{person: p", with: "{person: q", options: [], range: lines[index].range(of: "members: [")!.upperBound..<lines[index].endIndex)
            }
        }
        let found = SnapshotLoader().load(SourceText(path: "big.yaml", text: text)).diagnostics.filter { $0.code == "SNAP007" }
        #expect(found.count == 300)
        #expect(found.prefix(DiagnosticRenderer.perFileLimit).allSatisfy { $0.notes.count == 1 && $0.notes[0].hasPrefix("did you mean 'p") })
        #expect(found.dropFirst(DiagnosticRenderer.perFileLimit).allSatisfy { $0.notes.isEmpty })
    }

    /// Every member reference of 30,000 teams dangles among 30,000 people: a suggestion searched
    /// for each one compared every pair and did not finish in minutes.
    @Test(.timeLimit(.minutes(1))) func manyDanglingReferencesAreReportedWithoutComparingEveryPair() {
        let text = ValidationInPartsTests.organization(people: 30_000, teams: 30_000) { lines in
            for index in lines.indices where lines[index].hasPrefix("  - {id: t") {
                lines[index] = lines[index].replacingOccurrences(of: "{person: p", with: "{person: x")
            }
        }
        let document = YAMLLoader().load(SourceText(path: "big.yaml", text: text)).documents[0]
        let found = SchemaValidator(root: SnapshotSchema.root, acceptsUnknown: true).validate(document, parallel: true)
        #expect(found.count == 60_000 && found.allSatisfy { $0.code == "SNAP007" })
    }
}
