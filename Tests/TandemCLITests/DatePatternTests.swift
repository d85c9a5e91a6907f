import Foundation
@testable import Import
import Testing

/// A mapping's numeric date formats are read without Foundation's formatter (measured: it
/// rebuilt an ICU formatter per cell); they must read exactly what `DateFormatter` reads.
@Suite("Date formats of an import mapping")
struct DatePatternTests {
    static let patterns = ["dd/MM/yyyy", "d/M/yyyy", "yyyy/MM/dd", "dd.MM.yyyy", "MM-dd-yyyy", "ddMMyyyy", "d MMMM yyyy"]

    /// Every day of 2024 (a leap year) and 2026, written by `DateFormatter` in each pattern, is
    /// read back to the same ISO date.
    @Test(arguments: patterns)
    func readsWhatAFormatterWrites(_ format: String) {
        let formatter = ImportMapping.formatter(format)
        let iso = ImportMapping.formatter("yyyy-MM-dd")
        let pattern = DatePattern(format)
        for day in stride(from: 1_704_067_200.0, to: 1_798_761_600.0, by: 86_400) where !(1_735_689_600.0..<1_767_225_600.0).contains(day) {
            let date = Date(timeIntervalSince1970: day)
            #expect(pattern.isoDate(formatter.string(from: date)) == iso.string(from: date), "\(format): \(formatter.string(from: date))")
        }
    }

    @Test func refusesWhatIsNoDate() {
        let pattern = DatePattern("dd/MM/yyyy")
        #expect(pattern.isoDate("1/9/2025") == "2025-09-01")
        for text in ["31/02/2026", "29/02/2026", "00/01/2026", "01/13/2026", "01/01/26", "01-01-2026", "01/01/2026 ", "", "//", "1/1/20260"] {
            #expect(pattern.isoDate(text) == nil, "\(text)")
        }
        #expect(pattern.isoDate("29/02/2024") == "2024-02-29")
        #expect(DatePattern("ddMMyyyy").isoDate("1012026") == nil)
        #expect(DatePattern("d MMMM yyyy").isoDate("2 septembre 2025") == "2025-09-02")
    }
}
