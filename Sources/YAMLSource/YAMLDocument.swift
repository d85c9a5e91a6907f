import Diagnostics

/// One document of a YAML stream, with the file it came from.
public struct YAMLDocument: Sendable {
    /// The file path (or `<stdin>`).
    public var path: String
    /// The 0-based position of this document in its stream.
    public var index: Int
    /// The root node; an empty document has a null root.
    public var root: YAMLNode

    /// Creates a document.
    public init(path: String, index: Int, root: YAMLNode) {
        self.path = path
        self.index = index
        self.root = root
    }

    /// The storage of the document's tree (see ``YAMLTree/statistics``).
    public var tree: YAMLTree { root.tree }

    /// The full location of a mark in this document's file.
    public func location(_ mark: Mark) -> SourceLocation {
        SourceLocation(file: path, line: Int(mark.line), column: Int(mark.column))
    }
}
