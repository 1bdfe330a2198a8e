import Testing
@testable import PromQL

@Suite("Selectors, lookback and staleness")
struct SelectorTests {
    @Test("a sample exactly 5m old is visible and gone 1ms later (2.42's closed lookback)")
    func lookbackBoundary() throws {
        let s = SeriesStorage()
        s.append(labels(["__name__": "x"]), timestampMs: 0, value: 7)
        let engine = Engine(storage: s)
        #expect(try single(engine, sel("x"), atMs: 300_000) == 7)
        #expect(try vector(engine, sel("x"), atMs: 300_001).isEmpty)
    }

    @Test("a staleness marker as latest sample hides the series")
    func staleness() throws {
        let s = SeriesStorage()
        s.load(labels(["__name__": "x"]), "1 2 stale", intervalMs: 15_000)
        let engine = Engine(storage: s)
        #expect(try single(engine, sel("x"), atMs: 29_999) == 2)
        #expect(try vector(engine, sel("x"), atMs: 30_000).isEmpty)
        #expect(try vector(engine, sel("x"), atMs: 100_000).isEmpty)
        // The marker is dropped inside range windows: two real samples remain.
        #expect(try single(engine, call("count_over_time", range(sel("x"), 60_000)), atMs: 45_000) == 2)
    }

    @Test("instant samples keep the name and carry the query time")
    func instantLabels() throws {
        let s = SeriesStorage()
        s.append(labels(["__name__": "x", "a": "1"]), timestampMs: 1000, value: 5)
        let engine = Engine(storage: s)
        #expect(try engine.instantQuery(sel("x"), atMs: 2000)
            == .vector([Sample(labels: labels(["__name__": "x", "a": "1"]), timestampMs: 2000, value: 5)]))
        #expect(try single(engine, call("timestamp", sel("x")), atMs: 2000) == 1)
    }

    @Test("range windows are closed at both ends: count_over_time(x[1m]) at 60s over 15s samples is 5")
    func closedRange() throws {
        let s = SeriesStorage()
        s.load(labels(["__name__": "x"]), "0+1x10", intervalMs: 15_000)
        let engine = Engine(storage: s)
        #expect(try single(engine, call("count_over_time", range(sel("x"), minuteMs)), atMs: 60_000) == 5)
        #expect(try single(engine, call("count_over_time", range(sel("x"), minuteMs)), atMs: 61_000) == 4)
    }

    @Test("a top-level range selector returns a matrix with stored timestamps")
    func matrixResult() throws {
        let s = SeriesStorage()
        s.load(labels(["__name__": "x"]), "1 2 3", intervalMs: 15_000)
        let result = try Engine(storage: s).instantQuery(range(sel("x"), 20_000), atMs: 31_000)
        #expect(result == .matrix([Series(labels: labels(["__name__": "x"]),
                                          points: [Point(timestampMs: 15_000, value: 2), Point(timestampMs: 30_000, value: 3)])]))
    }

    @Test("offset shifts the reference time")
    func offset() throws {
        let s = SeriesStorage()
        s.load(labels(["__name__": "x"]), "0+10x10", intervalMs: minuteMs)
        let engine = Engine(storage: s)
        #expect(try single(engine, sel("x", offsetMs: 5 * minuteMs), atMs: 10 * minuteMs) == 50)
    }

    @Test("subquery steps are aligned to the epoch: count_over_time(x[5m:]) is 6 at 600s and 5 at 617s")
    func subqueryAlignment() throws {
        let s = SeriesStorage()
        s.load(labels(["__name__": "x"]), "0+1x100", intervalMs: 15_000)
        let engine = Engine(storage: s)
        let q = call("count_over_time", subquery(sel("x"), rangeMs: 5 * minuteMs, stepMs: nil))
        #expect(try single(engine, q, atMs: 600_000) == 6)
        #expect(try single(engine, q, atMs: 617_000) == 5)
    }

    @Test("absent gives labels from equality matchers only")
    func absent() throws {
        let engine = Engine(storage: SeriesStorage())
        let q = call("absent", sel("nope", [matcher("job", .equal, "a"), matcher("env", .regexMatch, "p.*"), matcher("x", .equal, "1"), matcher("x", .equal, "2")]))
        #expect(try vector(engine, q, atMs: 0) == [Sample(labels: labels(["job": "a"]), timestampMs: 0, value: 1)])
    }
}
