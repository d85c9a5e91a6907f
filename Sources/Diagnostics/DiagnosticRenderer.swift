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

    /// Renders one diagnostic, ending with a newline.
    public func render(_ diagnostic: Diagnostic) -> String {
        var out = diagnostic.description + "\n"
        if let location = diagnostic.location,
            let line = sources[location.file]?.line(location.line)
        {
            let shown = line.count > 200 ? String(line.prefix(200)) + "…" : line
            out += "    \(shown)\n"
            let caretColumn = max(0, min(location.column - 1, shown.count))
            let padding = shown.prefix(caretColumn).map { $0 == "\t" ? "\t" : " " }.joined()
            out += "    \(padding)^\n"
        }
        for note in diagnostic.notes {
            out += "  note: \(note)\n"
        }
        return out
    }

    /// Renders every diagnostic, sorted by position.
    public func render(_ diagnostics: [Diagnostic]) -> String {
        diagnostics.sortedByLocation().map(render).joined()
    }
}
