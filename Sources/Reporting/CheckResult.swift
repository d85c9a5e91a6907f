import Diagnostics
import Evaluation
import PolicyCompiler
import RiskScoring

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

    /// Counts of open findings by severity.
    public func count(_ severity: Severity) -> Int {
        entries.filter { $0.isOpen && $0.finding.severity == severity }.count
    }
}
