import Diagnostics
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
import Foundation

/// Expands command-line operands (files, directories, `-` for stdin) into source texts.
///
/// Nothing is passed over in silence: every operand yields at least one source or a diagnostic,
/// and what a directory walk skips is said.
///
/// Diagnostic codes: `IO001` no such file or directory; `IO002` unreadable (a file, a directory,
/// stdin, a name that is not valid UTF-8); `IO003` a directory with no `.yaml`, `.yml` or `.json`
/// file (an error: a mistyped directory must not pass as clean); `IO008` an entry a directory walk
/// skipped (a FIFO, a socket or a device, which could block or never end): an error, since the
/// report then covers less than was asked;
/// `YAML006` over the size limit.
public struct SourceFiles: Sendable {
    /// File extensions read from directories.
    public static let extensions: Set<String> = ["yaml", "yml", "json"]

    /// The sources read, in operand order (directory contents sorted).
    public private(set) var sources: [SourceText] = []
    /// Missing, unreadable or oversized inputs, and skipped entries.
    public private(set) var diagnostics: [Diagnostic] = []
    /// Identities (device, inode) of every file read, so an output can refuse to overwrite one.
    public private(set) var identities: Set<FileIdentity> = []

    /// A file's identity on disk.
    public struct FileIdentity: Hashable, Sendable {
        public let device: UInt64
        public let inode: UInt64

        /// The identity of what `path` names (following links), if it exists.
        public init?(path: String) {
            var info = stat()
            guard stat(path, &info) == 0 else { return nil }
            device = UInt64(info.st_dev)
            inode = UInt64(info.st_ino)
        }
    }

    /// The inputs in order: stdin already read, files still to read (when not read at once).
    public enum Input: Sendable {
        /// Read already (stdin, or every file when reading at once).
        case loaded(SourceText)
        /// A file to read with ``read(_:maxBytes:)`` when its turn comes.
        case file(String)
    }

    /// Every input, in order; with `readingAtOnce` false, files are `.file` and read one at a
    /// time by the caller, so a run over many files holds one file's bytes at a time.
    public private(set) var inputs: [Input] = []

    /// Reads every operand; a file over `maxBytes` is reported without being read.
    public init(operands: [String], maxBytes: Int) {
        self.init(operands: operands, maxBytes: maxBytes, readingAtOnce: true)
    }

    /// Finds every operand's files; reads them now, or leaves them to ``read(_:maxBytes:)``.
    public init(operands: [String], maxBytes: Int, readingAtOnce: Bool) {
        self.readingAtOnce = readingAtOnce
        var seenStdin = false
        for operand in operands {
            if operand == "-" {
                guard !seenStdin else { continue }
                seenStdin = true
                switch Self.readStream(STDIN_FILENO, maxBytes: maxBytes) {
                case .success(let bytes):
                    sources.append(SourceText(path: "<stdin>", bytes: bytes))
                    inputs.append(.loaded(sources[sources.count - 1]))
                case .failure(let problem):
                    diagnostics.append(problem.diagnostic(path: "<stdin>", maxBytes: maxBytes))
                }
                continue
            }
            var info = stat()
            guard stat(operand, &info) == 0 else {
                let code = errno
                diagnostics.append(
                    code == ENOENT || code == ENOTDIR
                        ? Diagnostic(InputDiagnostics.missing, message: "no such file or directory: \(operand)", fr: "fichier ou dossier introuvable : \(operand)")
                        : Diagnostic(
                            InputDiagnostics.unreadable, message: "cannot read \(operand): \(String(cString: strerror(code)))",
                            fr: "impossible de lire \(operand) : \(String(cString: strerror(code)))"))
                continue
            }
            if (info.st_mode & S_IFMT) == S_IFDIR {
                var walk = Walk()
                walk.visit(operand)
                diagnostics += walk.diagnostics
                if walk.files.isEmpty && !walk.diagnostics.containsErrors {
                    diagnostics.append(
                        Diagnostic(
                            InputDiagnostics.nothingToCheck, message: "no .yaml, .yml or .json files under \(operand): nothing to check",
                            fr: "aucun fichier .yaml, .yml ou .json sous \(operand) : rien à vérifier"))
                }
                for path in walk.files.sorted() { read(path, maxBytes: maxBytes) }
            } else {
                // Given by name, a FIFO or /dev/stdin is read as a stream, with the size limit.
                read(operand, maxBytes: maxBytes)
            }
        }
    }

