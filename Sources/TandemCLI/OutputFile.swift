import Foundation
import YAMLSource
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes a report to the path given with `--output`, without ever losing data:
///
/// - a **regular file** (or a new path) is replaced atomically: the report goes to a temporary
///   file beside it, renamed over the target only when complete, so a reader never sees half a
///   report and a failed run leaves the previous one; a symbolic link is followed, so the file it
///   points at is replaced, not the link;
/// - anything else — `/dev/null`, `/dev/stdout`, a FIFO, a terminal — is **written to directly**:
///   swapping a file into place would turn a device into a file or never reach the reader;
/// - a run killed by SIGINT, SIGTERM or SIGHUP removes its temporary file.
enum OutputFile {
    /// Why a report could not be written.
    struct Failure: Error {
        let message: String
    }

    static func write(_ text: String, to path: String) throws(Failure) {
        var info = stat()
        if stat(path, &info) == 0, (info.st_mode & S_IFMT) != S_IFREG {
            let fd = open(path, O_WRONLY)
            guard fd >= 0 else { throw Failure(message: "cannot open \(path): \(String(cString: strerror(errno)))") }
            defer { close(fd) }
            try writeAll(text, to: fd, path)
            return
        }
        let target =
            (try? FileManager.default.destinationOfSymbolicLink(atPath: path)).map { destination -> String in
                destination.hasPrefix("/") ? destination : ((path as NSString).deletingLastPathComponent as NSString).appendingPathComponent(destination)
            } ?? path
        let directory = (target as NSString).deletingLastPathComponent
        var template = Array(((directory.isEmpty ? "." : directory) + "/.tandem-report-XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw Failure(message: "cannot write \(path): \(String(cString: strerror(errno)))") }
        let temporary = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        TemporaryFiles.register(temporary)
        defer { TemporaryFiles.unregister() }
        do throws(Failure) {
            try writeAll(text, to: fd, path)
            guard fsync(fd) == 0 || errno == EINVAL else { throw Failure(message: "cannot write \(path): \(String(cString: strerror(errno)))") }
            close(fd)
            // mkstemp creates 0600; a report is as readable as any file the user writes.
            let mask = umask(0)
            umask(mask)
            chmod(temporary, 0o666 & ~mask)
            guard rename(temporary, target) == 0 else { throw Failure(message: "cannot write \(path): \(String(cString: strerror(errno)))") }
        } catch {
            close(fd)
            unlink(temporary)
            throw error
        }
    }

    private static func writeAll(_ text: String, to fd: Int32, _ path: String) throws(Failure) {
        var text = text
        var failure: Int32 = 0
        text.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = systemWrite(fd, bytes.baseAddress! + offset, bytes.count - offset)
                if written < 0 && errno == EINTR { continue }
                if written <= 0 {
                    failure = written < 0 ? errno : ENOSPC
                    return
                }
                offset += written
            }
        }
        if failure != 0 { throw Failure(message: "cannot write \(path): \(String(cString: strerror(failure)))") }
    }

    /// Refuses outputs that would destroy an input or each other: an output naming a file that
    /// was read, or two outputs naming the same file (the second would silently replace the first).
    static func conflicts(_ outputs: [String], inputs: Set<SourceFiles.FileIdentity>) -> [String] {
        var problems: [String] = []
        var seen: [String: String] = [:]
        for output in outputs where output != "-" {
            let identity = SourceFiles.FileIdentity(path: output)
            if let identity, inputs.contains(identity) {
                problems.append("--output \(output) is one of the inputs; it would be overwritten")
            }
            let key = identity.map { "\($0.device):\($0.inode)" } ?? URL(fileURLWithPath: output).standardizedFileURL.path
            if let first = seen[key] {
                problems.append("--output \(output) names the same file as --output \(first); each report needs its own file")
            }
            seen[key] = output
        }
        return problems
    }
}

/// The one temporary file a run may have in flight, removed if a signal ends the run. A signal
/// handler can only reach global state, and only async-signal-safe calls (unlink, signal, raise)
/// are made from it; the path is kept as a C string allocated before the handler may run.
enum TemporaryFiles {
    nonisolated(unsafe) private static var pending: UnsafeMutablePointer<CChar>?

    static func register(_ path: String) {
        installHandlers()
        pending = strdup(path)
    }

    static func unregister() {
        let path = pending
        pending = nil
        free(path)
    }

    nonisolated(unsafe) private static var installed = false

    private static func installHandlers() {
        guard !installed else { return }
        installed = true
        for sig in [SIGINT, SIGTERM, SIGHUP] {
            signal(sig) { received in
                if let path = TemporaryFiles.pending { unlink(path) }
                signal(received, SIG_DFL)
                raise(received)
            }
        }
    }
}

/// The C library's `write(2)`, named apart from Foundation's methods of the same name; Glibc on
/// Linux, Darwin on macOS (Tandem is tested on Linux only).
private func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    #if canImport(Glibc)
        Glibc.write(fd, buffer, count)
    #else
        Darwin.write(fd, buffer, count)
    #endif
}
