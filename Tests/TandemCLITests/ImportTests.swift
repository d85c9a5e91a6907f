import Foundation
import TestSupport
import Testing

/// `tandem import`: spreadsheet tables (CSV) to an organization snapshot, every problem at its
/// cell, and back (`--template csv --from SNAPSHOT`).
@Suite("Spreadsheet import", .serialized)
struct ImportTests {
    static let fixtures = ["well-run", "mixed", "struggling", "tokenistic", "first-assessment"]

    static func scratch() throws -> URL {
        let url = Scratch.root.appendingPathComponent("tandem-import-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// The fixture's tables, written by the template command.
    static func tables(of fixture: String, in dir: URL) throws -> URL {
        let folder = dir.appendingPathComponent("tables")
        let run = try TandemProcess.run(["import", "--template", "csv", folder.path, "--from", "Fixtures/valid/\(fixture).yaml"])
        #expect(run.status == 0, "\(run.stderr)")
        return folder
    }

    static func check(_ arguments: [String], stdin: String? = nil) throws -> String {
        let run = try TandemProcess.run(
            ["check", "--policy", "Policies/partners-in-care", "--now", "2026-11-25", "--format", "json"] + arguments, stdin: stdin)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        // What a committee acts on: each finding (rule, subject, kind, message) and each score.
        let findings = (report["findings"] as? [[String: Any]] ?? []).map { f in
            "\(f["rule"] ?? "") \((f["subject"] as? [String: Any])?["id"] ?? "") \(f["kind"] ?? "") \(f["message"] ?? "")"
        }.sorted()
        func score(_ s: [String: Any]) -> String { "\(s["id"] ?? "") \(s["score"] ?? "") \(s["band"] ?? "") \(s["low"] ?? "")–\(s["high"] ?? "")" }
        let risk = (report["risk"] as? [[String: Any]] ?? []).flatMap { r in
            [(r["organization"] as? [String: Any]).map(score) ?? ""] + ((r["teams"] as? [[String: Any]]) ?? []).map(score)
        }
        return (findings + risk).joined(separator: "\n")
    }

    /// Every shipped fixture, written as tables and imported back, gives the same findings and
    /// risk as the YAML fixture.
    @Test(arguments: fixtures)
    func tablesImportToTheSameFindingsAndRisk(_ fixture: String) throws {
        let dir = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let folder = try Self.tables(of: fixture, in: dir)
        let imported = try TandemProcess.run(["import", folder.path])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stderr.isEmpty)
        let viaTables = try Self.check(["-"], stdin: imported.stdout)
        let viaYAML = try Self.check(["Fixtures/valid/\(fixture).yaml"])
        #expect(!viaYAML.isEmpty)
        #expect(viaTables == viaYAML)
    }

    /// The empty template has every table with its headers, and a README naming each column.
    @Test func theTemplateHasEveryTableAndExplainsEachColumn() throws {
        let dir = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let run = try TandemProcess.run(["import", "--template", "csv", dir.path])
        #expect(run.status == 0)
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
        #expect(files.contains("people.csv") && files.contains("teams.members.csv") && files.contains("teams.meetings.decisions.csv") && files.contains("README.md"))
        #expect(files.count == 21 + 2, "every table, the README and the mapping")
        // The mapping written is the identity, every table and header, and reads as one.
        let mapping = try String(contentsOf: dir.appendingPathComponent("mapping.yaml"), encoding: .utf8)
        #expect(mapping.contains("kind: ImportMapping\n"))
        #expect(mapping.contains("  - table: teams.members\n    sheet: teams.members\n    columns:\n      \"@teams\": \"@teams\"\n      person: person\n"))
        #expect(mapping.contains("    #   status: {\"your word\": candidate}   # one of: candidate, active, inactive, exited\n"))
        let members = try String(contentsOf: dir.appendingPathComponent("teams.members.csv"), encoding: .utf8)
        #expect(members.hasPrefix("@teams,person,role,joined,left,active,"))
        let readme = try String(contentsOf: dir.appendingPathComponent("README.md"), encoding: .utf8)
        #expect(readme.contains("| `status` | Engagement status (default active). One of: candidate, active, inactive, exited. |"))
        #expect(readme.contains("| `@people` | the parent row (an id, or a position counted from 1) |"))
        #expect(readme.contains("## teams.members"))
    }

    /// Spreadsheet words and the evidence model: oui/non are booleans; an empty cell is not
    /// recorded; `(none)` records an empty list; `unknown` is unknown.
    @Test func cellsFollowTheEvidenceModel() throws {
        let dir = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let folder = try Self.tables(of: "mixed", in: dir)
        let organization = folder.appendingPathComponent("organization.csv")
        let text = try String(contentsOf: organization, encoding: .utf8)
        try text.replacingOccurrences(of: "CSSS Lakeside,true,", with: "CSSS Lakeside,oui,").write(to: organization, atomically: true, encoding: .utf8)
        let imported = try TandemProcess.run(["import", folder.path])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.contains("  vision:\n    includesPartnership: true\n"))
        #expect(imported.stdout.contains("recognition: []"))
    }

