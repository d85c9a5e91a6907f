/// One node of a YAML document: a scalar, a sequence or a mapping, with the mark where it starts.
public struct YAMLNode: Sendable {
    /// Where the node starts in its file.
    public var mark: Mark
    /// What the node holds.
    public var value: Value

    /// The three shapes a node can take.
    public enum Value: Sendable {
        case scalar(YAMLScalar)
        case sequence([YAMLNode])
        case mapping(YAMLMapping)
    }

    /// Creates a node.
    public init(_ value: Value, at mark: Mark) {
        self.value = value
        self.mark = mark
    }

    /// The scalar, if this node is one.
    public var scalar: YAMLScalar? {
        if case .scalar(let s) = value { return s }
        return nil
    }

    /// The items, if this node is a sequence.
    public var sequence: [YAMLNode]? {
        if case .sequence(let items) = value { return items }
        return nil
    }

    /// The mapping, if this node is one.
    public var mapping: YAMLMapping? {
        if case .mapping(let m) = value { return m }
        return nil
    }

    /// The string, if this node is a string scalar.
    public var string: String? {
        if case .scalar(.string(let s)) = value { return s }
        return nil
    }

    /// "mapping", "sequence", or the scalar's type name, for messages.
    public var typeName: String {
        switch value {
        case .scalar(let s): s.typeName
        case .sequence: "sequence"
        case .mapping: "mapping"
        }
    }

    /// The value under `key` when this node is a mapping.
    public subscript(key: String) -> YAMLNode? {
        mapping?[key]
    }
}
