import Foundation
import TestSupport
import Testing

/// Every input the fuzzers ever crashed on is kept in `Fuzz/regressions/TARGET/` and replayed here
/// through the same target code (the `tandem-fuzz` replay build), so a crash found once stays fixed.
@Suite("Fuzz regressions")
struct FuzzRegressionTests {
    static var replay: URL {
        TandemProcess.executable.deletingLastPathComponent().appendingPathComponent("tandem-fuzz")
    }

    @Test(arguments: ["yaml", "cel", "policy", "snapshot", "csv", "xlsx"])
    func everyKeptInputReplaysWithoutCrashing(_ target: String) throws {
        let directory = TandemProcess.packageRoot.appendingPathComponent("Fuzz/regressions/\(target)")
        let inputs = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { !$0.hasPrefix(".") }
        #expect(!inputs.isEmpty, "each target keeps at least its seed")
        let process = Process()
        process.executableURL = Self.replay
        process.arguments = [directory.path]
        process.environment = ["TANDEM_FUZZ_TARGET": target, "TANDEM_ROOT": TandemProcess.packageRoot.path]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = Pipe()
        try process.run()
        let output = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "a kept input crashed the \(target) target")
        #expect(output == "replayed \(inputs.count) input(s) through \(target)\n")
    }
}
