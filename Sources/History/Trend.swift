import Checking
import Diagnostics
import Evaluation
import Foundation
import PolicyCompiler
import Reporting
import SnapshotModel

/// One organization over time: its risk at each recorded `asOf`, and between consecutive
/// snapshots the findings opened, resolved and still open (with how long), the waivers that
/// expired in between, and where the policy changed.
public struct Trend: Sendable {
    /// A finding as the history keeps it.
    public struct FindingRef: Sendable, Hashable {
        public var identity: String
        public var rule: String
        public var severity: String
        public var kind: String
        public var status: String
        public var subjectKind: String
        public var subjectID: String
        public var title: String
    }

    /// A risk score at one `asOf`.
    public struct ScorePoint: Sendable, Hashable {
        public var subjectKind: String
        public var subjectID: String
        public var subjectName: String?
        public var score: Double
        public var band: String
        public var low: Double
        public var high: Double
    }

    /// A waiver in force at one `asOf`.
    public struct WaiverRef: Sendable, Hashable {
        public var rule: String
        public var subject: String
        public var owner: String
        public var expires: String
    }

    /// One recorded snapshot.
    public struct Snapshot: Sendable {
        public var asOf: String
        public var name: String
        public var policy: String
        public var policyHash: String
        public var findings: [FindingRef]
        public var scores: [ScorePoint]
        public var waivers: [WaiverRef]

        /// Problems present: violations and evaluation errors, open or waived (a waived problem
        /// is still there), not checks undecided for lack of evidence.
        var problems: [String: FindingRef] {
            Dictionary(
                findings.filter { $0.kind != Finding.Kind.insufficientEvidence.rawValue && $0.status != "baseline" }.map { ($0.identity, $0) },
                uniquingKeysWith: { first, _ in first })
        }

        /// The organization's score.
        public var organizationScore: ScorePoint? { scores.first { $0.subjectKind == "Organization" } }
    }

    /// A finding present in both snapshots of a step, open since `since`.
    public struct OpenFinding: Sendable, Hashable {
        public var finding: FindingRef
        /// The earliest `asOf` of the run of snapshots it has been in without a break.
        public var since: String
        /// Days from `since` to the later snapshot's `asOf`.
        public var days: Int
    }

    /// What changed from one snapshot to the next.
    public struct Step: Sendable {
        public var from: String
        public var to: String
        /// The policy differs (another version, or other parameters): some changes may be the
        /// policy's, not the organization's.
        public var policyChanged: Bool
        public var fromPolicy: String
        public var toPolicy: String
        public var opened: [FindingRef]
        public var resolved: [FindingRef]
        public var stillOpen: [OpenFinding]
        /// Waivers in force at `from` that expired after it and by `to`.
        public var waiversExpired: [WaiverRef]
    }

    public var organization: String
    public var snapshots: [Snapshot]
    public var steps: [Step]

    /// The trend of `snapshots` (oldest first).
    public init(organization: String, snapshots: [Snapshot]) {
        self.organization = organization
        self.snapshots = snapshots
        var steps: [Step] = []
        var since: [String: String] = [:]
        for finding in snapshots.first?.problems.keys ?? [:].keys { since[finding] = snapshots[0].asOf }
        for index in snapshots.indices.dropFirst() {
            let from = snapshots[index - 1], to = snapshots[index]
            let before = from.problems, after = to.problems
            let order: (FindingRef, FindingRef) -> Bool = { ($0.rule, $0.subjectKind, $0.subjectID) < ($1.rule, $1.subjectKind, $1.subjectID) }
            let opened = after.filter { before[$0.key] == nil }.map(\.value).sorted(by: order)
            let resolved = before.filter { after[$0.key] == nil }.map(\.value).sorted(by: order)
            var still: [OpenFinding] = []
            var nextSince: [String: String] = [:]
            for (identity, finding) in after {
                let start = before[identity] != nil ? (since[identity] ?? from.asOf) : to.asOf
                nextSince[identity] = start
                if before[identity] != nil { still.append(OpenFinding(finding: finding, since: start, days: Self.days(from: start, to: to.asOf))) }
            }
            since = nextSince
            let expired = from.waivers.filter { $0.expires >= from.asOf && $0.expires < to.asOf }
            steps.append(
                Step(
                    from: from.asOf, to: to.asOf, policyChanged: from.policyHash != to.policyHash, fromPolicy: from.policy, toPolicy: to.policy,
                    opened: opened, resolved: resolved, stillOpen: still.sorted { order($0.finding, $1.finding) }, waiversExpired: expired))
        }
        self.steps = steps
    }

