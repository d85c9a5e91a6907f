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
        let dir = Scratch.root.appendingPathComponent("tandem-fr-\(UUID().uuidString)")
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
        var asked: Set<String> = []
        // The reporters call the phrasebook `t`, the trend `p`.
        for (module, name) in [("Sources/Reporting", "t"), ("Sources/History", "p")] {
            let folder = TandemProcess.packageRoot.appendingPathComponent(module)
            for file in try FileManager.default.contentsOfDirectory(atPath: folder.path) where file.hasSuffix(".swift") {
                let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
                let call = try Regex("\\b\(name)\\(\\s*\"((?:[^\"\\\\]|\\\\.)*)\"")
                for match in text.matches(of: call) {
                    if let phrase = match.output[1].substring { asked.insert(String(phrase).replacingOccurrences(of: "\\\"", with: "\"")) }
                }
            }
        }
        #expect(asked.count > 80)
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

    // MARK: - Diagnostics

    /// Words of English diagnostics that no French one contains.
    static let englishMarkers = [" is not ", "expected ", " found ", "missing ", "unknown ", " must ", " the ", "cannot ", "duplicate ", " holds ", " no row", " neither "]

    /// The header lines of `stderr` (`file:line:col: erreur[CODE]: message`), asserted French:
    /// French severity words, no English marker in the message, notes as « remarque ».
    static func expectFrench(_ stderr: String, codes: Set<String>) {
        var seen: Set<String> = []
        for line in stderr.split(separator: "\n").map(String.init) {
            #expect(!line.contains("error[") && !line.contains("warning[") && !line.hasPrefix("  note:"), "English in: \(line)")
            guard let match = line.firstMatch(of: #/(erreur|avertissement|info)\[([A-Z]+[0-9]+)\]: (.*)$/#) else { continue }
            seen.insert(String(match.2))
            for marker in englishMarkers { #expect(!match.3.contains(marker), "English '\(marker)' in: \(line)") }
        }
        #expect(codes.isSubset(of: seen), "expected \(codes.subtracting(seen).sorted()) in:\n\(stderr)")
    }

    /// A committee working in French reads the problems with its inputs in French: snapshots
    /// (YAML, schema, data quality), spreadsheets and their mapping, files. The codes stay.
    @Test func inputDiagnosticsReadInFrench() throws {
        let checked = try TandemProcess.run(["check", "--lang", "fr", "-p", "Policies/partners-in-care", "Fixtures/invalid", "missing.yaml"])
        #expect(checked.status == 2)
        Self.expectFrench(checked.stderr, codes: ["YAML001", "SNAP001", "SNAP003", "SNAP005", "SNAP010", "SNAP011", "IO001"])
        #expect(checked.stderr.contains("  remarque : vouliez-vous dire « compensationBudget » ?\n"), "\(checked.stderr)")
        #expect(checked.stderr.contains("erreur[SNAP001]: clé inconnue « membrs » dans Team\n"), "\(checked.stderr)")

        // Spreadsheets: a sheet, a header, a word, a date, a row of no parent — through LANG.
        let dir = Scratch.root.appendingPathComponent("tandem-fr-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let folder = try ImportTests.frenchTables(in: dir)
        let people = folder.appendingPathComponent("Personnes.csv")
        var text = try String(contentsOf: people, encoding: .utf8)
        text = text.replacingOccurrences(of: "Identifiant,Nom,", with: "Identifiant,Nomm,")
        text = text.replacingOccurrences(of: ",Partenaire patient,", with: ",Partenaire patiente,", options: [], range: text.range(of: ",Partenaire patient,"))
        text = text.replacingOccurrences(of: "01/09/2025", with: "2025/09/01", options: [], range: text.range(of: "01/09/2025"))
        try text.write(to: people, atomically: true, encoding: .utf8)
        try "@teams,person\nnowhere,pa-alice\n".write(to: folder.appendingPathComponent("teams.members.csv"), atomically: true, encoding: .utf8)
        try "x\n".write(to: folder.appendingPathComponent("peoples.csv"), atomically: true, encoding: .utf8)
        let imported = try TandemProcess.run(["import", folder.path], environment: ["LANG": "fr_CA.UTF-8"])
        #expect(imported.status == 2)
        Self.expectFrench(imported.stderr, codes: ["IMP001", "IMP003", "IMP006", "IMP010", "IMP011"])

        // A broken mapping, and a snapshot with every data-quality warning kind of SNAP012–015.
        try "apiVersion: tandem/v1\nkind: ImportMapping\ndateFormats: [MM/yyyy]\ntables:\n  - table: people\n    columns: {nme: Nom}\n".write(
            to: folder.appendingPathComponent("mapping.yaml"), atomically: true, encoding: .utf8)
        let mapping = try TandemProcess.run(["import", "--lang", "fr", folder.path])
        Self.expectFrench(mapping.stderr, codes: ["MAP101", "MAP104"])
    }

    /// Every diagnostic the committee's inputs can raise — files, YAML, snapshots, spreadsheets
    /// and mappings, waivers, the history — is written with its French (`fr:` within the three
    /// lines after its `message:`), so a message added without one fails here, not in front of a
    /// committee. (Policy, risk-model and test diagnostics are for policy authors: English.)
    @Test func everyInputDiagnosticHasItsFrench() throws {
        let root = TandemProcess.packageRoot
        var files = ["Sources/Evaluation/Waivers.swift"]
        for module in ["Sources/YAMLSource", "Sources/SnapshotModel", "Sources/Import", "Sources/History"] {
            files += try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent(module).path).filter { $0.hasSuffix(".swift") }.map { "\(module)/\($0)" }
        }
        var checked = 0
        var missing: [String] = []
        for file in files {
            let lines = try String(contentsOf: root.appendingPathComponent(file), encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            for (index, line) in lines.enumerated() where line.contains("message:") {
                // Declarations and values passed through are not messages written here.
                if line.contains("message: String") || line.contains("message: f.message") || line.contains("message: message") { continue }
                checked += 1
                if !lines[index..<min(index + 4, lines.count)].contains(where: { $0.contains("fr:") }) { missing.append("\(file):\(index + 1)") }
            }
        }
        #expect(checked > 40)
        #expect(missing.isEmpty, "diagnostics without French: \(missing)")
    }

    /// The README's example of a French diagnostic is what `tandem import --lang fr` prints.
    @Test func theReadmeFrenchDiagnosticIsPrinted() throws {
        let dir = Scratch.root.appendingPathComponent("tandem-fr-readme-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let folder = try ImportTests.tables(of: "mixed", in: dir)
        let people = folder.appendingPathComponent("people.csv")
        let text = try String(contentsOf: people, encoding: .utf8)
        try text.replacingOccurrences(of: "pa-alice,Alice Caron,patient_advisor,,active,", with: "pa-alice,Alice Caron,patient_advisor,,actif,").write(
            to: people, atomically: true, encoding: .utf8)
        let run = try TandemProcess.run(["import", "--lang", "fr", folder.path])
        let claim = "erreur[SNAP004]: « actif » n'est pas une valeur admise pour « status » dans Person ; valeurs admises : candidate, active, inactive, exited"
        #expect(run.stderr.hasPrefix("\(people.path):2:5: \(claim)\n"), "\(run.stderr)")
        #expect(run.stderr.contains("  remarque : vouliez-vous dire « active » ?\n"))
        let readme = try String(contentsOf: TandemProcess.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
            .replacingOccurrences(of: "\n", with: " ")
        #expect(readme.contains("`people.csv:2:5: " + claim + "` with `remarque : vouliez-vous dire « active » ?`"))
    }
}
