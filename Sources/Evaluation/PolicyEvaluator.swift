import CEL
import Diagnostics
import Foundation
import PolicyCompiler
import SnapshotModel
import YAMLSource

/// Evaluates a compiled policy set against snapshots.
public struct PolicyEvaluator: Sendable {
    /// The rules.
    public let policySet: CompiledPolicySet

    /// Creates an evaluator.
    public init(_ policySet: CompiledPolicySet) {
        self.policySet = policySet
    }

    /// Every finding of every rule on `snapshot`, sorted for reporting.
    public func evaluate(_ snapshot: Snapshot) -> [Finding] {
        var ignored: [RuleOutcome]?
        return evaluate(snapshot, outcomes: &ignored)
    }

    /// Every finding, and (when `outcomes` is not nil) every rule × subject checked, passed or not,
    /// for reports that list passes (JUnit).
    public func evaluate(_ snapshot: Snapshot, outcomes: inout [RuleOutcome]?) -> [Finding] {
        let root = SnapshotValues.root(snapshot)
        let context = Self.context(snapshot)
        let rules = policySet.rules
        let records = outcomes != nil
        let large = snapshot.document.root["teams"]?.sequence?.count ?? 0 >= 64
        let results = concurrentMap(count: rules.count, parallel: large) { index in
            var findings: [Finding] = []
            var run = RuleRun(rule: rules[index], snapshot: snapshot, root: root, context: context)
            run.recordsOutcomes = records
            run.run(into: &findings)
            return (findings, run.outcomes)
        }
        var findings: [Finding] = []
        for (found, checked) in results {
            findings += found
            outcomes? += checked
        }
        return findings.sortedForReport()
    }

    /// The findings of one rule on `snapshot`.
    public func evaluate(_ rule: CompiledRule, on snapshot: Snapshot) -> [Finding] {
        var findings: [Finding] = []
        var run = RuleRun(rule: rule, snapshot: snapshot, root: SnapshotValues.root(snapshot), context: Self.context(snapshot))
        run.run(into: &findings)
        return findings.sortedForReport()
    }

    package static func context(_ snapshot: Snapshot) -> EvaluationContext {
        EvaluationContext(today: Timestamp(seconds: Int64(snapshot.asOf.rounded(.down))))
    }
}

/// One rule over one snapshot.
private struct RuleRun {
    let rule: CompiledRule
    let snapshot: Snapshot
    let root: Value
    let context: EvaluationContext
    var recordsOutcomes = false
    var outcomes: [RuleOutcome] = []

    init(rule: CompiledRule, snapshot: Snapshot, root: Value, context: EvaluationContext) {
        self.rule = rule
        self.snapshot = snapshot
        self.root = root
        self.context = context
    }

    private mutating func record(_ subject: Finding.Subject, _ status: RuleOutcome.Status) {
        if recordsOutcomes { outcomes.append(RuleOutcome(ruleID: rule.id, subject: subject, snapshot: snapshot.name, status: status)) }
    }

    var organization: Value { root.mapValue?.value(forField: "organization") ?? .null }

    mutating func run(into findings: inout [Finding]) {
        let organization = self.organization
        guard let forEach = rule.forEach else {
            check(subjectValue: nil, template: [root, organization], subject: Self.subject(organization, index: nil, fallbackKind: "Organization"),
                  origin: organization.origin, into: &findings)
            return
        }
        let subjects = forEach.evaluate([root, organization], context)
        guard case .list(let list) = subjects else {
            let message = subjects.error.map { "forEach failed: \($0.message)" } ?? "forEach produced \(subjects.celType), not a list"
            let subject = Finding.Subject(kind: "Organization", id: "organization")
            findings.append(finding(.evaluationError, message, subject: subject, origin: nil))
            record(subject, .error)
            return
        }
        // Variables that do not read the subject are computed once; long lists of scalars get a
        // hash index so membership tests against them stay O(1) per subject.
        var template = [root, organization, .null]
        for variable in rule.variables {
            guard variable.isHoisted else {
                template.append(.null)
                continue
            }
            template.append(IndexedList.indexing(variable.evaluate(template, context)))
        }
        let kind = rule.subjectType ?? "Subject"
        for index in 0..<list.count {
            let value = list[index]
            check(subjectValue: value, template: template, subject: Self.subject(value, index: index, fallbackKind: kind),
                  origin: value.origin ?? list.origin, into: &findings)
        }
    }

