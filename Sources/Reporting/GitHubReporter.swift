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
        SafeText.inline(percentEncoded(text) { $0 == UInt8(ascii: "%") || $0 == UInt8(ascii: "\r") || $0 == UInt8(ascii: "\n") })
    }

    /// Escapes a property value (also `:` and `,`).
    static func property(_ text: String) -> String {
        percentEncoded(data(text)) { $0 == UInt8(ascii: ":") || $0 == UInt8(ascii: ",") }
    }

    /// `text` with each byte that `escapes` picks written `%XX`, in one pass over its bytes (the
    /// picked bytes are ASCII, so UTF-8 stays whole). Five of Foundation's
    /// `replacingOccurrences` per text were most of a 10,000-team report's rendering; most text
    /// has none of these bytes and is returned as it is.
    static func percentEncoded(_ text: String, _ escapes: (UInt8) -> Bool) -> String {
        UTF8Search.rewriting(text, where: escapes) { byte, out in out += [UInt8(ascii: "%"), hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 0xF)]] }
    }

    private static let hexDigits = Array("0123456789ABCDEF".utf8)

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
