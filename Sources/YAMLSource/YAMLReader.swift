/// A reader of one document's tree by node number, for walks that visit every node of a large
/// document (schema validation, data-quality checks).
///
/// A ``YAMLNode`` holds a counted reference to its tree, so a walk that makes a node for every
/// value it reads counts a reference up and down for each: at 50,000 teams, retains and releases
/// were half of the data-quality walk's time (`perf` on `tandem check`). A reader holds the tree
/// without counting, and names nodes by their number (``ID``); ``YAMLNode/read(_:)`` keeps the
/// tree alive for as long as the reader may be used, which is why a reader must not escape the
/// closure it is given.
///
/// Keys are read as the document's key numbers (see ``YAMLNode/keyNumber(of:)``): a walk that
/// resolves a key number to a schema field once per document compares no strings afterwards.
///
/// Sendable, unchecked: it reads immutable storage, and the threads of a walk in parts use it
/// only within the closure that keeps the tree alive.
public struct YAMLReader: @unchecked Sendable {
    /// A node of the reader's tree.
    public typealias ID = UInt32

    // The columns are borrowed as buffers: reading an array through a reference the compiler
    // cannot prove alive retained and released the array's storage on every read.
    @usableFromInline unowned(unsafe) let tree: YAMLTree
    @usableFromInline let kinds: UnsafeBufferPointer<YAMLTree.Kind>
    @usableFromInline let payloads: UnsafeBufferPointer<UInt32>
    @usableFromInline let spans: UnsafeBufferPointer<UInt32>
    @usableFromInline let items: UnsafeBufferPointer<UInt32>
    @usableFromInline let entryKeys: UnsafeBufferPointer<UInt16>
    @usableFromInline let entryValues: UnsafeBufferPointer<UInt32>
    @usableFromInline let strings: UnsafeBufferPointer<String>

