import Testing
import TestSupport

@testable import YAMLSource

/// The figures the README states about reading YAML are the code's: the limits' defaults and
/// the size of the tree's rows.
@Suite("README claims about reading YAML")
struct ReadmeYAMLClaimTests {
    @Test func theLimitsTableStatesTheDefaults() throws {
        let limits = YAMLLimits()
        let unstated = try StatedText("README.md").unstated([
            "| `--max-file-size BYTES` | \(limits.maxBytes) (\(limits.maxBytes >> 20) MiB) |",
            "| `--max-depth N` | \(limits.maxDepth) |",
            "| `--max-alias-expansion N` | \(limits.maxAliasExpansion) |",
        ])
        #expect(unstated == [])
    }

    @Test func aRowsSizeIsTheTreesColumns() throws {
        #expect(try StatedText("README.md").unstated(["a node is \(YAMLTree.nodeBytes) bytes and a mapping entry \(YAMLTree.entryBytes) (`YAMLTree`)"]) == [])
    }
}
