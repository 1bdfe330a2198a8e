import Testing
@testable import RolloutSim

/// Goal: the heap with lazy cancellation behaves exactly like a sorted array.
/// Method: for each seed, a random mix of schedule / pop / cancel (of pending,
/// fired and already-cancelled keys) runs on both; every result, count and
/// peek must agree, and the heap's invariants must hold after every step.
@Suite("EventQueue model")
struct EventQueuePropertyTests {
    /// The reference: pending (key, payload) pairs kept sorted by key.
    struct SortedModel {
        var pending: [(key: EventKey, payload: Int)] = []

        mutating func insert(_ key: EventKey, _ payload: Int) {
            let index = pending.firstIndex { key < $0.key } ?? pending.count
            pending.insert((key, payload), at: index)
        }

        mutating func popFirst() -> (key: EventKey, payload: Int)? {
            pending.isEmpty ? nil : pending.removeFirst()
        }

        mutating func cancel(_ key: EventKey) -> Bool {
            guard let index = pending.firstIndex(where: { $0.key == key }) else { return false }
            pending.remove(at: index)
            return true
        }
    }

    @Test("random schedule, pop and cancel sequences match a sorted array", arguments: 0..<200)
    func matchesSortedModel(seed: UInt64) {
        var random = SimRandom(seed: seed)
        var queue = EventQueue<Int>()
        var model = SortedModel()
        var issued: [EventKey] = []
        var now: Int64 = 0
        // Few distinct times, so ties by sequence number are common.
        let horizon = UInt64(1 + random.nextInt(below: 40))

        for step in 0..<300 {
            let action = random.nextInt(below: 10)
            if action < 5 {
                let time = VirtualTime(milliseconds: now + Int64(random.nextInt(below: horizon)))
                let key = queue.schedule(step, at: time)
                model.insert(key, step)
                issued.append(key)
            } else if action < 8 {
                let popped = queue.popNext()
                let expected = model.popFirst()
                #expect(popped?.key == expected?.key && popped?.payload == expected?.payload,
                        "seed=\(seed) step=\(step)")
                if let popped { now = popped.key.time.milliseconds }
            } else if !issued.isEmpty {
                let key = issued[Int(random.nextInt(below: UInt64(issued.count)))]
                let queueSaysPending = queue.cancel(key)
                #expect(queueSaysPending == model.cancel(key), "seed=\(seed) step=\(step) key=\(key)")
            }
            queue.checkInvariants()
            #expect(queue.count == model.pending.count, "seed=\(seed) step=\(step)")
            #expect(queue.peekKey == model.pending.first?.key, "seed=\(seed) step=\(step)")
        }
        // Draining gives the model's remaining order.
        var drained: [Int] = []
        while let entry = queue.popNext() { drained.append(entry.payload) }
        #expect(drained == model.pending.map(\.payload), "seed=\(seed)")
    }

    @Test("many cancellations of fired keys do not grow the cancelled set without bound")
    func pruningKeepsSetSmall() {
        var queue = EventQueue<Int>()
        for round in 0..<2_000 {
            let time = VirtualTime(milliseconds: Int64(round))
            let keep = queue.schedule(round, at: time)
            let drop = queue.schedule(round, at: VirtualTime(milliseconds: Int64(round) + 5))
            let cancelled2 = queue.cancel(drop)
            #expect(cancelled2)
            #expect(queue.popNext()?.key == keep)
        }
        queue.checkInvariants()
        #expect(queue.isEmpty)
        #expect(queue._cancelled.count <= 2 * EventQueue<Int>._minimumPruneThreshold)
    }
}
