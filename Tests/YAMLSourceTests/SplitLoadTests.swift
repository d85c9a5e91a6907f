import Diagnostics
import Foundation
import TestSupport
import Testing

@testable import YAMLSource

/// A large document is cut into pieces parsed on every core; the load is the one a single parse
/// makes — every node, key and mark — or, when the pieces cannot show it, that parse itself.
@Suite("YAML in pieces")
struct SplitLoadTests {
    typealias Loaded = (outline: [String], diagnostics: [String])

    static func load(_ text: String, splitting: YAMLLoader.Splitting, limits: YAMLLimits = .default) -> Loaded {
        let result = YAMLLoader(limits: limits, threads: .one, splitting: splitting).load(SourceText(path: "t.yaml", text: text))
        return (StreamedInputTests.outline(result), result.diagnostics.map { "\($0.location.map { "\($0)" } ?? "-") \($0.code) \($0.message) \($0.notes)" })
    }

    /// The pieces `text` is cut into, and the load they make (nil when it falls back).
    static func split(_ text: String, pieceSize: Int, limits: YAMLLimits = .default) -> (pieces: [SplitLoad.Piece]?, result: YAMLLoader.Result?) {
        var text = text
        return text.withUTF8 { bytes in
            let split = SplitLoad(path: "t.yaml", limits: limits, source: .bytes(bytes), pieceSize: pieceSize)
            return (split.pieces(), split.load())
        }
    }

    /// A snapshot's shape: root keys, a list of people and one of teams (nested lists, flow
    /// collections, block scalars, comments, blank lines, quoted and accented text), then a root
    /// key after the lists.
    static func snapshot(teams: Int, lineEnd: String = "\n") -> String {
        var lines = ["# a comment before the document", "apiVersion: tandem/v1", "kind: OrganizationSnapshot", "metadata: {name: pieces, asOf: 2026-10-01}", "people:"]
        for i in 0..<teams {
            lines += ["  - id: pa-\(i)", "    name: \"Conseillère \(i) — é\"", "    category: pa", "", "  # between items", "  - {id: pro-\(i), name: 'Pro \(i)', category: professional}"]
        }
        lines.append("teams:")
        for i in 0..<teams {
            lines += [
                "  - id: team-\(i)", "    status: active", "    members:", "      - {person: pa-\(i), role: patient_advisor, joined: 2026-03-27}",
                "      - person: pro-\(i)", "        role: provider", "    notes: |", "      A block scalar", "      - that looks like an item", "    score: \(Double(i) / 4)",
            ]
        }
        lines += ["organization:", "  name: After the lists", "  goals: [a, b]"]
        return lines.joined(separator: lineEnd) + lineEnd
    }

    static func expectSame(_ text: String, pieceSize: Int, limits: YAMLLimits = .default, _ comment: Comment? = nil) {
        let whole = load(text, splitting: .never, limits: limits)
        let pieces = load(text, splitting: .pieces(ofBytes: pieceSize), limits: limits)
        #expect(whole.outline == pieces.outline, comment)
        #expect(whole.diagnostics == pieces.diagnostics, comment)
    }

    @Test func aSnapshotInPiecesIsTheWholeParse() throws {
        let text = Self.snapshot(teams: 300)
        let split = Self.split(text, pieceSize: 2_000)
        let pieces = try #require(split.pieces)
        // Cut in both lists, with the root keys after each starting a piece of their own.
        #expect(pieces.count > 20)
        #expect(pieces.filter { $0.kind == .entries }.count == 3)
        #expect(pieces.filter { $0.kind == .items(indent: 2) }.count == pieces.count - 3)
        // Contiguous, covering the text.
        #expect(pieces.first?.range.lowerBound == 0 && pieces.last?.range.upperBound == text.utf8.count)
        #expect(zip(pieces, pieces.dropFirst()).allSatisfy { $0.range.upperBound == $1.range.lowerBound })
        let result = try #require(split.result)
        #expect(StreamedInputTests.outline(result) == Self.load(text, splitting: .never).outline)
        #expect(result.diagnostics.isEmpty)
    }

