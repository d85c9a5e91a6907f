import Diagnostics
import Foundation
import SnapshotModel
import YAMLSource

/// Converts between an organization snapshot and its tables (``TableLayout``).
///
/// Import writes the snapshot as YAML — one scalar per line, each line remembering the cell it
/// came from — and validates it with the snapshot loader, so a spreadsheet gets exactly the
/// checks a YAML snapshot gets, reported at the cell (`people.csv:14:3`, `roster.xlsx:People!C12`).
public struct SnapshotSheets: Sendable {
    /// The layout.
    public var layout: TableLayout = .snapshot
    /// How the organization's sheets, headers, words and dates map to the layout's; the identity
    /// (the templates' own names) unless one is declared.
    public var mapping = ImportMapping()

    /// Creates a converter.
    public init() {}

    /// Creates a converter reading through `mapping`.
    public init(mapping: ImportMapping) {
        self.mapping = mapping
    }

    // MARK: - Export

    /// The tables of one snapshot document, every table of the layout present (empty when the
    /// snapshot has no rows for it).
    public func export(_ document: YAMLDocument) -> [(table: TableLayout.Table, rows: [[String]])] {
        var rows: [String: [[String]]] = [:]
        for table in layout.tables where table.parent == nil {
            let nodes: [YAMLNode]
            if table.single {
                nodes = document.root[table.name].map { [$0] } ?? []
            } else {
                nodes = document.root[table.name]?.sequence.map { Array($0) } ?? []
            }
            for (index, node) in nodes.enumerated() { emit(node, table, keys: [], position: index + 1, into: &rows) }
        }
        return layout.tables.map { ($0, rows[$0.name] ?? []) }
    }

    private func emit(_ node: YAMLNode, _ table: TableLayout.Table, keys: [String], position: Int, into rows: inout [String: [[String]]]) {
        var row = keys
        for column in table.columns {
            var value: YAMLNode? = node
            var unknown = false
            for step in column.path {
                // `vision: unknown` records the whole object as not known: each of its cells says so.
                if let scalar = value?.scalar, scalar.text == FieldSchema.unknownMarker { unknown = true }
                value = value?[step]
            }
            row.append(unknown ? FieldSchema.unknownMarker : value.map(Self.cell) ?? "")
        }
        rows[table.name, default: []].append(row)
        let name = table.identified ? (node["id"]?.string ?? String(position)) : String(position)
        for child in layout.tables where child.parent == table.name {
            var list: YAMLNode? = node
            for step in child.fieldPath { list = list?[step] }
            let childKeys = table.single ? keys : keys + [name]
            if let scalar = list?.scalar, scalar.text == FieldSchema.unknownMarker {
                rows[child.name, default: []].append(childKeys + [FieldSchema.unknownMarker] + Array(repeating: "", count: max(child.columns.count - 1, 0)))
                continue
            }
            guard let items = list?.sequence.map({ Array($0) }) else { continue }
            // Recorded as none (`[]`), as distinct from not recorded (no row at all).
            if items.isEmpty { rows[child.name, default: []].append(childKeys + [Self.none] + Array(repeating: "", count: max(child.columns.count - 1, 0))) }
            for (index, item) in items.enumerated() {
                emit(item, child, keys: childKeys, position: index + 1, into: &rows)
            }
        }
    }

    /// A value as cell text: scalars as written, lists of values joined with "; ", labels as
    /// `key=value; …`.
    static func cell(_ node: YAMLNode) -> String {
        if let scalar = node.scalar { return scalar.text }
        if let items = node.sequence { return items.count == 0 ? none : items.map { $0.scalar?.text ?? "" }.joined(separator: "; ") }
        if let mapping = node.mapping { return mapping.entries.map { "\($0.key)=\($0.value.scalar?.text ?? "")" }.joined(separator: "; ") }
        return ""
    }

