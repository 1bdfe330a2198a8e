import Testing
@testable import PromQL

@Suite("rate, increase, delta and friends")
struct RateTests {
    func engine(_ series: [(Labels, String)], intervalMs: Int64) -> Engine {
        let s = SeriesStorage()
        for (l, values) in series { s.load(l, values, intervalMs: intervalMs) }
        return Engine(storage: s)
    }

    @Test("rate over a window holding two samples extrapolates to the counter's zero point")
    func twoSamples() throws {
        // 5 @ 0s, 15 @ 15s, window [-45s, 15s]: zero point 7.5s before the first sample, so the
        // increase is 10 × 22.5/15 = 15, over 60s.
        let e = engine([(labels(["__name__": "c"]), "5 15")], intervalMs: 15_000)
        #expect(try single(e, call("rate", range(sel("c"), minuteMs)), atMs: 15_000) == 0.25)
        #expect(try single(e, call("increase", range(sel("c"), minuteMs)), atMs: 15_000) == 15)
        // A gauge is not cut at zero: half an interval each side → 10 × 22.5/15.
        #expect(try single(e, call("delta", range(sel("c"), minuteMs)), atMs: 15_000) == 15)
    }

    @Test("rate(c[15s]) at 30s uses the samples at 15s and 30s")
    func closedWindowRate() throws {
        let e = engine([(labels(["__name__": "c"]), "0 10 30")], intervalMs: 15_000)
        #expect(try single(e, call("rate", range(sel("c"), 15_000)), atMs: 30_000) == 20.0 / 15.0)
    }

    @Test("a single sample in the window gives no rate")
    func oneSample() throws {
        let e = engine([(labels(["__name__": "c"]), "5")], intervalMs: 15_000)
        #expect(try vector(e, call("rate", range(sel("c"), minuteMs)), atMs: 15_000).isEmpty)
    }

    @Test("a counter reset inside the window adds the value before it (upstream functions.test)")
    func counterReset() throws {
        let e = engine([(labels(["__name__": "http_requests", "path": "/foo"]), "0 1 2 3 2 3 4")], intervalMs: 5 * minuteMs)
        #expect(try single(e, call("increase", range(sel("http_requests"), 30 * minuteMs)), atMs: 30 * minuteMs) == 7)
        let e2 = engine([(labels(["__name__": "testcounter_reset_middle"]), "0+10x4 0+10x5"),
                         (labels(["__name__": "testcounter_reset_end"]), "0+10x9 0 10")], intervalMs: 5 * minuteMs)
        #expect(try single(e2, call("rate", range(sel("testcounter_reset_middle"), 50 * minuteMs)), atMs: 50 * minuteMs) == 0.03)
        #expect(try single(e2, call("rate", range(sel("testcounter_reset_end"), 5 * minuteMs)), atMs: 50 * minuteMs) == 0)
    }

    @Test("the zero cut-off limits extrapolation at the series start (upstream functions.test)")
    func zeroCutoff() throws {
        var series: [(Labels, String)] = []
        for (start, first) in [("0m", 0), ("1m", 60), ("2m", 120), ("3m", 180), ("4m", 240), ("5m", 300)] {
            series.append((labels(["__name__": "testcounter_zero_cutoff", "start": start]), "\(first)+240x10"))
        }
        let e = engine(series, intervalMs: 4 * minuteMs)
        let q = call("rate", range(sel("testcounter_zero_cutoff"), 20 * minuteMs))
        let at10m = try vector(e, q, atMs: 10 * minuteMs).map(\.value)
        #expect(at10m.count == 6 && zip(at10m, [0.5, 0.55, 0.6, 0.65, 0.7, 0.6]).allSatisfy { almostEqual($0, $1) }, "\(at10m)")
        let at50m = try vector(e, q, atMs: 50 * minuteMs).map(\.value)
        #expect(at50m.count == 6 && at50m.allSatisfy { almostEqual($0, 0.6) })
    }

    @Test("a series ending inside the window is extrapolated by half an interval")
    func extrapolationAtEnd() throws {
        // Samples 0..40 at 0..4m, window [0, 10m]: 240s covered + 30s → 40 × 270/240 = 45.
        let e = engine([(labels(["__name__": "g"]), "0+10x4")], intervalMs: minuteMs)
        #expect(try single(e, call("delta", range(sel("g"), 10 * minuteMs)), atMs: 10 * minuteMs) == 45)
    }

    @Test("a series starting inside the window is extrapolated by half an interval")
    func extrapolationAtStart() throws {
        // Samples 100..140 at 5..9m, window [0, 10m]: 30s before, 60s after → 40 × 330/240 = 55.
        let e = engine([(labels(["__name__": "c"]), "_x5 100+10x4")], intervalMs: minuteMs)
        #expect(try single(e, call("delta", range(sel("c"), 10 * minuteMs)), atMs: 10 * minuteMs) == 55)
        #expect(try single(e, call("increase", range(sel("c"), 10 * minuteMs)), atMs: 10 * minuteMs) == 55)
    }