    @Test func piecesShrinkTowardsTheEndSoCoresFinishTogether() throws {
        // Shrinking over two cores: what remains ÷ (2 × 2), never below the smallest piece, so
        // the last pieces are the small ones.
        let sizing = SplitLoad.Sizing(smallest: 1_000, shrinkingOver: 2)
        #expect(sizing.piece(at: 0, of: 100_000) == 25_000)
        #expect(sizing.piece(at: 60_000, of: 100_000) == 10_000)
        #expect(sizing.piece(at: 97_000, of: 100_000) == 1_000)
        #expect(SplitLoad.Sizing(smallest: 1_000).piece(at: 0, of: 100_000) == 1_000)
        var text = Self.snapshot(teams: 600)
        let pieces = try text.withUTF8 { bytes in
            try #require(SplitLoad(path: "t.yaml", limits: .default, source: .bytes(bytes), sizing: SplitLoad.Sizing(smallest: 2_000, shrinkingOver: 2)).pieces())
        }
        let items = pieces.filter { $0.kind == SplitLoad.Piece.Kind.items(indent: 2) }.map { $0.range.count }
        // Each list's pieces shrink (to within an item's length), and the whole load is the same.
        #expect(items.count > 8)
        #expect(items.first! > 4 * items.last!)
        Self.expectSame(text, pieceSize: 2_000)
        let whole = Self.load(text, splitting: .never)
        let guided = text.withUTF8 { bytes in
            SplitLoad(path: "t.yaml", limits: .default, source: .bytes(bytes), sizing: SplitLoad.Sizing(smallest: 2_000, shrinkingOver: 2)).load()
        }
        #expect(StreamedInputTests.outline(try #require(guided)) == whole.outline)
    }

    @Test func windowsLineEndsAndEveryPieceSizeGiveTheWholeParse() throws {
        let crlf = Self.snapshot(teams: 60, lineEnd: "\r\n")
        #expect(Self.split(crlf, pieceSize: 1_500).result != nil)
        for size in [1, 64, 700, 1_500, 5_000, 100_000] {
            Self.expectSame(Self.snapshot(teams: 60), pieceSize: size, "\(size) bytes")
            Self.expectSame(crlf, pieceSize: size, "\(size) bytes, CRLF")
        }
    }

    @Test func aFileInPiecesIsTheWholeParse() throws {
        let text = Self.snapshot(teams: 400)
        let path = try StreamedInputTests.temporary("pieces.yaml", text)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let streamed = try #require(YAMLLoader(threads: .one, splitting: .pieces(ofBytes: 4_000)).load(streaming: path))
        #expect(StreamedInputTests.outline(streamed) == Self.load(text, splitting: .never).outline)
        let fd = open(path, O_RDONLY)
        defer { close(fd) }
        let split = SplitLoad(path: path, limits: .default, source: .file(fd: fd, size: text.utf8.count), pieceSize: 4_000)
        #expect((split.pieces()?.count ?? 0) > 10)
        #expect(split.load() != nil)
    }

    /// What a piece cannot show parses whole: the pieces are dropped, and the problems are the
    /// whole parse's, with its positions.
    @Test func whatThePiecesCannotShowIsParsedWhole() {
        let body = Self.snapshot(teams: 80)
        let item = "  - id: team-x\n"
        // After `teams:`, one item whose quoted scalar or flow sequence runs over lines that look
        // like items: every cut falls inside it.
        let fakeItems = String(repeating: "  - not an item\n", count: 200)
        let cases: [(String, String)] = [
            ("a quoted scalar across item lines", body.replacingOccurrences(of: "teams:\n", with: "teams:\n  - note: \"starts\n" + fakeItems + "    ends\"\n")),
            ("a flow sequence across item lines", body.replacingOccurrences(of: "teams:\n", with: "teams:\n  - note: [starts,\n" + fakeItems + "    ends]\n")),
            ("an anchor and its alias", body.replacingOccurrences(of: "status: active", with: "status: &s active") + "again: *s\n"),
            ("a tag", body.replacingOccurrences(of: "status: active", with: "status: !!str active")),
            ("a root key twice", body + "people: again\n"),
            ("a syntax error late", body + item + "    broken: [1, 2\n"),
            ("a duplicate key in a late item", body + item + "    a: 1\n    a: 2\n"),
            ("a dedent inside the list", body.replacingOccurrences(of: "teams:\n", with: "teams:\n  - id: first\n stray: 1\n")),
            ("a flow mapping after the lists", body + "{a: 1}\n"),
        ]
        for (name, text) in cases {
            #expect(Self.split(text, pieceSize: 1_000).pieces != nil, "\(name)")
            #expect(Self.split(text, pieceSize: 1_000).result == nil, "\(name)")
            Self.expectSame(text, pieceSize: 1_000, "\(name)")
        }
    }

