import CEL
import Diagnostics
import Foundation
import Parallel
import PolicyCompiler
import SnapshotModel
import YAMLSource

/// Evaluates a compiled policy set against snapshots.
public struct PolicyEvaluator: Sendable {
    /// The rules.
    public private(set) var policySet: CompiledPolicySet
    /// Each rule's estimated cost per subject (``RuleCost``).
    let costs: [Double]
    /// The rules, each behind a reference of this evaluator's own (see `HeldRule`).
    private var held: [HeldRule]

    /// Creates an evaluator.
    public init(_ policySet: CompiledPolicySet) {
        self.policySet = policySet
        costs = policySet.rules.map(RuleCost.perSubject)
        held = policySet.rules.map(HeldRule.init)
    }

    /// The same evaluator over rule programs of its own (see ``CompiledRule/withOwnPrograms()``):
    /// for a worker checking snapshots while other cores check others.
    package func withOwnPrograms() -> PolicyEvaluator {
        var copy = self
        copy.policySet = policySet.withOwnPrograms()
        copy.held = copy.policySet.rules.map(HeldRule.init)
        return copy
    }

    /// The rules' positions, the costliest on `snapshot` first: the order they are handed to the
    /// cores in. A rule's subjects are counted when its `forEach` only selects (`snapshot.teams`);
    /// another is taken to have as many as the longest counted list.
    func schedule(on root: Value, _ context: EvaluationContext) -> [Int] {
        let rules = policySet.rules
        let organization = root.mapValue?.value(forField: "organization") ?? .null
        let counted = rules.map { rule -> Double? in
            guard let forEach = rule.forEach else { return 1 }
            guard RuleCost.onlySelects(forEach.compiled.parsed.root), case .list(let list) = forEach.evaluate([root, organization], context) else { return nil }
            return Double(list.count)
        }
        let longest = counted.compactMap { $0 }.max() ?? 1
        let total = rules.indices.map { costs[$0] * (counted[$0] ?? longest) }
        return rules.indices.sorted { total[$0] != total[$1] ? total[$0] > total[$1] : $0 < $1 }
    }

    /// Every finding of every rule on `snapshot`, sorted for reporting.
    public func evaluate(_ snapshot: Snapshot) -> [Finding] {
        var ignored: [RuleOutcome]?
        return evaluate(snapshot, outcomes: &ignored)
    }

    /// Every finding, and (when `outcomes` is not nil) every rule × subject checked, passed or not,
    /// for reports that list passes (JUnit).
    public func evaluate(_ snapshot: Snapshot, outcomes: inout [RuleOutcome]?) -> [Finding] {
        let result = run(snapshot, keepingOutcomes: outcomes != nil)
        outcomes? += result.outcomes
        return result.findings
    }

    /// How many teams make a snapshot large enough for its rules, and its risk scores, to be
    /// worked out on every core: below it, dispatch costs more than it saves.
    package static let parallelTeams = 64

    /// Whether a snapshot is large enough (``parallelTeams`` teams or more) for its rules to run
    /// on every core.
    package static func isLarge(_ snapshot: Snapshot) -> Bool {
        snapshot.document.root["teams"]?.sequence?.count ?? 0 >= parallelTeams
    }

