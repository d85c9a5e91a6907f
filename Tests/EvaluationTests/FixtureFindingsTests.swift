import Diagnostics
import Evaluation
import Foundation
import PolicyCompiler
import SnapshotModel
import TestSupport
import Testing

func loadSnapshot(_ relative: String) throws -> Snapshot {
    let path = TandemProcess.packageRoot.appendingPathComponent(relative).path
    let data = try #require(FileManager.default.contents(atPath: path))
    let result = SnapshotLoader().load(SourceText(path: relative, bytes: [UInt8](data)))
    #expect(result.diagnostics.isEmpty)
    return try #require(result.snapshots.first)
}

let seedPack = PolicyCompiler().compile(paths: [TandemProcess.packageRoot.appendingPathComponent("Policies/partners-in-care").path]).policySet

@Suite("The seed pack on the shipped fixtures")
struct FixtureFindingsTests {
    @Test func theWellRunOrganizationIsClean() throws {
        let findings = PolicyEvaluator(try #require(seedPack)).evaluate(try loadSnapshot("Fixtures/valid/well-run.yaml"))
        #expect(findings.map { "\($0.ruleID) \($0.subject.id)" } == [])
    }

    @Test func theTokenisticOrganizationTriggersTheCoreRulesAtTheRightNodes() throws {
        let findings = PolicyEvaluator(try #require(seedPack)).evaluate(try loadSnapshot("Fixtures/valid/tokenistic.yaml"))
        func find(_ rule: String) -> Finding? { findings.first { $0.ruleID == rule } }

        let lone = try #require(find("PP-OPS-001"))
        #expect(lone.subject == Finding.Subject(kind: "Team", id: "ed-flow", name: "Emergency department flow committee"))
        #expect(lone.location == SourceLocation(file: "Fixtures/valid/tokenistic.yaml", line: 61, column: 7))
        #expect(lone.message == "'Emergency department flow committee' has 1 active patient advisor(s); at least 2 are needed so no advisor sits alone.")
        #expect(lone.severity == .error)
        #expect(lone.practice == .operational && lone.level == .mid && lone.phase == .deployment)

        let coach = try #require(find("PP-OPS-002"))
        #expect(coach.subject.id == "pa-gilles")
        #expect(coach.location.line == 27)
        #expect(coach.kind == .violation)

        let budget = try #require(find("PP-STR-003"))
        #expect(budget.subject.kind == "Organization")
        #expect(budget.location.line == 11)

        #expect(!findings.contains { $0.kind == .evaluationError })
    }

    @Test func findingsAreDeterministic() throws {
        let evaluator = PolicyEvaluator(try #require(seedPack))
        let snapshot = try loadSnapshot("Fixtures/valid/mixed.yaml")
        #expect(evaluator.evaluate(snapshot) == evaluator.evaluate(snapshot))
    }
}

@Suite("Evaluation semantics")
struct EvaluationSemanticsTests {
    func compile(_ rules: String) throws -> CompiledPolicySet {
        let dir = Scratch.root.appendingPathComponent("tandem-eval-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let file = dir.appendingPathComponent("p.yaml")
        try ("apiVersion: tandem/v1\nkind: PolicySet\nmetadata: {name: t}\nrules:\n" + rules).write(to: file, atomically: true, encoding: .utf8)
        let result = PolicyCompiler().compile(paths: [file.path])
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
        return try #require(result.policySet)
    }

    @Test func anExpressionThatFailsAtRunTimeIsAFindingNotAPass() throws {
        let set = try compile(
            """
              - id: R-1
                title: converts a name to a number
                practice: operational
                level: mid
                severity: info
                forEach: snapshot.people
                as: person
                assert: int(person.name) > 0
                message: m
            """)
        let findings = PolicyEvaluator(set).evaluate(try loadSnapshot("Fixtures/valid/tokenistic.yaml"))
        #expect(findings.count == 7)
        #expect(findings.allSatisfy { $0.kind == .evaluationError && $0.severity == .error })
        #expect(findings.first?.message.hasPrefix("assert could not be evaluated: ") == true)
    }

    @Test func readingAnUnrecordedFieldIsInsufficientEvidenceNotAFailure() throws {
        let set = try compile(
            """
              - id: R-1
                title: reads the coach
                practice: operational
                level: mid
                severity: error
                forEach: snapshot.people
                as: person
                assert: person.coach != ''
                message: m
            """)
        let evaluation = PolicyEvaluator(set).run(try loadSnapshot("Fixtures/valid/tokenistic.yaml"))
        // pa-gilles's coach is recorded as null (none): decided. The six others do not record one.
        #expect(evaluation.findings.count == 6)
        #expect(evaluation.findings.allSatisfy { $0.kind == .insufficientEvidence && $0.severity == .info && $0.unrecorded == ["Person.coach"] })
        #expect(evaluation.findings.first?.message == "Cannot tell whether it holds: Person.coach is not recorded.")
        #expect(evaluation.evidence.overall == EvidenceTally(decided: 1, undecided: 6))
    }

    /// `x in list` over a snapshot's list of strings answers as comparing each item with `==`,
    /// for texts that are items, that differ by a space or a letter, and that are empty.
    @Test func membershipInASnapshotListIsEqualityItemByItem() throws {
        let set = try compile(
            """
              - id: R-1
                title: membership agrees with equality
                practice: operational
                level: mid
                severity: error
                forEach: snapshot.teams
                as: team
                assert: >-
                  team.meetings.all(mt, team.members.map(m, m.person).all(id, [id, id + ' ', 'X' + id, ''].all(x,
                    (x in mt.attendees) == mt.attendees.exists(a, a == x))))
                message: m
            """)
        for fixture in ["mixed", "well-run", "tokenistic"] {
            let evaluation = PolicyEvaluator(set).run(try loadSnapshot("Fixtures/valid/\(fixture).yaml"))
            #expect(evaluation.findings.isEmpty, "\(fixture): \(evaluation.findings.map(\.message))")
            #expect(evaluation.evidence.overall.decided > 0)
        }
    }

    @Test func atPointsTheFindingAtAField() throws {
        let set = try compile(
            """
              - id: R-1
                title: t
                practice: structuring
                level: top
                severity: warning
                assert: false
                at: organization.logicModel
                message: "{{organization.name}} / {{today()}}"
            """)
        let findings = PolicyEvaluator(set).evaluate(try loadSnapshot("Fixtures/valid/tokenistic.yaml"))
        #expect(findings.first?.location.line == 15)
        #expect(findings.first?.message == "Northgate University Hospital / 2026-10-01")
    }

    @Test func recordedEmptyListsAndDefaultsDecide() throws {
        let set = try compile(
            """
              - id: R-1
                title: t
                practice: operational
                level: mid
                severity: warning
                forEach: snapshot.teams
                as: team
                assert: team.recognition.size() == 0 && team.members.all(m, m.active || has(m.left))
                message: m
            """)
        #expect(PolicyEvaluator(set).evaluate(try loadSnapshot("Fixtures/valid/tokenistic.yaml")).isEmpty)
    }
}

@Suite("One spelling per taxonomy term")
struct TaxonomySpellingTests {
    /// A snapshot's management levels are the policies' `level:` values, spelled the same way.
    @Test func snapshotsAndPoliciesSpellManagementLevelsAlike() {
        #expect(SnapshotSchema.managementLevels == ManagementLevel.allCases.map(\.rawValue))
    }
}

/// Reports list findings by file, position, rule and subject; the sort works in place (a copy
/// of a large check's findings was its memory peak) and must give exactly the order a plain sort
/// with ties kept in arrival order gives.
@Suite("Report order of findings")
struct ReportOrderTests {
    @Test func sortingInPlaceGivesTheStableOrder() throws {
        var findings = PolicyEvaluator(try #require(seedPack)).evaluate(try loadSnapshot("Fixtures/valid/mixed.yaml"))
        #expect(findings.count > 20)
        // Ties: copies that differ only in their message must keep the order they arrive in.
        for index in stride(from: 0, to: findings.count, by: 3) {
            var copy = findings[index]
            copy.message = "copy of #\(index)"
            findings.append(copy)
        }
        func key(_ f: Finding) -> (String, Int, Int, String, String) { (f.location.file, f.location.line, f.location.column, f.ruleID, f.subject.id) }
        var generator = SplitMix(state: 7)
        for _ in 0..<25 {
            let arrival = findings.shuffled(using: &generator)
            let expected = arrival.enumerated().sorted { a, b in key(a.element) != key(b.element) ? key(a.element) < key(b.element) : a.offset < b.offset }.map(\.element)
            var sorted = arrival
            sorted.sortForReport()
            #expect(sorted == expected)
            #expect(arrival.sortedForReport() == expected)
        }
        // Enough findings to be keyed and sorted in parts on every core, then merged: from three
        // files, at random places, with ties.
        var large: [Finding] = []
        while large.count < [Finding].sortedInPartsFrom + 4_000 {
            var copy = findings[large.count % findings.count]
            copy.location.file = ["a.yaml", "b.yaml", "c.yaml"][Int(generator.next() % 3)]
            copy.location.line = Int(generator.next() % 500) + 1
            large.append(copy)
        }
        let expected = large.enumerated().sorted { a, b in key(a.element) != key(b.element) ? key(a.element) < key(b.element) : a.offset < b.offset }.map(\.element)
        #expect(large.sortedForReport() == expected)
        var empty: [Finding] = []
        empty.sortForReport()
        #expect(empty.isEmpty)
    }
}
