import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Bounds the time ZIPFoundation may spend taking one part out of a workbook.
///
/// Its decompression reads the archive until the deflate stream ends; a corrupt stream that runs
/// to the end of the file makes it read nothing, forever (found by the xlsx fuzz target: `tandem
/// import` hung). The library cannot be told to stop, but a failed read makes it throw: when the
/// deadline passes, every descriptor open on the archive file is pointed at a descriptor that
/// cannot be read (`/dev/null` opened for writing), so the next read fails and the extraction ends
/// with an error. Linux only (it finds the descriptors in `/proc/self/fd`); elsewhere the
/// deadline is only reported.
struct ExtractionWatchdog {
    /// The archive file, as the kernel names it (symbolic links resolved).
    let path: String

    init(archive url: URL) {
        path = url.standardizedFileURL.resolvingSymlinksInPath().path
    }

    /// Runs `body`; returns whether the deadline of `seconds` passed first (the archive then can
    /// no longer be read).
    func run(seconds: Double, _ body: () -> Void) -> Bool {
        let finished = DispatchSemaphore(value: 0)
        let expired = Flag()
        let watched = path
        Thread.detachNewThread {
            if finished.wait(timeout: .now() + seconds) == .timedOut {
                expired.set()
                Self.poison(watched)
            }
        }
        body()
        finished.signal()
        return expired.isSet
    }

    /// Points every descriptor open on `path` at one that fails to read.
    static func poison(_ path: String) {
        let unreadable = open("/dev/null", O_WRONLY)
        guard unreadable >= 0 else { return }
        defer { close(unreadable) }
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? [] {
            guard let fd = Int32(entry), fd > 2, fd != unreadable,
                let target = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/\(entry)"), target == path
            else { continue }
            dup2(unreadable, fd)
        }
    }

    /// A flag set by the watchdog thread and read by the caller.
    final class Flag: @unchecked Sendable {
        private let lock = NSLock()
        private var value = false
        func set() { lock.withLock { value = true } }
        var isSet: Bool { lock.withLock { value } }
    }
}