    struct Broken: Sendable, CustomTestStringConvertible {
        var name: String
        var file: String
        var old: String?
        var new: String
        var line: String
        var note: String?
        var testDescription: String { name }
    }

    static let broken: [Broken] = [
        Broken(
            name: "bad date", file: "people.csv", old: "pa-alice,Alice Caron,patient_advisor,,active,2025-09-01", new: "pa-alice,Alice Caron,patient_advisor,,active,2025-13-01",
            line: "people.csv:2:6: error[SNAP005]: '2025-13-01' is not an ISO 8601 date for 'startDate' in Person; write YYYY-MM-DD"),
        Broken(
            name: "unknown vocabulary value", file: "people.csv", old: "pa-alice,Alice Caron,patient_advisor,,active,", new: "pa-alice,Alice Caron,patient_advisor,,actif,",
            line: "people.csv:2:5: error[SNAP004]: 'actif' is not a valid value for 'status' in Person; expected one of: candidate, active, inactive, exited",
            note: "did you mean 'active'?"),
        Broken(
            name: "unknown person", file: "teams.members.csv", old: "home-care,pa-alice,", new: "home-care,pa-alicia,",
            line: "teams.members.csv:6:2: error[SNAP007]: no person has id 'pa-alicia'", note: "did you mean 'pa-alice'?"),
        Broken(
            name: "duplicate id", file: "people.csv", old: "pa-ben,Ben Morissette", new: "pa-alice,Ben Morissette",
            line: "people.csv:3:1: error[SNAP006]: duplicate person id 'pa-alice'", note: "first declared at $DIR/people.csv:2:1"),
        Broken(
            name: "empty required cell", file: "people.csv", old: "pa-alice,Alice Caron,", new: "pa-alice,,",
            line: "people.csv:2:1: error[SNAP002]: missing required key 'name' in Person"),
        Broken(
            name: "wrong header", file: "people.csv", old: "id,name,category", new: "id,nme,category", line: "people.csv:1:2: error[IMP003]: 'nme' is no column of people",
            note: "did you mean 'name'?"),
        Broken(
            name: "row of no parent", file: "teams.members.csv", old: "home-care,pm-eric", new: "home-cares,pm-eric",
            line: "teams.members.csv:2:1: error[IMP006]: no row of teams is 'home-cares'; this row of teams.members belongs to none", note: "did you mean 'home-care'?"),
        Broken(name: "second metadata row", file: "metadata.csv", old: nil, new: "second,2026-01-01\n", line: "metadata.csv:3:1: error[IMP005]: metadata holds one row; found 2"),
        Broken(
            name: "misspelt key column", file: "teams.members.csv", old: "@teams,person", new: "team,person",
            line: "teams.members.csv:1:1: error[IMP003]: 'team' is no column of teams.members", note: "did you mean '@teams'?"),
        Broken(
            name: "missing key column", file: "teams.members.csv", old: "@teams,person", new: ",person",
            line: "teams.members.csv:1:1: error[IMP004]: teams.members needs the key column '@teams', naming each row's parent"),
        Broken(
            name: "unknown table", file: "peoples.csv", old: nil, new: "id,name\n", line: "peoples.csv:1:1: error[IMP001]: 'peoples' is no table of the snapshot format",
            note: "did you mean 'people'?"),
    ]