    /// A cell recording that there are none: an empty list of values, or — alone in a child
    /// row — no rows for that parent (`[]` in YAML, as distinct from a fact not recorded).
    public static let none = "(none)"

    // MARK: - Import

    /// What an import produced: the snapshot's YAML text, and every problem at its cell.
    public struct Imported: Sendable {
        /// The snapshot as YAML, when the sheets could be assembled (it may still be invalid:
        /// see `diagnostics`).
        public var yaml: String?
        /// Every problem, positioned in the spreadsheets' terms.
        public var diagnostics: [Diagnostic]
        /// The loaded snapshot, when valid.
        public var snapshot: Snapshot?
        /// The cell each line of `yaml` came from.
        var cells: [Int: SourceLocation] = [:]
        /// Where problems without a cell are reported.
        var fallback = SourceLocation(file: "", line: 1, column: 1)

        /// The cell a position in `yaml` came from: findings on the imported snapshot point at
        /// the spreadsheet, not at YAML the user never saw.
        public func cell(for location: SourceLocation) -> SourceLocation {
            guard location.file == fallback.file else { return location }
            return cells[location.line] ?? fallback
        }
    }

    /// A value bound for the YAML, with the cell it came from.
    indirect enum Value {
        case scalar(String, plain: Bool, SourceLocation)
        case list([Value], SourceLocation)
        case object(Object)
    }

    /// An object under construction: fields in schema order, and where its row is.
    final class Object {
        var fields: [(String, Value)] = []
        let location: SourceLocation
        init(_ location: SourceLocation) { self.location = location }

        func set(_ path: [String], _ value: Value) {
            guard let first = path.first else { return }
            if path.count == 1 {
                fields.append((first, value))
                return
            }
            if let index = fields.firstIndex(where: { $0.0 == first }), case .object(let inner) = fields[index].1 {
                inner.set(Array(path.dropFirst()), value)
            } else {
                let inner = Object(location)
                fields.append((first, .object(inner)))
                inner.set(Array(path.dropFirst()), value)
            }
        }

        func list(_ path: [String], _ location: SourceLocation) -> ListBox {
            guard let first = path.first else { return ListBox() }
            if path.count == 1 {
                if let index = fields.firstIndex(where: { $0.0 == first }), case .list = fields[index].1, let box = boxes[first] { return box }
                let box = ListBox()
                boxes[first] = box
                fields.append((first, .list([], location)))
                return box
            }
            if let index = fields.firstIndex(where: { $0.0 == first }), case .object(let inner) = fields[index].1 {
                return inner.list(Array(path.dropFirst()), location)
            }
            let inner = Object(location)
            fields.append((first, .object(inner)))
            return inner.list(Array(path.dropFirst()), location)
        }
        var boxes: [String: ListBox] = [:]
    }

    /// The items of a list of objects, filled as child rows arrive.
    final class ListBox {
        var items: [Object] = []
    }

