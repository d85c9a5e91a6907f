import Diagnostics
import Evaluation
import PolicyCompiler
import RiskScoring

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
    public static func describe(_ tally: EvidenceTally) -> String {
        guard let completeness = tally.completeness else { return "no check applied" }
        return "\(percent(completeness)) (\(tally.decided) of \(tally.applicable) checks decided)"
    }

    /// A completeness as a whole percentage, rounded down so 99.9% never reads as complete.
    public static func percent(_ completeness: Double) -> String {
        "\(Int((completeness * 100).rounded(.down)))%"
    }

    /// "organization 20%, discharge 45%": the organization's own rules, then each team's.
    public var breakdown: String {
        var parts: [String] = []
        if let c = evidence.organization.completeness { parts.append("organization \(Self.percent(c))") }
        for id in evidence.teams.keys.sorted() {
            if let c = evidence.teams[id]?.completeness { parts.append("\(id) \(Self.percent(c))") }
        }
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

    /// Adds findings with their statuses.
    public mutating func add(_ findings: [Finding], waivers: WaiverSet?, today: Double) {
        for finding in findings {
            let waiver = waivers.flatMap { set in set.waiver(for: finding, today: today).map { set.waivers[$0] } }
            entries.append(Entry(finding: finding, status: waiver.map(Status.waived) ?? .open, fingerprint: finding.fingerprint))
        }
    }

    /// Reports expired and unused waivers once every finding is in.
    public mutating func noteWaivers(_ waivers: WaiverSet, today: Double) {
        diagnostics += waivers.notices(for: entries.map(\.finding), today: today)
    }

    /// Marks findings present in `baseline` and counts the fixed ones.
    public mutating func apply(_ baseline: Baseline, path: String) {
        let known = Set(baseline.fingerprints)
        var seen = Set<String>()
        var unchanged = 0
        for index in entries.indices where known.contains(entries[index].fingerprint) {
            seen.insert(entries[index].fingerprint)
            if entries[index].status == .open {
                entries[index].status = .baseline
            }
            unchanged += 1
        }
        self.baseline = BaselineSummary(path: path, new: entries.filter(\.isOpen).count, unchanged: unchanged, fixed: known.subtracting(seen).count)
    }

    /// Counts of open violations and evaluation errors by severity (insufficient evidence is
    /// counted apart, by ``undecided``).
    public func count(_ severity: Severity) -> Int {
        gating.filter { $0.finding.severity == severity }.count
    }
}
