import Diagnostics
import Evaluation
import Foundation
import PolicyCompiler
import SnapshotModel
import TestSupport
import Testing

/// The evidence model: a fact recorded as absent (`false`, `[]`, `0`, `null`) decides a rule; a
/// fact not recorded (absent key without a default, or `unknown`) leaves it undecided — unless the
/// rest of the expression decides without it, as in Kleene's three-valued logic.
@Suite("Evidence: recorded, absent and unknown facts")
struct EvidenceTests {
    static let base = """
        apiVersion: tandem/v1
        kind: OrganizationSnapshot
        metadata: {name: s, asOf: 2026-10-01}

        """

    func run(_ rule: String, _ snapshot: String) throws -> SnapshotEvaluation {
        let dir = Scratch.root.appendingPathComponent("tandem-evidence-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let file = dir.appendingPathComponent("p.yaml")
        try """
        apiVersion: tandem/v1
        kind: PolicySet
        metadata: {name: t}
        rules:
          - id: R-1
            title: t
            practice: structuring
            level: top
            severity: error
        \(rule.split(separator: "\n").map { "    " + $0 }.joined(separator: "\n"))
            message: m

        """.write(to: file, atomically: true, encoding: .utf8)
        let compiled = PolicyCompiler().compile(paths: [file.path])
        #expect(compiled.diagnostics.isEmpty, "\(compiled.diagnostics)")
        let loaded = SnapshotLoader().load(SourceText(path: "s.yaml", text: Self.base + snapshot))
        #expect(loaded.diagnostics.isEmpty, "\(loaded.diagnostics)")
        return PolicyEvaluator(try #require(compiled.policySet)).run(try #require(loaded.snapshots.first))
    }

    func kinds(_ e: SnapshotEvaluation) -> [Finding.Kind] { e.findings.map(\.kind) }

    @Test func aFactRecordedFalseDecidesAndAnAbsentOneDoesNot() throws {
        let rule = "assert: organization.codeOfEthics.includesPartnership"
        #expect(kinds(try run(rule, "organization: {name: O, codeOfEthics: {includesPartnership: false}}")) == [.violation])
        #expect(kinds(try run(rule, "organization: {name: O, codeOfEthics: {includesPartnership: unknown}}")) == [.insufficientEvidence])
        let absent = try run(rule, "organization: {name: O}")
        #expect(kinds(absent) == [.insufficientEvidence])
        #expect(absent.findings.first?.unrecorded == ["Organization.codeOfEthics"])
        #expect(absent.findings.first?.location == SourceLocation(file: "s.yaml", line: 4, column: 15))
        #expect(absent.evidence.organization == EvidenceTally(decided: 0, undecided: 1))
    }

    @Test func theRestOfAnExpressionCanDecideWithoutTheUnknown() throws {
        // false && unknown is false; true || unknown is true.
        #expect(
            kinds(
                try run(
                    "assert: organization.referenceFramework.exists && organization.vision.includesPartnership",
                    "organization: {name: O, referenceFramework: {exists: false}}")) == [.violation])
        #expect(
            kinds(
                try run(
                    "assert: organization.referenceFramework.exists || organization.vision.includesPartnership",
                    "organization: {name: O, referenceFramework: {exists: true}}")) == [])
        // exists() finds a witness among recorded items even if another item is unknown.
        let list = "assert: organization.awarenessActivities.exists(a, a.audience == 'top')"
        #expect(kinds(try run(list, "organization: {name: O, awarenessActivities: [{date: 2026-01-01, audience: unknown}, {date: 2026-02-01, audience: top}]}")) == [])
        #expect(kinds(try run(list, "organization: {name: O, awarenessActivities: [{date: 2026-01-01, audience: unknown}]}")) == [.insufficientEvidence])
        #expect(kinds(try run(list, "organization: {name: O, awarenessActivities: []}")) == [.violation])
    }

