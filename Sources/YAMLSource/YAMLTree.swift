import Parallel
/// The storage of one or more YAML documents: every node in contiguous arrays, indexed by
/// number, instead of a value or object per node.
///
/// A mapping entry is 10 bytes: key id (16 bits), key mark (relative to the value's), value. A
/// node is a row of four columns (kind, line, column, payload) — 9 bytes (lines are 16-bit
/// offsets from a base per 64 rows, see ``LineColumn``). A scalar's payload indexes ``strings``
/// or ``numbers``; a collection's indexes its span (two numbers in ``spans``: its first child in
/// ``items`` (sequences) or in the entry columns (mappings), and how many), so the scalars that
/// are most of a snapshot carry no count. Columns are 16-bit (a column past 65,534 is kept aside
/// in ``wideColumns``). At 50,000 teams the rows went from 17 to 9 bytes (167 → 88 MB) and the
/// entries from 16 to 10. Mapping keys and short string scalars are interned once per tree, so
/// the thousands of `role:` keys and `patient_advisor` values of a snapshot share one string
/// each (`tandem-bench --memory` counts them). ``YAMLNode``,
/// ``YAMLSequence`` and ``YAMLMapping`` are views of a row: the API the
/// validator, diagnostics and the CEL bridge use stays the same as when nodes were values.
///
/// Immutable once built (by the loader or ``YAMLTreeBuilder``), so it is shared freely across
/// threads.
public final class YAMLTree: Sendable {
    @usableFromInline enum Kind: UInt8, Sendable {
        case null, bool, int, double, string, sequence, mapping

        /// The shape of a node of this kind.
        @inlinable var shape: YAMLNode.Shape {
            switch self {
            case .sequence: .sequence
            case .mapping: .mapping
            default: .scalar
            }
        }
    }

    let kinds: [Kind]
    let lines: LineColumn
    let columns: [UInt16]
    /// Columns that do not fit 16 bits (``YAMLTree/wideColumn`` in ``columns``), by node.
    let wideColumns: [UInt32: Int32]
    let payloads: [UInt32]
    /// Each collection's first child and count, in pairs.
    let spans: [UInt32]
    let items: [UInt32]
    /// Each entry's key id in 16 bits (a snapshot has a few dozen distinct keys), or
    /// ``YAMLTree/wideKey`` with the id in ``wideKeys``.
    let entryKeys: [UInt16]
    let wideKeys: [UInt32: UInt32]
    /// Each key's mark relative to its value's: lines back (8 bits) and column (24 bits), or
    /// ``YAMLTree/farKey`` with the mark kept in ``farKeyMarks`` (a key is almost always on its
    /// value's line or the one before).
    let entryKeyMarks: [UInt32]
    let farKeyMarks: [UInt32: Mark]
    let entryValues: [UInt32]
    let keys: [String]
    /// The UTF-8 length of each key, compared before the key itself.
    let keyLengths: [Int]
    let strings: [String]
    let numbers: [UInt64]
    /// The numbering of ``keys``, shared by the trees that share this one's storage.
    let keyNumbering: KeyNumbering

    init(_ b: YAMLTreeBuilder) {
        kinds = b.kinds
        lines = b.lines
        columns = b.columns
        wideColumns = b.wideColumns
        payloads = b.payloads
        spans = b.spans
        items = b.items
        entryKeys = b.entryKeys
        wideKeys = b.wideKeys
        entryKeyMarks = b.entryKeyMarks
        farKeyMarks = b.farKeyMarks
        entryValues = b.entryValues
        keys = b.keys
        keyLengths = b.keys.map(\.utf8.count)
        strings = b.strings
        numbers = b.numbers
        keyNumbering = KeyNumbering(b.keyIDs)
    }

    /// A second tree object over the same storage (the arrays are shared, not copied).
    init(sharingStorageOf other: YAMLTree) {
        kinds = other.kinds
        lines = other.lines
        columns = other.columns
        wideColumns = other.wideColumns
        payloads = other.payloads
        spans = other.spans
        items = other.items
        entryKeys = other.entryKeys
        wideKeys = other.wideKeys
        entryKeyMarks = other.entryKeyMarks
        farKeyMarks = other.farKeyMarks
        entryValues = other.entryValues
        keys = other.keys
        keyLengths = other.keyLengths
        strings = other.strings
        numbers = other.numbers
        keyNumbering = other.keyNumbering
    }

