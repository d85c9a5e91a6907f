import Foundation
import SnapshotModel
import TestSupport
import Testing
import YAMLSource

@testable import Evaluation

/// Figures docs/policies.md and docs/reports.md state about waivers and rule examples, checked
/// against the code.
@Suite("docs claims about waivers and examples")
struct DocsExampleClaimTests {
    /// docs/reports.md's "validated like every other file (`WAIV001`–`WAIV011`)": the codes a
    /// waiver file's schema, loader and dates can raise.
    @Test func theWaiverFileCodesAreTheCatalogues() throws {
        let fileChecks = SchemaDiagnostics.kinds(prefix: "WAIV", schema: WaiverSchema.root, loaderChecks: [SchemaDiagnostics.wrongKind]) + [WaiverDiagnostics.expiresBeforeCreated]
        let numbers = fileChecks.compactMap { Int($0.code.dropFirst(4)) }
        let last = try #require(numbers.max())
        #expect(numbers.min() == 1)
        #expect(try StatedText("docs/reports.md").unstated(["validated like every other file (`WAIV001`–`WAIV\(String(format: "%03d", last))`"]) == [])
    }

    /// docs/policies.md's cast of the base snapshot that rule examples are laid over: its date and
    /// its people, by category.
    @Test func theExamplesCastIsTheBaseSnapshots() throws {
        let loaded = YAMLLoader().load(ExampleSnapshot.baseText, path: "base.yaml")
        let root = try #require(loaded.documents.first?.root)
        let asOf = try #require(root["metadata"]?["asOf"]?.string)
        let ids = try #require(root["people"]?.sequence).compactMap { $0["id"]?.string }
        func quoted(_ prefix: String) -> [String] { ids.filter { $0.hasPrefix(prefix) }.map { "`\($0)`" } }
        let professionals = ids.filter { $0.hasPrefix("pro-") }
        #expect(professionals == (1...professionals.count).map { "pro-\($0)" })
        #expect(
            try StatedText("docs/policies.md").unstated([
                "laid over a base snapshot (as of \(asOf))",
                "patient advisors \(quoted("pa-").joined(separator: ", ")) (experienced, selected, trained, coached by `coach-1`), the coach `coach-1`",
                "professionals `pro-1` … `pro-\(professionals.count)`, managers \(quoted("mgr-").joined(separator: ", ")), \(quoted("icl-").joined(separator: ", ")) and the quality advisor \(quoted("qa-").joined(separator: ", "))",
            ]) == [])
        #expect(ids.count == quoted("pa-").count + 1 + professionals.count + quoted("mgr-").count + quoted("icl-").count + quoted("qa-").count, "no one else in the cast")
    }
}
