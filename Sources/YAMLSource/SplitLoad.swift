import Diagnostics
import Foundation
import Parallel

/// One large block-style document loaded on every core: its text is cut at line starts into
/// pieces that libyaml parses on their own, and the pieces' trees are joined into the tree one
/// parse of the whole text builds — or, when that cannot be shown, nothing, and the caller
/// parses the whole text as before.
///
/// libyaml is a third of a large snapshot's check and reads one character after the other; a
/// snapshot is a root mapping whose bulk is two block sequences (`people:`, `teams:`) written one
/// `- ` line per item at one indentation. The text is cut before such item lines (and before the
/// root key that follows a cut list), so a piece is either *root entries* (a block mapping at
/// column 1) or *items* of the list begun before it (a block sequence at the list's column).
///
/// Why a piece parses as it does inside the whole: at an item line of a list indented `k`, every
/// block collection or scalar opened inside the previous item is closed by the line's
/// indentation alone, so the whole parse stands where a fresh parser reading a sequence at `k`
/// stands. Only a construct that does not end at a less indented line can cross it — a quoted
/// scalar or a flow collection — and a piece ending inside one is a syntax error. So the cut is
/// taken only if every piece parses with no problem at all, as one document of the expected
/// shape (block style, the list's column, the root key's line), with no anchor, alias or tag
/// (which refer across pieces), and no root key twice. Anything else — a syntax error, a
/// duplicate key, a limit — is the whole parse's to report, with its own positions and wording.
struct SplitLoad: @unchecked Sendable {
    // Unchecked for the source's pointer: the pieces only read it, and the caller's text
    // outlives the load.

    /// The text, in memory or in a regular file read at offsets.
    enum Source {
        case bytes(UnsafeBufferPointer<UInt8>)
        case file(fd: Int32, size: Int)

        var size: Int {
            switch self {
            case .bytes(let bytes): bytes.count
            case .file(_, let size): size
            }
        }

        /// `body` over the bytes of `range` (read into a buffer for a file); nil when the file
        /// could not be read whole.
        func withBytes<R>(_ range: Range<Int>, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R? {
            switch self {
            case .bytes(let bytes):
                return body(UnsafeBufferPointer(rebasing: bytes[range]))
            case .file(let fd, _):
                let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: range.count)
                defer { buffer.deallocate() }
                var done = 0
                while done < range.count {
                    let n = pread(fd, buffer.baseAddress! + done, range.count - done, off_t(range.lowerBound + done))
                    if n < 0, errno == EINTR { continue }
                    guard n > 0 else { return nil }
                    done += n
                }
                return body(UnsafeBufferPointer(buffer))
            }
        }
    }

    /// A piece of the text and what it must parse to.
    struct Piece: Equatable {
        var range: Range<Int>
        var kind: Kind

        enum Kind: Equatable {
            /// Root entries: a block mapping at column 1 (the first piece, or a piece starting at
            /// a root key).
            case entries
            /// Items of the list that the previous piece ended in, a block sequence whose `-` is
            /// at column `indent + 1`.
            case items(indent: Int)
        }
    }

    /// How big the pieces are.
    ///
    /// Pieces of one size left a core idle at the end for most of a piece's time (1.4 s of a
    /// 50,000-team check on two cores, in `perf`), since the last piece rarely falls to the
    /// core that finishes first. Pieces that shrink as the text runs out (guided scheduling)
    /// end with small ones, which even out the cores' finishing times.
    struct Sizing: Equatable {
        /// The size of the smallest piece, the one every piece is cut near when not shrinking.
        var smallest: Int
        /// When more than 0, a piece starting at offset *o* of a text of *n* bytes is cut near
        /// (*n* − *o*) ÷ (``YAMLLoader/Splitting/shrinkingDivisor`` × this many cores), and no
        /// smaller than ``smallest``.
        var shrinkingOver = 0

        /// The size of the piece starting at `offset` of a text of `size` bytes.
        func piece(at offset: Int, of size: Int) -> Int {
            shrinkingOver > 0 ? max(smallest, (size - offset) / (YAMLLoader.Splitting.shrinkingDivisor * shrinkingOver)) : smallest
        }
    }

    let path: String
    let limits: YAMLLimits
    let source: Source
    let sizing: Sizing

    init(path: String, limits: YAMLLimits, source: Source, sizing: Sizing) {
        self.path = path
        self.limits = limits
        self.source = source
        self.sizing = sizing
    }

