internal import CYaml
import Diagnostics
import Foundation

/// Loads YAML (and JSON, a subset of it) into ``YAMLDocument`` trees through libyaml's event API.
///
/// The loader never throws: it returns every document it could build and every diagnostic it
/// found. libyaml stops at its first syntax error, so a stream has at most one of those, but
/// duplicate keys and limit violations are collected alongside.
///
/// Diagnostic codes:
/// - `YAML001` syntax error reported by libyaml (its problem text is quoted)
/// - `YAML002` input is not valid UTF-8
/// - `YAML003` duplicate key in a mapping
/// - `YAML004` nesting deeper than ``YAMLLimits/maxDepth``
/// - `YAML005` aliases expand past ``YAMLLimits/maxAliasExpansion``
/// - `YAML006` input larger than ``YAMLLimits/maxBytes``
/// - `YAML007` unsupported construct (complex key, unknown tag, undefined alias)
/// - `YAML008` more documents than ``YAMLLimits/maxDocuments``
/// - `YAML009` a file named `.json` that is not valid JSON (``JSONSyntax``)
public struct YAMLLoader: Sendable {
    /// The bounds applied to every load.
    public var limits: YAMLLimits

    /// Whether libyaml parses on a thread of its own while the tree is built.
    public var threads: Threads

    /// Whether one large document is cut into pieces parsed on every core (``SplitLoad``).
    public var splitting: Splitting

    /// Creates a loader.
    public init(limits: YAMLLimits = .default, threads: Threads = .automatic, splitting: Splitting = .automatic) {
        self.limits = limits
        self.threads = threads
        self.splitting = splitting
    }

    /// When a document is parsed in pieces, one per core or more: libyaml reads one character
    /// after the other, and was a third of checking a large snapshot. Either way the documents and
    /// diagnostics are the same; an input that cannot be shown to parse the same in pieces is
    /// parsed whole.
    public enum Splitting: Sendable {
        /// Inputs of 8 MB or more on a machine with more than one core, in pieces that shrink
        /// towards the end (see ``SplitLoad/Sizing``), so that the cores finish together.
        case automatic
        /// Never: the input is parsed whole (``Threads`` still applies).
        case never
        /// Pieces of about this many bytes, whatever the input's size (tests and the fuzzer).
        case pieces(ofBytes: Int)

        static let threshold = 8 << 20
        /// Automatic pieces start at what remains ÷ (this × cores) of the input...
        static let shrinkingDivisor = 2
        /// ...and are no smaller than the input ÷ (this × cores) (nor than 1 MB).
        static let smallestDivisor = 16

        /// How to cut an input of `size` bytes, or nil to parse it whole.
        func sizing(for size: Int) -> SplitLoad.Sizing? {
            switch self {
            case .never: return nil
            case .pieces(let bytes): return SplitLoad.Sizing(smallest: max(1, bytes))
            case .automatic:
                // The size first: counting the cores reads the process's affinity, 35 thousand
                // instructions, which a directory of small snapshots paid for every file.
                guard size >= Self.threshold else { return nil }
                let cores = ProcessInfo.processInfo.activeProcessorCount
                guard cores > 1 else { return nil }
                return SplitLoad.Sizing(smallest: max(1 << 20, size / (cores * Self.smallestDivisor)), shrinkingOver: cores)
            }
        }
    }

    /// How many threads a load uses: libyaml's parsing and the building of the tree are each half
    /// of a load, and overlap on two cores. Either way the documents and diagnostics are the same.
    public enum Threads: Sendable {
        /// Two for an input of 1 MB or more on a machine with more than one core; one otherwise,
        /// where starting a thread costs more than it saves.
        case automatic
        /// Parse and build on the calling thread.
        case one
        /// Parse on a second thread.
        case two

        static let threshold = 1 << 20
    }

    /// The result of loading one stream.
    public struct Result: Sendable {
        /// The documents that were completed.
        public var documents: [YAMLDocument]
        /// Every problem found; when it holds an error, `documents` must not be treated as whole.
        public var diagnostics: [Diagnostic]
    }

