/// The position of an event in the simulation's total order: virtual time first,
/// then the queue's own sequence number.
///
/// Two events at the same virtual time run in the order they were scheduled,
/// because the sequence number is the queue's insertion counter. That is what
/// makes a run reproducible without relying on the heap's internal layout
/// (SwiftNIO's `EmbeddedEventLoop` orders by `(readyTime, insertOrder)` for the
/// same reason).
public struct EventKey: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// When the event fires.
    public var time: VirtualTime
    /// The queue's insertion counter at scheduling time; unique per queue.
    public var seq: UInt64

    @inlinable
    public init(time: VirtualTime, seq: UInt64) {
        self.time = time
        self.seq = seq
    }

    @inlinable
    public static func < (lhs: EventKey, rhs: EventKey) -> Bool {
        // Compare the stored milliseconds directly so the comparison inlines
        // into the heap's sift loops.
        if lhs.time.milliseconds != rhs.time.milliseconds {
            return lhs.time.milliseconds < rhs.time.milliseconds
        }
        return lhs.seq < rhs.seq
    }

    public var description: String {
        "\(time.milliseconds)ms#\(seq)"
    }
}
