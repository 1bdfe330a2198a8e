import Testing
@testable import PromQL

@Suite("histogram_quantile")
struct HistogramQuantileTests {
    func engine(_ series: [(KeyValuePairs<String, String>, String)]) -> Engine {
        let s = SeriesStorage()
        for (l, values) in series { s.load(Labels(l), values, intervalMs: 5 * minuteMs) }
        return Engine(storage: s)
    }

    var upstream: Engine {
        engine([
            (["__name__": "testhistogram_bucket", "le": "0.1", "start": "positive"], "0+5x10"),
            (["__name__": "testhistogram_bucket", "le": ".2", "start": "positive"], "0+7x10"),
            (["__name__": "testhistogram_bucket", "le": "1e0", "start": "positive"], "0+11x10"),
            (["__name__": "testhistogram_bucket", "le": "+Inf", "start": "positive"], "0+12x10"),
            (["__name__": "testhistogram_bucket", "le": "-.2", "start": "negative"], "0+1x10"),
            (["__name__": "testhistogram_bucket", "le": "-0.1", "start": "negative"], "0+2x10"),
            (["__name__": "testhistogram_bucket", "le": "0.3", "start": "negative"], "0+2x10"),
            (["__name__": "testhistogram_bucket", "le": "+Inf", "start": "negative"], "0+3x10"),
        ])
    }

    func quantiles(_ e: Engine, _ q: Double, _ arg: Node) throws -> [Double] {
        try vector(e, call("histogram_quantile", num(q), arg), atMs: 50 * minuteMs).map(\.value)
    }

    @Test("upstream histograms.test values (negative start first in label order)")
    func upstreamValues() throws {
        let e = upstream
        let b = sel("testhistogram_bucket")
        #expect(try quantiles(e, 0.2, b) == [-0.2, 0.048])
        let half = try quantiles(e, 0.5, b)
        #expect(almostEqual(half[0], -0.15) && almostEqual(half[1], 0.15), "\(half)")
        #expect(try quantiles(e, 0.8, b) == [0.3, 0.72])
        #expect(try quantiles(e, 1, b) == [0.3, 1])
        #expect(try quantiles(e, -0.1, b) == [-.infinity, -.infinity])
        #expect(try quantiles(e, 1.01, b) == [.infinity, .infinity])
        #expect(try quantiles(e, 0.5, call("rate", range(b, 5 * minuteMs))).enumerated().allSatisfy { almostEqual($1, [-0.15, 0.15][$0]) })
        #expect(try vector(e, call("histogram_quantile", num(0.5), b), atMs: 50 * minuteMs).map(\.labels)
            == [labels(["start": "negative"]), labels(["start": "positive"])])
    }

    @Test("an empty first bucket gives NaN at φ = 0 (0/0)")
    func emptyFirstBucket() throws {
        let e = engine([(["__name__": "h_bucket", "le": "0.1"], "0"), (["__name__": "h_bucket", "le": "1"], "5"),
                        (["__name__": "h_bucket", "le": "+Inf"], "10")])
        #expect(try single(e, call("histogram_quantile", num(0), sel("h_bucket")), atMs: 0)!.isNaN)
        #expect(try single(e, call("histogram_quantile", num(0.5), sel("h_bucket")), atMs: 0) == 1)
        #expect(try single(e, call("histogram_quantile", num(0.75), sel("h_bucket")), atMs: 0) == 1)
    }

    @Test("only a +Inf bucket gives NaN; no +Inf bucket gives NaN")
    func degenerate() throws {
        let onlyInf = engine([(["__name__": "h_bucket", "le": "+Inf"], "10")])
        #expect(try single(onlyInf, call("histogram_quantile", num(0.5), sel("h_bucket")), atMs: 0)!.isNaN)
        let noInf = engine([(["__name__": "h_bucket", "le": "1"], "10"), (["__name__": "h_bucket", "le": "2"], "10")])
        #expect(try single(noInf, call("histogram_quantile", num(0.5), sel("h_bucket")), atMs: 0)!.isNaN)
    }

    @Test("a rank in the +Inf bucket returns the largest finite bound")
    func rankInInfBucket() throws {
        let e = engine([(["__name__": "h_bucket", "le": "1"], "1"), (["__name__": "h_bucket", "le": "+Inf"], "10")])
        #expect(try single(e, call("histogram_quantile", num(0.99), sel("h_bucket")), atMs: 0) == 1)
    }

    @Test("non-monotonic buckets are raised to the running maximum (upstream)")
    func nonMonotonic() throws {
        let e = engine([(["__name__": "nonmonotonic_bucket", "le": "0.1"], "0+2x10"), (["__name__": "nonmonotonic_bucket", "le": "1"], "0+1x10"),
                        (["__name__": "nonmonotonic_bucket", "le": "10"], "0+5x10"), (["__name__": "nonmonotonic_bucket", "le": "100"], "0+4x10"),
                        (["__name__": "nonmonotonic_bucket", "le": "1000"], "0+9x10"), (["__name__": "nonmonotonic_bucket", "le": "+Inf"], "0+8x10")])
        let b = sel("nonmonotonic_bucket")
        #expect(almostEqual(try quantiles(e, 0.01, b).first, 0.0045))
        #expect(almostEqual(try quantiles(e, 0.5, b).first, 8.5))
        #expect(almostEqual(try quantiles(e, 0.99, b).first, 979.75))
    }

    @Test("buckets with the same numeric bound are merged (upstream mixed_bucket)")
    func mixedBounds() throws {
        let e = engine([(["__name__": "mixed_bucket", "le": "0.1"], "0+1x10"), (["__name__": "mixed_bucket", "le": "0.2"], "0+1x10"),
                        (["__name__": "mixed_bucket", "le": "2e-1"], "0+1x10"), (["__name__": "mixed_bucket", "le": "2.0e-1"], "0+1x10"),
                        (["__name__": "mixed_bucket", "le": "+Inf"], "0+4x10")])
        #expect(almostEqual(try quantiles(e, 0.5, call("rate", range(sel("mixed_bucket"), 5 * minuteMs))).first, 0.15))
    }

    @Test("two histograms differing only by name collide")
    func nameCollision() throws {
        let e = engine([(["__name__": "a_bucket", "le": "1"], "1"), (["__name__": "a_bucket", "le": "+Inf"], "1"),
                        (["__name__": "b_bucket", "le": "1"], "1"), (["__name__": "b_bucket", "le": "+Inf"], "1")])
        #expect(throws: PromQLError(kind: .execution, message: "vector cannot contain metrics with the same labelset")) {
            try e.instantQuery(call("histogram_quantile", num(0.5), sel(nil, [matcher("__name__", .regexMatch, ".*_bucket")])), atMs: 0)
        }
    }
}
