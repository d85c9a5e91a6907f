import Diagnostics
import Testing
import YAMLSource
@testable import SnapshotModel

/// A minimal valid snapshot that tests extend with the fragment under test.
func snapshot(_ extra: String = "", organization: String = "") -> String {
    """
    apiVersion: tandem/v1
    kind: OrganizationSnapshot
    metadata: {name: t, asOf: 2026-10-01}
    organization:
      name: Test
    \(organization)
    \(extra)
    """
}

func diagnostics(_ text: String) -> [Diagnostic] {
    SnapshotLoader().load(SourceText(path: "s.yaml", text: text)).diagnostics
}

@Suite("Snapshots are validated against the schema, with every problem positioned")
struct SnapshotValidationTests {
    @Test func aMinimalSnapshotIsValid() {
        let result = SnapshotLoader().load(SourceText(path: "s.yaml", text: snapshot()))
        #expect(result.diagnostics.isEmpty)
        #expect(result.snapshots.map(\.name) == ["t"])
        #expect(result.snapshots.first?.asOf == 1_790_812_800)
    }

    @Test func unknownKeysAreReportedAtTheKeyWithASuggestion() {
        let found = diagnostics(snapshot("teams:\n  - {id: a, name: A, status: active, membrs: []}"))
        #expect(found.map(\.code) == ["SNAP001"])
        #expect(found[0].message == "unknown key 'membrs' in Team")
        #expect(found[0].location == SourceLocation(file: "s.yaml", line: 8, column: 38))
        #expect(found[0].notes == ["did you mean 'members'?"])
    }

    @Test func missingRequiredKeysPointAtTheMapping() {
        let found = diagnostics(snapshot("teams:\n  - {id: a, status: active}"))
        #expect(found.map(\.code) == ["SNAP002"])
        #expect(found[0].message == "missing required key 'name' in Team")
        #expect(found[0].location?.line == 8)
    }

    @Test func wrongTypesNameTheExpectedAndFoundTypes() {
        let found = diagnostics(snapshot(organization: "  advisorPool: {size: [1]}"))
        #expect(found.map(\.message) == ["expected integer for 'size' in AdvisorPool, found sequence"])
    }

    @Test func yesIsNotABoolean() {
        let found = diagnostics(snapshot(organization: "  codeOfEthics: {includesPartnership: yes}"))
        #expect(found.map(\.code) == ["SNAP003"])
        #expect(found[0].notes == ["YAML 1.2 reads 'yes' as a string; write true or false"])
    }

    @Test func enumerationsSuggestTheClosestValue() {
        let found = diagnostics(snapshot("teams:\n  - {id: a, name: A, status: actve}"))
        #expect(found.map(\.code) == ["SNAP004"])
        #expect(found[0].notes == ["did you mean 'active'?"])
    }

    /// Policies and snapshots spell the management level one way, `front-line`; the snapshots'
    /// former `front_line` is refused where it is written, with the spelling to use.
    @Test func frontLineHasOneSpelling() {
        let old = diagnostics(snapshot(organization: "  department: {managers: [{name: M, level: front_line}]}"))
        #expect(old.map(\.code) == ["SNAP004"])
        #expect(old.first.map { [$0.location?.line, $0.location?.column] } == [6, 44])
        #expect(old.first?.notes == ["did you mean 'front-line'?"])
        #expect(diagnostics(snapshot(organization: "  department: {managers: [{name: M, level: front-line}]}")).isEmpty)
    }

    @Test(arguments: ["2026-13-01", "2026-02-29", "26-01-01", "2026-1-1", "2026-01-01T25:00:00Z", "tomorrow"])
    func invalidDatesAreRejected(_ date: String) {
        #expect(diagnostics(snapshot("people:\n  - {id: p, name: P, category: manager, startDate: '\(date)'}")).map(\.code) == ["SNAP005"])
    }

    @Test(arguments: ["2024-02-29", "2026-01-01T09:30:00Z", "2026-01-01T09:30:00.5+02:00"])
    func validDatesAreAccepted(_ date: String) {
        #expect(diagnostics(snapshot("people:\n  - {id: p, name: P, category: manager, startDate: '\(date)'}")).isEmpty)
    }

    @Test func datesConvertToEpochSeconds() {
        #expect(ISODate.parse("1970-01-02") == 86_400)
        #expect(ISODate.parse("2000-02-29T23:00:00-01:00") == 951_868_800)
        #expect(ISODate.parse("2000-03-01T01:00:00+01:00") == 951_868_800)
    }

    @Test func duplicateIdsAndDanglingReferencesAreErrors() {
        let found = diagnostics(
            snapshot(
                """
                people:
                  - {id: p1, name: A, category: patient_advisor}
                  - {id: p1, name: B, category: patient_advisor, coach: p2}
                teams:
                  - {id: t, name: T, status: active, members: [{person: p3, role: patient_advisor}]}
                """))
        #expect(found.map(\.code) == ["SNAP006", "SNAP007", "SNAP007"])
        #expect(found[0].notes == ["first declared at line 8, column 10"])
    }

    @Test func numbersRespectTheirBounds() {
        let found = diagnostics(snapshot(organization: "  compensationBudget: {amount: -5, spent: 0, period: {start: 2026-01-01, end: 2026-12-31}}"))
        #expect(found.map(\.message) == ["'amount' in CompensationBudget must be at least 0, found -5"])
    }

    @Test func aWrongKindOrVersionIsReportedAlone() {
        let found = diagnostics("apiVersion: tandem/v1\nkind: PolicySet\nrules: []\n")
        #expect(found.map(\.code) == ["SNAP010"])
        #expect(found[0].location?.line == 2)
    }

    @Test func everyDocumentOfAStreamIsASnapshot() {
        let text = snapshot() + "\n---\n" + snapshot().replacingOccurrences(of: "name: t,", with: "name: u,")
        let result = SnapshotLoader().load(SourceText(path: "s.yaml", text: text))
        #expect(result.snapshots.map(\.name) == ["t", "u"])
    }

    @Test func anEmptyFileIsAnError() {
        #expect(diagnostics("# nothing\n").map(\.code) == ["SNAP009"])
    }
}

/// The fields a mapping has are ticked by position: a bit mask up to 64 fields, a set beyond.
@Suite("Fields present in a mapping")
struct FieldSetTests {
    @Test(arguments: [10, 64, 65, 200])
    func ticksExactlyTheFieldsSeen(count: Int) {
        var set = FieldSet(count: count)
        let seen = Set([0, 5, 63, 64, 99, 199].filter { $0 < count })
        for index in seen { set.insert(index) }
        for index in 0..<count { #expect(set.contains(index) == seen.contains(index), "field \(index) of \(count)") }
    }
}
