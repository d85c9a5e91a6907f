import ArgumentParser
import Checking
import Diagnostics
import Foundation
import History
import YAMLSource

/// `tandem history`: record checked snapshots and list what is recorded.
struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Record checked snapshots in a history database, and list them.",
        discussion: """
            The history is SQLite (default .tandem/history.sqlite). A snapshot is recorded under its \
            organization, asOf date and policy: recording it again replaces it; under another policy \
            version both are kept, and `tandem trend` says where the policy changed.

            EXAMPLES
              tandem history add --policy Policies/partners-in-care --waivers waivers.yaml snapshots/2027q1.yaml
              tandem history list
            """,
        subcommands: [Add.self, List.self]
    )

    /// `history add`: `check` with `--history`, printing the text report.
    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add",
            abstract: "Check snapshots and record their results.",
            discussion: "Takes the options of `tandem check` (policy, waivers, --now, limits) and records every snapshot checked.")

        @Option(name: .customLong("history"), help: "The history database (SQLite; default: the configuration's history, else \(HistoryStore.defaultPath)).")
        var history: String?

        @Argument(parsing: .captureForPassthrough, help: "Options and snapshots, as for `tandem check`.")
        var arguments: [String] = []

        func run() throws {
            var check = try CheckCommand.parse((history.map { ["--history", $0] } ?? []) + arguments)
            if check.history == nil {
                check.history = try check.project.load()?.history?.value ?? HistoryStore.defaultPath
            }
            try check.validate()
            try check.run()
        }
    }

    /// `history list`.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List the recorded snapshots.")

        @Option(name: .customLong("history"), help: "The history database (SQLite; default: the configuration's history, else \(HistoryStore.defaultPath)).")
        var history: String?

        @Option(help: "Only this organization.")
        var organization: String?

        @OptionGroup var project: ConfigOptions

        func run() throws {
            let history = try self.history ?? project.load()?.history?.value ?? HistoryStore.defaultPath
            do {
                let store = try HistoryStore(path: history)
                let rows = try store.snapshots(organization: organization)
                var out = "organization | as of | snapshot | policy | open findings | organization risk\n"
                for row in rows {
                    let risk = row.organizationScore.map { String(format: "%.1f", $0) + " " + (row.organizationBand ?? "") } ?? "—"
                    out += "\(row.organization) | \(row.asOf) | \(row.snapshot) | \(row.policy) | \(row.openFindings) | \(risk)\n"
                }
                Console.out(SafeText.output(out + "\(rows.count) snapshot(s) recorded in \(history)\n"))
            } catch {
                Console.report(error.kind, error.message, notes: error.notes)
                throw TandemExit(code: .inputError)
            }
        }
    }
}

/// `tandem trend`: one organization's risk over time, and what changed between snapshots.
struct TrendCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trend",
        abstract: "Show an organization's tokenism risk over time and what changed between snapshots.",
        discussion: """
            Reads the history written by `tandem history add` or `tandem check --history`. Between \
            consecutive snapshots: findings opened, resolved and still open (since when), waivers \
            that expired, and where the policy changed.

            EXAMPLES
              tandem trend --organization "CSSS Lakeside"
              tandem trend --organization "CSSS Lakeside" --format html --output trend.html
              tandem trend --organization "CSSS Lakeside" --lang fr
            """
    )

    enum Format: String, ArgumentChoice {
        case text, json, html
    }

    @Option(name: .customLong("history"), help: "The history database (SQLite; default: the configuration's history, else \(HistoryStore.defaultPath)).")
    var history: String?

    @OptionGroup var project: ConfigOptions

    @Option(help: "The organization (its organization.name).")
    var organization: String

    @Option(help: "text, json or html.")
    var format: Format = .text

    @Option(help: "Write the report to this file instead of stdout.")
    var output: String?

    @Option(name: .customLong("lang"), help: "Language of the report: en or fr (default: the configuration's, else from LC_ALL, LC_MESSAGES or LANG).")
    var lang: Language?

    func run() throws {
        let config = try project.load()
        let history = self.history ?? config?.history?.value ?? HistoryStore.defaultPath
        let language = lang ?? config?.language?.value ?? Language.fromEnvironment(Console.environment)
        let trend: Trend
        do {
            trend = try HistoryStore(path: history).trend(organization: organization)
        } catch {
            Console.report(error.diagnostic, in: language)
            throw TandemExit(code: .inputError)
        }
        let text: String
        switch format {
        case .text: text = SafeText.output(TrendReport.text(trend, language: language))
        case .json: text = try TrendReport.json(trend)
        case .html: text = TrendReport.htmlPage(trend, language: language)
        }
        if let output, output != "-" {
            do {
                try OutputFile.write(text, to: output)
            } catch {
                Console.report(InputDiagnostics.unwritable, error.message)
                throw TandemExit(code: .inputError)
            }
        } else {
            Console.out(text)
        }
    }
}
