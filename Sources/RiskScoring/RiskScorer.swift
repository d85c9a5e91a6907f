import CEL
import Diagnostics
import Evaluation
import Foundation
import Parallel
import PolicyCompiler
import SnapshotModel

/// Scores snapshots with a compiled risk model.
///
/// The arithmetic is ``RiskFormula``'s: a team's score is the weighted mean of its factors' signals;
/// the organization's weighs its own factors with the teams' aggregate. A factor whose inputs are
/// not recorded — a fact the snapshot leaves unknown, or a rule left undecided for lack of
/// evidence — has a *range* of signals rather than one: from every unknown going well to every
/// unknown going badly. Its point value is the middle of that range (even odds). Scores carry the
/// point and the interval, each end with its band.
public struct RiskScorer: Sendable {
    /// The model.
    public private(set) var model: CompiledRiskModel
    /// Whether each team factor's explanation is rendered from its template. False leaves those
    /// empty (points, ranges, the phrases for an error or an unknown, and the organization's
    /// explanations are unchanged): for a caller whose report shows no team's factors, as the
    /// streamed text report does. Rendering them was a tenth of scoring.
    public var explainsTeams = true

    /// Creates a scorer.
    public init(_ model: CompiledRiskModel) {
        self.model = model
    }

    /// The same scorer over programs of its own (see ``CompiledRiskModel/withOwnPrograms()``).
    package func withOwnPrograms() -> RiskScorer {
        var copy = self
        copy.model = model.withOwnPrograms()
        return copy
    }

    /// Whether the scorer's own phrases (the teams' aggregate, ranges, errors) are French.
    private var french: Bool { model.language == .fr }

    /// Scores `snapshot`; `findings` are the policy set's findings on it, read by `violated()`
    /// (violations) and by the intervals (rules left undecided for lack of evidence). Teams are
    /// scored on every core from `PolicyEvaluator.parallelTeams` teams; `parallel` overrides that
    /// choice (tests compare both).
    public func score(_ snapshot: Snapshot, findings: [Finding], parallel: Bool? = nil) -> RiskReport {
        score(prepare(snapshot), findings: findings, parallel: parallel)
    }

    /// What scoring a snapshot needs before its findings: the model's variables that read no team
    /// (each sweeps the whole snapshot, half a second of one core at 50,000 teams). They do not
    /// depend on the findings, so a caller can compute them while the rules run.
    public struct Prepared: Sendable {
        let snapshot: Snapshot
        let root: Value
        let organization: Value
        let hoisted: [Value]
    }

    /// The snapshot's variables that read no team, computed (and indexed) once for all teams.
    public func prepare(_ snapshot: Snapshot) -> Prepared {
        let root = SnapshotValues.root(snapshot)
        let organization = root.mapValue?.value(forField: "organization") ?? .null
        let base = PolicyEvaluator.context(snapshot)
        var hoisted = model.layout.values(root: root, organization: organization)
        for (offset, variable) in model.variables.enumerated() where variable.isHoisted {
            hoisted[model.layout.variable(offset)] = IndexedList.indexing(variable.evaluate(hoisted, base))
        }
        return Prepared(snapshot: snapshot, root: root, organization: organization, hoisted: hoisted)
    }

