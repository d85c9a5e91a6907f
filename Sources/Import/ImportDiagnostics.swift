import Diagnostics

/// Every diagnostic of spreadsheet import; the snapshot's own checks (SNAP…) are reported at the
/// cells too.
public enum ImportDiagnostics: DiagnosticCatalogue {
    public static let title = "Spreadsheet import (IMP…)"
    public static let unknownTable = DiagnosticKind(
        "IMP001", .error, "a sheet or CSV file that is no table of the snapshot format (with \"did you mean\")", help: "`tandem import --template csv DIR` writes every table.")
    public static let missingTable = DiagnosticKind("IMP002", .error, "the metadata or organization table is missing or empty", help: "Every snapshot has one row of each; start from a template.")
    public static let unknownColumn = DiagnosticKind(
        "IMP003", .error, "a header that is no column of its table, or a column named twice (with \"did you mean\")", help: "Keep the template's headers; nothing is silently dropped.")
    public static let missingColumn = DiagnosticKind("IMP004", .error, "a child table lacks a key column naming its parent rows", help: "Keep the @ columns of the template.")
    public static let extraRow = DiagnosticKind("IMP005", .error, "more than one row in a single-row table (metadata, organization)", help: "Keep one row; one snapshot per workbook.")
    public static let unknownParent = DiagnosticKind(
        "IMP006", .error, "a row whose key names no row of the parent table (with \"did you mean\")", help: "Fix the id, or add the parent row.")
    public static let unreadable = DiagnosticKind(
        "IMP007", .error,
        "a spreadsheet that cannot be read: not UTF-8 CSV, not an XLSX workbook, an encrypted one, or one with a corrupt part or a part inflating past 512 MB",
        help: "Save as an unprotected .xlsx workbook, or as CSV UTF-8.")
    public static let formula = DiagnosticKind("IMP008", .error, "a formula cell", help: "Paste values: the value a formula last showed is not reliably stored.")
    public static let merged = DiagnosticKind("IMP009", .error, "merged cells", help: "Unmerge them: each row needs its own values.")

    public static let unknownWord = DiagnosticKind(
        "IMP010", .error, "a cell's word is in neither the mapping's vocabulary for its column nor the format's values (with \"did you mean\")",
        help: "Add the word to the column's `values:` in the mapping, or correct the cell.")
    public static let badDate = DiagnosticKind(
        "IMP011", .error, "a date in none of the mapping's `dateFormats` (nor YYYY-MM-DD)", help: "Correct the cell, or add its pattern to `dateFormats:`.")

    public static var kinds: [DiagnosticKind] { [unknownTable, missingTable, unknownColumn, missingColumn, extraRow, unknownParent, unreadable, formula, merged, unknownWord, badDate] }
}
