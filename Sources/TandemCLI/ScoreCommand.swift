import PolicyCompiler
import ArgumentParser
import Checking
import Diagnostics
import Evaluation
import Foundation
import Reporting
import RiskScoring
import SnapshotModel
import YAMLSource

/// `tandem score`: tokenism-risk scores alone, with their explanations.
struct ScoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "score",
        abstract: "Print tokenism-risk scores per team and for the organization.",
        discussion: """
            Scores come from the RiskModel beside the policies (see docs/risk.md). Each score lists its \
            contributing factors, largest first, with an explanation and a remediation hint.

            EXAMPLES
              tandem score --policy Policies/partners-in-care Fixtures/valid/tokenistic.yaml
              tandem score --policy Policies/partners-in-care --max-risk 50 --format json snapshots/
            """
    )

    enum Format: String, ArgumentChoice {
        case text, json
    }

    @Argument(help: "Snapshot files or directories; - reads stdin (default: the configuration's snapshots).")
    var snapshots: [String] = []

    @OptionGroup var policy: PolicyOptions

    @Option(help: "Report format: text, json.")
    var format: Format = .text

    @Option(name: .customLong("max-risk"), help: "Fail (exit 1) when any team or organization score is above this.")
    var maxRisk: Double?

    @OptionGroup var input: InputOptions

    @OptionGroup var project: ConfigOptions

    mutating func run() throws {
        if let config = try project.load() {
            if policy.policies.isEmpty { policy.policies = config.policies?.value ?? [] }
            if snapshots.isEmpty { snapshots = config.snapshots?.value ?? [] }
            maxRisk = maxRisk ?? config.maxRisk?.value
            input.apply(config)
        }
        if policy.policies.isEmpty { throw ValidationError("tandem score needs --policy (the directory holding the RiskModel), or policies: in \(ConfigSchema.fileName)") }
        if snapshots.isEmpty { throw ValidationError("give snapshot files or directories (or `snapshots:` in \(ConfigSchema.fileName))") }
        guard let (evaluator, scorer) = try policy.compile(input) else { return }
        guard let scorer else {
            Console.report(RiskDiagnostics.noModelForMaxRisk, "no RiskModel beside the policies in \(policy.policies.joined(separator: ", "))")
            throw TandemExit(code: .inputError)
        }
        // The check pipeline loads, validates, evaluates and scores each input (workbooks too).
        let files = SourceFiles(operands: snapshots, maxBytes: input.limits.maxBytes)
        var diagnostics = files.diagnostics
        var quoted = files.sources
        var reports: [RiskReport] = []
        CheckPipeline(.init(limits: input.limits, evaluator: evaluator, scorer: scorer)).check(files.inputs) { file in
            diagnostics += file.diagnostics
            if let source = file.source, !quoted.contains(where: { $0.path == source.path }) { quoted.append(source) }
            reports += file.snapshots.compactMap(\.risk)
        }
        if !diagnostics.isEmpty { Console.error(DiagnosticRenderer(sources: quoted, language: input.language).render(diagnostics)) }
        switch format {
        case .text: Console.human(RiskText.render(reports, detail: true, language: input.language))
        case .json: Console.out(try RiskJSON.encode(reports, complete: !diagnostics.containsErrors))
        }
        if diagnostics.containsErrors { throw TandemExit(code: .inputError) }
        if let maxRisk, reports.contains(where: { $0.all.contains { $0.score > maxRisk } }) {
            throw TandemExit(code: .violations)
        }
    }
}
