import Diagnostics
import Foundation
import Parallel
import YAMLSource

/// Checks a YAML document against an ``ObjectSchema`` and reports every problem at once.
///
/// Diagnostic codes:
/// - `SNAP001` unknown key (with a "did you mean" note)
/// - `SNAP002` missing required key
/// - `SNAP003` wrong type
/// - `SNAP004` value outside an enumeration
/// - `SNAP005` invalid ISO 8601 date
/// - `SNAP006` duplicate id
/// - `SNAP007` reference to an id that is not declared
/// - `SNAP008` value out of range
/// - `SNAP009` file holds no document (reported by ``SnapshotLoader``)
/// - `SNAP010` wrong `apiVersion` or `kind` (reported by ``SnapshotLoader``)
/// - `SNAP011`–`SNAP015` facts inconsistent with each other (reported by ``DataQuality``)
public struct SchemaValidator: Sendable {
    /// The schema of the document root.
    public let root: ObjectSchema
    /// Prefix of the diagnostic codes (`SNAP` for snapshots, `POL` for policy files), so a code
    /// says which kind of file is wrong.
    public let codePrefix: String
    /// Whether a field may be written as `unknown` (``FieldSchema/unknownMarker``): true for
    /// snapshots, where facts can be unrecorded; false for policies and other authored files.
    public let acceptsUnknown: Bool

    /// Creates a validator for documents whose root is `root`.
    public init(root: ObjectSchema, codePrefix: String = "SNAP", acceptsUnknown: Bool = false) {
        self.root = root
        self.codePrefix = codePrefix
        self.acceptsUnknown = acceptsUnknown
    }

    /// Every problem in `document`, in document order. A list of ``Walk/longList`` items or more
    /// is checked in parts on every core when `parallel`; the problems are the same either way.
    public func validate(_ document: YAMLDocument, parallel: Bool = ProcessInfo.processInfo.activeProcessorCount > 1) -> [Diagnostic] {
        document.root.read { reader, rootID in
            var walk = Walk(document: document, reader: reader, codePrefix: codePrefix, acceptsUnknown: acceptsUnknown)
            walk.splitsLongLists = parallel
            walk.checkRoot(rootID, root)
            walk.resolveReferences()
            return walk.diagnostics
        }
    }
}

/// One validation pass; collects entity ids and references to resolve at the end.
extension SchemaValidator {
    /// A type's or a value's kind in French ("expected sequence" → « attendu : séquence »).
    public static func french(_ name: String) -> String {
        switch name {
        case "string": "chaîne"
        case "sequence": "séquence"
        case "mapping": "dictionnaire"
        case "integer": "entier"
        case "number": "nombre"
        case "boolean": "booléen"
        case "date (YYYY-MM-DD)": "date (AAAA-MM-JJ)"
        case "person id": "id de personne"
        case "team id": "id d'équipe"
        case "value": "valeur"
        case "CEL expression": "expression CEL"
        case "text, or a map of languages (en, fr) to text": "texte, ou un dictionnaire des langues (en, fr) vers du texte"
        default: name
        }
    }

}

private struct Walk {
    let document: YAMLDocument
    /// The document's tree, read by node number (see ``YAMLReader``): a walk that made a node for
    /// each value counted a reference for each, and compared strings to find each key's field.
    let reader: YAMLReader
    let codePrefix: String
    let acceptsUnknown: Bool
    /// Whether a long list is checked in parts, each on a core of its own (only the outermost
    /// walk splits: its parts do not split again).
    var splitsLongLists = false
    /// Lists this long are worth splitting: the teams or people of a large organization.
    static let longList = 2_048
    var diagnostics: [Diagnostic] = []
    var declared = DeclaredIDs()
    /// References not resolved when met, checked once the document is walked.
    var references: [(kind: EntityKind, id: String, mark: Mark)] = []
    /// The ids this walk declared, in order, when it is a part of a long list's walk (see
    /// ``checkInParts(_:against:key:owner:)``), for the parts to be joined without going
    /// through every id the whole walk knows.
    var added: [(kind: EntityKind, id: String, mark: Mark)]?
    /// The field each key names, by object schema.
    var keyFields: KeyFields
    /// The key number of `id` in the document (nil when no mapping has one).
    let idKey: Int?

    /// A value's key, for messages: its text is made only when a message needs it.
    enum Key {
        case none
        case number(Int)
        case text(String)
    }

