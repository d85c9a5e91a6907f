import Foundation
import TestSupport
import Testing

@Suite("tandem eval")
struct EvalCommandTests {
    @Test func evaluatesInCELNotation() throws {
        let run = try TandemProcess.run(["eval", "[1, 2, 3].map(x, x * 2)"])
        #expect(run.status == 0)
        #expect(run.stdout == "[2, 4, 6]\n")
    }

    @Test func bindsTheSnapshotAndItsDate() throws {
        let run = try TandemProcess.run(["eval", "--snapshot", "Fixtures/valid/tokenistic.yaml", "[snapshot.teams.size(), daysBetween(timestamp('2026-09-01T00:00:00Z'), today())]"])
        #expect(run.stdout == "[1, 30]\n")
    }

    @Test func variablesAreJSONAndOutputCanBeJSON() throws {
        let run = try TandemProcess.run(["eval", "--var", "team={\"members\": [1, 2], \"name\": \"A\"}", "--format", "json", "{'n': team.members.size(), 'name': team.name}"])
        #expect(run.stdout == "{\"n\":2,\"name\":\"A\"}\n")
    }

    @Test func readsTheExpressionFromStdin() throws {
        let run = try TandemProcess.run(["eval", "--today", "2026-03-01", "-"], stdin: "daysBetween(timestamp('2026-01-01T00:00:00Z'), today())\n")
        #expect(run.stdout == "59\n")
    }

    @Test func compileAndEvaluationErrorsArePositionedAndExitTwo() throws {
        let compile = try TandemProcess.run(["eval", "--snapshot", "Fixtures/valid/tokenistic.yaml", "snapshot.tems.size()"])
        #expect(compile.status == 2)
        #expect(compile.stderr.contains("<expression>:1:10: error[CEL004]: undefined field 'tems' on OrganizationSnapshot"))
        #expect(compile.stderr.contains("note: did you mean 'teams'?"))
        let evaluation = try TandemProcess.run(["eval", "1 / 0"])
        #expect(evaluation.status == 2)
        #expect(evaluation.stderr.contains("<expression>:1:3: error[EVAL001]: evaluation failed: division by zero"))
    }
}

