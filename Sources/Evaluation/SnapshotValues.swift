import CEL
import PolicyCompiler
import SnapshotModel
import YAMLSource

/// Exposes a validated snapshot to CEL in place: maps and lists wrap the YAML nodes, and scalars
/// are converted on access by the schema (dates become timestamps, numbers doubles), so no copy of
/// the snapshot is ever built and every value still knows where it was written.
package enum SnapshotValues {
    /// The whole snapshot as a CEL map. Work that runs on several threads takes a root each
    /// with `ownTree` (see `YAMLNode.onOwnTree()`).
    package static func root(_ snapshot: Snapshot, ownTree: Bool = false) -> Value {
        .map(ObjectValue(node: ownTree ? snapshot.document.root.onOwnTree() : snapshot.document.root, schema: SnapshotSchema.root))
    }

    /// `node` as a value of any type: its scalar, or a collection without a schema.
    package static func value(_ node: YAMLNode) -> Value {
        value(node, ReadType.any)
    }

    /// `node` is consumed: the wrapper made for a collection takes it over. Borrowed, each
    /// wrapper counted a reference on the tree that its caller's node then gave back (two
    /// atomic operations for every list element and collection field a rule reads).
    static func value(_ node: consuming YAMLNode, _ type: ReadType) -> Value {
        // On the node's shape first, then the type: building the node's `value` made a view of
        // every collection read.
        switch node.shape {
        case .mapping:
            if type.kind == .object, let schema = type.objectReference { return .map(ObjectValue(node: consume node, schema: schema)) }
            if type.kind == .dictionary, let element = type.element { return .map(NodeDictionary(node: consume node, valueType: element.pointee)) }
            return .map(NodeDictionary(node: consume node, valueType: .any))
        case .sequence:
            if type.kind == .list, let element = type.element { return .list(NodeList(node: consume node, itemType: element.pointee)) }
            return .list(NodeList(node: consume node, itemType: .any))
        case .scalar:
            return value(node.scalar ?? .null, type)
        }
    }

    /// A scalar as a value of `type`: a date's text becomes a timestamp, a number a double.
    static func value(_ scalar: consuming YAMLScalar, _ type: ReadType) -> Value {
        switch type.kind {
        case .date:
            guard case .string(let text) = scalar else { break }
            guard let seconds = ISODate.parse(text) else { return .string(text) }
            let whole = seconds.rounded(.down)
            return Timestamp(seconds: Int64(whole), nanos: Int32(((seconds - whole) * 1e9).rounded())).map(Value.timestamp) ?? .string(text)
        case .number:
            if case .int(let i) = scalar { return .double(Double(i)) }
        default:
            break
        }
        return value(scalar)
    }

    /// `value`, read through a tree object of its own when it wraps a node (see
    /// `YAMLNode.onOwnTree()`): for a worker thread handed one value of a shared document.
    package static func onOwnTree(_ value: Value) -> Value {
        switch value {
        case .map(let object as ObjectValue): .map(ObjectValue(node: object.node.onOwnTree(), schema: object.schemaReference))
        case .map(let dictionary as NodeDictionary): .map(NodeDictionary(node: dictionary.node.onOwnTree(), valueType: dictionary.valueType))
        case .list(let list as NodeList): .list(NodeList(node: list.node.onOwnTree(), itemType: list.itemType))
        default: value
        }
    }

    /// `value` read through objects of this thread's own: ``onOwnTree(_:)`` for a value that
    /// wraps a node, another list object over the same elements for a computed list. For a
    /// worker handed values computed once for all workers (a rule's hoisted variables): every
    /// evaluation counts a reference on each value it reads, and counting on objects the cores
    /// share made them take turns owning the counters.
    package static func ownCopy(_ value: Value) -> Value {
        switch value {
        case .list(let list as IndexedList): .list(IndexedList(sharing: list))
        case .list(let list as ArrayList): .list(ArrayList(list.values))
        default: onOwnTree(value)
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
///
/// These wrappers are small immutable objects (maps and lists are class-bound, see
/// ``MapValue``): made once per field read, then copied as one reference wherever the value goes.
protocol MappingBacked: MapValue {
    /// A mapping node.
    var node: YAMLNode { get }
}

extension MappingBacked {
    // Made only for mapping nodes (see `SnapshotValues.value`).
    var mapping: YAMLMapping { node.mapping! }
    var mark: Mark { node.mark }
    var count: Int { node.count }
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
final class ObjectValue: MappingBacked {
    let node: YAMLNode
    /// Not counted: every object schema is reachable from `SnapshotSchema.root`, a static
    /// constant that lives as long as the process. Counting references to these few shared
    /// objects from every value made two cores contend for them (`tandem-bench`: rule
    /// evaluation 175 → 137 µs per team on two cores without the count). Held `unowned(unsafe)`,
    /// the schema was still counted up and down around the making of each wrapper.
    let schemaReference: Unmanaged<ObjectSchema>
    /// The schema, read through without counting.
    var schema: ObjectSchema { schemaReference.takeUnretainedValue() }

    init(node: consuming YAMLNode, schema: Unmanaged<ObjectSchema>) {
        self.node = node
        self.schemaReference = schema
    }

    convenience init(node: consuming YAMLNode, schema: ObjectSchema) {
        self.init(node: node, schema: Unmanaged.passUnretained(schema))
    }

    func value(forField name: String) -> Value? {
        guard let fieldIndex = schema.fieldIndex(name) else {
            return node[name].map { SnapshotValues.value($0) }
        }
        return read(node[name], field: fieldIndex)
    }

    func value(forField name: String, memo: inout FieldMemo) -> Value? {
        // The field's place in the schema outlives the document: with many small documents, each
        // site meets a new document often, and a new schema seldom.
        if memo.layout != ObjectIdentifier(schema) {
            memo.layout = ObjectIdentifier(schema)
            memo.field = schema.fieldIndex(name).map(Int32.init) ?? -1
            memo.document = nil
        }
        if memo.document.map(ObjectIdentifier.init) != node.keyNumberingID {
            memo.document = node.keyNumbering
            memo.key = node.keyNumber(of: name).map(Int32.init) ?? -1
            memo.position = 0
        }
        // A key no mapping of the document has reads as absent; an undeclared field as its node.
        guard memo.field >= 0 else { return memo.key < 0 ? nil : value(forField: name) }
        let fieldIndex = Int(memo.field)
        guard memo.key >= 0 else { return read(nil, field: fieldIndex) }
        // A scalar is read in place, without a node of its own (see `YAMLNode.read(forKeyNumber:hint:)`).
        switch node.read(forKeyNumber: Int(memo.key), hint: &memo.position) {
        case .absent:
            return read(nil, field: fieldIndex)
        case .scalar(let scalar, let row):
            let type = schema.readTypes[fieldIndex]
            if type.hasUnknownMarker, case .string(let text) = scalar, text.utf8.count == Self.unknownMarkerLength, text == FieldSchema.unknownMarker {
                return .error(unrecorded(fieldIndex, at: node.mark(ofRow: row)))
            }
            return SnapshotValues.value(scalar, type)
        case .collection(let found):
            // A collection is never the `unknown` marker: read by its type directly.
            return SnapshotValues.value(found, schema.readTypes[fieldIndex])
        }
    }

    /// The length of `FieldSchema.unknownMarker`, compared before its text.
    private static let unknownMarkerLength = FieldSchema.unknownMarker.utf8.count

    /// Declared field `fieldIndex`, written as `found`: its value read by the field's type, the
    /// unknown value when written `unknown`; absent, its default or the unknown value.
    ///
    /// The field's parts are read in place: copying a `FieldSchema` (name, type, summary,
    /// default) counted five references on every field a rule read. Inlined: called, it counted
    /// a reference on the node's tree for every field read (35 M instructions more at 1k teams).
    @inline(__always) private func read(_ found: consuming YAMLNode?, field fieldIndex: Int) -> Value {
        if let found {
            let type = schema.readTypes[fieldIndex]
            if type.hasUnknownMarker, found.isString(FieldSchema.unknownMarker) { return .error(unrecorded(fieldIndex, at: found.mark)) }
            return SnapshotValues.value(found, type)
        }
        if let fallback = schema.defaults[fieldIndex] { return SnapshotValues.value(fallback) }
        return .error(unrecorded(fieldIndex, at: mark))
    }

    private func unrecorded(_ fieldIndex: Int, at mark: Mark) -> EvalError {
        .unrecorded(schema.facts[fieldIndex], message: schema.unrecordedMessages[fieldIndex], at: SnapshotValues.origin(mark))
    }
}

/// A sequence whose items share a schema type.
final class NodeList: ListValue {
    /// A sequence node.
    let node: YAMLNode
    let itemType: ReadType

    init(node: YAMLNode, itemType: ReadType) {
        self.node = node
        self.itemType = itemType
    }

    // Made only for sequence nodes (see `SnapshotValues.value`).
    var count: Int { node.count }
    subscript(index: Int) -> Value { SnapshotValues.value(node.item(index), itemType) }
    var origin: ValueOrigin? { SnapshotValues.origin(node.mark) }

    /// A string is looked for among the items' texts in place. Only where every string item
    /// reads as that string: a date field's text reads as a timestamp, which no string equals.
    /// Any other item (a number, a mapping) equals no string, whatever its type.
    func contains(_ value: Value) -> Bool? {
        guard case .string(let text) = value, itemType.kind != .date else { return nil }
        return node.containsStringItem(text)
    }
}

/// A mapping with free-form keys (labels).
final class NodeDictionary: MappingBacked {
    let node: YAMLNode
    let valueType: ReadType

    init(node: YAMLNode, valueType: ReadType) {
        self.node = node
        self.valueType = valueType
    }

    func value(forField name: String) -> Value? {
        node[name].map { SnapshotValues.value($0, valueType) }
    }
}
