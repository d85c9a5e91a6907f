import Diagnostics
import Foundation
import SnapshotModel

/// What `tandem check` found, in the shape both the text and the JSON renderings share.
struct CheckReport {
    /// One input file's outcome.
    struct FileResult: Encodable {
        var path: String
        var snapshots: [String]
        var errors: Int
        var warnings: Int
    }

    var files: [FileResult] = []
    var diagnostics: [Diagnostic]

    init(diagnostics: [Diagnostic] = []) {
        self.diagnostics = diagnostics
    }

    /// False when any input failed to load: the report then covers only part of the input.
    var isComplete: Bool { !diagnostics.containsErrors }

    mutating func add(path: String, snapshots: [Snapshot], diagnostics: [Diagnostic]) {
        files.append(FileResult(
            path: path, snapshots: snapshots.map(\.name),
            errors: diagnostics.filter { $0.severity == .error }.count,
            warnings: diagnostics.filter { $0.severity == .warning }.count))
        self.diagnostics += diagnostics
    }

    func text() -> String {
        var out = ""
        for file in files {
            if file.errors > 0 {
                out += "✗ \(file.path): \(file.errors) error\(file.errors == 1 ? "" : "s")\n"
            } else {
                out += "✓ \(file.path): \(file.snapshots.count) snapshot\(file.snapshots.count == 1 ? "" : "s") valid\n"
            }
        }
        let errors = diagnostics.filter { $0.severity == .error }.count
        let snapshotCount = files.reduce(0) { $0 + $1.snapshots.count }
        out += "\(files.count) file\(files.count == 1 ? "" : "s"), \(snapshotCount) snapshot\(snapshotCount == 1 ? "" : "s"), "
        out += "\(errors) input error\(errors == 1 ? "" : "s")"
        out += isComplete ? "\n" : " (report incomplete)\n"
        return out
    }

    func json() throws -> String {
        struct Located: Encodable {
            var code: String
            var severity: String
            var message: String
            var file: String?
            var line: Int?
            var column: Int?
            var notes: [String]
        }
        struct Summary: Encodable {
            var files: Int
            var snapshots: Int
            var errors: Int
            var warnings: Int
        }
        struct Document: Encodable {
            var version = 1
            var complete: Bool
            var files: [FileResult]
            var diagnostics: [Located]
            var summary: Summary
        }
        let document = Document(
            complete: isComplete, files: files,
            diagnostics: diagnostics.sortedByLocation().map {
                Located(code: $0.code, severity: $0.severity.rawValue, message: $0.message,
                        file: $0.location?.file, line: $0.location?.line, column: $0.location?.column, notes: $0.notes)
            },
            summary: Summary(
                files: files.count, snapshots: files.reduce(0) { $0 + $1.snapshots.count },
                errors: diagnostics.filter { $0.severity == .error }.count,
                warnings: diagnostics.filter { $0.severity == .warning }.count))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(document), as: UTF8.self) + "\n"
    }
}
