import Diagnostics
import Testing

@testable import Import

/// Rows naming no parent are all reported; "did you mean" is searched for the first ones only,
/// since each search reads every parent key.
@Suite struct OrphanRowTests {
    @Test func theFirstOrphanRowsGetASuggestionAndAllAreReported() {
        let members = "@teams,person,role\n" + (0..<150).map { "home-cares,p\($0),provider\n" }.joined()
        let tables = [
            CSVTables.read(text: "name,asOf\nx,2026-10-01\n", path: "metadata.csv"),
            CSVTables.read(text: "name\nX\n", path: "organization.csv"),
            CSVTables.read(text: "id,name,status\nhome-care,Home care,active\n", path: "teams.csv"),
            CSVTables.read(text: members, path: "teams.members.csv"),
        ].flatMap(\.sheets)
        let orphans = SnapshotSheets().importSheets(tables, named: "x").diagnostics.filter { $0.code == "IMP006" }
        #expect(orphans.count == 150)
        #expect(orphans.prefix(DiagnosticRenderer.perFileLimit).allSatisfy { $0.notes == ["did you mean 'home-care'?"] })
        #expect(orphans.dropFirst(DiagnosticRenderer.perFileLimit).allSatisfy { $0.notes.isEmpty })
    }
}
