/// A position in an input file, 1-based, as editors and compilers print it.
public struct SourceLocation: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The path the file was read from, or `<stdin>`.
    public var file: String
    /// The 1-based line.
    public var line: Int
    /// The 1-based column, counted in Unicode scalars as libyaml counts them.
    public var column: Int
    /// A workbook cell's name (`People!C12`), printed instead of line and column: a spreadsheet
    /// user finds a cell by its name.
    public var cell: String?

    /// Creates a location.
    public init(file: String, line: Int, column: Int, cell: String? = nil) {
        self.file = file
        self.line = line
        self.column = column
        self.cell = cell
    }

    /// The place within the file: `line:col`, or the cell's name (`People!C12`).
    public var place: String { cell ?? "\(line):\(column)" }

    /// `file:line:col`, or `file.xlsx:Sheet!C12` for a workbook cell.
    public var description: String { cell.map { "\(file):\($0)" } ?? "\(file):\(line):\(column)" }

    public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
        (lhs.file, lhs.line, lhs.column) < (rhs.file, rhs.line, rhs.column)
    }
}
