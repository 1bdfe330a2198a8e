/// A point on the simulation's virtual clock: integer milliseconds since t=0 (the scenario start).
/// Times before t=0 (the stable version's history) are negative.
public struct VirtualTime: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var milliseconds: Int64

    public init(milliseconds: Int64) {
        self.milliseconds = milliseconds
    }

    public static let zero = VirtualTime(milliseconds: 0)

    public static func < (lhs: VirtualTime, rhs: VirtualTime) -> Bool {
        lhs.milliseconds < rhs.milliseconds
    }

    public static func + (lhs: VirtualTime, rhs: SimDuration) -> VirtualTime {
        VirtualTime(milliseconds: lhs.milliseconds + rhs.milliseconds)
    }

    public static func - (lhs: VirtualTime, rhs: SimDuration) -> VirtualTime {
        VirtualTime(milliseconds: lhs.milliseconds - rhs.milliseconds)
    }

    public static func - (lhs: VirtualTime, rhs: VirtualTime) -> SimDuration {
        SimDuration(milliseconds: lhs.milliseconds - rhs.milliseconds)
    }

    /// Truncated to whole seconds, as Kubernetes persists status timestamps (reference §1.3).
    public var truncatedToSecond: VirtualTime {
        VirtualTime(milliseconds: milliseconds - ((milliseconds % 1000) + 1000) % 1000)
    }

    /// `t=1m30s` style: the offset from the scenario start.
    public var description: String {
        milliseconds < 0
            ? "-" + SimDuration(milliseconds: -milliseconds).description
            : SimDuration(milliseconds: milliseconds).description
    }
}
