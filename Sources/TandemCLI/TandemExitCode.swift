/// The process exit codes, documented in the README and in `tandem --help`.
public enum TandemExitCode: Int32, Sendable {
    /// Every input was read and no finding reached the fail threshold.
    case clean = 0
    /// At least one finding at or above the fail threshold (or a risk score above `--max-risk`).
    case violations = 1
    /// Bad usage, or an input that could not be read, parsed or validated; any report is incomplete.
    case inputError = 2
}
