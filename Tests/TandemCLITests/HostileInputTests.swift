import Foundation
import TestSupport
import Testing

/// Hostile text in a snapshot, a policy or a key reaches no terminal, CI log or web page
/// unescaped: `Fixtures/hostile/` holds names with terminal escapes, forged workflow commands,
/// HTML and Markdown links, and every output is checked line by line.
@Suite("Hostile input is neutralized in every output", .serialized)
struct HostileInputTests {
    static let snapshot = "Fixtures/hostile/hostile.yaml"
    static let policy = "Fixtures/hostile/hostile-policy.yaml"

    /// A GitHub annotation Tandem wrote itself: properties escaped, so no `:` before the message.
    static func isAnnotation(_ line: Substring) -> Bool {
        (try? #/^::(error|warning|notice) (file=[^,:\n]*,line=\d+,col=\d+,)?title=[^:\n]*::/#.prefixMatch(in: line)) != nil
    }

    /// Control characters other than newline and tab, DEL, C1, line separators, bidi controls.
    static func isHazard(_ scalar: Unicode.Scalar) -> Bool {
        if scalar == "\n" || scalar == "\t" { return false }
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F, 0x2028, 0x2029, 0x202A...0x202E, 0x2066...0x2069, 0x200E, 0x200F, 0x061C: return true
        default: return false
        }
    }