    /// Assembles `sheets` into a snapshot, validates it and reports every problem at its cell.
    /// `snapshotName` names the result in diagnostics that have no cell.
    public func importSheets(_ sheets: [Sheet], named snapshotName: String, limits: YAMLLimits = .default) -> Imported {
        let applied = mapping.apply(sheets, layout: layout)
        var diagnostics = applied.diagnostics
        // Rows naming no parent row get a suggestion only while the budget lasts: a search per
        // orphan row over every parent key is quadratic in a large import.
        var parentSuggestions = SuggestionBudget()
        // A workbook's sheets carry Excel-length names and a README; tables go by their own names.
        let sheets = applied.sheets.compactMap { sheet -> Sheet? in
            guard case .workbook = sheet.place else { return sheet }
            if sheet.name == "README" { return nil }
            var renamed = sheet
            renamed.name = layout.tables.first { Workbook.sheetName($0.name) == sheet.name }?.name ?? sheet.name
            return renamed
        }
        let byName = Dictionary(sheets.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        for sheet in sheets where layout.table(sheet.name) == nil {
            diagnostics.append(
                Diagnostic(
                    ImportDiagnostics.unknownTable, message: "'\(sheet.name)' is no table of the snapshot format", fr: "« \(sheet.name) » n'est pas une table du format d'instantané",
                    location: sheet.location(row: -1, column: 0), notes: Suggestion.note(for: sheet.name, in: layout.tables.map(\.name))))
        }
        let root = Object(SourceLocation(file: snapshotName, line: 1, column: 1))
        // Objects by table and key (id or position), for children to find their parent.
        var objects: [String: [String: Object]] = [:]
        var positions: [String: [String: Int]] = [:]
        for table in layout.tables {
            guard let sheet = byName[table.name] else {
                if table.name == "metadata" || table.name == "organization" {
                    diagnostics.append(
                        Diagnostic(
                            ImportDiagnostics.missingTable, message: "the '\(table.name)' table is missing; every snapshot has one",
                            fr: "la table « \(table.name) » est absente ; tout instantané en a une",
                            location: SourceLocation(file: snapshotName, line: 1, column: 1)))
                }
                continue
            }
            // Headers: every one must be the layout's; a required column must be there.
            var columnOf: [String: Int] = [:]
            for (index, header) in sheet.headers.enumerated() {
                let trimmed = header.trimmed
                if trimmed.isEmpty { continue }
                if !table.headers.contains(trimmed) {
                    diagnostics.append(
                        Diagnostic(
                            ImportDiagnostics.unknownColumn, message: "'\(trimmed)' is no column of \(table.name)", fr: "« \(trimmed) » n'est pas une colonne de \(table.name)",
                            location: sheet.location(row: -1, column: index),
                            notes: Suggestion.note(for: trimmed, in: table.headers)))
                } else if columnOf[trimmed] != nil {
                    diagnostics.append(
                        Diagnostic(
                            ImportDiagnostics.unknownColumn, message: "column '\(trimmed)' appears twice", fr: "la colonne « \(trimmed) » apparaît deux fois",
                            location: sheet.location(row: -1, column: index)))
                } else {
                    columnOf[trimmed] = index
                }
            }
            for key in table.keys where columnOf[key] == nil {
                diagnostics.append(
                    Diagnostic(
                        ImportDiagnostics.missingColumn, message: "\(table.name) needs the key column '\(key)', naming each row's parent",
                        fr: "\(table.name) doit avoir la colonne clé « \(key) », qui nomme le parent de chaque ligne",
                        location: sheet.location(row: -1, column: 0)))
            }
            if table.single, !sheet.rows.contains(where: { $0.contains { !$0.trimmed.isEmpty } }) {
                diagnostics.append(
                    Diagnostic(
                        ImportDiagnostics.missingTable, message: "the '\(table.name)' table has no row; every snapshot has one",
                        fr: "la table « \(table.name) » n'a aucune ligne ; tout instantané en a une", location: sheet.location(row: -1, column: 0)))
            }
            if table.single, sheet.rows.count > 1 {
                diagnostics.append(
                    Diagnostic(
                        ImportDiagnostics.extraRow, message: "\(table.name) holds one row; found \(sheet.rows.count)", fr: "\(table.name) ne contient qu'une ligne ; trouvé \(sheet.rows.count)",
                        location: sheet.location(row: 1, column: 0)))
            }
            for (r, cells) in sheet.rows.enumerated() {
                if cells.allSatisfy({ $0.trimmed.isEmpty }) { continue }
                let rowLocation = sheet.location(row: r, column: 0)
                let values = table.columns.compactMap { columnOf[$0.header].map { cells[$0].trimmed } }
                let recordsNone = !table.single && values.first == Self.none && values.dropFirst().allSatisfy(\.isEmpty)
                // A row with only `unknown`: nobody knows this parent's list (`training: unknown`).
                let recordsUnknown = table.parent != nil && values.first == FieldSchema.unknownMarker && values.dropFirst().allSatisfy(\.isEmpty)
                let object = Object(rowLocation)
                // `vision: unknown` exports as `unknown` in every vision column; only then is the
                // whole object read back as not known (one unknown cell is one unknown fact).
                var collapsed: [[String]] = []
                // Most rows hold no `unknown`; only those need the search over column groups.
                let anyUnknown = cells.contains { $0.trimmed == FieldSchema.unknownMarker }
                for column in table.columns where anyUnknown && column.path.count > 1 {
                    for length in 1..<column.path.count {
                        let prefix = Array(column.path.prefix(length))
                        if collapsed.contains(where: { prefix.starts(with: $0) }) { break }
                        let under = table.columns.filter { $0.path.starts(with: prefix) }
                        let allUnknown = under.allSatisfy { c in columnOf[c.header].map { cells[$0].trimmed } == FieldSchema.unknownMarker }
                        if allUnknown {
                            collapsed.append(prefix)
                            object.set(prefix, .scalar(FieldSchema.unknownMarker, plain: true, sheet.location(row: r, column: columnOf[column.header] ?? 0)))
                            break
                        }
                    }
                }
                for column in table.columns where !recordsNone && !collapsed.contains(where: { column.path.starts(with: $0) }) {
                    guard let index = columnOf[column.header] else { continue }
                    let text = cells[index].trimmed
                    guard !text.isEmpty else { continue }
                    object.set(column.path, Self.value(text, column.type, sheet.location(row: r, column: index)))
                }
                // Attach to the parent.
                let parentKeys = table.keys.map { columnOf[$0].map { cells[$0].trimmed } ?? "" }
                if table.parent == nil {
                    if table.single {
                        root.fields.append((table.name, .object(object)))
                    } else {
                        let list = root.list([table.name], rowLocation)
                        if !recordsNone { list.items.append(object) }
                    }
                } else if let parentName = table.parent {
                    let parentKey = parentKeys.joined(separator: "\u{0}")
                    let parentTable = layout.table(parentName)
                    let parent: Object?
                    if parentTable?.single == true {
                        parent = objects[parentName]?[""]
                    } else {
                        parent = objects[parentName]?[parentKey]
                    }
                    guard let parent else {
                        let keyColumn = table.keys.last.flatMap { columnOf[$0] } ?? 0
                        let notes = parentSuggestions.note(for: parentKeys.last ?? "") {
                            (objects[parentName] ?? [:]).keys.map { $0.split(separator: "\u{0}").last.map(String.init) ?? "" }.sorted()
                        }
                        diagnostics.append(
                            Diagnostic(
                                ImportDiagnostics.unknownParent,
                                message: "no row of \(parentName) is '\(parentKeys.last ?? "")'; this row of \(table.name) belongs to none",
                                fr: "aucune ligne de \(parentName) n'est « \(parentKeys.last ?? "") » ; cette ligne de \(table.name) n'appartient à aucune",
                                location: sheet.location(row: r, column: keyColumn), notes: notes))
                        continue
                    }
                    if recordsUnknown {
                        parent.set(Array(table.fieldPath), .scalar(FieldSchema.unknownMarker, plain: true, sheet.location(row: r, column: table.keys.count)))
                        continue
                    }
                    let list = parent.list(Array(table.fieldPath), rowLocation)
                    if !recordsNone { list.items.append(object) }
                }
                if recordsNone { continue }
                // Register this object for its children.
                let ownKeyPrefix = table.single ? [] : parentKeys
                let position = positions[table.name, default: [:]][parentKeys.joined(separator: "\u{0}"), default: 0] + 1
                positions[table.name, default: [:]][parentKeys.joined(separator: "\u{0}")] = position
                let name: String
                if table.identified, let index = columnOf["id"], !cells[index].trimmed.isEmpty {
                    name = cells[index].trimmed
                } else {
                    name = String(position)
                }
                let key = table.single ? "" : (ownKeyPrefix + [name]).joined(separator: "\u{0}")
                objects[table.name, default: [:]][key] = objects[table.name]?[key] ?? object
            }
        }
        if diagnostics.containsErrors { return Imported(yaml: nil, diagnostics: diagnostics, snapshot: nil) }

        // Write the YAML, one scalar per line, remembering each line's cell.
        var writer = Writer()
        writer.line("apiVersion: \(SnapshotSchema.apiVersion)", at: root.location)
        writer.line("kind: \(SnapshotSchema.kind)", at: root.location)
        writer.write(root, indent: 0)
        let yaml = writer.text
        let source = SourceText(path: snapshotName, text: yaml)
        let loaded = SnapshotLoader(limits: limits).load(source)
        for diagnostic in loaded.diagnostics {
            var moved = diagnostic
            if let location = diagnostic.location, location.file == snapshotName {
                moved.location = writer.cells[location.line] ?? root.location
                // Notes that point into the generated YAML ("first declared at line 60, column 9")
                // point at the cell instead.
                moved.notes = diagnostic.notes.map { note in
                    guard let (range, line) = Self.linePosition(in: note), let cell = writer.cells[line] else { return note }
                    return note.replacingCharacters(in: range, with: cell.description)
                }
            }
            diagnostics.append(moved)
        }
        return Imported(
            yaml: yaml, diagnostics: diagnostics, snapshot: loaded.diagnostics.containsErrors ? nil : loaded.snapshots.first, cells: writer.cells, fallback: root.location)
    }

    /// Where a note names a position of the generated YAML (`line 60, column 9`): the range of
    /// that text and the line. (Read by hand: a Regex literal is compiled each time it runs,
    /// 3% of an import.)
    static func linePosition(in note: String) -> (Range<String.Index>, Int)? {
        var searched = note.startIndex..<note.endIndex
        while let word = note.range(of: "line ", range: searched) {
            searched = word.upperBound..<note.endIndex
            let digits = note[word.upperBound...].prefix { $0.isASCII && $0.isNumber }
            guard !digits.isEmpty, let line = Int(digits) else { continue }
            let rest = note[digits.endIndex...]
            guard rest.hasPrefix(", column ") else { continue }
            let column = rest.dropFirst(", column ".count).prefix { $0.isASCII && $0.isNumber }
            guard !column.isEmpty else { continue }
            return (word.lowerBound..<column.endIndex, line)
        }
        return nil
    }

    /// Excel's date serial number (days since 1899-12-30, a fraction for the time of day) as
    /// ISO 8601: `2025-09-01`, or `2025-09-01T12:00:00Z` with a time. (Computed, not through
    /// `ISO8601DateFormatter`: making one per cell was 3% of an import.)
    static func isoDate(serial: Double) -> String {
        let seconds = Int64(((serial - 25_569) * 86_400).rounded())
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let time = seconds - days * 86_400
        let date = ISODate.format(Double(days * 86_400))
        func two(_ n: Int64) -> String { n < 10 ? "0\(n)" : "\(n)" }
        guard serial.rounded(.down) != serial else { return date }
        return date + "T\(two(time / 3_600)):\(two(time / 60 % 60)):\(two(time % 60))Z"
    }

    /// A cell's text as a YAML value of the column's type. Text that does not fit the type is
    /// written quoted, so the validator reports it at its cell with the snapshot's own message.
    static func value(_ text: String, _ type: SchemaType, _ location: SourceLocation) -> Value {
        if text == FieldSchema.unknownMarker { return .scalar(text, plain: true, location) }
        switch type {
        case .list(let item):
            if text == none { return .list([], location) }
            let parts = text.split(separator: ";").map { $0.trimmed }.filter { !$0.isEmpty }
            return .list(parts.map { value($0, item, location) }, location)
        case .integer:
            return .scalar(text, plain: Int64(text) != nil, location)
        case .number:
            return .scalar(text, plain: Double(text) != nil && !text.contains(where: \.isLetter), location)
        case .boolean:
            switch text.lowercased() {
            case "true", "yes", "oui", "vrai", "1": return .scalar("true", plain: true, location)
            case "false", "no", "non", "faux", "0": return .scalar("false", plain: true, location)
            default: return .scalar(text, plain: false, location)
            }
        case .reference:
            return .scalar(text, plain: text == "null", location)
        case .date:
            // A workbook stores a date as its serial number: days since 1899-12-30.
            if let serial = Double(text), serial > 0, serial < 2_958_466, !text.contains("-") {
                return .scalar(isoDate(serial: serial), plain: false, location)
            }
            return .scalar(text, plain: false, location)
        case .dictionary(let item):
            let object = Object(location)
            for pair in text.split(separator: ";") {
                let parts = pair.split(separator: "=", maxSplits: 1).map { $0.trimmed }
                guard parts.count == 2, !parts[0].isEmpty else { return .scalar(text, plain: false, location) }
                object.fields.append((parts[0], value(parts[1], item, location)))
            }
            return .object(object)
        default:
            return .scalar(text, plain: false, location)
        }
    }

    /// YAML text with a map from line to the cell each line came from.
    struct Writer {
        var text = ""
        var cells: [Int: SourceLocation] = [:]
        var lineNumber = 0

        mutating func line(_ content: String, at location: SourceLocation) {
            lineNumber += 1
            text += content + "\n"
            cells[lineNumber] = location
        }

        mutating func write(_ object: Object, indent: Int) {
            let pad = String(repeating: " ", count: indent)
            for (key, value) in object.fields {
                switch value {
                case .scalar(let text, let plain, let location):
                    line("\(pad)\(key): \(Self.render(text, plain: plain))", at: location)
                case .list(let items, let location):
                    if let box = object.boxes[key] {
                        if box.items.isEmpty {
                            line("\(pad)\(key): []", at: location)
                            continue
                        }
                        line("\(pad)\(key):", at: location)
                        for item in box.items {
                            line("\(pad)  -", at: item.location)
                            write(item, indent: indent + 4)
                        }
                    } else {
                        line("\(pad)\(key):" + (items.isEmpty ? " []" : ""), at: location)
                        for item in items {
                            if case .scalar(let text, let plain, let itemLocation) = item { line("\(pad)  - \(Self.render(text, plain: plain))", at: itemLocation) }
                        }
                    }
                case .object(let inner):
                    line("\(pad)\(key):", at: inner.location)
                    write(inner, indent: indent + 2)
                }
            }
        }

        /// A scalar as YAML: plain when it is already typed, else double-quoted, escaping what a
        /// YAML reader would not keep as written: quotes, backslashes, control characters, and the
        /// characters YAML reads as line breaks (U+0085, U+2028, U+2029) or may drop (U+FEFF) or
        /// refuses (U+FFFE, U+FFFF). (Written here, not by `JSONSerialization`: a twelfth of an
        /// import's time went to it, and JSON leaves those line breaks as they are.)
        static func render(_ text: String, plain: Bool) -> String {
            if plain { return text }
            var out = "\""
            out.reserveCapacity(text.utf8.count + 2)
            for scalar in text.unicodeScalars {
                switch scalar {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "\n": out += "\\n"
                case "\t": out += "\\t"
                case "\r": out += "\\r"
                case "\u{0}"..."\u{1F}", "\u{7F}"..."\u{9F}", "\u{2028}", "\u{2029}", "\u{FEFF}", "\u{FFFE}", "\u{FFFF}":
                    let hex = String(scalar.value, radix: 16, uppercase: true)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                default: out.unicodeScalars.append(scalar)
                }
            }
            return out + "\""
        }
    }
}