    /// Number of nodes.
    public var nodeCount: Int { kinds.count }

    /// Bytes the columns hold (not counting string contents), for measurements.
    public var storageBytes: Int {
        kinds.count * Self.nodeBytes + lines.bases.count * 4 + spans.count * 4 + wideColumns.count * 16 + items.count * 4 + entryKeys.count * Self.entryBytes
            + farKeyMarks.count * 16 + wideKeys.count * 16 + keys.count * 16 + strings.count * 16 + numbers.count * 8
    }

    /// Bytes of a node's own columns: its kind, line (an offset from its block's), column and payload.
    static let nodeBytes = MemoryLayout<Kind>.stride + LineColumn.offsetBytes + MemoryLayout<UInt16>.stride + MemoryLayout<UInt32>.stride
    /// Bytes of a mapping entry's own columns: its key id, key mark and value.
    static let entryBytes = MemoryLayout<UInt16>.stride + MemoryLayout<UInt32>.stride + MemoryLayout<UInt32>.stride

    /// What the tree holds, for `tandem-bench --memory`: rows, entries, and the distinct strings' count,
    /// UTF-8 bytes and how many are too long for Swift's inline small-string form (a heap
    /// allocation each).
    public var statistics: (nodes: Int, entries: Int, strings: Int, stringBytes: Int, heapStrings: Int) {
        var bytes = 0
        var heap = 0
        for string in strings {
            let count = string.utf8.count
            bytes += count
            if count > 15 { heap += 1 }
        }
        return (kinds.count, entryKeys.count, strings.count, bytes, heap)
    }

    /// The stored column meaning "too wide; see ``wideColumns``".
    static let wideColumn = UInt16.max

    @inline(__always) func mark(_ id: UInt32) -> Mark {
        let column = columns[Int(id)]
        return Mark(line: lines[id], column: column == Self.wideColumn ? wideColumns[id] ?? 0 : Int32(column))
    }

    /// The stored key id meaning "see ``wideKeys``".
    @usableFromInline static let wideKey = UInt16.max

    /// The key id of entry `index` (an index into ``keys``).
    @usableFromInline @inline(__always) func keyID(ofEntry index: Int) -> Int {
        let id = entryKeys[index]
        return id == Self.wideKey ? Int(wideKeys[UInt32(index)] ?? 0) : Int(id)
    }

    /// The stored key mark meaning "see ``farKeyMarks``".
    static let farKey = UInt32.max

    /// The mark of entry `index`'s key.
    @inline(__always) func keyMark(_ index: Int) -> Mark {
        let packed = entryKeyMarks[index]
        if packed == Self.farKey { return farKeyMarks[UInt32(index)] ?? Mark(line: 1, column: 1) }
        return Mark(line: lines[entryValues[index]] - Int32(packed >> 24), column: Int32(packed & 0xFF_FFFF))
    }

    /// The entry holding `key` among the `count` entries from `start`, or nil.
    ///
    /// - Complexity: O(*count*); snapshot mappings have a few dozen keys at most, where a linear
    ///   scan beats hashing. Lengths are compared first: `==` on two strings that differ takes the
    ///   standard library's slow comparison path; a length is stored, and most keys differ in it.
    @inline(__always) func entry(of key: String, start: Int, count: Int) -> Int? {
        let length = key.utf8.count
        for entry in start..<(start + count) {
            let id = keyID(ofEntry: entry)
            if keyLengths[id] == length, keys[id] == key { return entry }
        }
        return nil
    }

    /// A collection's first child (in ``items`` or the entry columns) and number of children.
    @inline(__always) func span(_ id: UInt32) -> (start: UInt32, count: UInt32) {
        let pair = Int(payloads[Int(id)]) &* 2
        return (spans[pair], spans[pair &+ 1])
    }

    func scalar(_ id: UInt32) -> YAMLScalar? {
        let i = Int(id)
        switch kinds[i] {
        case .null: return .null
        case .bool: return .bool(payloads[i] != 0)
        case .int: return .int(Int64(bitPattern: numbers[Int(payloads[i])]))
        case .double: return .double(Double(bitPattern: numbers[Int(payloads[i])]))
        case .string: return .string(strings[Int(payloads[i])])
        case .sequence, .mapping: return nil
        }
    }
}