    static func expectSafe(_ text: String, _ what: String, annotations: Bool = false) {
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            if trimmed.hasPrefix("::") {
                #expect(
                    annotations && Self.isAnnotation(line),
                    "\(what), line \(number + 1) would run as a workflow command: \(line.prefix(80))")
            }
            let hazards = line.unicodeScalars.filter(isHazard)
            #expect(hazards.isEmpty, "\(what), line \(number + 1) carries control characters \(hazards.map { String($0.value, radix: 16) })")
        }
    }

    static func run(_ arguments: [String]) throws -> TandemProcess.Output {
        try TandemProcess.run(arguments)
    }

    @Test(arguments: ["text", "json", "sarif", "junit", "github", "gitlab", "markdown", "html"])
    func checkOutputIsSafe(_ format: String) throws {
        let run = try Self.run(["check", "--policy", Self.policy, "--fail-on", "never", "--format", format, Self.snapshot, "Fixtures/hostile/hostile-invalid.yaml"])
        #expect(run.status == 2, "the invalid file makes the run incomplete")
        Self.expectSafe(run.stdout, "check --format \(format)", annotations: format == "github")
        Self.expectSafe(run.stderr, "check stderr")
        #expect(run.stderr.contains("\\u{1B}[2J::add-mask::leak\\u{A}::error::forged"), "the key is shown, escaped")
    }

    /// With `--color always`, the text report colours its own words and nothing else: the only
    /// escape sequences on stdout are its five colour codes, and the text without them is safe.
    @Test func colouredTextCarriesOnlyTandemsOwnCodes() throws {
        let run = try Self.run(["check", "--color", "always", "--policy", Self.policy, "--fail-on", "never", Self.snapshot, "Fixtures/hostile/hostile-invalid.yaml"])
        let codes = run.stdout.matches(of: #/\x{1B}\[[0-9;]*[A-Za-z]/#).map { String($0.output) }
        #expect(Set(codes).isSubset(of: ["\u{1B}[31m", "\u{1B}[33m", "\u{1B}[36m", "\u{1B}[1m", "\u{1B}[0m"]), "\(Set(codes))")
        #expect(codes.contains("\u{1B}[1m") && codes.contains("\u{1B}[0m"), "the file's path is bold and its severities coloured")
        #expect(run.stdout.hasPrefix("\u{1B}[31m✗\u{1B}[0m \u{1B}[1mFixtures/hostile/hostile.yaml\u{1B}[0m"), "Tandem's own codes are codes, not shown escaped")
        Self.expectSafe(run.stdout.replacing(#/\x{1B}\[[0-9;]*m/#, with: ""), "check --color always")
        #expect(!run.stdout.unicodeScalars.contains { $0.value == 0xE000 || $0.value == 0xE001 }, "no style marker is left")
    }

    @Test func machineFormatsKeepTheDataExactly() throws {
        let run = try Self.run(["check", "--policy", Self.policy, "--fail-on", "never", "--format", "json", Self.snapshot])
        let report = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let findings = try #require(report["findings"] as? [[String: Any]])
        let names = findings.compactMap { ($0["subject"] as? [String: Any])?["name"] as? String }
        #expect(names.contains("ok\n::warning::forged\n\u{1B}[1;1H\u{1B}[2Jcleared"))
    }

    @Test func scoreExplainCompileAndTestAreSafe() throws {
        let score = try Self.run(["score", "--policy", Self.policy, Self.snapshot])
        Self.expectSafe(score.stdout, "score")
        let explain = try Self.run(["explain", "HOSTILE-001", "--policy", Self.policy, "--snapshot", Self.snapshot])
        #expect(explain.status == 0, "\(explain.stderr)")
        Self.expectSafe(explain.stdout, "explain")
        let list = try Self.run(["compile", "--list", Self.policy])
        Self.expectSafe(list.stdout, "compile --list")
        let compile = try Self.run(["compile", Self.policy])
        Self.expectSafe(compile.stdout + compile.stderr, "compile")
    }

    /// The HTML report carries hostile names as text: no element, attribute, script or link
    /// comes from the data, and the CSS running header cannot be closed by a name.
    @Test func htmlCarriesHostileTextAsText() throws {
        let run = try Self.run(["check", "--policy", Self.policy, "--fail-on", "never", "--format", "html", Self.snapshot])
        let html = run.stdout
        #expect(!html.lowercased().contains("<script"))
        #expect(!html.contains("<img") && !html.contains("href=\"javascript"))
        #expect(html.contains("&lt;script&gt;") || html.contains("&lt;img"), "the hostile markup is shown as text")
        // Only Tandem's own tags: every '<' opens one of the elements the reporter writes.
        let tags = Set(html.split(separator: "<").dropFirst().compactMap { $0.split(whereSeparator: { " >/\n".contains($0) }).first.map(String.init) })
        let allowed: Set<String> = [
            "!doctype", "html", "head", "meta", "title", "style", "body", "header", "h1", "h2", "h3", "h4", "h5", "p", "nav", "ol", "ul", "li", "a",
            "main", "section", "dl", "dt", "dd", "table", "caption", "thead", "tbody", "tr", "th", "td", "span", "strong", "code", "br", "figure",
            "svg", "desc", "rect", "text", "g", "line", "figcaption", "cite", "footer",
        ]
        #expect(tags.subtracting(allowed).isEmpty, "unexpected tags: \(tags.subtracting(allowed).sorted())")
        let style = html.components(separatedBy: "<style>")[1].components(separatedBy: "</style>")[0]
        #expect(!style.contains("<"), "the running header's text is CSS-escaped")
    }

    @Test func markdownRendersAsTextNotHTMLOrLinks() throws {
        let run = try Self.run(["check", "--policy", Self.policy, "--fail-on", "never", "--format", "markdown", Self.snapshot])
        let file = Scratch.root.appendingPathComponent("tandem-\(UUID().uuidString).md")
        try run.stdout.write(to: file, atomically: true, encoding: .utf8)
        // Rendered as GitHub renders it (CommonMark with GFM tables), by markdown-it-py.
        let script = """
            import sys
            from markdown_it import MarkdownIt
            html = MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(open(sys.argv[1]).read())
            assert "<script" not in html and "<img" not in html and 'href="javascript' not in html and "<b>" not in html, html
            rows = [l for l in open(sys.argv[1]).read().splitlines() if l.startswith("| HOSTILE") or l.startswith("| Team")]
            print("ok", len(rows))
            """
        let python = try ReportFormatTests.python(["-c", script, file.path])
        #expect(python.status == 0, "\(python.stderr)")
        #expect(python.stdout.hasPrefix("ok"))
    }
}