    /// Loads every document of `source`.
    public func load(_ source: SourceText) -> Result {
        if source.bytes.count > limits.maxBytes {
            return Result(
                documents: [],
                diagnostics: [
                    Diagnostic(
                        YAMLDiagnostics.tooLarge,
                        message: "input is \(source.bytes.count) bytes, over the limit of \(limits.maxBytes) (raise it with --max-file-size)",
                        fr: "l'entrée fait \(source.bytes.count) octets, au-delà de la limite de \(limits.maxBytes) (relevez-la avec --max-file-size)",
                        location: SourceLocation(file: source.path, line: 1, column: 1))
                ])
        }
        let json = source.path.lowercased().hasSuffix(".json")
        let result = source.bytes.withUnsafeBufferPointer { buffer in
            if !json, let sizing = splitting.sizing(for: buffer.count),
                let split = SplitLoad(path: source.path, limits: limits, source: .bytes(buffer), sizing: sizing).load()
            {
                return split
            }
            var builder = TreeBuilder(path: source.path, limits: limits, input: .bytes(buffer))
            builder.run(threads: threads)
            return Result(documents: builder.finish(), diagnostics: builder.diagnostics)
        }
        // A file named .json is held to JSON's grammar, which YAML is laxer than (libyaml's own
        // syntax errors, with their context, come first).
        if !result.diagnostics.containsErrors, json, let problem = JSONSyntax.firstError(source.bytes) {
            return Result(
                documents: [],
                diagnostics: [
                    Diagnostic(
                        YAMLDiagnostics.notJSON, message: "not valid JSON: \(problem.message)", fr: "JSON invalide : \(problem.message)",
                        location: SourceLocation(file: source.path, line: problem.line, column: problem.column))
                ])
        }
        return result
    }

    /// Loads the regular file at `path` as libyaml reads it, 64 KB at a time, without holding its
    /// text: a large snapshot's bytes were a third of a check's peak memory beside the tree.
    ///
    /// Returns nil when the text is needed after all, and the caller should read the file and
    /// ``load(_:)`` it: for anything but a non-empty regular file within the size limit, for a
    /// `.json` file (checked against JSON's grammar), and whenever loading reports a problem, so
    /// that every diagnostic — positions from byte offsets, quoted lines — is exactly the one an
    /// in-memory load gives. A clean file, the common case, is read once.
    public func load(streaming path: String) -> Result? {
        guard !path.lowercased().hasSuffix(".json") else { return nil }
        // Only a regular file is opened here: opening a FIFO waits for its writer, and closing it
        // unread would lose what the writer sent before the in-memory load opened it again.
        var named = stat()
        guard stat(path, &named) == 0, (named.st_mode & S_IFMT) == S_IFREG else { return nil }
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, info.st_size > 0, Int(info.st_size) <= limits.maxBytes else { return nil }
        if let sizing = splitting.sizing(for: Int(info.st_size)),
            let split = SplitLoad(path: path, limits: limits, source: .file(fd: fd, size: Int(info.st_size)), sizing: sizing).load()
        {
            return split
        }
        let reader = FileReader(fd: fd, limit: limits.maxBytes)
        var builder = TreeBuilder(path: path, limits: limits, input: .file(reader, size: Int(info.st_size)))
        builder.run(threads: threads)
        guard builder.diagnostics.isEmpty, !reader.failed else { return nil }
        return Result(documents: builder.finish(), diagnostics: [])
    }

    /// Loads `text` as if read from `path`; a convenience for tests and inline snippets.
    public func load(_ text: String, path: String = "<inline>") -> Result {
        load(SourceText(path: path, text: text))
    }
}

/// Turns libyaml events into nodes of one ``YAMLTree``; one instance per stream.
struct TreeBuilder {
    let path: String
    let limits: YAMLLimits
    let input: Input
    var diagnostics: [Diagnostic] = []