    private let readingAtOnce: Bool

    private mutating func read(_ path: String, maxBytes: Int) {
        guard readingAtOnce else {
            inputs.append(.file(path))
            if let identity = FileIdentity(path: path) { identities.insert(identity) }
            return
        }
        switch Self.read(path, maxBytes: maxBytes) {
        case .success(let source):
            sources.append(source)
            inputs.append(.loaded(source))
            if let identity = FileIdentity(path: path) { identities.insert(identity) }
        case .failure(let problem):
            diagnostics.append(problem)
        }
    }

    /// Reads one file: its text, or why it cannot be read (over `maxBytes` without being read).
    public static func read(_ path: String, maxBytes: Int) -> Result<SourceText, Diagnostic> {
        var info = stat()
        if stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, Int(info.st_size) > maxBytes {
            return .failure(
                Diagnostic(
                    YAMLDiagnostics.tooLarge, message: "input is \(info.st_size) bytes, over the limit of \(maxBytes) (raise it with --max-file-size)",
                    fr: "l'entrée fait \(info.st_size) octets, au-delà de la limite de \(maxBytes) (relevez-la avec --max-file-size)",
                    location: SourceLocation(file: path, line: 1, column: 1)))
        }
        switch readFile(path, maxBytes: maxBytes) {
        case .success(let bytes): return .success(SourceText(path: path, bytes: bytes))
        case .failure(let problem): return .failure(problem.diagnostic(path: path, maxBytes: maxBytes))
        }
    }

    /// The bytes of `path`: a regular file read straight into one buffer of its size (large
    /// snapshots are not copied twice), anything else as a stream up to `maxBytes`.
    static func readFile(_ path: String, maxBytes: Int) -> Result<[UInt8], StreamProblem> {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return .failure(.unreadable(errno: errno)) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { return .failure(.unreadable(errno: errno)) }
        guard (info.st_mode & S_IFMT) == S_IFREG, info.st_size > 0 else { return readStream(fd, maxBytes: maxBytes) }
        var bytes = [UInt8](repeating: 0, count: Int(info.st_size))
        var filled = 0
        var failure: Int32 = 0
        bytes.withUnsafeMutableBytes { buffer in
            while filled < buffer.count {
                let n = systemRead(fd, buffer.baseAddress! + filled, buffer.count - filled)
                if n < 0 && errno == EINTR { continue }
                if n < 0 { failure = errno; return }
                if n == 0 { return }
                filled += n
            }
        }
        if failure != 0 { return .failure(.unreadable(errno: failure)) }
        if filled < bytes.count { bytes.removeLast(bytes.count - filled) }
        return .success(bytes)
    }

    /// The file's bytes, or nil when it cannot be read.
    static func readBytes(_ path: String) -> [UInt8]? {
        try? readFile(path, maxBytes: .max).get()
    }

    /// Why a stream could not be read.
    enum StreamProblem: Error {
        case tooLarge
        case unreadable(errno: Int32)

