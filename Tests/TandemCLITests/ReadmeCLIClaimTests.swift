import Foundation
import TestSupport
import Testing

@testable import Import
@testable import TandemCLI

/// Figures the README states about the command line are the code's: the exit codes, the sheet
/// name limit of a workbook template, and the size of the differential CEL run.
@Suite("README claims about the command line")
struct ReadmeCLIClaimTests {
    @Test func theExitCodeTableIsTheEnum() throws {
        let rows = [(TandemExitCode.clean, "clean:"), (.violations, "violations"), (.inputError, "usage or input error")]
        #expect(try StatedText("README.md").unstated(rows.map { "| \($0.0.rawValue) | \($0.1)" }) == [])
    }

    @Test func sheetNamesAreCutWhereTheWorkbookCutsThem() throws {
        #expect(try StatedText("README.md").unstated(["(names shortened to Excel's \(Workbook.maxSheetName) characters)"]) == [])
    }

    @Test func theDifferentialRunIsAsLongAsStated() throws {
        #expect(try StatedText("README.md").unstated(["`swift test` runs \(DifferentialCELTests.count) expressions on a fixed seed"]) == [])
    }
}
