import ArgumentParser
import Diagnostics
import Evaluation
import Foundation
import PolicyCompiler
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

    @Option(name: .customLong("policy"), help: "Policy files or directories (repeatable). Without one, snapshots are only validated.")
    var policies: [String] = []

    @Option(help: "Report format: \(Format.allCases.map(\.rawValue).joined(separator: ", ")).")
    var format: Format = .text

    @Option(name: .customLong("fail-on"), help: "Lowest severity that fails the run (exit 1): \(FailOn.allCases.map(\.rawValue).joined(separator: ", ")).")
    var failOn: FailOn = .error

    @OptionGroup var input: InputOptions

    func run() throws {
        var evaluator: PolicyEvaluator?
        if !policies.isEmpty {
            let compiled = PolicyCompiler(limits: input.limits).compile(paths: policies)
            if !compiled.diagnostics.isEmpty {
                Console.error(DiagnosticRenderer(sources: compiled.sources).render(compiled.diagnostics))
            }
            guard let set = compiled.policySet else { throw TandemExit(code: .inputError) }
            evaluator = PolicyEvaluator(set)
        }

        let files = SourceFiles(operands: snapshots, maxBytes: input.limits.maxBytes)
        let loader = SnapshotLoader(limits: input.limits)
        var report = CheckReport(diagnostics: files.diagnostics, policy: evaluator?.policySet)
        for source in files.sources {
            let result = loader.load(source)
            let findings = evaluator.map { e in result.snapshots.flatMap { e.evaluate($0) } } ?? []
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
        if let threshold = failOn.threshold, report.findings.contains(where: { $0.severity >= threshold }) {
            throw TandemExit(code: .violations)
        }
    }
}
