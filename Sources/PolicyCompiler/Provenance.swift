import CEL
import Diagnostics
import YAMLSource

/// A source a rule, factor or parameter rests on: the seed, the place in it, and a short quotation
/// a reader can find there.
public struct Citation: Sendable, Hashable, Codable {
    /// The source's short name, e.g. `Clavel 2019`, `Clavel 2019, Additional file 2`, `Pomey 2018`.
    public var source: String
    /// Where in it: a section, table or box.
    public var section: String
    /// Words quoted from the source (at most 30), so the claim can be checked.
    public var quote: String?

    /// Creates a citation.
    public init(source: String, section: String, quote: String? = nil) {
        self.source = source
        self.section = section
        self.quote = quote
    }

    /// `Clavel 2019, Table 2`: the one-line form reports use.
    public var short: String { "\(source), \(section)" }

    /// Reads a `references:` item: a mapping `{source, section, quote}`.
    static func read(_ node: YAMLNode) -> Citation? {
        guard let source = node["source"]?.string, let section = node["section"]?.string else { return nil }
        return Citation(source: source, section: section, quote: node["quote"]?.string)
    }

    /// The most words a quotation may have.
    public static let maxQuoteWords = 30

    /// `POL023` when `quote` is longer than ``maxQuoteWords``: a citation quotes, it does not copy.
    static func quoteProblem(_ quote: String, at node: YAMLNode, _ document: YAMLDocument) -> Diagnostic? {
        let words = Self.wordCount(quote)
        guard words > maxQuoteWords else { return nil }
        return Diagnostic(PolicyDiagnostics.longQuote, message: "quotation of \(words) words; quote at most \(maxQuoteWords)", location: document.location(node.mark))
    }

    /// Runs of non-white-space characters. An ASCII quotation (most are) is counted on its bytes:
    /// the character-by-character count looked up Unicode properties for every letter of the
    /// pack's quotations, a tenth of compiling it.
    package static func wordCount(_ text: String) -> Int {
        guard text.utf8.allSatisfy({ $0 < 0x80 }) else { return text.split(whereSeparator: \.isWhitespace).count }
        var words = 0
        var inWord = false
        for byte in text.utf8 {
            // ASCII white space as Character.isWhitespace has it: tab to carriage return, space.
            let space = byte == 0x20 || (0x09...0x0D).contains(byte)
            if !space, !inWord { words += 1 }
            inWord = !space
        }
        return words
    }
}

/// Where a threshold's value comes from.
public enum Provenance: Sendable, Hashable {
    /// The number is in a seed, which the citation quotes.
    case seed(Citation)
    /// The number is Tandem's choice; a committee should set it. The reason says why this default.
    case tandemDefault(reason: String)

    /// `seed` or `tandem-default`.
    public var kind: String {
        switch self {
        case .seed: "seed"
        case .tandemDefault: "tandem-default"
        }
    }

    /// One line for tables: the citation, or the reason for the default.
    public var summary: String {
        switch self {
        case .seed(let c): c.quote.map { "\(c.short): “\($0)”" } ?? c.short
        case .tandemDefault(let reason): "Tandem default: \(reason)"
        }
    }
}

/// How far a rule rests on the sources.
public enum RuleBasis: String, Sendable, Hashable, Codable, CaseIterable {
    /// The practice and every threshold the rule reads come from a seed.
    case sourced
    /// The practice is in a seed, but a threshold it reads is Tandem's default.
    case defaultThreshold = "default-threshold"
    /// The rule checks something the seeds do not ask for (its `beyondSources` says why).
    case beyondSources = "beyond-sources"
}

/// A named policy parameter: a threshold rules read as `params.NAME`, declared once with its type,
/// unit and provenance, and overridable by an extending policy set.
public struct PolicyParameter: Sendable {
    /// The value types a parameter can have.
    public enum Kind: String, Sendable, CaseIterable {
        case int, double, bool, string, strings

        var celType: CELType {
            switch self {
            case .int: .int
            case .double: .double
            case .bool: .bool
            case .string: .string
            case .strings: .list(.string)
            }
        }

        /// The CEL value of `node`, or nil when it does not have this type (an int is a double).
        func value(_ node: YAMLNode) -> Value? {
            switch (self, node.value) {
            case (.int, .scalar(.int(let i))): .int(i)
            case (.double, .scalar(.int(let i))): .double(Double(i))
            case (.double, .scalar(.double(let d))): .double(d)
            case (.bool, .scalar(.bool(let b))): .bool(b)
            case (.string, .scalar(.string(let s))): .string(s)
            case (.strings, .sequence(let items)):
                items.allSatisfy { $0.string != nil } ? .list(items.compactMap(\.string).map(Value.string)) : nil
            default: nil
            }
        }
    }

    /// Identifier.
    public let name: String
    /// Type.
    public let kind: Kind
    /// The value rules see: the default, or an extending set's override.
    public internal(set) var value: Value
    /// The declared default.
    public let defaultValue: Value
    /// Unit (days, share of meetings, …).
    public let unit: String?
    /// What it controls.
    public let description: String?
    /// Where the default comes from.
    public let provenance: Provenance
    /// Where it is declared.
    public let declaredAt: SourceLocation
    /// Where an extending set overrode it, and why.
    public internal(set) var override: (location: SourceLocation, reason: String?)?

    /// The CEL value of `params` for these parameters: a map from name to value.
    public static func celValue(_ parameters: [PolicyParameter]) -> Value {
        ParameterCompiler.binding(parameters).value
    }

    /// Puts the default back (to compile rules for their examples).
    mutating func resetToDefault() {
        value = defaultValue
        override = nil
    }

    /// The value as written in reports.
    public var displayValue: String { Self.display(value) }

