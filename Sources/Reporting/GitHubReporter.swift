import Diagnostics

/// GitHub Actions workflow commands: one annotation per open finding, and per input problem.
public struct GitHubReporter: Reporter {
    /// Creates a reporter.
    public init() {}

    static func command(_ severity: Severity) -> String {
        switch severity {
        case .error: "error"
        case .warning: "warning"
        case .info: "notice"
        }
    }

    /// Escapes a message (`%`, CR, LF) as the runner expects, then any other control character
    /// (an ANSI sequence would otherwise reach the CI log) as a visible escape.
    static func data(_ text: String) -> String {
        SafeText.inline(text.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D").replacingOccurrences(of: "\n", with: "%0A"))
    }

    /// Escapes a property value (also `:` and `,`).
    static func property(_ text: String) -> String {
        data(text).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
    }

    public func render(_ result: CheckResult) throws -> String {
        // Annotations leave the organization (CI logs): people by id unless --include-names.
        let result = result.forExport()
        var out = ""
        for d in result.diagnostics.sortedByLocation() {
            let place = d.location.map { "file=\(Self.property($0.file)),line=\($0.line),col=\($0.column)," } ?? ""
            out += "::\(Self.command(d.severity)) \(place)title=\(Self.property(d.code))::\(Self.data(d.message))\n"
        }
        for entry in result.open {
            let f = entry.finding
            let title = "\(f.ruleID) \(f.subject.kind) \(f.subject.id)"
            out += "::\(Self.command(f.severity)) file=\(Self.property(f.location.file)),line=\(f.location.line),col=\(f.location.column),title=\(Self.property(title))::\(Self.data(f.message))\n"
        }
        return out
    }
}