    /// Open collections around this stream's root that are not in its text: 1 for a piece of a
    /// document holding items of a root mapping's list (``SplitLoad``), so that the depth limit
    /// is reached where it is in the whole document.
    var enclosingDepth = 0
    /// A piece of a document stops at an anchor, an alias or a tag (``SplitLoad``): those refer
    /// across the document, and the whole document is parsed instead.
    var refusesReferences = false
    /// An anchor, alias or tag stopped a stream that refuses them.
    private(set) var metReference = false
    /// Whether the first document's root collection is written in flow style.
    private(set) var rootIsFlow = false
    /// Where the stream ended: its line is one more than the text's line breaks.
    private(set) var endMark: Mark?

    /// Where libyaml reads from: text in memory, or a file it reads in chunks.
    enum Input {
        case bytes(UnsafeBufferPointer<UInt8>)
        case file(FileReader, size: Int)
    }

    private var tree: YAMLTreeBuilder
    private var roots: [UInt32] = []
    private var stack: [Frame] = []
    private var anchors: [String: (node: UInt32, size: Int)] = [:]
    private var aliasBudgetUsed = 0
    private var root: UInt32?
    private var rootSize = 0

    /// Creates a builder; `reserving` is the size of the text the tree will hold, when more than
    /// `input` (the first piece of a document, which the others join).
    init(path: String, limits: YAMLLimits, input: Input, reserving: Int? = nil) {
        self.path = path
        self.limits = limits
        self.input = input
        let size =
            switch input {
            case .bytes(let bytes): bytes.count
            case .file(_, let size): size
            }
        // About one node per ten bytes in a typical snapshot; capacity never touched costs nothing.
        tree = YAMLTreeBuilder(expectedNodes: (reserving ?? size) / 6)
    }

    /// The documents completed, sharing one tree.
    func finish() -> [YAMLDocument] {
        tree.build(roots: roots).enumerated().map { YAMLDocument(path: path, index: $0.offset, root: $0.element) }
    }

    /// The tree as built so far and the documents' roots in it, for joining to other pieces.
    consuming func finishPiece() -> (tree: YAMLTreeBuilder, roots: [UInt32]) {
        (tree, roots)
    }

    /// An open collection: where its children start in the shared pending buffers, and how many
    /// nodes they hold. The children of every open collection sit in two buffers, one after the
    /// other as the collections nest, instead of an array per collection copied in and out of an
    /// enum on each child (at 1,000 teams: 687 → 498 million instructions for the events).
    private struct Frame {
        var mark: Mark
        var anchor: String?
        var size = 1
        let isMapping: Bool
        /// The first child's position in ``TreeBuilder/pendingItems`` or ``TreeBuilder/pendingEntries``.
        let start: Int
        /// A key read but not yet paired.
        var pendingKey: PendingKey?
        /// First mark of each key id, built once a mapping has 16 entries (smaller ones search
        /// linearly).
        var index: [UInt32: Mark]?

        init(mark: Mark, anchor: String?, isMapping: Bool, start: Int) {
            self.mark = mark
            self.anchor = anchor
            self.isMapping = isMapping
            self.start = start
        }

        /// Whether the next scalar is this mapping's key.
        var awaitsKey: Bool { isMapping && pendingKey == nil }

        /// A key read but not yet paired; a duplicate's value is read and then dropped.
        struct PendingKey {
            var key: UInt32
            var mark: Mark
            var isDuplicate: Bool
        }
    }

    /// The children of the open sequences, innermost last.
    private var pendingItems: [UInt32] = []
    /// The entries of the open mappings, innermost last.
    private var pendingEntries: [YAMLTreeBuilder.Entry] = []

    /// Reads every event, on a second thread for a large input (``YAMLLoader/Threads``).
    mutating func run(threads: YAMLLoader.Threads) {
        let source = SendableInput(input: producerInput)
        let size =
            switch input {
            case .bytes(let bytes): bytes.count
            case .file(_, let size): size
            }
        let twoThreads =
            switch threads {
            case .one: false
            case .two: true
            case .automatic: size >= YAMLLoader.Threads.threshold && ProcessInfo.processInfo.activeProcessorCount > 1
            }
        guard twoThreads else {
            let producer = EventProducer(source.input)
            var batch = EventBatch()
            repeat {
                producer.fill(&batch)
            } while consume(batch)
            return
        }
        let pipe = EventPipe()
        pipe.start { EventProducer(source.input) }
        // The producer reads the caller's input: it has ended when this returns.
        defer { pipe.finish() }
        while let batch = pipe.take() {
            let more = consume(batch)
            pipe.recycle(batch)
            if !more { return }
        }
    }

