import Testing
@testable import RolloutSim

private func at(_ milliseconds: Int64) -> VirtualTime {
    VirtualTime(milliseconds: milliseconds)
}

@Suite("EventQueue")
struct EventQueueTests {
    @Test("events pop in time order")
    func timeOrder() {
        var queue = EventQueue<String>()
        queue.schedule("c", at: at(30))
        queue.schedule("a", at: at(10))
        queue.schedule("b", at: at(20))
        var popped: [String] = []
        while let entry = queue.popNext() { popped.append(entry.payload) }
        #expect(popped == ["a", "b", "c"])
    }

    @Test("events at the same time pop in scheduling order")
    func tiesBySequence() {
        var queue = EventQueue<Int>()
        for value in 0..<50 { queue.schedule(value, at: at(value % 2 == 0 ? 5 : 7)) }
        var popped: [Int] = []
        while let entry = queue.popNext() { popped.append(entry.payload) }
        let evens = Array(stride(from: 0, to: 50, by: 2))
        let odds = Array(stride(from: 1, to: 50, by: 2))
        #expect(popped == evens + odds)
    }

    @Test("schedule returns increasing sequence numbers and the given time")
    func keys() {
        var queue = EventQueue<Int>()
        let first = queue.schedule(1, at: at(100))
        let second = queue.schedule(2, at: at(50))
        #expect(first == EventKey(time: at(100), seq: 0))
        #expect(second == EventKey(time: at(50), seq: 1))
        #expect(second < first)
        #expect(EventKey(time: at(5), seq: 9) < EventKey(time: at(6), seq: 0))
        #expect(EventKey(time: at(5), seq: 1) < EventKey(time: at(5), seq: 2))
    }

    @Test("peekTime, count and isEmpty follow schedule and pop")
    func peekAndCount() {
        var queue = EventQueue<Int>(minimumCapacity: 8)
        #expect(queue.isEmpty && queue.count == 0 && queue.peekTime == nil)
        queue.schedule(1, at: at(40))
        queue.schedule(2, at: at(15))
        #expect(queue.count == 2 && queue.peekTime == at(15) && queue.peekKey?.seq == 1)
        #expect(queue.popNext()?.payload == 2)
        #expect(queue.count == 1 && queue.peekTime == at(40))
        #expect(queue.lastPoppedKey == EventKey(time: at(15), seq: 1))
        #expect(queue.popNext()?.payload == 1)
        #expect(queue.isEmpty && queue.popNext() == nil)
    }

    @Test("a cancelled event never pops and no longer counts")
    func cancelPending() {
        var queue = EventQueue<String>()
        let timer = queue.schedule("timer", at: at(10))
        queue.schedule("scrape", at: at(20))
        let cancelledTimer = queue.cancel(timer)
        #expect(cancelledTimer)
        queue.checkInvariants()
        #expect(queue.count == 1)
        #expect(queue.peekTime == at(20))
        #expect(queue.popNext()?.payload == "scrape")
        #expect(queue.popNext() == nil)
    }

    @Test("cancelling a buried event removes it when it would have surfaced")
    func cancelBuried() {
        var queue = EventQueue<Int>()
        var keys: [EventKey] = []
        for value in 0..<10 { keys.append(queue.schedule(value, at: at(Int64(value)))) }
        let cancelledFifth = queue.cancel(keys[5])
        #expect(cancelledFifth)
        let cancelledSixth = queue.cancel(keys[6])
        #expect(cancelledSixth)
        #expect(queue.count == 8)
        var popped: [Int] = []
        while let entry = queue.popNext() {
            popped.append(entry.payload)
            queue.checkInvariants()
        }
        #expect(popped == [0, 1, 2, 3, 4, 7, 8, 9])
    }

    @Test("cancelling twice, or after the event fired, returns false")
    func cancelIsIdempotent() {
        var queue = EventQueue<Int>()
        let fired = queue.schedule(1, at: at(1))
        let pending = queue.schedule(2, at: at(2))
        let later = queue.schedule(3, at: at(3))
        #expect(queue.popNext()?.payload == 1)
        let cancelledFired = queue.cancel(fired)
        #expect(!cancelledFired)
        let cancelledLater = queue.cancel(later)
        #expect(cancelledLater)
        let cancelledLaterAgain = queue.cancel(later)
        #expect(!cancelledLaterAgain)
        #expect(queue.count == 1)
        // `pending` is now the root; cancelling it drops it at once.
        let cancelledPending = queue.cancel(pending)
        #expect(cancelledPending)
        let cancelledPendingAgain = queue.cancel(pending)
        #expect(!cancelledPendingAgain)
        #expect(queue.isEmpty && queue.peekTime == nil)
        queue.checkInvariants()
    }

    @Test("an event scheduled at the current time after a pop runs after the popped one")
    func scheduleAtNow() {
        var queue = EventQueue<String>()
        queue.schedule("first", at: at(10))
        queue.schedule("later", at: at(20))
        #expect(queue.popNext()?.payload == "first")
        let key = queue.schedule("same time", at: at(10))
        #expect(queue.popNext()?.payload == "same time")
        let cancelledAfterFiring = queue.cancel(key)
        #expect(!cancelledAfterFiring)
        #expect(queue.popNext()?.payload == "later")
    }

    @Test("unordered lists exactly the pending events")
    func unorderedContents() {
        var queue = EventQueue<Int>()
        var keys: [EventKey] = []
        for value in 0..<6 { keys.append(queue.schedule(value, at: at(Int64(10 - value)))) }
        queue.cancel(keys[2])
        #expect(queue.unordered.map(\.payload).sorted() == [0, 1, 3, 4, 5])
    }

    @Test("scheduling before the last popped event is a programmer error")
    func schedulingInThePastTraps() async {
        await #expect(processExitsWith: .failure) {
            var queue = EventQueue<Int>()
            queue.schedule(1, at: VirtualTime(milliseconds: 10))
            _ = queue.popNext()
            queue.schedule(2, at: VirtualTime(milliseconds: 9))
        }
    }
}