    /// Findings, evidence completeness and (when asked) every rule × subject outcome. Rules run
    /// on every core for a large snapshot; `parallel` overrides that choice (tests compare both).
    public func run(_ snapshot: Snapshot, keepingOutcomes: Bool = false, parallel: Bool? = nil) -> SnapshotEvaluation {
        let context = Self.context(snapshot)
        let rules = policySet.rules
        let parallel = parallel ?? Self.isLarge(snapshot)
        // The costliest rules are started first: in the order of the pack, a costly rule that
        // came late ran alone on one core at the end (half a second at 50,000 teams). The
        // results are gathered in the pack's order all the same.
        let schedule = parallel ? self.schedule(on: SnapshotValues.root(snapshot), context) : Array(rules.indices)
        var results: [RuleResult]
        var extraTallies: [[EvidenceTally]] = []
        if parallel {
            (results, extraTallies) = runInChunks(snapshot, schedule: schedule, context: context, keepingOutcomes: keepingOutcomes)
        } else {
            let root = SnapshotValues.root(snapshot)
            let reads = RuleRun.SnapshotReads(snapshot, root: root)
            results = held.map { RuleRun.result(of: $0, snapshot: snapshot, root: root, reads: reads, context: context, keepingOutcomes: keepingOutcomes) }
        }
        var evaluation = SnapshotEvaluation()
        // The rules' evidence is merged beside the gathering and sorting of their findings (a
        // large snapshot's tallies are a few hundred thousand).
        let evidences = results.map(\.2)
        let tallies = results.map(\.3).filter { !$0.isEmpty } + extraTallies
        let gather: @Sendable () -> SnapshotEvidence = {
            var evidence = evidences.reduce(into: SnapshotEvidence()) { $0.merge($1) }
            RuleRun.add(tallies, to: &evidence, snapshot: snapshot)
            return evidence
        }
        let merged = parallel ? Background(gather) : nil
        if !parallel { evaluation.evidence = gather() }
        // Gathered into one array of the final size, each rule's share let go once copied, and
        // sorted in place: the findings are held at most once and a bit.
        evaluation.findings.reserveCapacity(results.reduce(0) { $0 + $1.0.count })
        for index in results.indices {
            evaluation.findings += results[index].0
            evaluation.outcomes += results[index].1
            results[index] = ([], [], SnapshotEvidence(), [])
        }
        evaluation.findings.sortForReport()
        if let merged { evaluation.evidence = merged.result() }
        return evaluation
    }

    /// One rule's findings, outcomes, evidence and tallies by team position (see `RuleRun`).
    typealias RuleResult = (findings: [Finding], outcomes: [RuleOutcome], evidence: SnapshotEvidence, tallies: [EvidenceTally])

    /// How many teams a worker checks against every team rule before taking more.
    static let teamsPerChunk = 256

    /// The rules on every core. Rules over the snapshot's teams are checked a chunk of teams at
    /// a time, every such rule on the chunk before the next chunk is taken: rule after rule over
    /// every team read a large snapshot's tree from memory again for each rule, where a chunk's
    /// teams stay in the processor's cache across the rules. The other rules run whole, the
    /// costliest first, before the chunks are handed out. Each worker reads through tree and
    /// list objects of its own (see `SnapshotValues.ownCopy`). Results come back in pack order,
    /// each rule's findings in the order of its subjects; with them, each worker's tallies by
    /// team position.
    private func runInChunks(_ snapshot: Snapshot, schedule: [Int], context: EvaluationContext, keepingOutcomes: Bool) -> ([RuleResult], [[EvidenceTally]]) {
        let rules = policySet.rules
        let overTeams = schedule.filter { held[$0].listsEveryTeam }
        // The rules over teams start on every core: their subjects and hoisted values, worked
        // out once for all workers.
        let prepared = concurrentMap(count: overTeams.count, parallel: true) { position in
            var run = RuleRun(
                held: held[overTeams[position]], snapshot: snapshot, root: SnapshotValues.root(snapshot, ownTree: true), context: context, recordsOutcomes: keepingOutcomes)
            var findings: [Finding] = []
            let started = run.start(into: &findings)
            return (run, findings, started.map { ($0.list.count, $0.template) })
        }
        var results = [RuleResult](repeating: ([], [], SnapshotEvidence(), []), count: rules.count)
        var ready: [(index: Int, template: [Value])] = []
        var listed = 0
        for (position, index) in overTeams.enumerated() {
            let (run, findings, started) = prepared[position]
            guard let started else {
                results[index] = (findings, run.outcomes, run.evidence, run.teamTallies)
                continue
            }
            ready.append((index, started.1))
            listed = started.0
        }
        let (chunked, teamCount) = (ready, listed)
        let isChunked = Set(chunked.map(\.index))
        let whole = schedule.filter { !isChunked.contains($0) }
        let chunks = chunked.isEmpty ? 0 : (teamCount + Self.teamsPerChunk - 1) / Self.teamsPerChunk
        let queue = WorkQueue(count: whole.count + chunks)
        let workers = concurrentMap(count: ProcessInfo.processInfo.activeProcessorCount, parallel: true) { _ in
            var worker = ChunkWorker(snapshot: snapshot, context: context, keepingOutcomes: keepingOutcomes)
            while let item = queue.take() {
                if item < whole.count {
                    worker.run(held[whole[item]], index: whole[item])
                } else {
                    if worker.runs.isEmpty { worker.prepare(chunked.map { (rules[$0.index], $0.template) }, teams: teamCount) }
                    let chunk = item - whole.count
                    worker.check(chunk: chunk, teams: chunk * Self.teamsPerChunk..<min(teamCount, (chunk + 1) * Self.teamsPerChunk))
                }
            }
            return worker.results
        }
        for worker in workers {
            for (index, result) in worker.whole { results[index] = result }
        }
        let byChunk = workers.flatMap(\.chunks).sorted { $0.chunk < $1.chunk }
        for (position, rule) in chunked.enumerated() {
            results[rule.index].findings = byChunk.flatMap { $0.findings[position] }
            results[rule.index].outcomes = byChunk.flatMap { $0.outcomes[position] }
            for worker in workers where position < worker.evidence.count { results[rule.index].evidence.merge(worker.evidence[position]) }
        }
        return (results, workers.map(\.tallies).filter { !$0.isEmpty })
    }

