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

    /// Creates a renderer that can quote lines from `sources`.
    public init(sources: [SourceText] = []) {
        var byPath: [String: SourceText] = [:]
        for source in sources { byPath[source.path] = source }
        self.sources = byPath
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
        var out = SafeText.inline(diagnostic.description) + "\n"
        if let location = diagnostic.location, let source = sources[location.file] {
            if lineIndex[location.file] == nil { lineIndex[location.file] = source.lineStarts() }
            guard let line = source.line(location.line, starts: lineIndex[location.file]!) else { return out + notes(diagnostic) }
            let clipped = line.count > 200 ? String(line.prefix(200)) + "…" : line
            let shown = SafeText.inline(clipped, keepingTabs: true)
            out += "    \(shown)\n"
            let before = SafeText.inline(String(clipped.prefix(max(0, location.column - 1))), keepingTabs: true)
            let padding = before.prefix(shown.count).map { $0 == "\t" ? "\t" : " " }.joined()
            out += "    \(padding)^\n"
        }
        return out + notes(diagnostic)
    }

    private func notes(_ diagnostic: Diagnostic) -> String {
        diagnostic.notes.map { "  note: \(SafeText.inline($0))\n" }.joined()
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
            out += "\(SafeText.inline(file)): \(hidden[file]!) more diagnostic(s) not shown (the first \(Self.perFileLimit) are above; every one is in the JSON report)\n"
        }
        return SafeText.output(out)
    }
}