@Suite("tandem explain")
struct ExplainCommandTests {
    @Test func showsWhichClauseFailedAndWhatItRead() throws {
        let run = try TandemProcess.run(["explain", "PP-OPS-001", "--policy", "Policies/partners-in-care", "--snapshot", "Fixtures/valid/tokenistic.yaml", "--subject", "ed-flow"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("Team ed-flow (Emergency department flow committee): violation at Fixtures/valid/tokenistic.yaml:61:7"))
        #expect(run.stdout.contains("  assert: advisors.size() >= params.minAdvisorsPerTeam  →  false\n  ├─ advisors.size()  →  1\n"))
        #expect(run.stdout.contains("  └─ params.minAdvisorsPerTeam  →  2\n"))
        #expect(run.stdout.contains("└─ team  →  {id: ed-flow, …}  @ Fixtures/valid/tokenistic.yaml:50:5"))
        // The parameter's value and where it comes from.
        #expect(run.stdout.contains("  params.minAdvisorsPerTeam = 2 patient advisors — Clavel 2019, Supporting collaboration between PAs and QI teams: “"))
    }

    @Test func saysWhenARuleLacksEvidence() throws {
        let run = try TandemProcess.run(["explain", "PP-OPS-002", "--policy", "Policies/partners-in-care", "--snapshot", "Fixtures/valid/first-assessment.yaml", "--subject", "pa-gaston"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(
            run.stdout.contains(
                "Person pa-gaston (Gaston Bédard): insufficient evidence at Fixtures/valid/first-assessment.yaml:43:20: Cannot tell whether it applies: Person.priorMandates is not recorded."))
    }

    @Test func unknownRulesAndSubjectsExitTwo() throws {
        let rule = try TandemProcess.run(["explain", "PP-OPS-01", "--policy", "Policies/partners-in-care", "--snapshot", "Fixtures/valid/tokenistic.yaml"])
        #expect(rule.status == 2)
        #expect(rule.stderr.contains("did you mean 'PP-OPS-001'?"))
        let subject = try TandemProcess.run(["explain", "PP-OPS-001", "--policy", "Policies/partners-in-care", "--snapshot", "Fixtures/valid/tokenistic.yaml", "--subject", "nobody"])
        #expect(subject.status == 2)
    }
}

@Suite("tandem test")
struct TestCommandTests {
    @Test func theSeedPackPassesWithFullCoverage() throws {
        let run = try TandemProcess.run(["test", "--require-full-coverage", "Policies/"])
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        #expect(run.stdout.contains("Rule examples: 182 passed, 0 failed\nRule coverage: 50/50 rules have a passing and a failing case"))
        #expect(run.stdout.contains("6 of 6 test cases passed"))
    }

    @Test func aFailingCaseShowsTheDiffAndExitsOne() throws {
        let dir = Scratch.root.appendingPathComponent("tandem-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let pack = TandemProcess.packageRoot.appendingPathComponent("Policies/partners-in-care").path
        let fixture = TandemProcess.packageRoot.appendingPathComponent("Fixtures/valid/well-run.yaml").path
        try """
        apiVersion: tandem/v1
        kind: PolicyTest
        policy: \(pack)
        cases:
          - name: wrongly expects a lone advisor
            snapshot: \(fixture)
            expect:
              findings: [{rule: PP-OPS-001, subject: mh-ambulatory}]
              risk: [{subject: organization, band: high}]
        """.write(to: dir.appendingPathComponent("t.yaml"), atomically: true, encoding: .utf8)
        let run = try TandemProcess.run(["test", dir.path])
        #expect(run.status == 1)
        #expect(run.stdout.contains("✗ wrongly expects a lone advisor\n      missing: PP-OPS-001 on mh-ambulatory\n      risk organization: expected high, got low (1.1)\n"))
        let junit = try TandemProcess.run(["test", "--format", "junit", dir.path])
        #expect(junit.stdout.contains("<failure message=\"missing: PP-OPS-001 on mh-ambulatory\">"))
    }
}

@Suite("tandem init")
struct InitCommandTests {
    @Test func theStarterRepositoryPassesTestAndCheckOutOfTheBox() throws {
        let dir = Scratch.root.appendingPathComponent("tandem-init-\(UUID().uuidString)").path
        let created = try TandemProcess.run(["init", dir])
        #expect(created.status == 0, "\(created.stderr)")
        for file in [
            "policies/committee.yaml", "policies/partners-in-care/operational.yaml", "snapshots/example.yaml", "waivers.yaml", "tests/committee.test.yaml", ".github/workflows/tandem.yml",
            ".tandem.yaml",
        ] {
            #expect(FileManager.default.fileExists(atPath: "\(dir)/\(file)"), "\(file)")
        }
        let test = try TandemProcess.run(["test", dir])
        #expect(test.status == 0, "\(test.stdout)")
        #expect(test.stdout.contains("Rule coverage: 51/51"))
        // The committee overrides attendanceShare; the pack's examples still run at the defaults.
        #expect(test.stdout.contains("Rule examples: 185 passed, 0 failed"))
        let check = try TandemProcess.run(["check", "--policy", "\(dir)/policies/committee.yaml", "--waivers", "\(dir)/waivers.yaml", "--fail-on", "info", "\(dir)/snapshots"])
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        #expect(check.stderr.isEmpty)
        // The same check with no options: the starter's .tandem.yaml names policies, waivers and snapshots.
        let configured = try TandemProcess.run(["check", "--fail-on", "info"], directory: URL(fileURLWithPath: dir))
        #expect(configured.status == 0, "\(configured.stdout)\(configured.stderr)")
        #expect(configured.stdout.hasSuffix(check.stdout.replacingOccurrences(of: "\(dir)/", with: "").split(separator: "\n").last.map { String($0) + "\n" } ?? "-"))
        let again = try TandemProcess.run(["init", dir])
        #expect(again.status == 2)
    }
}

@Suite("Help and completion")
struct HelpTests {
    @Test(arguments: ["check", "score", "compile", "eval", "explain", "test", "init", "schema"])
    func everySubcommandHasAnExample(_ command: String) throws {
        let run = try TandemProcess.run([command, "--help"])
        #expect(run.status == 0)
        #expect(run.stdout.contains("EXAMPLES") || run.stdout.contains("tandem schema snapshot"), "\(command)")
    }

    @Test func completionScriptsAreGenerated() throws {
        let run = try TandemProcess.run(["--generate-completion-script", "bash"])
        #expect(run.status == 0)
        #expect(run.stdout.contains("_tandem"))
    }
}

/// Every EXAMPLES line of every subcommand's help that can run against the shipped files runs,
/// and ends as a real run does (0, or 1 for findings) — never a usage error, so a renamed flag or
/// a moved fixture breaks this test, not a reader. Examples that write files, read stdin, or name
/// files a user would have (`waivers.yaml`, `my-policies.yaml`) are skipped, and counted.
@Suite("Help examples run", .serialized)
struct HelpExampleTests {
    static let commands = [
        ["check"], ["score"], ["compile"], ["eval"], ["explain"], ["test"], ["init"], ["schema"], ["diagnostics"],
        ["history"], ["history", "add"], ["history", "list"], ["trend"],
    ]

    /// Shell-like words: single and double quotes group, as a shell would.
    static func words(_ line: String) -> [String] {
        var words: [String] = [], current = "", quote: Character?
        for character in line {
            if let q = quote {
                if character == q { quote = nil } else { current.append(character) }
            } else if character == "'" || character == "\"" {
                quote = character
            } else if character == " " {
                if !current.isEmpty { words.append(current); current = "" }
            } else {
                current.append(character)
            }
        }
        if !current.isEmpty { words.append(current) }
        return words
    }

    @Test func runnableExamplesRunAsDocumented() throws {
        var ran: [String] = [], skipped: [String] = []
        for command in Self.commands {
            let help = try TandemProcess.run(command + ["--help"], environment: ["COLUMNS": "400"])
            guard let start = help.stdout.range(of: "EXAMPLES\n") else { continue }
            for raw in help.stdout[start.upperBound...].split(separator: "\n") {
                let line = raw.trimmingCharacters(in: .whitespaces)
                guard line.hasPrefix("tandem ") else { break }
                let words = Self.words(line).dropFirst().map { $0 }
                let writes =
                    words.contains { ["-o", "--output", "--write-baseline", "--history"].contains($0) } || words.first == "init"
                    || (words.first == "history" && words.dropFirst().first == "add")
                let redirects = words.contains { ["|", ">", "&&", "-"].contains($0) }
                let missing = words.filter { ($0.contains("/") || $0.hasSuffix(".yaml") || $0.hasSuffix(".json")) && !$0.hasPrefix("-") }
                    .contains { !FileManager.default.fileExists(atPath: TandemProcess.packageRoot.appendingPathComponent($0).path) }
                let needsHistory = words.first == "trend" || words.starts(with: ["history", "list"])
                if writes || redirects || missing || needsHistory {
                    skipped.append(line)
                    continue
                }
                let run = try TandemProcess.run(words)
                #expect(run.status == 0 || run.status == 1, "`\(line)` exited \(run.status): \(run.stderr.prefix(300))")
                ran.append(line)
            }
        }
        print("help examples: \(ran.count) run, \(skipped.count) skipped: \(skipped)")
        #expect(ran.count >= 8, "ran \(ran)")
    }
}