    init(document: YAMLDocument, reader: YAMLReader, codePrefix: String, acceptsUnknown: Bool) {
        self.document = document
        self.reader = reader
        self.codePrefix = codePrefix
        self.acceptsUnknown = acceptsUnknown
        keyFields = KeyFields(reader)
        idKey = reader.keyNumber(of: "id")
    }

    /// How a message names the value at `key` of `owner`, in English and in French; made only
    /// when a message is.
    func subject(_ key: Key, _ owner: String) -> String { text(key).map { "'\($0)' in \(owner)" } ?? owner }
    func sujet(_ key: Key, _ owner: String) -> String { text(key).map { "« \($0) » dans \(owner)" } ?? owner }

    func text(_ key: Key) -> String? {
        switch key {
        case .none: nil
        case .number(let number): reader.keyText(number)
        case .text(let text): text
        }
    }

    mutating func report(_ kind: DiagnosticKind, _ message: String, fr: String, at mark: Mark, notes: [String] = []) {
        diagnostics.append(Diagnostic(kind.prefixed(codePrefix), message: message, fr: fr, location: document.location(mark), notes: notes))
    }

    /// The root: a mapping of `schema`.
    mutating func checkRoot(_ id: YAMLReader.ID, _ schema: ObjectSchema) {
        if reader.shape(id) == .mapping { return checkObject(id, schema) }
        wrongType(id, .object(schema), key: .none, owner: schema.name)
    }

