import CEL
import Diagnostics
import Foundation
import Parallel
import SnapshotModel
import YAMLSource

/// Compiles policy files into a ``CompiledPolicySet``, reporting every problem in every file, each
/// at `file:line:col`, before anything is evaluated.
///
/// Diagnostic codes, beyond the schema codes (`POL001`–`POL010`, as `SNAP…` for snapshots) and the
/// expression codes (`CEL001`–`CEL007`):
/// - `POL011` duplicate rule id
/// - `POL012` `extends` names a missing file, or forms a cycle
/// - `POL013` an override matches no rule (warning)
/// - `POL014` `forEach` is not a list, or `as` is missing or invalid
/// - `POL015` no policy set found
/// - `POL016` unterminated `{{` in a message
public struct PolicyCompiler: Sendable {
    /// Limits for reading policy files.
    public var limits: YAMLLimits
    /// The language of the texts compiled into rules and factors (title, message, remediation,
    /// explanation); a text not written in it falls back to its set's first declared language.
    public var language: Language

    /// Creates a compiler.
    public init(limits: YAMLLimits = .default, language: Language = .en) {
        self.limits = limits
        self.language = language
    }

    /// The outcome of one compilation.
    public struct Result: Sendable {
        /// The compiled set, when there were no errors.
        public var policySet: CompiledPolicySet?
        /// The risk model found beside the policies, compiled against them, if any.
        public var riskModel: CompiledRiskModel?
        /// Every problem found.
        public var diagnostics: [Diagnostic]
        /// Every file read, for quoting source lines in diagnostics.
        public var sources: [SourceText]
    }

    /// Kinds that may share a directory with policy sets and are read by other commands.
    public static let companionKinds: Set<String> = ["RiskModel", "PolicyTest", "Waivers"]

    /// Compiles the policy sets in `paths` (files or directories) as one set.
    public func compile(paths: [String]) -> Result {
        var loader = SetLoader(limits: limits)
        for path in paths { loader.load(path, requestedAt: nil) }
        return compile(loader, named: paths.joined(separator: ", "))
    }

    /// Compiles one policy text already in memory (its `extends` are read relative to its path).
    public func compile(source: SourceText) -> Result {
        var loader = SetLoader(limits: limits)
        loader.load(source, requestedAt: nil, requested: true)
        return compile(loader, named: source.path)
    }

    private func compile(_ loader: SetLoader, named: String) -> Result {
        let paths = [named]
        var diagnostics = loader.diagnostics
        if loader.sets.isEmpty, !diagnostics.containsErrors {
            diagnostics.append(Diagnostic(PolicyDiagnostics.noPolicySet, message: "no PolicySet documents in \(paths.joined(separator: ", "))"))
        }
        var compiler = RuleCompiler()
        compiler.language = language
        let set = compiler.compile(loader.sets)
        diagnostics += compiler.diagnostics
        var riskModel: CompiledRiskModel?
        if loader.riskModels.count > 1 {
            let second = loader.riskModels[1]
            diagnostics.append(
                Diagnostic(
                    RiskDiagnostics.secondModel, message: "more than one RiskModel; keep one per policy set",
                    location: second.document.location(second.document.root.mark)))
        } else if let model = loader.riskModels.first {
            var riskCompiler = RiskModelCompiler(ruleIDs: Set(set.rules.map(\.id) + set.disabled))
            riskCompiler.parameters = set.parameters
            riskCompiler.language = language
            riskModel = riskCompiler.compile(model)
            diagnostics += riskCompiler.diagnostics
        }
        let failed = diagnostics.containsErrors
        return Result(policySet: failed ? nil : set, riskModel: failed ? nil : riskModel, diagnostics: diagnostics, sources: loader.sources)
    }
}

/// One `PolicySet` document and the file it came from.
struct LoadedSet: Sendable {
    let document: YAMLDocument
    let source: SourceText
    /// True for a set named on the command line, false for one reached through `extends`: the
    /// compiled set takes its name from the first set named, the committee's own.
    var isRequested = false

