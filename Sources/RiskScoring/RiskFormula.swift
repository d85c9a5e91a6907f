/// The arithmetic of risk scores, kept pure so its bounds and monotonicity can be property-tested.
public enum RiskFormula {
    /// 100 × Σ wᵢsᵢ / Σ wᵢ, with signals clamped to [0, 1] and negative weights treated as 0.
    public static func weighted(signals: [Double], weights: [Double]) -> Double {
        var numerator = 0.0
        var denominator = 0.0
        for (signal, weight) in zip(signals, weights) {
            let w = max(0, weight)
            numerator += w * clamp(signal)
            denominator += w
        }
        return denominator > 0 ? min(100, max(0, numerator / denominator * 100)) : 0
    }

    /// The teams' aggregate signal: the average of the mean and the maximum team score, over 100.
    ///
    /// The mean measures how widespread the risk is; the maximum keeps one tokenistic team from
    /// being hidden by many good ones. Both only grow when a team score grows.
    public static func teamAggregate(_ teamScores: [Double]) -> Double? {
        guard let worst = teamScores.max() else { return nil }
        let mean = teamScores.reduce(0, +) / Double(teamScores.count)
        return clamp((mean + worst) / 2 / 100)
    }

    /// The organization score: its own factors and the teams' aggregate, weighted together.
    public static func organization(signals: [Double], weights: [Double], teamScores: [Double], teamWeight: Double) -> Double {
        guard let aggregate = teamAggregate(teamScores), teamWeight > 0 else {
            return weighted(signals: signals, weights: weights)
        }
        return weighted(signals: signals + [aggregate], weights: weights + [teamWeight])
    }

    static func clamp(_ signal: Double) -> Double {
        signal.isNaN ? 1 : min(1, max(0, signal))
    }
}