    /// Calls `body` with a reader of `tree`, its columns borrowed for the call.
    static func with<Result>(_ tree: YAMLTree, _ body: (YAMLReader) throws -> Result) rethrows -> Result {
        try tree.kinds.withUnsafeBufferPointer { kinds in
            try tree.payloads.withUnsafeBufferPointer { payloads in
                try tree.spans.withUnsafeBufferPointer { spans in
                    try tree.items.withUnsafeBufferPointer { items in
                        try tree.entryKeys.withUnsafeBufferPointer { entryKeys in
                            try tree.entryValues.withUnsafeBufferPointer { entryValues in
                                try tree.strings.withUnsafeBufferPointer { strings in
                                    try body(
                                        YAMLReader(
                                            tree: tree, kinds: kinds, payloads: payloads, spans: spans, items: items, entryKeys: entryKeys,
                                            entryValues: entryValues, strings: strings))
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    private init(
        tree: YAMLTree, kinds: UnsafeBufferPointer<YAMLTree.Kind>, payloads: UnsafeBufferPointer<UInt32>, spans: UnsafeBufferPointer<UInt32>,
        items: UnsafeBufferPointer<UInt32>, entryKeys: UnsafeBufferPointer<UInt16>, entryValues: UnsafeBufferPointer<UInt32>,
        strings: UnsafeBufferPointer<String>
    ) {
        self.tree = tree
        self.kinds = kinds
        self.payloads = payloads
        self.spans = spans
        self.items = items
        self.entryKeys = entryKeys
        self.entryValues = entryValues
        self.strings = strings
    }

    /// A collection's first child (in ``items`` or the entry columns) and number of children.
    @inlinable @inline(__always) func span(_ id: ID) -> (start: Int, count: Int) {
        let pair = Int(payloads[Int(id)]) &* 2
        return (Int(spans[pair]), Int(spans[pair &+ 1]))
    }

    /// The key number of entry `index` (the tree's columns: ids too wide for 16 bits are rare).
    @inlinable @inline(__always) func keyID(ofEntry index: Int) -> Int {
        let id = entryKeys[index]
        return id == YAMLTree.wideKey ? tree.keyID(ofEntry: index) : Int(id)
    }

    /// The node `id` as a ``YAMLNode`` (which counts a reference on the tree): for a value kept
    /// beyond the walk.
    public func node(_ id: ID) -> YAMLNode { YAMLNode(tree: tree, id: id) }

    /// The node's shape.
    @inlinable @inline(__always) public func shape(_ id: ID) -> YAMLNode.Shape { kinds[Int(id)].shape }

    /// Where the node starts.
    @inline(__always) public func mark(_ id: ID) -> Mark { tree.mark(id) }

    /// The scalar, if the node is one.
    public func scalar(_ id: ID) -> YAMLScalar? { tree.scalar(id) }

    /// The string, if the node is a string scalar.
    @inlinable @inline(__always) public func string(_ id: ID) -> String? {
        guard kinds[Int(id)] == .string else { return nil }
        return strings[Int(payloads[Int(id)])]
    }

    /// Whether the node is a string scalar.
    @inlinable @inline(__always) public func isString(_ id: ID) -> Bool { kinds[Int(id)] == .string }

    /// Whether the node is the string scalar `text` (lengths compared first, as
    /// ``YAMLNode/isString(_:)`` does).
    @inlinable @inline(__always) public func isString(_ id: ID, _ text: String) -> Bool {
        guard kinds[Int(id)] == .string else { return false }
        let index = Int(payloads[Int(id)])
        return strings[index].utf8.count == text.utf8.count && strings[index] == text
    }

    /// Whether the node is the null scalar.
    @inlinable @inline(__always) public func isNull(_ id: ID) -> Bool { kinds[Int(id)] == .null }

    /// Whether the node is the boolean scalar.
    @inlinable @inline(__always) public func isBool(_ id: ID) -> Bool { kinds[Int(id)] == .bool }

    /// The number of items or entries of a collection node; 0 for a scalar.
    @inlinable @inline(__always) public func count(_ id: ID) -> Int {
        switch kinds[Int(id)] {
        case .sequence, .mapping: span(id).count
        default: 0
        }
    }

    /// Item `index` of a sequence node (0 ≤ index < ``count(_:)``).
    @inlinable @inline(__always) public func item(_ id: ID, _ index: Int) -> ID {
        items[span(id).start + index]
    }

    /// The key number of entry `index` of a mapping node (0 ≤ index < ``count(_:)``).
    @inlinable @inline(__always) public func key(_ id: ID, _ index: Int) -> Int {
        keyID(ofEntry: span(id).start + index)
    }

    /// The value of entry `index` of a mapping node.
    @inlinable @inline(__always) public func value(_ id: ID, _ index: Int) -> ID {
        entryValues[span(id).start + index]
    }

    /// Where the key of entry `index` of a mapping node is written.
    public func keyMark(_ id: ID, _ index: Int) -> Mark {
        tree.keyMark(span(id).start + index)
    }

    /// The value under the key numbered `key` when the node is a mapping; nil otherwise.
    @inlinable @inline(__always) public func value(_ id: ID, forKey key: Int) -> ID? {
        guard kinds[Int(id)] == .mapping else { return nil }
        let span = span(id)
        for entry in span.start..<(span.start + span.count) where keyID(ofEntry: entry) == key { return entryValues[entry] }
        return nil
    }

    /// The value under `key` when the node is a mapping (strings compared: for the few reads
    /// outside a walk's hot loop).
    public func value(_ id: ID, forKey key: String) -> ID? {
        guard tree.kinds[Int(id)] == .mapping else { return nil }
        let span = tree.span(id)
        return tree.entry(of: key, start: Int(span.start), count: Int(span.count)).map { tree.entryValues[$0] }
    }

    /// The number of distinct keys in the document: key numbers run from 0 below it.
    public var keyCount: Int { tree.keys.count }

    /// The text of the key numbered `key`.
    public func keyText(_ key: Int) -> String { tree.keys[key] }

    /// The number of `key` among the document's keys, or nil when no mapping has it.
    public func keyNumber(of key: String) -> Int? { tree.keyNumbering.number(of: key) }
}

extension YAMLNode {
    /// Calls `body` with a reader of this node's tree and the node's number in it; the tree is
    /// kept alive until `body` returns. The reader must not be kept beyond `body`.
    public func read<Result>(_ body: (YAMLReader, YAMLReader.ID) throws -> Result) rethrows -> Result {
        try YAMLReader.with(tree) { try body($0, id) }
    }
}
