import SnapshotModel

/// How an organization snapshot lays out as spreadsheet tables, derived from the snapshot schema
/// so it can never drift from the format: one table per list of objects (`people`, `teams`,
/// `teams.members`, `teams.meetings.decisions`, …), single objects flattened into their parent's
/// row as dotted columns (`codeOfEthics.includesPartnership`), lists of values in one cell
/// separated by "; ". A child table names its parent rows in key columns: `@teams` holds the
/// team's id; a parent without an id (a meeting) is named by its position, `@teams.meetings` = 2.
public struct TableLayout: Sendable {
    /// One column of values.
    public struct Column: Sendable {
        /// The header: the field's path from the row's object, dotted.
        public var header: String
        /// The field's path.
        public var path: [String]
        /// Its type.
        public var type: SchemaType
        /// Whether the format requires it.
        public var required: Bool
        /// What it means.
        public var summary: String
    }

    /// One table.
    public struct Table: Sendable {
        /// Its name (the path of its list from the snapshot's root), also the CSV file's base
        /// name and the sheet's name.
        public var name: String
        /// The key columns naming the parent rows, outermost first: `@teams`, `@teams.meetings`.
        public var keys: [String]
        /// The value columns.
        public var columns: [Column]
        /// Whether it holds a single row (the snapshot's metadata, the organization).
        public var single: Bool
        /// The row object's schema.
        public var schema: ObjectSchema
        /// The field path of the list inside its parent row's object (`["members"]`).
        public var fieldPath: [String]
        /// The parent table, if any.
        public var parent: String?

        /// Every header: keys, then values.
        public var headers: [String] { keys + columns.map(\.header) }
        /// Whether its rows are named by an id (people, teams) rather than by position.
        public var identified: Bool { schema.field("id") != nil }
    }

    /// The tables, parents before children.
    public var tables: [Table]

    /// The layout of ``SnapshotSchema/root``.
    public static let snapshot = TableLayout(SnapshotSchema.root)

    init(_ root: ObjectSchema) {
        var tables: [Table] = []
        for field in root.fields {
            switch field.type {
            case .object(let object):
                Self.add(object, name: field.name, keys: [], single: true, fieldPath: [field.name], parent: nil, into: &tables)
            case .list(.object(let object)):
                Self.add(object, name: field.name, keys: [], single: false, fieldPath: [field.name], parent: nil, into: &tables)
            default:
                continue  // apiVersion and kind are fixed
            }
        }
        self.tables = tables
    }

    /// Adds `object`'s table, then one table per list of objects it holds.
    private static func add(_ object: ObjectSchema, name: String, keys: [String], single: Bool, fieldPath: [String], parent: String?, into tables: inout [Table]) {
        var columns: [Column] = []
        var children: [(String, ObjectSchema, [String])] = []
        func walk(_ schema: ObjectSchema, prefix: [String]) {
            for field in schema.fields {
                let path = prefix + [field.name]
                switch field.type {
                case .object(let inner):
                    walk(inner, prefix: path)
                case .list(.object(let inner)):
                    children.append((path.joined(separator: "."), inner, path))
                default:
                    columns.append(Column(header: path.joined(separator: "."), path: path, type: field.type, required: field.isRequired && prefix.isEmpty, summary: field.summary))
                }
            }
        }
        walk(object, prefix: [])
        tables.append(Table(name: name, keys: keys, columns: columns, single: single, schema: object, fieldPath: fieldPath, parent: parent))
        for (childName, childObject, path) in children {
            let childKeys = single ? keys : keys + ["@" + name]
            add(childObject, name: name + "." + childName, keys: childKeys, single: false, fieldPath: path, parent: name, into: &tables)
        }
    }

    /// The table named `name`.
    public func table(_ name: String) -> Table? { tables.first { $0.name == name } }
}
