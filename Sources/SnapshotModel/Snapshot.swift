import Diagnostics
import Foundation
import Parallel
import YAMLSource

/// A validated organization snapshot: the document tree (which keeps every source mark) and the
/// facts every later stage needs up front.
public struct Snapshot: Sendable {
    /// The document, validated against ``SnapshotSchema``.
    public let document: YAMLDocument
    /// `metadata.name`.
    public let name: String
    /// `metadata.asOf`, in seconds since the Unix epoch.
    public let asOf: Double

    /// The file the snapshot came from.
    public var path: String { document.path }

    /// The organization's name (`organization.name`), else the snapshot's: the organization part
    /// of a finding's identity and of history records.
    public var organization: String { document.root["organization"]?["name"]?.string ?? name }

    /// Wraps a document the caller has already validated.
    package init(document: YAMLDocument, name: String, asOf: Double) {
        self.document = document
        self.name = name
        self.asOf = asOf
    }
}

/// Reads snapshot files: YAML or JSON, one or more documents each.
public struct SnapshotLoader: Sendable {
    /// The YAML loader, with its limits.
    public var yaml: YAMLLoader

    /// Creates a loader.
    public init(limits: YAMLLimits = .default) {
        self.yaml = YAMLLoader(limits: limits)
    }

    /// What loading one file produced.
    public struct Result: Sendable {
        /// The snapshots that validated.
        public var snapshots: [Snapshot]
        /// Every problem found; a document with an error yields no snapshot.
        public var diagnostics: [Diagnostic]
    }

    /// Loads and validates every document in `source`.
    public func load(_ source: SourceText) -> Result {
        validate(yaml.load(source), path: source.path)
    }

    /// Loads and validates the regular file at `path` without holding its text (see
    /// ``YAMLLoader/load(streaming:)``); nil when the caller should read it and ``load(_:)`` the
    /// text instead. Validation problems still come back: quoting them is the caller's to do.
    public func load(streaming path: String) -> Result? {
        yaml.load(streaming: path).map { validate($0, path: path) }
    }

    /// Documents of this many nodes or more (a few hundred teams) are validated on every core.
    static let largeDocument = 100_000

    private func validate(_ loaded: YAMLLoader.Result, path: String) -> Result {
        var result = Result(snapshots: [], diagnostics: loaded.diagnostics)
        if loaded.diagnostics.containsErrors { return result }
        if loaded.documents.isEmpty {
            result.diagnostics.append(
                Diagnostic(
                    SchemaDiagnostics.noDocument, message: "file holds no document", fr: "le fichier ne contient aucun document",
                    location: SourceLocation(file: path, line: 1, column: 1)))
        }
        let validator = SchemaValidator(root: SnapshotSchema.root, acceptsUnknown: true)
        for document in loaded.documents {
            if let problem = kindProblem(document) {
                result.diagnostics.append(problem)
                continue
            }
            var problems: [Diagnostic]
            if document.tree.nodeCount >= Self.largeDocument, ProcessInfo.processInfo.activeProcessorCount > 1 {
                // A large document's data-quality checks run beside its validation, and count
                // only if it validates (they read a valid document's shape, but tolerate any).
                // On a thread of their own: as one task of two beside the validation, they left
                // the validation's parts to one core (a nested parallel loop runs serially), and
                // a core idle once the shorter task ended.
                let quality = Background { DataQuality().check(YAMLDocument(path: document.path, index: document.index, root: document.root.onOwnTree())) }
                problems = validator.validate(document)
                let checked = quality.result()
                if !problems.containsErrors { problems += checked }
            } else {
                problems = validator.validate(document, parallel: false)
                if !problems.containsErrors { problems += DataQuality().check(document) }
            }
            result.diagnostics += problems
            guard !problems.containsErrors,
                let name = document.root["metadata"]?["name"]?.string,
                let asOf = document.root["metadata"]?["asOf"]?.string.flatMap(ISODate.parse)
            else { continue }
            result.snapshots.append(Snapshot(document: document, name: name, asOf: asOf))
        }
        return result
    }

    /// A wrong `apiVersion` or `kind` makes every other message noise, so it is reported alone.
    private func kindProblem(_ document: YAMLDocument) -> Diagnostic? {
        let root = document.root
        guard root.mapping != nil else {
            return Diagnostic(
                SchemaDiagnostics.wrongType, message: "expected a mapping at the document root, found \(root.typeName)",
                fr: "dictionnaire attendu à la racine du document ; trouvé : \(SchemaValidator.french(root.typeName))",
                location: document.location(root.mark))
        }
        if let version = root["apiVersion"], version.string != SnapshotSchema.apiVersion {
            return Diagnostic(
                SchemaDiagnostics.wrongKind, message: "unsupported apiVersion '\(version.scalar?.text ?? version.typeName)'; this build reads '\(SnapshotSchema.apiVersion)'",
                fr: "apiVersion « \(version.scalar?.text ?? version.typeName) » non prise en charge ; cette version lit « \(SnapshotSchema.apiVersion) »",
                location: document.location(version.mark))
        }
        if let kind = root["kind"], kind.string != SnapshotSchema.kind {
            return Diagnostic(
                SchemaDiagnostics.wrongKind, message: "expected kind '\(SnapshotSchema.kind)', found '\(kind.scalar?.text ?? kind.typeName)'",
                fr: "kind « \(SnapshotSchema.kind) » attendu ; trouvé « \(kind.scalar?.text ?? kind.typeName) »",
                location: document.location(kind.mark))
        }
        return nil
    }
}
