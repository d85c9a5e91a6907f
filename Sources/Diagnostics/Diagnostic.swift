/// A problem with an input file: a stable code, a message and, where known, a position.
///
/// Diagnostics are values; every stage returns them instead of throwing one at a time, so a user
/// sees every problem in a file in one run.
public struct Diagnostic: Sendable, Hashable, Error, CustomStringConvertible {
    /// A stable identifier such as `YAML001`, documented in the README; scripts may match on it.
    public var code: String
    /// How serious the problem is.
    public var severity: Severity
    /// One sentence, lower-case start, no trailing period (compiler style).
    public var message: String
    /// Where the problem is, when it has a place in a file.
    public var location: SourceLocation?
    /// Extra lines, such as a "did you mean" suggestion.
    public var notes: [String]
    /// The message in other languages (French for the checks a committee meets: inputs,
    /// snapshots, spreadsheets); `message` is the English one, kept in JSON and SARIF.
    public var translations: [Language: String] = [:]

    /// Creates a diagnostic.
    public init(
        code: String, severity: Severity = .error, message: String,
        location: SourceLocation? = nil, notes: [String] = []
    ) {
        self.code = code
        self.severity = severity
        self.message = message
        self.location = location
        self.notes = notes
    }

    /// `file:line:col: error[CODE]: message`, without the source excerpt.
    public var description: String { header(in: .en) }

    /// The message in `language`, English when it has no translation.
    public func message(in language: Language) -> String { translations[language] ?? message }

    /// `file:line:col: error[CODE]: message` in `language` (`erreur[CODE]` in French; the code
    /// stays, so scripts and the documentation still find it).
    public func header(in language: Language) -> String {
        let prefix = location.map { "\($0): " } ?? ""
        return "\(prefix)\(severity.word(in: language))[\(code)]: \(message(in: language))"
    }
}

extension Severity {
    /// The severity as a diagnostic's header says it.
    public func word(in language: Language) -> String {
        switch (language, self) {
        case (.en, _): rawValue
        case (.fr, .error): "erreur"
        case (.fr, .warning): "avertissement"
        case (.fr, .info): "info"
        }
    }
}

extension Array where Element == Diagnostic {
    /// Whether any diagnostic is an error.
    public var containsErrors: Bool { contains { $0.severity == .error } }

    /// Sorted by file, line and column; diagnostics without a location come first.
    public func sortedByLocation() -> [Diagnostic] {
        enumerated().sorted { a, b in
            switch (a.element.location, b.element.location) {
            case let (l?, r?): return l != r ? l < r : a.offset < b.offset
            case (nil, .some): return true
            case (.some, nil): return false
            case (nil, nil): return a.offset < b.offset
            }
        }.map(\.element)
    }
}
