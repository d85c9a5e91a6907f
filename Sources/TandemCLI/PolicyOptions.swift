import ArgumentParser
import Diagnostics
import Evaluation
import PolicyCompiler
import RiskScoring

/// `--policy`, shared by the commands that evaluate snapshots.
struct PolicyOptions: ParsableArguments {
    @Option(name: [.customShort("p"), .customLong("policy")], help: "Policy files or directories (repeatable); a RiskModel beside them enables risk scores.")
    var policies: [String] = []

    /// The compiled policies, or exit 2 after printing every compile error.
    func compile(_ limits: InputOptions) throws -> (evaluator: PolicyEvaluator, scorer: RiskScorer?)? {
        guard !policies.isEmpty else { return nil }
        let compiled = try Self.compile(policies, limits)
        return (PolicyEvaluator(compiled.set), compiled.riskModel.map(RiskScorer.init))
    }

    /// Compiles `paths`, printing every diagnostic (warnings too); exits 2 when they do not compile.
    static func compile(_ paths: [String], _ limits: InputOptions) throws -> (set: CompiledPolicySet, riskModel: CompiledRiskModel?) {
        let compiled = PolicyCompiler(limits: limits.limits, language: limits.language).compile(paths: paths)
        if !compiled.diagnostics.isEmpty {
            Console.error(DiagnosticRenderer(sources: compiled.sources, language: limits.language).render(compiled.diagnostics))
        }
        guard let set = compiled.policySet else { throw TandemExit(code: .inputError) }
        return (set, compiled.riskModel)
    }
}
