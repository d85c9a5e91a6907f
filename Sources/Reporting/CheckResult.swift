import Foundation
import Parallel
import Diagnostics
import Evaluation
import PolicyCompiler
import RiskScoring
import SnapshotModel
import YAMLSource

/// How much of one snapshot's checks the recorded facts could decide.
public struct EvidenceReport: Sendable, Hashable {
    /// The snapshot's file.
    public var path: String
    /// The snapshot's name.
    public var snapshot: String
    /// The tallies.
    public var evidence: SnapshotEvidence

    /// Creates a report.
    public init(path: String, snapshot: String, evidence: SnapshotEvidence) {
        self.path = path
        self.snapshot = snapshot
        self.evidence = evidence
    }

    /// "87% (120 of 138 checks decided)".
    public static func describe(_ tally: EvidenceTally, _ words: Vocabulary = .of(.en)) -> String {
        guard let completeness = tally.completeness else { return words.noCheckApplied }
        return words.evidenceDecided(percent(completeness), tally.decided, tally.applicable)
    }

    /// A completeness as a whole percentage, rounded down so 99.9% never reads as complete.
    public static func percent(_ completeness: Double) -> String {
        "\(Int((completeness * 100).rounded(.down)))%"
    }

    /// "organization 20%, discharge 45%": the organization's own rules, then each team's.
    public var breakdown: String { breakdown(.of(.en)) }

    /// The breakdown in `words`' language. With more than `limit` teams, only the `limit` least
    /// complete of those not complete are listed, then how many more there are: a line naming
    /// every team of a large organization is not read (at 1,000 teams it ran to 15,000
    /// characters).
    public func breakdown(_ words: Vocabulary, listing limit: Int = .max) -> String {
        var parts: [String] = []
        if let c = evidence.organization.completeness { parts.append("\(words.organizationLabel) \(Self.percent(c))") }
        guard evidence.teams.count > limit else {
            for id in evidence.teams.keys.sorted() {
                if let c = evidence.teams[id]?.completeness { parts.append("\(id) \(Self.percent(c))") }
            }
            return parts.joined(separator: ", ")
        }
        let incomplete = evidence.teams.compactMap { id, tally in tally.completeness.flatMap { $0 < 1 ? (id: id, completeness: $0) : nil } }
        let listed = incomplete.sorted { ($0.completeness, $0.id) < ($1.completeness, $1.id) }.prefix(limit)
        for team in listed { parts.append("\(team.id) \(Self.percent(team.completeness))") }
        // "Complete" only when every team not listed decided all its checks: a team with no
        // check that applies is not 100%.
        let allComplete = incomplete.count == listed.count && evidence.teams.values.allSatisfy { $0.completeness != nil }
        parts.append(words.otherTeamsEvidence(evidence.teams.count - listed.count, allComplete, !listed.isEmpty))
        return parts.joined(separator: ", ")
    }
}

/// Everything one `tandem check` run found, in the shape every reporter reads.
public struct CheckResult: Sendable {
    /// One input file's outcome.
    public struct FileResult: Sendable, Hashable, Encodable {
        /// The path as given.
        public var path: String
        /// Names of the snapshots it held.
        public var snapshots: [String]
        /// Input errors in it.
        public var errors: Int

        /// Creates a file result.
        public init(path: String, snapshots: [String], errors: Int) {
            self.path = path
            self.snapshots = snapshots
            self.errors = errors
        }
    }

    /// What happens to a finding.
    public enum Status: Sendable, Hashable {
        /// Reported and counted for gating.
        case open
        /// Suppressed by a waiver: reported as such, not counted.
        case waived(Waiver)
        /// Present in the baseline: counted as unchanged, not reported.
        case baseline
    }

    /// A finding with its status.
    public struct Entry: Sendable, Hashable {
        /// The finding.
        public var finding: Finding
        /// Its status.
        public var status: Status
        /// Its stable fingerprint.
        public var fingerprint: String

        /// Whether it counts for gating.
        public var isOpen: Bool { status == .open }
    }

