import CEL
import Diagnostics

/// A compiled risk model: factors with their signal expressions, ready to score snapshots.
public struct CompiledRiskModel: Sendable {
    /// Name and version.
    public let name: String
    /// Version.
    public let version: String?
    /// Weight of the teams' aggregate in the organization score.
    public let teamWeight: Double
    /// Lower bounds of the moderate, high and critical bands.
    public let bands: Bands
    /// The language its texts were compiled in; the scorer writes its own phrases in it too.
    public var language: Language = .en
    /// Team-scope factors.
    public internal(set) var teamFactors: [CompiledFactor]
    /// Organization-scope factors.
    public internal(set) var organizationFactors: [CompiledFactor]
    /// Where the values of a team's scoring live: `snapshot`, `organization`, `team`, then the variables.
    public let layout: ValueLayout
    /// Value names in slot order.
    public var valueNames: [String] { layout.names }
    package internal(set) var teams: CompiledRule.Bound
    package internal(set) var variables: [CompiledRule.Bound]

    /// The same model over programs of its own (see ``CompiledRule/withOwnPrograms()``).
    package func withOwnPrograms() -> CompiledRiskModel {
        var copy = self
        copy.teamFactors = teamFactors.map { $0.withOwnProgram() }
        copy.organizationFactors = organizationFactors.map { $0.withOwnProgram() }
        copy.teams = teams.withOwnProgram()
        copy.variables = variables.map { $0.withOwnProgram() }
        return copy
    }

    /// Band thresholds.
    public struct Bands: Sendable, Hashable {
        /// Lowest moderate score.
        public var moderate: Double
        /// Lowest high score.
        public var high: Double
        /// Lowest critical score.
        public var critical: Double

        /// The band of `score`.
        public func band(_ score: Double) -> RiskBand {
            score >= critical ? .critical : score >= high ? .high : score >= moderate ? .moderate : .low
        }
    }
}

/// The four risk bands.
public enum RiskBand: String, Sendable, Codable, CaseIterable, Comparable {
    case low, moderate, high, critical

    public static func < (a: Self, b: Self) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// One compiled factor.
public struct CompiledFactor: Sendable {
    /// Stable id.
    public let id: String
    /// What it measures.
    public let title: String
    /// Relative weight.
    public let weight: Double
    /// What lowers it.
    public let remediation: String
    /// Sources, with quotations.
    public let citations: [Citation]
    /// Why this weight.
    public let rationale: String?
    /// Sources in one-line form, made once: every team's contribution shares them.
    public let references: [String]
    /// Where it is declared.
    public let declaredAt: SourceLocation
    package private(set) var signal: CompiledRule.Bound
    package let explanation: MessageTemplate

    /// The same factor over a program of its own (see ``CompiledRule/withOwnPrograms()``).
    package func withOwnProgram() -> CompiledFactor {
        var copy = self
        copy.signal = signal.withOwnProgram()
        return copy
    }

    /// Rules the model names as lowering this factor when fixed (`rules:`), for a factor whose
    /// signal reads the data rather than `violated()`.
    package var declaredRules: Set<String> = []

    /// The rules whose fix can lower this factor: those declared with `rules:` and those the signal
    /// reads with `violated('X')`. The reports order remediation actions by them.
    public var rulesRead: Set<String> {
        var rules = declaredRules
        signal.compiled.parsed.root.forEach { expr in
            if case .call("violated", nil, let args) = expr.kind, case .constant(.string(let id))? = args.first?.kind { rules.insert(id) }
        }
        return rules
    }
}