    /// The findings of one rule on `snapshot`.
    public func evaluate(_ rule: CompiledRule, on snapshot: Snapshot) -> [Finding] {
        var findings = RuleRun.result(of: rule, snapshot: snapshot, root: SnapshotValues.root(snapshot), context: Self.context(snapshot), keepingOutcomes: false).findings
        findings.sortForReport()
        return findings
    }

    package static func context(_ snapshot: Snapshot) -> EvaluationContext {
        EvaluationContext(today: Timestamp(seconds: Int64(snapshot.asOf.rounded(.down))))
    }
}

/// One worker of ``PolicyEvaluator/runInChunks``: it runs the rules it takes whole, and checks
/// the chunks of teams it takes against every rule over the teams, through rule programs, trees
/// and values of its own (see ``CompiledRule/withOwnPrograms()``, `SnapshotValues.ownCopy`).
private struct ChunkWorker {
    let snapshot: Snapshot
    let context: EvaluationContext
    let keepingOutcomes: Bool
    /// The team rules' runs, and the values each rule's checks start from.
    private(set) var runs: [RuleRun] = []
    private var values: [[Value]] = []
    private var teams: (any ListValue)?
    private var whole: [(index: Int, result: PolicyEvaluator.RuleResult)] = []
    private var chunks: [(chunk: Int, findings: [[Finding]], outcomes: [[RuleOutcome]])] = []
    private var tallies: [EvidenceTally] = []

    /// What the worker found, once it has taken its last item.
    var results: Results { Results(whole: whole, chunks: chunks, evidence: runs.map(\.evidence), tallies: tallies) }

    /// What a worker found: the rules it ran whole (by position in the pack), each chunk's
    /// findings and outcomes per team rule, each team rule's evidence, and its tallies by team
    /// position over every chunk it took.
    struct Results: Sendable {
        var whole: [(index: Int, result: PolicyEvaluator.RuleResult)]
        var chunks: [(chunk: Int, findings: [[Finding]], outcomes: [[RuleOutcome]])]
        var evidence: [SnapshotEvidence]
        var tallies: [EvidenceTally]
    }

    init(snapshot: Snapshot, context: EvaluationContext, keepingOutcomes: Bool) {
        self.snapshot = snapshot
        self.context = context
        self.keepingOutcomes = keepingOutcomes
    }

