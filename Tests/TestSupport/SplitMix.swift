/// A small deterministic random generator (SplitMix64), so a property test that fails can be
/// replayed from its seed.
public struct SplitMix: RandomNumberGenerator {
    /// The state; the seed to start from.
    public var state: UInt64

    /// Starts from `state`.
    public init(state: UInt64) {
        self.state = state
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in 0...1, in millionths.
    public mutating func unit() -> Double { Double(next() % 1_000_001) / 1_000_000 }

    /// A number in `range`.
    public mutating func int(_ range: ClosedRange<Int>) -> Int { range.lowerBound + Int(next() % UInt64(range.count)) }

    /// One of `items`.
    public mutating func pick<T>(_ items: [T]) -> T { items[int(0...(items.count - 1))] }
}