    @Test func theDepthLimitIsReachedWhereItIsInTheWhole() {
        // Root mapping, list, item, and `depth` nested flow sequences.
        func nested(_ depth: Int) -> String {
            Self.snapshot(teams: 40).replacingOccurrences(
                of: "organization:\n", with: "  - deep: " + String(repeating: "[", count: depth) + String(repeating: "]", count: depth) + "\norganization:\n")
        }
        let limits = YAMLLimits(maxBytes: 1 << 30, maxDepth: 12, maxAliasExpansion: 1 << 20, maxDocuments: 4)
        for depth in [8, 9, 10] {
            Self.expectSame(nested(depth), pieceSize: 800, limits: limits, "depth \(depth)")
        }
        #expect(Self.split(nested(9), pieceSize: 800, limits: limits).result != nil)
        #expect(!Self.load(nested(10), splitting: .pieces(ofBytes: 800), limits: limits).diagnostics.isEmpty)
    }

    /// Texts that offer no cut are not tried: small ones, lists at column 1, UTF-16.
    @Test func textsWithoutACutAreParsedWhole() {
        let body = Self.snapshot(teams: 50)
        #expect(Self.split(body, pieceSize: body.utf8.count).pieces == nil)
        let atColumnOne = body.replacingOccurrences(of: "\n  - id: team-", with: "\n- id: team-").replacingOccurrences(of: "\n  - id: pa-", with: "\n- id: pa-")
        #expect(Self.split(atColumnOne, pieceSize: 500).pieces == nil)
        Self.expectSame(atColumnOne, pieceSize: 500)
        let twoDocuments = body + "---\n" + body
        #expect(Self.split(twoDocuments, pieceSize: 500).pieces == nil)
        Self.expectSame(twoDocuments, pieceSize: 500)
        #expect(Self.split("teams: [\n" + String(repeating: "  1,\n", count: 500) + "]\n", pieceSize: 100).pieces == nil)
        let manyRootKeys = (0..<(SplitLoad.mostRootLines + 1)).map { "k\($0): \($0)\n" }.joined() + "teams:\n" + String(repeating: "  - x\n", count: 2_000)
        #expect(Self.split(manyRootKeys, pieceSize: 1_000).pieces == nil)
        Self.expectSame(manyRootKeys, pieceSize: 1_000)
        let utf16 = [UInt8]([0xFF, 0xFE]) + Array("a: 1\n".utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        utf16.withUnsafeBufferPointer { bytes in
            #expect(SplitLoad(path: "t.yaml", limits: .default, source: .bytes(bytes), pieceSize: 2).pieces() == nil)
        }
    }

    /// The large inputs a check reads are cut automatically; small ones are not.
    @Test func automaticSplittingStartsAtEightMegabytes() {
        #expect(YAMLLoader.Splitting.automatic.sizing(for: (8 << 20) - 1) == nil)
        let cores = ProcessInfo.processInfo.activeProcessorCount
        #expect(
            YAMLLoader.Splitting.automatic.sizing(for: 64 << 20)
                == (cores > 1 ? SplitLoad.Sizing(smallest: max(1 << 20, (64 << 20) / (cores * 16)), shrinkingOver: cores) : nil))
        #expect(YAMLLoader.Splitting.never.sizing(for: 1 << 30) == nil)
        #expect(YAMLLoader.Splitting.pieces(ofBytes: 500).sizing(for: 100) == SplitLoad.Sizing(smallest: 500))
    }
}
