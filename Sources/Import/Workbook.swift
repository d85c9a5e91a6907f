import Diagnostics
import Foundation
import ZIPFoundation

/// Tables as an XLSX workbook, one sheet per table, through ZIPFoundation (the package) and
/// Foundation's event parser (its SpreadsheetML parts; `WorksheetEvents` says why not XMLCoder).
/// Reads values only: a formula cell or merged cells are refused at their cell, since neither
/// carries a value a committee can check.
public enum Workbook {
    /// Excel's limit on a sheet name; longer table names drop their leading components.
    static let maxSheetName = 31

    /// The sheet name of a table (`organization.integrationProcess.evaluations` is too long for
    /// Excel: `integrationProcess.evaluations`).
    public static func sheetName(_ table: String) -> String {
        // Most names fit: no splitting (asked for every table at every sheet read).
        if table.utf8.count <= maxSheetName { return table }
        var parts = table.split(separator: ".").map(String.init)
        while parts.count > 1, parts.joined(separator: ".").count > maxSheetName { parts.removeFirst() }
        return String(parts.joined(separator: ".").prefix(maxSheetName))
    }

    // MARK: - Reading

    /// The sheets of the workbook at `path`; problems (not a workbook, formulas, merged cells)
    /// are IMP007–IMP009 at the file or the cell.
    public static func read(_ path: String) -> (sheets: [Sheet], diagnostics: [Diagnostic]) {
        read(file: URL(fileURLWithPath: path), path: path)
    }

    /// The sheets of a workbook already in memory (`path` names it in diagnostics).
    public static func read(data: Data, path: String) -> (sheets: [Sheet], diagnostics: [Diagnostic]) {
        let file = SourceLocation(file: path, line: 1, column: 1)
        // An encrypted workbook (or a legacy .xls) is an OLE compound file, not a ZIP.
        if data.starts(with: [0xD0, 0xCF, 0x11, 0xE0]) {
            return (
                [],
                [
                    Diagnostic(
                        ImportDiagnostics.unreadable, message: "\(path) is encrypted, or an old .xls file: save it as an unprotected .xlsx workbook",
                        fr: "\(path) est chiffré, ou un ancien fichier .xls : enregistrez-le comme classeur .xlsx non protégé", location: file)
                ]
            )
        }
        guard let archive = try? ZIPContainer(data) else {
            return (
                [],
                [Diagnostic(ImportDiagnostics.unreadable, message: "\(path) is not an XLSX workbook (not a ZIP file)", fr: "\(path) n'est pas un classeur XLSX (pas un fichier ZIP)", location: file)]
            )
        }
        // A part that cannot be taken out reads as absent, and is said once.
        var failures: [(part: String, failure: ZIPContainer.Failure)] = []
        var read = read(path: path) { name in
            do throws(ZIPContainer.Failure) {
                return try archive.part(name, maxBytes: maxPartBytes)
            } catch {
                if !failures.contains(where: { $0.part == name }) { failures.append((name, error)) }
                return nil
            }
        }
        for (name, failure) in failures {
            let (message, fr): (String, String)
            switch failure {
            case .notZIP, .corrupt:
                (message, fr) = ("\(path) is corrupt: its part \(name) does not decompress", "\(path) est corrompu : sa partie \(name) ne se décompresse pas")
            case .unsupported:
                (message, fr) = (
                    "\(path) has its part \(name) encrypted or compressed in a way Tandem cannot read: save it again as an unprotected .xlsx workbook",
                    "\(path) a sa partie \(name) chiffrée ou compressée d'une façon que Tandem ne lit pas : enregistrez-le de nouveau comme classeur .xlsx non protégé"
                )
            case .tooLarge:
                (message, fr) = (
                    "\(path) has its part \(name) inflating past \(maxPartBytes >> 20) MB: a decompression bomb, not a roster",
                    "\(path) a sa partie \(name) qui dépasse \(maxPartBytes >> 20) Mo une fois décompressée : une bombe de décompression, pas une liste"
                )
            }
            read.diagnostics.append(Diagnostic(ImportDiagnostics.unreadable, message: message, fr: fr, location: file))
        }
        return read
    }

    private static func read(file url: URL, path: String) -> (sheets: [Sheet], diagnostics: [Diagnostic]) {
        guard let data = try? Data(contentsOf: url, options: .mappedIfSafe) else {
            return ([], [Diagnostic(ImportDiagnostics.unreadable, message: "cannot read \(path)", fr: "impossible de lire \(path)", location: SourceLocation(file: path, line: 1, column: 1))])
        }
        return read(data: data, path: path)
    }

    /// Whether `bytes` hold a processing instruction other than the XML declaration. Foundation's
    /// XML parser on Linux crashes (a null pointer given to `strlen`) on one without data, such
    /// as `<?x?>` (found by the xlsx fuzz target), and SpreadsheetML parts have none: a part with
    /// one is unreadable.
    static func hasProcessingInstruction(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        var i = 0
        while i + 1 < bytes.count {
            if bytes[i] == UInt8(ascii: "<"), bytes[i + 1] == UInt8(ascii: "?") {
                let declaration =
                    i == start && i + 5 < bytes.count && bytes[i + 2] == UInt8(ascii: "x") && bytes[i + 3] == UInt8(ascii: "m") && bytes[i + 4] == UInt8(ascii: "l")
                    && [0x20, 0x09, 0x0A, 0x0D].contains(bytes[i + 5])
                if !declaration { return true }
            }
            i += 1
        }
        return false
    }

