import Diagnostics
import Evaluation
import PolicyCompiler

/// A tokenism-risk score with its explanation.
public struct RiskScore: Sendable, Hashable {
    /// One factor's share of the score.
    public struct Contribution: Sendable, Hashable {
        /// The factor's id (`teams` for the teams' aggregate in an organization score).
        public var factorID: String
        /// The factor's title.
        public var title: String
        /// The signal, 0 to 1 (for an unknown factor, the middle of its range).
        public var signal: Double
        /// The signal if every unknown input goes well.
        public var low: Double
        /// The signal if every unknown input goes badly.
        public var high: Double
        /// The factor's weight.
        public var weight: Double
        /// Points it adds to the 0–100 score.
        public var points: Double
        /// Points at the low end of its range.
        public var lowPoints: Double = 0
        /// Points at the high end of its range.
        public var highPoints: Double = 0
        /// The rendered explanation.
        public var explanation: String
        /// What lowers it.
        public var remediation: String
        /// Sources.
        public var references: [String]
        /// Set when the signal could not be evaluated (it then counts as full risk).
        public var error: String?
        /// Set when an input is not recorded: what is missing (the factor then has a range).
        public var unknown: String? = nil

        /// Whether the factor's value is known.
        public var isKnown: Bool { low == high }
    }

    /// What is scored: a team, or the organization.
    public var subject: Finding.Subject
    /// Where the subject is written in the snapshot.
    public var location: SourceLocation
    /// 0 (no risk) to 100.
    public var score: Double
    /// The band of the score.
    public var band: RiskBand
    /// The score if every unknown input goes well.
    public var low: Double
    /// The score if every unknown input goes badly.
    public var high: Double
    /// The band of ``low``.
    public var lowBand: RiskBand
    /// The band of ``high``.
    public var highBand: RiskBand
    /// Contributing factors, largest first; factors with no points are left out.
    public var contributions: [Contribution]

    /// The largest factor of the subject's own, which every report names: for the organization,
    /// its own largest factor rather than the teams' aggregate (shown apart).
    public var largestFactor: Contribution? {
        contributions.first { $0.factorID != "teams" } ?? contributions.first
    }

    /// Factors whose value is unknown.
    public var unknownFactors: Int { contributions.filter { !$0.isKnown }.count }

    /// "24.0 low", or "24.0 low, 16.0–42.0 (low–moderate) if the 3 unknown factors go either way".
    public var summary: String {
        let point = "\(RiskScorer.format(score)) \(band.rawValue)"
        guard low != high else { return point }
        let bands = lowBand == highBand ? lowBand.rawValue : "\(lowBand.rawValue)–\(highBand.rawValue)"
        let n = unknownFactors
        return point + ", \(RiskScorer.format(low))–\(RiskScorer.format(high)) (\(bands)) if the \(n) unknown factor\(n == 1 ? "" : "s") go either way"
    }
}

/// Every score of one snapshot.
public struct RiskReport: Sendable, Hashable {
    /// The snapshot's name.
    public var snapshot: String
    /// The snapshot's file.
    public var path: String
    /// The organization's score.
    public var organization: RiskScore
    /// Each scored team's score, in snapshot order.
    public var teams: [RiskScore]

    /// Every score, organization first.
    public var all: [RiskScore] { [organization] + teams }

    /// Moves every score's position through `place` (a snapshot imported from a spreadsheet
    /// points at cells, not at the YAML made from them).
    public mutating func relocate(_ place: (SourceLocation) -> SourceLocation) {
        organization.location = place(organization.location)
        for index in teams.indices { teams[index].location = place(teams[index].location) }
    }
}
