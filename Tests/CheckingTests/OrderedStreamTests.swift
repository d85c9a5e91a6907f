import Foundation
import Parallel
import Testing

/// The stream under a directory check: items made on several workers reach the caller in
/// order, and no worker runs further ahead of the caller than the window allows.
@Suite("Ordered stream of parallel work")
struct OrderedStreamTests {
    /// How many items have been started, shared by the workers.
    final class Started: @unchecked Sendable {
        private let lock = NSLock()
        private var count = 0
        func increment() {
            lock.lock()
            count += 1
            lock.unlock()
        }
        var value: Int {
            lock.lock()
            defer { lock.unlock() }
            return count
        }
    }

    @Test func itemsArriveInOrderAndWorkersStayWithinTheWindow() {
        let started = Started()
        var received: [Int] = []
        var furthestAhead = 0
        orderedStream(
            count: 200, workers: 3, window: 5, state: { worker in worker },
            make: { worker, index in
                started.increment()
                // Uneven work, so that workers finish out of order.
                if index % 7 == 0 { usleep(200) }
                return (index, worker)
            },
            receive: { item in
                received.append(item.0)
                // Items started beyond those received so far, this one included.
                furthestAhead = max(furthestAhead, started.value - received.count)
            })
        #expect(received == Array(0..<200))
        #expect(furthestAhead <= 5, "at most a window's worth of items is made ahead of the caller")
        #expect(furthestAhead > 0, "the workers do run ahead of the caller")
    }

    @Test func eachWorkerKeepsItsOwnState() {
        var workersSeen = Set<Int>()
        orderedStream(
            count: 50, workers: 2, window: 4, state: { worker in [worker] },
            make: { state, index in
                state.append(index)
                return state[0]
            },
            receive: { workersSeen.insert($0) })
        #expect(workersSeen.isSubset(of: [0, 1]))
    }

    @Test func nothingToMakeReceivesNothing() {
        var calls = 0
        orderedStream(count: 0, workers: 4, window: 8, state: { $0 }, make: { _, index in index }, receive: { _ in calls += 1 })
        #expect(calls == 0)
    }
}
