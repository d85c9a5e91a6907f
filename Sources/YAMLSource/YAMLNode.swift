/// One node of a YAML document: a scalar, a sequence or a mapping, with the mark where it starts.
///
/// A view of one row of a ``YAMLTree`` (a reference and an index): copying a node copies 16
/// bytes, and reading it allocates nothing but the string of a scalar.
public struct YAMLNode: Sendable {
    let tree: YAMLTree
    let id: UInt32

    init(tree: YAMLTree, id: UInt32) {
        self.tree = tree
        self.id = id
    }

    /// A lone scalar node (a default written in code, such as a rule's implicit expression).
    public init(_ scalar: YAMLScalar, at mark: Mark) {
        var builder = YAMLTreeBuilder()
        let id = builder.scalar(scalar, at: mark)
        self = builder.build(root: id)
    }

    /// The same node, reached through a tree object of its own that shares this tree's storage.
    ///
    /// Every node holds a reference to its tree, so threads reading one document all count
    /// references on one object: the processor cores then take turns owning its counter, and a
    /// second core made rule evaluation slower, not faster (measured by `tandem-bench`). A thread
    /// that starts from its own tree object counts on that one alone.
    public func onOwnTree() -> YAMLNode {
        YAMLNode(tree: YAMLTree(sharingStorageOf: tree), id: id)
    }

    /// Where the node starts in its file.
    public var mark: Mark { tree.mark(id) }

    /// The three shapes a node can take.
    public enum Value: Sendable {
        case scalar(YAMLScalar)
        case sequence(YAMLSequence)
        case mapping(YAMLMapping)
    }

    /// A node's shape without its contents: what a reader that only dispatches on it needs
    /// (``value`` builds a view of the collection, a reference counted more).
    public enum Shape: Sendable {
        case scalar, sequence, mapping
    }

    /// The node's shape.
    public var shape: Shape { tree.kinds[Int(id)].shape }

    /// What the node holds.
    public var value: Value {
        switch tree.kinds[Int(id)] {
        case .sequence: return .sequence(YAMLSequence(tree: tree, span: tree.span(id)))
        case .mapping: return .mapping(YAMLMapping(tree: tree, span: tree.span(id)))
        default: return .scalar(tree.scalar(id)!)
        }
    }

    /// The scalar, if this node is one.
    public var scalar: YAMLScalar? { tree.scalar(id) }

    /// The items, if this node is a sequence.
    public var sequence: YAMLSequence? {
        guard tree.kinds[Int(id)] == .sequence else { return nil }
        return YAMLSequence(tree: tree, span: tree.span(id))
    }

    /// The mapping, if this node is one.
    public var mapping: YAMLMapping? {
        guard tree.kinds[Int(id)] == .mapping else { return nil }
        return YAMLMapping(tree: tree, span: tree.span(id))
    }

    /// The string, if this node is a string scalar.
    public var string: String? {
        guard tree.kinds[Int(id)] == .string else { return nil }
        return tree.strings[Int(tree.payloads[Int(id)])]
    }

    /// Whether this node is the string scalar `text` (lengths compared first: most tests are of
    /// a marker such as `unknown` against ordinary values, which differ in length).
    public func isString(_ text: String) -> Bool {
        guard tree.kinds[Int(id)] == .string else { return false }
        let index = Int(tree.payloads[Int(id)])
        return tree.strings[index].utf8.count == text.utf8.count && tree.strings[index] == text
    }

    /// Whether an item of this sequence is the string scalar `text`, byte for byte (as CEL
    /// compares strings): the items are read where the tree keeps them, with no node and no
    /// string made for each (`m.person in mt.attendees` made both for every attendee).
    public func containsStringItem(_ text: String) -> Bool {
        guard tree.kinds[Int(id)] == .sequence else { return false }
        let span = tree.span(id)
        let length = text.utf8.count
        for position in Int(span.start)..<Int(span.start) + Int(span.count) {
            let item = Int(tree.items[position])
            guard tree.kinds[item] == .string else { continue }
            let candidate = tree.strings[Int(tree.payloads[item])].utf8
            if candidate.count == length, candidate.elementsEqual(text.utf8) { return true }
        }
        return false
    }

    /// Whether the node is a string scalar (its text not read).
    public var isStringScalar: Bool { tree.kinds[Int(id)] == .string }

    /// Whether the node is the null scalar.
    public var isNull: Bool { tree.kinds[Int(id)] == .null }

    /// "mapping", "sequence", or the scalar's type name, for messages.
    public var typeName: String {
        switch tree.kinds[Int(id)] {
        case .sequence: "sequence"
        case .mapping: "mapping"
        default: tree.scalar(id)!.typeName
        }
    }

    /// The value under `key` when this node is a mapping.
    ///
    /// Read from the tree's columns directly: the field reads of rule evaluation come here, and
    /// making a ``YAMLMapping`` view first counted a reference more on every one.
    public subscript(key: String) -> YAMLNode? {
        guard tree.kinds[Int(id)] == .mapping else { return nil }
        let span = tree.span(id)
        return tree.entry(of: key, start: Int(span.start), count: Int(span.count)).map { YAMLNode(tree: tree, id: tree.entryValues[$0]) }
    }

    /// The numbering of the keys of the node's document (see ``keyNumber(of:)``).
    public var keyNumbering: KeyNumbering { tree.keyNumbering }

    /// ``keyNumbering``'s identity, compared without counting a reference.
    public var keyNumberingID: ObjectIdentifier { ObjectIdentifier(tree.keyNumbering) }