    /// What the producer reads.
    private var producerInput: EventProducer.Input {
        switch input {
        case .bytes(let bytes): .bytes(bytes)
        case .file(let reader, _): .file(reader)
        }
    }

    /// The input crosses to the producer's thread, which ends before ``run(threads:)`` returns.
    private struct SendableInput: @unchecked Sendable {
        let input: EventProducer.Input
    }

    /// Handles a batch's events; false when loading is over (the stream ended, libyaml failed or
    /// a limit was reached).
    private mutating func consume(_ batch: EventBatch) -> Bool {
        for event in batch.events {
            let done = event.type == YAML_STREAM_END_EVENT
            if !handle(event, in: batch) || done { return false }
        }
        if let failure = batch.failure {
            report(failure)
            return false
        }
        return !batch.isLast
    }

    /// Handles one event; returns false when loading must stop.
    private mutating func handle(_ event: EventBatch.Event, in batch: EventBatch) -> Bool {
        let mark = event.mark
        if refusesReferences, event.anchor >= 0 || event.tag >= 0 || event.type == YAML_ALIAS_EVENT {
            metReference = true
            return false
        }
        switch event.type {
        case YAML_STREAM_END_EVENT:
            endMark = mark
        case YAML_DOCUMENT_START_EVENT:
            if roots.count >= limits.maxDocuments {
                fail(
                    YAMLDiagnostics.tooManyDocuments, "stream has more than \(limits.maxDocuments) documents", fr: "le flux contient plus de \(limits.maxDocuments) documents",
                    mark)
                return false
            }
            anchors = [:]
            root = nil
        case YAML_DOCUMENT_END_EVENT:
            roots.append(root ?? tree.scalar(.null, at: mark))
            root = nil
        case YAML_SCALAR_EVENT:
            return batch.withText(event) { bytes in scalar(event, bytes, in: batch, at: mark) }
        case YAML_SEQUENCE_START_EVENT:
            if stack.isEmpty, roots.isEmpty { rootIsFlow = event.isFlow }
            return open(Frame(mark: mark, anchor: batch.name(event.anchor), isMapping: false, start: pendingItems.count))
        case YAML_MAPPING_START_EVENT:
            if stack.isEmpty, roots.isEmpty { rootIsFlow = event.isFlow }
            return open(Frame(mark: mark, anchor: batch.name(event.anchor), isMapping: true, start: pendingEntries.count))
        case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
            guard let frame = stack.popLast() else { return true }
            let node: UInt32
            if frame.isMapping {
                node = tree.mapping(pendingEntries[frame.start...], at: frame.mark)
                pendingEntries.removeSubrange(frame.start...)
            } else {
                node = tree.sequence(pendingItems[frame.start...], at: frame.mark)
                pendingItems.removeSubrange(frame.start...)
            }
            if let anchor = frame.anchor { anchors[anchor] = (node, frame.size) }
            return add(node, size: frame.size, at: frame.mark)
        case YAML_ALIAS_EVENT:
            let name = batch.name(event.anchor) ?? ""
            guard let (anchored, size) = anchors[name] else {
                fail(
                    YAMLDiagnostics.unsupported, "alias '*\(name)' refers to no anchor defined before it", fr: "l'alias « *\(name) » ne renvoie à aucune ancre définie avant lui",
                    mark)
                return false
            }
            aliasBudgetUsed += size
            if aliasBudgetUsed > limits.maxAliasExpansion {
                fail(
                    YAMLDiagnostics.aliasBomb,
                    "aliases expand to more than \(limits.maxAliasExpansion) nodes (a \"billion laughs\" document?); raise the limit with --max-alias-expansion",
                    fr: "les alias se déploient en plus de \(limits.maxAliasExpansion) nœuds (un document « billion laughs » ?) ; relevez la limite avec --max-alias-expansion",
                    mark)
                return false
            }
            if stack.last?.awaitsKey == true {
                guard let key = tree.scalarText(anchored) else {
                    fail(YAMLDiagnostics.unsupported, "mapping keys must be scalars", fr: "les clés d'un dictionnaire doivent être des scalaires", mark)
                    return false
                }
                return pushKey(tree.keyID(key), at: mark)
            }
            // The alias shares the anchored node's children, at the alias's own mark.
            return add(tree.alias(of: anchored, at: mark), size: size, at: mark)
        default:
            break
        }
        return true
    }