    /// The most bytes one part of a workbook may inflate to.
    static let maxPartBytes = 512 << 20

    /// The sheets of a workbook whose parts `part` gives by name (`xl/workbook.xml`, …) once
    /// taken out of the ZIP container; the fuzz target feeds sheet XML straight in this way.
    public static func read(path: String, part rawPart: (String) -> Data?) -> (sheets: [Sheet], diagnostics: [Diagnostic]) {
        let file = SourceLocation(file: path, line: 1, column: 1)
        // Parts that are not UTF-8 are not read: Foundation's XML parser on Linux traps on an
        // attribute name with invalid UTF-8 (found by the xlsx fuzz target), and SpreadsheetML
        // parts are UTF-8. A part refused this way reads as absent, hence as an unreadable sheet.
        func part(_ name: String) -> Data? {
            guard let data = rawPart(name) else { return nil }
            let readable = data.withUnsafeBytes { raw in
                let bytes = raw.bindMemory(to: UInt8.self)
                return String(validating: bytes, as: UTF8.self) != nil && !hasProcessingInstruction(bytes)
            }
            return readable ? data : nil
        }
        guard let workbookData = part("xl/workbook.xml"), let workbook = WorkbookEvents.read(workbookData),
            let relsData = part("xl/_rels/workbook.xml.rels"), let targets = RelationshipEvents.read(relsData)
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
        var sheets: [Sheet] = []
        var diagnostics: [Diagnostic] = []
        for entry in workbook {
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
                let place = reference(first).map { locate(probe, row: $0.row, column: $0.column) } ?? file
                diagnostics.append(
                    Diagnostic(
                        ImportDiagnostics.merged, message: "merged cells \(merge); unmerge them so each row has its own values",
                        fr: "cellules fusionnées \(merge) ; défusionnez-les pour que chaque ligne ait ses propres valeurs", location: place))
            }
            var grid: [Int: [Int: String]] = [:]
            rows: for (index, row) in worksheet.rows.enumerated() {
                let rowNumber = row.number ?? index + 1
                guard (1...maxRow).contains(rowNumber) else {
                    diagnostics.append(
                        Diagnostic(
                            ImportDiagnostics.unreadable, message: "sheet '\(entry.name)' has a row \(rowNumber), outside a worksheet (1 to \(maxRow))",
                            fr: "la feuille « \(entry.name) » a une ligne \(rowNumber), hors d'une feuille de calcul (1 à \(maxRow))", location: file))
                    break rows
                }
                for (position, cell) in row.cells.enumerated() {
                    let column: Int
                    if let ref = cell.reference {
                        guard let cellReference = reference(ref) else {
                            diagnostics.append(
                                Diagnostic(
                                    ImportDiagnostics.unreadable, message: "sheet '\(entry.name)' has a cell '\(ref)', no cell of a worksheet (A1 to XFD\(maxRow))",
                                    fr: "la feuille « \(entry.name) » a une cellule « \(ref) », qui n'est pas une cellule de feuille de calcul (A1 à XFD\(maxRow))",
                                    location: file))
                            break rows
                        }
                        column = cellReference.column
                    } else {
                        column = position
                    }
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
            let numbers = grid.keys.filter { $0 > 1 }.sorted()
            // The grid is filled out to a rectangle: a few cells far apart (XFD1, A1048576) must
            // not become billions of empty ones.
            guard width * (numbers.count + 1) <= maxCells else {
                diagnostics.append(
                    Diagnostic(
                        ImportDiagnostics.unreadable,
                        message: "sheet '\(entry.name)' spans \(numbers.count + 1) rows × \(width) columns, over the \(maxCells) cells Tandem reads from a sheet",
                        fr: "la feuille « \(entry.name) » couvre \(numbers.count + 1) lignes × \(width) colonnes, au-delà des \(maxCells) cellules que Tandem lit d'une feuille",
                        location: file))
                continue
            }
            let header = (0..<width).map { grid[1]?[$0] ?? "" }
            let rows = numbers.map { n in (0..<width).map { grid[n]?[$0] ?? "" } }
            sheets.append(Sheet(name: entry.name, place: place, headers: header, rows: rows, rowNumbers: numbers))
        }
        return (sheets, diagnostics)
    }

    /// `C12` as (row 12, column 2).
    /// A worksheet's largest row and column (XFD), as Excel and LibreOffice bound them.
    static let maxRow = 1_048_576
    static let maxColumn = 16_384
    /// The most cells of one sheet's rectangle read (a snapshot of 10,000 teams has ~2 million).
    static let maxCells = 20_000_000

    /// The row and 0-based column of a cell reference (`C12`), or `nil` for one that is malformed
    /// or outside a worksheet: a hostile `ZZZZZZZZ1` must not size the grid (the xlsx fuzz target
    /// found a workbook that asked for terabytes).
    static func reference(_ ref: String) -> (row: Int, column: Int)? {
        let letters = ref.prefix { $0.isASCII && $0.isLetter }
        let digits = ref.dropFirst(letters.count)
        guard (1...3).contains(letters.count), !digits.isEmpty, digits.count <= 7, digits.allSatisfy({ $0.isASCII && $0.isNumber }), let row = Int(digits) else { return nil }
        var column = 0
        for character in letters.uppercased() { column = column * 26 + Int(character.asciiValue! - 64) }
        guard (1...maxRow).contains(row), (1...maxColumn).contains(column) else { return nil }
        return (row, column - 1)
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
