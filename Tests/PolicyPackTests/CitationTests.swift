import Foundation
import PolicyCompiler
import TestSupport
import Testing

/// Every quotation the seed pack attributes to a source is in that source, word for word (after
/// folding whitespace and typographic quotes, which the seed texts break across lines and pages).
///
/// The seeds live in `../shared/seeds/` beside the repository (CI has them); a user's clone does
/// not, and then the comparison is skipped with a comment saying so. The shape checks (every
/// rule quotes a known source, quotations are short) run everywhere.
@Suite("Seed pack citations")
struct CitationTests {
    static let compiled = PolicyCompiler().compile(paths: [TandemProcess.packageRoot.appendingPathComponent("Policies/partners-in-care").path])

    /// The seeds' short names and the prefix of their file in `../shared/seeds/` (DOMAIN.md).
    static let seedFiles = ["Clavel 2019": "001_", "Clavel 2019, Additional file 2": "000_", "Pomey 2018": "004_"]

    static let seedsDirectory = TandemProcess.packageRoot.deletingLastPathComponent().appendingPathComponent("shared/seeds")

    static var seedsPresent: Bool { FileManager.default.fileExists(atPath: seedsDirectory.path) }

    /// Every citation of the pack, with what made it: a rule, a factor or a parameter.
    static func citations() throws -> [(owner: String, citation: Citation)] {
        let set = try #require(compiled.policySet)
        let model = try #require(compiled.riskModel)
        var all: [(String, Citation)] = []
        for rule in set.rules { all += rule.citations.map { (rule.id, $0) } }
        for factor in model.teamFactors + model.organizationFactors { all += factor.citations.map { ("factor \(factor.id)", $0) } }
        for parameter in set.parameters {
            if case .seed(let citation) = parameter.provenance { all.append(("parameter \(parameter.name)", citation)) }
        }
        return all
    }

    static func normalized(_ text: String) -> String {
        let folded = text.replacingOccurrences(of: "’", with: "'").replacingOccurrences(of: "‘", with: "'")
            .replacingOccurrences(of: "“", with: "\"").replacingOccurrences(of: "”", with: "\"")
        return folded.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    @Test func everyRuleAndFactorQuotesASeedItNames() throws {
        let set = try #require(Self.compiled.policySet)
        let model = try #require(Self.compiled.riskModel)
        for rule in set.rules {
            #expect(rule.citations.contains { $0.quote != nil && Self.seedFiles[$0.source] != nil }, "\(rule.id) quotes no seed")
        }
        for factor in model.teamFactors + model.organizationFactors {
            #expect(factor.citations.contains { $0.quote != nil && Self.seedFiles[$0.source] != nil }, "factor \(factor.id) quotes no seed")
            #expect(factor.rationale != nil, "factor \(factor.id) gives no reason for its weight")
        }
        for (owner, citation) in try Self.citations() {
            #expect(Self.seedFiles[citation.source] != nil, "\(owner) cites '\(citation.source)', which is not a seed")
            let words = citation.quote.map { $0.split(whereSeparator: \.isWhitespace).count } ?? 0
            #expect(words <= Citation.maxQuoteWords, "\(owner): quotation of \(words) words")
        }
    }

    /// The quotation limit counts words as splitting on white space does; the byte-wise count of
    /// an ASCII quotation must agree, for every ASCII character around words.
    @Test func wordsAreCountedAsSplittingOnWhiteSpaceCounts() throws {
        var texts = ["", " ", "one", " two  words ", "a\r\nb", "é e", "x\u{00A0}y", "tab\tand\u{0B}vt\u{0C}ff"]
        for byte in UInt8(0)..<0x80 {
            let c = String(UnicodeScalar(byte))
            texts += ["a\(c)b", "\(c)a", "a\(c)", "\(c)\(c)"]
        }
        texts += try Self.citations().compactMap(\.1.quote)
        for text in texts {
            #expect(Citation.wordCount(text) == text.split(whereSeparator: \.isWhitespace).count, "\(text.debugDescription)")
        }
    }

    /// A rule that cites a practice of Additional file 2 carries that practice's management level:
    /// the section names it ("Structuring PP, mid level"; "top and mid level" allows either).
    @Test func levelsFollowAdditionalFileTwo() throws {
        let set = try #require(Self.compiled.policySet)
        var checked = 0
        for rule in set.rules {
            for citation in rule.citations where citation.source == "Clavel 2019, Additional file 2" {
                let section = citation.section
                var allowed: Set<ManagementLevel> = []
                if section.contains("top") { allowed.insert(.top) }
                if section.contains("mid") { allowed.insert(.mid) }
                if section.contains("front-line") { allowed.insert(.frontLine) }
                guard !allowed.isEmpty else { continue }
                checked += 1
                // The first Additional-file-2 citation is the practice the rule implements.
                #expect(allowed.contains(rule.level), "\(rule.id) is tagged \(rule.level.rawValue) but cites \(section)")
                break
            }
        }
        #expect(checked == 28)
    }

    @Test(.enabled(if: CitationTests.seedsPresent, "skipped: ../shared/seeds/ is absent (a user's clone has no seeds; CI has them)"))
    func everyQuotationIsInItsSeed() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.seedsDirectory.path)
        var texts: [String: String] = [:]
        for (source, prefix) in Self.seedFiles {
            let name = try #require(files.first { $0.hasPrefix(prefix) }, "no seed file \(prefix)* for \(source)")
            texts[source] = Self.normalized(try String(contentsOf: Self.seedsDirectory.appendingPathComponent(name), encoding: .utf8))
        }
        var checked = 0
        for (owner, citation) in try Self.citations() {
            guard let quote = citation.quote, let text = texts[citation.source] else { continue }
            checked += 1
            #expect(text.contains(Self.normalized(quote)), "\(owner): “\(quote)” is not in \(citation.source)")
        }
        #expect(checked > 0)
    }
}
