/// Writes an expression tree back as CEL text (for explanations; not byte-identical to the input).
public enum Unparser {
    /// The text of `expr`.
    public static func text(_ expr: Expr) -> String {
        switch expr.kind {
        case .constant(let c):
            switch c {
            case .null: return "null"
            case .bool(let b): return b ? "true" : "false"
            case .int(let i): return String(i)
            case .uint(let u): return "\(u)u"
            case .double(let d): return Printer.double(d)
            case .string(let s): return singleQuoted(s)
            case .bytes(let b): return "b" + singleQuoted(String(decoding: b, as: UTF8.self))
            }
        case .ident(let name): return name
        case .select(let operand, let field, let testOnly):
            return testOnly ? "has(\(text(operand)).\(field))" : "\(operand.wrapped).\(field)"
        case .call(let function, let target, let args):
            if let target { return "\(target.wrapped).\(function)(\(args.map(text).joined(separator: ", ")))" }
            switch (function, args.count) {
            case ("_[_]", 2): return "\(args[0].wrapped)[\(text(args[1]))]"
            case ("_[?_]", 2): return "\(args[0].wrapped)[?\(text(args[1]))]"
            case ("_?._", 2):
                if case .constant(.string(let field)) = args[1].kind { return "\(args[0].wrapped).?\(field)" }
                return "\(args[0].wrapped).?\(text(args[1]))"
            case ("!_", 1): return "!\(args[0].wrapped)"
            case ("-_", 1):
                // A minus written straight before a number is part of the literal when parsed, so
                // negating a constant is written `-(n)`: re-parsing keeps the negation.
                switch args[0].kind {
                case .constant(.int), .constant(.uint), .constant(.double): return "-(\(text(args[0])))"
                default: break
                }
                return "-\(args[0].wrapped)"
            case ("_?_:_", 3): return "\(args[0].wrapped) ? \(args[1].wrapped) : \(args[2].wrapped)"
            case ("@in", 2): return "\(args[0].wrapped) in \(args[1].wrapped)"
            case (_, 2) where function.hasPrefix("_") && function.hasSuffix("_"):
                return "\(args[0].wrapped) \(function.dropFirst().dropLast()) \(args[1].wrapped)"
            default: return "\(function)(\(args.map(text).joined(separator: ", ")))"
            }
        case .list(let items, let optional):
            return "[" + items.enumerated().map { (optional.contains($0.offset) ? "?" : "") + text($0.element) }.joined(separator: ", ") + "]"
        case .map(let entries): return "{" + entries.map { "\($0.optional ? "?" : "")\(text($0.key)): \(text($0.value))" }.joined(separator: ", ") + "}"
        case .comprehension(let c):
            let variables = [c.variable, c.variable2].compactMap { $0 }.joined(separator: ", ")
            let body = [c.predicate, c.transform].compactMap { $0 }.map(text).joined(separator: ", ")
            if c.kind == .bind { return "cel.bind(\(c.variable), \(text(c.range)), \(body))" }
            return "\(c.range.wrapped).\(c.name)(\(variables), \(body))"
        }
    }
}

/// CEL strings print with single quotes here, as policies write them.
private func singleQuoted(_ s: String) -> String {
    var out = "'"
    for scalar in s.unicodeScalars {
        switch scalar {
        case "'": out += "\\'"
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\t": out += "\\t"
        case "\r": out += "\\r"
        default: out.unicodeScalars.append(scalar)
        }
    }
    return out + "'"
}

extension Expr {
    /// The text, parenthesized unless it is atomic.
    fileprivate var wrapped: String {
        switch kind {
        case .constant, .ident, .select, .list, .map, .comprehension: Unparser.text(self)
        case .call(let function, let target, _):
            target != nil || function == "_[_]" || function == "_[?_]" || function == "_?._" || function.first?.isLetter == true ? Unparser.text(self) : "(\(Unparser.text(self)))"
        }
    }
}