/// Builds a ``YAMLTree``: the loader appends nodes as libyaml reports them, and tools that compose
/// documents (rule examples merged into a base snapshot) copy nodes from other trees.
public struct YAMLTreeBuilder: Sendable {
    var kinds: [YAMLTree.Kind] = []
    var lines = LineColumn()
    var columns: [UInt16] = []
    var wideColumns: [UInt32: Int32] = [:]
    var payloads: [UInt32] = []
    var spans: [UInt32] = []
    var items: [UInt32] = []
    var entryKeys: [UInt16] = []
    var wideKeys: [UInt32: UInt32] = [:]
    var entryKeyMarks: [UInt32] = []
    var farKeyMarks: [UInt32: Mark] = [:]
    var entryValues: [UInt32] = []
    var keys: [String] = []
    /// Each distinct key's id, found by its bytes.
    var keyIDs = ByteInterner(capacity: 32)
    var strings: [String] = []
    /// Strings longer than this (in UTF-8 bytes) are kept as they come, not shared.
    static let longestInterned = 40

    /// Each distinct short string scalar's id, found by its bytes: a snapshot repeats its words
    /// (roles, statuses, dates, ids referenced from many places).
    ///
    /// Small until a builder expects many nodes: a lone scalar node (a default written in code)
    /// is a tree of its own, and compiling a policy pack made about seventy, each clearing a
    /// table of 8,192 slots (2.3 million instructions of one small snapshot's check).
    var stringIDs = ByteInterner(capacity: 32)
    var numbers: [UInt64] = []

    /// Creates an empty builder; `expectedNodes` reserves space (capacity never touched is not
    /// resident, so over-estimating is cheap).
    public init(expectedNodes: Int = 0) {
        if expectedNodes > 0 {
            // A document repeats its words: about one distinct string for every eight nodes.
            stringIDs = ByteInterner(capacity: min(4096, max(32, expectedNodes / 8)))
            kinds.reserveCapacity(expectedNodes)
            lines.reserveCapacity(expectedNodes)
            columns.reserveCapacity(expectedNodes)
            payloads.reserveCapacity(expectedNodes)
        }
    }

    private mutating func row(_ kind: YAMLTree.Kind, _ mark: Mark, payload: UInt32) -> UInt32 {
        let id = UInt32(kinds.count)
        kinds.append(kind)
        lines.append(mark.line)
        if mark.column >= 0, mark.column < Int32(YAMLTree.wideColumn) {
            columns.append(UInt16(mark.column))
        } else {
            columns.append(YAMLTree.wideColumn)
            wideColumns[id] = mark.column
        }
        payloads.append(payload)
        return id
    }

    /// A collection's row: its payload is the index of its (start, count) pair in `spans`.
    private mutating func collection(_ kind: YAMLTree.Kind, _ mark: Mark, start: UInt32, count: UInt32) -> UInt32 {
        let pair = UInt32(spans.count / 2)
        spans.append(start)
        spans.append(count)
        return row(kind, mark, payload: pair)
    }

    /// The id of an interned mapping key.
    mutating func keyID(_ key: String) -> UInt32 {
        var key = key
        return key.withUTF8 { keyID(bytes: UnsafeRawBufferPointer($0)) }
    }

    /// The id of the mapping key written with `bytes` (UTF-8).
    mutating func keyID(bytes: UnsafeRawBufferPointer) -> UInt32 {
        let (id, isNew) = keyIDs.id(of: bytes, next: UInt32(keys.count))
        if isNew { keys.append(String(decoding: bytes, as: UTF8.self)) }
        return id
    }

    /// Appends a scalar node; returns its id.
    public mutating func scalar(_ scalar: YAMLScalar, at mark: Mark) -> UInt32 {
        switch scalar {
        case .null: return row(.null, mark, payload: 0)
        case .bool(let b): return row(.bool, mark, payload: b ? 1 : 0)
        case .int(let i):
            numbers.append(UInt64(bitPattern: i))
            return row(.int, mark, payload: UInt32(numbers.count - 1))
        case .double(let d):
            numbers.append(d.bitPattern)
            return row(.double, mark, payload: UInt32(numbers.count - 1))
        case .string(let s):
            // Long texts (descriptions, quotations, notes) are seldom repeated: hashing them to
            // share them cost more than it saved (a twentieth of checking one small snapshot).
            if s.utf8.count > YAMLTreeBuilder.longestInterned {
                strings.append(s)
                return row(.string, mark, payload: UInt32(strings.count - 1))
            }
            var text = s
            let next = UInt32(strings.count)
            let (id, isNew) = text.withUTF8 { stringIDs.id(of: UnsafeRawBufferPointer($0), next: next) }
            if isNew { strings.append(s) }
            return row(.string, mark, payload: id)
        }
    }