    /// `key` and `owner` name the value in messages; the text is built only when one is needed.
    ///
    /// The type is read in place (see ``CheckType``): it lives as long as the process.
    mutating func check(_ id: YAMLReader.ID, against type: UnsafePointer<CheckType>, key: Key, owner: String) {
        // On the type first, then the node through the reader's cheap accessors.
        switch type.pointee.kind {
        case .any:
            return
        case .string:
            if reader.isString(id) { return }
        case .expression:
            if reader.shape(id) == .scalar, !reader.isNull(id) { return }
        case .localizedText:
            if reader.isString(id) { return }
            if reader.shape(id) == .mapping {
                let languages = Language.allCases.map(\.rawValue)
                for index in 0..<reader.count(id) {
                    let language = reader.keyText(reader.key(id, index))
                    if !languages.contains(language) {
                        report(
                            SchemaDiagnostics.unknownKey, "unknown language '\(language)' in \(subject(key, owner)); Tandem speaks \(languages.joined(separator: ", "))",
                            fr: "langue inconnue « \(language) » dans \(sujet(key, owner)) ; Tandem parle \(languages.joined(separator: ", "))", at: reader.keyMark(id, index),
                            notes: Suggestion.note(for: language, in: languages))
                    } else if !reader.isString(reader.value(id, index)) {
                        wrongType(reader.value(id, index), .string, key: .text("\(text(key) ?? owner).\(language)"), owner: owner)
                    }
                }
                if reader.count(id) == 0 {
                    report(
                        SchemaDiagnostics.wrongType, "expected text for \(subject(key, owner)), found an empty mapping", fr: "texte attendu pour \(sujet(key, owner)), trouvé un dictionnaire vide",
                        at: reader.mark(id))
                }
                return
            }
        case .date:
            if let text = reader.string(id) {
                if let date = ISODate.parse(text) {
                    // CEL's timestamps span 0001-01-01 to 9999-12-31; a date outside would pass here
                    // and fail later, inside a rule.
                    if date < -62_135_596_800 || date > 253_402_300_799 {
                        report(
                            SchemaDiagnostics.badDate, "'\(text)' for \(subject(key, owner)) is outside the supported range 0001-01-01 to 9999-12-31",
                            fr: "« \(text) » pour \(sujet(key, owner)) est hors de la plage acceptée, 0001-01-01 à 9999-12-31", at: reader.mark(id))
                    }
                } else {
                    report(
                        SchemaDiagnostics.badDate, "'\(text)' is not an ISO 8601 date for \(subject(key, owner)); write YYYY-MM-DD",
                        fr: "« \(text) » n'est pas une date ISO 8601 pour \(sujet(key, owner)) ; écrivez AAAA-MM-JJ", at: reader.mark(id))
                }
                return
            }
        case .integer:
            if case .int(let value)? = reader.scalar(id) {
                if let minimum = type.pointee.integerMinimum, value < minimum {
                    report(
                        SchemaDiagnostics.outOfRange, "\(subject(key, owner)) must be at least \(minimum), found \(value)",
                        fr: "\(sujet(key, owner)) doit valoir au moins \(minimum) ; trouvé \(value)",
                        at: reader.mark(id))
                }
                return
            }
        case .number:
            if let scalar = reader.scalar(id), scalar.isNumber {
                let value = scalar.numberValue
                if let minimum = type.pointee.numberMinimum, value < minimum {
                    report(
                        SchemaDiagnostics.outOfRange, "\(subject(key, owner)) must be at least \(format(minimum)), found \(scalar.text)",
                        fr: "\(sujet(key, owner)) doit valoir au moins \(format(minimum)) ; trouvé \(scalar.text)", at: reader.mark(id))
                }
                if let maximum = type.pointee.numberMaximum, value > maximum {
                    report(
                        SchemaDiagnostics.outOfRange, "\(subject(key, owner)) must be at most \(format(maximum)), found \(scalar.text)",
                        fr: "\(sujet(key, owner)) doit valoir au plus \(format(maximum)) ; trouvé \(scalar.text)", at: reader.mark(id))
                }
                return
            }
        case .boolean:
            if reader.isBool(id) { return }
        case .enumeration:
            if let text = reader.string(id) {
                if !type.pointee.allows(text) {
                    let allowed = type.pointee.allowedValues
                    report(
                        SchemaDiagnostics.badValue, "'\(text)' is not a valid value for \(subject(key, owner)); expected one of: \(allowed.joined(separator: ", "))",
                        fr: "« \(text) » n'est pas une valeur admise pour \(sujet(key, owner)) ; valeurs admises : \(allowed.joined(separator: ", "))", at: reader.mark(id),
                        notes: Suggestion.note(for: text, in: allowed))
                }
                return
            }
        case .reference:
            if let text = reader.string(id), let kind = type.pointee.entity {
                // Most references point back (people come before the teams naming them): resolved
                // now, only forward ones wait — a 10,000-team snapshot's list of every reference was
                // 25 MB at the peak of its validation (measured with massif).
                if !declared.has(kind, text) { references.append((kind, text, reader.mark(id))) }
                return
            }
        case .list:
            if reader.shape(id) == .sequence, let itemType = type.pointee.element {
                let count = reader.count(id)
                if splitsLongLists, count >= Self.longList, checkInParts(id, against: itemType, key: key, owner: owner) { return }
                for index in 0..<count { check(reader.item(id, index), against: itemType, key: key, owner: owner) }
                return
            }
        case .dictionary:
            if reader.shape(id) == .mapping, let valueType = type.pointee.element {
                for index in 0..<reader.count(id) { check(reader.value(id, index), against: valueType, key: .number(reader.key(id, index)), owner: owner) }
                return
            }
        case .object:
            if reader.shape(id) == .mapping, let schema = type.pointee.objectReference {
                // Borrowed, not counted: every core's walk reads the same few schemas.
                schema._withUnsafeGuaranteedRef { checkObject(id, $0) }
                return
            }
        }
        wrongType(id, type.pointee.type.pointee, key: key, owner: owner)
    }

    /// A value not of its type: the one place the type itself is read (a copy counts references).
    private mutating func wrongType(_ id: YAMLReader.ID, _ type: SchemaType, key: Key, owner: String) {
        let node = reader.node(id)
        report(
            SchemaDiagnostics.wrongType, "expected \(type.displayName) for \(subject(key, owner)), found \(describe(node))",
            fr: "attendu : \(SchemaValidator.french(type.displayName)) pour \(sujet(key, owner)) ; trouvé : \(describe(node, french: true))", at: node.mark,
            notes: hint(for: type, node))
    }