    /// Pieces of about `pieceSize` bytes (tests).
    init(path: String, limits: YAMLLimits, source: Source, pieceSize: Int) {
        self.init(path: path, limits: limits, source: source, sizing: Sizing(smallest: pieceSize))
    }

    private static let newline = UInt8(ascii: "\n")
    private static let space = UInt8(ascii: " ")

    // MARK: Cutting

    /// The pieces to parse, or nil when the text offers no cut (it is small, holds no long block
    /// list at the root, starts in UTF-16, or has several documents).
    func pieces() -> [Piece]? {
        let size = source.size
        let pieceSize = sizing.smallest
        guard size > pieceSize, let keys = rootLines() else { return nil }
        var cuts: [(offset: Int, kind: Piece.Kind)] = []
        for (index, start) in keys.enumerated() {
            let end = index + 1 < keys.count ? keys[index + 1] : size
            guard end - start > pieceSize + pieceSize / 2, let indent = listIndent(at: start, end: end) else { continue }
            var target = start + sizing.piece(at: start, of: size)
            var cutHere = false
            while target < end - pieceSize / 2 {
                guard let cut = itemLine(from: target, before: end, indent: indent) else { break }
                if cut > (cuts.last?.offset ?? 0) {
                    cuts.append((cut, .items(indent: indent)))
                    cutHere = true
                }
                target = cut + sizing.piece(at: cut, of: size)
            }
            // The root keys after a cut list start a piece of their own.
            if cutHere, end < size { cuts.append((end, .entries)) }
        }
        guard !cuts.isEmpty else { return nil }
        var pieces: [Piece] = []
        var start = 0
        var kind = Piece.Kind.entries
        for cut in cuts {
            pieces.append(Piece(range: start..<cut.offset, kind: kind))
            (start, kind) = (cut.offset, cut.kind)
        }
        pieces.append(Piece(range: start..<size, kind: kind))
        return pieces
    }

    /// The start of every line that begins at column 1 with something other than a space, a line
    /// break or a comment: the root mapping's keys, in a block document. Nil when a line could
    /// start or end a document (`---`, `...`, a directive) or a list at column 1, when there are
    /// more than ``mostRootLines`` (a snapshot has a handful of root keys; a text of millions
    /// would make a region of each), or the text is UTF-16: no cut is tried then.
    func rootLines() -> [Int]? {
        let size = source.size
        let first = source.withBytes(0..<min(size, 2)) { Array($0) } ?? []
        guard !first.contains(0), first != [0xFE, 0xFF], first != [0xFF, 0xFE] else { return nil }
        let parts = max(1, min(ProcessInfo.processInfo.activeProcessorCount * 2, size / (1 << 20)))
        let found = concurrentMap(count: parts, parallel: parts > 1) { part -> [Int]? in
            let slice = partRange(part, of: parts, count: size)
            let (lower, upper) = (slice.lowerBound, slice.upperBound)
            var starts: [Int] = []
            var blockStart = lower
            while blockStart < upper {
                let blockEnd = min(upper, blockStart + (1 << 20))
                // The byte before the block says whether its first byte starts a line.
                let read = max(0, blockStart - 1)..<blockEnd
                let ok = source.withBytes(read) { bytes -> Bool in
                    Self.lineStarts(in: bytes, firstOffset: read.lowerBound, from: blockStart, into: &starts)
                }
                guard ok == true else { return nil }
                blockStart = blockEnd
            }
            return starts
        }
        var starts: [Int] = []
        for part in found {
            guard let part else { return nil }
            starts += part
        }
        return starts.count <= Self.mostRootLines ? starts : nil
    }

    /// The most root lines a text is cut with.
    static let mostRootLines = 4096

