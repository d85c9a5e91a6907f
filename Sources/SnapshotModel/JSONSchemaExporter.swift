import Diagnostics
import Foundation

/// Exports an ``ObjectSchema`` as a JSON Schema (draft 2020-12) so editors can validate and
/// autocomplete documents (e.g. through `# yaml-language-server: $schema=…`).
public struct JSONSchemaExporter: Sendable {
    /// The `$id` written into the schema.
    public var id: String

    /// Whether the format follows the evidence model, where a fact may be written `unknown`
    /// (snapshots) — configuration files do not.
    public var acceptsUnknown: Bool

    /// Creates an exporter.
    public init(id: String, acceptsUnknown: Bool = true) {
        self.id = id
        self.acceptsUnknown = acceptsUnknown
    }

    /// The schema as pretty-printed JSON with sorted keys, so the output is byte-stable.
    public func export(_ root: ObjectSchema) throws -> String {
        var definitions: [String: Node] = [:]
        let rootNode = objectNode(root, into: &definitions)
        var document = rootNode
        document.schema = "https://json-schema.org/draft/2020-12/schema"
        document.id = id
        document.definitions = definitions.isEmpty ? nil : definitions
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(document), as: UTF8.self) + "\n"
    }

    struct Node: Encodable {
        var schema: String?
        var id: String?
        var title: String?
        var description: String?
        var type: String?
        var format: String?
        var enumeration: [String]?
        var minimum: Double?
        var maximum: Double?
        var items: Box?
        var properties: [String: Node]?
        var required: [String]?
        var additionalProperties: AdditionalProperties?
        var ref: String?
        var definitions: [String: Node]?
        var anyOf: [Node]?
        var constant: String?
        var nullable: Bool?

        enum CodingKeys: String, CodingKey {
            case schema = "$schema", id = "$id", title, description, type, format
            case enumeration = "enum", minimum, maximum, items, properties, required
            case additionalProperties, ref = "$ref", definitions = "$defs", anyOf, constant = "const"
        }

        func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encodeIfPresent(schema, forKey: .schema)
            try container.encodeIfPresent(id, forKey: .id)
            try container.encodeIfPresent(title, forKey: .title)
            try container.encodeIfPresent(description, forKey: .description)
            try container.encodeIfPresent(type, forKey: .type)
            try container.encodeIfPresent(format, forKey: .format)
            try container.encodeIfPresent(enumeration, forKey: .enumeration)
            try container.encodeIfPresent(minimum, forKey: .minimum)
            try container.encodeIfPresent(maximum, forKey: .maximum)
            try container.encodeIfPresent(items, forKey: .items)
            try container.encodeIfPresent(properties, forKey: .properties)
            try container.encodeIfPresent(required, forKey: .required)
            try container.encodeIfPresent(additionalProperties, forKey: .additionalProperties)
            try container.encodeIfPresent(ref, forKey: .ref)
            try container.encodeIfPresent(definitions, forKey: .definitions)
            try container.encodeIfPresent(anyOf, forKey: .anyOf)
            try container.encodeIfPresent(constant, forKey: .constant)
        }
    }

    /// Breaks the recursion of `Node` containing itself.
    final class Box: Encodable {
        let node: Node
        init(_ node: Node) { self.node = node }
        func encode(to encoder: Encoder) throws { try node.encode(to: encoder) }
    }

    indirect enum AdditionalProperties: Encodable {
        case allowed(Bool)
        case schema(Node)

        func encode(to encoder: Encoder) throws {
            switch self {
            case .allowed(let flag):
                var container = encoder.singleValueContainer()
                try container.encode(flag)
            case .schema(let node):
                try node.encode(to: encoder)
            }
        }
    }

    private func objectNode(_ schema: ObjectSchema, into definitions: inout [String: Node]) -> Node {
        var properties: [String: Node] = [:]
        for field in schema.fields {
            var property = node(for: field.type, into: &definitions)
            // The evidence model: any field but free text may be written `unknown` (not recorded),
            // and an optional reference `null` (recorded: none).
            var alternatives: [Node] = []
            switch field.type {
            case .string, .any, .expression: break
            case _ where !acceptsUnknown: break
            default: alternatives.append(Node(description: "Not recorded.", constant: FieldSchema.unknownMarker))
            }
            if acceptsUnknown, case .reference = field.type, !field.isRequired { alternatives.append(Node(description: "Recorded: none.", type: "null")) }
            if !alternatives.isEmpty { property = Node(anyOf: [property] + alternatives) }
            property.description = field.summary
            properties[field.name] = property
        }
        let required = schema.fields.filter(\.isRequired).map(\.name)
        return Node(
            title: schema.name, description: schema.summary, type: "object",
            properties: properties, required: required.isEmpty ? nil : required,
            additionalProperties: .allowed(false))
    }

    private func node(for type: SchemaType, into definitions: inout [String: Node]) -> Node {
        switch type {
        case .string: return Node(type: "string")
        case .date:
            // Tandem reads a date (2026-10-01) or an RFC 3339 date-time.
            return Node(anyOf: [Node(type: "string", format: "date"), Node(type: "string", format: "date-time")])
        case .integer(let minimum): return Node(type: "integer", minimum: minimum.map(Double.init))
        case .number(let minimum, let maximum): return Node(type: "number", minimum: minimum, maximum: maximum)
        case .boolean: return Node(type: "boolean")
        case .enumeration(let values): return Node(type: "string", enumeration: values)
        case .reference(let kind): return Node(description: "The id of a \(kind.rawValue).", type: "string")
        case .any: return Node()
        case .expression: return Node(description: "A CEL expression.")
        case .localizedText:
            var languages = Node(type: "object")
            languages.properties = Dictionary(uniqueKeysWithValues: Language.allCases.map { ($0.rawValue, Node(type: "string")) })
            languages.additionalProperties = .allowed(false)
            return Node(anyOf: [Node(type: "string"), languages])
        case .list(let item): return Node(type: "array", items: Box(node(for: item, into: &definitions)))
        case .dictionary(let value):
            return Node(type: "object", additionalProperties: .schema(node(for: value, into: &definitions)))
        case .object(let schema):
            if definitions[schema.name] == nil {
                definitions[schema.name] = Node()  // reserve first: schemas may recur
                definitions[schema.name] = objectNode(schema, into: &definitions)
            }
            return Node(ref: "#/$defs/\(schema.name)")
        }
    }
}
