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

    /// Renders one diagnostic, ending with a newline. Everything quoted from an input — the
    /// message's names and values, the source line, the notes — goes through ``SafeText``: a
    /// hostile key cannot reach the terminal as an escape sequence or the CI log as a command.
    public func render(_ diagnostic: Diagnostic) -> String {
        var out = SafeText.inline(diagnostic.description) + "\n"
        if let location = diagnostic.location,
            let line = sources[location.file]?.line(location.line)
        {
            let clipped = line.count > 200 ? String(line.prefix(200)) + "…" : line
            let shown = SafeText.inline(clipped, keepingTabs: true)
            out += "    \(shown)\n"
            let before = SafeText.inline(String(clipped.prefix(max(0, location.column - 1))), keepingTabs: true)
            let padding = before.prefix(shown.count).map { $0 == "\t" ? "\t" : " " }.joined()
            out += "    \(padding)^\n"
        }
        for note in diagnostic.notes {
            out += "  note: \(SafeText.inline(note))\n"
        }
        return out
    }

    /// Renders every diagnostic, sorted by position.
    public func render(_ diagnostics: [Diagnostic]) -> String {
        SafeText.output(diagnostics.sortedByLocation().map(render).joined())
    }
}
