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
        /// The signal, 0 to 1.
        public var signal: Double
        /// The factor's weight.
        public var weight: Double
        /// Points it adds to the 0–100 score.
        public var points: Double
        /// The rendered explanation.
        public var explanation: String
        /// What lowers it.
        public var remediation: String
        /// Sources.
        public var references: [String]
        /// Set when the signal could not be evaluated (it then counts as full risk).
        public var error: String?
    }

    /// What is scored: a team, or the organization.
    public var subject: Finding.Subject
    /// Where the subject is written in the snapshot.
    public var location: SourceLocation
    /// 0 (no risk) to 100.
    public var score: Double
    /// The band of the score.
    public var band: RiskBand
    /// Contributing factors, largest first; factors with no points are left out.
    public var contributions: [Contribution]
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
}