    /// Runs `rule` (the pack's rule `index`) over all its subjects, read through the evaluator's
    /// reference (a wrapper made per run copied the rule and worked out `listsEveryTeam` again).
    mutating func run(_ rule: HeldRule, index: Int) {
        whole.append((index, RuleRun.result(of: rule, snapshot: snapshot, root: SnapshotValues.root(snapshot, ownTree: true), context: context, keepingOutcomes: keepingOutcomes)))
    }

    /// Readies the team rules, each with the values its checks start from, before the first
    /// chunk this worker takes.
    mutating func prepare(_ rules: [(rule: CompiledRule, template: [Value])], teams count: Int) {
        let root = SnapshotValues.root(snapshot, ownTree: true)
        for (rule, template) in rules {
            var run = RuleRun(rule: rule.withOwnPrograms(), snapshot: snapshot, root: root, context: context, recordsOutcomes: keepingOutcomes)
            run.byPosition = true
            runs.append(run)
            values.append(template.map(SnapshotValues.ownCopy))
        }
        if case .list(let list)? = root.mapValue?.value(forField: "teams") { teams = list }
        tallies = Array(repeating: EvidenceTally(), count: count)
    }

    /// Checks the teams in `range` (chunk number `chunk`) against every team rule.
    mutating func check(chunk: Int, teams range: Range<Int>) {
        guard let teams else { return }
        var findings: [[Finding]] = []
        var outcomes: [[RuleOutcome]] = []
        for position in runs.indices {
            var found: [Finding] = []
            runs[position].check(teams, range, values: &values[position], into: &found)
            for (offset, tally) in runs[position].teamTallies.enumerated() { tallies[range.lowerBound + offset].add(tally) }
            findings.append(found)
            outcomes.append(runs[position].outcomes)
            runs[position].outcomes = []
        }
        chunks.append((chunk, findings, outcomes))
    }
}

/// A compiled rule behind a reference: a run reads its rule through it instead of holding a copy,
/// which counted a reference on each of the rule's two dozen strings, arrays and programs per
/// rule and snapshot — on objects every core's runs shared, so the cores took turns owning them
/// (about 3% of the cycles of a directory of small snapshots, in perf).
final class HeldRule: Sendable {
    let rule: CompiledRule
    /// Whether the rule's subjects are the snapshot's teams (see `RuleRun.listsEveryTeam`), read
    /// once rather than from the rule's `forEach` at each run.
    let listsEveryTeam: Bool

    init(_ rule: CompiledRule) {
        self.rule = rule
        listsEveryTeam = rule.subjectType == "Team" && rule.forEach.map { RuleRun.listsEveryTeam($0.compiled.parsed.root) } ?? false
    }
}

/// One rule over one snapshot.
private struct RuleRun {
    private let held: HeldRule
    /// The rule, read in place.
    var rule: CompiledRule {
        _read { yield held.rule }
    }
    let snapshot: Snapshot
    let root: Value
    let context: EvaluationContext
    let recordsOutcomes: Bool
    var outcomes: [RuleOutcome] = []
    /// The organization's name, for findings' identities.
    let organizationName: String
    /// The snapshot's `organization`.
    let organization: Value
    var evidence = SnapshotEvidence()
    /// A rule over every team of the snapshot (`forEach: snapshot.teams`) tallies its evidence
    /// by the team's position, one tally per team, named once all rules have run: naming each
    /// team (reading its id and name) and hashing its id, for every such rule, was a twentieth
    /// of evaluating a large snapshot.
    var teamTallies: [EvidenceTally] = []
    /// Whether this rule's subjects are the snapshot's teams (`forEach: snapshot.teams`), its
    /// evidence then tallied by position.
    var byPosition = false
    /// The team position of `teamTallies[0]`.
    private(set) var tallyBase = 0
    /// The position in `teamTallies` of the team being checked.
    private var teamPosition: Int?
    /// Frame arrays shared by every evaluation of this run (see `FrameStorage`).
    var storage = FrameStorage()

    init(rule: CompiledRule, snapshot: Snapshot, root: Value, context: EvaluationContext, recordsOutcomes: Bool = false) {
        self.init(held: HeldRule(rule), snapshot: snapshot, root: root, context: context, recordsOutcomes: recordsOutcomes)
    }

