import CEL
import Diagnostics
import Evaluation
import Foundation
import PolicyCompiler
import SnapshotModel

/// Scores snapshots with a compiled risk model.
///
/// The arithmetic is ``RiskFormula``'s: a team's score is the weighted mean of its factors' signals;
/// the organization's weighs its own factors with the teams' aggregate.
public struct RiskScorer: Sendable {
    /// The model.
    public let model: CompiledRiskModel

    /// Creates a scorer.
    public init(_ model: CompiledRiskModel) {
        self.model = model
    }

    /// Scores `snapshot`; `findings` are the policy set's findings on it, read by `violated()`.
    public func score(_ snapshot: Snapshot, findings: [Finding]) -> RiskReport {
        let root = SnapshotValues.root(snapshot)
        let organization = root.mapValue?.value(forField: "organization") ?? .null
        let base = PolicyEvaluator.context(snapshot)
        let violations = findings.filter { $0.kind == .violation }

        var hoisted: [Value] = [root, organization, .null]
        for variable in model.variables {
            hoisted.append(variable.isHoisted ? IndexedList.indexing(variable.evaluate(hoisted, base)) : .null)
        }
        var teamScores: [RiskScore] = []
        if case .list(let teams) = model.teams.evaluate([root, organization], base) {
            var byTeam: [String: [String]] = [:]
            for finding in violations where finding.subject.kind == "Team" {
                byTeam[finding.subject.id, default: []].append(finding.ruleID)
            }
            let template = hoisted
            let violatedByTeam = byTeam
            teamScores = concurrentMap(count: teams.count, parallel: teams.count >= 64) { index in
                self.scoreTeam(teams[index], index: index, template: template, byTeam: violatedByTeam, base: base, snapshot: snapshot)
            }
        }

        var context = base
        context.attributes["violated"] = .list(IndexedList(Array(Set(violations.map(\.ruleID))).sorted().map(Value.string)) ?? ArrayList([]))
        var contributions = model.organizationFactors.map { contribution($0, [root, organization], context) }
        var total = model.organizationFactors.reduce(0) { $0 + $1.weight }
        if model.teamWeight > 0, let aggregate = RiskFormula.teamAggregate(teamScores.map(\.score)), let worst = teamScores.max(by: { $0.score < $1.score }) {
            let mean = teamScores.reduce(0) { $0 + $1.score } / Double(teamScores.count)
            contributions.append(RiskScore.Contribution(
                factorID: "teams", title: "Risk in the teams", signal: aggregate, weight: model.teamWeight, points: 0,
                explanation: "\(teamScores.count) team(s) scored: mean \(Self.format(mean)), highest \(Self.format(worst.score)) (\(worst.subject.id)); the teams count for the average of the two.",
                remediation: "Lower the highest-scoring teams' risk first.", references: [], error: nil))
            total += model.teamWeight
        }
        let score = Self.rounded(RiskFormula.organization(
            signals: contributions.filter { $0.factorID != "teams" }.map(\.signal), weights: model.organizationFactors.map(\.weight),
            teamScores: teamScores.map(\.score), teamWeight: model.teamWeight))
        let name = organization.mapValue?.value(forField: "name")?.stringValue
        let organizationScore = RiskScore(
            subject: Finding.Subject(kind: "Organization", id: name ?? "organization", name: name),
            location: location(organization, snapshot), score: score, band: model.bands.band(score),
            contributions: Self.points(contributions, total: total))
        return RiskReport(snapshot: snapshot.name, path: snapshot.path, organization: organizationScore, teams: teamScores)
    }

    private func scoreTeam(_ team: Value, index: Int, template: [Value], byTeam: [String: [String]], base: EvaluationContext, snapshot: Snapshot) -> RiskScore {
        var values = template
        values[2] = team
        let id = team.mapValue?.value(forField: "id")?.stringValue ?? "#\(index)"
        var context = base
        context.attributes["violated"] = .list(IndexedList((byTeam[id] ?? []).map(Value.string)) ?? ArrayList([]))
        for (offset, variable) in model.variables.enumerated() where !variable.isHoisted {
            values[3 + offset] = variable.evaluate(values, context)
        }
        let contributions = model.teamFactors.map { contribution($0, values, context) }
        let total = model.teamFactors.reduce(0) { $0 + $1.weight }
        let score = Self.rounded(RiskFormula.weighted(signals: contributions.map(\.signal), weights: contributions.map(\.weight)))
        let name = team.mapValue?.value(forField: "name")?.stringValue
        return RiskScore(
            subject: Finding.Subject(kind: "Team", id: id, name: name),
            location: location(team, snapshot), score: score, band: model.bands.band(score),
            contributions: Self.points(contributions, total: total))
    }

    private func contribution(_ factor: CompiledFactor, _ values: [Value], _ context: EvaluationContext) -> RiskScore.Contribution {
        let raw = factor.signal.evaluate(values, context)
        var error: String?
        let signal: Double
        switch raw {
        case .bool(let b): signal = b ? 1 : 0
        case .int(let i): signal = Double(i)
        case .uint(let u): signal = Double(u)
        case .double(let d): signal = d.isNaN ? 1 : d
        case .error(let e):
            error = e.message
            signal = 1
        default:
            error = "signal is \(raw.celType), not a number or bool"
            signal = 1
        }
        // Factors that add no points are not shown, so their explanations are not rendered.
        let clamped = min(1, max(0, signal))
        let explanation = error.map { "could not be evaluated (\($0)); counted as full risk" }
            ?? (clamped * factor.weight > 0 ? factor.explanation.render(values, context: context) : "")
        return RiskScore.Contribution(
            factorID: factor.id, title: factor.title, signal: min(1, max(0, signal)), weight: factor.weight, points: 0,
            explanation: explanation, remediation: factor.remediation, references: factor.references, error: error)
    }

    /// Fills in points and orders contributions largest first (ties by id, for stable output).
    private static func points(_ contributions: [RiskScore.Contribution], total: Double) -> [RiskScore.Contribution] {
        contributions.map { c in
            var c = c
            c.points = total > 0 ? c.signal * c.weight / total * 100 : 0
            return c
        }
        .filter { $0.points > 0 || $0.error != nil }
        .sorted { ($0.points, $1.factorID) > ($1.points, $0.factorID) }
    }

    private func location(_ value: Value, _ snapshot: Snapshot) -> SourceLocation {
        let origin = value.origin ?? ValueOrigin(line: 1, column: 1)
        return SourceLocation(file: snapshot.path, line: Int(origin.line), column: Int(origin.column))
    }

    /// Rounds to one decimal so reports are stable across platforms' float printing.
    static func rounded(_ score: Double) -> Double {
        (score * 10).rounded() / 10
    }

    /// One decimal.
    public static func format(_ value: Double) -> String {
        String(format: "%.1f", value)
    }
}

