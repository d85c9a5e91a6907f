/// Bounds that keep hostile or broken input from exhausting memory or the stack.
///
/// Each has a command-line flag; the defaults admit province-wide snapshots (hundreds of MB, depth
/// under 20) while stopping "billion laughs" and deeply nested bombs in milliseconds.
public struct YAMLLimits: Sendable, Hashable {
    /// Largest input accepted, in bytes.
    public var maxBytes: Int
    /// Deepest nesting of sequences and mappings.
    public var maxDepth: Int
    /// Total nodes that aliases may copy into a document (each alias costs its anchor's node count).
    public var maxAliasExpansion: Int
    /// Most documents in one stream.
    public var maxDocuments: Int

    /// Creates limits.
    public init(
        maxBytes: Int = 512 * 1024 * 1024, maxDepth: Int = 128,
        maxAliasExpansion: Int = 100_000, maxDocuments: Int = 10_000
    ) {
        self.maxBytes = maxBytes
        self.maxDepth = maxDepth
        self.maxAliasExpansion = maxAliasExpansion
        self.maxDocuments = maxDocuments
    }

    /// The defaults.
    public static let `default` = YAMLLimits()
}