    /// How the run compares with a baseline.
    public struct BaselineSummary: Sendable, Hashable {
        /// The baseline file.
        public var path: String
        /// Findings not in the baseline.
        public var new: Int
        /// Findings also in the baseline (not reported).
        public var unchanged: Int
        /// Baseline findings no longer found.
        public var fixed: Int
    }

    /// The tool's version, written into machine-readable reports.
    public var toolVersion: String
    /// The compiled policy set, when policies were given.
    public var policy: CompiledPolicySet?
    /// The files read.
    public var files: [FileResult] = []
    /// Every finding, sorted for reporting.
    public var entries: [Entry] = []
    /// Every rule × subject checked (kept only when a report lists passes).
    public var outcomes: [RuleOutcome] = []
    /// Risk scores, one report per snapshot.
    public var risk: [RiskReport] = []
    /// Evidence completeness, one per snapshot evaluated.
    public var evidence: [EvidenceReport] = []
    /// Input problems, and notices about waivers and baselines.
    public var diagnostics: [Diagnostic] = []
    /// Set when a baseline was applied.
    public var baseline: BaselineSummary?
    /// The run's date (`--now`, else today), YYYY-MM-DD, for reports a committee files.
    public var runDate: String?
    /// Whether reports meant to leave the organization (SARIF, GitHub, JUnit) may name people;
    /// by default they give a person's snapshot id only (`--include-names` sets it).
    public var includeNames = false
    /// The risk model's band thresholds, when a model scored the snapshots (charts draw them).
    public var riskBands: CompiledRiskModel.Bands?
    /// For each risk factor, the rules its signal reads: what fixing a rule can take off a score.
    public var factorRules: [String: Set<String>] = [:]

    /// Risk points that fixing `rule` could remove from `report`: the points of every factor that
    /// reads the rule, for the organization and the teams (an upper bound: a factor that reads
    /// several rules may need all of them fixed).
    public func riskReduction(fixing rule: String, in report: RiskReport) -> Double {
        report.all.reduce(0) { total, score in
            total + score.contributions.filter { factorRules[$0.factorID]?.contains(rule) == true }.reduce(0) { $0 + $1.points }
        }
    }
    /// Each snapshot's `asOf` date, by file path and snapshot name.
    public private(set) var snapshotDates: [SnapshotKey: String] = [:]
    /// Every waiver of the run with its state, once ``noteWaivers(_:today:)`` has run.
    public private(set) var waiverRegister: [WaiverState] = []

    /// A snapshot's key: its file and name.
    public struct SnapshotKey: Hashable, Sendable {
        /// The file.
        public var path: String
        /// The snapshot's name.
        public var snapshot: String

        /// Creates a key.
        public init(path: String, snapshot: String) {
            self.path = path
            self.snapshot = snapshot
        }
    }

    /// A waiver as a register lists it: still active, expiring within 30 days, expired, or used
    /// by no finding; with how many findings it matched.
    public struct WaiverState: Sendable, Hashable {
        /// Where a waiver stands.
        public enum State: String, Sendable, Hashable {
            case active
            case expiringSoon = "expiring within 30 days"
            case expired
            case unused = "unused"
        }

        /// The waiver.
        public var waiver: Waiver
        /// Its state on the run's date.
        public var state: State
        /// Findings it matched.
        public var matched: Int
    }

    /// The result as the reports that leave the organization show it: unless ``includeNames``,
    /// a person is named by their snapshot id — the name is dropped from the subject and replaced
    /// by the id in the finding's message.
    public func forExport() -> CheckResult {
        guard !includeNames else { return self }
        var copy = self
        copy.entries = entries.map { entry in
            var entry = entry
            entry.finding = Self.redacted(entry.finding)
            return entry
        }
        copy.outcomes = outcomes.map { outcome in
            var outcome = outcome
            if outcome.subject.kind == "Person" { outcome.subject.name = nil }
            return outcome
        }
        return copy
    }

