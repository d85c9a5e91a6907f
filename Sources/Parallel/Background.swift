import Foundation

/// Work started on a thread of its own, its result waited for later: for one task to run beside
/// a parallel loop (a task of `concurrentPerform` makes a nested `concurrentPerform` serial).
package final class Background<T: Sendable>: @unchecked Sendable {
    // Written once by the thread, read after `done` is signalled.
    private var value: T?
    private let done = DispatchSemaphore(value: 0)

    /// Starts `body` on a new thread.
    package init(_ body: @escaping @Sendable () -> T) {
        let thread = Thread { [self] in
            value = body()
            done.signal()
        }
        thread.stackSize = 8 << 20
        thread.start()
    }

    /// The result, once `body` has returned.
    package func result() -> T {
        done.wait()
        return value!
    }
}
