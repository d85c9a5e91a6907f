import ArgumentParser
import Diagnostics
import PolicyCompiler

/// `tandem compile`: validates policy sets and reports every problem, without evaluating anything.
struct CompileCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compile",
        abstract: "Validate and compile policy sets.",
        discussion: """
            Reports unknown keys, bad values, duplicate rule ids, broken extends and CEL errors, all at \
            file:line:col, all at once. Exits 0 when the policies compile, 2 otherwise.

            EXAMPLES
              tandem compile Policies/partners-in-care
              tandem compile my-policies.yaml
            """
    )

    @Argument(help: "Policy files or directories.")
    var policies: [String]

    @Flag(name: .customLong("list"), help: "Print the compiled rules as a Markdown table (docs/rules.md is generated this way).")
    var list = false

    @OptionGroup var input: InputOptions

    func run() throws {
        let (set, riskModel) = try PolicyOptions.compile(policies, input)
        if list {
            Console.human(RuleTable(set, riskModel: riskModel, paths: policies).markdown())
            return
        }
        var counts: [PracticeType: Int] = [:]
        for rule in set.rules { counts[rule.practice, default: 0] += 1 }
        let breakdown = PracticeType.allCases.map { "\(counts[$0] ?? 0) \($0.rawValue)" }.joined(separator: ", ")
        let disabled = set.disabled.isEmpty ? "" : "; \(set.disabled.count) disabled"
        let seeded = set.parameters.filter { $0.provenance.kind == "seed" }.count
        let parameters =
            set.parameters.isEmpty
            ? ""
            : "; \(set.parameters.count) parameters (\(seeded) from the seeds, \(set.parameters.count - seeded) Tandem defaults\(set.parameters.contains { $0.override != nil } ? ", \(set.parameters.filter { $0.override != nil }.count) overridden" : ""))"
        Console.human("\(set.name)\(set.version.map { " \($0)" } ?? ""): \(set.rules.count) rules compiled (\(breakdown))\(disabled)\(parameters)\n")
    }
}
