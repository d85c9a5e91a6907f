import CEL
import Diagnostics
import SnapshotModel
import YAMLSource

/// Turns validated rule mappings into ``CompiledRule``s.
struct RuleCompiler {
    var binder = ExpressionBinder()
    var diagnostics: [Diagnostic] {
        get { binder.diagnostics }
        set { binder.diagnostics = newValue }
    }

    /// Every rule sees the whole `snapshot` and, for brevity, its `organization`.
    private static let base = Environment(
        variables: ["snapshot": .object(SnapshotSchema.root.name), "organization": .object("Organization")],
        objectTypes: SchemaTypes.snapshot)

    mutating func compile(_ sets: [LoadedSet]) -> CompiledPolicySet {
        var rules: [(node: YAMLNode, set: LoadedSet)] = []
        var firstDeclared: [String: SourceLocation] = [:]
        for set in sets {
            for rule in set.document.root["rules"]?.sequence ?? [] {
                guard let idNode = rule["id"], let id = idNode.string else { continue }
                let location = set.document.location(idNode.mark)
                if let first = firstDeclared[id] {
                    diagnostics.append(Diagnostic(code: "POL011", message: "duplicate rule id '\(id)'", location: location,
                                                  notes: ["first declared at \(first)", "to change an inherited rule, use overrides"]))
                    continue
                }
                firstDeclared[id] = location
                rules.append((rule, set))
            }
        }

        var severities: [String: String] = [:]
        for set in sets {
            for override in set.document.root["overrides"]?.sequence ?? [] {
                guard let pattern = override["rule"]?.string, let severity = override["severity"]?.string else { continue }
                let matched = rules.compactMap { $0.node["id"]?.string }.filter { Glob.matches(pattern, $0) }
                if matched.isEmpty {
                    diagnostics.append(Diagnostic(code: "POL013", severity: .warning, message: "override '\(pattern)' matches no rule",
                                                  location: set.document.location(override.mark),
                                                  notes: Suggestion.note(for: pattern, in: firstDeclared.keys.sorted())))
                }
                for id in matched { severities[id] = severity }
            }
        }

        var compiled: [CompiledRule] = []
        var disabled: [String] = []
        for (node, set) in rules {
            guard let id = node["id"]?.string else { continue }
            let severityText = severities[id] ?? node["severity"]?.string ?? "error"
            if severityText == "off" {
                disabled.append(id)
                continue
            }
            if let rule = compileRule(node, set, severity: Severity(rawValue: severityText) ?? .error) {
                compiled.append(rule)
            }
        }
        let metadata = sets.first?.document.root["metadata"]
        return CompiledPolicySet(name: metadata?["name"]?.string ?? "policies", version: metadata?["version"]?.string,
                                 rules: compiled, disabled: disabled)
    }

    private mutating func compileRule(_ node: YAMLNode, _ set: LoadedSet, severity: Severity) -> CompiledRule? {
        let document = set.document
        let errorsBefore = diagnostics.filter { $0.severity == .error }.count
        var env = Self.base
        var valueNames = ["snapshot", "organization"]
        var subjectName = "snapshot"
        var subjectType: String? = "Organization"

        var forEach: CompiledRule.Bound?
        if let forEachNode = node["forEach"] {
            forEach = binder.bind(forEachNode, env, valueNames, set, expecting: nil)
            let asNode = node["as"]
            guard let name = asNode?.string, Self.isIdentifier(name), !valueNames.contains(name) else {
                diagnostics.append(Diagnostic(code: "POL014", message: "a rule with forEach needs 'as: NAME', a simple identifier other than 'snapshot' and 'organization'",
                                              location: document.location(asNode?.mark ?? forEachNode.mark)))
                return nil
            }
            var elementType = CELType.dyn
            if let compiled = forEach?.compiled {
                switch compiled.resultType {
                case .list(let element): elementType = element
                case .dyn: break
                default:
                    diagnostics.append(Diagnostic(code: "POL014", message: "forEach must produce a list, but it is \(compiled.resultType)",
                                                  location: document.location(forEachNode.mark)))
                }
            }
            subjectName = name
            if case .object(let typeName) = elementType { subjectType = typeName } else { subjectType = nil }
            env.declare(variable: name, type: elementType)
            valueNames.append(name)
        } else if let asNode = node["as"] {
            diagnostics.append(Diagnostic(code: "POL014", severity: .warning, message: "'as' has no effect without forEach",
                                          location: document.location(asNode.mark)))
        }

        // Without forEach there is no subject, so nothing is hoisted.
        let variables = binder.bindVariables(node["variables"]?.sequence ?? [], &env, &valueNames,
                                             dependent: forEach == nil ? nil : [subjectName], set, code: "POL014")

        let when = node["when"].flatMap { binder.bind($0, env, valueNames, set, expecting: .bool) }
        let assertion = node["assert"].flatMap { binder.bind($0, env, valueNames, set, expecting: .bool) }
        let at = node["at"].flatMap { binder.bind($0, env, valueNames, set, expecting: nil) }
        let message = node["message"].flatMap { binder.template($0, env, valueNames, set) }

        let errorsAfter = diagnostics.filter { $0.severity == .error }.count
        guard errorsAfter == errorsBefore, let assertion, let message,
            let id = node["id"]?.string, let title = node["title"]?.string,
            let practice = node["practice"]?.string.flatMap(PracticeType.init(rawValue:)),
            let level = node["level"]?.string.flatMap(ManagementLevel.init(rawValue:))
        else { return nil }

        let examples = node["examples"]
        return CompiledRule(
            id: id, title: title, description: node["description"]?.string, practice: practice, level: level,
            phase: node["phase"]?.string.flatMap(ChangePhase.init(rawValue:)), severity: severity,
            remediation: node["remediation"]?.string, references: node["references"]?.sequence?.compactMap(\.string) ?? [],
            declaredAt: document.location(node.mark), subjectName: subjectName, subjectType: subjectType,
            examples: RuleExamples(passing: examples?["pass"]?.sequence ?? [], failing: examples?["fail"]?.sequence ?? [], document: document),
            valueNames: valueNames, forEach: forEach, variables: variables, when: when, assertion: assertion, at: at, message: message)
    }

    /// Every identifier an expression mentions (comprehension variables included, which only makes
    /// hoisting more conservative).
    static func identifiers(_ root: Expr) -> Set<String> {
        var names: Set<String> = []
        root.forEach { node in
            if case .ident(let name) = node.kind { names.insert(name) }
        }
        return names
    }

    static func isIdentifier(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first == "_" || (first.isASCII && first.properties.isAlphabetic) else { return false }
        return name.unicodeScalars.allSatisfy { $0 == "_" || ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) }
    }
}

/// Shell-style globs for rule ids: `*` matches any run, `?` one character.
public enum Glob {
    /// Whether `text` matches `pattern`.
    public static func matches(_ pattern: String, _ text: String) -> Bool {
        let p = Array(pattern)
        let t = Array(text)
        var memo: [[Bool?]] = Array(repeating: Array(repeating: nil, count: t.count + 1), count: p.count + 1)
        func match(_ i: Int, _ j: Int) -> Bool {
            if let known = memo[i][j] { return known }
            let result: Bool
            if i == p.count {
                result = j == t.count
            } else if p[i] == "*" {
                result = match(i + 1, j) || (j < t.count && match(i, j + 1))
            } else {
                result = j < t.count && (p[i] == "?" || p[i] == t[j]) && match(i + 1, j + 1)
            }
            memo[i][j] = result
            return result
        }
        return match(0, 0)
    }
}
