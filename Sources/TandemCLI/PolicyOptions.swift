import ArgumentParser
import Diagnostics
import Evaluation
import PolicyCompiler
import RiskScoring

/// `--policy`, shared by the commands that evaluate snapshots.
struct PolicyOptions: ParsableArguments {
    @Option(name: .customLong("policy"), help: "Policy files or directories (repeatable); a RiskModel beside them enables risk scores.")
    var policies: [String] = []

    /// The compiled policies, or exit 2 after printing every compile error.
    func compile(_ limits: InputOptions) throws -> (evaluator: PolicyEvaluator, scorer: RiskScorer?)? {
        guard !policies.isEmpty else { return nil }
        let compiled = PolicyCompiler(limits: limits.limits).compile(paths: policies)
        if !compiled.diagnostics.isEmpty {
            Console.error(DiagnosticRenderer(sources: compiled.sources).render(compiled.diagnostics))
        }
        guard let set = compiled.policySet else { throw TandemExit(code: .inputError) }
        return (PolicyEvaluator(set), compiled.riskModel.map(RiskScorer.init))
    }
}
