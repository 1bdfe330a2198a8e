import Testing
@testable import PromQL

@Suite("Aggregations")
struct AggregationTests {
    func engine() -> Engine {
        let s = SeriesStorage()
        let rows: [(KeyValuePairs<String, String>, Double)] = [
            (["__name__": "http_requests", "job": "api", "instance": "0", "group": "production"], 100),
            (["__name__": "http_requests", "job": "api", "instance": "1", "group": "production"], 200),
            (["__name__": "http_requests", "job": "api", "instance": "0", "group": "canary"], 300),
            (["__name__": "http_requests", "job": "api", "instance": "1", "group": "canary"], 400),
            (["__name__": "http_requests", "job": "app", "instance": "0", "group": "production"], 500),
            (["__name__": "http_requests", "job": "app", "instance": "1", "group": "production"], 600),
            (["__name__": "http_requests", "job": "app", "instance": "0", "group": "canary"], 700),
            (["__name__": "http_requests", "job": "app", "instance": "1", "group": "canary"], 800),
        ]
        for (l, v) in rows { s.append(Labels(l), timestampMs: 0, value: v) }
        return Engine(storage: s)
    }

    @Test("sum by and without: labels of the result (upstream aggregators.test)")
    func sumByWithout() throws {
        let e = engine()
        #expect(try vector(e, aggregate(.sum, sel("http_requests"), by: ["job"]), atMs: 0) == [
            Sample(labels: labels(["job": "api"]), timestampMs: 0, value: 1000),
            Sample(labels: labels(["job": "app"]), timestampMs: 0, value: 2600),
        ])
        #expect(try vector(e, aggregate(.sum, sel("http_requests"), by: ["instance", "group"], without: true), atMs: 0).map(\.labels)
            == [labels(["job": "api"]), labels(["job": "app"])])
        #expect(try single(e, aggregate(.count, sel("http_requests")), atMs: 0) == 8)
        #expect(try vector(e, aggregate(.sum, sel("http_requests"), by: ["__name__"]), atMs: 0).map(\.labels) == [labels(["__name__": "http_requests"])])
    }

    @Test("avg, stddev, stdvar, min, max, group, quantile")
    func statistics() throws {
        let e = engine()
        let by = ["job"]
        // Incremental mean and Welford over label-ordered inputs: equal to the exact values
        // within promqltest's tolerance, not necessarily to the last bit.
        #expect(zip(try vector(e, aggregate(.avg, sel("http_requests"), by: by), atMs: 0).map(\.value), [250.0, 650]).allSatisfy { almostEqual($0, $1) })
        #expect(zip(try vector(e, aggregate(.stdvar, sel("http_requests"), by: by), atMs: 0).map(\.value), [12500.0, 12500]).allSatisfy { almostEqual($0, $1) })
        #expect(zip(try vector(e, aggregate(.stddev, sel("http_requests"), by: by), atMs: 0).map(\.value), [Double(12500).squareRoot(), Double(12500).squareRoot()]).allSatisfy { almostEqual($0, $1) })
        #expect(try vector(e, aggregate(.min, sel("http_requests"), by: by), atMs: 0).map(\.value) == [100, 500])
        #expect(try vector(e, aggregate(.max, sel("http_requests"), by: by), atMs: 0).map(\.value) == [400, 800])
        #expect(try vector(e, aggregate(.group, sel("http_requests"), by: by), atMs: 0).map(\.value) == [1, 1])
        #expect(try vector(e, aggregate(.quantile, sel("http_requests"), by: by, param: num(0.5)), atMs: 0).map(\.value) == [250, 650])
        #expect(try vector(e, aggregate(.quantile, sel("http_requests"), param: num(1.5)), atMs: 0).map(\.value) == [.infinity])
    }

    @Test("avg uses the incremental mean, so large values do not overflow")
    func incrementalMean() throws {
        let s = SeriesStorage()
        s.append(labels(["__name__": "x", "i": "1"]), timestampMs: 0, value: 1e308)
        s.append(labels(["__name__": "x", "i": "2"]), timestampMs: 0, value: 1e308)
        #expect(try single(Engine(storage: s), aggregate(.avg, sel("x")), atMs: 0) == 1e308)
        #expect(try single(Engine(storage: s), aggregate(.sum, sel("x")), atMs: 0) == .infinity)
    }

    @Test("topk and bottomk keep the input labels, best first")
    func topk() throws {
        let e = engine()
        guard case .vector(let top) = try e.instantQuery(aggregate(.topk, sel("http_requests"), by: ["job"], param: num(2)), atMs: 0) else { return }
        #expect(top.map(\.value) == [400, 300, 800, 700])
        #expect(top[0].labels == labels(["__name__": "http_requests", "job": "api", "instance": "1", "group": "canary"]))
        guard case .vector(let bottom) = try e.instantQuery(aggregate(.bottomk, sel("http_requests"), param: num(3)), atMs: 0) else { return }
        #expect(bottom.map(\.value) == [100, 200, 300])
        #expect(try vector(e, aggregate(.topk, sel("http_requests"), param: num(0)), atMs: 0).isEmpty)
    }

    @Test("count_values labels values with Go's 'f' format")
    func countValues() throws {
        let s = SeriesStorage()
        for (i, v) in [1.0, 1, 2.5, 1e-7].enumerated() { s.append(labels(["__name__": "x", "i": "\(i)"]), timestampMs: 0, value: v) }
        let out = try vector(Engine(storage: s), aggregate(.countValues, sel("x"), param: str("v")), atMs: 0)
        #expect(out == [
            Sample(labels: labels(["v": "0.0000001"]), timestampMs: 0, value: 1),
            Sample(labels: labels(["v": "1"]), timestampMs: 0, value: 2),
            Sample(labels: labels(["v": "2.5"]), timestampMs: 0, value: 1),
        ])
    }

    @Test("the canary ratio: sum(rate(good)) / sum(rate(all))")
    func canaryRatio() throws {
        let s = SeriesStorage()
        s.load(labels(["__name__": "http_requests_total", "code": "200", "pod": "a"]), "0+90x20", intervalMs: 15_000)
        s.load(labels(["__name__": "http_requests_total", "code": "500", "pod": "a"]), "0+10x20", intervalMs: 15_000)
        let good = aggregate(.sum, call("rate", range(sel("http_requests_total", [matcher("code", .regexNoMatch, "5..")]), 2 * minuteMs)))
        let all = aggregate(.sum, call("rate", range(sel("http_requests_total"), 2 * minuteMs)))
        let ratio = try single(Engine(storage: s), binary(.div, good, all), atMs: 5 * minuteMs)
        #expect(almostEqual(ratio, 0.9), "\(String(describing: ratio))")
    }
}
