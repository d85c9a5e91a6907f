import CEL
import Diagnostics
import YAMLSource

/// Compiles the CEL inside a YAML document, mapping every issue to its `file:line:col`.
struct ExpressionBinder {
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
            diagnostics.append(Diagnostic(code: "POL016", message: "'{{' is never closed with '}}'", location: locator.locate(line: line, column: column)))
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
                        diagnostics.append(Diagnostic(code: issue.code, message: issue.message,
                                                      location: locator.locate(line: line, column: column), notes: issue.notes))
                    }
                }
            }
        }
        return failed ? nil : MessageTemplate(parts: parts)
    }

}
