import Foundation

/// One of a mapping's date formats, reading a cell's text as an ISO 8601 date (`2026-03-01`).
///
/// Numeric patterns (`dd/MM/yyyy`, `d.M.yyyy`, `yyyy/MM/dd`) are read directly; others
/// (`d MMMM yyyy`, with month names) go through `DateFormatter`. Measured on the import fuzz target,
/// Foundation's formatter on Linux rebuilds its ICU formatter on every parse: most of the cost of
/// a table full of dates.
struct DatePattern {
    private enum Token: Equatable {
        case day(width: Int), month(width: Int), year
        case literal(Character)
    }

    private let tokens: [Token]?
    /// The formatter for patterns with names, made once: making one costs more than a parse.
    private let formatter: DateFormatter?

    init(_ format: String) {
        var tokens: [Token] = []
        var characters = Array(format)[...]
        var numeric = true
        while let c = characters.first {
            let run = characters.prefix { $0 == c }.count
            characters = characters.dropFirst(run)
            switch (c, run) {
            case ("d", 1...2): tokens.append(.day(width: run))
            case ("M", 1...2): tokens.append(.month(width: run))
            case ("y", 4): tokens.append(.year)
            case _ where !c.isLetter && c != "'": tokens += Array(repeating: .literal(c), count: run)
            default: numeric = false
            }
        }
        self.tokens = numeric ? tokens : nil
        self.formatter = numeric ? nil : ImportMapping.formatter(format)
    }

    /// `text` as `YYYY-MM-DD`, or `nil` when it is no date of this pattern.
    func isoDate(_ text: String) -> String? {
        guard let tokens else { return viaFormatter(text) }
        var rest = Array(text)[...]
        var day = 0
        var month = 0
        var year = 0
        func number(min: Int, max: Int) -> Int? {
            let digits = rest.prefix { $0.isASCII && $0.isNumber }.prefix(max)
            guard digits.count >= min else { return nil }
            rest = rest.dropFirst(digits.count)
            return Int(String(digits))
        }
        for (index, token) in tokens.enumerated() {
            // As ICU reads them: `dd` takes "1" as well as "01", unless another number follows
            // with no separator (`ddMMyyyy`), where widths are exact.
            let exact = index + 1 < tokens.count && { if case .literal = tokens[index + 1] { false } else { true } }()
            switch token {
            case .day(let width): guard let n = number(min: exact ? width : 1, max: 2) else { return nil }; day = n
            case .month(let width): guard let n = number(min: exact ? width : 1, max: 2) else { return nil }; month = n
            case .year: guard let n = number(min: 4, max: 4) else { return nil }; year = n
            case .literal(let c): guard rest.first == c else { return nil }; rest = rest.dropFirst()
            }
        }
        guard rest.isEmpty, (1...12).contains(month), year >= 1, day >= 1, day <= Self.days(in: month, of: year) else { return nil }
        return String(format: "%04d-%02d-%02d", year, month, day)
    }

    static func days(in month: Int, of year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    private func viaFormatter(_ text: String) -> String? {
        guard let date = formatter?.date(from: text) else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        guard let year = parts.year, let month = parts.month, let day = parts.day else { return nil }
        return String(format: "%04d-%02d-%02d", year, month, day)
    }
}