    private mutating func checkObject(_ id: YAMLReader.ID, _ schema: ObjectSchema) {
        // Fields are found by the key's number, resolved to a field once per document, and the
        // ones present are ticked as the keys go by.
        let table = keyFields.table(of: schema) ?? keyFields.add(schema)
        var present = FieldSet(count: schema.fields.count)
        for entry in 0..<reader.count(id) {
            let key = reader.key(id, entry)
            guard let index = keyFields.field(key, of: schema, table: table) else {
                let name = reader.keyText(key)
                report(
                    SchemaDiagnostics.unknownKey, "unknown key '\(name)' in \(schema.name)", fr: "clé inconnue « \(name) » dans \(schema.name)", at: reader.keyMark(id, entry),
                    notes: Suggestion.note(for: name, in: schema.fields.map(\.name)))
                continue
            }
            present.insert(index)
            let value = reader.value(id, entry)
            let type = schema.checkTypes.pointer(index)
            if acceptsUnknown, marksUnknown(value, type.pointee.kind) { continue }
            // In a snapshot, an optional reference written null records that there is none
            // (`coach: null`: no coach), as distinct from absent (not recorded).
            if acceptsUnknown, !schema.isRequired[index], type.pointee.kind == .reference, reader.isNull(value) { continue }
            check(value, against: type, key: .number(key), owner: schema.name)
        }
        for index in schema.isRequired.indices where schema.isRequired[index] && !present.contains(index) {
            report(
                SchemaDiagnostics.missingKey, "missing required key '\(schema.fields[index].name)' in \(schema.name)",
                fr: "clé obligatoire « \(schema.fields[index].name) » absente dans \(schema.name)", at: reader.mark(id))
        }
        if let kind = schema.declares, let idValue = idKey.flatMap({ reader.value(id, forKey: $0) }), let text = reader.string(idValue) {
            if let first = declared[kind][text] {
                report(
                    SchemaDiagnostics.duplicateID, "duplicate \(kind.rawValue) id '\(text)'",
                    fr: "id \(kind == .person ? "de personne" : "d'équipe") « \(text) » en double", at: reader.mark(idValue),
                    notes: ["first declared at line \(first.line), column \(first.column)"])
            } else {
                let mark = reader.mark(idValue)
                declared[kind][text] = mark
                added?.append((kind, text, mark))
            }
        }
    }

    /// Whether `value` is the ``FieldSchema/unknownMarker`` for a field of `type` (see
    /// ``FieldSchema/isUnknownMarker(_:for:)``, which this reads without making a node).
    func marksUnknown(_ value: YAMLReader.ID, _ kind: CheckType.Kind) -> Bool {
        switch kind {
        case .string, .any, .expression: false
        default: reader.isString(value, FieldSchema.unknownMarker)
        }
    }

    /// Checks the items of a long list in contiguous parts, one per core, each part's walk
    /// starting from the ids declared so far, and joins them in order. Their problems are those
    /// a walk in one piece finds, in the same order, unless a part declares an id an earlier part
    /// declared too: that duplicate is reported where the single walk would meet it, so then the
    /// parts are dropped and false returned, for the list to be walked in one piece.
    private mutating func checkInParts(_ list: YAMLReader.ID, against itemType: UnsafePointer<CheckType>, key: Key, owner: String) -> Bool {
        let count = reader.count(list)
        // Twice as many parts as cores: with one each, the core that finished first waited for
        // the other, alone, at the end of every long list.
        let parts = min(max(2, 2 * ProcessInfo.processInfo.activeProcessorCount), count / (Self.longList / 2))
        guard parts > 1 else { return false }
        let base = self
        // A list of objects that declare ids declares one per item: room for them is made once
        // (a dictionary grown an id at a time rehashed every id at each doubling).
        let declares = itemType.pointee.object?.declares
        let item = Unshared(itemType)
        let walks = concurrentMap(count: parts, parallel: true) { part -> Walk in
            var walk = base
            walk.splitsLongLists = false
            walk.diagnostics = []
            walk.references = []
            walk.added = []
            let range = (part * count / parts)..<((part + 1) * count / parts)
            if let declares { walk.declared[declares].reserveCapacity(walk.declared[declares].count + range.count) }
            for index in range {
                walk.check(base.reader.item(list, index), against: item.pointer, key: key, owner: owner)
            }
            return walk
        }
        // Each part declared only ids unknown before it (it reports the others as duplicates
        // itself): an id two parts declare is the duplicate the single walk would report.
        var declared = self.declared
        var adding: [EntityKind: Int] = [:]
        for walk in walks { for entry in walk.added ?? [] { adding[entry.kind, default: 0] += 1 } }
        for (kind, count) in adding { declared[kind].reserveCapacity(declared[kind].count + count) }
        for walk in walks {
            for (kind, id, mark) in walk.added ?? [] {
                guard declared[kind].updateValue(mark, forKey: id) == nil else { return false }
            }
        }
        self.declared = declared
        for walk in walks {
            diagnostics += walk.diagnostics
            references += walk.references
        }
        return true
    }

