/// A mapping with string keys, in document order; keys are unique (the loader rejects duplicates).
public struct YAMLMapping: Sendable {
    /// One `key: value` pair, with the key's own mark for "unknown key" messages.
    public struct Entry: Sendable {
        /// The key's text.
        public var key: String
        /// Where the key is written.
        public var keyMark: Mark
        /// The value.
        public var value: YAMLNode

        /// Creates an entry.
        public init(key: String, keyMark: Mark, value: YAMLNode) {
            self.key = key
            self.keyMark = keyMark
            self.value = value
        }
    }

    /// The pairs in document order.
    public var entries: [Entry]

    /// Creates a mapping from entries; the caller guarantees unique keys.
    public init(entries: [Entry] = []) {
        self.entries = entries
    }

    /// The value under `key`.
    ///
    /// - Complexity: O(*n*); snapshot mappings have a few dozen keys at most, where a linear scan
    ///   beats hashing.
    public subscript(key: String) -> YAMLNode? {
        index(of: key).map { entries[$0].value }
    }

    /// The entry under `key`.
    public func entry(_ key: String) -> Entry? {
        index(of: key).map { entries[$0] }
    }

    /// The position of `key`, without copying any entry.
    public func index(of key: String) -> Int? {
        for i in entries.indices where entries[i].key == key { return i }
        return nil
    }

    /// The keys in document order.
    public var keys: [String] { entries.map(\.key) }

    /// The number of pairs.
    public var count: Int { entries.count }
}
