import Foundation

/// Items `0..<count` made by `workers` threads and handed to `receive` on the calling thread in
/// index order, each as soon as it and every item before it are made.
///
/// Each worker is a thread of its own with state of its own (`state(worker)`, made on that
/// thread), taking the next item as it finishes the last: no worker waits for another at a
/// boundary between batches, and the caller's `receive` (writing a report) runs beside the
/// workers rather than between their rounds. A worker stays at most `window` items ahead of
/// `receive`, so no more than `window` results are held at once.
///
/// Work inside an item may go parallel itself (`concurrentPerform` from a worker thread is not
/// nested in another one, which libdispatch would run serially).
package func orderedStream<State, T: Sendable>(
    count: Int, workers: Int, window: Int, state: @escaping @Sendable (Int) -> State, make: @escaping @Sendable (inout State, Int) -> T,
    receive: (T) -> Void
) {
    guard count > 0 else { return }
    let stream = OrderedWindow<T>(count: count, window: max(window, 1))
    let threads = (0..<max(1, min(workers, count))).map { worker in
        Background<Void> {
            var own = state(worker)
            while let index = stream.take() { stream.put(index, make(&own, index)) }
        }
    }
    for _ in 0..<count { receive(stream.next()) }
    for thread in threads { thread.result() }
}

/// The items of ``orderedStream(count:workers:window:state:make:receive:)`` between its workers
/// and its caller.
private final class OrderedWindow<T: Sendable>: @unchecked Sendable {
    // Every stored property but the two constants is read and written under `condition`.
    private let condition = NSCondition()
    private let count: Int
    private let window: Int
    /// Items handed to workers so far.
    private var handedOut = 0
    /// Items handed to the caller so far.
    private var delivered = 0
    /// Items made and not yet delivered, by index.
    private var made: [Int: T] = [:]

    init(count: Int, window: Int) {
        self.count = count
        self.window = window
    }

    /// The next item to make, once it is within `window` of the next to deliver; nil when every
    /// item has been handed out.
    func take() -> Int? {
        condition.lock()
        defer { condition.unlock() }
        while handedOut < count, handedOut >= delivered + window { condition.wait() }
        guard handedOut < count else { return nil }
        handedOut += 1
        return handedOut - 1
    }

    /// Item `index`, made.
    func put(_ index: Int, _ value: T) {
        condition.lock()
        made[index] = value
        condition.broadcast()
        condition.unlock()
    }

    /// The next item in index order, once made. The item has always been handed out (the window
    /// is at least one), so some worker is making it.
    func next() -> T {
        condition.lock()
        defer { condition.unlock() }
        while made[delivered] == nil { condition.wait() }
        let value = made.removeValue(forKey: delivered)!
        delivered += 1
        condition.broadcast()
        return value
    }
}
