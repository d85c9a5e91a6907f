import ArgumentParser
import Diagnostics
import Foundation

/// The `tandem` command: checks patient-partnership governance against policy.
public struct Tandem: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "tandem",
        abstract: "Check patient-partnership governance in healthcare against declarative policy.",
        discussion: """
            Tandem reads organization snapshots (YAML or JSON, apiVersion tandem/v1) and reports \
            what keeps patient advisors' involvement from being tokenistic.

            EXIT CODES
              0  clean: every input was read and no finding reached the fail threshold
              1  violations at or above the fail threshold
              2  usage or input error (unreadable, malformed or invalid input); the report is incomplete
            """,
        version: "0.1.0",
        subcommands: [
            CheckCommand.self, ScoreCommand.self, CompileCommand.self, EvalCommand.self, ExplainCommand.self, TestCommand.self, InitCommand.self, SchemaCommand.self, DiagnosticsCommand.self,
            HistoryCommand.self, TrendCommand.self, ConfigCommand.self, ImportCommand.self,
        ]
    )

    public init() {}

    /// Parses `arguments`, runs the command and returns the exit code, mapping argument-parser's
    /// usage errors (which it exits with 64) onto Tandem's documented code 2.
    public static func run(arguments: [String]) -> Int32 {
        // A mistyped subcommand gets a suggestion, as a mistyped key or rule id does.
        let names = configuration.subcommands.map { $0._commandName } + ["help"]
        if let first = arguments.first, !first.hasPrefix("-"), !names.contains(first) {
            Console.report(CLIDiagnostics.unknownCommand, "no such subcommand '\(first)'", notes: Suggestion.note(for: first, in: names))
            return TandemExitCode.inputError.rawValue
        }
        do {
            var command = try parseAsRoot(arguments)
            try command.run()
            return TandemExitCode.clean.rawValue
        } catch let exit as TandemExit {
            return exit.code.rawValue
        } catch {
            let code = exitCode(for: error)
            let message = fullMessage(for: error)
            if code == .success {
                if !message.isEmpty { print(message) }
                return 0
            }
            if !message.isEmpty { Console.error(message) }
            return code == .validationFailure ? TandemExitCode.inputError.rawValue : code.rawValue
        }
    }
}

/// Thrown by a command to end with a specific exit code after it has printed its report.
struct TandemExit: Error {
    var code: TandemExitCode
}
