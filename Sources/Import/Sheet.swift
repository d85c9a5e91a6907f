import Diagnostics

/// A table as read from a spreadsheet: a header row and data rows of text cells, each cell able
/// to say where it is in the spreadsheet's own terms.
public struct Sheet: Sendable {
    /// Where a cell is: `people.csv:14:3` for a CSV file (row, column), or
    /// `roster.xlsx:People!C12` for a workbook.
    public enum Place: Sendable, Hashable {
        case csv(file: String)
        case workbook(file: String, sheet: String)
    }

    /// The table's name (a CSV file's base name, a workbook's sheet name).
    public var name: String
    /// Where it was read from.
    public var place: Place
    /// The header row.
    public var headers: [String]
    /// The data rows, each as many cells as headers (missing cells are empty).
    public var rows: [[String]]
    /// The spreadsheet row number of each data row (1 is the header).
    public var rowNumbers: [Int]

    /// Creates a sheet.
    public init(name: String, place: Place, headers: [String], rows: [[String]], rowNumbers: [Int]? = nil) {
        self.name = name
        self.place = place
        self.headers = headers
        self.rows = rows.map { $0.count >= headers.count ? $0 : $0 + Array(repeating: "", count: headers.count - $0.count) }
        self.rowNumbers = rowNumbers ?? rows.indices.map { $0 + 2 }
    }

    /// The location of the cell at data row `row` (0-based) and column `column` (0-based); a
    /// negative row is the header row.
    public func location(row: Int, column: Int) -> SourceLocation {
        let number = row < 0 ? 1 : rowNumbers[row]
        switch place {
        case .csv(let file):
            return SourceLocation(file: file, line: number, column: column + 1)
        case .workbook(let file, let sheet):
            return SourceLocation(file: file, line: number, column: column + 1, cell: "\(sheet)!\(Self.columnName(column))\(number)")
        }
    }

    /// `A`, `B`, … `Z`, `AA`: a spreadsheet's name for the 0-based column `index`.
    public static func columnName(_ index: Int) -> String {
        var n = index + 1
        var name = ""
        while n > 0 {
            let digit = (n - 1) % 26
            name = String(UnicodeScalar(UInt8(65 + digit))) + name
            n = (n - 1) / 26
        }
        return name
    }
}

extension StringProtocol {
    /// Without leading and trailing spaces and tabs (what Foundation's `.whitespaces` trims), in
    /// Swift: Foundation's trimming bridges through NSString on Linux and was most of the cost of
    /// importing a table (measured by the fuzz target).
    var trimmed: String {
        // Most cells begin and end with a letter or digit: nothing to trim, nothing to copy.
        let text = String(self)
        if let first = text.utf8.first, let last = text.utf8.last, first > 0x20, first < 0x80, last > 0x20, last < 0x80 { return text }
        func isSpace(_ c: Character) -> Bool { c == " " || c == "\t" || c.unicodeScalars.allSatisfy { $0.properties.generalCategory == .spaceSeparator } }
        guard let first = text.firstIndex(where: { !isSpace($0) }) else { return "" }
        let last = text.lastIndex(where: { !isSpace($0) })!
        return String(text[first...last])
    }
}
