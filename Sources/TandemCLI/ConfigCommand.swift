import ArgumentParser
import Checking
import Diagnostics
import Foundation
import History
import Reporting
import YAMLSource

/// `tandem config`: the project configuration (`.tandem.yaml`).
struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Show the project configuration (.tandem.yaml) that commands apply.",
        subcommands: [Show.self])

    /// `config show`: every setting, its effective value, and where it comes from.
    struct Show: ParsableCommand {
        // Named, not derived from the type: deriving a name costs the runtime a reflection pass on
        // every run (a third of `tandem --version`).
        static let configuration = CommandConfiguration(
            commandName: "show",
            abstract: "Print the effective configuration and where each value comes from.",
            discussion: """
                Command-line options override the file; a setting the file leaves out takes Tandem's default.
                The file is the nearest .tandem.yaml from the current directory up to the repository root
                (a folder holding .git), or the one given with --config.

                EXAMPLES
                  tandem config show
                  tandem config show --config ci/.tandem.yaml
                """)

        @OptionGroup var project: ConfigOptions

        func run() throws {
            let config = try project.load()
            Console.human(Self.render(config))
        }

        /// One line per setting: name, value, origin (`file:line:col`, `default` or `not set`).
        static func render(_ config: ProjectConfig?) -> String {
            let defaults = YAMLLimits.default
            func origin<T>(_ setting: ProjectConfig.Setting<T>?, default fallback: String) -> String {
                setting.map { "\($0.location)" } ?? fallback
            }
            func list(_ values: [String]?) -> String { values.map { $0.isEmpty ? "(none)" : $0.joined(separator: ", ") } ?? "—" }
            let reports = config?.reports?.value.map { $0.format.rawValue + " → " + ($0.output ?? "stdout") }.joined(separator: ", ")
            let rows: [(String, String, String)] = [
                ("policies", list(config?.policies?.value), origin(config?.policies, default: "not set (give --policy)")),
                ("snapshots", list(config?.snapshots?.value), origin(config?.snapshots, default: "not set (give operands)")),
                ("waivers", list(config?.waivers?.value), origin(config?.waivers, default: "not set")),
                ("baseline", config?.baseline?.value ?? "—", origin(config?.baseline, default: "not set")),
                ("history", config?.history?.value ?? HistoryStore.defaultPath, origin(config?.history, default: "default")),
                ("mapping", config?.mapping?.value ?? "—", origin(config?.mapping, default: "each workbook's NAME.mapping.yaml, else the templates' names")),
                ("reports", reports ?? "text → stdout", origin(config?.reports, default: "default")),
                ("failOn", config?.failOn?.value ?? "error", origin(config?.failOn, default: "default")),
                ("maxRisk", config?.maxRisk.map { String($0.value) } ?? "—", origin(config?.maxRisk, default: "not set")),
                ("includeNames", String(config?.includeNames?.value ?? false), origin(config?.includeNames, default: "default")),
                ("language", config?.language?.value.rawValue ?? Language.fromEnvironment(Console.environment).rawValue, origin(config?.language, default: "from the environment")),
                ("limits.maxFileSize", String(config?.maxFileSize?.value ?? defaults.maxBytes), origin(config?.maxFileSize, default: "default")),
                ("limits.maxDepth", String(config?.maxDepth?.value ?? defaults.maxDepth), origin(config?.maxDepth, default: "default")),
                ("limits.maxAliasExpansion", String(config?.maxAliasExpansion?.value ?? defaults.maxAliasExpansion), origin(config?.maxAliasExpansion, default: "default")),
            ]
            let nameWidth = rows.map(\.0.count).max() ?? 0
            let valueWidth = min(48, rows.map { $0.1.count }.max() ?? 0)
            var out = "configuration: " + (config?.path ?? "none (no \(ConfigSchema.fileName) from here up to the repository root)") + "\n"
            for (name, value, from) in rows {
                out += name.padding(toLength: nameWidth + 2, withPad: " ", startingAt: 0)
                out += (value.count < valueWidth ? value.padding(toLength: valueWidth, withPad: " ", startingAt: 0) : value) + "  " + from + "\n"
            }
            out += "command-line options override every value above.\n"
            return out
        }
    }
}
