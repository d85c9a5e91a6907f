import Diagnostics
import PolicyCompiler
import SnapshotModel
import YAMLSource

/// Builds a full snapshot around a rule example, so examples stay a few lines long.
///
/// An example is a mapping with any of `asOf`, `organization`, `people` and `teams`. It is laid
/// over a base snapshot (as of 2026-10-01) whose organization has only a name and whose people are
/// a compliant cast that examples may refer to: patient advisors `pa-1`, `pa-2`, `pa-3` (experienced,
/// selected, trained, coached by `coach-1`), the patient coach `coach-1`, professionals `pro-1` …
/// `pro-6`, managers `mgr-1`, `icl-1`, `icl-2` and the quality advisor `qa-1`. Organization keys
/// replace the base's, people are added to the cast, teams are the example's own (none by default:
/// the base records that there are no teams, rather than leaving it unrecorded). Every node of
/// the base takes the example's position, so validation errors point into the policy file.
public enum ExampleSnapshot {
    static let baseText = """
        apiVersion: tandem/v1
        kind: OrganizationSnapshot
        metadata: {name: example, asOf: 2026-10-01}
        organization: {name: Example Health}
        teams: []
        people:
          - id: pa-1
            name: Advisor One
            category: patient_advisor
            status: active
            startDate: 2025-02-01
            priorMandates: 1
            coach: coach-1
            selection: &selected
              interviewDate: 2025-01-10
              interviewMode: face_to_face
              decision: selected
              coreSkills: {servicesExperience: true, stableHealth: true, communication: true, availability: true}
              criteria: {expressesClearly: true, constructiveAttitude: true, diseaseExperience: true, servicesExperience: true,
                steadyHealth: true, sharesExperience: true, generalizesExperience: true, helpsBeyondOwnCase: true,
                interpersonalSkills: true, criticalMind: true, understandsPartnership: true, availableAndMotivated: true}
            training: &trained [{topic: partnership, date: 2025-01-20}]
          - {id: pa-2, name: Advisor Two, category: patient_advisor, startDate: 2025-02-01, priorMandates: 1, coach: coach-1, selection: *selected, training: *trained}
          - {id: pa-3, name: Advisor Three, category: patient_advisor, startDate: 2025-02-01, priorMandates: 2, coach: coach-1, selection: *selected, training: *trained}
          - {id: coach-1, name: Coach One, category: patient_advisor, startDate: 2020-01-01, priorMandates: 6, selection: *selected, training: [{topic: patient coaching, date: 2019-12-15}]}
          - {id: pro-1, name: Professional One, category: professional}
          - {id: pro-2, name: Professional Two, category: professional}
          - {id: pro-3, name: Professional Three, category: professional}
          - {id: pro-4, name: Professional Four, category: professional}
          - {id: pro-5, name: Professional Five, category: professional}
          - {id: pro-6, name: Professional Six, category: professional}
          - {id: mgr-1, name: Manager One, category: manager}
          - {id: icl-1, name: Leader One, category: manager}
          - {id: icl-2, name: Leader Two, category: manager}
          - {id: qa-1, name: Quality Advisor, category: professional}
        """

    private static let base: YAMLNode = {
        guard let root = YAMLLoader().load(baseText, path: "<example base>").documents.first?.root else {
            preconditionFailure("the example base snapshot must parse")
        }
        return root
    }()