    /// Scores a prepared snapshot with its findings (see ``score(_:findings:parallel:)``).
    public func score(_ prepared: Prepared, findings: [Finding], parallel: Bool? = nil) -> RiskReport {
        let (snapshot, root, organization, hoisted) = (prepared.snapshot, prepared.root, prepared.organization, prepared.hoisted)
        let base = PolicyEvaluator.context(snapshot)
        // Rule ids only: a copy of the findings themselves would be most of the memory of a large
        // check at this point.
        // By index: a lazy filter over the findings copied each one to test its kind.
        let violated = findings.indices.lazy.filter { findings[$0].kind == .violation }.map { findings[$0].ruleID }
        let undecided = findings.indices.lazy.filter { findings[$0].kind == .insufficientEvidence }.map { findings[$0].ruleID }
        var teamScores: [RiskScore] = []
        if case .list(let teams) = model.teams.evaluate([root, organization], base) {
            let violatedByTeam = Self.byTeam(findings, .violation)
            let undecidedByTeam = Self.byTeam(findings, .insufficientEvidence)
            let template = hoisted
            let parallel = parallel ?? (teams.count >= PolicyEvaluator.parallelTeams)
            // Teams are scored in runs, each with one copy of the values and context that every
            // team of the run overwrites in place: a copy per team counted a reference on each
            // hoisted value, values that all cores share, and the cores took turns owning their
            // counters (a third of scoring was retain and release).
            let runs = parallel ? min(teams.count, ProcessInfo.processInfo.activeProcessorCount * 8) : 1
            teamScores = concurrentMap(count: runs, parallel: parallel) { run in
                var scratch = TeamScratch(values: parallel ? template.map(SnapshotValues.ownCopy) : template, context: base, language: model.language.rawValue)
                // On several cores, each run scores through programs and values of its own: the cores
                // evaluate the same variables and factors at once, and counting references on
                // the same steps made them take turns owning those objects.
                let variables = parallel ? model.variables.map { $0.withOwnProgram() } : model.variables
                let factors = parallel ? model.teamFactors.map { $0.withOwnProgram() } : model.teamFactors
                return variables.withUnsafeBufferPointer { variables in
                    factors.withUnsafeBufferPointer { factors in
                        partRange(run, of: runs, count: teams.count).map { index in
                            // On several cores, each team is read through a tree object of its
                            // own (see `YAMLNode.onOwnTree()`).
                            self.scoreTeam(
                                parallel ? SnapshotValues.onOwnTree(teams[index]) : teams[index], index: index, scratch: &scratch, variables: variables, factors: factors,
                                violated: violatedByTeam, undecided: undecidedByTeam, snapshot: snapshot)
                        }
                    }
                }
            }
            .flatMap { $0 }
        }

        var context = base
        context.attributes["violated"] = Self.idList(violated)
        context.attributes["undecided"] = Self.idList(undecided)
        context.attributes["language"] = .string(model.language.rawValue)
        var storage = FrameStorage()
        var contributions = model.organizationFactors.withUnsafeBufferPointer { factors in
            factors.indices.map { contribution(factors.baseAddress! + $0, [root, organization], context, &storage) }
        }
        var total = model.organizationFactors.reduce(0) { $0 + $1.weight }
        let weights = model.organizationFactors.map(\.weight)
        if model.teamWeight > 0, let aggregate = RiskFormula.teamAggregate(teamScores.map(\.score)), let worst = teamScores.max(by: { $0.score < $1.score }) {
            let mean = teamScores.reduce(0) { $0 + $1.score } / Double(teamScores.count)
            let low = RiskFormula.teamAggregate(teamScores.map(\.low)) ?? aggregate
            let high = RiskFormula.teamAggregate(teamScores.map(\.high)) ?? aggregate
            contributions.append(
                RiskScore.Contribution(
                    factorID: "teams", title: french ? "Risque dans les équipes" : "Risk in the teams", signal: aggregate, low: low, high: high, weight: model.teamWeight,
                    points: 0,
                    explanation: french
                        ? "\(teamScores.count) équipe(s) évaluée(s) : moyenne \(Self.format(mean)), maximum \(Self.format(worst.score)) (\(worst.subject.id)); les équipes comptent pour la moyenne des deux."
                        : "\(teamScores.count) team(s) scored: mean \(Self.format(mean)), highest \(Self.format(worst.score)) (\(worst.subject.id)); the teams count for the average of the two.",
                    remediation: french ? "Réduire d'abord le risque des équipes les plus à risque." : "Lower the highest-scoring teams' risk first.", references: [],
                    error: nil))
            total += model.teamWeight
        }
        let own = contributions.filter { $0.factorID != "teams" }
        func organizationScore(_ signals: [Double], _ teams: [Double]) -> Double {
            Self.rounded(RiskFormula.organization(signals: signals, weights: weights, teamScores: teams, teamWeight: model.teamWeight))
        }
        let score = organizationScore(own.map(\.signal), teamScores.map(\.score))
        let low = organizationScore(own.map(\.low), teamScores.map(\.low))
        let high = organizationScore(own.map(\.high), teamScores.map(\.high))
        let name = organization.mapValue?.value(forField: "name")?.stringValue
        let organizationScore = RiskScore(
            subject: Finding.Subject(kind: "Organization", id: name.map(MessageTemplate.clippedID) ?? "organization", name: name.map(MessageTemplate.clipped)),
            location: location(organization, snapshot), score: score, band: model.bands.band(score),
            low: low, high: high, lowBand: model.bands.band(low), highBand: model.bands.band(high),
            contributions: Self.points(contributions, total: total))
        return RiskReport(snapshot: snapshot.name, path: snapshot.path, organization: organizationScore, teams: teamScores)
    }