    /// A scalar event, read from its bytes: a key or a short string is made a `String` only the
    /// first time it is met, and words, ids and dates are told from numbers without one.
    private mutating func scalar(_ event: EventBatch.Event, _ bytes: UnsafeRawBufferPointer, in batch: EventBatch, at mark: Mark) -> Bool {
        // A key keeps its text verbatim, whatever it would resolve to.
        if stack.last?.awaitsKey == true { return pushKey(tree.keyID(bytes: bytes), at: mark) }
        let node: UInt32
        if let tag = batch.name(event.tag) {
            guard let scalar = resolve(bytes, tag: tag, at: mark) else {
                return false
            }
            node = tree.scalar(scalar, at: mark)
        } else if event.style == YAML_PLAIN_SCALAR_STYLE, let resolved = CoreSchema.resolve(plain: bytes) {
            node = tree.scalar(resolved, at: mark)
        } else {
            node = tree.string(bytes: bytes, at: mark)
        }
        if let anchor = batch.name(event.anchor) { anchors[anchor] = (node, 1) }
        return add(node, size: 1, at: mark)
    }

    private mutating func open(_ frame: consuming Frame) -> Bool {
        if stack.last?.awaitsKey == true {
            fail(
                YAMLDiagnostics.unsupported, "mapping keys must be scalars; complex keys are not supported",
                fr: "les clés d'un dictionnaire doivent être des scalaires ; les clés complexes ne sont pas acceptées", frame.mark)
            return false
        }
        if stack.count + enclosingDepth >= limits.maxDepth {
            fail(
                YAMLDiagnostics.tooDeep, "nesting is deeper than \(limits.maxDepth) levels; raise the limit with --max-depth",
                fr: "l'imbrication dépasse \(limits.maxDepth) niveaux ; relevez la limite avec --max-depth", frame.mark)
            return false
        }
        stack.append(frame)
        return true
    }

    private mutating func pushKey(_ key: UInt32, at mark: Mark) -> Bool {
        let top = stack.count - 1
        let start = stack[top].start
        var firstMark: Mark?
        if let index = stack[top].index {
            firstMark = index[key]
        } else {
            // Interned ids: comparing two keys is comparing two numbers.
            for position in start..<pendingEntries.count where pendingEntries[position].key == key {
                firstMark = pendingEntries[position].keyMark
                break
            }
        }
        if let firstMark {
            diagnostics.append(
                Diagnostic(
                    YAMLDiagnostics.duplicateKey,
                    message: "duplicate key '\(tree.keys[Int(key)])'", fr: "clé « \(tree.keys[Int(key)]) » en double",
                    location: SourceLocation(file: path, line: Int(mark.line), column: Int(mark.column)),
                    notes: ["first defined at line \(firstMark.line), column \(firstMark.column)"]))
        }
        // Small mappings search linearly; large ones build a hash index once.
        if stack[top].index == nil, pendingEntries.count - start >= 16 {
            var built: [UInt32: Mark] = [:]
            for position in start..<pendingEntries.count where built[pendingEntries[position].key] == nil {
                built[pendingEntries[position].key] = pendingEntries[position].keyMark
            }
            stack[top].index = built
        }
        if firstMark == nil { stack[top].index?[key] = mark }
        stack[top].pendingKey = Frame.PendingKey(key: key, mark: mark, isDuplicate: firstMark != nil)
        return true
    }