        func diagnostic(path: String, maxBytes: Int) -> Diagnostic {
            switch self {
            case .tooLarge:
                Diagnostic(
                    YAMLDiagnostics.tooLarge, message: "input is over the limit of \(maxBytes) bytes (raise it with --max-file-size)",
                    fr: "l'entrée dépasse la limite de \(maxBytes) octets (relevez-la avec --max-file-size)",
                    location: SourceLocation(file: path, line: 1, column: 1))
            case .unreadable(let code):
                Diagnostic(
                    InputDiagnostics.unreadable, message: "cannot read \(path): \(String(cString: strerror(code)))", fr: "impossible de lire \(path) : \(String(cString: strerror(code)))")
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
            let n = chunk.withUnsafeMutableBytes { systemRead(fd, $0.baseAddress!, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                return .failure(.unreadable(errno: errno))
            }
            if n == 0 { return .success(bytes) }
            bytes.append(contentsOf: chunk[0..<n])
            if bytes.count > maxBytes { return .failure(.tooLarge) }
        }
    }

    /// Every YAML or JSON file below `directory`, sorted, hidden entries skipped (for policy and
    /// test directories, whose problems their own loaders report).
    public static func files(under directory: String) -> [String] {
        var walk = Walk()
        walk.visit(directory)
        return walk.files.sorted()
    }

    /// A directory walk that follows links to directories (once each: cycles end) and says what
    /// it cannot read or will not open.
    struct Walk {
        var files: [String] = []
        var diagnostics: [Diagnostic] = []
        var visited: Set<FileIdentity> = []

        mutating func visit(_ directory: String) {
            guard let identity = FileIdentity(path: directory) else { return }
            guard visited.insert(identity).inserted else { return }
            guard let dir = opendir(directory) else {
                diagnostics.append(
                    Diagnostic(
                        InputDiagnostics.unreadable, message: "cannot read directory \(directory): \(String(cString: strerror(errno)))",
                        fr: "impossible de lire le dossier \(directory) : \(String(cString: strerror(errno)))"))
                return
            }
            defer { closedir(dir) }
            var entries: [(name: String, raw: [UInt8])] = []
            while let entry = readdir(dir) {
                let raw = withUnsafeBytes(of: entry.pointee.d_name) { bytes in Array(bytes.prefix { $0 != 0 }) }
                if raw == [46] || raw == [46, 46] { continue }
                guard let name = String(validating: raw, as: UTF8.self) else {
                    let shown = String(decoding: raw, as: UTF8.self)
                    diagnostics.append(
                        Diagnostic(
                            InputDiagnostics.unreadable, message: "cannot read an entry of \(directory): its name is not valid UTF-8 (\(shown))",
                            fr: "impossible de lire une entrée de \(directory) : son nom n'est pas en UTF-8 valide (\(shown))"))
                    continue
                }
                entries.append((name, raw))
            }
            for (name, _) in entries.sorted(by: { $0.name < $1.name }) where !name.hasPrefix(".") {
                let full = (directory as NSString).appendingPathComponent(name)
                var info = stat()
                guard stat(full, &info) == 0 else {
                    diagnostics.append(
                        Diagnostic(
                            InputDiagnostics.unreadable, message: "cannot read \(full): \(String(cString: strerror(errno)))",
                            fr: "impossible de lire \(full) : \(String(cString: strerror(errno)))"))
                    continue
                }
                switch info.st_mode & S_IFMT {
                case S_IFDIR:
                    visit(full)
                case S_IFREG:
                    if SourceFiles.extensions.contains((name as NSString).pathExtension.lowercased()) { files.append(full) }
                default:
                    if SourceFiles.extensions.contains((name as NSString).pathExtension.lowercased()) {
                        diagnostics.append(
                            Diagnostic(
                                InputDiagnostics.skipped,
                                message: "skipped \(full): not a regular file (a FIFO, socket or device could block); name it to read it as a stream",
                                fr: "\(full) ignoré : ce n'est pas un fichier ordinaire (un tube, une socket ou un périphérique pourrait bloquer) ; nommez-le pour le lire comme un flux"))
                    }
                }
            }
        }
    }
}

/// The C library's `read(2)`, named apart from Foundation's methods of the same name; Glibc on
/// Linux, Darwin on macOS (Tandem is tested on Linux only).
func systemRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    #if canImport(Glibc)
        Glibc.read(fd, buffer, count)
    #else
        Darwin.read(fd, buffer, count)
    #endif
}
