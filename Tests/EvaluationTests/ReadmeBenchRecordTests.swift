import Foundation
import TestSupport
import Testing

/// The README's Performance figures are the benchmark's own output, kept in `Benchmarks/results/`
/// (`tandem-bench --instructions` and `Benchmarks/peers/compare.sh`, copied as they printed):
/// the table and the figures beside it come from the newest run, the ranges from the runs before
/// it, and the Rego row from the peers' run. A figure retyped wrong, or left behind when a new
/// run is recorded, fails here. (Timings are not re-measured: they are the record of a run.)
@Suite("README claims about the benchmark's runs")
struct ReadmeBenchRecordTests {
    /// One recorded `tandem-bench` run.
    struct Run {
        /// One size's row of the table, as printed, and the figures the README quotes from it.
        struct Row {
            var line: String
            var teams: Int
            var rawRate: Double
            var endToEnd: Double
            var rss: Double
        }

        var name: String
        var rows: [Row]
        var growth: Double
        var manySeconds: Double
        var singleMilliseconds: Int
        var instructions: Double

        init(name: String, text: String) throws {
            self.name = name
            rows = try text.split(separator: "\n").filter { $0.hasPrefix("| ") && $0.first(where: \.isNumber) != nil && !$0.hasPrefix("| teams") }.map { line in
                let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
                func inParentheses(_ cell: String) throws -> Double { try number(cell.firstMatch(of: #/\(([\d.]+)\)/#)?.1, cell) }
                return Row(
                    line: String(line), teams: Int(try number(Substring(cells[0]), "teams")), rawRate: try number(Substring(cells[2]), "raw rate"),
                    endToEnd: try inParentheses(cells[7]), rss: try inParentheses(cells[9]))
            }
            growth = try number(text.firstMatch(of: #/10000 → 50000 teams \(×5[^)]*\): time ×([\d.]+)/#)?.1, "growth")
            manySeconds = try number(text.firstMatch(of: #/one process \(best of \d+\): ([\d.]+) s/#)?.1, "many small")
            singleMilliseconds = Int(try number(text.firstMatch(of: #/one small snapshot end to end: (\d+) ms/#)?.1, "one small"))
            instructions = try number(text.firstMatch(of: #/executes (\d+) instructions/#)?.1, "instructions") / 1e9
        }

        /// The commit whose `tandem` ran, from the file's name (`DATE-N-COMMIT.txt`).
        var commit: Substring { name.split(separator: "-").last!.dropLast(4) }

        func row(_ teams: Int) throws -> Row { try #require(rows.first { $0.teams == teams }) }
    }

    struct Unreadable: Error {
        var what: String
    }

    /// The number `text` holds, or an error naming `what` was not found.
    static func number(_ text: Substring?, _ what: String) throws -> Double {
        guard let text, let value = Double(text) else { throw Unreadable(what: what) }
        return value
    }

    static let directory = TandemProcess.packageRoot.appendingPathComponent("Benchmarks/results")

    /// The recorded bench runs, oldest first (their names sort by date, then by run number).
    static func runs() throws -> [Run] {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".txt") && !$0.contains("-peers-") }.sorted()
        return try names.map { try Run(name: $0, text: String(contentsOf: directory.appendingPathComponent($0), encoding: .utf8)) }
    }

    static func f(_ value: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", value) }

    /// `low–high` of `values` as the README writes a range.
    static func range(_ values: [Double], _ digits: Int) -> String {
        "\(f(values.min()!, digits))–\(f(values.max()!, digits))"
    }

    @Test func theTableAndItsFiguresAreTheNewestRun() throws {
        let run = try #require(try Self.runs().last)
        let (small, medium, large) = (try run.row(1_000), try run.row(10_000), try run.row(50_000))
        let readme = try StatedText("README.md")
        let claims =
            run.rows.map(\.line) + [
                "`tandem-bench --instructions` at commit \(run.commit)",
                "raw libyaml ran at \(Self.range(run.rows.map(\.rawRate), 1)) MB/s",
                "End to end \([small, medium, large].map { Self.f($0.endToEnd, 2) }.joined(separator: "/"))× raw libyaml",
                "peak RSS \(Self.f(medium.rss, 2))× and \(Self.f(large.rss, 2))× the file at 10k and 50k",
                "10k → 50k teams ×\(Self.f(run.growth, 2))",
                "1,000 small snapshots in one process \(Self.f(run.manySeconds, 2)) s",
                "one small snapshot end to end, best of five: \(run.singleMilliseconds) ms",
                "\(Self.f(run.instructions, 3)) billion instructions at 1,000 teams",
            ]
        #expect(readme.unstated(claims) == [])
    }

    @Test func theEarlierRunsRangesAreTheirs() throws {
        let all = try Self.runs()
        let earlier = Array(all.dropLast())
        #expect(earlier.count == 5, "the README speaks of five earlier runs")
        let readme = try StatedText("README.md")
        let rates = earlier.flatMap { $0.rows.map(\.rawRate) }
        let claims = [
            "raw libyaml between \(Self.f(rates.min()!, 1)) and \(Self.f(rates.max()!, 1)) MB/s",
            "end to end \(Self.range(try earlier.map { try $0.row(10_000).endToEnd }, 2))× raw libyaml at 10k teams and \(Self.range(try earlier.map { try $0.row(50_000).endToEnd }, 2))× at 50k",
            "peak RSS \(Self.range(try earlier.map { try $0.row(10_000).rss }, 2))× and \(Self.range(try earlier.map { try $0.row(50_000).rss }, 2))× the file",
            "10k → 50k ×\(Self.range(earlier.map(\.growth), 2))",
            "1,000 small snapshots \(Self.range(earlier.map(\.manySeconds), 2)) s and one \(Self.range(earlier.map { Double($0.singleMilliseconds) }, 0)) ms",
            "(\(Self.range(all.map(\.instructions), 3)) billion at 1,000 teams in all six runs)",
        ]
        #expect(all.count == 6, "the README speaks of six runs in all")
        #expect(readme.unstated(claims) == [])
    }

    @Test func theRegoRowIsThePeersRun() throws {
        let name = try #require(try FileManager.default.contentsOfDirectory(atPath: Self.directory.path).filter { $0.contains("-peers-") }.sorted().last)
        let text = try String(contentsOf: Self.directory.appendingPathComponent(name), encoding: .utf8)
        let tandem = try #require(text.firstMatch(of: #/tandem check: ([\d.]+) s \(median of ([\d.]+), ([\d.]+), ([\d.]+)\), (\d+) violations, peak RSS (\d+) MB/#))
        let rego = try #require(text.firstMatch(of: #/rego \(regopy\): ([\d.]+) s, (\d+) violations, peak RSS (\d+) MB/#))
        #expect(text.contains("tandem vs rego:") && text.contains("(same violations)"))
        let runs = try [tandem.2, tandem.3, tandem.4].map { try Self.number($0, "tandem run") }
        let (median, regoSeconds) = (try Self.number(tandem.1, "tandem median"), try Self.number(rego.1, "rego seconds"))
        let regoMB = Int(try Self.number(rego.3, "rego RSS"))
        let grouped = regoMB.formatted(.number.grouping(.automatic).locale(Locale(identifier: "en_US")))
        let row = "| 20,000 | \(Self.f(median, 2)) s (\(Self.range(runs, 2))), \(tandem.6) MB | \(Self.f(regoSeconds, 1)) s, \(grouped) MB (\(Self.f(regoSeconds / median, 0))×) |"
        #expect(try StatedText("README.md").unstated([row, "at commit \(name.split(separator: "-").last!.dropLast(4))'s `tandem`"]) == [])
        #expect(tandem.5 == rego.2)
    }

    /// The pack's size, as the Performance section gives it.
    @Test func thePolicyPacksSizeIsTheFiles() throws {
        let pack = TandemProcess.packageRoot.appendingPathComponent("Policies/partners-in-care")
        let files = try FileManager.default.contentsOfDirectory(atPath: pack.path).filter { $0.hasSuffix(".yaml") }
        let bytes = try files.reduce(0) { $0 + (try FileManager.default.attributesOfItem(atPath: pack.appendingPathComponent($1).path)[.size] as? Int ?? 0) }
        #expect(try StatedText("README.md").unstated(["compiling the \(bytes / 1000) KB policy pack"]) == [])
    }
}
