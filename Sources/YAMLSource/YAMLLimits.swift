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

    /// The deepest nesting any setting allows. Tree building, validation and the snapshot bridge
    /// recurse once per level, and libyaml's flow-collection scanning costs time in proportion to
    /// the depth per token (quadratic overall), so the flag may lower the depth, never raise it past
    /// this: 60,000 levels crashed, 20,000 took a second in libyaml alone.
    public static let hardMaxDepth = 1_000

    /// Creates limits; `maxDepth` is capped at ``hardMaxDepth``.
    public init(
        maxBytes: Int = 512 * 1024 * 1024, maxDepth: Int = 128,
        maxAliasExpansion: Int = 100_000, maxDocuments: Int = 10_000
    ) {
        self.maxBytes = maxBytes
        self.maxDepth = min(maxDepth, Self.hardMaxDepth)
        self.maxAliasExpansion = maxAliasExpansion
        self.maxDocuments = maxDocuments
    }

    /// The defaults.
    public static let `default` = YAMLLimits()
}
