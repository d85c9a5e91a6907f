import CEL
import Diagnostics
import PolicyCompiler
import SnapshotModel

/// Evaluation traces for one rule and subject: the value of every sub-expression of `when` and
/// `assert`, so an author sees which clause failed and what data it read.
public struct RuleExplainer: Sendable {
    /// One node of a trace.
    public struct Node: Sendable {
        /// The sub-expression, as CEL text.
        public var text: String
        /// Its value in CEL notation (abbreviated when long).
        public var value: String
        /// Where the value is written in the snapshot, for lists and maps read from it.
        public var location: SourceLocation?
        /// Its operands.
        public var children: [Node]
    }

    /// The traces of one subject.
    public struct Explanation: Sendable {
        /// The subject.
        public var subject: Finding.Subject
        /// Named values (`team`, the rule's variables) with their values.
        public var bindings: [(name: String, value: String)]
        /// `when`, `assert` (in that order, `when` only if the rule has one).
        public var clauses: [(name: String, trace: Node)]
        /// The finding the rule reported for the subject, if any.
        public var finding: Finding?
    }

    /// The rule.
    public let rule: CompiledRule

    /// Creates an explainer.
    public init(rule: CompiledRule) {
        self.rule = rule
    }

    /// Explanations for every subject of the rule in `snapshot`, or those whose id is `subject`.
    public func explain(_ snapshot: Snapshot, subject wanted: String?, policySet: CompiledPolicySet) -> [Explanation] {
        let root = SnapshotValues.root(snapshot)
        let organization = root.mapValue?.value(forField: "organization") ?? .null
        let context = PolicyEvaluator.context(snapshot)
        let findings = PolicyEvaluator(policySet).evaluate(rule, on: snapshot)
        var subjects: [Value?] = [nil]
        if let forEach = rule.forEach, case .list(let list) = forEach.evaluate([root, organization], context) {
            subjects = (0..<list.count).map { list[$0] }
        }
        var explanations: [Explanation] = []
        for (index, subjectValue) in subjects.enumerated() {
            let id =
                subjectValue?.mapValue?.value(forField: "id")?.stringValue
                ?? subjectValue?.mapValue?.value(forField: "name")?.stringValue
                ?? (subjectValue == nil ? organization.mapValue?.value(forField: "name")?.stringValue ?? "organization" : "#\(index)")
            if let wanted, wanted != id { continue }
            let layout = rule.layout
            var values = layout.values(root: root, organization: organization)
            if let subjectValue, let slot = layout.subject { values[slot] = subjectValue }
            for (offset, variable) in rule.variables.enumerated() { values[layout.variable(offset)] = variable.evaluate(values, context) }
            // The subject (when there is one) and the variables, as the rule names them.
            let shown = Array(layout.names.indices.dropFirst(2)).filter { $0 != layout.subject || subjectValue != nil }
            let bindings = shown.map { (layout.names[$0], Self.show(values[$0])) }
            var clauses: [(String, Node)] = []
            for (name, bound) in [("when", rule.when), ("assert", Optional(rule.assertion))] {
                guard let bound else { continue }
                clauses.append(
                    (
                        name,
                        trace(
                            bound.compiled.parsed.root, bound, values, context, snapshot,
                            constants: ["params": PolicyParameter.celValue(policySet.parameters)])
                    ))
            }
            let kind = subjectValue == nil ? "Organization" : (rule.subjectType ?? "Subject")
            let name = (subjectValue ?? organization).mapValue?.value(forField: "name")?.stringValue
            let subject = Finding.Subject(kind: kind, id: id, name: name)
            explanations.append(
                Explanation(
                    subject: subject, bindings: bindings, clauses: clauses,
                    finding: findings.first { $0.subject.id == id }))
        }
        return explanations
    }

    private func trace(
        _ expr: Expr, _ bound: CompiledRule.Bound, _ values: [Value], _ context: EvaluationContext, _ snapshot: Snapshot,
        constants: [String: Value]
    ) -> Node {
        let program = Program(expr, variables: bound.compiled.program.variables, functions: TandemFunctions.all.map(\.implementation), constants: constants)
        let value = program.evaluate(bound.slots.map { values[$0] }, context: context)
        var children: [Expr] = []
        switch expr.kind {
        case .constant, .ident: break
        case .select(let operand, _, _): children = [operand]
        case .call(_, let target, let args): children = (target.map { [$0] } ?? []) + args
        case .list(let items, _): children = items
        case .map(let entries): children = entries.flatMap { [$0.key, $0.value] }
        case .comprehension(let c): children = [c.range]  // the body runs per element; its range is what was read
        }
        let location = value.origin.map { SourceLocation(file: snapshot.path, line: Int($0.line), column: Int($0.column)) }
        return Node(
            text: Unparser.text(expr), value: Self.show(value), location: location,
            children: children.filter { if case .constant = $0.kind { return false } else { return true } }
                .map { trace($0, bound, values, context, snapshot, constants: constants) })
    }

    /// A value in CEL notation, shortened for display.
    static func show(_ value: Value) -> String {
        switch value {
        case .list(let l) where l.count > 3 || l.origin != nil:
            return "list of \(l.count)"
        case .map(let m) where m.origin != nil:
            let id = m.value(forField: "id")?.stringValue ?? m.value(forField: "name")?.stringValue
            return id.map { "{id: \($0), …}" } ?? "{\(m.count) keys}"
        default:
            let text = Printer.literal(value)
            return text.count > 80 ? String(text.prefix(77)) + "…" : text
        }
    }
}