    /// `finding` as ``forExport()`` shows it: for a report that reads findings one at a time,
    /// without a copy of every entry.
    public func exported(_ finding: Finding) -> Finding {
        includeNames ? finding : Self.redacted(finding)
    }

    static func redacted(_ finding: Finding) -> Finding {
        guard finding.subject.kind == "Person", let name = finding.subject.name, !name.isEmpty else { return finding }
        var finding = finding
        finding.message = UTF8Search.replacingAll(in: finding.message, name, with: finding.subject.id)
        finding.subject.name = nil
        return finding
    }

    /// Records a snapshot's `asOf` (epoch seconds).
    public mutating func record(asOf: Double, path: String, snapshot: String) {
        snapshotDates[SnapshotKey(path: path, snapshot: snapshot)] = ISODate.format(asOf)
    }

    /// Counts of the findings added, kept even when the findings are released (a streamed report
    /// writes each file's findings and lets them go).
    public private(set) var tally = Tally()
    private var waiverUsage: WaiverUsage?
    private var expectedBaseline: (path: String, known: Set<String>, seen: Set<String>, unchanged: Int)?

    /// Open findings by kind and severity, waived and baselined ones: what the summary line and
    /// the exit code need, without the findings.
    public struct Tally: Sendable, Hashable {
        /// Open violations and evaluation errors, by severity.
        public var gating: [Severity: Int] = [:]
        /// Open insufficient-evidence findings.
        public var undecided = 0
        /// Waived findings.
        public var waived = 0
        /// Findings already in the baseline.
        public var baselined = 0

        /// All open violations and evaluation errors.
        public var gatingTotal: Int { gating.values.reduce(0, +) }

        mutating func count(_ entry: Entry, _ sign: Int = 1) {
            count(entry.status, entry.finding.kind, entry.finding.severity, sign)
        }

        /// Counts an entry by its parts, read in place (an entry passed whole was copied).
        mutating func count(_ status: Status, _ kind: Finding.Kind, _ severity: Severity, _ sign: Int = 1) {
            switch status {
            case .waived: waived += sign
            case .baseline: baselined += sign
            case .open:
                if kind == .insufficientEvidence { undecided += sign } else { gating[severity, default: 0] += sign }
            }
        }
    }

    /// Creates an empty result.
    public init(toolVersion: String, policy: CompiledPolicySet?) {
        self.toolVersion = toolVersion
        self.policy = policy
    }

    /// False when an input could not be read or validated: the report covers only part of the input.
    public var isComplete: Bool { !diagnostics.containsErrors }

    /// Findings that count.
    public var open: [Entry] { entries.filter(\.isOpen) }

    /// Open findings that can fail a run: violations and evaluation errors, never insufficient
    /// evidence.
    public var gating: [Entry] { entries.filter { $0.isOpen && $0.finding.kind != .insufficientEvidence } }

    /// Open insufficient-evidence findings: checks a committee still has to record facts for.
    public var undecided: [Entry] { entries.filter { $0.isOpen && $0.finding.kind == .insufficientEvidence } }

    /// Findings reported (open and waived; baseline ones are left out).
    public var reported: [Entry] { entries.filter { $0.status != .baseline } }

    /// Adds findings with their statuses: waived by `waivers` on `today`, or known to a baseline
    /// given to ``expect(_:path:)``.
    public mutating func add(_ findings: [Finding], waivers: WaiverSet?, today: Double) {
        if let waivers {
            if waiverUsage == nil { waiverUsage = WaiverUsage(waivers) }
            waiverUsage?.count(findings, today: today)
        }
        // Each entry — the finding's copy, its fingerprint (a hash of its identity) and its
        // waiver — is made on every core for a large snapshot's findings, in place in the array
        // that keeps them: made on one core while the others waited, they were a thirtieth of a
        // large check.
        var added = concurrentArray(count: findings.count, parallel: findings.count >= 4096) { index in
            let finding = findings[index]
            let waiver = waivers.flatMap { set in set.waiver(for: finding, today: today).map { set.waivers[$0] } }
            return Entry(finding: finding, status: waiver.map(Status.waived) ?? .open, fingerprint: finding.fingerprint)
        }
        for index in added.indices {
            if var expected = expectedBaseline, let matched = Self.match(added[index].finding, added[index].fingerprint, expected.known) {
                expected.seen.insert(matched)
                expected.unchanged += 1
                expectedBaseline = expected
                if added[index].status == .open { added[index].status = .baseline }
            }
            tally.count(added[index].status, added[index].finding.kind, added[index].finding.severity)
        }
        if entries.isEmpty { entries = added } else { entries += added }
    }

