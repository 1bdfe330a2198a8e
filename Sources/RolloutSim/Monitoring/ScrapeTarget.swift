import PromQL

/// One pod as a Prometheus scrape target: its labels, its place in the scrape interval and the
/// series it has written.
struct ScrapeTarget: Sendable {
    /// The rendered `targetLabels`, sorted by name; labels whose value renders empty are dropped,
    /// as Prometheus drops empty labels.
    let labels: [Label]
    /// Where in each interval this target is scraped: slots are at `offsetMs + k·interval`.
    let offsetMs: Int64
    /// A scrape is pending in the world's queue.
    var isScheduled = false
    /// Series written since the last staleness markers.
    var hasLiveSeries = false
    /// Created at the first scrape.
    var series: PodSeriesIDs?
}

/// The series one pod exposes, resolved once to storage ids.
struct PodSeriesIDs: Sendable {
    var ok: SeriesID
    var serverErrors: SeriesID
    /// `code="503"` appears only once the pod has shed a request, as a client library creates a
    /// labelled child on first use.
    var shed: SeriesID?
    var buckets: [SeriesID]
    var sum: SeriesID
    var count: SeriesID
    /// Prometheus' own `up` series for the target (1 at every successful scrape).
    var up: SeriesID

    var all: [SeriesID] {
        [ok, serverErrors] + (shed.map { [$0] } ?? []) + buckets + [sum, count, up]
    }
}

/// Scrape timing, as Prometheus spreads targets over the interval.
enum TargetOffsets {
    /// `scrape.Target.offset`: hash of the target's labels modulo the interval. Prometheus uses
    /// xxhash of the label set; we use `StableHash` (FNV-1a 64) over `name 0xff value 0xff` for every
    /// label in order (the separator `labels.Hash` uses), so the offset is the same in every run.
    static func offsetMs(labels: [Label], intervalMs: Int64) -> Int64 {
        var hash = StableHash()
        for label in labels {
            hash.combine(bytes: label.name.utf8)
            hash.combine(byte: 0xff)
            hash.combine(bytes: label.value.utf8)
            hash.combine(byte: 0xff)
        }
        return Int64(hash.value % UInt64(intervalMs))
    }

    /// The offset of a rule group (`rules.Group.EvalTimestamp` hashes the group's name and file).
    static func offsetMs(groupName: String, file: String, intervalMs: Int64) -> Int64 {
        var hash = StableHash()
        hash.combine(bytes: file.utf8)
        hash.combine(byte: 0xff)
        hash.combine(bytes: groupName.utf8)
        return Int64(hash.value % UInt64(intervalMs))
    }

    /// The first slot `offset + k·interval` at or after `t`.
    static func nextSlot(atOrAfter t: VirtualTime, offsetMs: Int64, intervalMs: Int64) -> VirtualTime {
        let delta = t.milliseconds - offsetMs
        // Ceiling division that is right for negative times (the history before t=0).
        var k = delta / intervalMs
        if k * intervalMs < delta { k += 1 }
        return VirtualTime(milliseconds: offsetMs + k * intervalMs)
    }
}

/// Prometheus' text for bucket bounds (`le`): client_golang's `expfmt` writes them with
/// `strconv.AppendFloat(v, 'g', -1, 64)`: the shortest digits that round-trip, in exponent form
/// when the decimal exponent is below −4 or at least 6 (`eprec = 6` for the shortest form):
/// "0.005", "1", "2.5", "1e-05", "1e+06", "+Inf".
enum BucketBound {
    static func text(_ value: Double) -> String {
        if value == .infinity { return "+Inf" }
        if value == -.infinity { return "-Inf" }
        if value.isNaN { return "NaN" }
        if value == 0 { return "0" }
        // Shortest round-trip digits from Swift, then laid out the Go way.
        let (negative, digits, pointPosition) = decimalDigits(of: value)
        let exponent = pointPosition - 1
        var text = negative ? "-" : ""
        if exponent < -4 || exponent >= 6 {
            text += String(digits.first!)
            if digits.count > 1 { text += "." + String(digits.dropFirst()) }
            text += "e" + (exponent < 0 ? "-" : "+")
            let magnitude = String(abs(exponent))
            text += magnitude.count < 2 ? "0" + magnitude : magnitude
        } else if pointPosition <= 0 {
            text += "0." + String(repeating: "0", count: -pointPosition) + String(digits)
        } else if pointPosition >= digits.count {
            text += String(digits) + String(repeating: "0", count: pointPosition - digits.count)
        } else {
            text += String(digits.prefix(pointPosition)) + "." + String(digits.dropFirst(pointPosition))
        }
        return text
    }

    /// The shortest decimal digits of `value` (no leading or trailing zeros) and where the point
    /// goes: value = 0.d₁d₂… × 10^pointPosition.
    static func decimalDigits(of value: Double) -> (negative: Bool, digits: [Character], pointPosition: Int) {
        var text = String(describing: abs(value))   // "0.005", "2.5", "1e-05", "1.5e+20"
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            exponent = Int(text[text.index(after: e)...])!
            text = String(text[..<e])
        }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        let integer = Array(parts[0]), fraction = parts.count > 1 ? Array(parts[1]) : []
        var digits = integer + fraction
        var point = integer.count + exponent
        while digits.first == "0" { digits.removeFirst(); point -= 1 }
        while digits.last == "0" { digits.removeLast() }
        return (value < 0, digits, point)
    }
}
