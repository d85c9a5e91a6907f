import Foundation
import TestSupport
import Testing

@Suite("tandem check, run as a user runs it")
struct CheckCommandTests {
    @Test func validFixturesExitZero() throws {
        let run = try TandemProcess.run(["check", "Fixtures/valid"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("5 files, 5 snapshots, 0 input errors"))
        #expect(run.stderr.isEmpty)
    }

    @Test func eachMalformedFixtureGivesPositionedErrorsAndExitTwo() throws {
        let expected = [
            "Fixtures/invalid/malformed-yaml.yaml": "Fixtures/invalid/malformed-yaml.yaml:16:6: error[YAML001]: did not find expected key",
            "Fixtures/invalid/unknown-key.yaml": "Fixtures/invalid/unknown-key.yaml:16:5: error[SNAP001]: unknown key 'membrs' in Team",
            "Fixtures/invalid/wrong-type.yaml": "Fixtures/invalid/wrong-type.yaml:9:41: error[SNAP003]: expected boolean for 'includesPartnership' in StrategicGoals, found string 'yes'",
            "Fixtures/invalid/not-a-snapshot.json": "Fixtures/invalid/not-a-snapshot.json:2:17: error[SNAP010]: unsupported apiVersion 'tandem/v2'",
            "Fixtures/invalid/future-date.yaml": "Fixtures/invalid/future-date.yaml:10:14: error[SNAP011]: AwarenessActivity.date 2062-03-01 is after the snapshot date 2026-10-01",
        ]
        for (file, line) in expected {
            let run = try TandemProcess.run(["check", file])
            #expect(run.status == 2, "\(file)")
            #expect(run.stderr.contains(line), "\(file): \(run.stderr)")
            #expect(run.stdout.contains("(report incomplete)"), "\(file)")
        }
    }

    @Test func errorsQuoteTheSourceLineWithACaret() throws {
        let run = try TandemProcess.run(["check", "Fixtures/invalid/unknown-key.yaml"])
        #expect(
            run.stderr.contains(
                """
                Fixtures/invalid/unknown-key.yaml:16:5: error[SNAP001]: unknown key 'membrs' in Team
                        membrs:
                        ^
                  note: did you mean 'members'?
                """))
    }

    @Test func stdinIsReadWithDash() throws {
        let yaml = try String(contentsOf: TandemProcess.packageRoot.appendingPathComponent("Fixtures/valid/well-run.yaml"), encoding: .utf8)
        let run = try TandemProcess.run(["check", "-"], stdin: yaml)
        #expect(run.status == 0)
        #expect(run.stdout.contains("✓ <stdin>: 1 snapshot valid"))
        let bad = try TandemProcess.run(["check", "-"], stdin: "a: [1,\n")
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("<stdin>:2:1: error[YAML001]"))
    }

    @Test func jsonReportsSayWhetherTheyAreComplete() throws {
        let run = try TandemProcess.run(["check", "--format", "json", "Fixtures/valid/well-run.yaml", "Fixtures/invalid/wrong-type.yaml"])
        #expect(run.status == 2)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        #expect(report["complete"] as? Bool == false)
        let diagnostics = try #require(report["diagnostics"] as? [[String: Any]])
        #expect(diagnostics.first?["file"] as? String == "Fixtures/invalid/wrong-type.yaml")
        #expect(diagnostics.first?["line"] as? Int == 6)
    }

    @Test func missingFilesAndBadUsageExitTwo() throws {
        let missing = try TandemProcess.run(["check", "no/such/file.yaml"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("error[IO001]: no such file or directory: no/such/file.yaml"))
        let usage = try TandemProcess.run(["check", "--format", "pdf", "Fixtures/valid"])
        #expect(usage.status == 2)
    }

    @Test func limitsHaveFlags() throws {
        let run = try TandemProcess.run(["check", "--max-file-size", "100", "Fixtures/valid/well-run.yaml"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("error[YAML006]"))
        let shallow = try TandemProcess.run(["check", "--max-depth", "3", "Fixtures/valid/well-run.yaml"])
        #expect(shallow.stderr.contains("error[YAML004]"))
    }

    @Test func helpDocumentsTheExitCodes() throws {
        let run = try TandemProcess.run(["--help"])
        #expect(run.status == 0)
        #expect(run.stdout.contains("EXIT CODES"))
    }

    @Test func schemaCommandPrintsJSONSchema() throws {
        let run = try TandemProcess.run(["schema", "snapshot"])
        #expect(run.status == 0)
        #expect(run.stdout.contains("\"$schema\" : \"https://json-schema.org/draft/2020-12/schema\""))
    }
}
