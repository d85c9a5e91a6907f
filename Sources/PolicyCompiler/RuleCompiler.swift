import CEL
import Diagnostics
import Parallel
import SnapshotModel
import YAMLSource

/// Turns validated rule mappings into ``CompiledRule``s.
struct RuleCompiler: Sendable {
    var binder = ExpressionBinder()
    /// The language texts are compiled in.
    var language: Language = .en
    var diagnostics: [Diagnostic] {
        get { binder.diagnostics }
        set { binder.diagnostics = newValue }
    }

    /// Every rule sees the whole `snapshot`, for brevity its `organization`, and `params`.
    private(set) var base = Environment(
        variables: ["snapshot": .object(SnapshotSchema.root.name), "organization": .object("Organization")],
        objectTypes: SchemaTypes.snapshot)
    private(set) var parameters: [PolicyParameter] = []

    /// The environment every policy expression is compiled in, with `params` bound.
    static func environment(_ parameters: [PolicyParameter]) -> Environment {
        let (value, fields) = ParameterCompiler.binding(parameters)
        var env = Environment(
            variables: ["snapshot": .object(SnapshotSchema.root.name), "organization": .object("Organization")],
            objectTypes: SchemaTypes.snapshot.adding(object: ParameterCompiler.typeName, fields: fields))
        env.declare(constant: "params", type: .object(ParameterCompiler.typeName), value: value)
        return env
    }

    mutating func compile(_ sets: [LoadedSet]) -> CompiledPolicySet {
        var parameterCompiler = ParameterCompiler()
        parameterCompiler.declare(sets)
        parameterCompiler.applyOverrides(sets)
        diagnostics += parameterCompiler.diagnostics
        parameters = parameterCompiler.parameters
        base = Self.environment(parameters)

        var rules: [(node: YAMLNode, set: LoadedSet)] = []
        var firstDeclared: [String: SourceLocation] = [:]
        for set in sets {
            for rule in set.document.root["rules"]?.sequence ?? [] {
                guard let idNode = rule["id"], let id = idNode.string else { continue }
                let location = set.document.location(idNode.mark)
                if let first = firstDeclared[id] {
                    diagnostics.append(
                        Diagnostic(
                            PolicyDiagnostics.duplicateRule, message: "duplicate rule id '\(id)'", location: location,
                            notes: ["first declared at \(first)", "to change an inherited rule, use overrides"]))
                    continue
                }
                firstDeclared[id] = location
                rules.append((rule, set))
            }
        }

        var severities: [String: String] = [:]
        var textOverrides: [String: [String: (node: YAMLNode, set: LoadedSet)]] = [:]
        for set in sets {
            for override in set.document.root["overrides"]?.sequence ?? [] {
                let textKeys = ["title", "message", "remediation"].filter { override[$0] != nil }
                if override["parameter"] != nil {
                    if override["rule"] != nil || override["severity"] != nil || !textKeys.isEmpty {
                        diagnostics.append(
                            Diagnostic(
                                PolicyDiagnostics.badOverride, message: "an override changes either a rule or a parameter, not both",
                                location: set.document.location(override.mark)))
                    }
                    continue
                }
                guard let pattern = override["rule"]?.string else {
                    diagnostics.append(Diagnostic(PolicyDiagnostics.badOverride, message: "an override names a rule or a parameter", location: set.document.location(override.mark)))
                    continue
                }
                if override["severity"] == nil, textKeys.isEmpty {
                    diagnostics.append(
                        Diagnostic(
                            PolicyDiagnostics.badOverride, message: "override '\(pattern)' changes nothing; give severity, title, message or remediation",
                            location: set.document.location(override.mark)))
                    continue
                }
                let matched = rules.compactMap { $0.node["id"]?.string }.filter { Glob.matches(pattern, $0) }
                if matched.isEmpty {
                    diagnostics.append(
                        Diagnostic(
                            PolicyDiagnostics.unmatchedOverride, message: "override '\(pattern)' matches no rule",
                            location: set.document.location(override.mark),
                            notes: Suggestion.note(for: pattern, in: firstDeclared.keys.sorted())))
                }
                if !textKeys.isEmpty, matched.count > 1 || pattern.contains("*") || pattern.contains("?") {
                    diagnostics.append(
                        Diagnostic(
                            PolicyDiagnostics.badOverride, message: "title, message and remediation can only be overridden for one rule id, not a glob",
                            location: set.document.location(override.mark)))
                    continue
                }
                for id in matched {
                    if let severity = override["severity"]?.string { severities[id] = severity }
                    for key in textKeys { textOverrides[id, default: [:]][key] = (override[key]!, set) }
                }
            }
        }

        var jobs: [RuleJob] = []
        var disabled: [String] = []
        for (node, set) in rules {
            guard let id = node["id"]?.string else { continue }
            let severityText = severities[id] ?? node["severity"]?.string ?? "error"
            if severityText == "off" {
                disabled.append(id)
                continue
            }
            jobs.append(RuleJob(node: node, set: set, severity: Severity(rawValue: severityText) ?? .error, overrides: textOverrides[id] ?? [:]))
        }
        let compiled = compileAll(jobs)
        // Rule examples document a rule as written, so they run with the parameters' defaults:
        // when a set overrides a value, the rules are compiled once more at the defaults.
        var atDefaults: [CompiledRule] = []
        if parameters.contains(where: { $0.override != nil }), !diagnostics.containsErrors {
            var defaults = self
            defaults.base = Self.environment(
                parameters.map {
                    var p = $0; p.resetToDefault(); return p
                })
            // Their diagnostics repeat the ones just reported, so they are dropped.
            atDefaults = defaults.compileAll(jobs)
        }
        let metadata = (sets.first(where: \.isRequested) ?? sets.first)?.document.root["metadata"]
        return CompiledPolicySet(
            name: metadata?["name"]?.string ?? "policies", version: metadata?["version"]?.string,
            rules: compiled, disabled: disabled, parameters: parameters, rulesAtDefaults: atDefaults)
    }