    private mutating func add(_ node: UInt32, size: Int, at mark: Mark) -> Bool {
        guard !stack.isEmpty else {
            root = node
            rootSize = size
            return true
        }
        let top = stack.count - 1
        stack[top].size += size
        guard stack[top].isMapping else {
            pendingItems.append(node)
            return true
        }
        guard let pending = stack[top].pendingKey else {
            fail(YAMLDiagnostics.unsupported, "mapping keys must be scalars", fr: "les clés d'un dictionnaire doivent être des scalaires", mark)
            return false
        }
        // A duplicate key's value is dropped; the diagnostic already marks the run as failed.
        if !pending.isDuplicate { pendingEntries.append(YAMLTreeBuilder.Entry(key: pending.key, keyMark: pending.mark, value: node)) }
        stack[top].pendingKey = nil
        return true
    }

    /// A scalar written with an explicit tag: only the core schema's are accepted.
    private mutating func resolve(_ bytes: UnsafeRawBufferPointer, tag: String, at mark: Mark) -> YAMLScalar? {
        let text = String(decoding: bytes, as: UTF8.self)
        switch tag {
        case "tag:yaml.org,2002:str", "!": return .string(text)
        case "tag:yaml.org,2002:null": return .null
        case "tag:yaml.org,2002:bool", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float":
            let resolved = CoreSchema.resolve(plain: bytes)
            let wanted = tag.split(separator: ":").last.map(String.init) ?? tag
            switch (wanted, resolved) {
            case ("bool", .bool?), ("int", .int?), ("float", .double?): return resolved
            case ("float", .int(let i)?): return .double(Double(i))
            default:
                fail(YAMLDiagnostics.unsupported, "'\(text)' is not a valid !!\(wanted)", fr: "« \(text) » n'est pas un !!\(wanted) valide", mark)
                return nil
            }
        default:
            fail(
                YAMLDiagnostics.unsupported, "unsupported tag '\(tag)'; only the core schema tags (!!str, !!int, !!float, !!bool, !!null) are accepted",
                fr: "étiquette « \(tag) » non prise en charge ; seules celles du schéma de base (!!str, !!int, !!float, !!bool, !!null) sont acceptées", mark)
            return nil
        }
    }

    private mutating func fail(_ kind: DiagnosticKind, _ message: String, fr: String, _ mark: Mark) {
        diagnostics.append(
            Diagnostic(
                kind, message: message, fr: fr,
                location: SourceLocation(file: path, line: Int(mark.line), column: Int(mark.column))))
    }

    private mutating func report(_ failure: ParserFailure) {
        let problem = failure.problem
        if failure.isReaderError {
            // Reader errors carry a byte offset, not a mark.
            let mark = markForOffset(failure.problemOffset)
            let utf8 = problem.contains("UTF-8") || problem.contains("UTF-16") || problem.contains("control characters")
            fail(
                utf8 ? YAMLDiagnostics.encoding : YAMLDiagnostics.syntax, utf8 ? "input is not valid UTF-8: \(problem) at byte \(failure.problemOffset)" : problem,
                fr: utf8 ? "l'entrée n'est pas en UTF-8 valide : \(problem) à l'octet \(failure.problemOffset)" : "YAML illisible : \(problem)", mark)
            return
        }
        var message = problem
        var french = Self.french(libyaml: problem)
        if let context = failure.context {
            let contextMark = failure.contextMark
            message += " (\(context) at line \(contextMark.line), column \(contextMark.column))"
            french += " (\(Self.french(context: context)), ligne \(contextMark.line), colonne \(contextMark.column))"
        }
        fail(YAMLDiagnostics.syntax, message, fr: french, failure.problemMark)
    }

