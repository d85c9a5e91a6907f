import Diagnostics
import Evaluation
import Foundation
import PolicyCompiler

/// SARIF 2.1.0: every rule in `tool.driver.rules` with its description and help, every reported
/// finding as a result with its snapshot region, waived ones with `suppressions`, risk scores in the
/// run's `properties`.
public struct SARIFReporter: Reporter {
    /// Creates a reporter.
    public init() {}

    struct Log: Encodable {
        var schema = "https://json.schemastore.org/sarif-2.1.0.json"
        var version = "2.1.0"
        var runs: [Run]
        enum CodingKeys: String, CodingKey { case schema = "$schema", version, runs }
    }

    struct Run: Encodable {
        var tool: Tool
        var results: [Result]
        var invocations: [Invocation]
        var properties: RunProperties
    }

    struct Invocation: Encodable {
        var executionSuccessful: Bool
        var toolExecutionNotifications: [Notification]
    }

    struct Notification: Encodable {
        var level: String
        var message: Message
        var descriptor: Descriptor
        var locations: [Location]?
        struct Descriptor: Encodable { var id: String }
    }

    struct RunProperties: Encodable {
        var policy: String?
        var tokenismRisk: [RiskJSON.Report]
        var evidenceCompleteness: [EvidenceJSON.Snapshot]
    }

    struct Tool: Encodable { var driver: Driver }

    struct Driver: Encodable {
        var name = "tandem"
        var version: String
        var semanticVersion: String
        var informationUri = "https://github.com/tandem-governance/tandem"
        var rules: [Rule]
    }

    struct Message: Encodable { var text: String }

    struct MultiformatMessage: Encodable {
        var text: String
        var markdown: String?
    }

    struct Rule: Encodable {
        var id: String
        var name: String
        var shortDescription: MultiformatMessage
        var fullDescription: MultiformatMessage
        var help: MultiformatMessage
        var defaultConfiguration: Configuration
        var properties: RuleProperties
        struct Configuration: Encodable { var level: String }
        struct RuleProperties: Encodable {
            var tags: [String]
            var practice: String
            var level: String
            var phase: String?
            var references: [String]
        }
    }

    struct Result: Encodable {
        var ruleId: String
        var ruleIndex: Int?
        var level: String
        var kind = "fail"
        var message: Message
        var locations: [Location]
        var partialFingerprints: [String: String]
        var suppressions: [Suppression]?
        var properties: ResultProperties
        struct ResultProperties: Encodable {
            var findingKind: String
            var subjectKind: String
            var subjectId: String
            var subjectName: String?
            var snapshot: String
            var practice: String
            var managementLevel: String
        }
    }

    struct Suppression: Encodable {
        var kind = "external"
        var status = "accepted"
        var justification: String
        var properties: [String: String]
    }

    struct Location: Encodable {
        var physicalLocation: PhysicalLocation
        struct PhysicalLocation: Encodable {
            var artifactLocation: ArtifactLocation
            var region: Region
        }
        struct ArtifactLocation: Encodable { var uri: String }
        struct Region: Encodable {
            var startLine: Int
            var startColumn: Int
        }

        init(_ location: SourceLocation) {
            physicalLocation = PhysicalLocation(
                artifactLocation: ArtifactLocation(uri: Self.uri(location.file)),
                region: Region(startLine: max(1, location.line), startColumn: max(1, location.column)))
        }

        /// Relative paths stay relative (GitHub resolves them against the repository root).
        static func uri(_ path: String) -> String {
            var text = path.hasPrefix("./") ? String(path.dropFirst(2)) : path
            if text == "<stdin>" { text = "stdin" }
            return text.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? text
        }
    }

    static func level(_ severity: Severity) -> String {
        switch severity {
        case .error: "error"
        case .warning: "warning"
        case .info: "note"
        }
    }

