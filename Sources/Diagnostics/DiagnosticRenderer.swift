/// Renders diagnostics the way compilers do: a header line, the source line and a caret.
///
/// ```
/// Fixtures/bad.yaml:4:5: error[SNAP001]: unknown key 'membrs' in team
///     membrs:
///     ^
///   note: did you mean 'members'?
/// ```
public struct DiagnosticRenderer: Sendable {
    private let sources: [String: SourceText]
    private let language: Language

    /// Creates a renderer that can quote lines from `sources`, writing in `language`.
    public init(sources: [SourceText] = [], language: Language = .en) {
        var byPath: [String: SourceText] = [:]
        for source in sources { byPath[source.path] = source }
        self.sources = byPath
        self.language = language
    }

    /// Most diagnostics shown per file; the rest are counted. A file with 100,000 duplicate keys
    /// is one problem to fix, not 100,000 screens.
    public static let perFileLimit = 100

    /// Renders one diagnostic, ending with a newline. Everything quoted from an input — the
    /// message's names and values, the source line, the notes — goes through ``SafeText``: a
    /// hostile key cannot reach the terminal as an escape sequence or the CI log as a command.
    public func render(_ diagnostic: Diagnostic) -> String {
        var index: [String: [Int]] = [:]
        return render(diagnostic, lineIndex: &index)
    }

    private func render(_ diagnostic: Diagnostic, lineIndex: inout [String: [Int]]) -> String {
        var out = SafeText.inline(diagnostic.header(in: language)) + "\n"
        if let location = diagnostic.location, let source = sources[location.file] {
            if lineIndex[location.file] == nil { lineIndex[location.file] = source.lineStarts() }
            guard let line = source.line(location.line, starts: lineIndex[location.file]!) else { return out + notes(diagnostic) }
            let clipped = line.count > 200 ? String(line.prefix(200)) + "…" : line
            let shown = SafeText.inline(clipped, keepingTabs: true)
            out += "    \(shown)\n"
            // A CSV file's column is a field's number, not a character's: the caret goes under
            // the field's first character.
            let offset = location.file.lowercased().hasSuffix(".csv") ? Self.fieldStart(location.column, in: clipped) : location.column - 1
            let before = SafeText.inline(String(clipped.prefix(max(0, offset))), keepingTabs: true)
            let padding = before.prefix(shown.count).map { $0 == "\t" ? "\t" : " " }.joined()
            out += "    \(padding)^\n"
        }
        return out + notes(diagnostic)
    }

    /// The character offset where CSV field `field` (1-based) starts in `line`; commas inside
    /// double quotes do not separate fields.
    static func fieldStart(_ field: Int, in line: String) -> Int {
        var current = 1
        var quoted = false
        for (offset, character) in line.enumerated() {
            if current == field { return offset }
            if character == "\"" { quoted.toggle() } else if character == ",", !quoted { current += 1 }
        }
        return current == field ? line.count : 0
    }

    private func notes(_ diagnostic: Diagnostic) -> String {
        diagnostic.notes.map { "  \(language == .fr ? "remarque :" : "note:") \(SafeText.inline(Self.note($0, in: language)))\n" }.joined()
    }

    /// A note in `language`: the notes every stage shares ("did you mean", where a duplicate was
    /// first declared) are translated; others are quoted as written.
    static func note(_ note: String, in language: Language) -> String {
        guard language == .fr else { return note }
        if let match = note.wholeMatch(of: #/did you mean '(.*)'\?/#) { return "vouliez-vous dire « \(match.1) » ?" }
        if let match = note.wholeMatch(of: #/first declared at line (\d+), column (\d+)/#) { return "déclaré d'abord ligne \(match.1), colonne \(match.2)" }
        if let match = note.wholeMatch(of: #/first declared at (.*)/#) { return "déclaré d'abord à \(match.1)" }
        if let match = note.wholeMatch(of: #/first defined at line (\d+), column (\d+)/#) { return "défini d'abord ligne \(match.1), colonne \(match.2)" }
        if let match = note.wholeMatch(of: #/YAML 1.2 reads '(.*)' as a string; write true or false/#) {
            return "YAML 1.2 lit « \(match.1) » comme une chaîne ; écrivez true ou false"
        }
        return note
    }

    /// Renders every diagnostic, sorted by position, at most ``perFileLimit`` per file (then a
    /// count of the rest). Linear in the diagnostics and the files they quote.
    public func render(_ diagnostics: [Diagnostic]) -> String {
        var lineIndex: [String: [Int]] = [:]
        var shown: [String: Int] = [:]
        var hidden: [String: Int] = [:]
        var order: [String] = []
        var out = ""
        for diagnostic in diagnostics.sortedByLocation() {
            let file = diagnostic.location?.file ?? ""
            if shown[file] == nil { order.append(file) }
            if shown[file, default: 0] >= Self.perFileLimit {
                hidden[file, default: 0] += 1
                continue
            }
            shown[file, default: 0] += 1
            out += render(diagnostic, lineIndex: &lineIndex)
        }
        for file in order where hidden[file, default: 0] > 0 {
            out +=
                language == .fr
                ? "\(SafeText.inline(file)) : \(hidden[file]!) autre(s) diagnostic(s) non affiché(s) (les \(Self.perFileLimit) premiers sont ci-dessus ; tous figurent dans le rapport JSON)\n"
                : "\(SafeText.inline(file)): \(hidden[file]!) more diagnostic(s) not shown (the first \(Self.perFileLimit) are above; every one is in the JSON report)\n"
        }
        return SafeText.output(out)
    }
}
