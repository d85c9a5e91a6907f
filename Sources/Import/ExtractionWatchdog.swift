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
    ///
    /// The deadline is a timer on a shared dispatch queue, cancelled when `body` returns, not a
    /// thread per part: under the address sanitizer a new thread cost a megabyte of shadow
    /// memory cleared, and the xlsx fuzz target ran ten times slower than without it.
    func run(seconds: Double, _ body: () -> Void) -> Bool {
        let state = State()
        let watched = path
        let timer = DispatchWorkItem {
            // Only while `body` runs: once it has returned, the archive is the next part's.
            state.expireIfRunning { Self.poison(watched) }
        }
        DispatchQueue.global().asyncAfter(deadline: .now() + seconds, execute: timer)
        body()
        state.finish()
        timer.cancel()
        return state.expired
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

    /// Whether the extraction is still running, and whether its deadline passed: changed under
    /// one lock, so the deadline cannot act on an extraction that has already returned.
    final class State: @unchecked Sendable {
        private let lock = NSLock()
        private var finished = false
        private var passed = false

        func expireIfRunning(_ action: () -> Void) {
            lock.withLock {
                guard !finished else { return }
                passed = true
                action()
            }
        }

        func finish() { lock.withLock { finished = true } }

        var expired: Bool { lock.withLock { passed } }
    }
}
