// time() and the calendar functions (Prometheus functions.go `funcTime`, `dateWrapper`), in UTC.

let timeFunctions: [String: InstantFunction] = [
    // time() -> scalar: the evaluation time in seconds.
    "time": { call in .scalar(Double(call.evalTs) / 1000) },
    "minute": dateFunction { $0.minute },
    "hour": dateFunction { $0.hour },
    "day_of_week": dateFunction { $0.weekday },
    "day_of_month": dateFunction { $0.day },
    "day_of_year": dateFunction { $0.dayOfYear },
    "days_in_month": dateFunction { $0.daysInMonth },
    "month": dateFunction { $0.month },
    "year": dateFunction { $0.year },
]

/// Without an argument: the evaluation time (whole seconds) as a one-element vector `{}`.
/// With one: each element's value read as Unix seconds (truncated), name dropped.
func dateFunction(_ f: @escaping @Sendable (CivilTime) -> Int64) -> InstantFunction {
    return { call in
        if call.args.isEmpty {
            return .vector([Sample(labels: .empty, timestampMs: call.evalTs,
                                   value: Double(f(CivilTime(unixSeconds: call.evalTs / 1000))))])
        }
        return .vector(call.vector(0).map {
            let seconds: Int64 = ($0.value.isFinite && abs($0.value) < 9.2e18) ? Int64($0.value) : Int64.min
            return Sample(labels: $0.labels.droppingMetricName(), timestampMs: call.evalTs,
                          value: Double(f(CivilTime(unixSeconds: seconds))))
        })
    }
}

/// A UTC calendar breakdown of Unix seconds (proleptic Gregorian, as Go's `time`).
struct CivilTime {
    let year: Int64, month: Int64, day: Int64, hour: Int64, minute: Int64, weekday: Int64, dayOfYear: Int64

    init(unixSeconds: Int64) {
        let s = unixSeconds == Int64.min ? Int64.min / 2 : unixSeconds
        var days = s / 86_400
        var secondsOfDay = s % 86_400
        if secondsOfDay < 0 { secondsOfDay += 86_400; days -= 1 }
        hour = secondsOfDay / 3600
        minute = (secondsOfDay % 3600) / 60
        // 1970-01-01 was a Thursday (4).
        weekday = ((days % 7) + 11) % 7
        // Civil-from-days (Howard Hinnant's algorithm).
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        day = doy - (153 * mp + 2) / 5 + 1
        month = mp < 10 ? mp + 3 : mp - 9
        year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let cumulative: [Int64] = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334]
        dayOfYear = cumulative[Int(month - 1)] + day + (leap && month > 2 ? 1 : 0)
    }

    var daysInMonth: Int64 {
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        switch month {
        case 2: return leap ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}