    /// Appends a string scalar written with `bytes` (UTF-8); a short one is made a `String` only
    /// the first time it is met.
    mutating func string(bytes: UnsafeRawBufferPointer, at mark: Mark) -> UInt32 {
        guard bytes.count <= YAMLTreeBuilder.longestInterned else {
            strings.append(String(decoding: bytes, as: UTF8.self))
            return row(.string, mark, payload: UInt32(strings.count - 1))
        }
        let (id, isNew) = stringIDs.id(of: bytes, next: UInt32(strings.count))
        if isNew { strings.append(String(decoding: bytes, as: UTF8.self)) }
        return row(.string, mark, payload: id)
    }

    /// Appends a sequence of nodes already in this builder.
    public mutating func sequence(_ children: [UInt32], at mark: Mark) -> UInt32 {
        sequence(children[...], at: mark)
    }

    mutating func sequence(_ children: ArraySlice<UInt32>, at mark: Mark) -> UInt32 {
        let start = UInt32(items.count)
        items.append(contentsOf: children)
        return collection(.sequence, mark, start: start, count: UInt32(children.count))
    }

    /// One mapping entry as the loader gathers it: an interned key (``keyID(_:)``), its mark, and
    /// the value's node.
    struct Entry {
        var key: UInt32
        var keyMark: Mark
        var value: UInt32
    }

    /// Appends a mapping of `(key, key mark, value id)` entries; the caller guarantees unique keys.
    public mutating func mapping(_ entries: [(key: String, keyMark: Mark, value: UInt32)], at mark: Mark) -> UInt32 {
        var interned: [Entry] = []
        interned.reserveCapacity(entries.count)
        for entry in entries { interned.append(Entry(key: keyID(entry.key), keyMark: entry.keyMark, value: entry.value)) }
        return mapping(interned[...], at: mark)
    }

    mutating func mapping(_ entries: ArraySlice<Entry>, at mark: Mark) -> UInt32 {
        let start = UInt32(entryKeys.count)
        for entry in entries {
            let back = lines[entry.value] - entry.keyMark.line
            if (0...255).contains(back), (0..<0xFF_FFFF).contains(entry.keyMark.column) {
                entryKeyMarks.append(UInt32(back) << 24 | UInt32(entry.keyMark.column))
            } else {
                farKeyMarks[UInt32(entryKeyMarks.count)] = entry.keyMark
                entryKeyMarks.append(YAMLTree.farKey)
            }
            let key = entry.key
            if key < UInt32(YAMLTree.wideKey) {
                entryKeys.append(UInt16(key))
            } else {
                wideKeys[UInt32(entryKeys.count)] = key
                entryKeys.append(YAMLTree.wideKey)
            }
            entryValues.append(entry.value)
        }
        return collection(.mapping, mark, start: start, count: UInt32(entries.count))
    }

    /// The text of scalar `id` as written back in plain style (for an alias used as a key).
    func scalarText(_ id: UInt32) -> String? {
        let i = Int(id)
        switch kinds[i] {
        case .null: return YAMLScalar.null.text
        case .bool: return YAMLScalar.bool(payloads[i] != 0).text
        case .int: return YAMLScalar.int(Int64(bitPattern: numbers[Int(payloads[i])])).text
        case .double: return YAMLScalar.double(Double(bitPattern: numbers[Int(payloads[i])])).text
        case .string: return strings[Int(payloads[i])]
        case .sequence, .mapping: return nil
        }
    }

    /// Appends a node with the kind and children of `id` but another mark (an alias).
    mutating func alias(of id: UInt32, at mark: Mark) -> UInt32 {
        row(kinds[Int(id)], mark, payload: payloads[Int(id)])
    }

