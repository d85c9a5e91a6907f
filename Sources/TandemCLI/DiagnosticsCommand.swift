import ArgumentParser

/// `tandem diagnostics`: every diagnostic code, from the modules' catalogues (docs/diagnostics.md).
struct DiagnosticsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diagnostics",
        abstract: "List every diagnostic code with its severity, meaning and fix (docs/diagnostics.md is generated this way).",
        discussion: """
            EXAMPLES
              tandem diagnostics > docs/diagnostics.md
              tandem diagnostics | grep SNAP011
            """
    )

    func run() throws {
        Console.out(Catalogues.markdown())
    }
}