    private static func byTeam(_ findings: [Finding], _ kind: Finding.Kind) -> [String: [String]] {
        var byTeam: [String: [String]] = [:]
        // By index, reading each finding in place (iterating copied every finding).
        for index in findings.indices where findings[index].kind == kind && findings[index].subject.kind == "Team" {
            byTeam[findings[index].subject.id, default: []].append(findings[index].ruleID)
        }
        return byTeam
    }

    /// Indexed only when long (see `IndexedList.indexing`): a team's rules are usually none or a
    /// handful, and a hash index made for every team cost more than the scans it spares (5,000
    /// instructions a list).
    private static func idList(_ ids: some Sequence<String>) -> Value {
        IndexedList.indexing(.list(Set(ids).sorted().map(Value.string)))
    }

    /// What the teams of one run share and overwrite: the values (the hoisted ones, then each
    /// team's own), the context (each team's `violated` and `undecided`) and the frame arrays
    /// (see `FrameStorage`).
    private struct TeamScratch {
        var values: [Value]
        var context: EvaluationContext
        var storage = FrameStorage()

        init(values: [Value], context: EvaluationContext, language: String) {
            self.values = values
            self.context = context
            self.context.attributes["language"] = .string(language)
        }
    }

    /// Scores one team. The model's variables and factors are read in place, not copied: a
    /// factor is a dozen references.
    private func scoreTeam(
        _ team: Value, index: Int, scratch: inout TeamScratch, variables: UnsafeBufferPointer<CompiledRule.Bound>, factors: UnsafeBufferPointer<CompiledFactor>,
        violated: [String: [String]], undecided: [String: [String]], snapshot: Snapshot
    ) -> RiskScore {
        scratch.values[model.layout.subject!] = team
        // Findings name subjects by clipped id (long ids are clipped with a hash): look them up so.
        let id = MessageTemplate.clippedID(team.mapValue?.value(forField: "id")?.stringValue ?? "#\(index)")
        scratch.context.attributes["violated"] = Self.idList(violated[id] ?? [])
        scratch.context.attributes["undecided"] = Self.idList(undecided[id] ?? [])
        // Every variable that reads the team is computed again, in order, before any is read.
        // Through the buffers' base pointers, and each factor passed as one (see
        // `contribution`): a buffer's subscript returns a copy of the element, and a factor is a
        // dozen references, counted up and down on every team (a tenth of scoring, in `perf`).
        // A non-empty range of indices means a base address.
        for offset in variables.indices where !variables.baseAddress![offset].isHoisted {
            scratch.values[model.layout.variable(offset)] = variables.baseAddress![offset].evaluate(scratch.values, scratch.context, &scratch.storage)
        }
        let contributions = factors.indices.map {
            contribution(factors.baseAddress! + $0, scratch.values, scratch.context, &scratch.storage, explained: explainsTeams)
        }
        let total = factors.indices.reduce(0) { $0 + factors.baseAddress![$1].weight }
        let weights = contributions.map(\.weight)
        let score = Self.rounded(RiskFormula.weighted(signals: contributions.map(\.signal), weights: weights))
        let low = Self.rounded(RiskFormula.weighted(signals: contributions.map(\.low), weights: weights))
        let high = Self.rounded(RiskFormula.weighted(signals: contributions.map(\.high), weights: weights))
        let name = team.mapValue?.value(forField: "name")?.stringValue
        return RiskScore(
            subject: Finding.Subject(kind: "Team", id: id, name: name.map(MessageTemplate.clipped)),
            location: location(team, snapshot), score: score, band: model.bands.band(score),
            low: low, high: high, lowBand: model.bands.band(low), highBand: model.bands.band(high),
            contributions: Self.points(contributions, total: total))
    }

    /// A signal as evaluated: a number, unknown (an unrecorded input), or a real error.
    private enum Reading {
        case value(Double)
        case unknown(String)
        case failed(String)

        init(_ raw: Value) {
            switch raw {
            case .bool(let b): self = .value(b ? 1 : 0)
            case .int(let i): self = .value(Double(i))
            case .uint(let u): self = .value(Double(u))
            case .double(let d): self = .value(d.isNaN ? 1 : min(1, max(0, d)))
            case .error(let e): self = e.unrecorded.map(Reading.unknown) ?? .failed(e.message)
            default: self = .failed("signal is \(raw.celType), not a number or bool")
            }
        }
    }