    /// Copies `node` (from any tree) and everything below it into this builder; with `mark`, every
    /// copied node and key is placed there instead (an example fragment points at its example).
    public mutating func copy(_ node: YAMLNode, remarkedTo mark: Mark? = nil) -> UInt32 {
        switch node.value {
        case .scalar(let s): return scalar(s, at: mark ?? node.mark)
        case .sequence(let sequence): return self.sequence(sequence.map { copy($0, remarkedTo: mark) }, at: mark ?? node.mark)
        case .mapping(let mapping):
            return self.mapping(mapping.entries.map { ($0.key, mark ?? $0.keyMark, copy($0.value, remarkedTo: mark)) }, at: mark ?? node.mark)
        }
    }

    /// Appends the rows of each of `others` in order, its lines moved by its `lineOffsets`
    /// entry and its ids by the rows, items, entries, strings and numbers before it, returning
    /// each one's first row; `others` is emptied, each piece let go once joined.
    ///
    /// The pieces are of the same document, each parsed on its own. Keys are interned again
    /// here; strings and numbers are appended as they are (a piece's short strings were shared
    /// within the piece). A piece holds no alias: each collection's span is its own.
    ///
    /// The rows (kinds, marks, payloads, spans), sequence items, strings and numbers are
    /// appended on this thread, and the mapping entries beside, on another (about half the work
    /// each): joining a large document's pieces was a third of a second of one core.
    mutating func append(_ others: inout [YAMLTreeBuilder], lineOffsets: [Int32]) -> [UInt32] {
        // Every piece's bases first, from the sizes alone (each piece starts a block of
        // `LineColumn`, after null rows that no node reaches).
        var bases: [Bases] = []
        var next = Bases(node: kinds.count, pair: spans.count / 2, item: items.count, entry: entryKeys.count, string: strings.count, number: numbers.count)
        for other in others {
            next.node += (LineColumn.blockRows - next.node % LineColumn.blockRows) % LineColumn.blockRows
            bases.append(next)
            next.node += other.kinds.count
            next.pair += other.spans.count / 2
            next.item += other.items.count
            next.entry += other.entryKeys.count
            next.string += other.strings.count
            next.number += other.numbers.count
        }
        // Every column sized for the whole tree at once: reserved to each piece's size as it
        // came, a column was moved to a new buffer for every piece, copying all the pieces before.
        kinds.reserveCapacity(next.node)
        columns.reserveCapacity(next.node)
        payloads.reserveCapacity(next.node)
        lines.reserveCapacity(next.node)
        spans.reserveCapacity(next.pair * 2)
        items.reserveCapacity(next.item)
        strings.reserveCapacity(next.string)
        numbers.reserveCapacity(next.number)
        let entryCount = next.entry
        let keyMaps = others.map { other in other.keys.map { keyID($0) } }
        // Each piece split in two, each half held by the thread that joins it alone: the
        // entries moved to builders of their own, the rest left in `others`.
        var joined = YAMLTreeBuilder()
        joined.takeEntries(from: &self)
        var parts: [YAMLTreeBuilder] = []
        for index in others.indices {
            var part = YAMLTreeBuilder()
            part.takeEntries(from: &others[index])
            parts.append(part)
        }
        let children = EntryColumns(joined, parts: parts)
        // The columns are left to `children` alone, so that appending to them copies nothing.
        (joined, parts) = (YAMLTreeBuilder(), [])
        let pieceBases = bases
        let beside = Background { () -> EntryColumns in
            children.join(bases: pieceBases, keyIDs: keyMaps, lineOffsets: lineOffsets, entryCount: entryCount)
            return children
        }
        for index in others.indices {
            while !lines.isBlockAligned { _ = row(.null, Mark(line: lines.last, column: 1), payload: 0) }
            var part = YAMLTreeBuilder()
            swap(&part, &others[index])
            appendRows(part, bases: bases[index], lineOffset: lineOffsets[index])
        }
        others = []
        var result = beside.result().takeJoined()
        takeEntries(from: &result)
        return bases.map { UInt32($0.node) }
    }

    /// Where a piece's rows, pairs, items, entries, strings and numbers start in the joined tree.
    struct Bases: Sendable {
        var node, pair, item, entry, string, number: Int
    }

    /// Moves `other`'s mapping entries into this builder, leaving its own in `other`.
    mutating func takeEntries(from other: inout YAMLTreeBuilder) {
        swap(&entryKeys, &other.entryKeys)
        swap(&wideKeys, &other.wideKeys)
        swap(&entryKeyMarks, &other.entryKeyMarks)
        swap(&farKeyMarks, &other.farKeyMarks)
        swap(&entryValues, &other.entryValues)
    }

