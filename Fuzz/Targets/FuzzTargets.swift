// Fuzz targets for Tandem's front ends, one binary, the target chosen by TANDEM_FUZZ_TARGET:
//
//   yaml      the YAML front end (libyaml events → marked tree, limits, diagnostics)
//   cel       the CEL parser, checker and interpreter (an expression over a fixed snapshot)
//   policy    the policy compiler (a PolicySet document, with the seed pack's parameters)
//   snapshot  the snapshot loader, validator and data-quality checks, then the seed pack on it
//   csv       the spreadsheet import: a people table in CSV, read through a French ImportMapping
//             (headers, words, date formats), beside one-row metadata and organization tables
//   xlsx      the workbook reader and the import of what it reads: an input starting with "PK" is a
//             whole workbook (ZIP, SpreadsheetML); any other is a people sheet's XML, then after a
//             NUL byte the shared-strings XML, put in a workbook with metadata and organization
//             sheets (mutating compressed ZIP bytes rarely reaches the XML)
//
// Built with -sanitize=fuzzer,address -D FUZZING it is a libFuzzer binary (Fuzz/run); built
// normally it replays the files given as arguments through the same code, which is how crashes
// found become regression tests (Fuzz/regressions/, run by FuzzRegressionTests).
import CEL
import Diagnostics
import Evaluation
import Foundation
import Import
import PolicyCompiler
import SnapshotModel
import YAMLSource

enum Target: String {
    case yaml, cel, policy, snapshot, csv, xlsx
}

/// Everything a target needs, built once per process.
struct Fixture: @unchecked Sendable {
    let target: Target
    let limits = YAMLLimits(maxBytes: 1 << 20, maxDepth: 64, maxAliasExpansion: 10_000, maxDocuments: 16)
    let policy: CompiledPolicySet?
    let snapshot: Snapshot?
    let smallSnapshot: Snapshot?
    /// The metadata and organization tables the csv target's people table goes with: one row
    /// each, so an execution costs the fuzzed table, not a whole organization.
    let tables: [Sheet]
    /// A mapping with French headers, words and date formats for the people table.
    let mapping: ImportMapping

    init() {
        let name = ProcessInfo.processInfo.environment["TANDEM_FUZZ_TARGET"] ?? "yaml"
        guard let target = Target(rawValue: name) else {
            FileHandle.standardError.write(Data("TANDEM_FUZZ_TARGET must be yaml, cel, policy, snapshot, csv or xlsx\n".utf8))
            exit(2)
        }
        self.target = target
        let root = ProcessInfo.processInfo.environment["TANDEM_ROOT"] ?? FileManager.default.currentDirectoryPath
        let compiled = PolicyCompiler().compile(paths: [root + "/Policies/partners-in-care"])
        policy = compiled.policySet
        let fixture = (try? String(contentsOfFile: root + "/Fixtures/valid/mixed.yaml", encoding: .utf8)) ?? ""
        snapshot = SnapshotLoader().load(SourceText(path: "mixed.yaml", text: fixture)).snapshots.first
        // A small snapshot for evaluating fuzzed policies: cheap, and it reaches every kind of subject.
        let small = (try? String(contentsOfFile: root + "/Fixtures/valid/first-assessment.yaml", encoding: .utf8)) ?? ""
        smallSnapshot = SnapshotLoader().load(SourceText(path: "first-assessment.yaml", text: small)).snapshots.first
        tables = [
            CSVTables.read(text: "name,asOf\nfuzz,2026-10-01\n", path: "metadata.csv").sheets,
            CSVTables.read(text: "name\nFuzz\n", path: "organization.csv").sheets,
        ].flatMap { $0 }
        let mappingFile = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-fuzz-mapping-\(getpid()).yaml")
        try? """
        apiVersion: tandem/v1
        kind: ImportMapping
        booleans: {O: true, N: false}
        dateFormats: [dd/MM/yyyy, d MMMM yyyy]
        tables:
          - table: people
            columns: {id: Identifiant, name: Nom, category: Catégorie, status: Statut, startDate: Début}
            values:
              category: {Partenaire patient: patient_advisor, Gestionnaire: manager}
              status: {Actif: active, Parti: exited}
        """.write(to: mappingFile, atomically: true, encoding: .utf8)
        mapping = ImportMapping.load(path: mappingFile.path).mapping ?? ImportMapping()
        try? FileManager.default.removeItem(at: mappingFile)
    }

