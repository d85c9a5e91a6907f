import Diagnostics
import Foundation
import XMLCoder
import ZIPFoundation

/// Tables as an XLSX workbook, one sheet per table, through ZIPFoundation (the package) and
/// XMLCoder (its SpreadsheetML parts). Reads values only: a formula cell or merged cells are
/// refused at their cell, since neither carries a value a committee can check.
public enum Workbook {
    /// Excel's limit on a sheet name; longer table names drop their leading components.
    static let maxSheetName = 31

    /// The sheet name of a table (`organization.integrationProcess.evaluations` is too long for
    /// Excel: `integrationProcess.evaluations`).
    public static func sheetName(_ table: String) -> String {
        var parts = table.split(separator: ".").map(String.init)
        while parts.count > 1, parts.joined(separator: ".").count > maxSheetName { parts.removeFirst() }
        return String(parts.joined(separator: ".").prefix(maxSheetName))
    }

    // MARK: - Reading

    struct WorkbookPart: Decodable {
        struct Sheets: Decodable { let sheet: [SheetEntry] }
        struct SheetEntry: Decodable {
            let name: String
            let id: String
            enum CodingKeys: String, CodingKey {
                case name
                case id = "r:id"
            }
        }
        let sheets: Sheets
    }

    struct Relationships: Decodable {
        struct Relationship: Decodable {
            let Id: String
            let Target: String
        }
        let Relationship: [Relationship]
    }

    /// The sheets of the workbook at `path`; problems (not a workbook, formulas, merged cells)
    /// are IMP007–IMP009 at the file or the cell.
    public static func read(_ path: String) -> (sheets: [Sheet], diagnostics: [Diagnostic]) {
        read(file: URL(fileURLWithPath: path), path: path)
    }

    /// The sheets of a workbook already in memory (`path` names it in diagnostics). It goes
    /// through a temporary file: ZIPFoundation's in-memory archive traps on a malformed ZIP whose
    /// offsets point past the data (found by the xlsx fuzz target), its file-backed one does not.
    public static func read(data: Data, path: String) -> (sheets: [Sheet], diagnostics: [Diagnostic]) {
        let temporary = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-\(UUID().uuidString).xlsx")
        defer { try? FileManager.default.removeItem(at: temporary) }
        guard (try? data.write(to: temporary)) != nil else {
            return ([], [Diagnostic(ImportDiagnostics.unreadable, message: "cannot read \(path)", fr: "impossible de lire \(path)", location: SourceLocation(file: path, line: 1, column: 1))])
        }
        return read(file: temporary, path: path)
    }

    private static func read(file url: URL, path: String) -> (sheets: [Sheet], diagnostics: [Diagnostic]) {
        let file = SourceLocation(file: path, line: 1, column: 1)
        guard let handle = try? FileHandle(forReadingFrom: url) else {
            return ([], [Diagnostic(ImportDiagnostics.unreadable, message: "cannot read \(path)", fr: "impossible de lire \(path)", location: file)])
        }
        let magic = (try? handle.read(upToCount: 4)) ?? Data()
        try? handle.close()
        // An encrypted workbook (or a legacy .xls) is an OLE compound file, not a ZIP.
        if magic.starts(with: [0xD0, 0xCF, 0x11, 0xE0]) {
            return (
                [],
                [
                    Diagnostic(
                        ImportDiagnostics.unreadable, message: "\(path) is encrypted, or an old .xls file: save it as an unprotected .xlsx workbook",
                        fr: "\(path) est chiffré, ou un ancien fichier .xls : enregistrez-le comme classeur .xlsx non protégé", location: file)
                ]
            )
        }
        guard let archive = try? Archive(url: url, accessMode: .read) else {
            return (
                [],
                [Diagnostic(ImportDiagnostics.unreadable, message: "\(path) is not an XLSX workbook (not a ZIP file)", fr: "\(path) n'est pas un classeur XLSX (pas un fichier ZIP)", location: file)]
            )
        }
        func part(_ name: String) -> Data? {
            guard let entry = archive[name] else { return nil }
            var out = Data()
            _ = try? archive.extract(entry, skipCRC32: false) { out.append($0) }
            return out
        }
        let decoder = XMLDecoder()
        decoder.shouldProcessNamespaces = false
        guard let workbookData = part("xl/workbook.xml"), let workbook = try? decoder.decode(WorkbookPart.self, from: workbookData),
            let relsData = part("xl/_rels/workbook.xml.rels"), let rels = try? decoder.decode(Relationships.self, from: relsData)
        else {
            return (
                [],
                [
                    Diagnostic(
                        ImportDiagnostics.unreadable, message: "\(path) is not an XLSX workbook (no readable xl/workbook.xml)",
                        fr: "\(path) n'est pas un classeur XLSX (aucun xl/workbook.xml lisible)", location: file)
                ]
            )
        }
        let shared = part("xl/sharedStrings.xml").flatMap(SharedStringEvents.read) ?? []
        let targets = Dictionary(rels.Relationship.map { ($0.Id, $0.Target) }, uniquingKeysWith: { first, _ in first })
        var sheets: [Sheet] = []
        var diagnostics: [Diagnostic] = []
        for entry in workbook.sheets.sheet {
            guard let target = targets[entry.id] else { continue }
            let partName = target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target
            let place = Sheet.Place.workbook(file: path, sheet: entry.name)
            guard let sheetData = part(partName), let worksheet = WorksheetEvents.read(sheetData) else {
                diagnostics.append(
                    Diagnostic(ImportDiagnostics.unreadable, message: "sheet '\(entry.name)' of \(path) cannot be read", fr: "la feuille « \(entry.name) » de \(path) est illisible", location: file))
                continue
            }
            let probe = Sheet(name: entry.name, place: place, headers: [], rows: [])
            for merge in worksheet.merges {
                let first = merge.split(separator: ":").first.map(String.init) ?? merge
                let (row, column) = reference(first)
                diagnostics.append(
                    Diagnostic(
                        ImportDiagnostics.merged, message: "merged cells \(merge); unmerge them so each row has its own values",
                        fr: "cellules fusionnées \(merge) ; défusionnez-les pour que chaque ligne ait ses propres valeurs", location: locate(probe, row: row, column: column)))
            }
            var grid: [Int: [Int: String]] = [:]
            for (index, row) in worksheet.rows.enumerated() {
                let rowNumber = row.number ?? index + 1
                for (position, cell) in row.cells.enumerated() {
                    let column = cell.reference.map { reference($0).column } ?? position
                    if cell.formula {
                        diagnostics.append(
                            Diagnostic(
                                ImportDiagnostics.formula, message: "a formula; paste its value instead", fr: "une formule ; collez plutôt sa valeur",
                                location: locate(probe, row: rowNumber, column: column)))
                        continue
                    }
                    let raw = cell.value
                    let text: String
                    switch cell.type {
                    case "s": text = Int(raw).flatMap { shared.indices.contains($0) ? shared[$0] : nil } ?? ""
                    case "inlineStr": text = cell.inline
                    case "b": text = raw == "1" ? "true" : "false"
                    default: text = raw
                    }
                    grid[rowNumber, default: [:]][column] = text
                }
            }
            let width = grid.values.flatMap(\.keys).max().map { $0 + 1 } ?? 0
            let header = (0..<width).map { grid[1]?[$0] ?? "" }
            let numbers = grid.keys.filter { $0 > 1 }.sorted()
            let rows = numbers.map { n in (0..<width).map { grid[n]?[$0] ?? "" } }
            sheets.append(Sheet(name: entry.name, place: place, headers: header, rows: rows, rowNumbers: numbers))
        }
        return (sheets, diagnostics)
    }

