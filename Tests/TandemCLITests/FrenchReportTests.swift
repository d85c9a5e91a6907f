import Foundation
import Reporting
import TestSupport
import Testing

/// `--lang fr`: the seed pack's texts and Tandem's own words in French, JSON keys unchanged.
@Suite("Reports in French", .serialized)
struct FrenchReportTests {
    static let fixtures = ["well-run", "mixed", "struggling", "tokenistic", "first-assessment"]

    /// Every English sentence the pack can print — rule titles and remediations, factor
    /// explanations' and messages' fixed words — gathered from the pack itself.
    static func englishTexts() throws -> [String] {
        let script = """
            import glob, re, sys, yaml
            out = set()
            for path in glob.glob(sys.argv[1] + "/*.yaml"):
                for doc in yaml.safe_load_all(open(path)):
                    for item in (doc or {}).get("rules", []) + (doc or {}).get("factors", []):
                        for key in ("title", "message", "remediation", "explanation"):
                            text = item.get(key)
                            if isinstance(text, dict): text = text.get("en", "")
                            for piece in re.split(r"\\{\\{.*?\\}\\}", text or "", flags=re.S):
                                piece = piece.strip(" .;:,'()")
                                if len(piece) >= 12: out.add(piece)
            print("\\n".join(sorted(out)))
            """
        let run = try ReportFormatTests.python(["-c", script, TandemProcess.packageRoot.appendingPathComponent("Policies/partners-in-care").path])
        #expect(run.status == 0, "\(run.stderr)")
        return run.stdout.split(separator: "\n").map(String.init)
    }

    @Test(arguments: fixtures)
    func everyFixtureReadsInFrench(_ fixture: String) throws {
        let english = try Self.englishTexts()
        #expect(english.count > 150)
        let run = try TandemProcess.run([
            "check", "--policy", "Policies/partners-in-care", "--waivers", "Fixtures/waivers.yaml", "--now", "2026-11-25", "--lang", "fr", "Fixtures/valid/\(fixture).yaml",
        ])
        #expect(run.status != 2, "\(run.stderr)")
        let left = english.filter { run.stdout.contains($0) }
        #expect(left.isEmpty, "English left in the French report: \(left)")
        // Tandem's own words.
        for word in ["finding", "snapshot", "Evidence completeness", "Tokenism risk", "fix:", "undecided", "organization ", "input error", "Organization ", "Team "] {
            #expect(!run.stdout.contains(word), "'\(word)' in:\n\(run.stdout)")
        }
        #expect(run.stdout.contains("instantané"))
    }