    @Test func aWhenThatDependsOnAnUnknownLeavesTheRuleUndecided() throws {
        let rule = "when: organization.logicModel.exists\nassert: organization.logicModel.advisorInvolved"
        #expect(kinds(try run(rule, "organization: {name: O}")) == [.insufficientEvidence])
        #expect(try run(rule, "organization: {name: O}").findings.first?.message == "Cannot tell whether it applies: Organization.logicModel is not recorded.")
        #expect(kinds(try run(rule, "organization: {name: O, logicModel: {exists: false}}")) == [])
    }

    @Test func hasIsFalseForAnUnknownFactAndInIgnoresIt() throws {
        #expect(kinds(try run("assert: '!has(organization.vision)'", "organization: {name: O, vision: unknown}")) == [])
        #expect(kinds(try run("assert: \"!('vision' in dyn(organization))\"", "organization: {name: O, vision: unknown}")) == [])
    }

    @Test func unknownIsTextInAFreeTextFieldAndNullRecordsNoneOnlyForReferences() throws {
        #expect(kinds(try run("assert: organization.type == 'unknown'", "organization: {name: O, type: unknown}")) == [])
        let null = SnapshotLoader().load(SourceText(path: "n.yaml", text: Self.base + "organization: {name: O, vision: null}"))
        #expect(null.diagnostics.map(\.code) == ["SNAP003"])
        #expect(null.diagnostics.first?.location == SourceLocation(file: "n.yaml", line: 4, column: 33))
        let coach = SnapshotLoader().load(SourceText(path: "c.yaml", text: Self.base + "organization: {name: O}\npeople: [{id: a, name: A, category: patient_advisor, coach: null}]"))
        #expect(coach.diagnostics.isEmpty)
    }

    @Test func completenessCountsDecidedAgainstApplicableChecksPerTeam() throws {
        let evaluation = try run(
            """
            forEach: snapshot.teams
            as: team
            when: team.status == 'active'
            assert: team.recognition.size() > 0
            """,
            """
            organization: {name: O}
            teams:
              - {id: a, name: A, status: active, recognition: []}
              - {id: b, name: B, status: active}
              - {id: c, name: C, status: completed}
            """)
        #expect(kinds(evaluation) == [.violation, .insufficientEvidence])
        #expect(evaluation.evidence.overall == EvidenceTally(decided: 1, undecided: 1))
        #expect(evaluation.evidence.teams == ["a": EvidenceTally(decided: 1, undecided: 0), "b": EvidenceTally(decided: 0, undecided: 1)])
        #expect(evaluation.evidence.overall.completeness == 0.5)
    }

    /// A team's tally counts exactly the checks of team rules on that team, each once: decided
    /// when passed, failed or in error, undecided when a fact is missing. Recounted here from
    /// every rule × subject outcome of the seed pack on the fixtures, on one core and on every
    /// core (a rule over `snapshot.teams` tallies by team position, the others by id).
    @Test func everyTeamsTallyCountsItsOwnChecks() throws {
        let compiled = PolicyCompiler().compile(paths: [TandemProcess.packageRoot.appendingPathComponent("Policies/partners-in-care").path])
        let policySet = try #require(compiled.policySet)
        let teamRules = Set(policySet.rules.filter { $0.forEach != nil && $0.subjectType == "Team" }.map(\.id))
        let evaluator = PolicyEvaluator(policySet)
        for name in ["well-run", "mixed", "struggling", "tokenistic", "first-assessment"] {
            let path = TandemProcess.packageRoot.appendingPathComponent("Fixtures/valid/\(name).yaml").path
            let loaded = SnapshotLoader().load(SourceText(path: path, bytes: [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))))
            let snapshot = try #require(loaded.snapshots.first)
            for parallel in [false, true] {
                let evaluation = evaluator.run(snapshot, keepingOutcomes: true, parallel: parallel)
                var expected: [String: EvidenceTally] = [:]
                for outcome in evaluation.outcomes where teamRules.contains(outcome.ruleID) {
                    expected[outcome.subject.id, default: EvidenceTally()].add(
                        outcome.status == .insufficient ? EvidenceTally(undecided: 1) : EvidenceTally(decided: 1))
                }
                #expect(!expected.isEmpty)
                #expect(evaluation.evidence.teams == expected, "\(name), parallel: \(parallel)")
            }
        }
    }
}
