import Checking
import Diagnostics
import Evaluation
import Foundation
import PolicyCompiler
@testable import Reporting
import RiskScoring
import SnapshotModel
import TestSupport
import Testing
import YAMLSource

/// The check pipeline used as a library: in-memory documents, streamed per-file results, and
/// parallel directory checks that give the same results, in the same order, as serial ones.
@Suite("Check pipeline as a library")
struct CheckPipelineTests {
    static let compiled = PolicyCompiler().compile(paths: [TandemProcess.packageRoot.appendingPathComponent("Policies/partners-in-care").path])

    static func pipeline(parallelFiles: Int = 2) -> CheckPipeline {
        CheckPipeline(
            .init(
                evaluator: compiled.policySet.map { PolicyEvaluator($0) }, scorer: compiled.riskModel.map { RiskScorer($0) },
                parallelFiles: parallelFiles))
    }

    static func fixture(_ name: String) throws -> SourceText {
        let path = TandemProcess.packageRoot.appendingPathComponent("Fixtures/valid/\(name).yaml").path
        return SourceText(path: "Fixtures/valid/\(name).yaml", bytes: [UInt8](try Data(contentsOf: URL(fileURLWithPath: path))))
    }

    /// A document held in memory is checked like a file: the tokenistic fixture's known findings.
    @Test func checksAnInMemoryDocument() throws {
        let file = Self.pipeline().check(try Self.fixture("tokenistic"))
        #expect(file.diagnostics.isEmpty)
        #expect(file.source == nil, "a file without diagnostics is not kept")
        let snapshot = try #require(file.snapshots.first)
        let violations = snapshot.findings.filter { $0.kind == .violation }
        let places = Set(violations.map { "\($0.ruleID) \($0.location.line):\($0.location.column)" })
        #expect(places.isSuperset(of: ["PP-OPS-001 61:7", "PP-OPS-002 27:5", "PP-STR-003 11:3"]))
        #expect(snapshot.risk?.organization.band.rawValue == "critical")
    }

    /// A file with problems keeps its text, so diagnostics can quote the line.
    @Test func keepsTheTextOnlyOfFilesWithDiagnostics() {
        let file = Self.pipeline().check(SourceText(path: "bad.yaml", text: "apiVersion: tandem/v1\nkind: OrganizationSnapshot\nmetadata: {name: x}\n"))
        #expect(!file.diagnostics.isEmpty)
        #expect(file.source?.path == "bad.yaml")
        #expect(file.file.errors > 0 && file.snapshots.isEmpty)
    }