    /// Reports expired and unused waivers once every finding is in (counted as they were added,
    /// so released findings still count).
    public mutating func noteWaivers(_ waivers: WaiverSet, today: Double) {
        let usage = waiverUsage ?? WaiverUsage(waivers)
        diagnostics += usage.notices(today: today)
        waiverRegister = waivers.waivers.enumerated().map { index, waiver in
            let endOfExpiry = waiver.expires + 86_399
            let state: WaiverState.State =
                today > endOfExpiry
                ? .expired
                : !usage.isUsed(index)
                    ? .unused
                    : endOfExpiry - today < 30 * 86_400 ? .expiringSoon : .active
            return WaiverState(waiver: waiver, state: state, matched: usage.matched(index))
        }
    }

    /// Applies `baseline` to every finding added from now on: a finding it knows is not new.
    /// ``finishBaseline()`` then counts new, unchanged and fixed ones.
    public mutating func expect(_ baseline: Baseline, path: String) {
        expectedBaseline = (path, Set(baseline.fingerprints), [], 0)
        noteVersion(of: baseline, path: path)
    }

    /// The baseline fingerprint `finding` matches: its identity, or (for baselines and reports
    /// written before identities) its older fingerprint by snapshot name.
    static func match(_ finding: Finding, _ identity: String, _ known: Set<String>) -> String? {
        if known.contains(identity) { return identity }
        let legacy = finding.legacyFingerprint
        return known.contains(legacy) ? legacy : nil
    }

    private mutating func noteVersion(of baseline: Baseline, path: String) {
        guard baseline.version < 2 else { return }
        diagnostics.append(
            Diagnostic(
                InputDiagnostics.oldBaseline,
                message: "baseline \(path) identifies findings by snapshot name (version 1); it applies, but a snapshot under a new name will not match",
                notes: ["write a new one with --write-baseline"]))
    }

    /// The baseline summary once every finding is in.
    public mutating func finishBaseline() {
        guard let expected = expectedBaseline else { return }
        baseline = BaselineSummary(
            path: expected.path, new: tally.gatingTotal + tally.undecided, unchanged: expected.unchanged,
            fixed: expected.known.subtracting(expected.seen).count)
    }

    /// Lets go of the findings, outcomes, risk and evidence added so far, keeping the files,
    /// diagnostics and tally: for a report written file by file.
    public mutating func releaseDetails() {
        entries.removeAll()
        outcomes.removeAll()
        risk.removeAll()
        evidence.removeAll()
    }

    /// Marks findings present in `baseline` and counts the fixed ones.
    public mutating func apply(_ baseline: Baseline, path: String) {
        let known = Set(baseline.fingerprints)
        noteVersion(of: baseline, path: path)
        var seen = Set<String>()
        var unchanged = 0
        for index in entries.indices {
            guard let matched = Self.match(entries[index].finding, entries[index].fingerprint, known) else { continue }
            seen.insert(matched)
            if entries[index].status == .open {
                tally.count(entries[index], -1)
                entries[index].status = .baseline
                tally.count(entries[index])
            }
            unchanged += 1
        }
        self.baseline = BaselineSummary(path: path, new: entries.filter(\.isOpen).count, unchanged: unchanged, fixed: known.subtracting(seen).count)
    }

    /// Counts of open violations and evaluation errors by severity (insufficient evidence is
    /// counted apart, by ``undecided``).
    public func count(_ severity: Severity) -> Int {
        tally.gating[severity] ?? 0
    }
}
