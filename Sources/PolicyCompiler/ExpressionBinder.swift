import CEL
import Diagnostics
import YAMLSource

/// Compiles the CEL inside a YAML document, mapping every issue to its `file:line:col`.
struct ExpressionBinder: Sendable {
    var diagnostics: [Diagnostic] = []

    mutating func bind(_ node: YAMLNode, _ env: Environment, _ names: [String], _ set: LoadedSet, expecting: CELType?) -> CompiledRule.Bound? {
        guard let text = node.scalar?.text else { return nil }
        switch env.compile(text, expecting: expecting) {
        case .success(let compiled):
            return CompiledRule.Bound(compiled: compiled, slots: compiled.program.variables.map { names.firstIndex(of: $0) ?? 0 }, text: text)
        case .failure(let failure):
            let locator = ExpressionLocator(source: set.source, document: set.document, mark: node.mark)
            diagnostics += failure.diagnostics { locator.locate(line: $0, column: $1) }
            return nil
        }
    }

    mutating func template(_ node: YAMLNode, _ env: Environment, _ names: [String], _ set: LoadedSet) -> MessageTemplate? {
        guard let text = node.string else { return nil }
        let locator = ExpressionLocator(source: set.source, document: set.document, mark: node.mark)
        let whole = ExpressionSource(text)
        let (pieces, unterminated) = MessageTemplate.holes(in: text)
        if let unterminated {
            let (line, column) = whole.lineAndColumn(of: unterminated)
            diagnostics.append(Diagnostic(PolicyDiagnostics.unterminatedHole, message: "'{{' is never closed with '}}'", location: locator.locate(line: line, column: column)))
            return nil
        }
        var parts: [MessageTemplate.Part] = []
        var failed = false
        for piece in pieces {
            switch piece {
            case .text(let s): parts.append(.text(s))
            case .hole(let expression, let offset):
                switch env.compile(expression) {
                case .success(let compiled):
                    parts.append(.expression(compiled, slots: compiled.program.variables.map { names.firstIndex(of: $0) ?? 0 }))
                case .failure(let failure):
                    failed = true
                    for issue in failure.issues {
                        let (line, column) = whole.lineAndColumn(of: offset + issue.offset)
                        diagnostics.append(
                            Diagnostic(
                                code: issue.code, message: issue.message,
                                location: locator.locate(line: line, column: column), notes: issue.notes))
                    }
                }
            }
        }
        return failed ? nil : MessageTemplate(parts: parts)
    }

    /// Compiles a `variables:` list in order, declaring each in `env` and appending its name to
    /// `names`. A variable that reads none of `dependent` (the subject, and variables that read it)
    /// is marked hoisted: it is evaluated once per snapshot, not once per subject.
    ///
    /// - Parameter kind: the diagnostic for a bad variable name (`POL025`, `RISK014`).
    mutating func bindVariables(
        _ nodes: YAMLSequence, _ env: inout Environment, _ names: inout [String], dependent: Set<String>?,
        _ set: LoadedSet, kind: DiagnosticKind
    ) -> [CompiledRule.Bound] {
        var dependent = dependent
        var variables: [CompiledRule.Bound] = []
        for variable in nodes {
            guard let nameNode = variable["name"], let name = nameNode.string, let expression = variable["expression"] else { continue }
            guard RuleCompiler.isIdentifier(name), !names.contains(name) else {
                diagnostics.append(
                    Diagnostic(
                        kind, message: "variable name '\(name)' must be a new simple identifier",
                        location: set.document.location(nameNode.mark)))
                continue
            }
            if var bound = bind(expression, env, names, set, expecting: nil) {
                if let reads = dependent.map({ RuleCompiler.identifiers(bound.compiled.parsed.root).isDisjoint(with: $0) }), reads {
                    bound.isHoisted = true
                } else {
                    dependent?.insert(name)
                }
                variables.append(bound)
                env.declare(variable: name, type: bound.compiled.resultType)
            } else {
                env.declare(variable: name, type: .dyn)
            }
            names.append(name)
        }
        return variables
    }
}
