import YAMLSource

/// Which field of an object schema each key of one document names, found once per schema and
/// key: a walk over the document's objects (schema validation, data-quality checks) then compares
/// no strings. A schema's table is found by a scan of the few dozen identities met.
struct KeyFields {
    private struct Table {
        let schema: ObjectIdentifier
        /// By the document's key number: the field's position, ``none``, or ``unresolved``.
        var fields: [Int32]
        /// When set, only the fields it marks (by position) are found.
        let accepted: [Bool]?
    }

    private static let none: Int32 = -1
    private static let unresolved: Int32 = -2

    private let reader: YAMLReader
    private var tables: [Table] = []

    init(_ reader: YAMLReader) {
        self.reader = reader
    }

    /// The position of `schema`'s table among the schemas met (a walk keeps facts of its own
    /// about each schema at the same position), or nil when it has not been met.
    @inline(__always) func table(of schema: ObjectSchema) -> Int? {
        let id = ObjectIdentifier(schema)
        return tables.firstIndex { $0.schema == id }
    }

    /// Adds `schema`'s table, returning its position; with `accepted`, only the fields it marks
    /// are found.
    mutating func add(_ schema: ObjectSchema, accepting accepted: [Bool]? = nil) -> Int {
        tables.append(Table(schema: ObjectIdentifier(schema), fields: Array(repeating: Self.unresolved, count: reader.keyCount), accepted: accepted))
        return tables.count - 1
    }

    /// The position of the field of `schema` (whose table is at `table`) that the key numbered
    /// `key` names; nil when the schema declares no such field, or the table does not accept it.
    /// Inlined: it is called for every key of every object the walks visit.
    @inline(__always) mutating func field(_ key: Int, of schema: ObjectSchema, table: Int) -> Int? {
        var field = tables[table].fields[key]
        if field == Self.unresolved {
            field = Self.none
            if let index = schema.fieldIndex(reader.keyText(key)), tables[table].accepted?[index] ?? true { field = Int32(index) }
            tables[table].fields[key] = field
        }
        return field == Self.none ? nil : Int(field)
    }
}
