import ArgumentParser
import Checking
import Diagnostics
import Evaluation
import Import
import PolicyCompiler
import SnapshotModel
import YAMLSource

/// `tandem explain`: shows why a rule passed or failed for a subject, as an evaluation trace.
struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Show the evaluation trace of one rule on a snapshot.",
        discussion: """
            For each subject (or the one given with --subject), prints the rule's variables and the value of
            every sub-expression of `when` and `assert` as a tree, with the snapshot position of the data read.

            EXAMPLES
              tandem explain PP-OPS-001 --policy Policies/partners-in-care --snapshot Fixtures/valid/tokenistic.yaml
              tandem explain PP-OPS-002 --policy Policies/partners-in-care --snapshot Fixtures/valid/mixed.yaml --subject pa-chloe
            """
    )

    @Argument(help: "The rule id.")
    var ruleID: String

    @Option(help: "The snapshot file.")
    var snapshot: String

    @Option(help: "Only this subject (team or person id, or the organization's name).")
    var subject: String?

    @Option(name: [.customShort("p"), .customLong("policy")], help: "Policy files or directories (required; repeatable).")
    var policies: [String] = []

    @OptionGroup var input: InputOptions

    @OptionGroup var project: ConfigOptions

    mutating func run() throws {
        if let config = try project.load() {
            if policies.isEmpty { policies = config.policies?.value ?? [] }
            input.apply(config)
        }
        if policies.isEmpty { throw ValidationError("give the policies with --policy, or policies: in \(ConfigSchema.fileName) (never guessed from the current directory)") }
        let set = try PolicyOptions.compile(policies, input).set
        guard let rule = set.rules.first(where: { $0.id == ruleID }) else {
            let note = Suggestion.note(for: ruleID, in: set.rules.map(\.id)).first.map { " (\($0))" } ?? ""
            Console.report(CLIDiagnostics.unknownRule, "no enabled rule '\(ruleID)' in \(set.name)\(note)")
            throw TandemExit(code: .inputError)
        }
        let files = SourceFiles(operands: [snapshot], maxBytes: input.limits.maxBytes)
        var diagnostics = files.diagnostics
        var snapshots: [Snapshot] = []
        // A workbook is imported through its mapping; positions are then its cells.
        var place: (SourceLocation) -> SourceLocation = { $0 }
        for source in files.sources {
            if Spreadsheets.isWorkbook(source.path) {
                let declared = Spreadsheets.mapping(for: source.path, given: nil, limits: input.limits)
                diagnostics += declared.diagnostics
                guard let mapping = declared.mapping else { continue }
                let imported = Spreadsheets.importWorkbook(source.path, bytes: source.bytes, mapping: mapping, limits: input.limits)
                diagnostics += imported.diagnostics
                snapshots += imported.snapshot.map { [$0] } ?? []
                place = imported.cell(for:)
                continue
            }
            let result = SnapshotLoader(limits: input.limits).load(source)
            diagnostics += result.diagnostics
            snapshots += result.snapshots
        }
        if diagnostics.containsErrors {
            Console.error(DiagnosticRenderer(sources: files.sources, language: input.language).render(diagnostics))
            throw TandemExit(code: .inputError)
        }
        var out = "\(rule.id): \(rule.title)\n"
        for parameter in rule.parameters {
            out += "  params.\(parameter.name) = \(parameter.displayValue)\(parameter.unit.map { " \($0)" } ?? "")"
            if let override = parameter.override {
                out += " (set at \(override.location)\(override.reason.map { ": \($0)" } ?? ""); default \(parameter.displayDefault))\n"
            } else {
                out += " — \(parameter.provenance.summary)\n"
            }
        }
        var count = 0
        for snap in snapshots {
            for explanation in RuleExplainer(rule: rule).explain(snap, subject: subject, policySet: set) {
                count += 1
                let verdict =
                    explanation.finding.map { f in
                        switch f.kind {
                        case .violation: "violation at \(place(f.location)): \(f.message)"
                        case .insufficientEvidence: "insufficient evidence at \(place(f.location)): \(f.message)"
                        case .evaluationError: "evaluation error at \(place(f.location)): \(f.message)"
                        }
                    } ?? (explanation.clauses.first { $0.name == "when" }?.trace.value == "false" ? "not applicable" : "passes")
                out += "\n\(explanation.subject.kind) \(explanation.subject.id)\(explanation.subject.name.map { $0 == explanation.subject.id ? "" : " (\($0))" } ?? ""): \(verdict)\n"
                for (name, value) in explanation.bindings { out += "  \(name) = \(value)\n" }
                for (name, trace) in explanation.clauses {
                    out += "  \(name): \(Self.line(trace, place))\n"
                    out += Self.tree(trace.children, prefix: "  ", place)
                }
            }
        }
        if count == 0 {
            Console.report(CLIDiagnostics.noSubject, "rule \(rule.id) has no subject\(subject.map { " '\($0)'" } ?? "") in \(snapshot)")
            throw TandemExit(code: .inputError)
        }
        Console.human(out)
    }

    static func line(_ node: RuleExplainer.Node, _ place: (SourceLocation) -> SourceLocation) -> String {
        "\(node.text)  →  \(node.value)" + (node.location.map { "  @ \(place($0))" } ?? "")
    }

    static func tree(_ nodes: [RuleExplainer.Node], prefix: String, _ place: (SourceLocation) -> SourceLocation) -> String {
        var out = ""
        for (index, node) in nodes.enumerated() {
            let last = index == nodes.count - 1
            out += "\(prefix)\(last ? "└─ " : "├─ ")\(line(node, place))\n"
            out += tree(node.children, prefix: prefix + (last ? "   " : "│  "), place)
        }
        return out
    }
}
