import ArgumentParser
import Diagnostics
import Foundation
import SnapshotModel

/// `tandem check`: loads, validates and checks organization snapshots.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate and check organization snapshots.",
        discussion: """
            Operands are files, directories (searched for .yaml, .yml and .json files) or - for stdin.
            Problems with the input are printed to stderr as file:line:col diagnostics; the report goes to stdout.

            EXAMPLES
              tandem check Fixtures/valid
              tandem check --format json snapshot.yaml > report.json
              cat snapshot.json | tandem check -
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    @Argument(help: "Snapshot files or directories; - reads stdin.")
    var snapshots: [String]

    @Option(help: "Report format: \(Format.allCases.map(\.rawValue).joined(separator: ", ")).")
    var format: Format = .text

    @OptionGroup var input: InputOptions

    func run() throws {
        let files = InputFiles(operands: snapshots, maxBytes: input.limits.maxBytes)
        let loader = SnapshotLoader(limits: input.limits)
        var report = CheckReport(diagnostics: files.diagnostics)
        for source in files.sources {
            let result = loader.load(source)
            report.add(path: source.path, snapshots: result.snapshots, diagnostics: result.diagnostics)
        }

        let renderer = DiagnosticRenderer(sources: files.sources)
        if !report.diagnostics.isEmpty {
            Console.error(renderer.render(report.diagnostics))
        }
        switch format {
        case .text: Console.out(report.text())
        case .json: Console.out(try report.json())
        }
        if !report.isComplete { throw TandemExit(code: .inputError) }
    }
}
