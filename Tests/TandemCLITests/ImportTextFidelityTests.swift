@testable import Import
import Foundation
import Testing

/// What a committee typed in a cell is what the snapshot holds: the import writes each cell as
/// a YAML scalar, and no character may be lost or changed on the way.
@Suite("Cell text survives the import")
struct ImportTextFidelityTests {
    /// Names with the characters a YAML reader would not keep as written if they were written
    /// raw: quotes, backslashes, tabs, line breaks of every kind YAML knows (U+0085, U+2028,
    /// U+2029), a byte-order mark, control characters and non-characters.
    static let names = [
        "Alice \"Al\" Caron", "C:\\dossiers\\alice", "Alice\tCaron", "Alice\u{2028}Caron", "Alice\u{2029}Caron", "Alice\u{85}Caron", "\u{FEFF}Alice",
        "Alice\u{7}\u{1B}[31m", "Alice\u{FFFE}\u{FFFF}", "Éloïse Tremblay-Côté", "👩🏽‍⚕️ Alice", "#Alice: - [x]", "'Alice'",
    ]

    @Test(arguments: names)
    func aNameIsKeptExactly(_ name: String) throws {
        let quoted = "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        let sheets = [
            CSVTables.read(text: "name,asOf\nfidelity,2026-10-01\n", path: "metadata.csv").sheets,
            CSVTables.read(text: "name\nLakeside\n", path: "organization.csv").sheets,
            CSVTables.read(text: "id,name,category,status\npa-alice,\(quoted),patient_advisor,active\n", path: "people.csv").sheets,
        ].flatMap { $0 }
        let imported = SnapshotSheets().importSheets(sheets, named: "fidelity")
        #expect(imported.diagnostics.isEmpty, "\(imported.diagnostics.map(\.message))")
        let snapshot = try #require(imported.snapshot)
        #expect(snapshot.document.root["people"]?.sequence?.first?["name"]?.string == name)
    }
}

/// SpreadsheetML written with a namespace prefix (`<x:sheet>`, as some producers write it)
/// reads as the same workbook as without one.
@Suite("Workbook parts")
struct WorkbookPartTests {
    static func parts(prefix p: String) -> [String: Data] {
        func sheet(_ rows: [[String]]) -> Data {
            var xml = "<\(p)worksheet xmlns\(p.isEmpty ? "" : ":" + p.dropLast())=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><\(p)sheetData>"
            for (r, row) in rows.enumerated() {
                xml += "<\(p)row r=\"\(r + 1)\">"
                for (c, value) in row.enumerated() {
                    xml += "<\(p)c r=\"\(Sheet.columnName(c))\(r + 1)\" t=\"s\"><\(p)v>\(value)</\(p)v></\(p)c>"
                }
                xml += "</\(p)row>"
            }
            return Data((xml + "</\(p)sheetData></\(p)worksheet>").utf8)
        }
        let ns = p.isEmpty ? "" : ":" + p.dropLast()
        return [
            "xl/workbook.xml": Data(
                "<\(p)workbook xmlns\(ns)=\"main\" xmlns:r=\"rels\"><\(p)sheets><\(p)sheet name=\"metadata\" sheetId=\"1\" r:id=\"rId1\"/><\(p)sheet name=\"people\" sheetId=\"2\" r:id=\"rId2\"/></\(p)sheets></\(p)workbook>"
                    .utf8),
            "xl/_rels/workbook.xml.rels": Data(
                "<Relationships><Relationship Id=\"rId1\" Target=\"worksheets/sheet1.xml\"/><Relationship Id=\"rId2\" Target=\"/xl/worksheets/sheet2.xml\"/></Relationships>".utf8),
            "xl/sharedStrings.xml": Data(
                "<\(p)sst xmlns\(ns)=\"main\"><\(p)si><\(p)t>name</\(p)t></\(p)si><\(p)si><\(p)t>asOf</\(p)t></\(p)si><\(p)si><\(p)r><\(p)t>Alice </\(p)t></\(p)r><\(p)r><\(p)t>Caron</\(p)t></\(p)r></\(p)si></\(p)sst>"
                    .utf8),
            "xl/worksheets/sheet1.xml": sheet([["0", "1"], ["2", "1"]]),
            "xl/worksheets/sheet2.xml": sheet([["0"], ["2"]]),
        ]
    }

