import Diagnostics
import Foundation
import SnapshotModel
import YAMLSource

/// The `ImportMapping` format: how an organization's own spreadsheets feed the snapshot tables —
/// which sheet (or CSV file) is which table, which of its headers is which column, the words its
/// cells use for the format's values ("Partenaire patient" for `patient-advisor`, "Oui" for
/// `true`) and how it writes dates (`dd/MM/yyyy`).
public enum MappingSchema {
    /// The document kind.
    public static let kind = "ImportMapping"
    /// The file `tandem import` and `tandem check` look for in a folder of CSV tables.
    public static let folderFileName = "mapping.yaml"

    /// The mapping file found for a spreadsheet input without `--mapping`: `mapping.yaml` in a
    /// folder of CSV tables, `roster.mapping.yaml` beside `roster.xlsx`.
    public static func companion(of input: String) -> String {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: input, isDirectory: &isDirectory), isDirectory.boolValue {
            return (input as NSString).appendingPathComponent(folderFileName)
        }
        return (input as NSString).deletingPathExtension + ".mapping.yaml"
    }

    static let table = ObjectSchema(
        "TableMapping", "Where one snapshot table is read from.",
        fields: [
            FieldSchema("table", .enumeration(TableLayout.snapshot.tables.map(\.name)), required: true, "The snapshot table (as in `tandem import --template`)."),
            FieldSchema("sheet", .string, "The sheet (workbook) or CSV file name without `.csv` holding it; the table's own name when absent."),
            FieldSchema("columns", .dictionary(.string), "The table's column → the spreadsheet's header for it. Columns left out keep their own name."),
            FieldSchema("values", .dictionary(.dictionary(.string)), "The table's column → {word in the cells: value of the format}."),
        ])

    /// The document's root.
    public static let root = ObjectSchema(
        kind, "How spreadsheets map to the snapshot tables: sheets, headers, vocabularies and date formats.",
        fields: [
            FieldSchema("apiVersion", .enumeration([SnapshotSchema.apiVersion]), required: true, "Format version."),
            FieldSchema("kind", .enumeration([kind]), required: true, "Document kind."),
            FieldSchema("tables", .list(.object(table)), "One entry per table read from a sheet or header of another name; unmapped tables keep their own names."),
            FieldSchema("booleans", .dictionary(.boolean), "Words for true and false in every yes/no column (`Oui: true`), besides true/false, yes/no, oui/non."),
            FieldSchema("dateFormats", .list(.string), "Date patterns tried in order for dates not written YYYY-MM-DD (Unicode patterns: `dd/MM/yyyy`, `d MMMM yyyy`)."),
        ])
}

/// Every diagnostic about import mapping files.
public enum MappingDiagnostics: DiagnosticCatalogue {
    public static let title = "Import mappings (MAP…)"
    public static let unknownColumn = DiagnosticKind(
        "MAP101", .error, "a mapping names a column its table does not have (with \"did you mean\")", help: "Name the column as `tandem import --template` writes it; map it to your header.")
    public static let badTarget = DiagnosticKind(
        "MAP102", .error, "a vocabulary maps a word to a value the column does not accept, or the column takes no vocabulary (with \"did you mean\")",
        help: "Map each word to one of the values the column's README lists.")
    public static let clash = DiagnosticKind(
        "MAP103", .error, "two entries read the same table or sheet, or two columns read the same header", help: "Each sheet feeds one table, each header one column.")
    public static let badDateFormat = DiagnosticKind(
        "MAP104", .error, "a date format without day, month and year, or one that cannot read back a date it writes", help: "Use Unicode date patterns such as `dd/MM/yyyy`.")

    public static var kinds: [DiagnosticKind] {
        SchemaDiagnostics.kinds(prefix: "MAP", schema: MappingSchema.root, loaderChecks: [SchemaDiagnostics.wrongKind]) + [unknownColumn, badTarget, clash, badDateFormat]
    }
}

/// A declared mapping, applied to the sheets as read before they are imported: sheets renamed to
/// their tables, headers to their columns, words to the format's values, dates to ISO 8601. Cells
/// keep their places, so every later problem is still reported at the cell the user wrote.
public struct ImportMapping: Sendable {
    /// Where one table is read from.
    public struct Table: Sendable {
        /// The snapshot table.
        public var table: String
        /// The sheet or CSV file's base name.
        public var sheet: String
        /// Spreadsheet header, folded for comparison → the table's column.
        public var columns: [String: String]
        /// The spreadsheet headers as the mapping spells them, for "did you mean".
        public var headers: [String]
        /// The table's column → its vocabulary.
        public var values: [String: Vocabulary]
    }