    /// `subject` is only worked out when a finding or an outcome needs it: most subjects of most
    /// rules are filtered out by `when`, and naming them is a measurable share of the cost.
    private mutating func check(subjectValue: Value?, template: [Value], subject makeSubject: @autoclosure () -> Finding.Subject, origin: ValueOrigin?, into findings: inout [Finding]) {
        var named: Finding.Subject?
        func subject() -> Finding.Subject {
            if let named { return named }
            let made = makeSubject()
            named = made
            return made
        }
        var values = template
        let firstVariable: Int
        if let subjectValue {
            values[2] = subjectValue
            firstVariable = 3
        } else {
            firstVariable = 2
        }
        for (offset, variable) in rule.variables.enumerated() {
            if subjectValue != nil, variable.isHoisted { continue }
            let value = variable.evaluate(values, context)
            if firstVariable + offset < values.count {
                values[firstVariable + offset] = value
            } else {
                values.append(value)
            }
        }
        if let when = rule.when {
            switch when.evaluate(values, context) {
            case .bool(true): break
            case .bool(false): return
            case let other:
                findings.append(finding(.evaluationError, describe(other, in: "when"), subject: subject(), origin: origin))
                record(subject(), .error)
                return
            }
        }
        switch rule.assertion.evaluate(values, context) {
        case .bool(true):
            record(subject(), .passed)
        case .bool(false):
            let message = rule.message.render(values, context: context)
            findings.append(finding(.violation, message, subject: subject(), origin: location(values) ?? origin))
            record(subject(), .failed)
        case let other:
            findings.append(finding(.evaluationError, describe(other, in: "assert"), subject: subject(), origin: origin))
            record(subject(), .error)
        }
    }

    private func location(_ values: [Value]) -> ValueOrigin? {
        guard let at = rule.at else { return nil }
        return at.evaluate(values, context).origin
    }

    private func describe(_ value: Value, in clause: String) -> String {
        if let error = value.error { return "\(clause) could not be evaluated: \(error.message)" }
        return "\(clause) produced \(value.celType), not bool"
    }

    private static func subject(_ value: Value, index: Int?, fallbackKind: String) -> Finding.Subject {
        let map = value.mapValue
        let id = map?.value(forField: "id").flatMap(\.stringValue)
        let name = map?.value(forField: "name").flatMap(\.stringValue)
        return Finding.Subject(kind: fallbackKind, id: id ?? name ?? index.map { "#\($0)" } ?? "organization", name: name)
    }

    private func finding(_ kind: Finding.Kind, _ message: String, subject: Finding.Subject, origin: ValueOrigin?) -> Finding {
        let fallback = root.origin ?? ValueOrigin(line: 1, column: 1)
        let place = origin ?? fallback
        return Finding(
            kind: kind, ruleID: rule.id, severity: kind == .evaluationError ? .error : rule.severity, title: rule.title,
            message: message, remediation: rule.remediation, references: rule.references, practice: rule.practice,
            level: rule.level, phase: rule.phase, subject: subject,
            location: SourceLocation(file: snapshot.path, line: Int(place.line), column: Int(place.column)),
            snapshot: snapshot.name)
    }
}

extension Value {
    /// The map, if this value is one.
    package var mapValue: (any MapValue)? {
        if case .map(let m) = self { return m }
        return nil
    }

    /// The string, if this value is one.
    package var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }
}