    init(held: HeldRule, snapshot: Snapshot, root: Value, reads: SnapshotReads? = nil, context: EvaluationContext, recordsOutcomes: Bool = false) {
        self.held = held
        self.snapshot = snapshot
        self.root = root
        self.context = context
        self.recordsOutcomes = recordsOutcomes
        let reads = reads ?? SnapshotReads(snapshot, root: root)
        organizationName = reads.organizationName
        organization = reads.organization
    }

    /// What every rule's run reads of a snapshot before its subjects, read once for all the
    /// rules that run over it: read per rule, it was two lookups of a key by its text per rule
    /// and snapshot (a directory of small snapshots runs fifty rules over each).
    struct SnapshotReads {
        let organization: Value
        let organizationName: String

        init(_ snapshot: Snapshot, root: Value) {
            organization = root.mapValue?.value(forField: "organization") ?? .null
            organizationName = snapshot.organization
        }
    }

    /// `rule` run over all its subjects: its findings, outcomes (when kept), evidence and
    /// tallies by team position.
    static func result(of rule: CompiledRule, snapshot: Snapshot, root: Value, context: EvaluationContext, keepingOutcomes: Bool) -> PolicyEvaluator.RuleResult {
        result(of: HeldRule(rule), snapshot: snapshot, root: root, context: context, keepingOutcomes: keepingOutcomes)
    }

    /// The same, for a rule read through `held`.
    static func result(
        of held: HeldRule, snapshot: Snapshot, root: Value, reads: SnapshotReads? = nil, context: EvaluationContext, keepingOutcomes: Bool
    ) -> PolicyEvaluator.RuleResult {
        var findings: [Finding] = []
        var run = RuleRun(held: held, snapshot: snapshot, root: root, reads: reads, context: context, recordsOutcomes: keepingOutcomes)
        run.run(into: &findings)
        return (findings, run.outcomes, run.evidence, run.teamTallies)
    }

    private mutating func record(_ subject: @autoclosure () -> Finding.Subject, _ status: RuleOutcome.Status) {
        if recordsOutcomes { outcomes.append(RuleOutcome(ruleID: rule.id, subject: subject(), snapshot: snapshot.name, status: status)) }
        // Evidence is tallied for the snapshot, and per team for team rules (naming other
        // subjects is not needed for it, and costs).
        if let teamPosition {
            evidence.count(status, team: nil, organizationLevel: false)
            teamTallies[teamPosition].add(EvidenceTally(status))
            return
        }
        let team = rule.forEach == nil ? nil : rule.subjectType == "Team" ? subject().id : nil
        evidence.count(status, team: team, organizationLevel: rule.forEach == nil)
    }

    /// Whether `expr` is `snapshot.teams`: its subjects are the snapshot's teams, in order.
    static func listsEveryTeam(_ expr: Expr) -> Bool {
        guard case .select(let operand, "teams", false) = expr.kind, case .ident("snapshot") = operand.kind else { return false }
        return true
    }

    /// Adds rules' tallies by team position (see `teamTallies`) to `evidence`, under each team's
    /// id; a team no such rule applied to gets none, as when tallied by id.
    static func add(_ tallies: [[EvidenceTally]], to evidence: inout SnapshotEvidence, snapshot: Snapshot) {
        guard var total = tallies.first else { return }
        for more in tallies.dropFirst() {
            for position in total.indices { total[position].add(more[position]) }
        }
        guard case .list(let teams)? = SnapshotValues.root(snapshot).mapValue?.value(forField: "teams") else { return }
        for position in total.indices where total[position].applicable > 0 {
            evidence.teams[subject(teams[position], index: position, fallbackKind: "Team").id, default: EvidenceTally()].add(total[position])
        }
    }

    mutating func run(into findings: inout [Finding]) {
        guard let (list, template) = start(into: &findings) else { return }
        var values = template
        check(list, 0..<list.count, values: &values, into: &findings)
    }

