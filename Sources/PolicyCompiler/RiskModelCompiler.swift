import CEL
import Diagnostics
import Parallel
import SnapshotModel
import YAMLSource

/// Compiles a `RiskModel` document against the policy set it sits beside.
///
/// Diagnostic codes: `RISK001`–`RISK010` for schema problems (as `POL…`), plus `RISK011` for a
/// duplicate factor id, `RISK012` for `violated()` naming a rule the policy set lacks, `RISK013`
/// for a signal that is not a number or bool, and `RISK010` for a second RiskModel.
struct RiskModelCompiler: Sendable {
    let ruleIDs: Set<String>
    /// The policy set's parameters, which factors may read as `params.NAME` too.
    var parameters: [PolicyParameter] = []
    /// The language texts are compiled in.
    var language: Language = .en
    var binder = ExpressionBinder()
    var diagnostics: [Diagnostic] {
        get { binder.diagnostics }
        set { binder.diagnostics = newValue }
    }

    init(ruleIDs: Set<String>) {
        self.ruleIDs = ruleIDs
    }

    /// `violated('RULE-ID')`: whether that rule reported a violation for the team being scored
    /// (team factors) or anywhere in the snapshot (organization factors).
    ///
    /// A rule left undecided for lack of evidence (context attribute `undecided`) is unknown: the
    /// function returns the unknown value, or — when the scorer bounds a factor — `false` under
    /// the attribute `assume: good` and `true` under `assume: bad`.
    static let violated = ExtensionFunction(
        declaration: FunctionDecl("violated", "whether a rule reported a violation for the subject", [Overload("violated_string", [.string], .bool)]),
        implementation: FunctionImplementation(name: "violated", pure: false) { args, context in
            guard case .string(let id)? = args.first else { return nil }
            if contains(context.attributes["violated"], id) { return .bool(true) }
            guard contains(context.attributes["undecided"], id) else { return .bool(false) }
            switch context.attributes["assume"] {
            case .string("good")?: return .bool(false)
            case .string("bad")?: return .bool(true)
            default:
                // The scorer names its language in the context, so the range's reason reads in it.
                let french: Bool
                if case .string(Language.fr.rawValue)? = context.attributes["language"] { french = true } else { french = false }
                return .error(.unrecorded(french ? "les données dont \(id) a besoin" : "the evidence \(id) needs"))
            }
        })

    private static func contains(_ attribute: Value?, _ id: String) -> Bool {
        guard case .list(let list)? = attribute else { return false }
        if let found = list.contains(.string(id)) { return found }
        for i in 0..<list.count { if case .string(id) = list[i] { return true } }
        return false
    }

    mutating func compile(_ loaded: LoadedSet) -> CompiledRiskModel? {
        let document = loaded.document
        let root = document.root
        let errorsBefore = diagnostics.filter { $0.severity == .error }.count

        var env = RuleCompiler.environment(parameters)
        env.enable(loaded.extensions)
        env.add(Self.violated)
        let organizationEnv = env
        var names = ["snapshot", "organization"]

        let defaultTeams = "snapshot.teams.filter(t, t.status == 'active')"
        let teamsNode = root["teams"] ?? YAMLNode(.string(defaultTeams), at: root.mark)
        let teams = binder.bind(teamsNode, env, names, loaded, expecting: .list(.object("Team")))

        env.declare(variable: "team", type: .object("Team"))
        names.append("team")
        let variables = binder.bindVariables(root["variables"]?.sequence ?? [], &env, &names, dependent: ["team"], loaded, kind: RiskDiagnostics.badVariableName)

        var pending: [(node: YAMLNode, id: String)] = []
        var seen: [String: SourceLocation] = [:]
        for node in root["factors"]?.sequence ?? [] {
            guard let idNode = node["id"], let id = idNode.string else { continue }
            if let first = seen[id] {
                diagnostics.append(Diagnostic(RiskDiagnostics.duplicateFactor, message: "duplicate factor id '\(id)'", location: document.location(idNode.mark), notes: ["first declared at \(first)"]))
                continue
            }
            seen[id] = document.location(idNode.mark)
            if id == "teams" {
                diagnostics.append(
                    Diagnostic(
                        RiskDiagnostics.reservedFactor, message: "factor id 'teams' is reserved for the teams' share of the organization score; choose another",
                        location: document.location(idNode.mark)))
                continue
            }
            pending.append((node, id))
        }
        // Each factor's expressions are independent: they compile on every core, and their
        // diagnostics are reported in the order the factors are declared.
        let compiler = self
        let (teamEnv, teamNames, factors) = (env, names, pending)
        let results = concurrentMap(count: pending.count, parallel: pending.count > 1) { index in
            var own = compiler
            own.diagnostics = []
            let factor = own.compileFactor(
                factors[index].node, id: factors[index].id, team: (teamEnv, teamNames), organization: organizationEnv, loaded)
            return (factor, own.diagnostics)
        }
        var teamFactors: [CompiledFactor] = []
        var organizationFactors: [CompiledFactor] = []
        for (index, (factor, found)) in results.enumerated() {
            diagnostics += found
            guard let factor else { continue }
            if pending[index].node["scope"]?.string == "team" { teamFactors.append(factor) } else { organizationFactors.append(factor) }
        }

        guard diagnostics.filter({ $0.severity == .error }).count == errorsBefore, let teams,
            let bands = root["bands"], let moderate = bands["moderate"]?.scalar.flatMap(Self.number),
            let high = bands["high"]?.scalar.flatMap(Self.number), let critical = bands["critical"]?.scalar.flatMap(Self.number)
        else { return nil }
        guard moderate <= high, high <= critical else {
            diagnostics.append(Diagnostic(RiskDiagnostics.bandsOutOfOrder, message: "bands must rise: moderate ≤ high ≤ critical", location: document.location(bands.mark)))
            return nil
        }
        var model = CompiledRiskModel(
            name: root["metadata"]?["name"]?.string ?? "risk", version: root["metadata"]?["version"]?.string,
            teamWeight: root["teamWeight"]?.scalar.flatMap(Self.number) ?? 0,
            bands: .init(moderate: moderate, high: high, critical: critical),
            teamFactors: teamFactors, organizationFactors: organizationFactors, layout: RuleCompiler.layout(names, hasSubject: true), teams: teams, variables: variables)
        model.language = language
        return model
    }

