import YAMLSource
import Diagnostics
import Foundation

/// Writes to the standard streams: reports to stdout, diagnostics to stderr.
enum Console {
    /// The environment variable `name`, read alone (`ProcessInfo`'s `environment` copies every
    /// variable into a dictionary, a third of a million instructions at each read).
    static func environment(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }
    }

    /// Writes to stdout. A failed write (a full disk, a closed pipe) ends the run with exit 2 and
    /// says so on stderr: a report that was lost must never look like a clean run.
    static func out(_ text: String) {
        var text = text
        var failure: Int32 = 0
        text.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = write(STDOUT_FILENO, bytes.baseAddress! + offset, bytes.count - offset)
                if written < 0 && errno == EINTR { continue }
                if written <= 0 {
                    failure = written < 0 ? errno : ENOSPC
                    return
                }
                offset += written
            }
        }
        if failure != 0 {
            report(InputDiagnostics.unwritable, "cannot write to standard output: \(String(cString: strerror(failure)))")
            exit(TandemExitCode.inputError.rawValue)
        }
    }

    /// Prints a diagnostic of a declared kind on stderr, through the one renderer.
    static func report(_ kind: DiagnosticKind, _ message: String, notes: [String] = []) {
        error(DiagnosticRenderer().render([Diagnostic(kind, message: message, notes: notes)]))
    }

    /// Prints `diagnostic` on stderr in `language`.
    static func report(_ diagnostic: Diagnostic, in language: Language) {
        error(DiagnosticRenderer(language: language).render([diagnostic]))
    }

    /// Writes a human-readable report made of untrusted values: neutralized by ``SafeText``.
    static func human(_ text: String) {
        out(SafeText.output(text))
    }

    /// stderr is read by people and by CI runners alike, so everything written there is neutralized.
    /// A closed or failing stderr is ignored: losing a message must not crash the run.
    static func error(_ text: String) {
        let safe = SafeText.output(text)
        var line = safe.hasSuffix("\n") ? safe : safe + "\n"
        line.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = write(STDERR_FILENO, bytes.baseAddress! + offset, bytes.count - offset)
                if written < 0 && errno == EINTR { continue }
                if written <= 0 { return }
                offset += written
            }
        }
    }
}
