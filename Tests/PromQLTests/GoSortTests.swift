import Testing
@testable import PromQL
import TestSupport

@Suite("GoSort (Go's pdqsort)")
struct GoSortTests {
    @Test("sorts every input and keeps its elements (200 seeds, sizes up to 300, many ties)")
    func sortsAndPermutes() {
        for seed in 0..<200 {
            var rng = TestRandom(seed: UInt64(seed))
            let n = Int(rng.next() % 300)
            let values = (0..<n).map { i in (key: Int(rng.next() % 10), id: i) }
            var sorted = values
            GoSort.sort(&sorted) { $0.key < $1.key }
            #expect(zip(sorted, sorted.dropFirst()).allSatisfy { $0.key <= $1.key }, "seed=\(seed)")
            #expect(sorted.map(\.id).sorted() == Array(0..<n), "seed=\(seed)")
        }
    }

    @Test("up to 12 elements it is Go's insertion sort, hence stable")
    func smallIsStable() {
        for seed in 0..<100 {
            var rng = TestRandom(seed: UInt64(seed))
            let values = (0..<12).map { i in (key: Int(rng.next() % 3), id: i) }
            var sorted = values
            GoSort.sort(&sorted) { $0.key < $1.key }
            let stable = values.enumerated().sorted { ($0.element.key, $0.offset) < ($1.element.key, $1.offset) }.map(\.element.id)
            #expect(sorted.map(\.id) == stable, "seed=\(seed)")
        }
    }

    @Test("sorted, reversed and all-equal inputs of 1,000 elements")
    func patterns() {
        var ascending = Array(0..<1000)
        GoSort.sort(&ascending, by: <)
        #expect(ascending == Array(0..<1000))
        var descending = Array((0..<1000).reversed())
        GoSort.sort(&descending, by: <)
        #expect(descending == Array(0..<1000))
        var equal = (0..<1000).map { (key: 0, id: $0) }
        GoSort.sort(&equal) { $0.key < $1.key }
        #expect(equal.map(\.id).sorted() == Array(0..<1000))
    }
}
