import Foundation
import TestSupport
import Testing

@Suite("tandem compile and tandem check --policy")
struct PolicyCommandTests {
    @Test func compileSummarizesTheSeedPack() throws {
        let run = try TandemProcess.run(["compile", "Policies/partners-in-care"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout == "partners-in-care 2.0.0: 50 rules compiled (7 design, 12 structuring, 21 operational, 10 evaluation); 18 parameters (8 from the seeds, 10 Tandem defaults)\n")
    }

    @Test func compileErrorsArePositionedAndExitTwo() throws {
        let dir = Scratch.root.appendingPathComponent("tandem-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let file = dir.appendingPathComponent("bad.yaml")
        try """
        apiVersion: tandem/v1
        kind: PolicySet
        metadata: {name: bad}
        rules:
          - id: R-1
            title: t
            practice: operational
            level: mid
            severity: error
            assert: snapshot.teams.all(t, t.membrs.size() > 1)
            message: m
        """.write(to: file, atomically: true, encoding: .utf8)
        let run = try TandemProcess.run(["compile", file.path])
        #expect(run.status == 2)
        #expect(run.stderr.contains("bad.yaml:10:37: error[CEL004]: undefined field 'membrs' on Team"))
        #expect(run.stderr.contains("note: did you mean 'members'?"))
        let check = try TandemProcess.run(["check", "--policy", file.path, "Fixtures/valid"])
        #expect(check.status == 2)
        #expect(check.stdout.isEmpty)
    }

    @Test func checkExitsOneOnErrorsAndHonoursFailOn() throws {
        let tokenistic = try TandemProcess.run(["check", "--policy", "Policies/partners-in-care", "Fixtures/valid/tokenistic.yaml"])
        #expect(tokenistic.status == 1)
        #expect(tokenistic.stdout.contains("  Team ed-flow — Emergency department flow committee\n"))
        #expect(tokenistic.stdout.contains("      61:7    error   PP-OPS-001  'Emergency department flow committee' has 1 active patient advisor(s)"))
        // Insufficient evidence never fails a run, even at --fail-on info.
        let undecided = try TandemProcess.run(["check", "--policy", "Policies/partners-in-care", "--fail-on", "warning", "Fixtures/valid/well-run.yaml", "Fixtures/valid/first-assessment.yaml"])
        #expect(undecided.status == 1)  // first-assessment has decided warnings
        #expect(undecided.stdout.contains("23 undecided for lack of evidence"))
        let never = try TandemProcess.run(["check", "--policy", "Policies/partners-in-care", "--fail-on", "never", "Fixtures/valid/tokenistic.yaml"])
        #expect(never.status == 0)
        let clean = try TandemProcess.run(["check", "--policy", "Policies/partners-in-care", "--fail-on", "info", "Fixtures/valid/well-run.yaml"])
        #expect(clean.status == 0)
        #expect(clean.stdout.contains("0 findings"))
    }

    @Test func jsonFindingsCarryTaxonomyAndPosition() throws {
        let run = try TandemProcess.run(["check", "--policy", "Policies/partners-in-care", "--format", "json", "Fixtures/valid/tokenistic.yaml"])
        let report = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let findings = try #require(report["findings"] as? [[String: Any]])
        let lone = try #require(findings.first { $0["rule"] as? String == "PP-OPS-001" })
        #expect(lone["practice"] as? String == "operational")
        #expect(lone["level"] as? String == "mid")
        #expect(lone["line"] as? Int == 61)
        #expect(lone["kind"] as? String == "violation")
        let undecided = try #require(findings.first { $0["kind"] as? String == "insufficient-evidence" })
        #expect(undecided["severity"] as? String == "info")
        #expect(undecided["unrecorded"] as? [String] == ["Organization.vision"])
        let evidence = try #require((report["evidence"] as? [[String: Any]])?.first)
        #expect((evidence["overall"] as? [String: Any])?["decided"] as? Int == 38)
        #expect((evidence["overall"] as? [String: Any])?["applicable"] as? Int == 41)
        #expect((report["summary"] as? [String: Any])?["insufficientEvidence"] as? Int == 3)
        #expect((lone["subject"] as? [String: Any])?["id"] as? String == "ed-flow")
        #expect(report["complete"] as? Bool == true)
    }

    @Test func aBadSnapshotBesideGoodOnesMakesTheReportIncomplete() throws {
        let run = try TandemProcess.run(["check", "--policy", "Policies/partners-in-care", "Fixtures/valid/well-run.yaml", "Fixtures/invalid/unknown-key.yaml"])
        #expect(run.status == 2)
        #expect(run.stdout.contains("(report incomplete)"))
    }
}

@Suite("Generated documentation stays in sync")
struct GeneratedDocsTests {
    @Test func rulesTableMatchesThePack() throws {
        let run = try TandemProcess.run(["compile", "--list", "Policies/partners-in-care"])
        let committed = try String(contentsOf: TandemProcess.packageRoot.appendingPathComponent("docs/rules.md"), encoding: .utf8)
        #expect(run.stdout == committed, "regenerate with: swift run tandem compile --list Policies/partners-in-care > docs/rules.md")
    }
}

@Suite("tandem score and --max-risk")
struct ScoreCommandTests {
    @Test func scorePrintsEachScoreWithItsFactors() throws {
        let run = try TandemProcess.run(["score", "--policy", "Policies/partners-in-care", "Fixtures/valid/tokenistic.yaml"])
        #expect(run.status == 0)
        #expect(run.stdout.contains("  Team ed-flow (Emergency department flow committee): 92.2 critical\n    +14.0 lone-advisor: 1 active advisor(s)"))
    }

    @Test func maxRiskGatesIndependentlyOfFailOn() throws {
        let high = try TandemProcess.run(["check", "--policy", "Policies/partners-in-care", "--fail-on", "never", "--max-risk", "50", "Fixtures/valid/mixed.yaml"])
        #expect(high.status == 1)
        let fine = try TandemProcess.run(["check", "--policy", "Policies/partners-in-care", "--fail-on", "never", "--max-risk", "70", "Fixtures/valid/mixed.yaml"])
        #expect(fine.status == 0)
        let scoreGate = try TandemProcess.run(["score", "--policy", "Policies/partners-in-care", "--max-risk", "10", "Fixtures/valid/well-run.yaml"])
        #expect(scoreGate.status == 0)
    }

    @Test func scoreJSONListsFactorsLargestFirst() throws {
        let run = try TandemProcess.run(["score", "--policy", "Policies/partners-in-care", "--format", "json", "Fixtures/valid/struggling.yaml"])
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let risk = try #require((doc["risk"] as? [[String: Any]])?.first)
        let organization = try #require(risk["organization"] as? [String: Any])
        #expect(organization["band"] as? String == "high")
        let points = (organization["factors"] as? [[String: Any]])?.compactMap { $0["points"] as? Double } ?? []
        #expect(points == points.sorted(by: >))
    }

    @Test func scoreNeedsPolicies() throws {
        #expect(try TandemProcess.run(["score", "Fixtures/valid"]).status == 2)
    }
}
