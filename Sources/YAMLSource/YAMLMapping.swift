/// A mapping with string keys, in document order; keys are unique (the loader rejects duplicates).
/// A view of a mapping node's entries in its ``YAMLTree``.
public struct YAMLMapping: Sendable {
    /// One `key: value` pair, with the key's own mark for "unknown key" messages.
    public struct Entry: Sendable {
        /// The key's text.
        public var key: String
        /// Where the key is written.
        public var keyMark: Mark
        /// The value.
        public var value: YAMLNode
    }

    /// The entries, in document order, as a collection.
    public struct Entries: RandomAccessCollection, Sendable {
        let tree: YAMLTree
        let start: Int
        public let count: Int

        public var startIndex: Int { 0 }
        public var endIndex: Int { count }

        public subscript(index: Int) -> Entry {
            let i = start + index
            return Entry(key: tree.keys[tree.keyID(ofEntry: i)], keyMark: tree.keyMark(i), value: YAMLNode(tree: tree, id: tree.entryValues[i]))
        }
    }

    let tree: YAMLTree
    let start: Int

    init(tree: YAMLTree, start: UInt32, count: UInt32) {
        self.tree = tree
        self.start = Int(start)
        self.count = Int(count)
    }

    init(tree: YAMLTree, span: (start: UInt32, count: UInt32)) {
        self.init(tree: tree, start: span.start, count: span.count)
    }

    /// The number of pairs.
    public let count: Int

    /// The pairs in document order.
    public var entries: Entries { Entries(tree: tree, start: start, count: count) }

    /// The value under `key` (see ``YAMLTree/entry(of:start:count:)``).
    public subscript(key: String) -> YAMLNode? {
        index(of: key).map { YAMLNode(tree: tree, id: tree.entryValues[start + $0]) }
    }

    /// The entry under `key`.
    public func entry(_ key: String) -> Entry? {
        index(of: key).map { entries[$0] }
    }

    /// The position of `key` among the entries.
    public func index(of key: String) -> Int? {
        tree.entry(of: key, start: start, count: count).map { $0 - start }
    }

    /// The value of the entry at `index` (0 ≤ index < count), without building the entry.
    public func value(at index: Int) -> YAMLNode {
        YAMLNode(tree: tree, id: tree.entryValues[start + index])
    }

    /// The keys in document order.
    public var keys: [String] { entries.map(\.key) }
}
