import Foundation
import RiskScoring

/// Risk scores as JSON: part of the `tandem check` report, the whole of `tandem score`'s, and the
/// SARIF run's properties.
public enum RiskJSON {
    public struct Contribution: Encodable {
        var factor: String
        var title: String
        var signal: Double
        var low: Double
        var high: Double
        var weight: Double
        var points: Double
        var unknown: String?
        var explanation: String
        var remediation: String
        var references: [String]
        var error: String?
    }

    public struct Score: Encodable {
        var kind: String
        var id: String
        var name: String?
        var file: String
        var line: Int
        var column: Int
        var score: Double
        var band: String
        var low: Double
        var high: Double
        var lowBand: String
        var highBand: String
        var factors: [Contribution]
    }

    public struct Report: Encodable {
        var snapshot: String
        var file: String
        var organization: Score
        var teams: [Score]
    }

    public static func report(_ r: RiskReport) -> Report {
        Report(snapshot: r.snapshot, file: r.path, organization: score(r.organization), teams: r.teams.map(score))
    }

    public static func score(_ s: RiskScore) -> Score {
        Score(
            kind: s.subject.kind, id: s.subject.id, name: s.subject.name, file: s.location.file, line: s.location.line,
            column: s.location.column, score: s.score, band: s.band.rawValue, low: s.low, high: s.high,
            lowBand: s.lowBand.rawValue, highBand: s.highBand.rawValue,
            factors: s.contributions.map {
                Contribution(
                    factor: $0.factorID, title: $0.title, signal: ($0.signal * 1000).rounded() / 1000,
                    low: ($0.low * 1000).rounded() / 1000, high: ($0.high * 1000).rounded() / 1000, weight: $0.weight,
                    points: ($0.points * 10).rounded() / 10, unknown: $0.unknown, explanation: $0.explanation, remediation: $0.remediation,
                    references: $0.references, error: $0.error)
            })
    }

    public static func encode(_ reports: [RiskReport], complete: Bool) throws -> String {
        struct Document: Encodable {
            var version = 1
            var complete: Bool
            var risk: [Report]
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(Document(complete: complete, risk: reports.map(report))), as: UTF8.self) + "\n"
    }
}
