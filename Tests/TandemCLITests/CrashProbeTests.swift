import Foundation
import TestSupport
import Testing

/// Inputs that used to crash (exit 132/139) or never end: each now gives a positioned error and
/// exit 2, or the right answer.
@Suite("Crash and hang probes")
struct CrashProbeTests {
    /// Runs `tandem` through the shell, for redirections a Process cannot express (`<&-`).
    static func shell(_ command: String) throws -> TandemProcess.Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        process.currentDirectoryURL = TandemProcess.packageRoot
        process.environment = ["TANDEM": TandemProcess.executable.path, "PATH": "/usr/bin:/bin"]
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return TandemProcess.Output(
            status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self))
    }

    @Test func timestampsWithTenOrMoreFractionalDigitsKeepNanoseconds() throws {
        let run = try TandemProcess.run(["eval", "timestamp('2026-01-01T00:00:00.1234567890123Z')"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout == "timestamp(\"2026-01-01T00:00:00.123456789Z\")\n")
    }

    @Test func datesOutsideCELsRangeAreRefusedAtTheBoundary() throws {
        let today = try TandemProcess.run(["eval", "--today", "0000-01-01", "today()"])
        #expect(today.status == 2)
        #expect(today.stderr.contains("error[EVAL002]: --today is outside CEL's timestamp range"))
        let snapshot = "apiVersion: tandem/v1\nkind: OrganizationSnapshot\nmetadata: {name: y0, asOf: 0000-01-01}\norganization: {name: O}\n"
        let check = try TandemProcess.run(["check", "--policy", "Policies/partners-in-care", "-"], stdin: snapshot)
        #expect(check.status == 2)
        #expect(check.stderr.contains("<stdin>:3:28: error[SNAP005]: '0000-01-01' for 'asOf' in Metadata is outside the supported range 0001-01-01 to 9999-12-31"))
    }

    @Test func closedOrDirectoryStdinAndClosedStderrAreErrorsNotCrashes() throws {
        let closed = try Self.shell("\"$TANDEM\" check - <&-")
        #expect(closed.status == 2)
        #expect(closed.stderr.contains("error[IO002]: cannot read <stdin>: Bad file descriptor"))
        let directory = try Self.shell("\"$TANDEM\" check - < Fixtures")
        #expect(directory.status == 2)
        #expect(directory.stderr.contains("error[IO002]: cannot read <stdin>: Is a directory"))
        let noStderr = try Self.shell("\"$TANDEM\" check Fixtures/invalid/unknown-key.yaml 2>&-")
        #expect(noStderr.status == 2)
    }

    @Test func endlessStdinStopsAtTheSizeLimit() throws {
        let run = try Self.shell("yes | \"$TANDEM\" check --max-file-size 1000 -")
        #expect(run.status == 2)
        #expect(run.stderr.contains("<stdin>:1:1: error[YAML006]: input is over the limit of 1000 bytes"))
    }

    @Test func longOperatorAndSelectionChainsAreBoundedWithAPosition() throws {
        // ~24,000 terms, each chain under the 100,000-character expression limit.
        for (expression, what) in [
            (Array(repeating: "1", count: 24_000).joined(separator: "+"), "+"),
            (Array(repeating: "2", count: 24_000).joined(separator: "*"), "*"),
            (Array(repeating: "1", count: 24_000).joined(separator: "=="), "=="),
            ("a" + String(repeating: ".b", count: 30_000), "."),
            (Array(repeating: "x", count: 24_000).joined(separator: "&&"), "&&"),
        ] {
            let run = try TandemProcess.run(["eval", expression])
            #expect(run.status == 2, "\(what)")
            #expect(run.stderr.contains("error[CEL007]: expression nests deeper than 200 levels"), "\(what)")
        }
        // A chain within the limit still evaluates.
        let ok = try TandemProcess.run(["eval", Array(repeating: "1", count: 50).joined(separator: " + ")])
        #expect(ok.stdout == "50\n")
    }
}

