import Diagnostics
#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// Expands command-line operands (files, directories, `-` for stdin) into source texts.
public struct SourceFiles: Sendable {
    /// File extensions read from directories.
    public static let extensions: Set<String> = ["yaml", "yml", "json"]

    /// The sources read, in operand order (directory contents sorted).
    public private(set) var sources: [SourceText] = []
    /// Missing, unreadable or oversized inputs (`IO001`–`IO003`, `YAML006`).
    public private(set) var diagnostics: [Diagnostic] = []

    /// Reads every operand; a file over `maxBytes` is reported without being read.
    public init(operands: [String], maxBytes: Int) {
        var seenStdin = false
        for operand in operands {
            if operand == "-" {
                guard !seenStdin else { continue }
                seenStdin = true
                switch Self.readStream(STDIN_FILENO, maxBytes: maxBytes) {
                case .success(let bytes):
                    sources.append(SourceText(path: "<stdin>", bytes: bytes))
                case .failure(let problem):
                    diagnostics.append(problem.diagnostic(path: "<stdin>", maxBytes: maxBytes))
                }
                continue
            }
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: operand, isDirectory: &isDirectory) else {
                diagnostics.append(Diagnostic(code: "IO001", message: "no such file or directory: \(operand)"))
                continue
            }
            let paths = isDirectory.boolValue ? Self.files(under: operand) : [operand]
            if isDirectory.boolValue && paths.isEmpty {
                diagnostics.append(Diagnostic(code: "IO003", severity: .warning, message: "no .yaml, .yml or .json files under \(operand)"))
            }
            for path in paths { read(path, maxBytes: maxBytes) }
        }
    }

    private mutating func read(_ path: String, maxBytes: Int) {
        if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int, size > maxBytes {
            diagnostics.append(Diagnostic(
                code: "YAML006", message: "input is \(size) bytes, over the limit of \(maxBytes) (raise it with --max-file-size)",
                location: SourceLocation(file: path, line: 1, column: 1)))
            return
        }
        guard let bytes = Self.readBytes(path) else {
            diagnostics.append(Diagnostic(code: "IO002", message: "cannot read \(path)"))
            return
        }
        sources.append(SourceText(path: path, bytes: bytes))
    }

    /// The file's bytes, read straight into one buffer (large snapshots are not copied twice).
    static func readBytes(_ path: String) -> [UInt8]? {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { return nil }
        var bytes = [UInt8](repeating: 0, count: Int(info.st_size))
        var filled = 0
        let ok = bytes.withUnsafeMutableBytes { buffer -> Bool in
            while filled < buffer.count {
                let n = Glibc.read(fd, buffer.baseAddress! + filled, buffer.count - filled)
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { return n == 0 }
                filled += n
            }
            return true
        }
        guard ok else { return nil }
        if filled < bytes.count { bytes.removeLast(bytes.count - filled) }
        return bytes
    }

    /// Why a stream could not be read.
    enum StreamProblem: Error {
        case tooLarge
        case unreadable(errno: Int32)

        func diagnostic(path: String, maxBytes: Int) -> Diagnostic {
            switch self {
            case .tooLarge:
                Diagnostic(code: "YAML006", message: "input is over the limit of \(maxBytes) bytes (raise it with --max-file-size)",
                           location: SourceLocation(file: path, line: 1, column: 1))
            case .unreadable(let code):
                Diagnostic(code: "IO002", message: "cannot read \(path): \(String(cString: strerror(code)))")
            }
        }
    }

    /// Reads a stream (stdin, a pipe) to its end, stopping as soon as it passes `maxBytes` — an
    /// endless `yes |` is refused, not buffered — and reporting a closed or unreadable descriptor
    /// (stdin closed, a directory redirected in) instead of trapping.
    static func readStream(_ fd: Int32, maxBytes: Int) -> Result<[UInt8], StreamProblem> {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress!, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                return .failure(.unreadable(errno: errno))
            }
            if n == 0 { return .success(bytes) }
            bytes.append(contentsOf: chunk[0..<n])
            if bytes.count > maxBytes { return .failure(.tooLarge) }
        }
    }

    /// Every YAML or JSON file below `directory`, sorted, hidden entries skipped.
    public static func files(under directory: String) -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: directory) else { return [] }
        var found: [String] = []
        while let relative = enumerator.nextObject() as? String {
            let name = (relative as NSString).lastPathComponent
            if name.hasPrefix(".") {
                enumerator.skipDescendants()
                continue
            }
            let ext = (name as NSString).pathExtension.lowercased()
            guard extensions.contains(ext) else { continue }
            let full = (directory as NSString).appendingPathComponent(relative)
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory), !isDirectory.boolValue {
                found.append(full)
            }
        }
        return found.sorted()
    }
}