    /// `factor` is read in place: passed by value beside the frame storage (`inout`), a factor
    /// was copied first, a dozen references counted on every team (see `scoreTeam`).
    private func contribution(
        _ factor: UnsafePointer<CompiledFactor>, _ values: [Value], _ context: EvaluationContext, _ storage: inout FrameStorage, explained: Bool = true
    ) -> RiskScore.Contribution {
        var error: String?
        var signal: Double
        var low: Double
        var high: Double
        var unknown: String?
        switch Reading(factor.pointee.signal.evaluate(values, context, &storage)) {
        case .value(let v):
            (signal, low, high) = (v, v, v)
        case .failed(let message):
            error = message
            (signal, low, high) = (1, 1, 1)
        case .unknown(let fact):
            // Bound the factor: undecided rules all fine, then all violated; unrecorded data
            // leaves that end at 0 or 1. Signals are assumed non-decreasing in violated().
            unknown = fact
            func end(_ assume: String, unrecorded: Double) -> Double {
                var bounded = context
                bounded.attributes["assume"] = .string(assume)
                switch Reading(factor.pointee.signal.evaluate(values, bounded)) {
                case .value(let v): return v
                case .unknown: return unrecorded
                case .failed: return 1
                }
            }
            low = end("good", unrecorded: 0)
            high = max(low, end("bad", unrecorded: 1))
            signal = (low + high) / 2
        }
        // Factors that add no points are not shown, so their explanations are not rendered.
        let explanation: String
        if let error {
            explanation = french ? "n'a pu être évalué (\(error)); compté comme risque maximal" : "could not be evaluated (\(error)); counted as full risk"
        } else if let unknown {
            explanation =
                french
                ? "inconnu : il manque \(unknown); compté au milieu de son intervalle"
                : "unknown until \(unknown) is recorded; counted at the middle of its range"
        } else {
            explanation = explained && signal * factor.pointee.weight > 0 ? factor.pointee.explanation.render(values, context: context, storage: &storage) : ""
        }
        return RiskScore.Contribution(
            factorID: factor.pointee.id, title: factor.pointee.title, signal: signal, low: low, high: high, weight: factor.pointee.weight, points: 0,
            explanation: explanation, remediation: factor.pointee.remediation, references: factor.pointee.references, error: error, unknown: unknown)
    }

    /// Fills in points and orders contributions largest first (ties by id, for stable output).
    ///
    /// Points are given in place and the order sorted in place: a contribution is a dozen
    /// references, and mapping, filtering and sorting into new arrays counted each of them three
    /// times over for every team. The one copy left, of the factors shown, is kept on purpose:
    /// the scores of every team are kept until the report, and an array filtered in place keeps
    /// room for every factor (68 MB more peak memory at 50,000 teams).
    private static func points(_ contributions: consuming [RiskScore.Contribution], total: Double) -> [RiskScore.Contribution] {
        var all = contributions
        for index in all.indices {
            all[index].points = total > 0 ? all[index].signal * all[index].weight / total * 100 : 0
            all[index].lowPoints = total > 0 ? all[index].low * all[index].weight / total * 100 : 0
            all[index].highPoints = total > 0 ? all[index].high * all[index].weight / total * 100 : 0
        }
        // Sized exactly: an array grown by appending keeps up to twice the room it needs (9 MB
        // more at 50,000 teams).
        let isShown = { (c: RiskScore.Contribution) in c.highPoints > 0 || c.error != nil }
        var shown: [RiskScore.Contribution] = []
        shown.reserveCapacity(all.reduce(0) { $0 + (isShown($1) ? 1 : 0) })
        for index in all.indices where isShown(all[index]) { shown.append(all[index]) }
        shown.sort { ($0.points, $1.factorID) > ($1.points, $0.factorID) }
        return shown
    }

    private func location(_ value: Value, _ snapshot: Snapshot) -> SourceLocation {
        let origin = value.origin ?? ValueOrigin(line: 1, column: 1)
        return SourceLocation(file: snapshot.path, line: Int(origin.line), column: Int(origin.column))
    }

    /// Rounds to one decimal so reports are stable across platforms' float printing.
    static func rounded(_ score: Double) -> Double {
        (score * 10).rounded() / 10
    }

    /// One decimal, as `String(format: "%.1f")` writes it.
    ///
    /// A score is already rounded to one decimal: the double nearest some k / 10, which `%.1f`
    /// writes as k / 10 (the double is within far less than 0.05 of it). Such a value is written
    /// from k directly; Foundation's formatting took about 3,500 instructions a call, and a large
    /// report writes three for each team, on one core. Any other value goes to Foundation.
    public static func format(_ value: Double) -> String {
        let k = (value * 10).rounded()
        guard value.isFinite, abs(k) < 1e15, k / 10 == value else { return String(format: "%.1f", value) }
        let tenths = Int(abs(k))
        return (value.sign == .minus ? "-" : "") + "\(tenths / 10).\(tenths % 10)"
    }
}