    /// The default as written in reports.
    public var displayDefault: String { Self.display(defaultValue) }

    static func display(_ value: Value) -> String {
        switch value {
        case .int(let i): String(i)
        case .double(let d): d == d.rounded() && abs(d) < 1e15 ? String(Int64(d)) + ".0" : String(d)
        case .bool(let b): String(b)
        case .string(let s): s
        case .list(let l): "[" + (0..<l.count).map { display(l[$0]) }.joined(separator: ", ") + "]"
        default: "\(value.celType)"
        }
    }
}

/// Reads `parameters:` declarations and parameter overrides.
///
/// Diagnostic codes: `POL018` duplicate parameter, `POL019` a value of the wrong type, `POL020` an
/// override or `params.X` naming no parameter, `POL021` a source that is neither a seed citation
/// with its quotation nor a `tandem-default` with a reason, `POL022` an override that changes
/// nothing or mixes a rule and a parameter, `POL023` a quotation longer than 30 words.
struct ParameterCompiler {
    var diagnostics: [Diagnostic] = []
    private(set) var parameters: [PolicyParameter] = []

    /// The object type parameters are exposed as in CEL.
    static let typeName = "Parameters"

    mutating func declare(_ sets: [LoadedSet]) {
        var seen: [String: SourceLocation] = [:]
        for set in sets {
            let document = set.document
            for node in set.document.root["parameters"]?.sequence ?? [] {
                guard let nameNode = node["name"], let name = nameNode.string,
                    let kind = node["type"]?.string.flatMap(PolicyParameter.Kind.init(rawValue:)), let defaultNode = node["default"]
                else { continue }
                let location = document.location(nameNode.mark)
                guard RuleCompiler.isIdentifier(name) else {
                    diagnostics.append(Diagnostic(PolicyDiagnostics.badParameterName, message: "parameter name '\(name)' must be a simple identifier", location: location))
                    continue
                }
                if let first = seen[name] {
                    diagnostics.append(
                        Diagnostic(
                            PolicyDiagnostics.badParameterName, message: "duplicate parameter '\(name)'", location: location,
                            notes: ["first declared at \(first)", "to change an inherited parameter, use overrides: [{parameter: \(name), value: …}]"]))
                    continue
                }
                seen[name] = location
                guard let value = kind.value(defaultNode) else {
                    diagnostics.append(
                        Diagnostic(
                            PolicyDiagnostics.parameterType, message: "default of parameter '\(name)' must be \(kind.rawValue)",
                            location: document.location(defaultNode.mark)))
                    continue
                }
                guard let provenance = provenance(node["source"], document) else { continue }
                parameters.append(
                    PolicyParameter(
                        name: name, kind: kind, value: value, defaultValue: value, unit: node["unit"]?.string,
                        description: node["description"]?.string, provenance: provenance, declaredAt: document.location(node.mark)))
            }
        }
    }

    /// Applies `overrides: [{parameter: NAME, value: V}]`, later sets winning.
    mutating func applyOverrides(_ sets: [LoadedSet]) {
        for set in sets {
            for node in set.document.root["overrides"]?.sequence ?? [] {
                guard let nameNode = node["parameter"], let name = nameNode.string else { continue }
                guard let index = parameters.firstIndex(where: { $0.name == name }) else {
                    diagnostics.append(
                        Diagnostic(
                            PolicyDiagnostics.unknownParameter, message: "no parameter named '\(name)'", location: set.document.location(nameNode.mark),
                            notes: Suggestion.note(for: name, in: parameters.map(\.name))))
                    continue
                }
                guard let valueNode = node["value"] else {
                    diagnostics.append(Diagnostic(PolicyDiagnostics.badOverride, message: "a parameter override needs a value", location: set.document.location(node.mark)))
                    continue
                }
                guard let value = parameters[index].kind.value(valueNode) else {
                    diagnostics.append(
                        Diagnostic(
                            PolicyDiagnostics.parameterType, message: "parameter '\(name)' is \(parameters[index].kind.rawValue); this value is not",
                            location: set.document.location(valueNode.mark),
                            notes: ["declared at \(parameters[index].declaredAt), default \(parameters[index].displayDefault)"]))
                    continue
                }
                parameters[index].value = value
                parameters[index].override = (set.document.location(valueNode.mark), node["reason"]?.string)
            }
        }
    }

    /// `params` as a CEL map, and its object type's fields.
    var binding: (value: Value, fields: [String: CELType]) { Self.binding(parameters) }

    /// `params` for already compiled parameters.
    static func binding(_ parameters: [PolicyParameter]) -> (value: Value, fields: [String: CELType]) {
        let pairs = parameters.map { (Value.string($0.name), $0.value) }
        let map = (try? DictionaryMap.make(pairs).get()) ?? (try! DictionaryMap.make([]).get())
        return (.map(map), Dictionary(uniqueKeysWithValues: parameters.map { ($0.name, $0.kind.celType) }))
    }

    private mutating func provenance(_ node: YAMLNode?, _ document: YAMLDocument) -> Provenance? {
        guard let node else { return nil }
        if let reason = node["tandem-default"]?.string {
            return .tandemDefault(reason: reason)
        }
        if let citation = Citation.read(node), let quote = citation.quote {
            checkQuote(quote, at: node["quote"]!, document)
            return .seed(citation)
        }
        diagnostics.append(
            Diagnostic(
                PolicyDiagnostics.badProvenance, message: "a parameter's source is either {source, section, quote} from a seed or {tandem-default: reason}",
                location: document.location(node.mark)))
        return nil
    }

    mutating func checkQuote(_ quote: String, at node: YAMLNode, _ document: YAMLDocument) {
        if let problem = Citation.quoteProblem(quote, at: node, document) { diagnostics.append(problem) }
    }
}
