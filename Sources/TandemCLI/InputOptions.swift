import ArgumentParser
import Diagnostics
import Foundation
import Checking
import YAMLSource

/// The limits every command that reads YAML accepts. Unset options take the project
/// configuration's `limits`, then Tandem's defaults.
struct InputOptions: ParsableArguments {
    @Option(name: .customLong("max-file-size"), help: "Largest input file accepted, in bytes (default: \(YAMLLimits.default.maxBytes)).")
    var maxFileSize: Int?

    @Option(name: .customLong("max-depth"), help: "Deepest nesting of mappings and sequences (at most \(YAMLLimits.hardMaxDepth); default: \(YAMLLimits.default.maxDepth)).")
    var maxDepth: Int?

    @Option(name: .customLong("max-alias-expansion"), help: "Most nodes that YAML aliases may copy into one document (default: \(YAMLLimits.default.maxAliasExpansion)).")
    var maxAliasExpansion: Int?

    @Option(name: .customLong("lang"), help: "Language of policy texts and reports: en or fr (default: the configuration's, else from LC_ALL, LC_MESSAGES or LANG).")
    var lang: Language?

    func validate() throws {
        guard (maxFileSize ?? 1) > 0, (maxDepth ?? 1) > 0, (maxAliasExpansion ?? 0) >= 0 else {
            throw ValidationError("limits must be positive")
        }
        guard (maxDepth ?? 0) <= YAMLLimits.hardMaxDepth else {
            throw ValidationError("--max-depth is at most \(YAMLLimits.hardMaxDepth): deeper nesting would exhaust the stack")
        }
    }

    /// Takes the configuration's limits where no option was given.
    mutating func apply(_ config: ProjectConfig?) {
        maxFileSize = maxFileSize ?? config?.maxFileSize?.value
        maxDepth = maxDepth ?? config?.maxDepth.map { min($0.value, YAMLLimits.hardMaxDepth) }
        maxAliasExpansion = maxAliasExpansion ?? config?.maxAliasExpansion?.value
        lang = lang ?? config?.language?.value
    }

    /// The language asked for: --lang, the configuration's, else the environment's.
    var language: Language {
        lang ?? Language.fromEnvironment(Console.environment)
    }

    var limits: YAMLLimits {
        YAMLLimits(
            maxBytes: maxFileSize ?? YAMLLimits.default.maxBytes, maxDepth: maxDepth ?? YAMLLimits.default.maxDepth,
            maxAliasExpansion: maxAliasExpansion ?? YAMLLimits.default.maxAliasExpansion)
    }
}

/// `--config FILE` and `--no-config`: which project configuration (`.tandem.yaml`) applies.
struct ConfigOptions: ParsableArguments {
    @Option(name: .customLong("config"), help: "The project configuration (default: the nearest .tandem.yaml from here up to the repository root).")
    var file: String?

    @Flag(name: .customLong("no-config"), help: "Ignore any .tandem.yaml.")
    var ignore = false

    /// The configuration file that applies, if any.
    var path: String? {
        if ignore { return nil }
        return file ?? ProjectConfig.find(from: FileManager.default.currentDirectoryPath)
    }

    /// Loads the configuration, printing its problems; exits 2 when it is invalid.
    func load() throws -> ProjectConfig? {
        guard let path else { return nil }
        let loaded = ProjectConfig.load(path: path)
        if !loaded.diagnostics.isEmpty {
            Console.error(DiagnosticRenderer(sources: loaded.sources).render(loaded.diagnostics))
        }
        guard let config = loaded.config else { throw TandemExit(code: .inputError) }
        return config
    }
}

extension Language: ArgumentChoice {}