    /// The environment chooses French when no --lang is given; JSON keeps its English keys and
    /// carries the French texts.
    @Test func theEnvironmentChoosesAndJSONKeysStay() throws {
        let arguments = ["check", "--policy", "Policies/partners-in-care", "--format", "json", "Fixtures/valid/tokenistic.yaml"]
        let french = try TandemProcess.run(arguments, environment: ["LANG": "fr_CA.UTF-8"])
        let english = try TandemProcess.run(arguments)
        func object(_ text: String) throws -> [String: Any] { try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]) }
        let fr = try object(french.stdout)
        let en = try object(english.stdout)
        #expect(Set(fr.keys) == Set(en.keys))
        let frFindings = try #require(fr["findings"] as? [[String: Any]])
        let enFindings = try #require(en["findings"] as? [[String: Any]])
        #expect(frFindings.map { Set($0.keys) } == enFindings.map { Set($0.keys) })
        #expect(frFindings.map { $0["rule"] as? String } == enFindings.map { $0["rule"] as? String })
        let message = frFindings.first { ($0["rule"] as? String) == "PP-OPS-001" }?["message"] as? String
        #expect(message == "« Emergency department flow committee » compte 1 patient(s) partenaire(s) actif(s); il en faut au moins 2 pour qu'aucun ne siège seul.")
    }

    /// An extending set replaces a text in one language and keeps the pack's other.
    @Test func anOverrideReplacesOneLanguage() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-fr-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try """
        apiVersion: tandem/v1
        kind: PolicySet
        metadata: {name: comite}
        extends: [\(TandemProcess.packageRoot.path)/Policies/partners-in-care]
        overrides:
          - {rule: PP-OPS-001, remediation: {fr: Recruter un deuxième patient partenaire avant la prochaine réunion du comité.}}

        """.write(to: dir.appendingPathComponent("comite.yaml"), atomically: true, encoding: .utf8)
        let tokenistic = TandemProcess.packageRoot.path + "/Fixtures/valid/tokenistic.yaml"
        let fr = try TandemProcess.run(["check", "-p", dir.path + "/comite.yaml", "--lang", "fr", tokenistic])
        #expect(fr.stdout.contains("à faire : Recruter un deuxième patient partenaire avant la prochaine réunion du comité."))
        let en = try TandemProcess.run(["check", "-p", dir.path + "/comite.yaml", "--lang", "en", tokenistic])
        #expect(en.stdout.contains("fix: Recruit a second advisor from the pool; recruit advisors in pairs."))
    }

    /// The printed committee report in French: `lang="fr"`, Tandem's headings in French, and no
    /// English rule text.
    @Test func theHTMLReportReadsInFrench() throws {
        let run = try TandemProcess.run([
            "check", "--policy", "Policies/partners-in-care", "--waivers", "Fixtures/waivers.yaml", "--now", "2026-11-25", "--lang", "fr", "--format", "html",
            "Fixtures/valid/mixed.yaml", "Fixtures/valid/tokenistic.yaml",
        ])
        #expect(run.status == 1, "\(run.stderr)")
        #expect(run.stdout.contains("<html lang=\"fr\">"))
        for heading in [
            "Autoévaluation du partenariat patient", "Sommaire", "Risque de tokénisme par équipe", "Constats par type de pratique", "Actions correctives", "Dérogations", "Glossaire et références",
            "Page \" counter(page) \" de \" counter(pages)",
        ] {
            #expect(run.stdout.contains(heading), "\(heading)")
        }
        for english in ["Summary", "Remediation actions", "Findings by practice type", "Open findings", "Fix:", "<h4>Team ", "<h4>Organization ", "up to ", "Glossary"] {
            #expect(!run.stdout.contains(english), "'\(english)' in the French HTML")
        }
        let left = try Self.englishTexts().filter { run.stdout.contains($0) }
        #expect(left.isEmpty, "English rule text in the French HTML: \(left)")
    }

    /// Every phrase a reporter asks the phrasebook for — `t("…")` in `Sources/Reporting` — has
    /// its French, so no English can slip into a French report through a missing entry.
    @Test func everyPhraseHasItsFrench() throws {
        let folder = TandemProcess.packageRoot.appendingPathComponent("Sources/Reporting")
        var asked: Set<String> = []
        for file in try FileManager.default.contentsOfDirectory(atPath: folder.path) where file.hasSuffix(".swift") {
            let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            for match in text.matches(of: #/\bt\(\s*"((?:[^"\\]|\\.)*)"/#) { asked.insert(String(match.1).replacingOccurrences(of: "\\\"", with: "\"")) }
        }
        #expect(asked.count > 60)
        let missing = asked.filter { !Phrasebook.translates($0) }.sorted()
        #expect(missing.isEmpty, "phrases without French: \(missing)")
    }

    /// The Markdown self-assessment in French, rendered as GitHub would: no English heading or
    /// rule text.
    @Test func theMarkdownReportReadsInFrench() throws {
        let run = try TandemProcess.run([
            "check", "--policy", "Policies/partners-in-care", "--waivers", "Fixtures/waivers.yaml", "--now", "2026-11-25", "--lang", "fr", "--format", "markdown",
            "Fixtures/valid",
        ])
        #expect(run.status == 1, "\(run.stderr)")
        for heading in [
            "# Autoévaluation du partenariat patient", "### Risque de tokénisme", "### Actions correctives", "## Registre des dérogations", "## Glossaire", "| pratique | haute direction |",
        ] {
            #expect(run.stdout.contains(heading), "\(heading)")
        }
        for english in ["Tokenism risk", "Remediation actions", "Waiver register", "## Glossary", "open finding", "| rule |", "Facts as of"] {
            #expect(!run.stdout.contains(english), "'\(english)' in the French Markdown")
        }
        let left = try Self.englishTexts().filter { run.stdout.contains($0) }
        #expect(left.isEmpty, "English rule text in the French Markdown: \(left)")
    }
}
