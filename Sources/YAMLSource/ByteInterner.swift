import Foundation

/// Ids of distinct short byte strings, found from the bytes libyaml hands over, before any
/// `String` is made: the loader interns every mapping key and short string scalar, and making a
/// `String` of each and hashing it with `Hasher` (SipHash) was a fifth of building a tree.
///
/// Open addressing over a power-of-two table, at most half full, with a hash that reads eight
/// bytes at a time, seeded once per process. A probe sequence never runs longer than ``longestProbe``:
/// an entry that would need more goes to an ordinary (SipHash) dictionary instead, so bytes
/// chosen to collide cost what they cost before, never a quadratic load.
struct ByteInterner {
    /// Entry index + 1 in each slot; 0 for an empty slot.
    private var slots: [UInt32]
    private var mask: Int
    /// Per entry, in insertion order: its hash, where its bytes end in ``arena``, and its id.
    private var hashes: [UInt64] = []
    private var ends: [UInt32] = []
    private var ids: [UInt32] = []
    private var arena: [UInt8] = []
    /// Entries whose probe would have run past ``longestProbe``.
    private var overflow: [[UInt8]: UInt32] = [:]
    private let seed: UInt64
    /// The longest probe sequence (32 slots; tests shorten it to reach the overflow path).
    let longestProbe: Int

    init(capacity: Int = 256, longestProbe: Int = 32) {
        self.longestProbe = longestProbe
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = Array(repeating: 0, count: size)
        mask = size - 1
        seed = Self.processSeed
    }

    /// The seed of every table of the process: unknown outside it, which is what keeps chosen
    /// bytes from colliding on purpose. Drawn once: drawn for each table, it was a system call
    /// for each of the seventy trees compiling a policy pack makes.
    private static let processSeed = UInt64.random(in: 0...UInt64.max)

    /// The id of `bytes`; bytes not seen before get `next`, and `isNew`.
    mutating func id(of bytes: UnsafeRawBufferPointer, next: UInt32) -> (id: UInt32, isNew: Bool) {
        let hash = Self.hash(bytes, seed: seed)
        let found = probe(bytes, hash: hash)
        if let id = found.id { return (id, false) }
        if let slot = found.freeSlot {
            insert(bytes, hash: hash, id: next, at: slot)
        } else {
            overflow[[UInt8](bytes)] = next
        }
        return (next, true)
    }

    /// The id of `bytes` if interned, without interning them.
    func existingID(of bytes: UnsafeRawBufferPointer) -> UInt32? {
        probe(bytes, hash: Self.hash(bytes, seed: seed)).id
    }

    /// Where `bytes` are: their id, or else the empty slot their probe sequence reached (nil when
    /// it ran past ``longestProbe``, where new bytes go to the overflow dictionary).
    @inline(__always) private func probe(_ bytes: UnsafeRawBufferPointer, hash: UInt64) -> (id: UInt32?, freeSlot: Int?) {
        var slot = Int(truncatingIfNeeded: hash) & mask
        for _ in 0..<longestProbe {
            let entry = Int(slots[slot])
            // Bytes moved aside when the table grew are not in it any more.
            if entry == 0 { return (overflow.isEmpty ? nil : overflow[[UInt8](bytes)], slot) }
            if hashes[entry - 1] == hash, equals(entry - 1, bytes) { return (ids[entry - 1], nil) }
            slot = (slot + 1) & mask
        }
        return (overflow[[UInt8](bytes)], nil)
    }

    private func equals(_ entry: Int, _ bytes: UnsafeRawBufferPointer) -> Bool {
        let start = entry == 0 ? 0 : Int(ends[entry - 1])
        let end = Int(ends[entry])
        guard end - start == bytes.count else { return false }
        return arena.withUnsafeBytes { stored in
            bytes.isEmpty || memcmp(stored.baseAddress! + start, bytes.baseAddress!, bytes.count) == 0
        }
    }

    private mutating func insert(_ bytes: UnsafeRawBufferPointer, hash: UInt64, id: UInt32, at slot: Int) {
        arena.append(contentsOf: bytes)
        hashes.append(hash)
        ends.append(UInt32(arena.count))
        ids.append(id)
        slots[slot] = UInt32(ids.count)
        if ids.count * 2 > slots.count { grow() }
    }

    /// Doubles the table and places every entry again; one that would now probe too far joins
    /// the overflow dictionary (its id unchanged).
    private mutating func grow() {
        slots = Array(repeating: 0, count: slots.count * 2)
        mask = slots.count - 1
        for entry in hashes.indices {
            var slot = Int(truncatingIfNeeded: hashes[entry]) & mask
            var placed = false
            for _ in 0..<longestProbe {
                if slots[slot] == 0 {
                    slots[slot] = UInt32(entry + 1)
                    placed = true
                    break
                }
                slot = (slot + 1) & mask
            }
            if !placed {
                let start = entry == 0 ? 0 : Int(ends[entry - 1])
                overflow[Array(arena[start..<Int(ends[entry])])] = ids[entry]
            }
        }
    }

    /// A multiply–xorshift hash of eight bytes at a time, seeded.
    @inline(__always) static func hash(_ bytes: UnsafeRawBufferPointer, seed: UInt64) -> UInt64 {
        var h = seed ^ (UInt64(bytes.count) &* 0x9E37_79B9_7F4A_7C15)
        var i = 0
        while i + 8 <= bytes.count {
            h = (h ^ bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0xFF51_AFD7_ED55_8CCD
            h ^= h >> 32
            i += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while i < bytes.count {
            tail |= UInt64(bytes[i]) << shift
            shift += 8
            i += 1
        }
        h = (h ^ tail) &* 0xC4CE_B9FE_1A85_EC53
        return h ^ (h >> 29)
    }
}