    /// The rule's subjects and the values each check starts from; nil when there is nothing
    /// more to check: a rule without `forEach` (checked here) or one whose `forEach` failed
    /// (recorded as a finding).
    mutating func start(into findings: inout [Finding]) -> (list: any ListValue, template: [Value])? {
        let organization = self.organization
        guard let forEach = rule.forEach else {
            var values = rule.layout.values(root: root, organization: organization)
            check(
                subjectValue: nil, values: &values, subject: Self.subject(organization, index: nil, fallbackKind: "Organization"),
                origin: organization.origin, into: &findings)
            return nil
        }
        let subjects = forEach.evaluate([root, organization], context)
        if case .error(let e) = subjects, e.unrecorded != nil {
            let subject = Finding.Subject(kind: "Organization", id: "organization")
            findings.append(insufficient(e, clause: "forEach", subject: subject, origin: nil))
            record(subject, .insufficient)
            return nil
        }
        guard case .list(let list) = subjects else {
            let message = subjects.error.map { "forEach failed: \($0.message)" } ?? "forEach produced \(subjects.celType), not a list"
            let subject = Finding.Subject(kind: "Organization", id: "organization")
            findings.append(finding(.evaluationError, message, subject: subject, origin: nil))
            record(subject, .error)
            return nil
        }
        // Variables that do not read the subject are computed once; long lists of scalars get a
        // hash index so membership tests against them stay O(1) per subject.
        var template = rule.layout.values(root: root, organization: organization)
        for (offset, variable) in rule.variables.enumerated() where variable.isHoisted {
            template[rule.layout.variable(offset)] = IndexedList.indexing(variable.evaluate(template, context))
        }
        byPosition = held.listsEveryTeam
        return (list, template)
    }

    /// Checks the subjects of `list` in `range` (see ``start(into:)``), their tallies by team
    /// position (``teamTallies``) made afresh for the range.
    ///
    /// One value list serves every subject: each check overwrites the subject's slot and the
    /// variables that read it (in dependency order, before anything reads them), so what the
    /// last subject left there is never read.
    mutating func check(_ list: any ListValue, _ range: Range<Int>, values: inout [Value], into findings: inout [Finding]) {
        let kind = rule.subjectType ?? "Subject"
        if byPosition {
            teamTallies = Array(repeating: EvidenceTally(), count: range.count)
            tallyBase = range.lowerBound
        } else if rule.subjectType == "Team" {
            // A team rule tallies evidence for every team: room for them all at once, not
            // rehashed as the tally grows.
            evidence.teams.reserveCapacity(evidence.teams.count + range.count)
        }
        for index in range {
            let value = list[index]
            if byPosition { teamPosition = index - tallyBase }
            check(
                subjectValue: value, values: &values, subject: Self.subject(value, index: index, fallbackKind: kind),
                origin: value.origin ?? list.origin, into: &findings)
        }
        teamPosition = nil
    }

