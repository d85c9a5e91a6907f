/// The text of one input file, kept so diagnostics can quote the offending line.
public struct SourceText: Sendable {
    /// The path as given by the user, or `<stdin>`.
    public let path: String
    /// The raw bytes, exactly as read.
    public let bytes: [UInt8]

    /// Wraps bytes read from `path`.
    public init(path: String, bytes: [UInt8]) {
        self.path = path
        self.bytes = bytes
    }

    /// Wraps a string, for tests and inline input.
    public init(path: String, text: String) {
        self.init(path: path, bytes: Array(text.utf8))
    }

    /// The offset of each line's first byte, for quoting many lines of one file in linear time.
    public func lineStarts() -> [Int] {
        var starts = [0]
        for (offset, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") { starts.append(offset + 1) }
        return starts
    }

    /// The 1-based `line`, found through `starts` (from ``lineStarts()``).
    public func line(_ line: Int, starts: [Int]) -> String? {
        guard line >= 1, line <= starts.count else { return nil }
        let start = starts[line - 1]
        var end = start
        while end < bytes.count, bytes[end] != UInt8(ascii: "\n"), bytes[end] != UInt8(ascii: "\r") { end += 1 }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }

    /// The 1-based `line` without its line break, decoded leniently; `nil` past the end.
    public func line(_ line: Int) -> String? {
        guard line >= 1 else { return nil }
        var current = 1
        var start = 0
        var index = 0
        while index < bytes.count, current < line {
            if bytes[index] == UInt8(ascii: "\n") {
                current += 1
                start = index + 1
            }
            index += 1
        }
        guard current == line, start <= bytes.count else { return nil }
        var end = start
        while end < bytes.count, bytes[end] != UInt8(ascii: "\n"), bytes[end] != UInt8(ascii: "\r") {
            end += 1
        }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }
}
