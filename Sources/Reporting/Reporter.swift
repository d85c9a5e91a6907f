import Diagnostics
/// Renders a ``CheckResult`` in one format; the same result always renders to the same bytes.
public protocol Reporter: Sendable {
    /// The rendered report.
    func render(_ result: CheckResult) throws -> String
}

/// The formats `tandem check --format` accepts.
public enum ReportFormat: String, Sendable, CaseIterable {
    case text, json, sarif, junit, github, gitlab, markdown, html

    /// The reporter for this format.
    public func reporter(color: Bool = false, language: Language = .en) -> any Reporter {
        switch self {
        case .text: TextReporter(color: color, language: language)
        case .json: JSONReporter()
        case .sarif: SARIFReporter()
        case .junit: JUnitReporter()
        case .github: GitHubReporter()
        case .gitlab: GitLabReporter()
        case .markdown: MarkdownReporter(language: language)
        case .html: HTMLReporter()
        }
    }
}
