/// FNV-1a, 64 bits, over UTF-8 bytes added in order: the hash of findings' fingerprints, of
/// clipped subject ids and of a policy set's digest. Stable across runs and platforms, unlike
/// Swift's `Hasher`, which is seeded per process.
package struct FNV1a {
    /// The hash of the bytes added so far.
    package private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    package init() {}

    package mutating func add(_ byte: UInt8) {
        value ^= UInt64(byte)
        value = value &* 0x100_0000_01b3
    }

    package mutating func add(_ text: String) {
        for byte in text.utf8 { add(byte) }
    }

    /// The hash as 16 lowercase hex digits, zero-padded.
    package var hex: String {
        String(unsafeUninitializedCapacity: 16) { buffer in
            for position in 0..<16 {
                let nibble = UInt8(truncatingIfNeeded: value >> UInt64(60 - 4 * position)) & 0xF
                buffer[position] = nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10
            }
            return 16
        }
    }
}