    mutating func resolveReferences() {
        // The ids suggested from are sorted once per kind, not once per dangling reference (a
        // snapshot whose references all dangle sorted every id for each of them), and only the
        // first dangling references get a suggestion (see `SuggestionBudget`).
        var sortedIDs: [EntityKind: [String]] = [:]
        var suggestions = SuggestionBudget()
        for reference in references where declared[reference.kind][reference.id] == nil {
            let notes = suggestions.note(for: reference.id) {
                if sortedIDs[reference.kind] == nil { sortedIDs[reference.kind] = Array(declared[reference.kind].keys).sorted() }
                return sortedIDs[reference.kind] ?? []
            }
            report(
                SchemaDiagnostics.danglingReference, "no \(reference.kind.rawValue) has id '\(reference.id)'",
                fr: "aucune \(reference.kind == .person ? "personne" : "équipe") n'a l'id « \(reference.id) »", at: reference.mark,
                notes: notes)
        }
    }

    private func describe(_ node: YAMLNode, french: Bool = false) -> String {
        let name = { (english: String) in french ? SchemaValidator.french(english) : english }
        return switch node.value {
        case .scalar(.string(let s)): french ? "chaîne « \(s.count > 40 ? String(s.prefix(40)) + "…" : s) »" : "string '\(s.count > 40 ? String(s.prefix(40)) + "…" : s)'"
        case .scalar(let s): "\(name(s.typeName)) \(s.text)"
        default: name(node.typeName)
        }
    }

    private func hint(for type: SchemaType, _ node: YAMLNode) -> [String] {
        guard case .boolean = type, let text = node.string?.lowercased() else { return [] }
        if ["yes", "no", "on", "off", "y", "n"].contains(text) {
            return ["YAML 1.2 reads '\(node.string!)' as a string; write true or false"]
        }
        return []
    }

    private func format(_ value: Double) -> String {
        value == value.rounded() ? String(Int64(value)) : String(value)
    }
}

extension YAMLScalar {
    var isNumber: Bool {
        switch self {
        case .int, .double: true
        default: false
        }
    }

    var numberValue: Double {
        switch self {
        case .int(let i): Double(i)
        case .double(let d): d
        default: .nan
        }
    }
}

/// Which of an object's fields (by position) a mapping has: a bit mask, with a set for the rare
/// schema of more than 64 fields.
package struct FieldSet {
    private var bits: UInt64 = 0
    private var more: Set<Int>?

    /// An empty set for an object of `count` fields.
    package init(count: Int) {
        if count > 64 { more = [] }
    }

    package mutating func insert(_ index: Int) {
        if index < 64 { bits |= 1 << UInt64(index) } else { more?.insert(index) }
    }

    package func contains(_ index: Int) -> Bool {
        index < 64 ? bits & (1 << UInt64(index)) != 0 : more?.contains(index) == true
    }
}

/// The ids a walk has met, by kind: a table for each kind, not a dictionary of tables, whose
/// every reference and declaration hashed the kind before the id (about 60,000 hashes of a
/// kind at 1,000 teams).
struct DeclaredIDs {
    private var people: [String: Mark] = [:]
    private var teams: [String: Mark] = [:]

    /// Whether `id` is declared as a `kind`. Looked up in the table itself: through the subscript,
    /// each lookup counted a reference on the table, which the parts of a walk on two cores share.
    func has(_ kind: EntityKind, _ id: String) -> Bool {
        switch kind {
        case .person: people[id] != nil
        case .team: teams[id] != nil
        }
    }

    /// The ids of `kind`, with where each was declared.
    subscript(kind: EntityKind) -> [String: Mark] {
        _read {
            switch kind {
            case .person: yield people
            case .team: yield teams
            }
        }
        _modify {
            switch kind {
            case .person: yield &people
            case .team: yield &teams
            }
        }
    }
}

/// A check type handed to the threads of a walk in parts: it lives as long as the process and
/// is never written (see ``CheckType``).
private struct Unshared: @unchecked Sendable {
    let pointer: UnsafePointer<CheckType>
    init(_ pointer: UnsafePointer<CheckType>) { self.pointer = pointer }
}