    /// `other`'s mapping entries, moved to where its rows go.
    mutating func appendEntries(_ other: YAMLTreeBuilder, bases: Bases, keyIDs: [UInt32], lineOffset: Int32) {
        let nodeBase = UInt32(bases.node)
        let entryBase = UInt32(bases.entry)
        for index in other.entryKeys.indices {
            let stored = other.entryKeys[index]
            let key = keyIDs[stored == YAMLTree.wideKey ? Int(other.wideKeys[UInt32(index)] ?? 0) : Int(stored)]
            if key < UInt32(YAMLTree.wideKey) {
                entryKeys.append(UInt16(key))
            } else {
                wideKeys[UInt32(entryKeys.count)] = key
                entryKeys.append(YAMLTree.wideKey)
            }
        }
        // A key's mark is kept relative to its value's line, which moves with it.
        entryKeyMarks += other.entryKeyMarks
        for (index, mark) in other.farKeyMarks { farKeyMarks[index + entryBase] = Mark(line: mark.line + lineOffset, column: mark.column) }
        for value in other.entryValues { entryValues.append(value + nodeBase) }
    }

    /// `other`'s rows, items, strings and numbers (see ``append(_:lineOffsets:)``).
    private mutating func appendRows(_ other: YAMLTreeBuilder, bases: Bases, lineOffset: Int32) {
        let nodeBase = UInt32(bases.node)
        kinds += other.kinds
        columns += other.columns
        lines.append(other.lines, lineOffset: lineOffset)
        for (id, column) in other.wideColumns { wideColumns[id + nodeBase] = column }
        // A payload indexes the numbers, the strings or the spans, by the row's kind.
        var payloadBase: [UInt32] = Array(repeating: 0, count: 7)
        payloadBase[Int(YAMLTree.Kind.int.rawValue)] = UInt32(bases.number)
        payloadBase[Int(YAMLTree.Kind.double.rawValue)] = UInt32(bases.number)
        payloadBase[Int(YAMLTree.Kind.string.rawValue)] = UInt32(bases.string)
        payloadBase[Int(YAMLTree.Kind.sequence.rawValue)] = UInt32(bases.pair)
        payloadBase[Int(YAMLTree.Kind.mapping.rawValue)] = UInt32(bases.pair)
        let firstPayload = payloads.count
        payloads += other.payloads
        var spans = other.spans
        payloads.withUnsafeMutableBufferPointer { payloads in
            other.kinds.withUnsafeBufferPointer { kinds in
                for row in 0..<kinds.count {
                    let kind = kinds[row]
                    let payload = payloads[firstPayload + row]
                    payloads[firstPayload + row] = payload &+ payloadBase[Int(kind.rawValue)]
                    if kind == .sequence {
                        spans[Int(payload) &* 2] &+= UInt32(bases.item)
                    } else if kind == .mapping {
                        spans[Int(payload) &* 2] &+= UInt32(bases.entry)
                    }
                }
            }
        }
        self.spans += spans
        for item in other.items { items.append(item + nodeBase) }
        strings += other.strings
        numbers += other.numbers
    }

    /// Finishes the tree; `root` becomes a node of it.
    public func build(root: UInt32) -> YAMLNode {
        YAMLNode(tree: YAMLTree(self), id: root)
    }

    /// Finishes the tree for several roots (the documents of one stream share a tree).
    func build(roots: [UInt32]) -> [YAMLNode] {
        let tree = YAMLTree(self)
        return roots.map { YAMLNode(tree: tree, id: $0) }
    }
}

/// The mapping entries of a tree and of the pieces joined to it, held by
/// the thread that joins them beside the rows (see ``YAMLTreeBuilder/append(_:lineOffsets:)``).
private final class EntryColumns: @unchecked Sendable {
    // Made by the joining thread, then read and written by the one beside alone, then read by
    // the joining thread once that one has finished (`Background.result()` waits for it).
    private var joined: YAMLTreeBuilder
    private var parts: [YAMLTreeBuilder]

    init(_ joined: YAMLTreeBuilder, parts: [YAMLTreeBuilder]) {
        self.joined = joined
        self.parts = parts
    }

    /// The joined columns, left to the caller alone.
    func takeJoined() -> YAMLTreeBuilder {
        var taken = YAMLTreeBuilder()
        swap(&taken, &joined)
        return taken
    }