    /// Appends the column-1 lines starting in `bytes` at or after `from`; false on a line that
    /// rules out cutting.
    private static func lineStarts(in bytes: UnsafeBufferPointer<UInt8>, firstOffset: Int, from: Int, into starts: inout [Int]) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        let count = bytes.count
        // A line starts at offset 0, or after a line feed; `bytes` begins with the byte before
        // `from` unless `from` is 0.
        if from == 0, !Self.rootLine(base, 0, count, isFirst: true, into: &starts, offset: firstOffset) { return false }
        var i = 0
        while i < count - 1 {
            guard let found = memchr(base + i, Int32(Self.newline), count - 1 - i) else { break }
            let at = UnsafePointer<UInt8>(found.assumingMemoryBound(to: UInt8.self)) - base
            if !Self.rootLine(base, at + 1, count, isFirst: false, into: &starts, offset: firstOffset) || starts.count > Self.mostRootLines { return false }
            i = at + 1
        }
        return true
    }

    /// Records the line at `at` if it starts at column 1 with content; false for one that rules
    /// out cutting.
    @inline(__always)
    private static func rootLine(_ base: UnsafePointer<UInt8>, _ at: Int, _ count: Int, isFirst: Bool, into starts: inout [Int], offset: Int) -> Bool {
        guard at < count else { return true }
        switch base[at] {
        case Self.space, Self.newline, UInt8(ascii: "\r"), UInt8(ascii: "#"): return true
        case UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "%"), UInt8(ascii: "\t"): return isFirst
        default:
            starts.append(offset + at)
            return true
        }
    }

    /// The indentation of the list that the root key at `start` holds, if its line is the key
    /// alone (`teams:`) and its first item line follows: `k` spaces, `-`, then a space or the
    /// line's end.
    func listIndent(at start: Int, end: Int) -> Int? {
        let window = start..<min(end, start + (64 << 10))
        return source.withBytes(window) { bytes -> Int? in
            var lines = bytes.split(separator: Self.newline, omittingEmptySubsequences: false).makeIterator()
            guard var key = lines.next() else { return nil }
            while let last = key.last, last == Self.space || last == UInt8(ascii: "\r") { key = key.dropLast() }
            guard key.last == UInt8(ascii: ":") else { return nil }
            while let line = lines.next() {
                let indent = line.prefix { $0 == Self.space }.count
                let rest = line.dropFirst(indent)
                if rest.isEmpty || rest.elementsEqual([UInt8(ascii: "\r")]) || rest.first == UInt8(ascii: "#") { continue }
                return indent > 0 && Self.isItem(rest) ? indent : nil
            }
            return nil
        } ?? nil
    }

    /// `-` followed by a space or the line's end.
    private static func isItem<Line: Collection<UInt8>>(_ rest: Line) -> Bool {
        guard rest.first == UInt8(ascii: "-") else { return false }
        let next = rest.dropFirst().first
        return next == nil || next == Self.space || next == UInt8(ascii: "\r")
    }

    /// The first item line (`indent` spaces, then `- `) starting at or after `target` and before
    /// `end`.
    func itemLine(from target: Int, before end: Int, indent: Int) -> Int? {
        enum Search {
            case found(Int)
            /// Not in this window; search again from this line feed, whose line may run past it.
            case again(from: Int)
        }
        var from = target
        while from < end {
            let window = from..<min(end, from + (64 << 10))
            let search = source.withBytes(window) { bytes -> Search in
                var i = 0
                // Lines start after a line feed (the window's first byte is not known to).
                while let newline = bytes[i...].firstIndex(of: Self.newline) {
                    let line = newline + 1
                    // `indent` spaces, `-` and the byte after it must be in the window.
                    guard line + indent + 2 <= bytes.count else { return .again(from: window.lowerBound + newline) }
                    if bytes[line..<(line + indent)].allSatisfy({ $0 == Self.space }), bytes[line + indent] == UInt8(ascii: "-") {
                        let after = bytes[line + indent + 1]
                        if after == Self.space || after == Self.newline || after == UInt8(ascii: "\r") { return .found(window.lowerBound + line) }
                    }
                    i = line
                }
                return .again(from: window.upperBound)
            }
            switch search {
            case .found(let offset)?: return offset
            case .again(let next)? where next > from && window.upperBound < end: from = next
            default: return nil
            }
        }
        return nil
    }

    // MARK: Parsing and joining

    /// One piece parsed.
    private struct Parsed {
        var tree: YAMLTreeBuilder
        var root: UInt32
        /// Line breaks in the piece.
        var lineBreaks: Int32
    }

    /// The document, loaded piece by piece on every core; nil when the pieces do not show it is
    /// the one the whole parse builds.
    func load() -> YAMLLoader.Result? {
        guard let pieces = pieces() else { return nil }
        // The one reference to each piece's tree, so that joining moves storage instead of
        // copying it.
        var trees = concurrentMap(count: pieces.count, parallel: true) { index in
            parse(pieces[index], reserving: index == 0 ? source.size : nil)
        }
        guard !trees.contains(where: { $0 == nil }) else { return nil }
        return join(&trees, pieces: pieces)
    }

    /// A piece parsed alone, or nil if it is not what it must be.
    private func parse(_ piece: Piece, reserving: Int?) -> Parsed? {
        let parse = { (input: TreeBuilder.Input) -> Parsed? in
            var builder = TreeBuilder(path: path, limits: limits, input: input, reserving: reserving)
            builder.refusesReferences = true
            if case .items = piece.kind { builder.enclosingDepth = 1 }
            builder.run(threads: .one)
            guard builder.diagnostics.isEmpty, !builder.metReference, !builder.rootIsFlow, let end = builder.endMark else { return nil }
            let (tree, roots) = builder.finishPiece()
            guard roots.count == 1 else { return nil }
            return Parsed(tree: tree, root: roots[0], lineBreaks: end.line - 1)
        }
        switch source {
        case .bytes(let bytes):
            return parse(.bytes(UnsafeBufferPointer(rebasing: bytes[piece.range])))
        case .file(let fd, _):
            let reader = FileReader(fd: fd, limit: limits.maxBytes, range: piece.range)
            let parsed = parse(.file(reader, size: piece.range.count))
            return reader.failed || reader.total != piece.range.count ? nil : parsed
        }
    }

    /// The pieces' trees joined into the first one's: the root entries of every entries piece in
    /// order, each cut list's items gathered into one sequence.
    private func join(_ parsed: inout [Parsed?], pieces: [Piece]) -> YAMLLoader.Result? {
        // What each piece's root holds, read before the trees are moved.
        // (Read through views of the trees, let go before the trees are changed: a view shares
        // their storage, and changing a shared array copies it.)
        var entries: [(key: String, keyMark: Mark, value: UInt32, piece: Int)] = []
        /// Each items piece's items; for each entries piece, its last entry's value's mark and items.
        var listItems: [[UInt32]] = Array(repeating: [], count: parsed.count)
        var lastValues: [(mark: Mark, items: [UInt32]?)] = Array(repeating: (Mark(line: 1, column: 1), nil), count: parsed.count)
        var lineOffsets: [Int32] = []
        var rootMark = Mark(line: 1, column: 1)
        var line: Int32 = 0
        for (index, piece) in parsed.enumerated() {
            guard let piece else { return nil }
            lineOffsets.append(line)
            let view = YAMLNode(tree: YAMLTree(piece.tree), id: piece.root)
            switch pieces[index].kind {
            case .entries:
                // The first piece may begin with comments or `---`; the others begin with a key.
                guard let mapping = view.mapping, view.mark.column == 1, index == 0 || view.mark.line == 1 else { return nil }
                if index == 0 { rootMark = view.mark }
                for entry in mapping.entries {
                    entries.append((entry.key, Mark(line: entry.keyMark.line + line, column: entry.keyMark.column), entry.value.id, index))
                }
                if let last = mapping.entries.last {
                    lastValues[index] = (last.value.mark, last.value.sequence.map { $0.map(\.id) })
                }
            case .items(let indent):
                guard let items = view.sequence, view.mark.column == Int32(indent + 1), view.mark.line == 1 else { return nil }
                listItems[index] = items.map(\.id)
            }
            line += piece.lineBreaks
        }
        guard Set(entries.map(\.key)).count == entries.count else { return nil }

        var tree = YAMLTreeBuilder()
        swap(&tree, &parsed[0]!.tree)
        var others: [YAMLTreeBuilder] = []
        for index in parsed.indices.dropFirst() {
            var piece = YAMLTreeBuilder()
            swap(&piece, &parsed[index]!.tree)
            others.append(piece)
        }
        // Each piece is let go once joined: the document is held about once, not twice.
        let nodeBases = [0] + tree.append(&others, lineOffsets: Array(lineOffsets.dropFirst()))

        // Each entries piece followed by items pieces ends in the list they continue.
        var joined: [(key: String, keyMark: Mark, value: UInt32)] = []
        for (position, entry) in entries.enumerated() {
            var value = entry.value + nodeBases[entry.piece]
            let isLast = position + 1 == entries.count || entries[position + 1].piece != entry.piece
            let next = entry.piece + 1
            if isLast, next < pieces.count, case .items(let indent) = pieces[next].kind {
                let list = lastValues[entry.piece]
                guard let first = list.items, list.mark.column == Int32(indent + 1) else { return nil }
                var items = first.map { $0 + nodeBases[entry.piece] }
                var following = next
                while following < pieces.count, case .items = pieces[following].kind {
                    items += listItems[following].map { $0 + nodeBases[following] }
                    following += 1
                }
                value = tree.sequence(items, at: Mark(line: list.mark.line + lineOffsets[entry.piece], column: list.mark.column))
            }
            joined.append((entry.key, entry.keyMark, value))
        }
        let root = tree.mapping(joined, at: rootMark)
        let document = YAMLDocument(path: path, index: 0, root: tree.build(root: root))
        return YAMLLoader.Result(documents: [document], diagnostics: [])
    }
}
