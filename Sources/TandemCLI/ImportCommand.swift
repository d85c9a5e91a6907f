import ArgumentParser
import Diagnostics
import Foundation
import Import
import SnapshotModel
import YAMLSource

/// `tandem import`: an organization snapshot from spreadsheets, and the templates to fill.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Build an organization snapshot (YAML) from spreadsheet tables, or write the tables to fill.",
        discussion: """
            One table per list in the snapshot format: metadata and organization (one row each), people,
            teams, and a child table per nested list (teams.members, teams.meetings, …). A child table's
            @ columns name each row's parent: @teams holds the team's id; rows without an id (a meeting)
            are named by their position, @teams.meetings = 2. Lists of values go in one cell separated by
            "; ". Booleans accept true/false, yes/no, oui/non; an empty cell is a fact not recorded, and
            `unknown` says nobody knows. Every problem is reported at its cell (people.csv:14:3), with the
            snapshot's own checks.

            EXAMPLES
              tandem import --template csv roster/
              tandem import --template xlsx roster.xlsx --from Fixtures/valid/mixed.yaml
              tandem import roster/ > snapshot.yaml
              tandem import --mapping ours.yaml registre.xlsx -o snapshot.yaml
              tandem import roster/ | tandem check --policy Policies/partners-in-care -
            """)

    enum TemplateFormat: String, ArgumentChoice {
        case csv, xlsx
    }

    @Argument(help: "A folder of CSV tables, CSV files, or an .xlsx workbook (with --template: the folder, or the .xlsx file, to write).")
    var inputs: [String] = []

    @Option(help: "Write empty tables (headers and a README) in this format to the folder given, instead of importing.")
    var template: TemplateFormat?

    @Option(name: .customLong("from"), help: "With --template: fill the tables with this snapshot's data.")
    var from: String?

    @Option(name: [.customShort("o"), .customLong("output")], help: "Write the snapshot here instead of stdout.")
    var output: String?

    @Option(help: "The snapshot's name in diagnostics without a cell (default: the first input).")
    var name: String?

    @Option(
        help: ArgumentHelp(
            "An ImportMapping: your sheet names, headers, words and date formats (default: mapping.yaml in the folder, or NAME.mapping.yaml beside NAME.xlsx).",
            valueName: "file"))
    var mapping: String?

    @OptionGroup var input: InputOptions

    func run() throws {
        if template != nil { return try writeTemplate() }
        guard !inputs.isEmpty else { throw ValidationError("give a folder of CSV tables, or CSV files") }
        var files: [String] = []
        for path in inputs {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                Console.report(InputDiagnostics.missing, "no such file or directory: \(path)")
                throw TandemExit(code: .inputError)
            }
            if isDirectory.boolValue {
                let names = ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).filter { $0.hasSuffix(".csv") }.sorted()
                files += names.map { (path as NSString).appendingPathComponent($0) }
            } else {
                files.append(path)
            }
        }
        let read = Spreadsheets.read(files)
        let declared = mapping.map { ImportMapping.load(path: $0, limits: input.limits) } ?? Spreadsheets.mapping(for: inputs[0], given: nil, limits: input.limits)
        var diagnostics = read.diagnostics + declared.diagnostics
        var yaml: String?
        if !diagnostics.containsErrors, let declaredMapping = declared.mapping {
            let imported = SnapshotSheets(mapping: declaredMapping).importSheets(read.sheets, named: name ?? inputs[0], limits: input.limits)
            diagnostics += imported.diagnostics
            yaml = imported.diagnostics.containsErrors ? nil : imported.yaml
        }
        if !diagnostics.isEmpty { Console.error(DiagnosticRenderer(sources: read.sources + declared.sources, language: input.language).render(diagnostics)) }
        guard let yaml else { throw TandemExit(code: .inputError) }
        if let output {
            do {
                try OutputFile.write(yaml, to: output)
            } catch {
                Console.report(InputDiagnostics.unwritable, error.message)
                throw TandemExit(code: .inputError)
            }
        } else {
            Console.out(yaml)
        }
    }

    private func writeTemplate() throws {
        guard inputs.count == 1 else { throw ValidationError("--template writes to one folder (csv) or one .xlsx file: give it") }
        let folder = URL(fileURLWithPath: inputs[0])
        var document: YAMLDocument?
        if let from {
            let files = SourceFiles(operands: [from], maxBytes: input.limits.maxBytes)
            let loaded = files.sources.first.map { YAMLLoader(limits: input.limits).load($0) }
            let problems = files.diagnostics + (loaded?.diagnostics ?? [])
            if !problems.isEmpty { Console.error(DiagnosticRenderer(sources: files.sources, language: input.language).render(problems)) }
            guard !problems.containsErrors, let first = loaded?.documents.first else { throw TandemExit(code: .inputError) }
            document = first
        }
        let converter = SnapshotSheets()
        let tables = document.map(converter.export) ?? converter.layout.tables.map { ($0, [[String]]()) }
        if template == .xlsx {
            let sheets = tables.map { table, rows in
                var choices: [Int: [String]] = [:]
                for (index, column) in table.columns.enumerated() {
                    if case .enumeration(let values) = column.type { choices[table.keys.count + index] = values }
                    if case .boolean = column.type { choices[table.keys.count + index] = ["true", "false"] }
                }
                return (name: table.name, headers: table.headers, rows: rows, choices: choices)
            }
            let readme = converter.layout.tables.flatMap { table in
                table.keys.map { [table.name, $0, "the parent row (an id, or a position counted from 1)"] } + table.columns.map { [table.name, $0.header, Self.meaning($0)] }
            }
            try Workbook.write(sheets, readme: readme, to: folder)
            let mappingFile = MappingSchema.companion(of: folder.path)
            try ImportMapping.template(converter.layout, workbook: true).write(toFile: mappingFile, atomically: true, encoding: .utf8)
            Console.out("created \(folder.path)\ncreated \(mappingFile)\n")
            return
        }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var written: [String] = []
        for (table, rows) in tables {
            let file = folder.appendingPathComponent(table.name + ".csv")
            try CSVTables.text(headers: table.headers, rows: rows).write(to: file, atomically: true, encoding: .utf8)
            written.append(file.path)
        }
        let readme = folder.appendingPathComponent("README.md")
        try Self.readme(converter.layout).write(to: readme, atomically: true, encoding: .utf8)
        let mappingFile = folder.appendingPathComponent(MappingSchema.folderFileName)
        try ImportMapping.template(converter.layout, workbook: false).write(to: mappingFile, atomically: true, encoding: .utf8)
        Console.out((written + [readme.path, mappingFile.path]).map { "created \($0)\n" }.joined())
    }

    /// What each column means, from the schema.
    static func readme(_ layout: TableLayout) -> String {
        var out = "# Snapshot tables\n\nFill one CSV file per table; `tandem import THIS-FOLDER` builds the snapshot. "
        out += "To keep your own file names, headers, words (\"Partenaire patient\") or date formats (31/12/2026), edit `mapping.yaml`. "
        out += "Empty cell: not recorded. `unknown`: nobody knows. Lists: values separated by `; `. Dates: YYYY-MM-DD.\n"
        for table in layout.tables {
            out += "\n## \(table.name)\n\n\(table.schema.summary)\(table.single ? " One row." : "")\n\n| column | meaning |\n|---|---|\n"
            for key in table.keys { out += "| `\(key)` | the parent row (an id, or a position counted from 1) |\n" }
            for column in table.columns {
                out += "| `\(column.header)`\(column.required ? " (required)" : "") | \(meaning(column).replacingOccurrences(of: "|", with: "\\|")) |\n"
            }
        }
        return out
    }

    /// A column's meaning with its allowed values.
    static func meaning(_ column: TableLayout.Column) -> String {
        var meaning = column.summary
        if case .enumeration(let values) = column.type { meaning += " One of: \(values.joined(separator: ", "))." }
        if case .list(.enumeration(let values)) = column.type { meaning += " Any of: \(values.joined(separator: ", "))." }
        return meaning
    }
}
