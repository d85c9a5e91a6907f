import Foundation

/// `body(0) … body(count - 1)`, on every core when `parallel`, results in index order.
///
/// Compiling rules, evaluating them over a snapshot and scoring teams are independent pieces of
/// work over immutable data, so they spread across cores; small inputs stay on one thread, where
/// dispatch costs more than it saves.
package func concurrentMap<T: Sendable>(count: Int, parallel: Bool, _ body: @Sendable (Int) -> T) -> [T] {
    guard parallel else { return (0..<count).map(body) }
    let slots = Slots<T>(count: count)
    DispatchQueue.concurrentPerform(iterations: count) { index in
        slots.store(index, body(index))
    }
    return slots.values.map { $0! }
}

/// Results written from concurrent workers, one slot each.
private final class Slots<T: Sendable>: @unchecked Sendable {
    // Each index is written by exactly one worker, under the lock, and read after all finish.
    var values: [T?]
    private let lock = NSLock()

    init(count: Int) {
        values = Array(repeating: nil, count: count)
    }

    func store(_ index: Int, _ value: T) {
        lock.lock()
        defer { lock.unlock() }
        values[index] = value
    }
}

/// Part `part` of `0..<count` cut into `parts` ranges of nearly equal length, in order: the
/// slices that `concurrentMap` hands to each task when a long list is worked on in parts.
package func partRange(_ part: Int, of parts: Int, count: Int) -> Range<Int> {
    count * part / parts..<count * (part + 1) / parts
}

/// The numbers `0..<count`, each handed out once, in order, to whichever worker asks next: for
/// workers that keep state of their own across the items they take (`concurrentMap` hands each
/// index to a task that keeps nothing).
package final class WorkQueue: @unchecked Sendable {
    // `next` is read and written under the lock.
    private let lock = NSLock()
    private var next = 0
    private let count: Int

    /// A queue of the items `0..<count`.
    package init(count: Int) {
        self.count = count
    }

    /// The next item, or nil once every item has been handed out.
    package func take() -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard next < count else { return nil }
        next += 1
        return next - 1
    }
}

/// An array of `count` elements, element `i` made by `element(i)`: on every core when
/// `parallel`, each part of the indices made in place in the array's own storage.
///
/// For a long array of large values: ``concurrentMap(count:parallel:_:)`` over parts, joined,
/// copied every element once more (for a value of a dozen references, a dozen counts up and as
/// many down, on one core).
package func concurrentArray<T: Sendable>(count: Int, parallel: Bool, _ element: @Sendable (Int) -> T) -> [T] {
    guard parallel, count > 1 else { return (0..<count).map(element) }
    let parts = min(count, ProcessInfo.processInfo.activeProcessorCount * 4)
    return [T](unsafeUninitializedCapacity: count) { buffer, initialized in
        let storage = Storage(buffer.baseAddress!)
        DispatchQueue.concurrentPerform(iterations: parts) { part in
            for index in partRange(part, of: parts, count: count) { (storage.base + index).initialize(to: element(index)) }
        }
        initialized = count
    }
}

/// The array's storage, handed to the workers: each writes only the indices of its own part,
/// and all have finished before the array is read.
private struct Storage<T>: @unchecked Sendable {
    let base: UnsafeMutablePointer<T>
    init(_ base: UnsafeMutablePointer<T>) { self.base = base }
}
