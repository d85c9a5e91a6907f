import Foundation
@testable import Import
import Testing

/// A mapping's date formats are read without Foundation's formatter (measured: it rebuilt an ICU
/// formatter per cell); they must read exactly what `DateFormatter` reads.
@Suite("Date formats of an import mapping")
struct DatePatternTests {
    static let patterns = ["dd/MM/yyyy", "d/M/yyyy", "yyyy/MM/dd", "dd.MM.yyyy", "MM-dd-yyyy", "ddMMyyyy", "d MMMM yyyy", "dd MMM yyyy", "MMMM d, yyyy"]

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

    /// Month names as people type them: any case, abbreviated or not, and words that are no
    /// month: the direct reading agrees with the formatter's on each.
    @Test(arguments: ["d MMMM yyyy", "d MMM yyyy"])
    func readsMonthNamesAsTheFormatterDoes(_ format: String) {
        let formatter = ImportMapping.formatter(format)
        let iso = ImportMapping.formatter("yyyy-MM-dd")
        let pattern = DatePattern(format)
        let texts = [
            "2 septembre 2025", "2 Septembre 2025", "2 SEPTEMBRE 2025", "2 sept. 2025", "2 sept 2025", "14 mars 2026", "14 mar. 2026", "1 juillet 2025", "1 juil. 2025",
            "1 juin 2025", "31 juin 2025", "1 août 2025", "1 aout 2025", "1 décembre 2025", "1 decembre 2025", "1 brumaire 2025", "1  mai 2025", "1 mai2025", "1mai 2025", "1 mai  2025", "1\tmai 2025",
            "1\u{A0}mai 2025", "1\u{202F}mai 2025", "1\nmai 2025", "1\r\nmai 2025", "mai 2025", "", "1 Mai 2025",
        ]
        for text in texts {
            let expected = formatter.date(from: text).map { iso.string(from: $0) }
            #expect(pattern.isoDate(text) == expected, "\(format): '\(text)' → \(String(describing: expected))")
        }
    }

    /// A workbook's date serial numbers read as Foundation's ISO 8601 formatter writes them,
    /// from Excel's first day to its last; times of day to the nearest second.
    @Test func serialNumbersAreCalendarDates() {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        for serial in stride(from: 1.0, to: 2_958_466, by: 97) {
            #expect(SnapshotSheets.isoDate(serial: serial) == formatter.string(from: Date(timeIntervalSince1970: (serial - 25_569) * 86_400)), "\(serial)")
        }
        #expect(SnapshotSheets.isoDate(serial: 45_901) == "2025-09-01")
        #expect(SnapshotSheets.isoDate(serial: 60) == "1900-02-28")
        #expect(SnapshotSheets.isoDate(serial: 2_958_465) == "9999-12-31")
        #expect(SnapshotSheets.isoDate(serial: 45_901.5) == "2025-09-01T12:00:00Z")
        // 02:24 is 0.1 of a day, which binary floating point cannot hold exactly.
        #expect(SnapshotSheets.isoDate(serial: 45_901.1) == "2025-09-01T02:24:00Z")
    }

    /// Notes that name a position of the generated YAML are found without a pattern.
    @Test func aNotesPositionIsFound() {
        let note = "first declared at line 60, column 9"
        let found = SnapshotSheets.linePosition(in: note)
        #expect(found?.1 == 60)
        #expect(found.map { String(note[$0.0]) } == "line 60, column 9")
        #expect(SnapshotSheets.linePosition(in: "the line 7 is long; line 8, column 2").map { String("the line 7 is long; line 8, column 2"[$0.0]) } == "line 8, column 2")
        for text in ["did you mean 'x'?", "line , column 3", "line 4, column ", "line 4 column 2", ""] {
            #expect(SnapshotSheets.linePosition(in: text) == nil, "\(text)")
        }
    }
}
