import YAMLSource

/// A mapping's declared fields; keys not declared here are errors, so a typo cannot silently
/// disable a rule that reads the misspelt field.
///
/// A class, immutable once built: every value read from a snapshot keeps a reference to its
/// schema, which is shared, not copied, however many values there are.
public final class ObjectSchema: Sendable {
    /// The name under `$defs` in the JSON Schema and in messages ("unknown key 'x' in Team").
    public let name: String
    /// What the object describes, for the JSON Schema and the docs.
    public let summary: String
    /// The fields, in the order documentation lists them.
    public let fields: [FieldSchema]
    /// When set, the object declares an entity of this kind through its `id` field.
    public let declares: EntityKind?
    /// The fields' names and their UTF-8 lengths, side by side: ``fieldIndex(_:)`` scans these
    /// instead of reading each whole field.
    private let names: [String]
    private let nameLengths: [Int]
    /// The fields' types, where a reader can borrow one without counting a reference: rule
    /// evaluation reads a field's type on every field it reads, and copying the (boxed) enum out
    /// of `fields` retained and released it each time. Allocated once and never freed: object
    /// schemas are built once, as static constants of the formats, and live as long as the
    /// process.
    public let fieldTypes: FieldTypes
    /// The fields' types as rule evaluation reads them (``ReadType``), in storage that lives as
    /// long as the process, like ``fieldTypes``.
    public let readTypes: ReadTypes
    /// The fields' types as validation walks them (``CheckType``), in storage that lives as long
    /// as the process, like ``fieldTypes``.
    public let checkTypes: FieldTable<CheckType>
    /// Whether each field is required, by position (read without copying the fields).
    public let isRequired: [Bool]
    /// Each field's default (``FieldSchema/defaultValue``), read in place like ``fieldTypes``.
    public let defaults: FieldTable<YAMLScalar?>
    /// `Schema.field` for each field, the name of the fact an absent field leaves unrecorded.
    public let facts: FieldTable<String>
    /// `not recorded: Schema.field` for each field: the message of that unknown value.
    public let unrecordedMessages: FieldTable<String>

    /// Creates an object schema.
    public init(_ name: String, _ summary: String, declares: EntityKind? = nil, fields: [FieldSchema]) {
        self.name = name
        self.summary = summary
        self.fields = fields
        self.declares = declares
        names = fields.map(\.name)
        nameLengths = fields.map(\.name.utf8.count)
        fieldTypes = FieldTable(fields.map(\.type))
        readTypes = FieldTable(fields.map { ReadType($0.type) })
        checkTypes = FieldTable(fields.map { CheckType($0.type) })
        defaults = FieldTable(fields.map(\.defaultValue))
        isRequired = fields.map(\.isRequired)
        let facts = fields.map { "\(name).\($0.name)" }
        self.facts = FieldTable(facts)
        unrecordedMessages = FieldTable(facts.map { "not recorded: \($0)" })
    }

    /// The field named `name`.
    ///
    /// - Complexity: O(*n*) for *n* fields; a schema has at most a few dozen, and comparing small
    ///   strings beats hashing them (measured: the hashed index was slower in `tandem-bench`).
    public func field(_ name: String) -> FieldSchema? {
        fieldIndex(name).map { fields[$0] }
    }

    /// The position of the field named `name`; reading `fields[i].type` through it avoids copying
    /// the whole field on the hot path of rule evaluation.
    public func fieldIndex(_ name: String) -> Int? {
        // Lengths first: `==` on two strings that differ takes the standard library's slow
        // comparison path (a twentieth of rule evaluation, measured with callgrind); a length
        // is stored, and most names differ in it.
        let length = name.utf8.count
        for i in nameLengths.indices where nameLengths[i] == length && names[i] == name { return i }
        return nil
    }
}

/// One declared key of an ``ObjectSchema``.
public struct FieldSchema: Sendable {
    /// The key.
    public var name: String
    /// The value's type.
    public var type: SchemaType
    /// Whether the key must be present.
    public var isRequired: Bool
    /// What the field means and where the practice comes from.
    public var summary: String
    /// The value rules see when the key is absent (e.g. a member is `active` unless stated).
    public var defaultValue: YAMLScalar?

    /// The word that records a fact as *not known*, as distinct from known to be absent
    /// (`false`, `[]`, `0`). An absent key without a default means the same.
    public static let unknownMarker = "unknown"

    /// Whether `node` is the ``unknownMarker`` standing for this field's value. Free-text string
    /// fields have no marker: there, `unknown` is just text.
    public func isUnknownMarker(_ node: YAMLNode) -> Bool {
        Self.isUnknownMarker(node, for: type)
    }