    /// The snapshot for `example`, or the problems that keep it from being one.
    public static func build(_ example: YAMLNode, in document: YAMLDocument) -> (Snapshot?, [Diagnostic]) {
        guard let fragment = example.mapping else {
            return (nil, [Diagnostic(PolicyDiagnostics.badExample, message: "an example must be a mapping of organization, people, teams or asOf", location: document.location(example.mark))])
        }
        // The example is the base snapshot, placed at the example (so findings point there), with
        // the fragment's parts merged in at their own positions.
        var tree = YAMLTreeBuilder()
        typealias Entry = (key: String, keyMark: Mark, value: UInt32)
        guard let baseMapping = base.mapping else { return (nil, []) }
        var entries: [Entry] = []
        var metadata: [Entry] = [], organization: [Entry] = [], people: [UInt32] = []
        let at = example.mark
        for entry in baseMapping.entries {
            switch (entry.key, entry.value.value) {
            case ("metadata", .mapping(let m)): metadata = m.entries.map { ($0.key, at, tree.copy($0.value, remarkedTo: at)) }
            case ("organization", .mapping(let m)): organization = m.entries.map { ($0.key, at, tree.copy($0.value, remarkedTo: at)) }
            case ("people", .sequence(let items)): people = items.map { tree.copy($0, remarkedTo: at) }
            default: entries.append((entry.key, at, tree.copy(entry.value, remarkedTo: at)))
            }
        }
        var problems: [Diagnostic] = []
        var teams: Entry?
        for entry in fragment.entries {
            switch entry.key {
            case "asOf":
                metadata.removeAll { $0.key == "asOf" }
                metadata.append((entry.key, entry.keyMark, tree.copy(entry.value)))
            case "organization":
                guard let additions = entry.value.mapping else {
                    problems.append(Diagnostic(PolicyDiagnostics.badExample, message: "an example's organization must be a mapping", location: document.location(entry.value.mark)))
                    continue
                }
                for addition in additions.entries {
                    organization.removeAll { $0.key == addition.key }
                    organization.append((addition.key, addition.keyMark, tree.copy(addition.value)))
                }
            case "people":
                guard let added = entry.value.sequence else {
                    problems.append(Diagnostic(PolicyDiagnostics.badExample, message: "an example's people must be a sequence", location: document.location(entry.value.mark)))
                    continue
                }
                people += added.map { tree.copy($0) }
            case "teams":
                entries.removeAll { $0.key == "teams" }
                teams = (entry.key, entry.keyMark, tree.copy(entry.value))
            default:
                problems.append(
                    Diagnostic(
                        PolicyDiagnostics.badExample, message: "unknown key '\(entry.key)' in an example; use asOf, organization, people or teams",
                        location: document.location(entry.keyMark),
                        notes: Suggestion.note(for: entry.key, in: ["asOf", "organization", "people", "teams"])))
            }
        }
        var merged: [Entry] = []
        for entry in baseMapping.entries {
            switch entry.key {
            case "metadata": merged.append((entry.key, at, tree.mapping(metadata, at: at)))
            case "organization": merged.append((entry.key, at, tree.mapping(organization, at: at)))
            case "people": merged.append((entry.key, at, tree.sequence(people, at: at)))
            default: if let kept = entries.first(where: { $0.key == entry.key }) { merged.append(kept) }
            }
        }
        if let teams { merged.append(teams) }
        let rootID = tree.mapping(merged, at: at)
        let root = tree.build(root: rootID)
        let built = YAMLDocument(path: document.path, index: document.index, root: root)
        problems += SchemaValidator(root: SnapshotSchema.root, acceptsUnknown: true).validate(built)
        guard !problems.containsErrors,
            let name = root["metadata"]?["name"]?.string,
            let asOf = root["metadata"]?["asOf"]?.string.flatMap(ISODate.parse)
        else { return (nil, problems) }
        return (Snapshot(document: built, name: name, asOf: asOf), problems)
    }
}

/// Runs a rule's examples: each passing example must give no finding, each failing one a
/// violation, each insufficient one an insufficient-evidence finding and no violation.
public struct ExampleRunner: Sendable {
    /// What an example declares the rule does on it.
    public enum Verdict: String, Sendable, CaseIterable {
        /// No finding.
        case pass
        /// At least one violation.
        case fail
        /// At least one insufficient-evidence finding, and no violation.
        case insufficient
    }

    /// One example's result.
    public struct Outcome: Sendable {
        /// The rule.
        public var ruleID: String
        /// What the example declares.
        public var expected: Verdict
        /// Where the example is written.
        public var location: SourceLocation
        /// Why it did not behave as declared; `nil` when it did.
        public var problem: String?
    }

    /// Creates a runner.
    public init() {}

    /// Runs every example of `rule`.
    public func run(_ declared: CompiledRule, in policySet: CompiledPolicySet) -> [Outcome] {
        let evaluator = PolicyEvaluator(policySet)
        let rule = policySet.ruleForExamples(declared)
        var outcomes: [Outcome] = []
        let groups: [([YAMLNode], Verdict)] = [(rule.examples.passing, .pass), (rule.examples.failing, .fail), (rule.examples.insufficient, .insufficient)]
        for (examples, expected) in groups {
            for example in examples {
                let location = rule.examples.document.location(example.mark)
                let (snapshot, problems) = ExampleSnapshot.build(example, in: rule.examples.document)
                guard let snapshot else {
                    let text = problems.filter { $0.severity == .error }.map(\.description).joined(separator: "; ")
                    outcomes.append(Outcome(ruleID: rule.id, expected: expected, location: location, problem: "invalid example: \(text)"))
                    continue
                }
                let findings = evaluator.evaluate(rule, on: snapshot)
                let violations = findings.filter { $0.kind == .violation }
                let undecided = findings.filter { $0.kind == .insufficientEvidence }
                let problem: String?
                if let error = findings.first(where: { $0.kind == .evaluationError }) {
                    problem = "evaluation error: \(error.message)"
                } else if expected == .pass, let first = findings.first {
                    problem = "expected no finding, got \(findings.count): \(first.message)"
                } else if expected == .fail, violations.isEmpty {
                    problem = "expected a violation, got " + (undecided.first.map { "insufficient evidence: \($0.message)" } ?? "none")
                } else if expected == .insufficient, let first = violations.first {
                    problem = "expected insufficient evidence, got a violation: \(first.message)"
                } else if expected == .insufficient, undecided.isEmpty {
                    problem = "expected insufficient evidence, got none"
                } else {
                    problem = nil
                }
                outcomes.append(Outcome(ruleID: rule.id, expected: expected, location: location, problem: problem))
            }
        }
        return outcomes
    }
}
