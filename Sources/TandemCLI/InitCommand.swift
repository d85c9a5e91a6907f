import Diagnostics
import YAMLSource
import ArgumentParser
import Checking
import Foundation

/// `tandem init`: writes a starter repository for a governance committee.
struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create a starter repository: snapshot, local policy set, waivers, tests and a CI workflow.",
        discussion: """
            Copies the seed policy pack from a Tandem checkout (found from --from, $TANDEM_HOME, the current
            directory or the executable's location) and writes a local policy set that extends it. Everything
            written passes `tandem test` and `tandem check` as is.

            EXAMPLES
              tandem init my-committee
              cd my-committee && tandem test && tandem check --policy policies/committee.yaml --waivers waivers.yaml snapshots/
            """
    )

    @Argument(help: "The directory to create (default: the current directory).")
    var directory: String = "."

    @Option(help: "A Tandem checkout holding Policies/partners-in-care.")
    var from: String?

    @Flag(help: "Overwrite files that already exist.")
    var force = false

    static let pack = "Policies/partners-in-care"

    func tandemRoot() -> URL? {
        // A --from the user names is the only place looked at: falling back would copy a pack
        // they did not ask for.
        if let from {
            let url = URL(fileURLWithPath: from)
            return FileManager.default.fileExists(atPath: url.appendingPathComponent(Self.pack).path) ? url : nil
        }
        var candidates: [URL] = []
        if let home = Console.environment("TANDEM_HOME") { candidates.append(URL(fileURLWithPath: home)) }
        candidates.append(URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var up = executable.deletingLastPathComponent()
        for _ in 0..<4 {
            candidates.append(up)
            up = up.deletingLastPathComponent()
        }
        return candidates.first { FileManager.default.fileExists(atPath: $0.appendingPathComponent(Self.pack).path) }
    }

    /// The system's reason (`Permission denied`), not Foundation's wrapper ("The operation could
    /// not be completed").
    static func reason(_ error: Error) -> String {
        let wrapped = error as NSError
        if let underlying = wrapped.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        if let posix = error as? POSIXError { return String(cString: strerror(posix.code.rawValue)) }
        return wrapped.localizedDescription
    }

    func run() throws {
        guard let root = tandemRoot() else {
            Console.report(CLIDiagnostics.noPack, "cannot find the seed pack (\(Self.pack)); pass --from PATH-TO-TANDEM or set TANDEM_HOME")
            throw TandemExit(code: .inputError)
        }
        let target = URL(fileURLWithPath: directory)
        let fm = FileManager.default
        // Gather every file first, check every target, then write: a refusal writes nothing.
        var files: [(relative: String, text: String)] = []
        let packSource = root.appendingPathComponent(Self.pack)
        for file in try fm.contentsOfDirectory(atPath: packSource.path).sorted() where file.hasSuffix(".yaml") {
            files.append(("policies/partners-in-care/\(file)", try String(contentsOf: packSource.appendingPathComponent(file), encoding: .utf8)))
        }
        files.append(("snapshots/example.yaml", try String(contentsOf: root.appendingPathComponent("Fixtures/valid/well-run.yaml"), encoding: .utf8)))
        files += [
            ("policies/committee.yaml", InitTemplates.policy), ("waivers.yaml", InitTemplates.waivers),
            ("tests/committee.test.yaml", InitTemplates.test), (".github/workflows/tandem.yml", InitTemplates.workflow),
            ("README.md", InitTemplates.readme), (ConfigSchema.fileName, InitTemplates.config),
        ]
        let existing = files.map(\.relative).filter { fm.fileExists(atPath: target.appendingPathComponent($0).path) }
        if !existing.isEmpty, !force {
            Console.report(
                CLIDiagnostics.targetsExist, "\(existing.count) file(s) already exist in \(target.path), nothing was written (use --force to overwrite)",
                notes: existing.map { "exists: \($0)" })
            throw TandemExit(code: .inputError)
        }
        // A path through an existing file (`.github` written as a file) cannot be created: say so
        // before writing anything.
        let blocked = files.map(\.relative).filter { relative in
            var parent = target
            for component in relative.split(separator: "/").dropLast() {
                parent = parent.appendingPathComponent(String(component))
                var isDirectory: ObjCBool = false
                if fm.fileExists(atPath: parent.path, isDirectory: &isDirectory), !isDirectory.boolValue { return true }
            }
            return false
        }
        if !blocked.isEmpty {
            Console.report(
                CLIDiagnostics.initWrite, "cannot create \(blocked.count) file(s) in \(target.path): a folder on their path is a file; nothing was written",
                notes: blocked.map { "blocked: \($0)" })
            throw TandemExit(code: .inputError)
        }
        var written: [String] = []
        for (relative, text) in files {
            let url = target.appendingPathComponent(relative)
            do {
                try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try text.write(to: url, atomically: true, encoding: .utf8)
                written.append(relative)
            } catch {
                Console.report(
                    CLIDiagnostics.initWrite, "cannot write \(url.path): \(Self.reason(error))",
                    notes: written.isEmpty ? ["nothing was written"] : written.map { "already written: \($0)" })
                throw TandemExit(code: .inputError)
            }
        }
        Console.out(
            written.map { "created \(target.appendingPathComponent($0).path)\n" }.joined()
                + "next: cd \(directory) && tandem test && tandem check\n")
    }
}