    /// The words a spreadsheet uses for one column's values.
    public struct Vocabulary: Sendable {
        /// Word, folded for comparison → value of the format.
        public var values: [String: String] = [:]
        /// The words as the mapping spells them.
        public var words: [String] = []
    }

    /// The tables mapped; others keep their names.
    public var tables: [Table] = []
    /// Extra words for true and false, folded for comparison.
    public var booleans: [String: Bool] = [:]
    /// Date patterns tried in order.
    public var dateFormats: [String] = []
    /// The file it was read from; `nil` for the identity mapping.
    public var path: String?

    /// The identity mapping: templates' own sheet names and headers.
    public init() {}

    /// What loading a mapping file produced.
    public struct Loaded: Sendable {
        /// The mapping, when the file is valid.
        public var mapping: ImportMapping?
        /// Every problem, positioned.
        public var diagnostics: [Diagnostic]
        /// The file, for quoting.
        public var sources: [SourceText]
    }

    /// Folded for comparison: spreadsheet words are matched without regard to case or
    /// surrounding spaces ("oui", "Oui ", "OUI").
    static func fold(_ word: String) -> String { word.trimmed.lowercased() }

    /// Reads and validates the mapping at `path`.
    public static func load(path: String, layout: TableLayout = .snapshot, limits: YAMLLimits = .default) -> Loaded {
        let loaded = SchemaDocument.load(
            path: path, kind: MappingSchema.kind, schema: MappingSchema.root, codePrefix: "MAP", role: "mapping", roleFR: "correspondance", limits: limits)
        var diagnostics = loaded.diagnostics
        guard let document = loaded.document else { return Loaded(mapping: nil, diagnostics: diagnostics, sources: loaded.sources) }

        var mapping = ImportMapping()
        mapping.path = path
        var tablesSeen: Set<String> = []
        var sheetsSeen: Set<String> = []
        for entry in document.root["tables"]?.sequence.map({ Array($0) }) ?? [] {
            guard let tableNode = entry["table"], let name = tableNode.string, let table = layout.table(name) else { continue }
            let sheetNode = entry["sheet"]
            let sheet = sheetNode?.string ?? name
            if !tablesSeen.insert(name).inserted {
                diagnostics.append(
                    Diagnostic(MappingDiagnostics.clash, message: "table '\(name)' is mapped twice", fr: "la table « \(name) » est décrite deux fois", location: document.location(tableNode.mark)))
            } else if !sheetsSeen.insert(fold(sheet)).inserted {
                diagnostics.append(
                    Diagnostic(
                        MappingDiagnostics.clash, message: "sheet '\(sheet)' feeds two tables", fr: "la feuille « \(sheet) » alimente deux tables",
                        location: document.location((sheetNode ?? tableNode).mark)))
            }
            var columns: [String: String] = [:]
            var headers: [String] = []
            for pair in entry["columns"]?.mapping.map({ Array($0.entries) }) ?? [] {
                let (column, headerNode) = (pair.key, pair.value)
                let keyLocation = document.location(pair.keyMark)
                guard table.headers.contains(column) else {
                    diagnostics.append(
                        Diagnostic(
                            MappingDiagnostics.unknownColumn, message: "\(name) has no column '\(column)'", fr: "\(name) n'a pas de colonne « \(column) »", location: keyLocation,
                            notes: Suggestion.note(for: column, in: table.headers)))
                    continue
                }
                guard let header = headerNode.string else { continue }
                if columns[fold(header)] != nil {
                    diagnostics.append(
                        Diagnostic(
                            MappingDiagnostics.clash, message: "header '\(header)' is mapped to two columns of \(name)", fr: "l'en-tête « \(header) » est associé à deux colonnes de \(name)",
                            location: document.location(headerNode.mark)))
                }
                columns[fold(header)] = column
                headers.append(header)
            }
            var values: [String: Vocabulary] = [:]
            for pair in entry["values"]?.mapping.map({ Array($0.entries) }) ?? [] {
                let (column, words) = (pair.key, pair.value)
                let keyLocation = document.location(pair.keyMark)
                guard let type = table.columns.first(where: { $0.header == column })?.type else {
                    diagnostics.append(
                        Diagnostic(
                            MappingDiagnostics.unknownColumn, message: "\(name) has no column '\(column)'", fr: "\(name) n'a pas de colonne « \(column) »", location: keyLocation,
                            notes: Suggestion.note(for: column, in: table.columns.map(\.header))))
                    continue
                }
                let allowed: [String]
                switch type {
                case .enumeration(let list), .list(.enumeration(let list)): allowed = list
                default:
                    diagnostics.append(
                        Diagnostic(
                            MappingDiagnostics.badTarget,
                            message: "\(name).\(column) takes no vocabulary: only columns with a fixed list of values do (use `booleans:` for yes/no columns)",
                            fr: "\(name).\(column) n'accepte pas de vocabulaire : seules les colonnes à liste de valeurs fixe en ont (utilisez `booleans:` pour les colonnes oui/non)",
                            location: keyLocation))
                    continue
                }
                var vocabulary = Vocabulary()
                for pair in words.mapping.map({ Array($0.entries) }) ?? [] {
                    let (word, valueNode) = (pair.key, pair.value)
                    guard let value = valueNode.string else { continue }
                    guard allowed.contains(value) else {
                        diagnostics.append(
                            Diagnostic(
                                MappingDiagnostics.badTarget, message: "'\(value)' is not a value of \(name).\(column); expected one of: \(allowed.joined(separator: ", "))",
                                fr: "« \(value) » n'est pas une valeur de \(name).\(column) ; valeurs admises : \(allowed.joined(separator: ", "))",
                                location: document.location(valueNode.mark), notes: Suggestion.note(for: value, in: allowed)))
                        continue
                    }
                    vocabulary.values[fold(word)] = value
                    vocabulary.words.append(word)
                }
                values[column] = vocabulary
            }
            mapping.tables.append(Table(table: name, sheet: sheet, columns: columns, headers: headers, values: values))
        }
        for pair in document.root["booleans"]?.mapping.map({ Array($0.entries) }) ?? [] {
            if case .bool(let value)? = pair.value.scalar { mapping.booleans[fold(pair.key)] = value }
        }
        for node in document.root["dateFormats"]?.sequence.map({ Array($0) }) ?? [] {
            guard let format = node.string else { continue }
            if let problem = Self.dateFormatProblem(format) {
                diagnostics.append(
                    Diagnostic(
                        MappingDiagnostics.badDateFormat, message: "date format '\(format)' \(problem)", fr: "le format de date « \(format) » \(Self.frenchDateProblem(problem))",
                        location: document.location(node.mark)))
            } else {
                mapping.dateFormats.append(format)
            }
        }
        return Loaded(mapping: diagnostics.containsErrors ? nil : mapping, diagnostics: diagnostics, sources: loaded.sources)
    }