    /// Whether `node` is the ``unknownMarker`` for a field of `type` (without a field to copy,
    /// for the hot path of rule evaluation).
    public static func isUnknownMarker(_ node: YAMLNode, for type: SchemaType) -> Bool {
        switch type {
        case .string, .any, .expression: return false
        default: return node.isString(unknownMarker)
        }
    }

    /// Creates a field.
    public init(_ name: String, _ type: SchemaType, required: Bool = false, default defaultValue: YAMLScalar? = nil, _ summary: String) {
        self.name = name
        self.type = type
        self.isRequired = required
        self.summary = summary
        self.defaultValue = defaultValue
    }
}

/// One entry per field of an object schema, in immutable storage that lives as long as the
/// process, read in place: rule evaluation reads a field's type, read type and default on every
/// field it reads, and copying them out of ``ObjectSchema/fields`` counted references on
/// storage that every core shares (so the cores took turns owning its counters). Sendable:
/// written once, before the schema is shared.
public struct FieldTable<Element>: @unchecked Sendable {
    let start: UnsafePointer<Element>?
    /// The number of fields.
    public let count: Int

    /// The entries of `elements`, in storage allocated here and never freed: make a table once
    /// per schema, not per value.
    init(_ elements: [Element]) {
        let storage = UnsafeMutableBufferPointer<Element>.allocate(capacity: elements.count)
        _ = storage.initialize(from: elements)
        start = UnsafePointer(storage.baseAddress)
        count = elements.count
    }

    /// Where the entry of field `index` lives, for as long as the process.
    public func pointer(_ index: Int) -> UnsafePointer<Element> {
        precondition(index >= 0 && index < count, "field index out of range")
        return start.unsafelyUnwrapped + index
    }

    /// The entry of field `index`, borrowed in place (an addressor, not a copy).
    public subscript(index: Int) -> Element {
        unsafeAddress {
            precondition(index >= 0 && index < count, "field index out of range")
            return start! + index
        }
    }
}

/// The types of an object schema's fields (``ObjectSchema/fieldTypes``).
public typealias FieldTypes = FieldTable<SchemaType>

/// The read types of an object schema's fields (``ObjectSchema/readTypes``).
public typealias ReadTypes = FieldTable<ReadType>

/// A schema type as rule evaluation reads a value of it: what converting a node needs (its
/// object schema, its element's type, whether `unknown` marks an unrecorded fact), copied without
/// counting a reference.
///
/// Reading a field passed its ``SchemaType`` along, an indirect enum whose every copy counted a
/// reference on a box that all threads share: the two cores took turns owning its counter on
/// every field a rule read. A read type refers to its object schema and element without
/// counting: both live as long as the process (object schemas are the formats' static
/// constants; an element is allocated once, with the schema that holds it, and never freed).
public struct ReadType: @unchecked Sendable {
    /// How a node of this type becomes a value.
    public enum Kind: UInt8, Sendable {
        /// A mapping with declared fields (``object``).
        case object
        /// A mapping of free-form keys to values of ``element``'s type.
        case dictionary
        /// A sequence of values of ``element``'s type.
        case list
        /// A date or date-time string, read as a timestamp.
        case date
        /// A number, read as a double even when written as an integer.
        case number
        /// Anything else, read as its scalar or as an untyped collection.
        case other
    }

    /// How a node of this type becomes a value.
    public let kind: Kind
    /// The object's schema, for ``Kind/object``, not counted: taken from an `unowned(unsafe)`
    /// property, it was counted up and down around every wrapper made of a mapping (a counter
    /// that every core's wrappers share, so the cores took turns owning it).
    public let objectReference: Unmanaged<ObjectSchema>?
    /// The object's schema, for ``Kind/object``.
    public var object: ObjectSchema? { objectReference?.takeUnretainedValue() }
    /// The element type, for ``Kind/list`` and ``Kind/dictionary``.
    public let element: UnsafePointer<ReadType>?
    /// Whether `unknown` written here is the unrecorded marker (``FieldSchema/isUnknownMarker(_:for:)``):
    /// not in free text, where it is just a word.
    public let hasUnknownMarker: Bool

    /// Any value: its scalar, or a collection without a schema.
    public static let any = ReadType(kind: .other, object: nil, element: nil, hasUnknownMarker: false)

    private init(kind: Kind, object: ObjectSchema?, element: UnsafePointer<ReadType>?, hasUnknownMarker: Bool) {
        self.kind = kind
        self.objectReference = object.map { Unmanaged.passUnretained($0) }
        self.element = element
        self.hasUnknownMarker = hasUnknownMarker
    }