    static func days(from: String, to: String) -> Int {
        guard let a = ISODate.parse(from), let b = ISODate.parse(to) else { return 0 }
        return Int(((b - a) / 86_400).rounded())
    }
}

extension HistoryStore {
    /// The trend of one organization; an organization never recorded is HIST004 with suggestions.
    public func trend(organization: String) throws(HistoryError) -> Trend {
        let snapshots = try load(organization: organization)
        guard !snapshots.isEmpty else {
            throw HistoryError(
                kind: HistoryDiagnostics.unknownOrganization, message: "no snapshot of '\(organization)' is recorded in \(path)",
                fr: "aucun instantané de « \(organization) » n'est consigné dans \(path)",
                notes: Suggestion.note(for: organization, in: try organizations()))
        }
        return Trend(organization: organization, snapshots: snapshots)
    }
}

extension SnapshotRecord {
    /// The record of one checked snapshot: its findings (with their statuses in `entries`), risk
    /// scores and factors, and the waivers of the run.
    public init(
        _ snapshot: CheckPipeline.SnapshotCheck, file: String, entries: [CheckResult.Entry], policy: CompiledPolicySet,
        waivers: WaiverSet?, toolVersion: String
    ) {
        let findings = entries.map { entry -> FindingRow in
            let f = entry.finding
            let status: String
            switch entry.status {
            case .open: status = "open"
            case .waived: status = "waived"
            case .baseline: status = "baseline"
            }
            return FindingRow(
                identity: entry.fingerprint, rule: f.ruleID, severity: f.severity.rawValue, kind: f.kind.rawValue, status: status,
                subjectKind: f.subject.kind, subjectID: f.subject.id, subjectName: f.subject.name, title: f.title, message: f.message)
        }
        let scores =
            snapshot.risk?.all.map { score in
                ScoreRow(
                    subjectKind: score.subject.kind, subjectID: score.subject.id, subjectName: score.subject.name, score: score.score, band: score.band.rawValue,
                    low: score.low, high: score.high,
                    factors: Dictionary(score.contributions.map { ($0.factorID, $0.points) }, uniquingKeysWith: { first, _ in first }))
            } ?? []
        self.init(
            organization: snapshot.organization, asOf: ISODate.format(snapshot.asOf), snapshot: snapshot.name, file: file,
            policyName: policy.name, policyVersion: policy.version, policyHash: PolicyHash.of(policy), toolVersion: toolVersion,
            findings: findings, scores: scores,
            waivers: waivers?.waivers.map { WaiverRow(rule: $0.rule, subject: $0.subject, owner: $0.owner, reason: $0.reason, expires: $0.expiryDate) } ?? [])
    }
}

/// A policy as applied, hashed: name, version, every rule (id, severity, expressions) and every
/// parameter's value, so a changed threshold is a changed policy even under the same version.
public enum PolicyHash {
    public static func of(_ policy: CompiledPolicySet) -> String {
        var text = "\(policy.name)|\(policy.version ?? "")"
        for rule in policy.rules.sorted(by: { $0.id < $1.id }) {
            text += "|\(rule.id):\(rule.severity.rawValue):\(rule.forEach?.text ?? ""):\(rule.when?.text ?? ""):\(rule.assertion.text)"
        }
        for parameter in policy.parameters.sorted(by: { $0.name < $1.name }) {
            text += "|\(parameter.name)=\(parameter.displayValue)"
        }
        var hash = FNV1a()
        hash.add(text)
        return hash.hex
    }
}