    /// Many snapshots checked on every core give the result of checking them one at a time,
    /// file for file and finding for finding, in input order.
    @Test func parallelDirectoryChecksAreDeterministic() throws {
        let directory = Scratch.root.appendingPathComponent("tandem-pipeline-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let fixtures = ["well-run", "mixed", "struggling", "tokenistic", "first-assessment"]
        for i in 0..<40 {
            let text = String(decoding: try Self.fixture(fixtures[i % fixtures.count]).bytes, as: UTF8.self)
            try text.write(to: directory.appendingPathComponent(String(format: "org-%02d.yaml", i)), atomically: true, encoding: .utf8)
        }
        try "not: [valid".write(to: directory.appendingPathComponent("org-99.yaml"), atomically: true, encoding: .utf8)
        let files = SourceFiles(operands: [directory.path], maxBytes: 1 << 20, readingAtOnce: false)
        #expect(files.sources.isEmpty, "files are read by the pipeline, not up front")

        func run(_ parallel: Int) -> [String] {
            var lines: [String] = []
            Self.pipeline(parallelFiles: parallel).check(files.inputs) { file in
                lines.append("\(file.file.path) \(file.file.snapshots) errors=\(file.file.errors)")
                for snapshot in file.snapshots {
                    lines += snapshot.findings.map { "  \($0.ruleID) \($0.kind) \($0.subject.id) \($0.location.line):\($0.location.column) \($0.message)" }
                    lines.append("  risk \(snapshot.risk.map { String($0.organization.score) } ?? "-")")
                }
            }
            return lines
        }
        let serial = run(1)
        #expect(serial.filter { !$0.hasPrefix(" ") }.count == 41)
        #expect(serial.first?.contains("org-00.yaml") == true && serial.contains { $0.contains("org-99.yaml") && $0.hasSuffix("errors=1") })
        #expect(run(4) == serial)
        #expect(run(8) == serial)
    }
}

/// Evaluation and scoring go parallel from 64 teams; these take that path on a generated
/// organization of 120 teams and hold it to the serial result, finding for finding.
@Suite("Parallel evaluation equals serial evaluation")
struct ParallelEvaluationTests {
    static func generated(teams: Int) throws -> String {
        let generator = TandemProcess.executable.deletingLastPathComponent().appendingPathComponent("tandem-generate")
        let process = Process()
        process.executableURL = generator
        process.arguments = ["--teams", String(teams), "--seed", "7"]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    @Test func rulesAndRiskGiveTheSameResultOnEveryCoreAsOnOne() throws {
        let text = try Self.generated(teams: 120)
        let snapshot = try #require(SnapshotLoader().load(SourceText(path: "generated.yaml", text: text)).snapshots.first)
        let compiled = CheckPipelineTests.compiled
        let evaluator = PolicyEvaluator(try #require(compiled.policySet))
        let scorer = RiskScorer(try #require(compiled.riskModel))

        let serial = evaluator.run(snapshot, keepingOutcomes: true, parallel: false)
        let parallel = evaluator.run(snapshot, keepingOutcomes: true, parallel: true)
        func lines(_ findings: [Finding]) -> [String] {
            findings.map { "\($0.ruleID) \($0.kind) \($0.subject.kind):\($0.subject.id) \($0.location.line):\($0.location.column) \($0.message)" }
        }
        #expect(serial.findings.count > 100, "the generated organization has findings to compare")
        #expect(lines(parallel.findings) == lines(serial.findings))
        #expect(parallel.outcomes.map { "\($0.ruleID) \($0.subject.id) \($0.status)" } == serial.outcomes.map { "\($0.ruleID) \($0.subject.id) \($0.status)" })
        #expect(parallel.evidence == serial.evidence)

        let riskSerial = scorer.score(snapshot, findings: serial.findings, parallel: false)
        let riskParallel = scorer.score(snapshot, findings: parallel.findings, parallel: true)
        #expect(riskSerial.teams.count >= 64, "scoring took the parallel path's size")
        #expect(riskParallel == riskSerial)

        // The pipeline prepares the risk model's variables on a thread of its own, beside the
        // rules, for a snapshot this large: the same findings and the same risk.
        let piped = try #require(CheckPipelineTests.pipeline().check(SourceText(path: "generated.yaml", text: text)).snapshots.first)
        #expect(lines(piped.findings) == lines(serial.findings))
        #expect(piped.risk == riskSerial)
    }

    /// The text report's subject blocks, rendered on every core for a large snapshot, are those
    /// rendered one after another, byte for byte.
    @Test func theTextReportRenderedOnEveryCoreIsTheSerialOne() throws {
        let file = Scratch.root.appendingPathComponent("tandem-generated-\(UUID().uuidString).yaml")
        try Self.generated(teams: 300).write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let files = SourceFiles(operands: [file.path], maxBytes: 1 << 26, readingAtOnce: false)
        var session = CheckSession(
            result: CheckResult(toolVersion: "test", policy: CheckPipelineTests.compiled.policySet), pipeline: CheckPipelineTests.pipeline(), waivers: nil,
            today: try #require(ISODate.parse("2026-11-25")), maxRisk: nil)
        session.run(files.inputs, releasing: false) { _, _, _ in }
        let parallel = TextReporter(color: false)
        var serial = TextReporter(color: false)
        serial.parallelFrom = .max
        let text = try parallel.render(session.result)
        #expect(text.components(separatedBy: "\n  Team ").count > 256, "the snapshot has enough subjects for the parallel path")
        #expect(text == (try serial.render(session.result)))
    }

    /// The JUnit report's test cases, written on every core for a large suite, are those written
    /// one after another, byte for byte.
    @Test func theJUnitReportWrittenOnEveryCoreIsTheSerialOne() throws {
        let compiled = CheckPipelineTests.compiled
        let pipeline = CheckPipeline(
            .init(evaluator: compiled.policySet.map { PolicyEvaluator($0) }, scorer: compiled.riskModel.map { RiskScorer($0) }, keepingOutcomes: true))
        var session = CheckSession(
            result: CheckResult(toolVersion: "test", policy: compiled.policySet), pipeline: pipeline, waivers: nil,
            today: try #require(ISODate.parse("2026-11-25")), maxRisk: nil)
        session.run([.loaded(SourceText(path: "generated.yaml", text: try Self.generated(teams: 60)))], releasing: false) { _, _, _ in }
        var parallel = JUnitReporter()
        parallel.parallelFrom = 64
        var serial = JUnitReporter()
        serial.parallelFrom = .max
        let xml = try parallel.render(session.result)
        #expect(xml.components(separatedBy: "<testcase ").count > 64 * 8, "the suite has enough cases for every part")
        #expect(xml == (try serial.render(session.result)))
    }

    /// Two separate processes on the same large input write byte-identical reports.
    @Test func separateProcessesWriteIdenticalReports() throws {
        let file = Scratch.root.appendingPathComponent("tandem-generated-\(UUID().uuidString).yaml")
        try Self.generated(teams: 80).write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let arguments = ["check", "--policy", "Policies/partners-in-care", "--fail-on", "never", "--format", "json", "--now", "2026-11-25", file.path]
        let first = try TandemProcess.run(arguments)
        let second = try TandemProcess.run(arguments)
        #expect(first.status == 0 && first.stdout.count > 10_000)
        #expect(first.stdout == second.stdout)
    }
}

/// A large organization's text report: the summary lines name the teams that matter most and
/// count the rest.
@Suite("Summary lines of a large organization")
struct SummaryLineTests {
    /// A large organization's summary lines name the twenty highest-scoring teams and the
    /// twenty least complete, then count the rest; every team is still in the JSON report.
    @Test func summaryLinesNameTheTeamsThatMatterMost() throws {
        let text = try ParallelEvaluationTests.generated(teams: 60)
        let file = CheckPipelineTests.pipeline().check(SourceText(path: "generated.yaml", text: text))
        let checked = try #require(file.snapshots.first)
        var result = CheckResult(toolVersion: "test", policy: CheckPipelineTests.compiled.policySet)
        result.add(file, waivers: nil, today: 0)
        let report = try TextReporter(color: false).render(result)
        let risk = try #require(checked.risk)
        let riskLine = try #require(report.split(separator: "\n").first { $0.hasPrefix("  Tokenism risk") })
        let highest = risk.teams.sorted { ($0.score, $1.subject.id) > ($1.score, $0.subject.id) }.prefix(TextReporter.listedTeams)
        let named = riskLine.split(separator: ";").dropFirst().dropLast().map { $0.split(separator: " ").first.map(String.init) ?? "" }
        #expect(named == highest.map(\.subject.id))
        #expect(riskLine.hasSuffix("; \(risk.teams.count - TextReporter.listedTeams) more teams scored no higher (the JSON report lists every team)"))
        let evidenceLine = try #require(report.split(separator: "\n").first { $0.hasPrefix("  Evidence completeness") })
        #expect(evidenceLine.split(separator: ",").count <= TextReporter.listedTeams + 3)
        #expect(evidenceLine.hasSuffix(" teams 100%") || evidenceLine.hasSuffix(" more teams (the JSON report lists every team)"))
    }

    /// Past twenty teams, the evidence line names the least complete (lowest first, then by id)
    /// and counts the rest, saying when those are all complete; up to twenty, it names them all.
    @Test func theEvidenceLineNamesTheLeastCompleteTeams() {
        var evidence = SnapshotEvidence()
        evidence.organization = EvidenceTally(decided: 1)
        for index in 0..<30 { evidence.teams["t\(index)"] = EvidenceTally(decided: 4, undecided: index % 10 == 3 ? index / 10 + 1 : 0) }
        let words = Vocabulary.of(.en)
        let large = EvidenceReport(path: "p", snapshot: "s", evidence: evidence)
        #expect(large.breakdown(words, listing: 20) == "organization 100%, t23 57%, t13 66%, t3 80%, the other 27 teams 100%")
        #expect(large.breakdown(words, listing: 2) == "organization 100%, t23 57%, t13 66%, 28 more teams (the JSON report lists every team)")
        #expect(large.breakdown(words, listing: 30) == large.breakdown(words))
        #expect(large.breakdown(words).hasPrefix("organization 100%, t0 100%, t1 100%, t10 100%, t11 100%"))
        var complete = evidence
        for id in complete.teams.keys { complete.teams[id] = EvidenceTally(decided: 4) }
        #expect(EvidenceReport(path: "p", snapshot: "s", evidence: complete).breakdown(.of(.fr), listing: 20) == "organisation 100%, les 30 équipes 100%")
        // A team no check applies to is not complete.
        complete.teams["t0"] = EvidenceTally()
        #expect(EvidenceReport(path: "p", snapshot: "s", evidence: complete).breakdown(words, listing: 20) == "organization 100%, 30 more teams (the JSON report lists every team)")
    }

    /// docs/reports.md states the number of teams a summary line names.
    @Test func theReportsPageStatesHowManyTeamsALineNames() throws {
        let n = TextReporter.listedTeams
        #expect(
            try StatedText("docs/reports.md").unstated([
                "past \(n) teams, the \(n) highest-scoring, then how many more", "past \(n) teams, the \(n) least complete, then how many more",
            ]) == [])
    }
}

/// The check run as a library: the same tally and waiver notices whether each file's details are
/// kept (for buffered reports) or released as they are reported.
@Suite("Check session")
struct CheckSessionTests {
    @Test func releasingKeepsTheTallyAndTheWaiverNotices() throws {
        let compiled = CheckPipelineTests.compiled
        let waivers = WaiverSet.load(paths: [TandemProcess.packageRoot.appendingPathComponent("Fixtures/waivers.yaml").path], limits: .default).set
        let files = SourceFiles(operands: [TandemProcess.packageRoot.appendingPathComponent("Fixtures/valid").path], maxBytes: 1 << 20, readingAtOnce: false)
        let today = try #require(ISODate.parse("2026-11-25"))
        func session(releasing: Bool) -> (CheckSession, [Diagnostic], Int) {
            var session = CheckSession(
                result: CheckResult(toolVersion: "test", policy: compiled.policySet), pipeline: CheckPipelineTests.pipeline(),
                waivers: waivers, today: today, maxRisk: 80)
            var seen = 0
            session.run(files.inputs, releasing: releasing) { _, entries, _ in seen += entries.count }
            return (session, session.finish(), seen)
        }
        let (kept, keptNotices, keptSeen) = session(releasing: false)
        let (released, releasedNotices, releasedSeen) = session(releasing: true)
        #expect(kept.result.tally == released.result.tally)
        #expect(kept.result.tally.waived == 1 && kept.result.tally.gatingTotal > 50)
        #expect(keptNotices.map(\.code) == releasedNotices.map(\.code) && keptNotices.map(\.code) == ["WAIV101", "WAIV102"])
        #expect(keptSeen == releasedSeen && kept.result.entries.count == keptSeen && released.result.entries.isEmpty)
        #expect(kept.riskExceeded && released.riskExceeded, "the tokenistic fixture scores above 80")
    }
}
