import CEL
import Diagnostics
import YAMLSource

/// A rule ready to evaluate: expressions compiled once, with the variable slots each one reads.
public struct CompiledRule: Sendable {
    /// Stable id.
    public let id: String
    /// One-line requirement.
    public let title: String
    /// Why it matters.
    public let description: String?
    /// Practice type.
    public let practice: PracticeType
    /// Management level.
    public let level: ManagementLevel
    /// Change phase.
    public let phase: ChangePhase?
    /// Effective severity, after overrides.
    public let severity: Severity
    /// What to do about a finding.
    public let remediation: String?
    /// Sources, with quotations.
    public let citations: [Citation]
    /// How far the rule rests on the sources.
    public let basis: RuleBasis
    /// What the rule asks beyond the sources, and why (when ``basis`` is `beyond-sources`).
    public let beyondSources: String?
    /// The parameters the rule reads, with their effective values.
    public let parameters: [PolicyParameter]
    /// Sources in one-line form (`Clavel 2019, Table 2`), made once: every finding shares them.
    public let references: [String]
    /// Where the rule is declared.
    public let declaredAt: SourceLocation
    /// The subject variable's name (`team`), or `snapshot` for organization-level rules.
    public let subjectName: String
    /// The subjects' object type name (`Team`), when known.
    public let subjectType: String?
    /// The rule's examples, which double as its tests.
    public let examples: RuleExamples

    /// Where the values of an evaluation of this rule live: `snapshot`, `organization`, the
    /// subject, then the rule's variables.
    public let layout: ValueLayout
    /// Names of the values a rule evaluation keeps, in slot order.
    public var valueNames: [String] { layout.names }
    package private(set) var forEach: Bound?
    package private(set) var variables: [Bound]
    package private(set) var when: Bound?
    package private(set) var assertion: Bound
    package private(set) var at: Bound?
    package let message: MessageTemplate

    /// The same rule over programs of its own, for a worker that checks it while another core
    /// does too (see ``Program/ownCopy()``): each evaluation counts references on the program's
    /// steps and constants, and two cores counting on the same ones take turns owning them.
    package func withOwnPrograms() -> CompiledRule {
        var copy = self
        copy.forEach = forEach?.withOwnProgram()
        copy.variables = variables.map { $0.withOwnProgram() }
        copy.when = when?.withOwnProgram()
        copy.assertion = assertion.withOwnProgram()
        copy.at = at?.withOwnProgram()
        return copy
    }

    /// A compiled expression and where its inputs come from in the rule's value list.
    ///
    /// Its parts are held in one object: every evaluation reads a rule's expressions out of a
    /// rule that is itself read through a reference, and the compiler copied the expression to
    /// call it — a dozen references counted up and down, where a copy of this counts one (5% of
    /// evaluation at 50,000 teams, in `perf`).
    package struct Bound: Sendable {
        private final class Parts: Sendable {
            let compiled: CompiledExpression
            let slots: [Int]
            let text: String

            init(compiled: CompiledExpression, slots: [Int], text: String) {
                self.compiled = compiled
                self.slots = slots
                self.text = text
            }
        }

        private let parts: Parts
        /// True when the expression reads neither the subject nor a variable that does, so it is
        /// evaluated once per snapshot instead of once per subject.
        package var isHoisted = false

        package init(compiled: CompiledExpression, slots: [Int], text: String) {
            parts = Parts(compiled: compiled, slots: slots, text: text)
        }

        /// The compiled expression.
        package var compiled: CompiledExpression { parts.compiled }
        /// Where each of the program's variables is in the rule's value list.
        package var slots: [Int] { parts.slots }
        /// The expression as written.
        package var text: String { parts.text }

        /// The same, over a program and slot table of its own (see ``Program/ownCopy()``).
        package func withOwnProgram() -> Bound {
            var copy = Bound(compiled: compiled.withOwnProgram(), slots: slots.map { $0 }, text: text)
            copy.isHoisted = isHoisted
            return copy
        }

        package func evaluate(_ values: [Value], _ context: EvaluationContext) -> Value {
            parts.compiled.program.evaluate(values, slots: parts.slots, context: context)
        }

        /// The same, with the frame's arrays reused from `storage` (many subjects in a row).
        package func evaluate(_ values: [Value], _ context: EvaluationContext, _ storage: inout FrameStorage) -> Value {
            parts.compiled.program.evaluate(values, slots: parts.slots, context: context, storage: &storage)
        }
    }
}

/// A rule's examples: snapshot fragments from the policy file, with their positions.
public struct RuleExamples: Sendable {
    /// Fragments on which the rule must find nothing.
    public let passing: [YAMLNode]
    /// Fragments on which it must report a violation.
    public let failing: [YAMLNode]
    /// Fragments on which a needed fact is not recorded, so it must report insufficient evidence.
    public let insufficient: [YAMLNode]
    /// The policy file they were written in.
    public let document: YAMLDocument
}

/// Every enabled rule of the policy sets given, compiled.
public struct CompiledPolicySet: Sendable {
    /// The name of the first set given.
    public let name: String
    /// Its version.
    public let version: String?
    /// Enabled rules, in declaration order (inherited rules first).
    public internal(set) var rules: [CompiledRule]
    /// Ids of rules disabled by an override.
    public let disabled: [String]
    /// Every declared parameter, with its effective value.
    public let parameters: [PolicyParameter]
    /// When a parameter is overridden: the same rules compiled at the parameters' defaults, which
    /// their examples are written against.
    public let rulesAtDefaults: [CompiledRule]

    /// The same set over rule programs of its own (see ``CompiledRule/withOwnPrograms()``), for a
    /// worker that checks snapshots while other cores check others with the same rules.
    package func withOwnPrograms() -> CompiledPolicySet {
        var copy = self
        copy.rules = rules.map { $0.withOwnPrograms() }
        return copy
    }

    /// The rule `id` as its examples expect it: at the parameters' defaults.
    public func ruleForExamples(_ rule: CompiledRule) -> CompiledRule {
        rulesAtDefaults.first { $0.id == rule.id } ?? rule
    }
}
