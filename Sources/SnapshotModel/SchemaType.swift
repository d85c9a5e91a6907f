/// The type of a value in a Tandem document format, as the validator checks it and the JSON
/// Schema export describes it.
public indirect enum SchemaType: Sendable {
    /// Any string.
    case string
    /// An ISO 8601 calendar date (`2026-03-01`) or date-time (`2026-03-01T09:30:00Z`).
    case date
    /// A whole number, at least `minimum` when given.
    case integer(minimum: Int64? = nil)
    /// A number (integers accepted), within the bounds when given.
    case number(minimum: Double? = nil, maximum: Double? = nil)
    /// `true` or `false` (YAML 1.2: `yes`/`no` are strings, and rejected here).
    case boolean
    /// One of a fixed set of strings.
    case enumeration([String])
    /// A sequence of values of one type.
    case list(SchemaType)
    /// A mapping from free-form string keys to values of one type (labels, annotations).
    case dictionary(SchemaType)
    /// A mapping with declared fields.
    case object(ObjectSchema)
    /// The `id` of an entity declared elsewhere in the same document (a person, a team).
    case reference(EntityKind)
    /// Anything; checked later by whoever reads it (a rule's example snapshots).
    case any
    /// A CEL expression: any non-null scalar, read as text (so `assert: true` is the expression `true`).
    case expression
    /// Text for people: a string, or a map from language code to string (`{en: …, fr: …}`).
    case localizedText

    /// The name used in "expected …" messages.
    public var displayName: String {
        switch self {
        case .string: "string"
        case .date: "date (YYYY-MM-DD)"
        case .integer: "integer"
        case .number: "number"
        case .boolean: "boolean"
        case .enumeration: "string"
        case .list: "sequence"
        case .dictionary, .object: "mapping"
        case .reference(let kind): "\(kind.rawValue) id"
        case .any: "value"
        case .expression: "CEL expression"
        case .localizedText: "text, or a map of languages (en, fr) to text"
        }
    }
}

/// Entities that other parts of a document refer to by `id`.
public enum EntityKind: String, Sendable, Hashable {
    case person
    case team
}