    /// A workbook of three sheets (metadata, organization, people) but the people sheet's XML.
    static let workbookParts: [String: Data] = {
        func sheet(_ rows: [[String]]) -> Data {
            var xml = "<worksheet><sheetData>"
            for (r, row) in rows.enumerated() {
                xml += "<row r=\"\(r + 1)\">"
                for (c, value) in row.enumerated() { xml += "<c r=\"\(Sheet.columnName(c))\(r + 1)\" t=\"inlineStr\"><is><t>\(value)</t></is></c>" }
                xml += "</row>"
            }
            return Data((xml + "</sheetData></worksheet>").utf8)
        }
        return [
            "xl/workbook.xml": Data(
                "<workbook><sheets><sheet name=\"metadata\" sheetId=\"1\" r:id=\"rId1\"/><sheet name=\"organization\" sheetId=\"2\" r:id=\"rId2\"/><sheet name=\"people\" sheetId=\"3\" r:id=\"rId3\"/></sheets></workbook>"
                    .utf8),
            "xl/_rels/workbook.xml.rels": Data(
                "<Relationships><Relationship Id=\"rId1\" Target=\"worksheets/sheet1.xml\"/><Relationship Id=\"rId2\" Target=\"worksheets/sheet2.xml\"/><Relationship Id=\"rId3\" Target=\"worksheets/sheet3.xml\"/></Relationships>"
                    .utf8),
            "xl/worksheets/sheet1.xml": sheet([["name", "asOf"], ["fuzz", "2026-10-01"]]),
            "xl/worksheets/sheet2.xml": sheet([["name"], ["Fuzz"]]),
        ]
    }()

