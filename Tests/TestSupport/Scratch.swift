import Foundation

/// Where tests write their temporary files: one folder per test process, removed when the
/// process exits, so a run of the suite leaves nothing behind in the system's temporary folder
/// (every test used to leave its own folder there).
public enum Scratch {
    /// The process's scratch folder, made on first use; tests make their own uniquely named
    /// files and folders inside it.
    public static let root: URL = {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-tests-\(getpid())-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(at: Scratch.root) }
        return url
    }()
}