    @Test("irate and idelta use the last two samples; irate treats a drop as a reset")
    func irate() throws {
        let e = engine([(labels(["__name__": "c"]), "10 20 5")], intervalMs: 15_000)
        #expect(try single(e, call("irate", range(sel("c"), minuteMs)), atMs: 30_000) == 5.0 / 15.0)
        #expect(try single(e, call("idelta", range(sel("c"), minuteMs)), atMs: 30_000) == -15)
    }

    @Test("range functions drop the name except last_over_time")
    func nameDropping() throws {
        let e = engine([(labels(["__name__": "c", "a": "1"]), "1 2")], intervalMs: 15_000)
        #expect(try vector(e, call("rate", range(sel("c"), minuteMs)), atMs: 15_000).map(\.labels) == [labels(["a": "1"])])
        #expect(try vector(e, call("last_over_time", range(sel("c"), minuteMs)), atMs: 15_000).map(\.labels)
            == [labels(["__name__": "c", "a": "1"])])
    }

    @Test("dropping the name can collide two series")
    func collision() throws {
        let e = engine([(labels(["__name__": "a", "x": "1"]), "1 2"), (labels(["__name__": "b", "x": "1"]), "1 2")], intervalMs: 15_000)
        #expect(throws: PromQLError(kind: .execution, message: "vector cannot contain metrics with the same labelset")) {
            try e.instantQuery(call("rate", range(sel(nil, [matcher("x", .equal, "1")]), minuteMs)), atMs: 15_000)
        }
    }

    @Test("deriv, resets and changes follow upstream functions.test")
    func derivResetsChanges() throws {
        let e = engine([(labels(["__name__": "testcounter_reset_middle"]), "0+10x4 0+10x5"),
                        (labels(["__name__": "http_requests", "path": "/foo"]), "1 2 3 0 1 0 0 1 2 0")], intervalMs: 5 * minuteMs)
        #expect(almostEqual(try single(e, call("deriv", range(sel("testcounter_reset_middle"), 100 * minuteMs)), atMs: 50 * minuteMs), 0.010606060606060607))
        #expect(try single(e, call("resets", range(sel("http_requests"), 50 * minuteMs)), atMs: 50 * minuteMs) == 3)
        #expect(try single(e, call("changes", range(sel("http_requests"), 50 * minuteMs)), atMs: 50 * minuteMs) == 8)
    }

    @Test("over_time functions: avg, sum, min, max, stddev, quantile")
    func overTime() throws {
        let e = engine([(labels(["__name__": "g"]), "1 2 3 4 NaN")], intervalMs: 15_000)
        let r = range(sel("g"), 45_000)
        #expect(try single(e, call("avg_over_time", r), atMs: 45_000) == 2.5)
        #expect(try single(e, call("sum_over_time", r), atMs: 45_000) == 10)
        #expect(try single(e, call("stdvar_over_time", r), atMs: 45_000) == 1.25)
        #expect(try single(e, call("quantile_over_time", num(0.5), r), atMs: 45_000) == 2.5)
        #expect(try single(e, call("max_over_time", r), atMs: 60_000) == 4)
        #expect(try single(e, call("min_over_time", r), atMs: 60_000) == 2)
    }
}

@Suite("Range-mode label collisions")
struct RangeCollisionTests {
    // Goal: Prometheus rejects a range function's whole output matrix when two input series map to
    // the same labels, even at different steps. Method: a{x} lives early, b{x} late; each instant
    // query succeeds, the range query over both fails.
    @Test("two inputs with the same nameless labels at different steps fail a range query")
    func acrossSteps() throws {
        let s = SeriesStorage()
        s.load(labels(["__name__": "a", "x": "1"]), "1 2 3 4", intervalMs: 15_000)
        s.load(labels(["__name__": "b", "x": "1"]), "_x20 1 2 3 4", intervalMs: 15_000)
        let engine = Engine(storage: s)
        let q = call("rate", range(sel(nil, [matcher("x", .equal, "1")]), 30_000))
        #expect(try vector(engine, q, atMs: 45_000).count == 1)
        #expect(try vector(engine, q, atMs: 345_000).count == 1)
        #expect(throws: PromQLError(kind: .execution, message: "vector cannot contain metrics with the same labelset")) {
            try engine.rangeQuery(q, startMs: 45_000, endMs: 345_000, stepMs: 60_000)
        }
        // Through a subquery, inside one instant query, the same rule applies to the inner steps.
        let viaSubquery = call("max_over_time", subquery(q, rangeMs: 360_000, stepMs: 60_000))
        #expect(throws: PromQLError(kind: .execution, message: "vector cannot contain metrics with the same labelset")) {
            try engine.instantQuery(viaSubquery, atMs: 360_000)
        }
    }
}
