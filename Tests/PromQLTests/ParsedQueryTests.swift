import Testing
@testable import PromQL

// Goal: end-to-end checks from query text to the HTTP API JSON, through the real parser.
// Method: small hand-loaded series; expected strings written out in full.
@Suite("Parsed queries end to end")
struct ParsedQueryTests {
    func engine() -> Engine {
        let s = SeriesStorage()
        s.load(labels(["__name__": "http_requests_total", "code": "200", "pod": "a"]), "0+60x40", intervalMs: 15_000)
        s.load(labels(["__name__": "http_requests_total", "code": "500", "pod": "a"]), "0+6x40", intervalMs: 15_000)
        s.load(labels(["__name__": "g", "pod": "a"]), "1.25 -2.5 3.75", intervalMs: 15_000)
        return Engine(storage: s)
    }

    func json(_ query: String, atMs: Int64) -> String {
        do {
            return try engine().instantQuery(parseExpression(query), atMs: atMs).prometheusJSON
        } catch {
            return error.prometheusJSON(query: query)
        }
    }

    @Test("error ratio of a canary gate")
    func errorRatio() {
        #expect(json(#"sum(rate(http_requests_total{code=~"5.."}[2m])) / sum(rate(http_requests_total[2m]))"#, atMs: 300_000)
            == #"{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[300,"0.09090909090909091"]}]}}"#)
    }

    @Test("scalar results and scalar formatting")
    func scalar() {
        #expect(json("4e-7", atMs: 1_000) == #"{"status":"success","data":{"resultType":"scalar","result":[1,"0.0000004"]}}"#)
        #expect(json("time() + 1", atMs: 2_500) == #"{"status":"success","data":{"resultType":"scalar","result":[2.5,"3.5"]}}"#)
        #expect(json("-2 ^ 2", atMs: 0) == #"{"status":"success","data":{"resultType":"scalar","result":[0,"-4"]}}"#)
    }

    @Test("round, clamp and abs drop the name")
    func mathFunctions() {
        #expect(json("round(g)", atMs: 30_000) == #"{"status":"success","data":{"resultType":"vector","result":[{"metric":{"pod":"a"},"value":[30,"4"]}]}}"#)
        #expect(json("round(g, 0.5)", atMs: 15_000) == #"{"status":"success","data":{"resultType":"vector","result":[{"metric":{"pod":"a"},"value":[15,"-2.5"]}]}}"#)
        #expect(json("round(g)", atMs: 15_000) == #"{"status":"success","data":{"resultType":"vector","result":[{"metric":{"pod":"a"},"value":[15,"-2"]}]}}"#)
        #expect(json("clamp(g, 0, 2)", atMs: 0) == #"{"status":"success","data":{"resultType":"vector","result":[{"metric":{"pod":"a"},"value":[0,"1.25"]}]}}"#)
        #expect(json("clamp(g, 2, 0)", atMs: 0) == #"{"status":"success","data":{"resultType":"vector","result":[]}}"#)
        #expect(json("abs(g)", atMs: 15_000) == #"{"status":"success","data":{"resultType":"vector","result":[{"metric":{"pod":"a"},"value":[15,"2.5"]}]}}"#)
    }

    @Test("label_replace and label_join keep the name")
    func labelFunctions() {
        #expect(json(#"label_replace(g, "dst", "pod-$1", "pod", "(.*)")"#, atMs: 0)
            == #"{"status":"success","data":{"resultType":"vector","result":[{"metric":{"__name__":"g","dst":"pod-a","pod":"a"},"value":[0,"1.25"]}]}}"#)
        #expect(json(#"label_join(g, "x", "-", "pod", "__name__")"#, atMs: 0)
            == #"{"status":"success","data":{"resultType":"vector","result":[{"metric":{"__name__":"g","pod":"a","x":"a-g"},"value":[0,"1.25"]}]}}"#)
    }

    @Test("calendar functions read the evaluation time in UTC")
    func calendar() {
        // 2024-02-29T13:45:00Z = 1709214300 s.
        let t: Int64 = 1_709_214_300_000
        #expect(json("vector(time()) > 0", atMs: t).contains(#""value":[1709214300,"1709214300"]"#))
        #expect(json("hour()", atMs: t).contains(#""13""#))
        #expect(json("minute()", atMs: t).contains(#""45""#))
        #expect(json("days_in_month()", atMs: t).contains(#""29""#))
        #expect(json("day_of_week()", atMs: t).contains(#""4""#))
        #expect(json("day_of_year()", atMs: t).contains(#""60""#))
        #expect(json("year(vector(0))", atMs: t).contains(#""1970""#))
    }

    @Test("execution errors use the execution envelope")
    func executionError() {
        #expect(json(#"{__name__=~"http_requests_total|g"} + 1"#, atMs: 0).hasPrefix(#"{"status":"success""#))
        #expect(json(#"http_requests_total + on(pod) g"#, atMs: 0)
            == #"{"status":"error","errorType":"execution","error":"multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)"}"#)
        #expect(json(#"g + on(pod) http_requests_total"#, atMs: 0)
            == #"{"status":"error","errorType":"execution","error":"found duplicate series for the match group {pod=\"a\"} on the right hand-side of the operation: [{__name__=\"http_requests_total\", code=\"500\", pod=\"a\"}, {__name__=\"http_requests_total\", code=\"200\", pod=\"a\"}];many-to-many matching not allowed: matching labels must be unique on one side"}"#)
    }

    @Test("rate over a subquery uses the subquery range and its step times")
    func rateOverSubquery() {
        // Inner points every 1m from 0 to 5m of a counter growing 4/s: increase 1200 over 300s.
        #expect(json(#"rate(http_requests_total{code="200"}[5m:1m])"#, atMs: 300_000)
            == #"{"status":"success","data":{"resultType":"vector","result":[{"metric":{"code":"200","pod":"a"},"value":[300,"4"]}]}}"#)
    }

    @Test("the @ modifier pins the selector's time")
    func atModifier() {
        #expect(json("g @ 15", atMs: 600_000)
            == #"{"status":"success","data":{"resultType":"vector","result":[{"metric":{"__name__":"g","pod":"a"},"value":[600,"-2.5"]}]}}"#)
    }

    @Test("query text can be passed straight to the engine")
    func textQueries() throws {
        #expect(try engine().instantQuery("count(http_requests_total)", atMs: 0)
            == .vector([Sample(labels: .empty, timestampMs: 0, value: 2)]))
        #expect(try engine().rangeQuery("vector(1)", startMs: 0, endMs: 60_000, stepMs: 60_000)
            == .matrix([Series(labels: .empty, points: [Point(timestampMs: 0, value: 1), Point(timestampMs: 60_000, value: 1)])]))
        #expect(throws: PromQLError.self) { try engine().instantQuery("sum(", atMs: 0) }
    }
}