    /// `C12` as (row 12, column 2).
    static func reference(_ ref: String) -> (row: Int, column: Int) {
        var column = 0
        var digits = ""
        for character in ref.uppercased() {
            if let ascii = character.asciiValue, character.isLetter {
                column = column * 26 + Int(ascii - 64)
            } else if character.isNumber {
                digits.append(character)
            }
        }
        return (Int(digits) ?? 1, max(column - 1, 0))
    }

    private static func locate(_ sheet: Sheet, row: Int, column: Int) -> SourceLocation {
        guard case .workbook(let file, let name) = sheet.place else { return SourceLocation(file: "", line: row, column: column + 1) }
        return SourceLocation(file: file, line: row, column: column + 1, cell: "\(name)!\(Sheet.columnName(column))\(row)")
    }

    // MARK: - Writing

    /// A workbook of `tables` (each with a header row, its rows, and for enumerated columns a
    /// drop-down list), plus a README sheet of what each column means.
    public static func write(_ tables: [(name: String, headers: [String], rows: [[String]], choices: [Int: [String]])], readme: [[String]], to url: URL) throws {
        try? FileManager.default.removeItem(at: url)
        let archive = try Archive(url: url, accessMode: .create)
        func add(_ name: String, _ text: String) throws {
            let data = Data(text.utf8)
            try archive.addEntry(with: name, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        let all = tables + [(name: "README", headers: ["table", "column", "meaning"], rows: readme, choices: [:])]
        var contentTypes = """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
            """
        var sheetsXML = ""
        var relsXML = ""
        for (index, table) in all.enumerated() {
            let n = index + 1
            contentTypes += "<Override PartName=\"/xl/worksheets/sheet\(n).xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
            sheetsXML += "<sheet name=\"\(escape(sheetName(table.name)))\" sheetId=\"\(n)\" r:id=\"rId\(n)\"/>"
            relsXML += "<Relationship Id=\"rId\(n)\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet\(n).xml\"/>"
            var sheet = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>"
            for (r, row) in ([table.headers] + table.rows).enumerated() {
                sheet += "<row r=\"\(r + 1)\">"
                for (c, value) in row.enumerated() where !value.isEmpty {
                    sheet += "<c r=\"\(Sheet.columnName(c))\(r + 1)\" t=\"inlineStr\"><is><t xml:space=\"preserve\">\(escape(value))</t></is></c>"
                }
                sheet += "</row>"
            }
            sheet += "</sheetData>"
            let lists = table.choices.sorted { $0.key < $1.key }.filter { $0.value.joined(separator: ",").count < 250 }
            if !lists.isEmpty {
                sheet += "<dataValidations count=\"\(lists.count)\">"
                for (column, values) in lists {
                    let letter = Sheet.columnName(column)
                    sheet += "<dataValidation type=\"list\" allowBlank=\"1\" sqref=\"\(letter)2:\(letter)1000\"><formula1>\"\(escape(values.joined(separator: ",")))\"</formula1></dataValidation>"
                }
                sheet += "</dataValidations>"
            }
            sheet += "</worksheet>"
            try add("xl/worksheets/sheet\(n).xml", sheet)
        }
        try add("[Content_Types].xml", contentTypes + "</Types>")
        try add(
            "_rels/.rels",
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>"
        )
        try add(
            "xl/workbook.xml",
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets>\(sheetsXML)</sheets></workbook>"
        )
        try add(
            "xl/_rels/workbook.xml.rels",
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\(relsXML)</Relationships>")
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
            .replacingOccurrences(of: "\"", with: "&quot;")
    }
}