    /// Each problem is reported at its cell, in the spreadsheet's terms, and the import fails
    /// (exit 2, no snapshot on stdout).
    @Test(arguments: broken)
    func problemsAreReportedAtTheirCell(_ case_: Broken) throws {
        let dir = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let folder = try Self.tables(of: "mixed", in: dir)
        let file = folder.appendingPathComponent(case_.file)
        var text = (try? String(contentsOf: file, encoding: .utf8)) ?? ""
        if let old = case_.old {
            #expect(text.contains(old), "the fixture's tables changed: \(old)")
            text = text.replacingOccurrences(of: old, with: case_.new, options: [], range: text.range(of: old))
        } else {
            text += case_.new
        }
        try text.write(to: file, atomically: true, encoding: .utf8)
        let run = try TandemProcess.run(["import", folder.path])
        #expect(run.status == 2)
        #expect(run.stdout.isEmpty)
        let lines = run.stderr.split(separator: "\n").map(String.init)
        #expect(lines.first { $0.contains("error[") } == "\(folder.path)/\(case_.line)", "\(run.stderr)")
        if let note = case_.note {
            #expect(lines.contains("  note: " + note.replacingOccurrences(of: "$DIR", with: folder.path)), "\(run.stderr)")
        }
    }

    @Test func aMissingTableAndAnUnreadableFileAreSaid() throws {
        let dir = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let folder = try Self.tables(of: "mixed", in: dir)
        try FileManager.default.removeItem(at: folder.appendingPathComponent("organization.csv"))
        let missing = try TandemProcess.run(["import", folder.path])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("\(folder.path):1:1: error[IMP002]: the 'organization' table is missing; every snapshot has one"))
        try Data([0x69, 0x64, 0x0A, 0xFF, 0xFE]).write(to: folder.appendingPathComponent("people.csv"))
        let unreadable = try TandemProcess.run(["import", folder.path])
        #expect(unreadable.status == 2)
        #expect(unreadable.stderr.contains("\(folder.path)/people.csv:1:1: error[IMP007]: \(folder.path)/people.csv is not a UTF-8 CSV file"))
        let child = try TandemProcess.run(["import", folder.appendingPathComponent("teams.members.csv").path])
        #expect(child.stderr.contains("error[IMP002]: the 'metadata' table is missing"))
    }

    // MARK: - Workbooks

    /// Every fixture, written as a workbook by `--template xlsx --from` and imported back, gives
    /// the same findings and risk.
    @Test(arguments: fixtures)
    func workbooksImportToTheSameFindingsAndRisk(_ fixture: String) throws {
        let dir = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let workbook = dir.appendingPathComponent("roster.xlsx").path
        let written = try TandemProcess.run(["import", "--template", "xlsx", workbook, "--from", "Fixtures/valid/\(fixture).yaml"])
        #expect(written.status == 0, "\(written.stderr)")
        let imported = try TandemProcess.run(["import", workbook])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(try Self.check(["-"], stdin: imported.stdout) == Self.check(["Fixtures/valid/\(fixture).yaml"]))
    }

    /// openpyxl — an independent writer — makes the workbook a spreadsheet program would (shared
    /// strings, dates as serial numbers, booleans, numbers), with a formula or merged cells when
    /// asked. `.ci/run` installs it and sets TANDEM_REQUIRE_OPENPYXL.
    static func openpyxlWorkbook(_ tables: URL, _ out: URL, defect: String? = nil) throws -> Bool {
        let probe = try ReportFormatTests.python(["-c", "import openpyxl"])
        guard probe.status == 0 else {
            #expect(ProcessInfo.processInfo.environment["TANDEM_REQUIRE_OPENPYXL"] == nil, "openpyxl is required (TANDEM_REQUIRE_OPENPYXL) but missing")
            print("skipped: the workbook tests need python3 -m pip install openpyxl")
            return false
        }
        let script = TandemProcess.packageRoot.appendingPathComponent("Tests/TandemCLITests/xlsx/make_workbook.py").path
        let run = try ReportFormatTests.python([script, tables.path, out.path] + (defect.map { [$0] } ?? []))
        #expect(run.status == 0, "\(run.stderr)")
        return run.status == 0
    }

    @Test func aWorkbookFromASpreadsheetProgramImports() throws {
        let dir = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let tables = try Self.tables(of: "mixed", in: dir)
        let workbook = dir.appendingPathComponent("roster.xlsx")
        guard try Self.openpyxlWorkbook(tables, workbook) else { return }
        let imported = try TandemProcess.run(["import", workbook.path])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(try Self.check(["-"], stdin: imported.stdout) == Self.check(["Fixtures/valid/mixed.yaml"]))
    }

    @Test(arguments: [
        ("formula", "people!B3: error[IMP008]: a formula; paste its value instead"),
        ("merged", "people!B2: error[IMP009]: merged cells B2:C2; unmerge them so each row has its own values"),
    ])
    func formulasAndMergedCellsAreRefusedAtTheCell(defect: String, line: String) throws {
        let dir = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let tables = try Self.tables(of: "mixed", in: dir)
        let workbook = dir.appendingPathComponent("roster.xlsx")
        guard try Self.openpyxlWorkbook(tables, workbook, defect: defect) else { return }
        let run = try TandemProcess.run(["import", workbook.path])
        #expect(run.status == 2)
        #expect(run.stderr.hasPrefix("\(workbook.path):\(line)"), "\(run.stderr)")
    }

    /// A bad value in a workbook is reported at its cell by name.
    @Test func aWorkbookCellIsNamedInItsDiagnostic() throws {
        let dir = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let tables = try Self.tables(of: "mixed", in: dir)
        let people = tables.appendingPathComponent("people.csv")
        let text = try String(contentsOf: people, encoding: .utf8)
        try text.replacingOccurrences(of: "pa-alice,Alice Caron,patient_advisor,,active,", with: "pa-alice,Alice Caron,patient_advisor,,actif,").write(
            to: people, atomically: true, encoding: .utf8)
        let workbook = dir.appendingPathComponent("roster.xlsx")
        guard try Self.openpyxlWorkbook(tables, workbook) else { return }
        let run = try TandemProcess.run(["import", workbook.path])
        #expect(run.status == 2)
        #expect(
            run.stderr.hasPrefix(
                "\(workbook.path):people!E2: error[SNAP004]: 'actif' is not a valid value for 'status' in Person; expected one of: candidate, active, inactive, exited\n  note: did you mean 'active'?"
            ), "\(run.stderr)")
    }

    /// A worksheet whose cells lie beyond a worksheet's limits, or far apart, is said — never a
    /// grid of billions of empty cells (the xlsx fuzz target found one asking for terabytes).
    @Test func cellsBeyondAWorksheetOrFarApartAreSaid() throws {
        let dir = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        func workbook(_ sheet: String) throws -> String {
            let out = dir.appendingPathComponent("far-\(UUID().uuidString).xlsx").path
            let script = """
                import sys, zipfile
                z = zipfile.ZipFile(sys.argv[1], "w")
                z.writestr("xl/workbook.xml", '<workbook><sheets><sheet name="people" sheetId="1" r:id="rId1"/></sheets></workbook>')
                z.writestr("xl/_rels/workbook.xml.rels", '<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>')
                z.writestr("xl/worksheets/sheet1.xml", sys.argv[2])
                """
            let run = try ReportFormatTests.python(["-c", script, out, sheet])
            #expect(run.status == 0, "\(run.stderr)")
            return out
        }
        let cell = { (ref: String) in "<c r=\"\(ref)\" t=\"inlineStr\"><is><t>x</t></is></c>" }
        let beyond = try workbook("<worksheet><sheetData><row r=\"1\">\(cell("A1"))\(cell("ZZZZZZZZ1"))</row></sheetData></worksheet>")
        let run = try TandemProcess.run(["import", beyond])
        #expect(run.status == 2)
        #expect(run.stderr.hasPrefix("\(beyond):1:1: error[IMP007]: sheet 'people' has a cell 'ZZZZZZZZ1', no cell of a worksheet (A1 to XFD1048576)"), "\(run.stderr)")
        // An attribute name that is not UTF-8 trapped inside Foundation's XML parser (found by
        // the fuzzer): the sheet is unreadable, said at the file.
        let latin = try workbook("<worksheet><sheetData><row r=\"1\">\(cell("A1"))</row></sheetData><sqref\u{FFFD}=\"1\"/></worksheet>")
        let patched = try ReportFormatTests.python([
            "-c",
            "import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); parts = {n: z.read(n) for n in z.namelist()}; z.close(); "
                + "parts['xl/worksheets/sheet1.xml'] = parts['xl/worksheets/sheet1.xml'].replace('\u{FFFD}'.encode(), b'\\xd0'); "
                + "z = zipfile.ZipFile(sys.argv[1], 'w'); [z.writestr(n, d) for n, d in parts.items()]",
            latin,
        ])
        #expect(patched.status == 0, "\(patched.stderr)")
        let notUTF8 = try TandemProcess.run(["import", latin])
        #expect(notUTF8.status == 2)
        #expect(notUTF8.stderr.hasPrefix("\(latin):1:1: error[IMP007]: sheet 'people' of \(latin) cannot be read"), "\(notUTF8.stderr)")
        // 1,300 rows of one cell each and one cell in column XFD: 21 million cells as a rectangle.
        let rows = (2...1_300).map { "<row r=\"\($0)\">\(cell("A\($0)"))</row>" }.joined()
        let apart = try workbook("<worksheet><sheetData><row r=\"1\">\(cell("XFD1"))</row>\(rows)</sheetData></worksheet>")
        let far = try TandemProcess.run(["import", apart])
        #expect(far.status == 2)
        #expect(
            far.stderr.hasPrefix("\(apart):1:1: error[IMP007]: sheet 'people' spans 1300 rows × 16384 columns, over the 20000000 cells Tandem reads from a sheet"),
            "\(far.stderr)")
    }

    @Test func aFileThatIsNoWorkbookIsSaid() throws {
        let dir = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let text = dir.appendingPathComponent("roster.xlsx")
        try Data("name,asOf\n".utf8).write(to: text)
        let notZip = try TandemProcess.run(["import", text.path])
        #expect(notZip.status == 2)
        #expect(notZip.stderr.hasPrefix("\(text.path):1:1: error[IMP007]: \(text.path) is not an XLSX workbook (not a ZIP file)"))
        // An encrypted workbook is an OLE compound file (as is a legacy .xls).
        try Data([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] + Array(repeating: 0, count: 504)).write(to: text)
        let encrypted = try TandemProcess.run(["import", text.path])
        #expect(encrypted.stderr.hasPrefix("\(text.path):1:1: error[IMP007]: \(text.path) is encrypted, or an old .xls file: save it as an unprotected .xlsx workbook"))
        // A ZIP whose directory offset points past its end (found by the xlsx fuzz target: it
        // trapped in ZIPFoundation's in-memory reader) is not read as a ZIP, and not a crash.
        let fuzzed = TandemProcess.packageRoot.appendingPathComponent("Fuzz/regressions/xlsx/crash-zip-offset-past-end.xlsx").path
        let broken = try TandemProcess.run(["import", fuzzed])
        #expect(broken.status == 2)
        #expect(broken.stderr == "\(fuzzed):1:1: error[IMP007]: \(fuzzed) is not an XLSX workbook (not a ZIP file)\n", "\(broken.stderr)")
        // A deflate stream that runs to the end of the file made ZIPFoundation read nothing,
        // forever (found by the fuzzer). Its parts are now inflated from their own bytes only:
        // the three Python's zipfile also refuses (a bad stream, two bad checksums) are said,
        // at once and the same on every run, and the sheets they held are unreadable.
        let corrupt = TandemProcess.packageRoot.appendingPathComponent("Fuzz/regressions/xlsx/hang-deflate-stream-runs-to-end-of-file.xlsx").path
        let hung = try TandemProcess.run(["import", corrupt], timeout: 60)
        #expect(hung.status == 2, "\(hung.stderr)")
        let said = hung.stderr.split(separator: "\n").filter { $0.contains("is corrupt") }.map { $0.replacingOccurrences(of: corrupt, with: "F") }
        #expect(said == ["sheet11", "sheet17", "sheet22"].map { "F:1:1: error[IMP007]: F is corrupt: its part xl/worksheets/\($0).xml does not decompress" }, "\(hung.stderr)")
        #expect(try TandemProcess.run(["import", corrupt], timeout: 60).stderr == hung.stderr)
        // A workbook whose relationships part fails its checksum gave different diagnostics from
        // run to run: ZIPFoundation inflated its last chunk from bytes past the part's end.
        let drifting = TandemProcess.packageRoot.appendingPathComponent("Fuzz/regressions/xlsx/nondeterministic-part-read-past-its-end.xlsx").path
        let runs = try (0..<3).map { _ in try TandemProcess.run(["import", drifting]).stderr }
        #expect(Set(runs).count == 1)
        #expect(
            runs[0] == "\(drifting):1:1: error[IMP007]: \(drifting) is not an XLSX workbook (no readable xl/workbook.xml)\n"
                + "\(drifting):1:1: error[IMP007]: \(drifting) is corrupt: its part xl/_rels/workbook.xml.rels does not decompress\n", "\(runs[0])")
        // A workbook without the organization sheet.
        let workbook = dir.appendingPathComponent("partial.xlsx").path
        #expect(try TandemProcess.run(["import", "--template", "xlsx", workbook]).status == 0)
        let empty = try TandemProcess.run(["import", workbook])
        #expect(empty.status == 2)
        #expect(empty.stderr.hasPrefix("\(workbook):metadata!A1: error[IMP002]: the 'metadata' table has no row; every snapshot has one\n"), "\(empty.stderr)")
        #expect(empty.stderr.contains("\(workbook):organization!A1: error[IMP002]: the 'organization' table has no row; every snapshot has one\n"))
    }

    // MARK: - Mappings

    /// What an organization's own people list looks like: a file named in French with French
    /// headers, its words for categories and statuses, dates written dd/MM/yyyy, and "O"/"N"
    /// for yes and no in the organization table.
    static let frenchMapping = """
        apiVersion: tandem/v1
        kind: ImportMapping
        booleans: {O: true, N: false}
        dateFormats: [dd/MM/yyyy]
        tables:
          - table: people
            sheet: Personnes
            columns: {id: Identifiant, name: Nom, category: Catégorie, title: Titre, status: Statut, startDate: Début}
            values:
              category: {Partenaire patient: patient_advisor, Professionnel: professional, Gestionnaire: manager}
              status: {Actif: active, Candidat: candidate, Inactif: inactive, Parti: exited}

        """

    /// The mixed fixture's tables rewritten the organization's way, with the mapping in the folder.
    static func frenchTables(in dir: URL) throws -> URL {
        let folder = try tables(of: "mixed", in: dir)
        let peopleFile = folder.appendingPathComponent("people.csv")
        var people = try String(contentsOf: peopleFile, encoding: .utf8)
        #expect(people.hasPrefix("id,name,category,title,status,startDate,"))
        people = "Identifiant,Nom,Catégorie,Titre,Statut,Début," + people.dropFirst("id,name,category,title,status,startDate,".count)
        for (word, french) in [("patient_advisor", "Partenaire patient"), ("professional", "Professionnel"), ("manager", "Gestionnaire"), ("active", "Actif")] {
            people = people.replacingOccurrences(of: ",\(word),", with: ",\(french),")
        }
        people = people.replacing(#/(\d{4})-(\d{2})-(\d{2})/#) { "\($0.3)/\($0.2)/\($0.1)" }
        try FileManager.default.removeItem(at: peopleFile)
        try people.write(to: folder.appendingPathComponent("Personnes.csv"), atomically: true, encoding: .utf8)
        let organizationFile = folder.appendingPathComponent("organization.csv")
        let organization = try String(contentsOf: organizationFile, encoding: .utf8)
            .replacing(#/,true(?=,|\n)/#, with: ",O").replacing(#/,false(?=,|\n)/#, with: ",N")
        #expect(organization.contains(",O,") && organization.contains(",N,"))
        try organization.write(to: organizationFile, atomically: true, encoding: .utf8)
        try frenchMapping.write(to: folder.appendingPathComponent("mapping.yaml"), atomically: true, encoding: .utf8)
        return folder
    }

    /// Read through the mapping found in the folder, the organization's own tables give the same
    /// findings and risk as the YAML fixture.
    @Test func aDeclaredMappingReadsAnOrganizationsOwnTables() throws {
        let dir = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let folder = try Self.frenchTables(in: dir)
        let imported = try TandemProcess.run(["import", folder.path])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(try Self.check(["-"], stdin: imported.stdout) == Self.check(["Fixtures/valid/mixed.yaml"]))
        // Without the mapping the same tables are refused at the first foreign sheet and header.
        try FileManager.default.moveItem(at: folder.appendingPathComponent("mapping.yaml"), to: dir.appendingPathComponent("ours.yaml"))
        let unmapped = try TandemProcess.run(["import", folder.path])
        #expect(unmapped.status == 2)
        #expect(unmapped.stderr.contains("\(folder.path)/Personnes.csv:1:1: error[IMP001]: 'Personnes' is no table of the snapshot format"), "\(unmapped.stderr)")
        // --mapping names it wherever it is.
        let named = try TandemProcess.run(["import", "--mapping", dir.appendingPathComponent("ours.yaml").path, folder.path])
        #expect(named.status == 0, "\(named.stderr)")
        #expect(named.stdout == imported.stdout)
        // A folder is no mapping (it would be searched, and its first YAML file taken).
        let folderAsMapping = try TandemProcess.run(["import", "--mapping", dir.path, folder.path])
        #expect(folderAsMapping.status == 2)
        #expect(folderAsMapping.stderr.hasPrefix("error[IO002]: cannot read \(dir.path) as a mapping: it is a folder"), "\(folderAsMapping.stderr)")
    }

    /// The findings of a workbook checked directly, each with its place: the JSON report's
    /// `cell`s, and what a committee would read.
    static func checkJSON(_ arguments: [String]) throws -> [[String: Any]] {
        let run = try TandemProcess.run(["check", "-p", "Policies/partners-in-care", "--now", "2026-11-25", "-f", "json"] + arguments)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any], "\(run.stderr)")
        return report["findings"] as? [[String: Any]] ?? []
    }

    /// `tandem check roster.xlsx` imports the workbook (through its companion mapping, here the
    /// template's) and checks it: the same findings and risk as the YAML, every finding at the
    /// cell of the row it is about.
    @Test func checkReadsAWorkbookDirectlyWithFindingsAtCells() throws {
        let dir = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let workbook = dir.appendingPathComponent("roster.xlsx").path
        #expect(try TandemProcess.run(["import", "--template", "xlsx", workbook, "--from", "Fixtures/valid/mixed.yaml"]).status == 0)
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("roster.mapping.yaml").path))
        #expect(try Self.check([workbook]) == Self.check(["Fixtures/valid/mixed.yaml"]))
        let findings = try Self.checkJSON([workbook])
        #expect(!findings.isEmpty)
        for finding in findings {
            #expect(finding["file"] as? String == workbook)
            let cell = try #require(finding["cell"] as? String, "\(finding)")
            let subject = finding["subject"] as? [String: Any]
            // A finding points at the cell of the fact it judges: in its subject's row, or in one
            // of its child tables (a team's members, a person's training).
            switch subject?["kind"] as? String {
            case "Team": #expect(cell.hasPrefix("teams"), "\(finding)")
            case "Person": #expect(cell.hasPrefix("people"), "\(finding)")
            default: #expect(cell.hasPrefix("organization"), "\(finding)")
            }
        }
        let text = try TandemProcess.run(["check", "-p", "Policies/partners-in-care", "--now", "2026-11-25", workbook])
        #expect(text.status == 1)
        #expect(text.stdout.contains("      teams!A3 "), "\(text.stdout)")
        // `explain` too, every position a cell.
        let explained = try TandemProcess.run(["explain", "PP-OPS-001", "-p", "Policies/partners-in-care", "--snapshot", workbook, "--subject", "falls"])
        #expect(explained.status == 0, "\(explained.stderr)")
        #expect(explained.stdout.contains("Team falls (Falls prevention CIC): violation at \(workbook):teams.members!A9: "), "\(explained.stdout)")
        #expect(explained.stdout.contains("└─ team  →  {id: falls, …}  @ \(workbook):teams!A3\n"), "\(explained.stdout)")
        // `score` reads workbooks the same way.
        let score = try TandemProcess.run(["score", "-p", "Policies/partners-in-care", workbook])
        let yamlScore = try TandemProcess.run(["score", "-p", "Policies/partners-in-care", "Fixtures/valid/mixed.yaml"])
        #expect(score.status == 0, "\(score.stderr)")
        #expect(score.stdout.contains("  Organization CSSS Lakeside: 40.1 moderate, 28.7–51.6 (moderate–high)"), "\(score.stdout)")
        #expect(score.stdout.split(separator: "\n").dropFirst() == yamlScore.stdout.split(separator: "\n").dropFirst())
    }

    /// A French workbook written by openpyxl, checked directly through `roster.mapping.yaml`
    /// beside it: same findings; people's findings at the rows of the `Personnes` sheet.
    @Test func aFrenchWorkbookIsCheckedThroughItsMapping() throws {
        let dir = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let folder = try Self.frenchTables(in: dir)
        let workbook = dir.appendingPathComponent("registre.xlsx")
        guard try Self.openpyxlWorkbook(folder, workbook) else { return }
        try Self.frenchMapping.write(to: dir.appendingPathComponent("registre.mapping.yaml"), atomically: true, encoding: .utf8)
        #expect(try Self.check([workbook.path]) == Self.check(["Fixtures/valid/mixed.yaml"]))
        let people = try Self.checkJSON([workbook.path]).filter { ($0["subject"] as? [String: Any])?["kind"] as? String == "Person" }
        #expect(!people.isEmpty)
        #expect(people.contains { ($0["cell"] as? String)?.hasPrefix("Personnes!A") == true }, "\(people)")
        #expect(people.allSatisfy { ($0["cell"] as? String).map { $0.hasPrefix("Personnes!") || $0.hasPrefix("people.") } == true }, "\(people)")
        // A broken mapping beside the workbook is the file's error, at its line (exit 2).
        try "apiVersion: tandem/v1\nkind: ImportMapping\ntables:\n  - table: peoples\n".write(
            to: dir.appendingPathComponent("registre.mapping.yaml"), atomically: true, encoding: .utf8)
        let broken = try TandemProcess.run(["check", "-p", "Policies/partners-in-care", workbook.path])
        #expect(broken.status == 2)
        #expect(broken.stderr.contains("registre.mapping.yaml:4:12: error[MAP004]: 'peoples' is not a valid value for 'table'"), "\(broken.stderr)")
        #expect(broken.stderr.contains("note: did you mean 'people'?"))
    }
}