    /// Appends every part in order, each let go once appended, into columns sized for
    /// `entryCount` entries.
    func join(bases: [YAMLTreeBuilder.Bases], keyIDs: [[UInt32]], lineOffsets: [Int32], entryCount: Int) {
        joined.entryKeys.reserveCapacity(entryCount)
        joined.entryKeyMarks.reserveCapacity(entryCount)
        joined.entryValues.reserveCapacity(entryCount)
        for index in parts.indices {
            var part = YAMLTreeBuilder()
            swap(&part, &parts[index])
            joined.appendEntries(part, bases: bases[index], keyIDs: keyIDs[index], lineOffset: lineOffsets[index])
        }
    }
}

/// The line of every row: rows come in document order, so the rows of a block of 64 lie within
/// a few hundred lines of each other (a collection's row, made at its end, points back to where
/// it began). Each block keeps its first row's line; each row, its offset from it in 16 bits, or
/// ``far`` and the line in ``farLines``. Two bytes a row instead of four (20 MB at 50,000 teams).
struct LineColumn: Sendable {
    private(set) var bases: [Int32] = []
    private var offsets: [Int16] = []
    /// Bytes a row's line takes (its offset from its block's first line).
    static let offsetBytes = MemoryLayout<Int16>.stride
    private var farLines: [UInt32: Int32] = [:]
    private static let far = Int16.min
    private static let blockShift = 6
    /// The rows of a block.
    static let blockRows = 1 << blockShift

    /// Whether the next row starts a block.
    var isBlockAligned: Bool { offsets.count & (1 << Self.blockShift - 1) == 0 }

    /// The last row's line (1 when there is none).
    var last: Int32 { offsets.isEmpty ? 1 : self[UInt32(offsets.count - 1)] }

    /// Appends the rows of `other`, their lines moved by `lineOffset`; the next row must start a
    /// block (``isBlockAligned``), so that `other`'s blocks are this one's.
    mutating func append(_ other: LineColumn, lineOffset: Int32) {
        precondition(isBlockAligned)
        let rowBase = UInt32(offsets.count)
        for base in other.bases { bases.append(base + lineOffset) }
        offsets += other.offsets
        for (row, line) in other.farLines { farLines[row + rowBase] = line + lineOffset }
    }

    mutating func reserveCapacity(_ rows: Int) {
        offsets.reserveCapacity(rows)
        bases.reserveCapacity(rows >> Self.blockShift + 1)
    }

    /// Records the line of the next row.
    mutating func append(_ line: Int32) {
        let row = offsets.count
        if row & (1 << Self.blockShift - 1) == 0 { bases.append(line) }
        let offset = Int(line) - Int(bases[row >> Self.blockShift])
        if offset > Int(Self.far), offset <= Int(Int16.max) {
            offsets.append(Int16(offset))
        } else {
            farLines[UInt32(row)] = line
            offsets.append(Self.far)
        }
    }

    /// The line of row `id`.
    @inline(__always) subscript(id: UInt32) -> Int32 {
        let offset = offsets[Int(id)]
        if offset == Self.far { return farLines[id] ?? 0 }
        return bases[Int(id) >> Self.blockShift] &+ Int32(offset)
    }
}

/// The numbering of one document's keys (see ``YAMLNode/keyNumber(of:)``), by identity: nodes
/// whose numberings are the same object number their keys alike, whichever tree object
/// (``YAMLNode/onOwnTree()``) they are read through. Holding it keeps its identity from being
/// reused by another document's.
public final class KeyNumbering: Sendable {
    /// The builder's own table of the keys' bytes, whose ids are the keys' numbers. A reader
    /// resolves its keys once per document; with many small documents that is often. A linear
    /// search comparing strings was a twentieth of a check of 1,000 small snapshots (`perf`),
    /// and a `[String: Int]` made for each document cost 60,000 instructions to build and 400
    /// (SipHash) a lookup, where the builder had already hashed every key.
    private let table: ByteInterner

    init(_ table: ByteInterner) {
        self.table = table
    }

    /// The number of `key`, or nil when no mapping of the document has it.
    func number(of key: String) -> Int? {
        var key = key
        return key.withUTF8 { table.existingID(of: UnsafeRawBufferPointer($0)) }.map(Int.init)
    }
}
