import Diagnostics
import Foundation
import Reporting
import SnapshotModel
import YAMLSource

/// The `TandemConfig` format: a project's defaults for the commands, in `.tandem.yaml`.
public enum ConfigSchema {
    /// The document kind.
    public static let kind = "TandemConfig"
    /// The file name looked for from the working directory upwards.
    public static let fileName = ".tandem.yaml"

    static let report = ObjectSchema(
        "ConfigReport", "One report: its format, and the file it goes to (stdout when absent).",
        fields: [
            FieldSchema("format", .enumeration(ReportFormat.allCases.map(\.rawValue)), required: true, "Report format."),
            FieldSchema("output", .string, "File, relative to this file's folder (stdout when absent)."),
        ])

    static let limits = ObjectSchema(
        "ConfigLimits", "Input limits (the --max-… options).",
        fields: [
            FieldSchema("maxFileSize", .integer(minimum: 1), "Largest input file, in bytes."),
            FieldSchema("maxDepth", .integer(minimum: 1), "Deepest nesting of mappings and sequences."),
            FieldSchema("maxAliasExpansion", .integer(minimum: 0), "Most nodes YAML aliases may copy into one document."),
        ])

    /// The document's root. Every path is relative to the folder holding the file, so a command
    /// run from a subfolder reads the same files.
    public static let root = ObjectSchema(
        "TandemConfig", "A project's defaults for tandem's commands; command-line options override them.",
        fields: [
            FieldSchema("apiVersion", .enumeration([SnapshotSchema.apiVersion]), required: true, "Format version."),
            FieldSchema("kind", .enumeration([kind]), required: true, "Document kind."),
            FieldSchema("policies", .list(.string), "Policy files or directories (--policy)."),
            FieldSchema("snapshots", .list(.string), "Snapshot files or directories checked when a command names none."),
            FieldSchema("waivers", .list(.string), "Waiver files (--waivers)."),
            FieldSchema("baseline", .string, "Baseline file (--baseline)."),
            FieldSchema("history", .string, "History database (--history)."),
            FieldSchema("mapping", .string, "ImportMapping for .xlsx snapshots (--mapping)."),
            FieldSchema("reports", .list(.object(report)), "Reports of `tandem check` (--format and --output)."),
            FieldSchema("failOn", .enumeration(["error", "warning", "info", "never"]), "Lowest severity that fails the run (--fail-on)."),
            FieldSchema("maxRisk", .number(minimum: 0, maximum: 100), "Fail when a risk score is above this (--max-risk)."),
            FieldSchema("includeNames", .boolean, "Name people in SARIF, GitHub, GitLab and JUnit reports (--include-names)."),
            FieldSchema("limits", .object(limits), "Input limits."),
            FieldSchema("language", .enumeration(Language.allCases.map(\.rawValue)), "Language of policy texts and reports (--lang)."),
        ])
}

/// Every diagnostic about configuration files.
public enum ConfigDiagnostics: DiagnosticCatalogue {
    public static let title = "Configuration (CONF…)"
    public static var kinds: [DiagnosticKind] {
        SchemaDiagnostics.kinds(prefix: "CONF", schema: ConfigSchema.root, loaderChecks: [SchemaDiagnostics.wrongKind])
    }
}

/// A project's configuration, each value with the place it was written, so `tandem config show`
/// can say where a setting comes from.
public struct ProjectConfig: Sendable {
    /// A value and where it was written.
    public struct Setting<Value: Sendable>: Sendable {
        /// The value, paths already resolved against the configuration file's folder.
        public var value: Value
        /// The key's value in the file.
        public var location: SourceLocation
    }

    /// One configured report.
    public struct Report: Sendable, Equatable {
        /// Its format.
        public var format: ReportFormat
        /// Its file; `nil` for stdout.
        public var output: String?
    }

    /// The configuration file.
    public var path: String
    public var policies: Setting<[String]>?
    public var snapshots: Setting<[String]>?
    public var waivers: Setting<[String]>?
    public var baseline: Setting<String>?
    public var history: Setting<String>?
    public var mapping: Setting<String>?
    public var reports: Setting<[Report]>?
    public var failOn: Setting<String>?
    public var maxRisk: Setting<Double>?
    public var includeNames: Setting<Bool>?
    public var maxFileSize: Setting<Int>?
    public var maxDepth: Setting<Int>?
    public var maxAliasExpansion: Setting<Int>?
    public var language: Setting<Language>?