    func run(_ bytes: [UInt8]) {
        switch target {
        case .yaml:
            // Half the inputs are parsed on a second thread, as a large file is.
            let source = SourceText(path: "fuzz.yaml", bytes: bytes)
            let whole = YAMLLoader(limits: limits, threads: bytes.count % 2 == 0 ? .one : .two, splitting: .never).load(source)
            // And cut into pieces of a few dozen bytes, as a large file is on several cores:
            // whether or not the cut is taken, the load is the whole one, to the mark.
            let pieces = YAMLLoader(limits: limits, threads: .one, splitting: .pieces(ofBytes: 48)).load(source)
            let described = { (result: YAMLLoader.Result) in result.diagnostics.map { "\($0.code) \($0.location.map { "\($0)" } ?? "") \($0.message)" } }
            guard whole.documents.count == pieces.documents.count, zip(whole.documents, pieces.documents).allSatisfy({ $0.root.isSame(as: $1.root) }),
                described(whole) == described(pieces)
            else { fatalError("the load in pieces differs from the whole load") }
        case .cel:
            guard let text = String(validating: bytes, as: UTF8.self) else { return }
            var env = Environment(
                variables: ["snapshot": .object(SnapshotSchema.root.name), "organization": .object("Organization")],
                objectTypes: SchemaTypes.snapshot)
            env.stepBudget = 100_000
            let root = snapshot.map { SnapshotValues.root($0) } ?? .null
            let context = EvaluationContext(today: Timestamp(seconds: 1_790_000_000))
            switch env.compile(text) {
            case .success(let compiled):
                _ = compiled.evaluate(["snapshot": root, "organization": root.mapValue?.value(forField: "organization") ?? .null], context: context)
                _ = Printer.literal(.string(text))
            case .failure(let failure):
                _ = DiagnosticRenderer(sources: [SourceText(path: "e", text: text)]).render(failure.diagnostics { SourceLocation(file: "e", line: $0, column: $1) })
            }
            if let unchecked = try? env.compileUnchecked(text).get() {
                _ = unchecked.evaluate([:], context: context)
            }
        case .policy:
            let result = PolicyCompiler(limits: limits).compile(source: SourceText(path: "fuzz/policy.yaml", bytes: bytes))
            _ = DiagnosticRenderer(sources: result.sources).render(result.diagnostics)
            if let set = result.policySet, let smallSnapshot {
                _ = PolicyEvaluator(set).run(smallSnapshot)
            }
        case .csv:
            guard let text = String(validating: bytes, as: UTF8.self) else { return }
            let people = CSVTables.read(text: text, path: "people.csv")
            let imported = SnapshotSheets(mapping: mapping).importSheets(tables + people.sheets, named: "fuzz", limits: limits)
            _ = DiagnosticRenderer().render(people.diagnostics + imported.diagnostics)
        case .xlsx:
            let read: (sheets: [Sheet], diagnostics: [Diagnostic])
            if bytes.starts(with: [0x50, 0x4B]) {
                read = Workbook.read(data: Data(bytes), path: "fuzz.xlsx")
            } else {
                let split = bytes.firstIndex(of: 0) ?? bytes.endIndex
                var parts = Self.workbookParts
                parts["xl/worksheets/sheet3.xml"] = Data(bytes[..<split])
                if split < bytes.endIndex { parts["xl/sharedStrings.xml"] = Data(bytes[(split + 1)...]) }
                read = Workbook.read(path: "fuzz.xlsx") { parts[$0] }
            }
            let imported = SnapshotSheets().importSheets(read.sheets, named: "fuzz.xlsx", limits: limits)
            _ = DiagnosticRenderer().render(read.diagnostics + imported.diagnostics)
        case .snapshot:
            let loaded = SnapshotLoader(limits: limits).load(SourceText(path: "fuzz.yaml", bytes: bytes))
            _ = DiagnosticRenderer(sources: [SourceText(path: "fuzz.yaml", bytes: bytes)]).render(loaded.diagnostics)
            if let policy, let snapshot = loaded.snapshots.first {
                _ = PolicyEvaluator(policy).run(snapshot)
            }
        }
    }
}

nonisolated(unsafe) var fixture: Fixture?

#if FUZZING
    @_cdecl("LLVMFuzzerTestOneInput")
    public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
        if fixture == nil { fixture = Fixture() }
        fixture!.run(Array(UnsafeBufferPointer(start: data, count: size)))
        return 0
    }

    @_silgen_name("LLVMFuzzerRunDriver")
    func runDriver(
        _ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
        _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt
    ) -> CInt

    /// SwiftPM links an executable's entry point under the target's name; hand it to libFuzzer.
    @_cdecl("tandem_fuzz_main")
    public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
        var count = argc
        var arguments = argv
        return runDriver(&count, &arguments) { data, size in fuzz(data, size) }
    }
#else
    /// Replay: each argument is a file (or a directory of files) run through the target once.
    @main
    struct Replay {
        static func main() {
            fixture = Fixture()
            var count = 0
            for argument in CommandLine.arguments.dropFirst() {
                var isDirectory: ObjCBool = false
                guard FileManager.default.fileExists(atPath: argument, isDirectory: &isDirectory) else { continue }
                let files =
                    isDirectory.boolValue
                    ? ((try? FileManager.default.contentsOfDirectory(atPath: argument)) ?? []).filter { !$0.hasPrefix(".") }.sorted().map { argument + "/" + $0 }
                    : [argument]
                for file in files {
                    guard let data = FileManager.default.contents(atPath: file) else { continue }
                    fixture!.run([UInt8](data))
                    count += 1
                }
            }
            print("replayed \(count) input(s) through \(fixture!.target.rawValue)")
        }
    }
#endif
