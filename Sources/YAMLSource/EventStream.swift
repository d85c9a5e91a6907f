internal import CYaml
import Foundation

/// libyaml's events copied out of libyaml into Swift storage, a batch at a time, so that the
/// parsing and the building of the tree can run on two threads.
///
/// libyaml's scanner and parser are half of a load and the tree builder the other half; on a
/// large file the two overlap (``EventPipe``). Only what ``TreeBuilder`` reads is kept: the start
/// mark, a scalar's text and style, and the rare anchor or tag.
struct EventBatch {
    /// One event.
    struct Event {
        var type: yaml_event_type_t
        var mark: Mark
        /// A scalar's text in ``EventBatch/bytes`` (a single scalar may be larger than 2 GB when
        /// the size limit is raised, so not 32 bits).
        var text: Range<Int> = 0..<0
        var style: yaml_scalar_style_t = YAML_ANY_SCALAR_STYLE
        /// Index of an anchor (a scalar's or collection's, or an alias's target) in ``EventBatch/names``, or -1.
        var anchor: Int32 = -1
        /// Index of a scalar's tag in ``EventBatch/names``, or -1.
        var tag: Int32 = -1
        /// A collection written in flow style (`[…]`, `{…}`) rather than block style.
        var isFlow = false
    }

    /// About 2,000 events, or 256 KB of scalar text, a batch: large enough that handing one
    /// over costs nothing measurable, small enough to stay in cache.
    static let eventCapacity = 2048
    static let byteCapacity = 256 << 10

    var events: [Event] = []
    var bytes: [UInt8] = []
    var names: [String] = []
    /// Set on the batch that ends the stream because libyaml failed; the stream-end event ends a
    /// stream that did not.
    var failure: ParserFailure?
    /// The stream is over: no batch follows this one.
    var isLast = false

    init() {
        events.reserveCapacity(Self.eventCapacity)
        bytes.reserveCapacity(Self.byteCapacity + 4096)
    }

    mutating func clear() {
        events.removeAll(keepingCapacity: true)
        bytes.removeAll(keepingCapacity: true)
        names.removeAll(keepingCapacity: true)
        failure = nil
        isLast = false
    }

    var isFull: Bool { events.count >= Self.eventCapacity || bytes.count >= Self.byteCapacity }

    /// `body` applied to the bytes of `event`'s text (a scalar's value or key).
    func withText<T>(_ event: Event, _ body: (UnsafeRawBufferPointer) -> T) -> T {
        bytes.withUnsafeBytes { body(UnsafeRawBufferPointer(rebasing: $0[event.text])) }
    }

    func name(_ index: Int32) -> String? {
        index < 0 ? nil : names[Int(index)]
    }

    private mutating func keep(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> Int32 {
        guard let pointer else { return -1 }
        names.append(String(cString: pointer))
        return Int32(names.count - 1)
    }

    /// Copies what the tree builder needs from `event`.
    mutating func append(_ event: yaml_event_t) {
        var copied = Event(type: event.type, mark: Mark(line: Int(event.start_mark.line) + 1, column: Int(event.start_mark.column) + 1))
        switch event.type {
        case YAML_SCALAR_EVENT:
            let data = event.data.scalar
            let start = bytes.count
            if let value = data.value, data.length > 0 { bytes.append(contentsOf: UnsafeBufferPointer(start: value, count: data.length)) }
            copied.text = start..<bytes.count
            copied.style = data.style
            copied.anchor = keep(data.anchor)
            copied.tag = keep(data.tag)
        case YAML_SEQUENCE_START_EVENT:
            copied.anchor = keep(event.data.sequence_start.anchor)
            copied.isFlow = event.data.sequence_start.style == YAML_FLOW_SEQUENCE_STYLE
        case YAML_MAPPING_START_EVENT:
            copied.anchor = keep(event.data.mapping_start.anchor)
            copied.isFlow = event.data.mapping_start.style == YAML_FLOW_MAPPING_STYLE
        case YAML_ALIAS_EVENT:
            copied.anchor = keep(event.data.alias.anchor)
        default:
            break
        }
        events.append(copied)
    }
}

/// Why libyaml stopped, copied from its parser before the parser is freed.
struct ParserFailure {
    /// libyaml's problem text.
    var problem: String
    /// A reader error (encoding) has a byte offset, not a mark.
    var isReaderError: Bool
    var problemOffset: Int
    var problemMark: Mark
    /// What libyaml was parsing, and where it started.
    var context: String?
    var contextMark: Mark

    static let allocation = ParserFailure(
        problem: "libyaml could not allocate a parser", isReaderError: false, problemOffset: 0, problemMark: Mark(line: 1, column: 1), context: nil,
        contextMark: Mark(line: 1, column: 1))
}

/// A libyaml parser over one input, filling ``EventBatch``es. It lives on the heap: libyaml
/// keeps pointers into its own state between calls.
final class EventProducer {
    private let parser: UnsafeMutablePointer<yaml_parser_t>
    private let initialized: Bool
    /// What libyaml is given for an empty text, which it wants a pointer to.
    private let empty = UnsafeMutablePointer<UInt8>.allocate(capacity: 1)
    private var finished = false