    /// The nearest `.tandem.yaml` from `directory` upwards, stopping at a repository root (a
    /// folder with `.git`) so a project never picks up a stranger's file above it.
    /// The path is relative to `directory` (`.tandem.yaml`, `../.tandem.yaml`), so the paths it
    /// holds stay relative in reports, as a user writes them.
    public static func find(from directory: String) -> String? {
        var current = URL(fileURLWithPath: directory).standardizedFileURL
        let fm = FileManager.default
        var up = ""
        while true {
            if fm.fileExists(atPath: current.appendingPathComponent(ConfigSchema.fileName).path) { return up + ConfigSchema.fileName }
            up += "../"
            if fm.fileExists(atPath: current.appendingPathComponent(".git").path) { return nil }
            let parent = current.deletingLastPathComponent()
            if parent.path == current.path { return nil }
            current = parent
        }
    }

    /// What loading a configuration file produced.
    public struct Loaded: Sendable {
        /// The configuration, when the file is valid.
        public var config: ProjectConfig?
        /// Every problem, positioned.
        public var diagnostics: [Diagnostic]
        /// The file, for rendering diagnostics.
        public var sources: [SourceText]
    }

    /// Reads and validates the configuration at `path`.
    public static func load(path: String, limits: YAMLLimits = .default) -> Loaded {
        let loaded = SchemaDocument.load(
            path: path, kind: ConfigSchema.kind, schema: ConfigSchema.root, codePrefix: "CONF", role: "configuration", roleFR: "configuration", limits: limits)
        let diagnostics = loaded.diagnostics
        guard let document = loaded.document else { return Loaded(config: nil, diagnostics: diagnostics, sources: loaded.sources) }

        let folder = (path as NSString).deletingLastPathComponent
        func resolve(_ relative: String) -> String {
            relative.hasPrefix("/") || relative == "-" ? relative : (folder.isEmpty ? relative : (folder as NSString).appendingPathComponent(relative))
        }
        let root = document.root
        func setting<T>(_ key: String, _ read: (YAMLNode) -> T?) -> Setting<T>? {
            guard let node = root[key], let value = read(node) else { return nil }
            return Setting(value: value, location: document.location(node.mark))
        }
        let paths: (YAMLNode) -> [String]? = { node in node.sequence?.compactMap { $0.string.map(resolve) } }
        var config = ProjectConfig(path: path)
        config.policies = setting("policies", paths)
        config.snapshots = setting("snapshots", paths)
        config.waivers = setting("waivers", paths)
        config.baseline = setting("baseline") { $0.string.map(resolve) }
        config.history = setting("history") { $0.string.map(resolve) }
        config.mapping = setting("mapping") { $0.string.map(resolve) }
        config.reports = setting("reports") { node in
            node.sequence?.compactMap { entry in
                entry["format"]?.string.flatMap(ReportFormat.init(rawValue:)).map { Report(format: $0, output: entry["output"]?.string.map(resolve)) }
            }
        }
        config.failOn = setting("failOn") { $0.string }
        config.language = setting("language") { $0.string.flatMap(Language.init(rawValue:)) }
        config.maxRisk = setting("maxRisk") { node in
            switch node.scalar {
            case .int(let value)?: Double(value)
            case .double(let value)?: value
            default: nil
            }
        }
        config.includeNames = setting("includeNames") { node in
            if case .bool(let value)? = node.scalar { value } else { nil }
        }
        let limitsNode = root["limits"]
        func limit(_ key: String) -> Setting<Int>? {
            guard let node = limitsNode?[key], case .int(let value)? = node.scalar, let int = Int(exactly: value) else { return nil }
            return Setting(value: int, location: document.location(node.mark))
        }
        config.maxFileSize = limit("maxFileSize")
        config.maxDepth = limit("maxDepth")
        config.maxAliasExpansion = limit("maxAliasExpansion")
        return Loaded(config: config, diagnostics: diagnostics, sources: loaded.sources)
    }

    init(path: String) {
        self.path = path
    }
}
