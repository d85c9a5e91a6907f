import Expression
import Foundation

/// Timestamp and duration accessors (`getFullYear`, `getHours`, …).
enum TimeFunctions {
    enum Accessor: String {
        case getFullYear, getMonth, getDate, getDayOfMonth, getDayOfWeek, getDayOfYear
        case getHours, getMinutes, getSeconds, getMilliseconds
    }

    static func apply(_ accessor: Accessor, _ args: [Value]) -> Value? {
        switch args.first {
        case .duration(let d)?:
            guard args.count == 1 else { return nil }
            switch accessor {
            case .getHours: return .int(d.seconds / 3600)
            case .getMinutes: return .int(d.seconds / 60)
            case .getSeconds: return .int(d.seconds)
            case .getMilliseconds: return .int(d.seconds * 1000 + Int64(d.nanos) / 1_000_000)
            default: return nil
            }
        case .timestamp(let t)?:
            var offset: Int64 = 0
            if args.count == 2 {
                guard case .string(let zone) = args[1] else { return nil }
                guard let seconds = offsetSeconds(zone, at: t) else { return .error(EvalError("unknown time zone '\(zone)'")) }
                offset = seconds
            } else if args.count != 1 {
                return nil
            }
            let local = t.seconds + offset
            let days = TimeFormat.floorDiv(local, 86_400)
            let secondsOfDay = local - days * 86_400
            let (year, month, day) = TimeFormat.civil(fromDays: days)
            switch accessor {
            case .getFullYear: return .int(year)
            case .getMonth: return .int(month - 1)
            case .getDate: return .int(day)
            case .getDayOfMonth: return .int(day - 1)
            case .getDayOfWeek: return .int(((days % 7) + 11) % 7)
            case .getDayOfYear: return .int(days - TimeFormat.days(year: year, month: 1, day: 1))
            case .getHours: return .int(secondsOfDay / 3600)
            case .getMinutes: return .int(secondsOfDay % 3600 / 60)
            case .getSeconds: return .int(secondsOfDay % 60)
            case .getMilliseconds: return .int(Int64(t.nanos) / 1_000_000)
            }
        default:
            return nil
        }
    }

    /// `UTC`, `+01:00`, `-05:30`, or an IANA zone name.
    static func offsetSeconds(_ zone: String, at t: Timestamp) -> Int64? {
        if zone == "UTC" || zone == "Z" { return 0 }
        let b = Array(zone.utf8)
        if b.count == 6, b[0] == 43 || b[0] == 45, b[3] == 58, let h = Int64(String(zone.dropFirst().prefix(2))), let m = Int64(String(zone.suffix(2))) {
            return (h * 3600 + m * 60) * (b[0] == 43 ? 1 : -1)
        }
        guard let tz = TimeZone(identifier: zone) else { return nil }
        return Int64(tz.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(t.seconds))))
    }
}