enum InitTemplates {
    static let policy = """
        # The committee's own policy set: the seed pack, adjusted, plus local rules.
        apiVersion: tandem/v1
        kind: PolicySet
        metadata: {name: committee, version: 0.1.0}
        extends: [partners-in-care]
        overrides:
          - {rule: PP-OPS-006, severity: info}     # team size is advice here, not a requirement
          # Tandem's own thresholds are parameters; set them to the committee's practice
          # (`tandem compile --list policies/committee.yaml` shows each value and its source).
          - {parameter: attendanceShare, value: 0.6, reason: Our charter asks advisors to attend most meetings.}
        rules:
          - id: LOCAL-001
            title: Pilot teams aim for partnership on the engagement continuum
            practice: evaluation
            level: front-line
            phase: deployment
            severity: info
            forEach: snapshot.teams
            as: team
            when: team.status == 'active'
            assert: team.engagementLevel == 'partnership'
            message: "'{{team.name}}' is at '{{team.engagementLevel}}' on the engagement continuum."
            remediation: Agree with the team's advisors on the steps toward shared leadership.
            references:
              - source: Pomey 2018
                section: Approaches of engagement
                quote: Knowing that patient engagement can take place on a continuum from information to co-construction
            beyondSources: The committee's own goal; the seeds prepare teams for collaboration or co-construction.
            examples:
              pass: [{teams: [{id: t1, name: T, status: active, engagementLevel: partnership}]}]
              fail: [{teams: [{id: t1, name: T, status: active, engagementLevel: consultation}]}]
              insufficient: [{teams: [{id: t1, name: T, status: active}]}]

        """

    static let waivers = """
        apiVersion: tandem/v1
        kind: Waivers
        metadata: {name: committee}
        waivers:
          - rule: LOCAL-001
            subject: onco-breast
            reason: The oncology team moves to co-construction with its next mandate.
            owner: Partnership committee
            created: 2026-10-01
            expires: 2099-12-31
            ticket: COMMITTEE-1

        """

    static let test = """
        apiVersion: tandem/v1
        kind: PolicyTest
        metadata: {name: committee}
        policy: ../policies/committee.yaml
        cases:
          - name: the example organization meets every requirement and is low risk
            snapshot: ../snapshots/example.yaml
            expect:
              only: true
              findings:
                - {rule: LOCAL-001, subject: onco-breast, severity: info}
              risk:
                - {subject: organization, band: low}

        """

    static let config = """
        # Defaults for tandem's commands in this repository; command-line options override them.
        # `tandem config show` prints what applies and where each value comes from.
        apiVersion: tandem/v1
        kind: TandemConfig
        policies: [policies/committee.yaml]
        snapshots: [snapshots/]
        waivers: [waivers.yaml]
        history: .tandem/history.sqlite
        failOn: error

        """

    static let workflow = """
        name: tandem
        on: [push, pull_request]
        jobs:
          check:
            runs-on: ubuntu-latest
            permissions: {contents: read, security-events: write}
            steps:
              - uses: actions/checkout@v4
              # Tandem itself, built from source (not under .tandem/, which holds the history).
              - uses: actions/checkout@v4
                with: {repository: your-org/tandem, path: tandem-src}
              - run: sudo apt-get update && sudo apt-get install -y libyaml-dev libre2-dev libsqlite3-dev
              - uses: swift-actions/setup-swift@v2
                with: {swift-version: "6.1"}
              - run: swift build -c release --package-path tandem-src
              - run: tandem-src/.build/release/tandem test
              # Policies, snapshots and waivers come from .tandem.yaml.
              - run: >
                  tandem-src/.build/release/tandem check --max-risk 75
                  --format github --format sarif --output - --output tandem.sarif
              - uses: github/codeql-action/upload-sarif@v3
                if: always()
                with: {sarif_file: tandem.sarif}

        """

    static let readme = """
        # Patient-partnership governance

        - `snapshots/` — organization snapshots (`tandem schema snapshot` prints their JSON Schema)
        - `policies/committee.yaml` — our policy set; it extends the seed pack in `policies/partners-in-care`
        - `waivers.yaml` — accepted exceptions, each with an owner and an expiry date
        - `tests/` — policy tests: `tandem test`
        - `.github/workflows/tandem.yml` — the CI gate

        - `.tandem.yaml` — the defaults every `tandem` command here applies (`tandem config show`)

        Check: `tandem check` (policies, waivers and snapshots come from `.tandem.yaml`; options override them)

        """
}