    /// The number of `key` among the distinct mapping keys of the node's document, or nil when
    /// no mapping of it has the key: resolved once by a reader that looks the key up in many
    /// mappings (see ``value(forKeyNumber:hint:)``).
    public func keyNumber(of key: String) -> Int? {
        tree.keyNumbering.number(of: key)
    }

    /// The value under the key numbered `key` (see ``keyNumber(of:)``) when this node is a
    /// mapping; nil when it has no such entry.
    ///
    /// The entry at offset `hint` is tried first, and `hint` is set to where the key was found:
    /// mappings of one list mostly write their keys in one order, so a reader passing the same
    /// hint to each finds the key in one comparison of numbers instead of comparing strings.
    public func value(forKeyNumber key: Int, hint: inout Int32) -> YAMLNode? {
        row(forKeyNumber: key, hint: &hint).map { YAMLNode(tree: tree, id: $0) }
    }

    /// The row of the value under the key numbered `key`, found as ``value(forKeyNumber:hint:)``
    /// finds it.
    @inline(__always) private func row(forKeyNumber key: Int, hint: inout Int32) -> UInt32? {
        guard tree.kinds[Int(id)] == .mapping else { return nil }
        let span = tree.span(id)
        let start = Int(span.start)
        let count = Int(span.count)
        let guess = Int(hint)
        if guess < count, tree.keyID(ofEntry: start + guess) == key { return tree.entryValues[start + guess] }
        for offset in 0..<count where tree.keyID(ofEntry: start + offset) == key {
            hint = Int32(offset)
            return tree.entryValues[start + offset]
        }
        return nil
    }

    /// What a mapping holds under a key number, read in place (see ``read(forKeyNumber:hint:)``).
    public enum Entry {
        /// No entry under the key (or the node is not a mapping).
        case absent
        /// A scalar, with the row to find its mark by (``mark(ofRow:)``) should a message need it.
        case scalar(YAMLScalar, row: UInt32)
        /// A sequence or a mapping.
        case collection(YAMLNode)
    }

    /// ``value(forKeyNumber:hint:)`` without a node made for a scalar: a rule's field reads are
    /// mostly scalars, and each node made counted a reference up and down on the shared tree.
    public func read(forKeyNumber key: Int, hint: inout Int32) -> Entry {
        guard let row = row(forKeyNumber: key, hint: &hint) else { return .absent }
        if let scalar = tree.scalar(row) { return .scalar(scalar, row: row) }
        return collection(row)
    }

    /// A collection's entry, apart: made inline, its reference on the tree was counted at the
    /// start of every read, scalar or not, and given back at the end (two atomic operations on
    /// each of hundreds of thousands of field reads).
    @inline(never) private func collection(_ row: UInt32) -> Entry {
        .collection(YAMLNode(tree: tree, id: row))
    }

    /// The mark of a row of this node's tree (an ``Entry/scalar(_:row:)``'s).
    public func mark(ofRow row: UInt32) -> Mark { tree.mark(row) }

    /// The number of items or entries of a collection node; 0 for a scalar.
    public var count: Int {
        switch tree.kinds[Int(id)] {
        case .sequence, .mapping: Int(tree.span(id).count)
        default: 0
        }
    }

    /// Item `index` of a sequence node (0 ≤ index < ``count``), without a ``YAMLSequence`` view.
    public func item(_ index: Int) -> YAMLNode {
        YAMLNode(tree: tree, id: tree.items[Int(tree.span(id).start) + index])
    }

    /// Whether `other` holds the same nodes at the same marks, key for key: two loads of one
    /// text compared (the fuzzer holds a load in pieces to the whole one with it).
    public func isSame(as other: YAMLNode) -> Bool {
        guard mark == other.mark else { return false }
        switch (value, other.value) {
        case (.scalar(let a), .scalar(let b)):
            // Bit for bit: NaN is not equal to itself, yet the same load.
            if case .double(let x) = a, case .double(let y) = b { return x.bitPattern == y.bitPattern }
            return a == b
        case (.sequence(let a), .sequence(let b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.isSame(as: $1) }
        case (.mapping(let a), .mapping(let b)):
            return a.count == b.count
                && zip(a.entries, b.entries).allSatisfy { $0.key == $1.key && $0.keyMark == $1.keyMark && $0.value.isSame(as: $1.value) }
        default:
            return false
        }
    }
}

/// The items of a sequence node, in document order.
public struct YAMLSequence: RandomAccessCollection, Sendable, ExpressibleByArrayLiteral {
    let tree: YAMLTree
    let start: UInt32
    public let count: Int

    init(tree: YAMLTree, start: UInt32, count: UInt32) {
        self.tree = tree
        self.start = start
        self.count = Int(count)
    }

    init(tree: YAMLTree, span: (start: UInt32, count: UInt32)) {
        self.init(tree: tree, start: span.start, count: span.count)
    }

    /// A sequence of copies of `elements` (for defaults written in code; `[]` is the common one).
    public init(arrayLiteral elements: YAMLNode...) {
        var builder = YAMLTreeBuilder()
        let ids = elements.map { builder.copy($0) }
        let root = builder.sequence(ids, at: elements.first?.mark ?? Mark(line: 1, column: 1))
        self = builder.build(root: root).sequence!
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { count }

    public subscript(index: Int) -> YAMLNode {
        YAMLNode(tree: tree, id: tree.items[Int(start) + index])
    }
}
