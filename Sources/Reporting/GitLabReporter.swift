import Diagnostics
import Evaluation

/// GitLab Code Quality: the JSON array GitLab's merge-request widget reads (one issue per open
/// finding and per input error) — `description`, `check_name`, a `fingerprint` unique per issue,
/// `severity` in GitLab's vocabulary, and `location.path` with `location.lines.begin`.
public struct GitLabReporter: Reporter {
    /// Creates a reporter.
    public init() {}

    struct Issue: Encodable {
        struct Location: Encodable {
            struct Lines: Encodable { var begin: Int }
            var path: String
            var lines: Lines
        }
        var description: String
        var check_name: String
        var fingerprint: String
        var severity: String
        var location: Location
        var categories: [String]
    }

    /// Tandem's severities in GitLab's (`info`, `minor`, `major`, `critical`, `blocker`).
    static func severity(_ severity: Severity) -> String {
        switch severity {
        case .error: "major"
        case .warning: "minor"
        case .info: "info"
        }
    }

    public func render(_ result: CheckResult) throws -> String {
        // Code Quality reports leave the organization: people by id unless --include-names.
        let result = result.forExport()
        var issues: [Issue] = []
        for d in result.diagnostics.sortedByLocation() where d.severity == .error {
            let place = d.location ?? SourceLocation(file: "", line: 1, column: 1)
            issues.append(
                Issue(
                    description: "\(d.code): \(d.message)", check_name: d.code,
                    fingerprint: Finding.fnv("input|\(d.code)|\(place.file)|\(place.line)|\(place.column)|\(d.message)"), severity: "blocker",
                    location: .init(path: place.file, lines: .init(begin: max(1, place.line))), categories: ["Bug Risk"]))
        }
        // A finding's identity (organization, rule, subject) repeats across files of one
        // organization (quarterly snapshots checked together); GitLab needs each issue's own.
        var seen: [String: Int] = [:]
        for entry in result.open where entry.finding.kind != .insufficientEvidence {
            let f = entry.finding
            let key = "\(entry.fingerprint)|\(f.location.file)"
            let occurrence = seen[key, default: 0]
            seen[key] = occurrence + 1
            issues.append(
                Issue(
                    description: "\(f.ruleID) \(f.title): \(f.message)", check_name: f.ruleID,
                    fingerprint: Finding.fnv("\(key)|\(occurrence)"), severity: Self.severity(f.severity),
                    location: .init(path: f.location.file, lines: .init(begin: f.location.line)), categories: ["Compatibility"]))
        }
        // Spliced, on every core (see JSONOutput): encoded whole, the encoder's tree of every
        // issue took a 10,000-team run from 110 to 171 MB.
        let all = issues
        return try JSONOutput.encodeArray(count: all.count) { all[$0] }
    }
}