extension CrashProbeTests {
    @Test func nestingIsBoundedWhateverTheFlagSays() throws {
        let dir = Scratch.root.appendingPathComponent("tandem-deep-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let deep = dir.appendingPathComponent("deep.yaml").path
        try ("a: " + String(repeating: "[", count: 60_000) + String(repeating: "]", count: 60_000) + "\n").write(toFile: deep, atomically: true, encoding: .utf8)
        let raised = try TandemProcess.run(["check", "--max-depth", "100000", deep])
        #expect(raised.status == 64 || raised.status == 2)
        #expect(raised.stderr.contains("--max-depth is at most 1000"))
        let capped = try TandemProcess.run(["check", "--max-depth", "1000", deep])
        #expect(capped.status == 2)
        #expect(capped.stderr.contains("error[YAML004]"))
        // 990 levels, within the cap, are built and validated without exhausting the stack.
        let within = dir.appendingPathComponent("within.yaml").path
        try
            ("apiVersion: tandem/v1\nkind: OrganizationSnapshot\nmetadata: {name: d, asOf: 2026-10-01, labels: {x: "
            + String(repeating: "[", count: 990) + String(repeating: "]", count: 990) + "}}\norganization: {name: O}\n").write(toFile: within, atomically: true, encoding: .utf8)
        let ok = try TandemProcess.run(["check", "--max-depth", "1000", within])
        #expect(ok.status == 2)
        #expect(ok.stderr.contains("error[SNAP003]: expected string for 'x' in Metadata"))
    }
}

extension CrashProbeTests {
    @Test func aHugeNameDoesNotAmplifyIntoAHugeReport() throws {
        let name = String(repeating: "N", count: 2_000_000)
        let snapshot = "apiVersion: tandem/v1\nkind: OrganizationSnapshot\nmetadata: {name: big, asOf: 2026-10-01}\norganization: {name: \(name)}\n"
        let run = try TandemProcess.run(["check", "--policy", "Policies/partners-in-care", "--fail-on", "never", "--format", "json", "-"], stdin: snapshot)
        #expect(run.status == 0, "\(run.stderr.prefix(300))")
        // Before: the name was copied into every finding's message and subject (≈ 45× the input).
        #expect(run.stdout.utf8.count < 200_000, "\(run.stdout.utf8.count) bytes")
        #expect(run.stdout.contains("… (1999800 more characters)"))
    }

    @Test func buildingStringsAndListsIsChargedToAMemoryBudget() throws {
        // Every level's variable reaches the innermost string, so no part is loop-invariant.
        var expression = "'" + String(repeating: "x", count: 1000) + "' + string(a + b + c + d + e)"
        for variable in ["a", "b", "c", "d", "e"] { expression = "[0,1,2,3,4,5,6,7,8,9].map(\(variable), \(expression))" }
        let run = try TandemProcess.run(["eval", expression])
        #expect(run.status == 2)
        #expect(run.stderr.contains("evaluation exceeded its memory budget of 64 MiB of built strings and lists"))
    }
}

extension CrashProbeTests {
    @Test func streamsNamedAsFilesAreReadNotSeenAsEmpty() throws {
        let stdin = try Self.shell("\"$TANDEM\" check /dev/stdin < Fixtures/valid/well-run.yaml")
        #expect(stdin.status == 0, "\(stdin.stderr)")
        #expect(stdin.stdout.contains("1 file, 1 snapshot"))
        let substitution = try Self.shell("cat Fixtures/valid/well-run.yaml | \"$TANDEM\" check /proc/self/fd/0")
        #expect(substitution.status == 0, "\(substitution.stderr)")
        #expect(substitution.stdout.contains("1 file, 1 snapshot"))
        // A named FIFO given by name is read once, as a stream (never opened for a look first:
        // closing it unread would lose what its writer sent, then wait for another writer).
        let fifo = try Self.shell(
            "d=$(mktemp -d) && mkfifo \"$d/f.yaml\" && (cat Fixtures/valid/well-run.yaml > \"$d/f.yaml\" 2>/dev/null &) && timeout 20 \"$TANDEM\" check \"$d/f.yaml\"; s=$?; rm -rf \"$d\"; exit $s")
        #expect(fifo.status == 0, "\(fifo.stderr)")
        #expect(fifo.stdout.contains("1 file, 1 snapshot"))
        let endless = try Self.shell("yes | \"$TANDEM\" check --max-file-size 1000 /dev/stdin")
        #expect(endless.status == 2)
        #expect(endless.stderr.contains("/dev/stdin:1:1: error[YAML006]: input is over the limit of 1000 bytes"))
    }
}
