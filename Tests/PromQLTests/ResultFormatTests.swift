import Testing
@testable import PromQL

@Suite("Result formatting")
struct ResultFormatTests {
    @Test("sample values as Prometheus 2.42 prints them", arguments: [
        (0.5, "0.5"), (300, "300"), (-0.0, "-0"), (0, "0"), (8.571428571428573e-09, "8.571428571428573e-09"),
        (4e22, "4e+22"), (1e21, "1e+21"), (1e20, "100000000000000000000"), (0.000001, "0.000001"),
        (1.5e-7, "1.5e-07"), (.nan, "NaN"), (.infinity, "+Inf"), (-.infinity, "-Inf"), (0.1 + 0.2, "0.30000000000000004"),
        (123456789.125, "123456789.125"), (1e-300, "1e-300"), (-2.5e-10, "-2.5e-10"),
    ] as [(Double, String)])
    func sampleValues(_ value: Double, _ expected: String) {
        #expect(formatGoFloat(value, format: .sampleValue) == expected)
    }

    @Test("scalar values never use exponent notation")
    func scalarValues() {
        #expect(QueryValue.scalar(timestampMs: 1000, value: 0.0000004).prometheusJSON
            == #"{"status":"success","data":{"resultType":"scalar","result":[1,"0.0000004"]}}"#)
        #expect(formatGoFloat(4e22, format: .fixed) == "40000000000000000000000")
    }

    @Test("vector envelope with labels and millisecond timestamps")
    func vectorJSON() {
        let v = QueryValue.vector([Sample(labels: labels(["__name__": "up", "job": "a<b"]), timestampMs: 1_500, value: 1)])
        #expect(v.prometheusJSON == #"{"status":"success","data":{"resultType":"vector","result":[{"metric":{"__name__":"up","job":"a\u003cb"},"value":[1.500,"1"]}]}}"#)
        #expect(formatTimestampSeconds(1_005) == "1.005")
        #expect(formatTimestampSeconds(1_050) == "1.050")
        #expect(formatTimestampSeconds(-1_500) == "-1.500")
    }

    @Test("matrix envelope")
    func matrixJSON() {
        let m = QueryValue.matrix([Series(labels: .empty, points: [Point(timestampMs: 0, value: 1), Point(timestampMs: 60_000, value: .nan)])])
        #expect(m.prometheusJSON == #"{"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[[0,"1"],[60,"NaN"]]}]}}"#)
    }

    @Test("errors: bad_data and execution")
    func errors() {
        #expect(PromQLError(kind: .execution, message: "vector cannot contain metrics with the same labelset").prometheusJSON
            == #"{"status":"error","errorType":"execution","error":"vector cannot contain metrics with the same labelset"}"#)
        #expect(PromQLError.parse("unexpected \"}\"", at: PositionRange(start: 4, end: 5)).prometheusJSON(query: "up{a}")
            == #"{"status":"error","errorType":"bad_data","error":"invalid parameter \"query\": 1:5: parse error: unexpected \"}\""}"#)
        #expect(QueryValue.scalar(timestampMs: 1_500, value: 1).prometheusJSON
            == #"{"status":"success","data":{"resultType":"scalar","result":[1.5,"1"]}}"#)
    }

    @Test("text form like promtool")
    func text() {
        let v = QueryValue.vector([Sample(labels: labels(["__name__": "up", "job": "a"]), timestampMs: 1_500, value: 0.25)])
        #expect(v.text == #"{__name__="up", job="a"} => 0.25 @[1500]"#)
        #expect(QueryValue.scalar(timestampMs: 0, value: 2).text == "scalar: 2 @[0]")
    }
}

@Suite("Range queries")
struct RangeQueryTests {
    @Test("a range query evaluates every step and sorts series by labels")
    func rangeQuery() throws {
        let s = SeriesStorage()
        s.load(labels(["__name__": "x", "i": "b"]), "0+1x10", intervalMs: minuteMs)
        s.load(labels(["__name__": "x", "i": "a"]), "_x5 5+1x5", intervalMs: minuteMs)
        let result = try Engine(storage: s).rangeQuery(sel("x"), startMs: 3 * minuteMs, endMs: 6 * minuteMs, stepMs: minuteMs)
        #expect(result == .matrix([
            Series(labels: labels(["__name__": "x", "i": "a"]), points: [Point(timestampMs: 5 * minuteMs, value: 5), Point(timestampMs: 6 * minuteMs, value: 6)]),
            Series(labels: labels(["__name__": "x", "i": "b"]), points: (3...6).map { Point(timestampMs: Int64($0) * minuteMs, value: Double($0)) }),
        ]))
        let scalar = try Engine(storage: s).rangeQuery(call("time"), startMs: 0, endMs: minuteMs, stepMs: 30_000)
        #expect(scalar == .matrix([Series(labels: .empty, points: [Point(timestampMs: 0, value: 0), Point(timestampMs: 30_000, value: 30), Point(timestampMs: 60_000, value: 60)])]))
    }

    @Test("a range query of a range vector is refused")
    func refusesMatrix() {
        #expect(throws: PromQLError(kind: .parse, message: "invalid expression type \"range vector\" for range query, must be Scalar or instant Vector")) {
            try Engine(storage: SeriesStorage()).rangeQuery(range(sel("x"), minuteMs), startMs: 0, endMs: 0, stepMs: 1)
        }
    }
}