    @Test(arguments: ["", "x:"])
    func aPrefixChangesNothing(_ prefix: String) {
        let parts = Self.parts(prefix: prefix)
        let read = Workbook.read(path: "roster.xlsx") { parts[$0] }
        #expect(read.diagnostics.isEmpty, "\(read.diagnostics.map(\.message))")
        #expect(read.sheets.map(\.name) == ["metadata", "people"])
        #expect(read.sheets.map(\.headers) == [["name", "asOf"], ["name"]])
        #expect(read.sheets.map(\.rows) == [[["Alice Caron", "asOf"]], [["Alice Caron"]]])
    }

    /// A workbook part whose sheet lacks its relationship, or that is not XML, is no workbook.
    @Test(arguments: ["<workbook><sheets><sheet name=\"people\"/></sheets></workbook>", "<workbook>", "<workbook/>", "not xml"])
    func anIncompleteWorkbookPartIsSaid(_ xml: String) {
        var parts = Self.parts(prefix: "")
        parts["xl/workbook.xml"] = Data(xml.utf8)
        let read = Workbook.read(path: "roster.xlsx") { parts[$0] }
        #expect(read.sheets.isEmpty)
        #expect(read.diagnostics.map(\.message) == ["roster.xlsx is not an XLSX workbook (no readable xl/workbook.xml)"])
    }

    /// A part reporting many XML problems, even ones the parser could read past (undeclared
    /// prefixes), is unreadable: parsing stops at the tenth, so a malformed sheet cannot make
    /// Foundation's parser leak an error object per element.
    @Test func aSheetFullOfXMLProblemsIsUnreadable() {
        var parts = Self.parts(prefix: "")
        let cells = (1...12).map { "<q:c r=\"A\($0)\"/>" }.joined()
        parts["xl/worksheets/sheet2.xml"] = Data("<worksheet><sheetData><row r=\"1\">\(cells)</row></sheetData></worksheet>".utf8)
        let read = Workbook.read(path: "roster.xlsx") { parts[$0] }
        #expect(read.sheets.map(\.name) == ["metadata"])
        #expect(read.diagnostics.map(\.message) == ["sheet 'people' of roster.xlsx cannot be read"])
    }

    /// A processing instruction other than the XML declaration makes a part unreadable: Foundation's
    /// parser crashed on one without data (`<?x?>`, found by the xlsx fuzz target).
    @Test func aProcessingInstructionMakesAPartUnreadable() {
        var parts = Self.parts(prefix: "")
        parts["xl/worksheets/sheet2.xml"] = Data("<?xml version=\"1.0\"?><?x?><worksheet><sheetData/></worksheet>".utf8)
        parts["xl/sharedStrings.xml"] = Data("<?xroot?><sst><si><t>name</t></si></sst>".utf8)
        let read = Workbook.read(path: "roster.xlsx") { parts[$0] }
        #expect(read.diagnostics.map(\.message) == ["sheet 'people' of roster.xlsx cannot be read"])
        // Without its shared strings, the metadata sheet's cells are empty, not a crash.
        #expect(read.sheets.map(\.name) == ["metadata"])
        // The declaration itself, with or without a byte-order mark, is fine.
        for text in ["<?xml version=\"1.0\"?><a/>", "\u{FEFF}<?xml version=\"1.0\"?><a/>", "<a>x</a>"] {
            let bytes = Array(text.utf8)
            #expect(bytes.withUnsafeBufferPointer { Workbook.hasProcessingInstruction($0) } == false, "\(text)")
        }
        for text in ["<?x?><a/>", "<a/><?xml version=\"1.0\"?>", "<?xml-stylesheet href=\"s\"?><a/>", "<?xmlx?>"] {
            let bytes = Array(text.utf8)
            #expect(bytes.withUnsafeBufferPointer { Workbook.hasProcessingInstruction($0) } == true, "\(text)")
        }
    }
}
