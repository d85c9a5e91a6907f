import CSV
import Diagnostics
import Foundation

/// Tables as CSV files, one per table, named after it (`teams.members.csv`), through CSV.swift.
public enum CSVTables {
    /// Reads CSV `files`; a file that is not UTF-8 CSV is IMP007 at the file.
    public static func read(_ files: [String]) -> (sheets: [Sheet], diagnostics: [Diagnostic], sources: [SourceText]) {
        var sheets: [Sheet] = []
        var diagnostics: [Diagnostic] = []
        var sources: [SourceText] = []
        for path in files {
            guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
                diagnostics.append(
                    Diagnostic(
                        ImportDiagnostics.unreadable, message: "\(path) is not a UTF-8 CSV file", fr: "\(path) n\'est pas un fichier CSV en UTF-8",
                        location: SourceLocation(file: path, line: 1, column: 1)))
                continue
            }
            sources.append(SourceText(path: path, text: text))
            let parsed = read(text: text, path: path)
            sheets += parsed.sheets
            diagnostics += parsed.diagnostics
        }
        return (sheets, diagnostics, sources)
    }

    /// One CSV table from its text (`path` names it and, without its extension, the table).
    public static func read(text: String, path: String) -> (sheets: [Sheet], diagnostics: [Diagnostic]) {
        var sheets: [Sheet] = []
        var diagnostics: [Diagnostic] = []
        do {
            let reader = try CSVReader(string: text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text, hasHeaderRow: true)
            var rows: [[String]] = []
            while let row = reader.next() { rows.append(row) }
            let name = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
            sheets.append(Sheet(name: name, place: .csv(file: path), headers: reader.headerRow ?? [], rows: rows))
        } catch {
            diagnostics.append(
                Diagnostic(
                    ImportDiagnostics.unreadable, message: "\(path) is not valid CSV: \(error)", fr: "\(path) n\'est pas un CSV valide : \(error)",
                    location: SourceLocation(file: path, line: 1, column: 1)))
        }
        return (sheets, diagnostics)
    }

    /// The CSV text of one table.
    public static func text(headers: [String], rows: [[String]]) throws -> String {
        let stream = OutputStream(toMemory: ())
        let writer = try CSVWriter(stream: stream)
        try writer.write(row: headers)
        for row in rows { try writer.write(row: row) }
        writer.stream.close()
        let data = stream.property(forKey: .dataWrittenToMemoryStreamKey) as? Data ?? Data()
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