    /// The read type of `type`. A list's or dictionary's element is allocated here and never
    /// freed: make read types once per schema, not per value.
    public init(_ type: SchemaType) {
        var object: ObjectSchema?
        var element: UnsafePointer<ReadType>?
        let kind: Kind
        switch type {
        case .object(let schema):
            kind = .object
            object = schema
        case .list(let item), .dictionary(let item):
            if case .list = type { kind = .list } else { kind = .dictionary }
            element = immortal(ReadType(item))
        case .date: kind = .date
        case .number: kind = .number
        default: kind = .other
        }
        switch type {
        case .string, .any, .expression: self.init(kind: kind, object: object, element: element, hasUnknownMarker: false)
        default: self.init(kind: kind, object: object, element: element, hasUnknownMarker: true)
        }
    }
}

/// A schema type as validation walks it: its kind and its parts, read in place without counting
/// a reference.
///
/// The walks passed each field's ``SchemaType`` along, an indirect enum whose every copy counted
/// a reference on a box shared by every thread: at 50,000 teams nearly a third of validation's
/// `perf` samples were reference counts, most of them on those boxes and on the object schemas,
/// the two cores taking turns owning their counters. Like ``ReadType``,
/// a check type and its parts are allocated once, with the schema that holds them, and never
/// freed.
public struct CheckType: @unchecked Sendable {
    /// Which check a value of this type gets.
    public enum Kind: UInt8, Sendable {
        case string, date, integer, number, boolean, enumeration, list, dictionary, object, reference, any, expression, localizedText
    }

    /// Which check a value of this type gets.
    public let kind: Kind
    /// The type itself, for messages: read only to report (a copy counts references).
    public let type: UnsafePointer<SchemaType>
    /// The element type of a list or dictionary.
    public let element: UnsafePointer<CheckType>?
    /// An object's schema, not counted (object schemas live as long as the process).
    public let objectReference: Unmanaged<ObjectSchema>?
    /// An object's schema.
    public var object: ObjectSchema? { objectReference?.takeUnretainedValue() }
    /// An enumeration's values.
    public let allowed: FieldTable<String>
    /// An integer's minimum.
    public let integerMinimum: Int64?
    /// A number's bounds.
    public let numberMinimum: Double?
    public let numberMaximum: Double?
    /// What a reference names.
    public let entity: EntityKind?

    /// The check type of `type`; its parts are allocated here and never freed: make check types
    /// once per schema, not per value.
    public init(_ type: SchemaType) {
        self.type = immortal(type)
        var element: UnsafePointer<CheckType>?
        var object: ObjectSchema?
        var allowed: [String] = []
        var (integerMinimum, numberMinimum, numberMaximum): (Int64?, Double?, Double?) = (nil, nil, nil)
        var entity: EntityKind?
        switch type {
        case .string: kind = .string
        case .date: kind = .date
        case .integer(let minimum):
            kind = .integer
            integerMinimum = minimum
        case .number(let minimum, let maximum):
            kind = .number
            (numberMinimum, numberMaximum) = (minimum, maximum)
        case .boolean: kind = .boolean
        case .enumeration(let values):
            kind = .enumeration
            allowed = values
        case .list(let item), .dictionary(let item):
            if case .list = type { kind = .list } else { kind = .dictionary }
            element = immortal(CheckType(item))
        case .object(let schema):
            kind = .object
            object = schema
        case .reference(let kindOfID):
            kind = .reference
            entity = kindOfID
        case .any: kind = .any
        case .expression: kind = .expression
        case .localizedText: kind = .localizedText
        }
        self.element = element
        self.objectReference = object.map { Unmanaged.passUnretained($0) }
        self.allowed = FieldTable(allowed)
        self.integerMinimum = integerMinimum
        self.numberMinimum = numberMinimum
        self.numberMaximum = numberMaximum
        self.entity = entity
    }

    /// An enumeration's values, in order (for messages).
    public var allowedValues: [String] { (0..<allowed.count).map { allowed[$0] } }

    /// Whether `text` is one of an enumeration's values (compared in place).
    public func allows(_ text: String) -> Bool {
        for index in 0..<allowed.count where allowed[index] == text { return true }
        return false
    }
}

/// `value` in storage allocated here and never freed: a part of a schema's read or check type,
/// made once with the schema, which lives as long as the process.
private func immortal<T>(_ value: T) -> UnsafePointer<T> {
    let stored = UnsafeMutablePointer<T>.allocate(capacity: 1)
    stored.initialize(to: value)
    return UnsafePointer(stored)
}
