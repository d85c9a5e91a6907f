import Diagnostics
import Foundation

/// Writes to the standard streams: reports to stdout, diagnostics to stderr.
enum Console {
    static func out(_ text: String) {
        // Written straight from the string's storage: a large report is not copied again.
        var text = text
        text.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = write(STDOUT_FILENO, bytes.baseAddress! + offset, bytes.count - offset)
                if written < 0 && errno == EINTR { continue }
                if written <= 0 { break }
                offset += written
            }
        }
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