    /// Where libyaml was when it failed, in French.
    static func french(context: String) -> String {
        let places = [
            "while parsing a block mapping": "dans un dictionnaire en bloc", "while parsing a block collection": "dans une liste en bloc",
            "while parsing a flow mapping": "dans un dictionnaire entre accolades", "while parsing a flow sequence": "dans une liste entre crochets",
            "while scanning a quoted scalar": "dans un texte entre guillemets", "while scanning a simple key": "dans une clé",
            "while parsing a block node": "dans un nœud en bloc", "while parsing a flow node": "dans un nœud", "while scanning a plain scalar": "dans un texte",
        ]
        return places[context] ?? context
    }

    /// libyaml's most frequent problems in French; any other is quoted as libyaml says it.
    static func french(libyaml problem: String) -> String {
        switch problem {
        case "mapping values are not allowed in this context": "un « : » n'est pas permis ici (une valeur de dictionnaire sans clé, ou un « : » dans un texte à mettre entre guillemets)"
        case "did not find expected key": "clé attendue introuvable (indentation incohérente ?)"
        case "found character that cannot start any token": "caractère qui ne peut commencer aucun élément (une tabulation pour indenter ?)"
        case "could not find expected ':'": "« : » attendu introuvable"
        case "did not find expected '-' indicator": "tiret « - » attendu introuvable (indentation de la liste ?)"
        case "block sequence entries are not allowed in this context": "une entrée de liste « - » n'est pas permise ici"
        case "found unexpected end of stream": "fin de fichier inattendue (guillemet ou crochet non fermé ?)"
        case "found undefined tag handle": "préfixe d'étiquette non défini"
        case "did not find expected node content": "contenu attendu introuvable"
        case "did not find expected ',' or ']'": "« , » ou « ] » attendu introuvable"
        case "did not find expected ',' or '}'": "« , » ou « } » attendu introuvable"
        case "found a tab character that violates indentation": "une tabulation rompt l'indentation"
        case "found unknown escape character": "séquence d'échappement inconnue"
        case ParserFailure.allocation.problem: "libyaml n'a pas pu créer d'analyseur"
        default: "erreur de syntaxe YAML (libyaml : \(problem))"
        }
    }

    private func markForOffset(_ offset: Int) -> Mark {
        // A streamed load with any problem is redone in memory (``YAMLLoader/load(streaming:)``).
        guard case .bytes(let bytes) = input else { return Mark(line: 1, column: 1) }
        var line = 1
        var column = 1
        var i = 0
        while i < min(offset, bytes.count) {
            if bytes[i] == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else if bytes[i] & 0xC0 != 0x80 {
                column += 1
            }
            i += 1
        }
        return Mark(line: line, column: column)
    }
}

/// libyaml's input for a streamed load: reads a file descriptor in the chunks libyaml asks for,
/// and fails the read past the size limit (a file that grew after it was measured).
final class FileReader {
    let fd: Int32
    let limit: Int
    /// The bytes of the file to read, when only a piece of it (read at its offsets, so that
    /// several readers share one descriptor); all of it otherwise.
    let range: Range<Int>?
    private(set) var total = 0
    /// A read failed or went past the limit: the load is not to be trusted.
    private(set) var failed = false

    init(fd: Int32, limit: Int, range: Range<Int>? = nil) {
        self.fd = fd
        self.limit = limit
        self.range = range
    }

    func read(into buffer: UnsafeMutablePointer<UInt8>, size: Int, sizeRead: UnsafeMutablePointer<Int>) -> Int32 {
        if let range {
            let wanted = min(size, range.count - total)
            guard wanted > 0 else {
                sizeRead.pointee = 0
                return 1
            }
            while true {
                let n = pread(fd, buffer, wanted, off_t(range.lowerBound + total))
                if n < 0, errno == EINTR { continue }
                // A piece ends where it was measured to: a shorter file has changed under the load.
                guard n > 0 else {
                    failed = true
                    return 0
                }
                total += n
                sizeRead.pointee = n
                return 1
            }
        }
        while true {
            let n = systemRead(fd, buffer, size)
            if n < 0, errno == EINTR { continue }
            guard n >= 0, total + n <= limit else {
                failed = true
                return 0
            }
            total += n
            sizeRead.pointee = n
            return 1
        }
    }
}
