/// A 1-based line and column inside one YAML document's file.
///
/// The file name lives on ``YAMLDocument`` rather than on each mark: a 50,000-team snapshot has
/// millions of nodes, and eight bytes a node matters more than convenience.
public struct Mark: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// 1-based line.
    public var line: Int32
    /// 1-based column.
    public var column: Int32

    /// Creates a mark from 1-based coordinates.
    public init(line: Int, column: Int) {
        self.line = Int32(truncatingIfNeeded: line)
        self.column = Int32(truncatingIfNeeded: column)
    }

    /// Creates a mark from stored coordinates.
    init(line: Int32, column: Int32) {
        self.line = line
        self.column = column
    }

    /// `line:column`.
    public var description: String { "\(line):\(column)" }

    public static func < (lhs: Mark, rhs: Mark) -> Bool {
        (lhs.line, lhs.column) < (rhs.line, rhs.column)
    }
}