    /// `subject` is only worked out when a finding or an outcome needs it: most subjects of most
    /// rules are filtered out by `when`, and naming them is a measurable share of the cost.
    private mutating func check(
        subjectValue: Value?, values: inout [Value], subject makeSubject: @autoclosure () -> Finding.Subject, origin: @autoclosure () -> ValueOrigin?,
        into findings: inout [Finding]
    ) {
        var named: Finding.Subject?
        func subject() -> Finding.Subject {
            if let named { return named }
            let made = makeSubject()
            named = made
            return made
        }
        if let subjectValue, let slot = rule.layout.subject { values[slot] = subjectValue }
        // The frame storage is taken out of `self` while the rule's expressions read it: reading
        // `rule.when` while `self.storage` was passed `inout` made the compiler copy each compiled
        // expression first (a dozen references counted per evaluation, on objects every core
        // evaluating the rule shares).
        var storage = FrameStorage()
        swap(&storage, &self.storage)
        defer { swap(&storage, &self.storage) }
        // By index: iterating the variables (or binding `when`) copied each compiled expression.
        for offset in rule.variables.indices {
            if subjectValue != nil, rule.variables[offset].isHoisted { continue }
            values[rule.layout.variable(offset)] = rule.variables[offset].evaluate(values, context, &storage)
        }
        // Optional chaining reads `when` in place (`rule.when!` copied it).
        if let condition = rule.when?.evaluate(values, context, &storage) {
            switch condition {
            case .bool(true): break
            case .bool(false): return
            case .error(let e) where e.unrecorded != nil:
                // Whether the rule applies depends on a fact nobody recorded.
                findings.append(insufficient(e, clause: "when", subject: subject(), origin: origin()))
                record(subject(), .insufficient)
                return
            case let other:
                findings.append(finding(.evaluationError, describe(other, in: "when"), subject: subject(), origin: origin()))
                record(subject(), .error)
                return
            }
        }
        switch rule.assertion.evaluate(values, context, &storage) {
        case .bool(true):
            record(subject(), .passed)
        case .bool(false):
            let message = rule.message.render(values, context: context, storage: &storage)
            findings.append(finding(.violation, message, subject: subject(), origin: location(values) ?? origin()))
            record(subject(), .failed)
        case .error(let e) where e.unrecorded != nil:
            findings.append(insufficient(e, clause: "assert", subject: subject(), origin: origin()))
            record(subject(), .insufficient)
        case let other:
            findings.append(finding(.evaluationError, describe(other, in: "assert"), subject: subject(), origin: origin()))
            record(subject(), .error)
        }
    }

    /// A finding for a rule that cannot be decided: it names the fact to record.
    private func insufficient(_ error: EvalError, clause: String, subject: Finding.Subject, origin: ValueOrigin?) -> Finding {
        let fact = error.unrecorded ?? "a fact"
        let what = clause == "assert" ? "whether it holds" : clause == "when" ? "whether it applies" : "what it applies to"
        // Point at the fact itself: where it is written `unknown`, or the object that lacks it.
        var result = finding(.insufficientEvidence, "Cannot tell \(what): \(fact) is not recorded.", subject: subject, origin: error.origin ?? origin)
        result.unrecorded = [fact]
        return result
    }

    private func location(_ values: [Value]) -> ValueOrigin? {
        guard let at = rule.at else { return nil }
        return at.evaluate(values, context).origin
    }

    private func describe(_ value: Value, in clause: String) -> String {
        if let error = value.error { return "\(clause) could not be evaluated: \(error.message)" }
        return "\(clause) produced \(value.celType), not bool"
    }

    fileprivate static func subject(_ value: Value, index: Int?, fallbackKind: String) -> Finding.Subject {
        let map = value.mapValue
        let id = map?.value(forField: "id").flatMap(\.stringValue)
        let name = map?.value(forField: "name").flatMap(\.stringValue)
        // The name is for people and is repeated in every finding: clipped like message values.
        let subjectID = (id ?? name).map(MessageTemplate.clippedID) ?? index.map { "#\($0)" } ?? "organization"
        return Finding.Subject(kind: fallbackKind, id: subjectID, name: name.map(MessageTemplate.clipped))
    }

