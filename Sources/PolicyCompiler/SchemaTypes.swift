import Expression
import SnapshotModel

/// Describes the snapshot format's objects to the CEL checker, so `team.membrs` is a compile error.
public struct SchemaTypes: ObjectTypeProvider {
    private var objects: [String: [String: CELType]]

    /// Collects every object reachable from `root`.
    public init(root: ObjectSchema) {
        var objects: [String: [String: CELType]] = [:]
        Self.collect(root, into: &objects)
        self.objects = objects
    }

    /// These types and one more object type (the policy parameters' `Parameters`).
    public func adding(object name: String, fields: [String: CELType]) -> SchemaTypes {
        var copy = self
        copy.objects[name] = fields
        return copy
    }

    /// The snapshot format's types.
    public static let snapshot = SchemaTypes(root: SnapshotSchema.root)

    public func fieldType(of object: String, field: String) -> CELType? { objects[object]?[field] }

    public func fieldNames(of object: String) -> [String] { objects[object].map { $0.keys.sorted() } ?? [] }

    /// The CEL type a schema type is exposed as (dates become timestamps, numbers doubles).
    public static func celType(_ type: SchemaType) -> CELType {
        switch type {
        case .string, .enumeration, .reference: .string
        case .date: .timestamp
        case .integer: .int
        case .number: .double
        case .boolean: .bool
        case .list(let item): .list(celType(item))
        case .dictionary(let value): .map(.string, celType(value))
        case .object(let schema): .object(schema.name)
        case .any, .expression, .localizedText: .dyn
        }
    }

    private static func collect(_ schema: ObjectSchema, into objects: inout [String: [String: CELType]]) {
        guard objects[schema.name] == nil else { return }
        objects[schema.name] = [:]
        var fields: [String: CELType] = [:]
        for field in schema.fields {
            fields[field.name] = celType(field.type)
            var inner = field.type
            while true {
                switch inner {
                case .list(let item): inner = item; continue
                case .dictionary(let value): inner = value; continue
                case .object(let nested): collect(nested, into: &objects)
                default: break
                }
                break
            }
        }
        objects[schema.name] = fields
    }
}