    /// One factor: its signal, explanation and texts, in the team's or the organization's
    /// environment as its `scope` says.
    private mutating func compileFactor(
        _ node: YAMLNode, id: String, team: (env: Environment, names: [String]), organization: Environment, _ loaded: LoadedSet
    ) -> CompiledFactor? {
        let document = loaded.document
        let isTeam = node["scope"]?.string == "team"
        let factorEnv = isTeam ? team.env : organization
        let factorNames = isTeam ? team.names : ["snapshot", "organization"]
        guard let signalNode = node["signal"] else { return nil }
        let signal = binder.bind(signalNode, factorEnv, factorNames, loaded, expecting: nil)
        if let signal {
            switch signal.compiled.resultType {
            case .bool, .int, .double, .dyn: break
            case let other:
                diagnostics.append(Diagnostic(RiskDiagnostics.badSignal, message: "a signal must be a number or a bool, but it is \(other)", location: document.location(signalNode.mark)))
            }
            checkRuleReferences(signal.compiled, signalNode, loaded)
        }
        let explanation = LocalizedText.pick("explanation", in: node, of: loaded, override: nil, language: language).flatMap {
            binder.template($0.node, factorEnv, factorNames, loaded)
        }
        diagnostics += LocalizedText.missingLanguages(
            of: ["title", "explanation", "remediation"], in: node, of: loaded, owner: "factor \(id)", kind: RiskDiagnostics.missingLanguage)
        for reference in node["references"]?.sequence ?? [] {
            if let quoteNode = reference["quote"], let quote = quoteNode.string,
                let problem = Citation.quoteProblem(quote, at: quoteNode, document)
            {
                diagnostics.append(problem)
            }
        }
        guard let signal, let explanation,
            let title = LocalizedText.pick("title", in: node, of: loaded, override: nil, language: language)?.node.string,
            let remediation = LocalizedText.pick("remediation", in: node, of: loaded, override: nil, language: language)?.node.string
        else { return nil }
        var declaredRules: Set<String> = []
        for ruleNode in node["rules"]?.sequence ?? [] {
            guard let rule = ruleNode.string else { continue }
            if ruleIDs.contains(rule) {
                declaredRules.insert(rule)
            } else {
                diagnostics.append(
                    Diagnostic(
                        RiskDiagnostics.badViolated, message: "rules names '\(rule)', which is no rule of the policy set",
                        location: document.location(ruleNode.mark), notes: Suggestion.note(for: rule, in: ruleIDs.sorted())))
            }
        }
        let citations = node["references"]?.sequence?.compactMap(Citation.read) ?? []
        return CompiledFactor(
            id: id, title: title, weight: node["weight"]?.scalar.flatMap(Self.number) ?? 0, remediation: remediation,
            citations: citations, rationale: node["rationale"]?.string, references: citations.map(\.short),
            declaredAt: document.location(node.mark),
            signal: signal, explanation: explanation, declaredRules: declaredRules)
    }

    /// `violated('X')` must name a rule of the policy set; a typo would silently zero the factor.
    private mutating func checkRuleReferences(_ compiled: CompiledExpression, _ node: YAMLNode, _ loaded: LoadedSet) {
        let locator = ExpressionLocator(source: loaded.source, document: loaded.document, mark: node.mark)
        compiled.parsed.root.forEach { expr in
            guard case .call("violated", nil, let args) = expr.kind, let arg = args.first else { return }
            guard case .constant(.string(let id)) = arg.kind else {
                let (line, column) = compiled.parsed.source.lineAndColumn(of: compiled.parsed.offset(of: arg.id))
                diagnostics.append(Diagnostic(RiskDiagnostics.badViolated, message: "violated() needs a rule id written as a string literal", location: locator.locate(line: line, column: column)))
                return
            }
            if !ruleIDs.contains(id) {
                let (line, column) = compiled.parsed.source.lineAndColumn(of: compiled.parsed.offset(of: arg.id))
                diagnostics.append(
                    Diagnostic(
                        RiskDiagnostics.badViolated, message: "violated('\(id)') names no rule of the policy set", location: locator.locate(line: line, column: column),
                        notes: Suggestion.note(for: id, in: ruleIDs.sorted())))
            }
        }
    }

    static func number(_ scalar: YAMLScalar) -> Double? {
        switch scalar {
        case .int(let i): Double(i)
        case .double(let d): d
        default: nil
        }
    }
}
