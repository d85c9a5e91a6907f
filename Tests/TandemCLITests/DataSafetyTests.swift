import Foundation
import TestSupport
import Testing

/// No data lost, no false "clean": outputs never destroy what they should not, every failed write
/// is exit 2, and every operand yields a checked snapshot or an error.
@Suite("Outputs and inputs: no data loss, no silent pass", .serialized)
struct DataSafetyTests {
    static func temporaryDirectory() throws -> URL {
        let dir = Scratch.root.appendingPathComponent("tandem-safety-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    static let snapshot = TandemProcess.packageRoot.appendingPathComponent("Fixtures/valid/well-run.yaml").path

    @Test func devicesAndFIFOsAreWrittenToNotReplaced() throws {
        let null = try TandemProcess.run(["check", "--format", "json", "--output", "/dev/null", Self.snapshot])
        #expect(null.status == 0, "\(null.stderr)")
        let attributes = try FileManager.default.attributesOfItem(atPath: "/dev/null")
        #expect(attributes[.type] as? FileAttributeType == .typeCharacterSpecial)

        let dir = try Self.temporaryDirectory()
        let fifo = dir.appendingPathComponent("report.fifo").path
        #expect(mkfifo(fifo, 0o600) == 0)
        let reader = Process()
        reader.executableURL = URL(fileURLWithPath: "/bin/cat")
        reader.arguments = [fifo]
        let pipe = Pipe()
        reader.standardOutput = pipe
        try reader.run()
        let run = try TandemProcess.run(["check", "--format", "json", "--output", fifo, Self.snapshot])
        let received = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        reader.waitUntilExit()
        #expect(run.status == 0)
        #expect(received.hasPrefix("{\n  \"complete\" : true"))
    }

    @Test func anOutputThatIsAnInputOrRepeatedIsRefusedBeforeAnythingIsWritten() throws {
        let dir = try Self.temporaryDirectory()
        let copy = dir.appendingPathComponent("snapshot.yaml")
        try FileManager.default.copyItem(atPath: Self.snapshot, toPath: copy.path)
        let before = try String(contentsOf: copy, encoding: .utf8)
        let overwrite = try TandemProcess.run(["check", "--format", "json", "--output", copy.path, copy.path])
        #expect(overwrite.status == 2)
        #expect(overwrite.stderr.contains("error[IO006]: --output \(copy.path) is one of the inputs; it would be overwritten"))
        #expect(try String(contentsOf: copy, encoding: .utf8) == before)

        let out = dir.appendingPathComponent("r.json").path
        let twice = try TandemProcess.run(["check", "--format", "json", "--format", "sarif", "--output", out, "--output", out, Self.snapshot])
        #expect(twice.status == 2)
        #expect(twice.stderr.contains("names the same file as --output \(out)"))
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test func aLinkedOutputReplacesItsTargetAndKeepsTheLink() throws {
        let dir = try Self.temporaryDirectory()
        let target = dir.appendingPathComponent("target.json").path
        let link = dir.appendingPathComponent("link.json").path
        try "old".write(toFile: target, atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
        let run = try TandemProcess.run(["check", "--format", "json", "--output", link, Self.snapshot])
        #expect(run.status == 0)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == target)
        #expect(try String(contentsOfFile: target, encoding: .utf8).hasPrefix("{"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["link.json", "target.json"], "no temporary file left")
    }

    @Test func aFailedWriteToStdoutIsExitTwo() throws {
        let run = try CrashProbeTests.shell("\"$TANDEM\" check Fixtures/valid/well-run.yaml > /dev/full")
        #expect(run.status == 2)
        #expect(run.stderr.contains("error[IO005]: cannot write to standard output: No space left on device"))
    }

    @Test func everyOperandYieldsASnapshotOrAnError() throws {
        let dir = try Self.temporaryDirectory()
        let empty = dir.appendingPathComponent("empty")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        let none = try TandemProcess.run(["check", "--format", "json", empty.path])
        #expect(none.status == 2)
        #expect(none.stderr.contains("error[IO003]: no .yaml, .yml or .json files under \(empty.path): nothing to check"))
        #expect(none.stdout.contains("\"complete\" : false"))

        // A directory given as a link, and a linked subdirectory, are followed (a cycle ends).
        let real = dir.appendingPathComponent("real")
        try FileManager.default.createDirectory(at: real.appendingPathComponent("sub"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Self.snapshot, toPath: real.appendingPathComponent("sub/a.yaml").path)
        try FileManager.default.createSymbolicLink(atPath: dir.appendingPathComponent("linked").path, withDestinationPath: real.path)
        try FileManager.default.createSymbolicLink(atPath: real.appendingPathComponent("loop").path, withDestinationPath: real.path)
        let linked = try TandemProcess.run(["check", dir.appendingPathComponent("linked").path])
        #expect(linked.status == 0, "\(linked.stderr)")
        #expect(linked.stdout.contains("1 file, 1 snapshot"))

        // A file name that is not UTF-8 is an error, not a silent skip.
        let bytes = Array(real.path.utf8) + Array("/caf".utf8) + [0xE9] + Array(".yaml".utf8) + [0]
        let fd = bytes.withUnsafeBufferPointer { open(UnsafeRawPointer($0.baseAddress!).assumingMemoryBound(to: CChar.self), O_CREAT | O_WRONLY, 0o644) }
        #expect(fd >= 0)
        close(fd)
        let badName = try TandemProcess.run(["check", real.path])
        #expect(badName.status == 2)
        #expect(badName.stderr.contains("its name is not valid UTF-8"))

        // A FIFO found by a walk is skipped and said, never opened (it would block).
        let fifoDir = dir.appendingPathComponent("fifo")
        try FileManager.default.createDirectory(at: fifoDir, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Self.snapshot, toPath: fifoDir.appendingPathComponent("a.yaml").path)
        #expect(mkfifo(fifoDir.appendingPathComponent("b.yaml").path, 0o600) == 0)
        let fifo = try TandemProcess.run(["check", "--format", "json", fifoDir.path])
        #expect(fifo.status == 2)
        #expect(fifo.stderr.contains("error[IO008]: skipped \(fifoDir.path)/b.yaml: not a regular file"))
        #expect(fifo.stdout.contains("\"complete\" : false"))
    }

    @Test func junitReportsEveryInputErrorAsATestCase() throws {
        let run = try TandemProcess.run(["check", "--format", "junit", "Fixtures/invalid/unknown-key.yaml"])
        #expect(run.status == 2)
        #expect(run.stdout.contains("<testsuites name=\"tandem\" tests=\"2\" failures=\"0\" errors=\"2\" skipped=\"0\">"))
        #expect(run.stdout.contains("<testcase classname=\"SNAP001\" name=\"Fixtures/invalid/unknown-key.yaml:16:5\" file=\"Fixtures/invalid/unknown-key.yaml\" line=\"16\">"))
    }

    @Test func initChecksEveryTargetBeforeWritingAny() throws {
        let dir = try Self.temporaryDirectory()
        try "ours".write(to: dir.appendingPathComponent("README.md"), atomically: true, encoding: .utf8)
        let run = try TandemProcess.run(["init", dir.path])
        #expect(run.status == 2)
        #expect(run.stderr.contains("error[INIT002]: 1 file(s) already exist in \(dir.path), nothing was written (use --force to overwrite)\n  note: exists: README.md\n"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["README.md"])
    }
}