    private func finding(_ kind: Finding.Kind, _ message: String, subject: Finding.Subject, origin: ValueOrigin?) -> Finding {
        let fallback = root.origin ?? ValueOrigin(line: 1, column: 1)
        let place = origin ?? fallback
        return Finding(
            kind: kind, ruleID: rule.id, severity: kind == .evaluationError ? .error : kind == .insufficientEvidence ? .info : rule.severity, title: rule.title,
            message: message, remediation: rule.remediation, references: rule.references, practice: rule.practice,
            level: rule.level, phase: rule.phase, subject: subject,
            location: SourceLocation(file: snapshot.path, line: Int(place.line), column: Int(place.column)),
            snapshot: snapshot.name, organization: organizationName)
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

/// One snapshot's evaluation: findings, evidence completeness, and outcomes when asked for.
public struct SnapshotEvaluation: Sendable {
    /// Every finding, sorted for reporting.
    public var findings: [Finding] = []
    /// Every rule × subject checked (empty unless asked for).
    public var outcomes: [RuleOutcome] = []
    /// How many applicable checks could be decided.
    public var evidence = SnapshotEvidence()
}

/// Checks that could be decided, against checks that applied.
public struct EvidenceTally: Sendable, Hashable {
    /// Checks that passed, failed or could not be evaluated: decided either way.
    public var decided = 0
    /// Checks left undecided because a fact is not recorded.
    public var undecided = 0

    /// Creates a tally.
    public init(decided: Int = 0, undecided: Int = 0) {
        self.decided = decided
        self.undecided = undecided
    }

    /// Checks that applied.
    public var applicable: Int { decided + undecided }

    /// decided / applicable, or nil when nothing applied.
    public var completeness: Double? { applicable == 0 ? nil : Double(decided) / Double(applicable) }

    /// One check's tally: undecided when `status` is, decided otherwise.
    init(_ status: RuleOutcome.Status) {
        self = status == .insufficient ? EvidenceTally(undecided: 1) : EvidenceTally(decided: 1)
    }

    /// Adds another tally.
    public mutating func add(_ other: EvidenceTally) {
        decided += other.decided
        undecided += other.undecided
    }
}

/// Evidence completeness of one snapshot: over every check, over organization-level rules, and
/// per team over that team's rules.
public struct SnapshotEvidence: Sendable, Hashable {
    /// Every rule × subject.
    public var overall = EvidenceTally()
    /// Rules without `forEach` (the organization's design and structuring practices).
    public var organization = EvidenceTally()
    /// Team rules, by team id.
    public var teams: [String: EvidenceTally] = [:]

    /// Creates an empty record.
    public init() {}

    mutating func count(_ status: RuleOutcome.Status, team: String?, organizationLevel: Bool) {
        let tally = EvidenceTally(status)
        overall.add(tally)
        if organizationLevel { organization.add(tally) }
        if let team { teams[team, default: EvidenceTally()].add(tally) }
    }

    /// Adds another record (from another rule).
    public mutating func merge(_ other: SnapshotEvidence) {
        overall.add(other.overall)
        organization.add(other.organization)
        // The first team rule's tallies are taken whole; the others' are added to them.
        guard !teams.isEmpty else {
            teams = other.teams
            return
        }
        for (id, tally) in other.teams { teams[id, default: EvidenceTally()].add(tally) }
    }
}

/// A rule's cost per subject, estimated from its expressions before it runs: its per-subject
/// expressions (`when`, `assert` and the variables that read the subject), a comprehension's body
/// counted once per element. Only the order of the estimates matters (``PolicyEvaluator``
/// starts the costliest rules first).
enum RuleCost {
    /// How many elements a comprehension is taken to read: a team's members or meetings.
    static let elements = 6.0

    static func perSubject(_ rule: CompiledRule) -> Double {
        var total = cost(rule.assertion.compiled.parsed.root) + (rule.when.map { cost($0.compiled.parsed.root) } ?? 0)
        for variable in rule.variables where !variable.isHoisted { total += cost(variable.compiled.parsed.root) }
        return total
    }

    /// Whether `expr` is names and field selections only (counting its list costs nothing).
    static func onlySelects(_ expr: Expr) -> Bool {
        switch expr.kind {
        case .ident: return true
        case .select(let operand, _, false): return onlySelects(operand)
        default: return false
        }
    }

    static func cost(_ expr: Expr) -> Double {
        switch expr.kind {
        case .constant, .ident: return 1
        case .select(let operand, _, _): return 1 + cost(operand)
        case .call(_, let target, let args): return 1 + (target.map(cost) ?? 0) + args.reduce(0) { $0 + cost($1) }
        case .list(let items, _): return 1 + items.reduce(0) { $0 + cost($1) }
        case .map(let entries): return 1 + entries.reduce(0) { $0 + cost($1.key) + cost($1.value) }
        case .comprehension(let c): return 1 + cost(c.range) + elements * ((c.predicate.map(cost) ?? 0) + (c.transform.map(cost) ?? 0))
        }
    }
}