    /// Why `format` cannot serve, or `nil`: it must name the day, month and year (so no date is
    /// read as another) and read back what it writes.
    static func dateFormatProblem(_ format: String) -> String? {
        let letters = Set(format.filter(\.isLetter))
        guard letters.contains("d"), letters.contains("M"), letters.contains("y") || letters.contains("u") else {
            return "needs the day (d), the month (M) and the year (y)"
        }
        let formatter = Self.formatter(format)
        let sample = Date(timeIntervalSince1970: 1_772_323_200)  // 2026-03-01
        guard formatter.date(from: formatter.string(from: sample)) == sample else { return "cannot read back the dates it writes" }
        return nil
    }

    /// ``dateFormatProblem(_:)``'s answer in French.
    static func frenchDateProblem(_ problem: String) -> String {
        problem.hasPrefix("needs") ? "doit nommer le jour (d), le mois (M) et l'année (y)" : "ne relit pas les dates qu'il écrit"
    }

    static func formatter(_ format: String) -> DateFormatter {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: format.contains("MMM") ? "fr_CA" : "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = format
        formatter.isLenient = false
        return formatter
    }

    /// The sheets renamed and translated; words and dates that fit nothing are reported at their
    /// cells (IMP010, IMP011), headers that fit no column at theirs (IMP003).
    public func apply(_ sheets: [Sheet], layout: TableLayout = .snapshot) -> (sheets: [Sheet], diagnostics: [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        let formatters = dateFormats.map(DatePattern.init)
        let mapped = sheets.map { original -> Sheet in
            var sheet = original
            let entry = tables.first { entry in
                let wanted = Self.fold(entry.sheet)
                if case .workbook = sheet.place { return Self.fold(sheet.name) == wanted || Self.fold(sheet.name) == Self.fold(Workbook.sheetName(entry.sheet)) }
                return Self.fold(sheet.name) == wanted
            }
            if let entry { sheet.name = entry.table }
            // A workbook's sheet names are cut to 31 characters; find the table by either name.
            let tableName = entry?.table ?? layout.tables.first { $0.name == sheet.name || Workbook.sheetName($0.name) == sheet.name }?.name
            guard let tableName, let table = layout.table(tableName) else { return sheet }
            if let entry {
                sheet.headers = sheet.headers.enumerated().map { index, header in
                    let folded = Self.fold(header)
                    if folded.isEmpty { return header }
                    if let column = entry.columns[folded] { return column }
                    if table.headers.contains(header.trimmed) { return header }
                    let place = original.name == table.name ? table.name : "\(original.name) (table \(table.name))"
                    diagnostics.append(
                        Diagnostic(
                            ImportDiagnostics.unknownColumn, message: "'\(header)' is no column of \(place)", fr: "« \(header) » n'est pas une colonne de \(place)",
                            location: sheet.location(row: -1, column: index),
                            notes: Suggestion.note(for: header, in: entry.headers + table.headers)))
                    return ""
                }
            }
            for (c, header) in sheet.headers.enumerated() {
                guard let column = table.columns.first(where: { $0.header == header }) else { continue }
                let vocabulary = entry?.values[column.header] ?? Vocabulary()
                for r in sheet.rows.indices {
                    let text = sheet.rows[r][c].trimmed
                    if text.isEmpty || text == FieldSchema.unknownMarker || text == SnapshotSheets.none { continue }
                    if let translated = translate(text, column.type, vocabulary, formatters, at: sheet.location(row: r, column: c), into: &diagnostics) {
                        sheet.rows[r][c] = translated
                    }
                }
            }
            return sheet
        }
        return (mapped, diagnostics)
    }

    /// A cell's text in the format's terms, or `nil` to leave it as written.
    private func translate(
        _ text: String, _ type: SchemaType, _ vocabulary: Vocabulary, _ formatters: [DatePattern], at location: SourceLocation, into diagnostics: inout [Diagnostic]
    ) -> String? {
        switch type {
        case .enumeration(let allowed) where !vocabulary.words.isEmpty:
            if let value = vocabulary.values[Self.fold(text)] { return value }
            if !allowed.contains(text) { diagnostics.append(unknownWord(text, vocabulary, allowed, at: location)) }
            return nil
        case .list(.enumeration(let allowed)) where !vocabulary.words.isEmpty:
            var parts: [String] = []
            for part in text.split(separator: ";").map({ $0.trimmed }) where !part.isEmpty {
                if let value = vocabulary.values[Self.fold(part)] {
                    parts.append(value)
                } else {
                    if !allowed.contains(part) { diagnostics.append(unknownWord(part, vocabulary, allowed, at: location)) }
                    parts.append(part)
                }
            }
            return parts.joined(separator: "; ")
        case .boolean:
            return booleans[Self.fold(text)].map { $0 ? "true" : "false" }
        case .date:
            // Text shaped like ISO 8601 (or a workbook's serial number) is the format's own;
            // the snapshot's checks judge it.
            let isoShaped = text.utf8.count >= 10 && text.utf8.prefix(4).allSatisfy { (48...57).contains($0) } && Array(text.utf8)[4] == UInt8(ascii: "-")
            guard !formatters.isEmpty, !isoShaped, Double(text) == nil else { return nil }
            for pattern in formatters {
                if let iso = pattern.isoDate(text) { return iso }
            }
            diagnostics.append(
                Diagnostic(
                    ImportDiagnostics.badDate, message: "'\(text)' is a date in none of the mapping's formats (\(dateFormats.joined(separator: ", ")), or YYYY-MM-DD)",
                    fr: "« \(text) » n'est une date dans aucun des formats de la correspondance (\(dateFormats.joined(separator: ", ")), ou AAAA-MM-JJ)",
                    location: location))
            return nil
        default:
            return nil
        }
    }

    private func unknownWord(_ word: String, _ vocabulary: Vocabulary, _ allowed: [String], at location: SourceLocation) -> Diagnostic {
        Diagnostic(
            ImportDiagnostics.unknownWord,
            message: "'\(word)' is in neither the mapping's words (\(vocabulary.words.joined(separator: ", "))) nor the format's values (\(allowed.joined(separator: ", ")))",
            fr: "« \(word) » ne figure ni parmi les mots de la correspondance (\(vocabulary.words.joined(separator: ", "))) ni parmi les valeurs du format (\(allowed.joined(separator: ", ")))",
            location: location, notes: Suggestion.note(for: word, in: vocabulary.words + allowed))
    }

    // MARK: - Writing

    /// The identity mapping written out in full — every table with its sheet and every column
    /// with its header — for an organization to edit to its own names.
    public static func template(_ layout: TableLayout = .snapshot, workbook: Bool) -> String {
        var out = """
            # How your spreadsheets map to the snapshot tables (tandem import, tandem check).
            # Edit the right-hand sides to your own sheet names and headers; delete what you keep as is.
            apiVersion: \(SnapshotSchema.apiVersion)
            kind: \(MappingSchema.kind)
            # Words for yes and no in every yes/no column, besides true/false, yes/no, oui/non.
            booleans:
              Oui: true
              Non: false
            # Date patterns tried in order for dates not written YYYY-MM-DD.
            dateFormats: [dd/MM/yyyy]
            tables:

            """
        for table in layout.tables {
            out += "  - table: \(table.name)\n    sheet: \(quote(workbook ? Workbook.sheetName(table.name) : table.name))\n    columns:\n"
            for header in table.headers { out += "      \(quote(header)): \(quote(header))\n" }
            let vocabularies = table.columns.compactMap { column -> (String, [String])? in
                switch column.type {
                case .enumeration(let values), .list(.enumeration(let values)): return (column.header, values)
                default: return nil
                }
            }
            if !vocabularies.isEmpty {
                // Commented out: a declared vocabulary makes every other word an error (IMP010),
                // so the template declares none; the snapshot's own checks judge the values.
                out += "    # Your words for the format's values, one map per column:\n    # values:\n"
                for (header, values) in vocabularies {
                    out += "    #   \(quote(header)): {\"your word\": \(values[0])}   # one of: \(values.joined(separator: ", "))\n"
                }
            }
        }
        return out
    }

    /// A YAML plain scalar when safe, else double-quoted.
    static func quote(_ text: String) -> String {
        let safe =
            text.allSatisfy { $0.isLetter || $0.isNumber || "-_.".contains($0) } && !text.isEmpty && text.first!.isLetter
            && !["true", "false", "null", "yes", "no", "on", "off", "unknown"].contains(text.lowercased())
        return safe ? text : "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}

/// Spreadsheet inputs as one import: CSV files and workbooks read, the mapping applied, the
/// snapshot assembled — shared by `tandem import` and `tandem check`.
public enum Spreadsheets {
    /// Whether `path` names a workbook `tandem check` reads directly.
    public static func isWorkbook(_ path: String) -> Bool { path.lowercased().hasSuffix(".xlsx") }

    /// The sheets of CSV `files` and workbooks, with every problem reading them.
    public static func read(_ files: [String]) -> (sheets: [Sheet], diagnostics: [Diagnostic], sources: [SourceText]) {
        var read = CSVTables.read(files.filter { !isWorkbook($0) })
        for workbook in files where isWorkbook(workbook) {
            let sheets = Workbook.read(workbook)
            read.sheets += sheets.sheets
            read.diagnostics += sheets.diagnostics
        }
        return read
    }

    /// The mapping for `input`: the one given, else its companion file when there is one, else
    /// the identity. Problems with a mapping file come with its text for quoting.
    public static func mapping(for input: String, given: ImportMapping?, limits: YAMLLimits) -> ImportMapping.Loaded {
        if let given { return ImportMapping.Loaded(mapping: given, diagnostics: [], sources: []) }
        let companion = MappingSchema.companion(of: input)
        guard FileManager.default.fileExists(atPath: companion) else { return ImportMapping.Loaded(mapping: ImportMapping(), diagnostics: [], sources: []) }
        return ImportMapping.load(path: companion, limits: limits)
    }

    /// A workbook imported as a snapshot (`bytes` when already read, else read from `path`).
    public static func importWorkbook(_ path: String, bytes: [UInt8]?, mapping: ImportMapping, limits: YAMLLimits) -> SnapshotSheets.Imported {
        let read = bytes.map { Workbook.read(data: Data($0), path: path) } ?? Workbook.read(path)
        guard !read.diagnostics.containsErrors else { return SnapshotSheets.Imported(yaml: nil, diagnostics: read.diagnostics, snapshot: nil) }
        var imported = SnapshotSheets(mapping: mapping).importSheets(read.sheets, named: path, limits: limits)
        imported.diagnostics = read.diagnostics + imported.diagnostics
        return imported
    }
}
