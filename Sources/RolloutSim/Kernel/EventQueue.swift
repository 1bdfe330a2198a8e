/// The simulation's pending events, ordered by ``EventKey`` (virtual time, then
/// scheduling order).
///
/// An array-backed binary min-heap of our own, so that tie-breaking and cost are
/// under our control. Cancellation is lazy: a cancelled event stays in the heap
/// as a tombstone until it reaches the root, where it is dropped. The root is
/// never a tombstone, so ``peekTime`` needs no mutation.
///
///     var queue = EventQueue<String>()
///     let timer = queue.schedule("resync", at: VirtualTime(milliseconds: 900_000))
///     queue.schedule("scrape", at: VirtualTime(milliseconds: 15_000))
///     queue.cancel(timer)
///     queue.popNext()?.payload  // "scrape"
///
/// Time never goes backwards: once an event at time `t` has been popped, nothing
/// may be scheduled before `t`. That rule is what lets ``cancel(_:)`` tell a
/// pending event from one that already fired without keeping a set of every
/// pending key (pops are monotone, so every key at or below the last popped key
/// has left the queue).
///
/// Deliberately not a `Sequence`: iteration order of a heap is meaningless, so
/// the raw contents are only available as ``unordered``.
public struct EventQueue<Payload> {
    /// One scheduled event.
    public struct Entry {
        public var key: EventKey
        public var payload: Payload

        @inlinable
        public init(key: EventKey, payload: Payload) {
            self.key = key
            self.payload = payload
        }
    }

    /// Heap-ordered storage: `_storage[i].key <= _storage[2i+1].key, _storage[2i+2].key`.
    @usableFromInline var _storage: [Entry]
    /// The sequence number the next scheduled event receives.
    @usableFromInline var _nextSeq: UInt64
    /// The key of the most recently popped live event; nil before the first pop.
    @usableFromInline var _lastPopped: EventKey?
    /// Cancelled keys above `_lastPopped`: tombstones still in `_storage`, and
    /// tombstones already dropped from the root (kept so a second `cancel` of
    /// the same key answers `false`). Never iterated in an order that matters.
    @usableFromInline var _cancelled: Set<EventKey>
    /// How many entries of `_storage` are in `_cancelled`.
    @usableFromInline var _tombstoneCount: Int
    /// `_cancelled` is pruned of keys at or below `_lastPopped` when it grows past
    /// this size; doubling it after each pruning keeps the cost amortised O(1).
    @usableFromInline var _pruneThreshold: Int

    @usableFromInline static var _minimumPruneThreshold: Int { 64 }

    /// Creates an empty queue with room for `minimumCapacity` events.
    public init(minimumCapacity: Int = 0) {
        _storage = []
        _storage.reserveCapacity(minimumCapacity)
        _nextSeq = 0
        _lastPopped = nil
        _cancelled = []
        _tombstoneCount = 0
        _pruneThreshold = Self._minimumPruneThreshold
    }

    /// The number of pending (not cancelled) events.
    ///
    /// - Complexity: O(1)
    @inlinable
    public var count: Int { _storage.count - _tombstoneCount }

    /// Whether no event is pending.
    ///
    /// - Complexity: O(1)
    @inlinable
    public var isEmpty: Bool { count == 0 }

    /// The time of the earliest pending event, or nil when the queue is empty.
    ///
    /// - Complexity: O(1)
    @inlinable
    public var peekTime: VirtualTime? { _storage.first?.key.time }

    /// The key of the earliest pending event, or nil when the queue is empty.
    ///
    /// - Complexity: O(1)
    @inlinable
    public var peekKey: EventKey? { _storage.first?.key }

    /// The key of the last event returned by ``popNext()``; nil before the first.
    /// Nothing may be scheduled before its time.
    @inlinable
    public var lastPoppedKey: EventKey? { _lastPopped }

    /// The pending events in no particular order.
    ///
    /// - Complexity: O(n)
    public var unordered: [Entry] {
        guard _tombstoneCount > 0 else { return _storage }
        return _storage.filter { !_cancelled.contains($0.key) }
    }

    /// Schedules `payload` at `time` and returns its key, which orders it after
    /// every event already scheduled for the same time.
    ///
    /// - Precondition: `time` is not before the time of the last popped event.
    /// - Complexity: O(log n)
    @inlinable
    @discardableResult
    public mutating func schedule(_ payload: Payload, at time: VirtualTime) -> EventKey {
        if let last = _lastPopped {
            precondition(
                time.milliseconds >= last.time.milliseconds,
                "EventQueue: scheduling at \(time.milliseconds)ms, before the last popped event \(last)"
            )
        }
        let key = EventKey(time: time, seq: _nextSeq)
        _nextSeq &+= 1
        _storage.append(Entry(key: key, payload: payload))
        _siftUp(from: _storage.count - 1)
        return key
    }

    /// Removes and returns the earliest pending event. Ties go to the lower
    /// sequence number, that is, to the event scheduled first.
    ///
    /// - Complexity: O(log n) amortised (dropping tombstones that surface at the
    ///   root is paid for by the `cancel` that made them).
    @inlinable
    public mutating func popNext() -> Entry? {
        guard !_storage.isEmpty else { return nil }
        let entry = _removeRoot()
        _lastPopped = entry.key
        if _tombstoneCount > 0 { _dropCancelledRoot() }
        if _cancelled.count > _pruneThreshold { _pruneCancelled() }
        return entry
    }

    /// Cancels a pending event. Returns `true` if `key` was pending, `false` if it
    /// already fired or was already cancelled (so rescheduling a timer may cancel
    /// its old key without tracking whether it fired).
    ///
    /// - Precondition: `key` was returned by this queue's ``schedule(_:at:)``.
    /// - Complexity: O(1) amortised, plus O(log n) per tombstone dropped from the root.
    @discardableResult
    public mutating func cancel(_ key: EventKey) -> Bool {
        precondition(key.seq < _nextSeq, "EventQueue: key \(key) was not issued by this queue")
        // Pops are monotone, so a key at or below the last popped one has fired.
        if let last = _lastPopped, !(last < key) { return false }
        guard _cancelled.insert(key).inserted else { return false }
        _tombstoneCount += 1
        _dropCancelledRoot()
        return true
    }
}

extension EventQueue: Sendable where Payload: Sendable {}
extension EventQueue.Entry: Sendable where Payload: Sendable {}
extension EventQueue.Entry: Equatable where Payload: Equatable {}
