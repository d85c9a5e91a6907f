import Diagnostics
import Foundation
import YAMLSource

/// One file holding one document of a declared kind (a `TandemConfig`, an `ImportMapping`),
/// read and checked against its schema: the file-level checks every such format shares.
public enum SchemaDocument {
    /// What loading produced: the document when it is of the kind and valid, every problem, and
    /// the file for quoting.
    public struct Loaded: Sendable {
        public var document: YAMLDocument?
        public var diagnostics: [Diagnostic]
        public var sources: [SourceText]
    }

    /// Reads `path` as one `kind` document validated against `schema`, its codes prefixed with
    /// `codePrefix`. `role` names the file in messages ("configuration", "mapping"; French in
    /// `roleFR`). A folder is refused: it would be searched for YAML files and the first taken.
    public static func load(
        path: String, kind: String, schema: ObjectSchema, codePrefix: String, role: String, roleFR: String, limits: YAMLLimits
    ) -> Loaded {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            return Loaded(
                document: nil,
                diagnostics: [
                    Diagnostic(
                        InputDiagnostics.unreadable, message: "cannot read \(path) as a \(role): it is a folder; name the file",
                        fr: "impossible de lire \(path) comme \(roleFR) : c'est un dossier ; nommez le fichier")
                ], sources: [])
        }
        let files = SourceFiles(operands: [path], maxBytes: limits.maxBytes)
        var diagnostics = files.diagnostics
        guard let source = files.sources.first else { return Loaded(document: nil, diagnostics: diagnostics, sources: []) }
        let loaded = YAMLLoader(limits: limits).load(source)
        diagnostics += loaded.diagnostics
        let wrongKind = SchemaDiagnostics.wrongKind.prefixed(codePrefix)
        guard !loaded.diagnostics.containsErrors, let document = loaded.documents.first else {
            if loaded.documents.isEmpty, !diagnostics.containsErrors {
                diagnostics.append(
                    Diagnostic(
                        wrongKind, message: "\(path) holds no \(kind) document", fr: "\(path) ne contient aucun document \(kind)",
                        location: SourceLocation(file: path, line: 1, column: 1)))
            }
            return Loaded(document: nil, diagnostics: diagnostics, sources: files.sources)
        }
        if let found = document.root["kind"], found.string != kind {
            diagnostics.append(
                Diagnostic(
                    wrongKind, message: "expected kind '\(kind)', found '\(found.scalar?.text ?? found.typeName)'",
                    fr: "kind « \(kind) » attendu ; trouvé « \(found.scalar?.text ?? found.typeName) »", location: document.location(found.mark)))
            return Loaded(document: nil, diagnostics: diagnostics, sources: files.sources)
        }
        let problems = SchemaValidator(root: schema, codePrefix: codePrefix).validate(document)
        diagnostics += problems
        return Loaded(document: problems.containsErrors ? nil : document, diagnostics: diagnostics, sources: files.sources)
    }
}