    /// The CEL extension libraries this file's expressions may use: those its `cel.extensions`
    /// names, or all when it names none (the schema has already rejected unknown names).
    var extensions: Set<CELExtension> {
        guard let names = document.root["cel"]?["extensions"]?.sequence else { return CELExtension.all }
        return Set(names.compactMap { $0.string.flatMap(CELExtension.init(rawValue:)) })
    }

    /// The languages this file's texts are written in (`languages:`, first the one every text
    /// has); English when it declares none.
    var languages: [Language] {
        let declared = document.root["languages"]?.sequence?.compactMap { $0.string.flatMap(Language.init(rawValue:)) } ?? []
        return declared.isEmpty ? [.en] : declared
    }

    /// Whether the file declares its languages, and so promises each text in all of them.
    var declaresLanguages: Bool { document.root["languages"] != nil }
}

/// Texts for people, written as a string or as a map of languages (`{en: …, fr: …}`).
enum LocalizedText {
    /// The node holding `field`'s text in `language`: an override's (the committee's words win),
    /// else the rule's own, else either one's first declared language; a plain string is in its
    /// file's first language and stands for every language.
    static func pick(
        _ field: String, in node: YAMLNode, of set: LoadedSet, override: (node: YAMLNode, set: LoadedSet)?, language: Language
    ) -> (node: YAMLNode, set: LoadedSet)? {
        let own = node[field].map { ($0, set) }
        let candidates = [override, own].compactMap { $0 }
        for (text, file) in candidates {
            if text.scalar != nil { return (text, file) }
            if let chosen = text[language.rawValue] { return (chosen, file) }
        }
        for (text, file) in candidates {
            if let fallback = text[file.languages[0].rawValue] ?? text.mapping?.entries.first?.value { return (fallback, file) }
        }
        return nil
    }

    /// A diagnostic of `kind` for each of `fields` of `node` that lacks a language its file
    /// declares (none when the file declares no languages).
    static func missingLanguages(of fields: [String], in node: YAMLNode, of set: LoadedSet, owner: String, kind: DiagnosticKind) -> [Diagnostic] {
        guard set.declaresLanguages else { return [] }
        return fields.compactMap { field in
            guard let text = node[field] else { return nil }
            let missing = Self.missing(text, declared: set.languages)
            guard !missing.isEmpty else { return nil }
            return Diagnostic(
                kind, message: "\(field) of \(owner) has no \(missing.map(\.rawValue).joined(separator: ", ")) text, which this file declares",
                location: set.document.location(text.mark))
        }
    }

    /// The declared languages `text` lacks (a plain string has only its file's first one).
    static func missing(_ text: YAMLNode, declared: [Language]) -> [Language] {
        if text.scalar != nil { return Array(declared.dropFirst()) }
        return declared.filter { text[$0.rawValue] == nil }
    }
}

/// Reads policy files, follows `extends`, and validates each document against ``PolicySchema``.
private struct SetLoader {
    let limits: YAMLLimits
    var sets: [LoadedSet] = []
    var riskModels: [LoadedSet] = []
    var sources: [SourceText] = []
    var diagnostics: [Diagnostic] = []
    var loaded: Set<String> = []
    var stack: [String] = []
    /// Files of a directory read and parsed ahead, on every core, by path; each is taken once.
    var parsed: [String: Parsed] = [:]

    /// A policy file read and parsed (nil when it could not be read), with each document's
    /// schema problems.
    struct Parsed: Sendable {
        let files: SourceFiles
        let yaml: YAMLLoader.Result?
        var problems: [[Diagnostic]] = []
    }

    /// The schema problems of a policy document, by its kind (none for a kind checked elsewhere).
    static func schemaProblems(_ document: YAMLDocument) -> [Diagnostic] {
        switch document.root["kind"]?.string {
        case RiskModelSchema.kind: SchemaValidator(root: RiskModelSchema.root, codePrefix: "RISK").validate(document)
        case PolicySchema.kind: SchemaValidator(root: PolicySchema.root, codePrefix: "POL").validate(document)
        default: []
        }
    }

    init(limits: YAMLLimits) {
        self.limits = limits
    }

