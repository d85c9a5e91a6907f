import Foundation
import TestSupport
import Testing

/// A project configuration (`.tandem.yaml`) drives the commands; command-line options override it.
@Suite("Project configuration file", .serialized)
struct ConfigFileTests {
    static let root = TandemProcess.packageRoot.path

    /// A project folder: the seed pack, two fixtures, the fixture waivers and a `.tandem.yaml`.
    static func project(config: String) throws -> URL {
        let dir = Scratch.root.appendingPathComponent("tandem-config-\(UUID().uuidString)")
        let fm = FileManager.default
        try fm.createDirectory(at: dir.appendingPathComponent("snapshots"), withIntermediateDirectories: true)
        try fm.createDirectory(at: dir.appendingPathComponent("team/sub"), withIntermediateDirectories: true)
        try fm.copyItem(atPath: root + "/Policies/partners-in-care", toPath: dir.appendingPathComponent("policies").path)
        for name in ["mixed.yaml", "tokenistic.yaml"] {
            try fm.copyItem(atPath: root + "/Fixtures/valid/" + name, toPath: dir.appendingPathComponent("snapshots/" + name).path)
        }
        try fm.copyItem(atPath: root + "/Fixtures/waivers.yaml", toPath: dir.appendingPathComponent("waivers.yaml").path)
        try config.write(to: dir.appendingPathComponent(".tandem.yaml"), atomically: true, encoding: .utf8)
        return dir
    }

    static let config = """
        apiVersion: tandem/v1
        kind: TandemConfig
        policies: [policies]
        snapshots: [snapshots]
        waivers: [waivers.yaml]
        reports:
          - {format: text}
          - {format: sarif, output: tandem.sarif}
        failOn: warning
        limits: {maxDepth: 40}

        """

    @Test func aConfigDrivesAFullCheckWithNoOptions() throws {
        let dir = try Self.project(config: Self.config)
        defer { try? FileManager.default.removeItem(at: dir) }
        let configured = try TandemProcess.run(["check", "--now", "2026-11-25"], directory: dir)
        let explicit = try TandemProcess.run(
            [
                "check", "--no-config", "--policy", "policies", "--waivers", "waivers.yaml", "--fail-on", "warning", "--max-depth", "40", "--now", "2026-11-25",
                "--format", "text", "--format", "sarif", "--output", "-", "--output", "explicit.sarif", "snapshots",
            ], directory: dir)
        #expect(configured.status == 1, "\(configured.stderr)")
        #expect(configured.status == explicit.status)
        #expect(configured.stdout == explicit.stdout)
        #expect(configured.stdout.contains("2 files, 2 snapshots, 50 rules"))
        let sarif = try String(contentsOf: dir.appendingPathComponent("tandem.sarif"), encoding: .utf8)
        #expect(sarif == (try String(contentsOf: dir.appendingPathComponent("explicit.sarif"), encoding: .utf8)))
    }

    @Test func optionsOverrideTheConfig() throws {
        let dir = try Self.project(config: Self.config)
        defer { try? FileManager.default.removeItem(at: dir) }
        // failOn: warning fails the run; --fail-on never overrides it.
        #expect(try TandemProcess.run(["check", "-q"], directory: dir).status == 1)
        #expect(try TandemProcess.run(["check", "-q", "--fail-on", "never"], directory: dir).status == 0)
        // An operand replaces the configured snapshots (lists replace, never merge).
        let one = try TandemProcess.run(["check", "--format", "json", "snapshots/mixed.yaml"], directory: dir)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(one.stdout.utf8)) as? [String: Any])
        #expect((report["files"] as? [[String: Any]])?.compactMap { $0["path"] as? String } == ["snapshots/mixed.yaml"])
        // --no-config ignores the file: with no policy and no operand, check has nothing to do.
        let ignored = try TandemProcess.run(["check", "--no-config"], directory: dir)
        #expect(ignored.status == 2)
        #expect(ignored.stderr.contains("give snapshot files or directories (or `snapshots:` in .tandem.yaml)"))
        // --config names a file: a folder would be searched and its first YAML file taken.
        let folder = try TandemProcess.run(["config", "show", "--config", "snapshots"], directory: dir)
        #expect(folder.status == 2)
        #expect(folder.stderr.hasPrefix("error[IO002]: cannot read snapshots as a configuration: it is a folder; name the file"), "\(folder.stderr)")
    }

    @Test func theNearestConfigUpToTheRepositoryRootApplies() throws {
        let dir = try Self.project(config: Self.config)
        defer { try? FileManager.default.removeItem(at: dir) }
        let below = dir.appendingPathComponent("team/sub")
        let found = try TandemProcess.run(["config", "show"], directory: below)
        #expect(found.stdout.hasPrefix("configuration: ../../.tandem.yaml\n"))
        #expect(found.stdout.contains("policies                  ../../policies"))
        let checked = try TandemProcess.run(["check", "-q", "--fail-on", "never"], directory: below)
        #expect(checked.status == 0, "\(checked.stderr)")
        // A .git folder marks the repository root: the search stops there.
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("team/.git"), withIntermediateDirectories: true)
        let stopped = try TandemProcess.run(["config", "show"], directory: below)
        #expect(stopped.stdout.hasPrefix("configuration: none (no .tandem.yaml from here up to the repository root)\n"))
    }

    @Test func configShowSaysWhereEachValueComesFrom() throws {
        let dir = try Self.project(config: Self.config)
        defer { try? FileManager.default.removeItem(at: dir) }
        let show = try TandemProcess.run(["config", "show"], directory: dir)
        #expect(show.status == 0)
        #expect(
            show.stdout == """
                configuration: .tandem.yaml
                policies                  policies                             .tandem.yaml:3:11
                snapshots                 snapshots                            .tandem.yaml:4:12
                waivers                   waivers.yaml                         .tandem.yaml:5:10
                baseline                  —                                    not set
                history                   .tandem/history.sqlite               default
                mapping                   —                                    each workbook's NAME.mapping.yaml, else the templates' names
                reports                   text → stdout, sarif → tandem.sarif  .tandem.yaml:7:3
                failOn                    warning                              .tandem.yaml:9:9
                maxRisk                   —                                    not set
                includeNames              false                                default
                language                  en                                   from the environment
                limits.maxFileSize        536870912                            default
                limits.maxDepth           40                                   .tandem.yaml:10:20
                limits.maxAliasExpansion  100000                               default
                command-line options override every value above.

                """)
    }

    /// The README's example configuration is valid as printed.
    @Test func theReadmeExampleIsValid() throws {
        let readme = try String(contentsOf: TandemProcess.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let section = try #require(readme.range(of: "### Project configuration"))
        let start = try #require(readme.range(of: "```yaml\n", range: section.upperBound..<readme.endIndex))
        let end = try #require(readme.range(of: "```", range: start.upperBound..<readme.endIndex))
        let dir = Scratch.root.appendingPathComponent("tandem-readme-config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try String(readme[start.upperBound..<end.lowerBound]).write(to: dir.appendingPathComponent(".tandem.yaml"), atomically: true, encoding: .utf8)
        let show = try TandemProcess.run(["config", "show"], directory: dir)
        #expect(show.status == 0, "\(show.stderr)")
        #expect(show.stdout.contains("maxRisk                   75.0"))
    }
}
