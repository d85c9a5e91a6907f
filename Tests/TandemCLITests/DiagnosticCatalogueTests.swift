import Foundation
import TestSupport
import Testing

/// One catalogue of diagnostics per module: every code is declared once, documented from the
/// declaration, and no code is written as a string anywhere else.
@Suite("Diagnostic catalogues")
struct DiagnosticCatalogueTests {
    @Test func docsDiagnosticsIsGeneratedFromTheCatalogues() throws {
        let run = try TandemProcess.run(["diagnostics"])
        let committed = try String(contentsOf: TandemProcess.packageRoot.appendingPathComponent("docs/diagnostics.md"), encoding: .utf8)
        #expect(run.stdout == committed, "regenerate with: swift run tandem diagnostics > docs/diagnostics.md")
        let codes = run.stdout.matches(of: #/\n\| ([A-Z]+[0-9]{3}) \|/#).map { String($0.1) }
        #expect(codes.count == Set(codes).count, "a code is declared twice")
        #expect(codes.count >= 90)
    }

    @Test func noDiagnosticCodeIsWrittenOutsideACatalogue() throws {
        let sources = TandemProcess.packageRoot.appendingPathComponent("Sources")
        let enumerator = try #require(FileManager.default.enumerator(atPath: sources.path))
        var strays: [String] = []
        while let relative = enumerator.nextObject() as? String {
            guard relative.hasSuffix(".swift"), !relative.hasSuffix("Diagnostics.swift") else { continue }
            let text = try String(contentsOf: sources.appendingPathComponent(relative), encoding: .utf8)
            for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let code =
                    line.contains(#/"(YAML|IO|SNAP|CEL|EVAL|POL|RISK|WAIV|TEST|EXPL|INIT)[0-9]{3}"/#)
                    || line.contains(#/\[(YAML|IO|SNAP|CEL|EVAL|POL|RISK|WAIV|TEST|EXPL|INIT)[0-9]{3}\]/#)
                if code, !line.trimmingCharacters(in: .whitespaces).hasPrefix("///") {
                    strays.append("\(relative):\(number + 1): \(line.trimmingCharacters(in: .whitespaces))")
                }
            }
        }
        #expect(strays.isEmpty, "codes outside a catalogue:\n\(strays.joined(separator: "\n"))")
    }
}