    public func render(_ result: CheckResult) throws -> String {
        // SARIF leaves the organization (code-scanning services): people by id unless
        // --include-names, each finding redacted as it is encoded (a redacted copy of the result
        // held every entry twice).
        let rules = (result.policy?.rules ?? []).sorted { $0.id < $1.id }
        let index = Dictionary(uniqueKeysWithValues: rules.enumerated().map { ($1.id, $0) })
        let sarifRules = rules.map { rule in
            let references = rule.references.map { "- \($0)" }.joined(separator: "\n")
            let helpText = [rule.remediation, rule.references.isEmpty ? nil : "Sources: " + rule.references.joined(separator: "; ")].compactMap { $0 }.joined(separator: "\n")
            let helpMarkdown = [rule.remediation.map { "**Remediation:** \($0)" }, rule.references.isEmpty ? nil : "**Sources:**\n\(references)"].compactMap { $0 }.joined(separator: "\n\n")
            return Rule(
                id: rule.id, name: Self.camelName(rule.title),
                shortDescription: MultiformatMessage(text: rule.title),
                fullDescription: MultiformatMessage(text: rule.description ?? rule.title),
                help: MultiformatMessage(text: helpText.isEmpty ? rule.title : helpText, markdown: helpMarkdown.isEmpty ? nil : helpMarkdown),
                defaultConfiguration: .init(level: Self.level(rule.severity)),
                properties: .init(
                    tags: ["patient-partnership", rule.practice.rawValue, rule.level.rawValue] + (rule.phase.map { [$0.rawValue] } ?? []),
                    practice: rule.practice.rawValue, level: rule.level.rawValue, phase: rule.phase?.rawValue, references: rule.references))
        }
        // Spliced in one by one (see JSONOutput): the encoder never holds every result at once.
        let entries = result.entries
        let reported = entries.indices.filter { entries[$0].status != .baseline }
        let results = { @Sendable [result] (position: Int) -> Result in
            let entry = entries[reported[position]]
            let f = result.exported(entry.finding)
            var suppressions: [Suppression]?
            if case .waived(let waiver) = entry.status {
                var properties = ["owner": waiver.owner, "expires": waiver.expiryDate]
                if let ticket = waiver.ticket { properties["ticket"] = ticket }
                suppressions = [Suppression(justification: waiver.reason, properties: properties)]
            }
            return Result(
                // SARIF §3.27.9: a result whose kind is not "fail" has level "none"; insufficient
                // evidence is a "review": a person has to supply the missing facts.
                ruleId: f.ruleID, ruleIndex: index[f.ruleID], level: f.kind == .insufficientEvidence ? "none" : Self.level(f.severity),
                kind: f.kind == .insufficientEvidence ? "review" : "fail", message: Message(text: f.message),
                locations: [Location(f.location)], partialFingerprints: ["tandemFinding/v2": entry.fingerprint], suppressions: suppressions,
                properties: .init(
                    findingKind: f.kind.rawValue, subjectKind: f.subject.kind, subjectId: f.subject.id, subjectName: f.subject.name,
                    snapshot: f.snapshot, practice: f.practice.rawValue, managementLevel: f.level.rawValue))
        }
        let notifications = result.diagnostics.sortedByLocation().map { d in
            Notification(
                level: d.severity == .info ? "note" : d.severity.rawValue, message: Message(text: d.message),
                descriptor: .init(id: d.code), locations: d.location.map { [Location($0)] })
        }
        let run = Run(
            tool: Tool(driver: Driver(version: result.toolVersion, semanticVersion: result.toolVersion, rules: sarifRules)),
            results: [],
            invocations: [Invocation(executionSuccessful: result.isComplete, toolExecutionNotifications: notifications)],
            properties: RunProperties(
                policy: result.policy.map { "\($0.name)\($0.version.map { "@\($0)" } ?? "")" },
                tokenismRisk: result.risk.map(RiskJSON.report),
                evidenceCompleteness: result.evidence.map(EvidenceJSON.snapshot)))
        // `results` sits in runs[0]: keys of the run object are three levels in.
        return try JSONOutput.encode(Log(runs: [run]), splicing: reported.count, element: results, into: "results", depth: 3)
    }

    /// `At least two patient advisors…` → `AtLeastTwoPatientAdvisors…`, SARIF's rule `name` style.
    static func camelName(_ title: String) -> String {
        title.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }
}