    /// Where libyaml reads from: text in memory, or a file it reads in chunks.
    enum Input {
        case bytes(UnsafeBufferPointer<UInt8>)
        case file(FileReader)
    }

    /// The input must outlive the producer.
    init(_ input: Input) {
        parser = .allocate(capacity: 1)
        parser.initialize(to: yaml_parser_t())
        initialized = yaml_parser_initialize(parser) == 1
        guard initialized else { return }
        switch input {
        case .bytes(let bytes):
            empty.initialize(to: 0)
            yaml_parser_set_input_string(parser, bytes.baseAddress ?? UnsafePointer(empty), bytes.count)
        case .file(let reader):
            yaml_parser_set_input(parser, readChunk, Unmanaged.passUnretained(reader).toOpaque())
        }
    }

    deinit {
        if initialized { yaml_parser_delete(parser) }
        parser.deallocate()
        empty.deallocate()
    }

    /// Fills `batch` (cleared first) with the next events; the last batch is marked.
    func fill(_ batch: inout EventBatch) {
        batch.clear()
        guard initialized else {
            batch.failure = .allocation
            batch.isLast = true
            return
        }
        guard !finished else {
            batch.isLast = true
            return
        }
        var event = yaml_event_t()
        while !batch.isFull {
            guard yaml_parser_parse(parser, &event) == 1 else {
                batch.failure = failure()
                batch.isLast = true
                finished = true
                return
            }
            batch.append(event)
            let end = event.type == YAML_STREAM_END_EVENT
            yaml_event_delete(&event)
            if end {
                batch.isLast = true
                finished = true
                return
            }
        }
    }

    private func failure() -> ParserFailure {
        let p = parser.pointee
        func mark(_ m: yaml_mark_t) -> Mark { Mark(line: Int(m.line) + 1, column: Int(m.column) + 1) }
        return ParserFailure(
            problem: p.problem.map { String(cString: $0) } ?? "unknown error", isReaderError: p.error == YAML_READER_ERROR, problemOffset: Int(p.problem_offset),
            problemMark: mark(p.problem_mark), context: p.context.map { String(cString: $0) }, contextMark: mark(p.context_mark))
    }
}

/// Batches handed from a producer thread to the tree builder: at most two wait, and emptied ones
/// go back to be refilled, so a load of any size holds a handful of batches.
final class EventPipe: @unchecked Sendable {
    // Every field is read and written under `condition`'s lock.
    private let condition = NSCondition()
    private var ready: [EventBatch] = []
    private var spare: [EventBatch] = []
    private var producing = true
    private var stopped = false

    /// Starts a thread that makes a producer with `makeProducer` and fills batches with it until
    /// the stream ends or the consumer stops.
    func start(_ makeProducer: @escaping @Sendable () -> EventProducer) {
        let thread = Thread { [self] in
            let producer = makeProducer()
            while true {
                var batch = takeSpare()
                producer.fill(&batch)
                let last = batch.isLast
                guard put(batch), !last else { break }
            }
            condition.lock()
            producing = false
            condition.broadcast()
            condition.unlock()
        }
        // libyaml's parser recurses little, but a Swift thread's default stack is small.
        thread.stackSize = 1 << 20
        thread.start()
    }

    private func takeSpare() -> EventBatch {
        condition.lock()
        defer { condition.unlock() }
        return spare.popLast() ?? EventBatch()
    }

    /// Hands a filled batch over; false when the consumer has stopped.
    private func put(_ batch: EventBatch) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while ready.count >= 2, !stopped { condition.wait() }
        guard !stopped else { return false }
        ready.append(batch)
        condition.broadcast()
        return true
    }

    /// The next filled batch, or nil when the producer has ended.
    func take() -> EventBatch? {
        condition.lock()
        defer { condition.unlock() }
        while ready.isEmpty, producing { condition.wait() }
        guard !ready.isEmpty else { return nil }
        let batch = ready.removeFirst()
        condition.broadcast()
        return batch
    }

    /// Gives a consumed batch back for refilling.
    func recycle(_ batch: EventBatch) {
        condition.lock()
        defer { condition.unlock() }
        spare.append(batch)
    }

    /// Stops the producer and waits for it to end: the input it reads belongs to the caller.
    func finish() {
        condition.lock()
        defer { condition.unlock() }
        stopped = true
        ready.removeAll()
        condition.broadcast()
        while producing { condition.wait() }
    }
}

/// libyaml's read handler for a ``FileReader``: 1 with `sizeRead` bytes (0 at the end), or 0 on
/// failure.
private func readChunk(_ data: UnsafeMutableRawPointer?, _ buffer: UnsafeMutablePointer<UInt8>?, _ size: Int, _ sizeRead: UnsafeMutablePointer<Int>?) -> Int32 {
    guard let data, let buffer, let sizeRead else { return 0 }
    return Unmanaged<FileReader>.fromOpaque(data).takeUnretainedValue().read(into: buffer, size: size, sizeRead: sizeRead)
}
