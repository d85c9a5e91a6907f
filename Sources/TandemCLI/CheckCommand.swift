import ArgumentParser
import Diagnostics
import Evaluation
import Foundation
import PolicyCompiler
import RiskScoring
import SnapshotModel
import YAMLSource

/// `tandem check`: loads, validates and checks organization snapshots against policy.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate organization snapshots and check them against policy.",
        discussion: """
            Operands are files, directories (searched for .yaml, .yml and .json files) or - for stdin.
            Policies are compiled once, before any snapshot is read; every snapshot is then checked.
            Problems with the input are printed to stderr as file:line:col diagnostics; the report goes to stdout.

            EXAMPLES
              tandem check --policy Policies/partners-in-care Fixtures/valid
              tandem check --policy Policies/partners-in-care --fail-on warning --format json snapshot.yaml
              cat snapshot.json | tandem check --policy Policies/partners-in-care -
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    enum FailOn: String, ExpressibleByArgument, CaseIterable {
        case error, warning, info, never

        var threshold: Severity? {
            switch self {
            case .error: .error
            case .warning: .warning
            case .info: .info
            case .never: nil
            }
        }
    }

    @Argument(help: "Snapshot files or directories; - reads stdin.")
    var snapshots: [String]

    @OptionGroup var policy: PolicyOptions

    @Option(help: "Report format: \(Format.allCases.map(\.rawValue).joined(separator: ", ")).")
    var format: Format = .text

    @Option(name: .customLong("fail-on"), help: "Lowest severity that fails the run (exit 1): \(FailOn.allCases.map(\.rawValue).joined(separator: ", ")).")
    var failOn: FailOn = .error

    @Option(name: .customLong("max-risk"), help: "Fail (exit 1) when any team or organization risk score is above this (needs a RiskModel).")
    var maxRisk: Double?

    @OptionGroup var input: InputOptions

    func run() throws {
        let compiled = try policy.compile(input)
        let evaluator = compiled?.evaluator
        let scorer = compiled?.scorer
        if maxRisk != nil, scorer == nil {
            Console.error("error[RISK016]: --max-risk needs a RiskModel beside the policies given with --policy")
            throw TandemExit(code: .inputError)
        }

        let files = SourceFiles(operands: snapshots, maxBytes: input.limits.maxBytes)
        let loader = SnapshotLoader(limits: input.limits)
        var report = CheckReport(diagnostics: files.diagnostics, policy: evaluator?.policySet)
        for source in files.sources {
            let result = loader.load(source)
            var findings: [Finding] = []
            for snapshot in result.snapshots {
                guard let evaluator else { continue }
                let found = evaluator.evaluate(snapshot)
                findings += found
                if let scorer { report.risk.append(scorer.score(snapshot, findings: found)) }
            }
            report.add(path: source.path, snapshots: result.snapshots, diagnostics: result.diagnostics, findings: findings)
        }

        if !report.diagnostics.isEmpty {
            Console.error(DiagnosticRenderer(sources: files.sources).render(report.diagnostics))
        }
        switch format {
        case .text: Console.out(report.text())
        case .json: Console.out(try report.json())
        }
        if !report.isComplete { throw TandemExit(code: .inputError) }
        let failing = failOn.threshold.map { threshold in report.findings.contains { $0.severity >= threshold } } ?? false
        let risky = maxRisk.map { limit in report.risk.contains { $0.all.contains { $0.score > limit } } } ?? false
        if failing || risky { throw TandemExit(code: .violations) }
    }
}
