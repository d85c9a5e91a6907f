import Diagnostics
import Foundation
import TestSupport
import Testing

@testable import YAMLSource

/// A large input is parsed by libyaml on a second thread while the tree is built; whatever the
/// input, the documents and the diagnostics are those of a load on one thread.
@Suite("YAML on two threads")
struct TwoThreadLoadTests {
    static func load(_ text: String, path: String = "t.yaml", threads: YAMLLoader.Threads, limits: YAMLLimits = .default) -> (outline: [String], diagnostics: [String]) {
        let result = YAMLLoader(limits: limits, threads: threads).load(SourceText(path: path, text: text))
        return (StreamedInputTests.outline(result), result.diagnostics.map { "\($0.location.map { "\($0)" } ?? "-") \($0.code) \($0.message) \($0.notes)" })
    }

    static func expectSameOnBothPaths(_ text: String, path: String = "t.yaml", limits: YAMLLimits = .default, _ comment: Comment? = nil) {
        let one = load(text, path: path, threads: .one, limits: limits)
        let two = load(text, path: path, threads: .two, limits: limits)
        #expect(one.outline == two.outline, comment)
        #expect(one.diagnostics == two.diagnostics, comment)
    }

    /// Many batches' worth of events: anchors, aliases, tags, every scalar style, multi-byte text.
    static func large(items: Int) -> String {
        var text = "base: &base {role: patient_advisor, note: \"é ✓\"}\nitems:\n"
        for i in 0..<items {
            text += "  - {n: \(i), name: 'nom \(i) ü', tagged: !!str \(i), on: \(i % 2 == 0), when: 2026-01-0\(i % 9 + 1), same: *base}\n"
        }
        return text + "tail: |\n  a block\n  of text\n"
    }

    @Test func everyFixtureLoadsTheSame() throws {
        let root = TandemProcess.packageRoot.appendingPathComponent("Fixtures").path
        var count = 0
        for folder in ["valid", "invalid", "hostile"] {
            for name in try FileManager.default.contentsOfDirectory(atPath: root + "/" + folder).sorted() {
                let text = try String(contentsOfFile: root + "/" + folder + "/" + name, encoding: .utf8)
                Self.expectSameOnBothPaths(text, path: name, "\(folder)/\(name)")
                count += 1
            }
        }
        #expect(count >= 13)
    }

    @Test func aLargeDocumentLoadsTheSame() throws {
        let text = Self.large(items: 12_000)
        #expect(text.utf8.count > 4 * EventBatch.byteCapacity)
        let two = Self.load(text, threads: .two)
        #expect(two.diagnostics.isEmpty)
        #expect(two.outline == Self.load(text, threads: .one).outline)
        // Every item, and the aliases expanded at their own marks.
        #expect(two.outline.count > 12_000 * 13)
        // And from a file, as libyaml reads it in chunks on the second thread.
        let path = try StreamedInputTests.temporary("large.yaml", text)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let streamed = try #require(YAMLLoader(threads: .two).load(streaming: path))
        #expect(StreamedInputTests.outline(streamed) == two.outline)
    }

    /// Problems far into a large input, after many batches: the same diagnostic at the same place,
    /// and the load ends (the producer is stopped and waited for, however far ahead it is).
    @Test func problemsFarIntoALargeInputAreTheSame() {
        let body = Self.large(items: 5_000)
        let cases: [(String, String, YAMLLimits)] = [
            ("syntax error", body + "broken: [1, 2\n", .default),
            ("duplicate key", body + "items: again\n", .default),
            ("bad tag", body + "x: !!int nope\n", .default),
            ("undefined alias", body + "x: *nowhere\n", .default),
            ("too deep", body + "deep: " + String(repeating: "[", count: 1_000) + String(repeating: "]", count: 1_000) + "\n", .default),
            ("alias budget", body, YAMLLimits(maxBytes: 1 << 30, maxDepth: 64, maxAliasExpansion: 3_000, maxDocuments: 16)),
            ("documents", String(repeating: body + "---\n", count: 3), YAMLLimits(maxBytes: 1 << 30, maxDepth: 64, maxAliasExpansion: 1 << 30, maxDocuments: 2)),
            ("encoding", body + "x: \u{1}\n", .default),
        ]
        for (name, text, limits) in cases {
            let two = Self.load(text, threads: .two, limits: limits)
            #expect(!two.diagnostics.isEmpty, "\(name)")
            Self.expectSameOnBothPaths(text, limits: limits, "\(name)")
        }
    }

    @Test func smallInputsStayOnOneThreadUnlessAsked() {
        // The automatic choice: below 1 MB a thread costs more than it saves. Either way, the same.
        #expect(YAMLLoader.Threads.threshold == 1 << 20)
        for text in ["", "a: 1\n", "[1, 2", "- x\n" + String(repeating: "- y\n", count: 10)] {
            Self.expectSameOnBothPaths(text, "\(text)")
        }
    }
}
