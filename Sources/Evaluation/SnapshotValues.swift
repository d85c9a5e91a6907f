import CEL
import PolicyCompiler
import SnapshotModel
import YAMLSource

/// Exposes a validated snapshot to CEL in place: maps and lists wrap the YAML nodes, and scalars
/// are converted on access by the schema (dates become timestamps, numbers doubles), so no copy of
/// the snapshot is ever built and every value still knows where it was written.
package enum SnapshotValues {
    /// The whole snapshot as a CEL map.
    package static func root(_ snapshot: Snapshot) -> Value {
        value(snapshot.document.root, .object(SnapshotSchema.root))
    }

    package static func value(_ node: YAMLNode, _ type: SchemaType) -> Value {
        switch (type, node.value) {
        case (.object(let schema), .mapping(let mapping)):
            return .map(ObjectValue(mapping: mapping, schema: schema, mark: node.mark))
        case (.list(let item), .sequence(let items)):
            return .list(NodeList(items: items, itemType: item, mark: node.mark))
        case (.dictionary(let valueType), .mapping(let mapping)):
            return .map(NodeDictionary(mapping: mapping, valueType: valueType, mark: node.mark))
        case (.date, .scalar(.string(let text))):
            guard let seconds = ISODate.parse(text) else { return .string(text) }
            let whole = seconds.rounded(.down)
            return Timestamp(seconds: Int64(whole), nanos: Int32(((seconds - whole) * 1e9).rounded())).map(Value.timestamp) ?? .string(text)
        case (.number, .scalar(.int(let i))):
            return .double(Double(i))
        case (_, .scalar(let scalar)):
            return value(scalar)
        case (_, .sequence(let items)):
            return .list(NodeList(items: items, itemType: .any, mark: node.mark))
        case (_, .mapping(let mapping)):
            return .map(NodeDictionary(mapping: mapping, valueType: .any, mark: node.mark))
        }
    }

    static func value(_ scalar: YAMLScalar) -> Value {
        switch scalar {
        case .null: .null
        case .bool(let b): .bool(b)
        case .int(let i): .int(i)
        case .double(let d): .double(d)
        case .string(let s): .string(s)
        }
    }

    static func origin(_ mark: Mark) -> ValueOrigin {
        ValueOrigin(line: mark.line, column: mark.column)
    }
}

/// A CEL map read from a YAML mapping with string keys: what every such map shares.
protocol MappingBacked: MapValue {
    var mapping: YAMLMapping { get }
    var mark: Mark { get }
}

extension MappingBacked {
    var count: Int { mapping.count }
    var keys: [Value] { mapping.entries.map { .string($0.key) } }
    var origin: ValueOrigin? { SnapshotValues.origin(mark) }

    func value(forKey key: Value) -> Value? {
        guard case .string(let name) = key else { return nil }
        return value(forField: name)
    }

    func origin(ofField name: String) -> ValueOrigin? {
        mapping.index(of: name).map { SnapshotValues.origin(mapping.value(at: $0).mark) }
    }
}

/// A mapping with a declared schema. A field written as `unknown`, or absent without a default,
/// is a fact the snapshot does not record: it reads as the *unknown* value (an unrecorded
/// ``EvalError``), so a rule that needs it yields "insufficient evidence" instead of judging the
/// silence as a failure, and `has()` is false for it. Absent fields with a default (a member is
/// `active` unless stated) read as the default: the format records them by convention.
struct ObjectValue: MappingBacked {
    let mapping: YAMLMapping
    let schema: ObjectSchema
    let mark: Mark

    func value(forField name: String) -> Value? {
        let fieldIndex = schema.fieldIndex(name)
        if let i = mapping.index(of: name) {
            let node = mapping.value(at: i)
            guard let fieldIndex else { return SnapshotValues.value(node, .any) }
            let field = schema.fields[fieldIndex]
            if field.isUnknownMarker(node) { return .error(.unrecorded("\(schema.name).\(name)", at: SnapshotValues.origin(node.mark))) }
            return SnapshotValues.value(node, field.type)
        }
        guard let fieldIndex else { return nil }
        if let fallback = schema.fields[fieldIndex].defaultValue { return SnapshotValues.value(fallback) }
        return .error(.unrecorded("\(schema.name).\(name)", at: SnapshotValues.origin(mark)))
    }
}

/// A sequence whose items share a schema type.
struct NodeList: ListValue {
    let items: YAMLSequence
    let itemType: SchemaType
    let mark: Mark

    var count: Int { items.count }
    subscript(index: Int) -> Value { SnapshotValues.value(items[index], itemType) }
    var origin: ValueOrigin? { SnapshotValues.origin(mark) }
}

/// A mapping with free-form keys (labels).
struct NodeDictionary: MappingBacked {
    let mapping: YAMLMapping
    let valueType: SchemaType
    let mark: Mark

    func value(forField name: String) -> Value? {
        mapping.index(of: name).map { SnapshotValues.value(mapping.value(at: $0), valueType) }
    }
}