    /// One rule to compile, with what the sets' overrides say of it.
    struct RuleJob: Sendable {
        let node: YAMLNode
        let set: LoadedSet
        let severity: Severity
        let overrides: [String: (node: YAMLNode, set: LoadedSet)]
    }

    /// Compiles `jobs` on every core (each rule's expressions are independent), keeping the rules
    /// and their diagnostics in the order the sets declare them.
    private mutating func compileAll(_ jobs: [RuleJob]) -> [CompiledRule] {
        let compiler = self
        let results = concurrentMap(count: jobs.count, parallel: jobs.count > 1) { index in
            var own = compiler
            own.diagnostics = []
            let job = jobs[index]
            let rule = own.compileRule(job.node, job.set, severity: job.severity, overrides: job.overrides)
            return (rule, own.diagnostics)
        }
        for (_, found) in results { diagnostics += found }
        return results.compactMap(\.0)
    }

    private mutating func compileRule(
        _ node: YAMLNode, _ set: LoadedSet, severity: Severity,
        overrides: [String: (node: YAMLNode, set: LoadedSet)]
    ) -> CompiledRule? {
        let document = set.document
        let errorsBefore = diagnostics.filter { $0.severity == .error }.count
        var env = base
        env.enable(set.extensions)
        var valueNames = ["snapshot", "organization"]
        var subjectName = "snapshot"
        var subjectType: String? = "Organization"

        var forEach: CompiledRule.Bound?
        if let forEachNode = node["forEach"] {
            forEach = binder.bind(forEachNode, env, valueNames, set, expecting: nil)
            let asNode = node["as"]
            guard let name = asNode?.string, Self.isIdentifier(name), !valueNames.contains(name) else {
                diagnostics.append(
                    Diagnostic(
                        PolicyDiagnostics.badSubjectName, message: "a rule with forEach needs 'as: NAME', a simple identifier other than 'snapshot' and 'organization'",
                        location: document.location(asNode?.mark ?? forEachNode.mark)))
                return nil
            }
            var elementType = CELType.dyn
            if let compiled = forEach?.compiled {
                switch compiled.resultType {
                case .list(let element): elementType = element
                case .dyn: break
                default:
                    diagnostics.append(
                        Diagnostic(
                            PolicyDiagnostics.forEachNotList, message: "forEach must produce a list, but it is \(compiled.resultType)",
                            location: document.location(forEachNode.mark)))
                }
            }
            subjectName = name
            if case .object(let typeName) = elementType { subjectType = typeName } else { subjectType = nil }
            env.declare(variable: name, type: elementType)
            valueNames.append(name)
        } else if let asNode = node["as"] {
            diagnostics.append(
                Diagnostic(
                    PolicyDiagnostics.asWithoutForEach, message: "'as' has no effect without forEach",
                    location: document.location(asNode.mark)))
        }

        // Without forEach there is no subject, so nothing is hoisted.
        let variables = binder.bindVariables(
            node["variables"]?.sequence ?? [], &env, &valueNames,
            dependent: forEach == nil ? nil : [subjectName], set, kind: PolicyDiagnostics.badVariableName)

        let when = node["when"].flatMap { binder.bind($0, env, valueNames, set, expecting: .bool) }
        let assertion = node["assert"].flatMap { binder.bind($0, env, valueNames, set, expecting: .bool) }
        let at = node["at"].flatMap { binder.bind($0, env, valueNames, set, expecting: nil) }
        let messageSource = LocalizedText.pick("message", in: node, of: set, override: overrides["message"], language: language)
        diagnostics += LocalizedText.missingLanguages(
            of: ["title", "message", "remediation"], in: node, of: set, owner: node["id"]?.string ?? "a rule", kind: PolicyDiagnostics.missingLanguage)
        let message = messageSource.flatMap { binder.template($0.node, env, valueNames, $0.set) }
        var citations: [Citation] = []
        for reference in node["references"]?.sequence ?? [] {
            guard let citation = Citation.read(reference) else { continue }
            if let quote = citation.quote, let quoteNode = reference["quote"], let problem = Citation.quoteProblem(quote, at: quoteNode, document) {
                diagnostics.append(problem)
            }
            citations.append(citation)
        }
        let expressions = [forEach, when, assertion, at].compactMap { $0 } + variables
        let read = Set(expressions.flatMap { Self.parameterNames($0.compiled.parsed.root) } + (message?.parameterNames ?? []))
        let used = parameters.filter { read.contains($0.name) }
        let beyond = node["beyondSources"]?.string
        let basis: RuleBasis =
            beyond != nil
            ? .beyondSources
            : used.contains(where: { if case .tandemDefault = $0.provenance { true } else { false } }) ? .defaultThreshold : .sourced

        let errorsAfter = diagnostics.filter { $0.severity == .error }.count
        guard errorsAfter == errorsBefore, let assertion, let message,
            let id = node["id"]?.string, let title = LocalizedText.pick("title", in: node, of: set, override: overrides["title"], language: language)?.node.string,
            let practice = node["practice"]?.string.flatMap(PracticeType.init(rawValue:)),
            let level = node["level"]?.string.flatMap(ManagementLevel.init(rawValue:))
        else { return nil }

        let examples = node["examples"]
        return CompiledRule(
            id: id, title: title, description: node["description"]?.string, practice: practice, level: level,
            phase: node["phase"]?.string.flatMap(ChangePhase.init(rawValue:)), severity: severity,
            remediation: LocalizedText.pick("remediation", in: node, of: set, override: overrides["remediation"], language: language)?.node.string, citations: citations,
            basis: basis, beyondSources: beyond, parameters: used, references: citations.map(\.short),
            declaredAt: document.location(node.mark), subjectName: subjectName, subjectType: subjectType,
            examples: RuleExamples(
                passing: Array(examples?["pass"]?.sequence ?? []), failing: Array(examples?["fail"]?.sequence ?? []),
                insufficient: Array(examples?["insufficient"]?.sequence ?? []), document: document),
            layout: Self.layout(valueNames, hasSubject: forEach != nil), forEach: forEach, variables: variables, when: when, assertion: assertion, at: at, message: message)
    }

    /// The layout the binder's names follow (it appends the subject, then each variable).
    static func layout(_ names: [String], hasSubject: Bool) -> ValueLayout {
        let layout = ValueLayout(subject: hasSubject ? names[2] : nil, variables: Array(names.dropFirst(hasSubject ? 3 : 2)))
        precondition(layout.names == names, "slot names out of the layout's order")
        return layout
    }

    /// The parameters an expression reads (`params.NAME`).
    static func parameterNames(_ root: Expr) -> [String] {
        var names: [String] = []
        root.forEach { node in
            if case .select(let operand, let field, _) = node.kind, case .ident("params") = operand.kind { names.append(field) }
        }
        return names
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