    mutating func load(_ path: String, requestedAt: SourceLocation?) {
        let requested = requestedAt == nil
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            let message = requestedAt == nil ? "no such file or directory: \(path)" : "extends names a missing file or directory: \(path)"
            diagnostics.append(Diagnostic(requestedAt == nil ? InputDiagnostics.missing : PolicyDiagnostics.badExtends, message: message, location: requestedAt))
            return
        }
        if isDirectory.boolValue {
            // Test suites live beside the policies they test; they are not policies.
            let files = SourceFiles.files(under: path).filter { !$0.dropFirst(path.count).split(separator: "/").dropLast().contains("tests") }
            // Reading and parsing is most of compiling a pack, and each file's is independent;
            // what the files mean is still decided one by one, in order, below.
            let limits = limits
            let ahead = concurrentMap(count: files.count, parallel: files.count > 1) { index in
                let read = SourceFiles(operands: [files[index]], maxBytes: limits.maxBytes)
                var parsed = Parsed(files: read, yaml: read.sources.first.map { YAMLLoader(limits: limits).load($0) })
                if let yaml = parsed.yaml, !yaml.diagnostics.containsErrors { parsed.problems = yaml.documents.map(Self.schemaProblems) }
                return parsed
            }
            for (file, parsed) in zip(files, ahead) { self.parsed[file] = parsed }
            for file in files { loadFile(file, requestedAt: requestedAt, requested: requested) }
        } else {
            loadFile(path, requestedAt: requestedAt, requested: requested)
        }
    }

    private mutating func loadFile(_ path: String, requestedAt: SourceLocation?, requested: Bool) {
        let canonical = URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
        if stack.contains(canonical) {
            diagnostics.append(Diagnostic(PolicyDiagnostics.badExtends, message: "extends forms a cycle through \(path)", location: requestedAt))
            return
        }
        guard !loaded.contains(canonical) else { return }
        loaded.insert(canonical)
        let ahead = parsed.removeValue(forKey: path)
        let files = ahead?.files ?? SourceFiles(operands: [path], maxBytes: limits.maxBytes)
        diagnostics += files.diagnostics
        guard let source = files.sources.first else { return }
        stack.append(canonical)
        defer { stack.removeLast() }
        load(source, requestedAt: requestedAt, requested: requested, parsed: ahead)
    }

    mutating func load(_ source: SourceText, requestedAt: SourceLocation?, requested: Bool, parsed: Parsed? = nil) {
        let path = source.path
        sources.append(source)
        let result = parsed?.yaml ?? YAMLLoader(limits: limits).load(source)
        diagnostics += result.diagnostics
        guard !result.diagnostics.containsErrors else { return }
        // Schema problems found ahead, on every core, with the parsing; else found now.
        let checked = parsed?.problems ?? []
        for (position, document) in result.documents.enumerated() {
            let kind = document.root["kind"]?.string
            let problems = position < checked.count ? checked[position] : Self.schemaProblems(document)
            if kind == RiskModelSchema.kind {
                diagnostics += problems
                if !problems.containsErrors { riskModels.append(LoadedSet(document: document, source: source)) }
                continue
            }
            if let kind, PolicyCompiler.companionKinds.contains(kind) { continue }
            if kind != PolicySchema.kind {
                let shown = document.root["kind"].map { $0.scalar?.text ?? $0.typeName } ?? "none"
                diagnostics.append(
                    Diagnostic(
                        SchemaDiagnostics.wrongKind.prefixed("POL"), message: "expected kind '\(PolicySchema.kind)', found \(shown)",
                        location: document.location(document.root["kind"]?.mark ?? document.root.mark)))
                continue
            }
            diagnostics += problems
            if problems.containsErrors { continue }
            let directory = (path as NSString).deletingLastPathComponent
            for parent in document.root["extends"]?.sequence ?? [] {
                guard let relative = parent.string else { continue }
                let target = relative.hasPrefix("/") ? relative : (directory as NSString).appendingPathComponent(relative)
                load(target, requestedAt: document.location(parent.mark))
            }
            sets.append(LoadedSet(document: document, source: source, isRequested: requested))
        }
    }
}
