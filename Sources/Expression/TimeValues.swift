/// A point in time: seconds and nanoseconds since the Unix epoch, UTC.
public struct Timestamp: Sendable, Hashable, Comparable {
    /// Whole seconds since 1970-01-01T00:00:00Z.
    public var seconds: Int64
    /// Nanoseconds, 0 ..< 1e9.
    public var nanos: Int32

    /// The range CEL allows: years 0001 to 9999.
    public static let minSeconds: Int64 = -62_135_596_800
    /// 9999-12-31T23:59:59Z.
    public static let maxSeconds: Int64 = 253_402_300_799

    /// Creates a timestamp; returns `nil` outside CEL's range.
    public init?(seconds: Int64, nanos: Int32 = 0) {
        var s = seconds
        var n = nanos
        if n < 0 {
            s -= 1
            n += 1_000_000_000
        }
        guard s >= Self.minSeconds, s <= Self.maxSeconds else { return nil }
        self.seconds = s
        self.nanos = n
    }

    public static func < (a: Timestamp, b: Timestamp) -> Bool {
        (a.seconds, a.nanos) < (b.seconds, b.nanos)
    }
}

/// A signed span of time.
public struct Duration: Sendable, Hashable, Comparable {
    /// Whole seconds (sign of the duration).
    public var seconds: Int64
    /// Nanoseconds with the same sign as `seconds`, |nanos| < 1e9.
    public var nanos: Int32

    /// CEL limits durations to about ±10,000 years.
    public static let maxSeconds: Int64 = 315_576_000_000

    /// Creates a duration from total nanoseconds split into parts; `nil` when out of range.
    public init?(seconds: Int64, nanos: Int32 = 0) {
        var s = seconds
        var n = nanos
        s += Int64(n / 1_000_000_000)
        n %= 1_000_000_000
        if s > 0 && n < 0 {
            s -= 1
            n += 1_000_000_000
        } else if s < 0 && n > 0 {
            s += 1
            n -= 1_000_000_000
        }
        guard abs(s) <= Self.maxSeconds else { return nil }
        self.seconds = s
        self.nanos = n
    }

    /// Total nanoseconds as a double (for ordering and conversions).
    var totalNanos: Double { Double(seconds) * 1e9 + Double(nanos) }

    public static func < (a: Duration, b: Duration) -> Bool {
        (a.seconds, a.nanos) < (b.seconds, b.nanos)
    }
}
