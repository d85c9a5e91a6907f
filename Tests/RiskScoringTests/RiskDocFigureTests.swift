import Foundation
import PolicyCompiler
import TestSupport
import Testing

/// The figures docs/risk.md states about the seed risk model are the model's: the team weights'
/// sum, `teamWeight`, the band thresholds and each weight the list of changes names.
@Suite("docs/risk.md figures")
struct RiskDocFigureTests {
    @Test func statedWeightsAndBandsAreTheModels() throws {
        let compiled = PolicyCompiler().compile(paths: [TandemProcess.packageRoot.appendingPathComponent("Policies/partners-in-care").path])
        let model = try #require(compiled.riskModel)
        let stated = try StatedText("docs/risk.md")
        let doc = stated.words
        func number(_ value: Double) -> String { value == value.rounded() ? String(Int(value)) : String(value) }
        let bands = model.bands
        let unstated = stated.unstated([
            "The seed model's team weights sum to \(number(model.teamFactors.map(\.weight).reduce(0, +)))",
            "*W* is `teamWeight` (\(number(model.teamWeight)) in the seed model",
            "low < \(number(bands.moderate)) ≤ moderate < \(number(bands.high)) ≤ high < \(number(bands.critical)) ≤ critical",
        ])
        #expect(unstated == [])
        // Each factor the changes name with its scope and weight, or its old and new weight.
        let factors = model.teamFactors.map { ($0, "team") } + model.organizationFactors.map { ($0, "organization") }
        let named = doc.matches(of: #/\*\*([a-z-]+)\*\* (?:\((team|organization), (\d+)\)|\d+ → (\d+))/#)
        #expect(named.count >= 4, "the list of changes names weights")
        for match in named {
            let id = String(match.1)
            let factor = try #require(factors.first { $0.0.id == id }, "\(id) is not a factor of the model")
            if let scope = match.2 { #expect(String(scope) == factor.1, "\(id)'s scope") }
            let weight = Double(String(match.3 ?? match.4 ?? "")) ?? -1
            #expect(weight == factor.0.weight, "docs/risk.md gives \(id) the weight \(weight); the model \(factor.0.weight)")
        }
    }
}
