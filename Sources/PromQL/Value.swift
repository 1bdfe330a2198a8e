// The values a query returns (Prometheus `promql/value.go`): scalar, string, instant vector, matrix.

/// Special sample values shared by storage and evaluation.
public enum PromQLConstants {
    /// Prometheus' staleness marker (`model/value/value.go`, `StaleNaN`): a NaN with a fixed bit
    /// pattern, stored like a sample but never returned as a value.
    public static let staleNaN: Double = Double(bitPattern: staleNaNBits)
    static let staleNaNBits: UInt64 = 0x7ff0_0000_0000_0002

    /// True only for the staleness marker; an ordinary NaN is a normal value.
    @inline(__always)
    public static func isStaleNaN(_ value: Double) -> Bool {
        value.bitPattern == staleNaNBits
    }
}

/// One element of an instant vector.
public struct Sample: Sendable, Equatable {
    public var labels: Labels
    public var timestampMs: Int64
    public var value: Double

    public init(labels: Labels, timestampMs: Int64, value: Double) {
        self.labels = labels
        self.timestampMs = timestampMs
        self.value = value
    }

    /// Bitwise value equality, so that NaN results compare equal in tests.
    public static func == (lhs: Sample, rhs: Sample) -> Bool {
        lhs.labels == rhs.labels && lhs.timestampMs == rhs.timestampMs
            && (lhs.value == rhs.value || (lhs.value.isNaN && rhs.value.isNaN))
    }
}

/// One point of a series in a matrix.
public struct Point: Sendable, Equatable {
    public var timestampMs: Int64
    public var value: Double

    public init(timestampMs: Int64, value: Double) {
        self.timestampMs = timestampMs
        self.value = value
    }

    public static func == (lhs: Point, rhs: Point) -> Bool {
        lhs.timestampMs == rhs.timestampMs && (lhs.value == rhs.value || (lhs.value.isNaN && rhs.value.isNaN))
    }
}

/// A labelled series of points, as in a matrix result.
public struct Series: Sendable, Equatable {
    public var labels: Labels
    public var points: [Point]

    public init(labels: Labels, points: [Point]) {
        self.labels = labels
        self.points = points
    }
}

/// The result of a query. Instant queries return any of the four; range queries return `.matrix`.
public enum QueryValue: Sendable, Equatable {
    case scalar(timestampMs: Int64, value: Double)
    case string(timestampMs: Int64, value: String)
    case vector([Sample])
    case matrix([Series])

    /// The Prometheus name of the result type (`resultType` in the HTTP API).
    public var resultType: String {
        switch self {
        case .scalar: return "scalar"
        case .string: return "string"
        case .vector: return "vector"
        case .matrix: return "matrix"
        }
    }

    public static func == (lhs: QueryValue, rhs: QueryValue) -> Bool {
        switch (lhs, rhs) {
        case let (.scalar(t1, v1), .scalar(t2, v2)):
            return t1 == t2 && (v1 == v2 || (v1.isNaN && v2.isNaN))
        case let (.string(t1, v1), .string(t2, v2)):
            return t1 == t2 && v1 == v2
        case let (.vector(a), .vector(b)):
            return a == b
        case let (.matrix(a), .matrix(b)):
            return a == b
        default:
            return false
        }
    }
}
