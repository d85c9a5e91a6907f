import ArgumentParser
import YAMLSource

/// The limits every command that reads YAML accepts.
struct InputOptions: ParsableArguments {
    @Option(name: .customLong("max-file-size"), help: "Largest input file accepted, in bytes.")
    var maxFileSize: Int = YAMLLimits.default.maxBytes

    @Option(name: .customLong("max-depth"), help: "Deepest nesting of mappings and sequences (at most \(YAMLLimits.hardMaxDepth)).")
    var maxDepth: Int = YAMLLimits.default.maxDepth

    @Option(name: .customLong("max-alias-expansion"), help: "Most nodes that YAML aliases may copy into one document.")
    var maxAliasExpansion: Int = YAMLLimits.default.maxAliasExpansion

    func validate() throws {
        guard maxFileSize > 0, maxDepth > 0, maxAliasExpansion >= 0 else {
            throw ValidationError("limits must be positive")
        }
        guard maxDepth <= YAMLLimits.hardMaxDepth else {
            throw ValidationError("--max-depth is at most \(YAMLLimits.hardMaxDepth): deeper nesting would exhaust the stack")
        }
    }

    var limits: YAMLLimits {
        YAMLLimits(maxBytes: maxFileSize, maxDepth: maxDepth, maxAliasExpansion: maxAliasExpansion)
    }
}
