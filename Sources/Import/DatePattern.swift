import Foundation

/// One of a mapping's date formats, reading a cell's text as an ISO 8601 date (`2026-03-01`).
///
/// Patterns of days, months, years and literals (`dd/MM/yyyy`, `d.M.yyyy`, `d MMMM yyyy`) are read
/// directly, month names (`MMMM`, `MMM`) taken once from the formatter's locale; others (with
/// weekdays, eras, quoted text) go through `DateFormatter`. Measured on the import fuzz target,
/// Foundation's formatter on Linux rebuilds its ICU formatter on every parse: most of the cost of
/// a table full of dates (12% of an import of a French people table, before month names were
/// read here too).
struct DatePattern {
    private enum Token: Equatable {
        case day(width: Int), month(width: Int), year
        /// A month by name: `names[m]` (folded) is month `m + 1`.
        case monthName(names: [String])
        case literal(Character)
    }

    private let tokens: [Token]?
    /// The formatter for other patterns, made once: making one costs more than a parse.
    private let formatter: DateFormatter?

    init(_ format: String) {
        var tokens: [Token] = []
        var characters = Array(format)[...]
        var direct = true
        while let c = characters.first {
            let run = characters.prefix { $0 == c }.count
            characters = characters.dropFirst(run)
            switch (c, run) {
            case ("d", 1...2): tokens.append(.day(width: run))
            case ("M", 1...2): tokens.append(.month(width: run))
            case ("M", 3...4): tokens.append(.monthName(names: Self.monthNames))
            case ("y", 4): tokens.append(.year)
            case _ where !c.isLetter && c != "'": tokens += Array(repeating: .literal(c), count: run)
            default: direct = false
            }
        }
        let named = tokens.contains { if case .monthName(let names) = $0 { names.count != 36 } else { false } }
        self.tokens = direct && !named ? tokens : nil
        self.formatter = self.tokens == nil ? ImportMapping.formatter(format) : nil
    }

    /// Month names compare as ICU compares them when parsing: ignoring case.
    private static func fold(_ name: String) -> String { name.lowercased() }

    /// Every name ICU's parser takes for each month, whether the pattern asks for the full or
    /// the short name (as measured against `DateFormatter`): full (`septembre`), short
    /// (`sept.`) and short without its period (`sept`); month `m + 1` at `m`, `m + 12`, `m + 24`.
    ///
    /// Read once per process: the formatter's month names cost more than a thousand parses.
    private static let monthNames: [String] = {
        let formatter = ImportMapping.formatter("d MMMM yyyy")
        let full = formatter.monthSymbols.map(fold)
        let short = formatter.shortMonthSymbols.map(fold)
        return full + short + short.map { $0.hasSuffix(".") ? String($0.dropLast()) : $0 }
    }()

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
            case .monthName(let names):
                // The longest name that starts the rest ("juil." before "juin" cannot clash, but
                // "mars" and "mar." would).
                var found: (month: Int, length: Int)?
                for (index, name) in names.enumerated() where name.count > (found?.length ?? 0) {
                    let candidate = rest.prefix(name.count)
                    if candidate.count == name.count, Self.fold(String(candidate)) == name { found = (index % 12 + 1, name.count) }
                }
                guard let found else { return nil }
                month = found.month
                rest = rest.dropFirst(found.length)
            case .literal(" "):
                // A space in the pattern takes any run of white space (line breaks too), as ICU's parser does.
                let spaces = rest.prefix(while: \.isWhitespace).count
                guard spaces > 0 else { return nil }
                rest = rest.dropFirst(spaces)
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
