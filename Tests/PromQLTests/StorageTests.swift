import Testing
@testable import PromQL

@Suite("SeriesStorage")
struct StorageTests {
    func makeStorage() -> SeriesStorage {
        let s = SeriesStorage()
        for pod in ["a", "b", "c"] {
            for code in ["200", "404", "500", "503"] {
                s.append(labels(["__name__": "http_requests_total", "pod": pod, "code": code]), timestampMs: 0, value: 1)
            }
        }
        s.append(labels(["__name__": "up", "pod": "a"]), timestampMs: 0, value: 1)
        s.append(labels(["__name__": "up", "pod": "b", "env": "prod"]), timestampMs: 0, value: 1)
        return s
    }

    func selectedLabels(_ s: SeriesStorage, _ matchers: [LabelMatcher]) -> [String] {
        s.select(matchers).map { s.labels(of: SeriesID($0)).description }.sorted()
    }

    @Test("an equality matcher on the name selects through the postings index, in label order")
    func nameEquality() {
        let s = makeStorage()
        // up{env="prod", pod="b"} (id 13) sorts before up{pod="a"} (id 12): "env" < "pod".
        #expect(s.select([matcher("__name__", .equal, "up")]) == [13, 12])
    }

    @Test("a negative regex keeps series whose value fails it")
    func negativeRegex() {
        let s = makeStorage()
        let ids = s.select([matcher("__name__", .equal, "http_requests_total"), matcher("code", .regexNoMatch, "5..")])
        #expect(ids.count == 6)
        #expect(ids.allSatisfy { !s.labels(of: SeriesID($0)).value(of: "code").hasPrefix("5") })
    }

    @Test("regexes are fully anchored")
    func anchoredRegex() {
        let s = makeStorage()
        #expect(s.select([matcher("code", .regexMatch, "5")]).isEmpty)
        #expect(s.select([matcher("code", .regexMatch, "50.")]).count == 6)
        #expect(s.select([matcher("code", .regexMatch, "200|404"), matcher("pod", .equal, "b")]).count == 2)
    }

    @Test("an empty-matching matcher selects series without the label")
    func emptyMatcher() {
        let s = makeStorage()
        #expect(selectedLabels(s, [matcher("__name__", .equal, "up"), matcher("env", .equal, "")]) == [#"up{pod="a"}"#])
        #expect(selectedLabels(s, [matcher("__name__", .equal, "up"), matcher("env", .notEqual, "")]) == [#"up{env="prod", pod="b"}"#])
        #expect(selectedLabels(s, [matcher("__name__", .equal, "up"), matcher("env", .notEqual, "prod")]) == [#"up{pod="a"}"#])
    }

    @Test("a new series invalidates cached selections")
    func cacheInvalidation() {
        let s = makeStorage()
        #expect(s.select([matcher("__name__", .equal, "up")]).count == 2)
        s.append(labels(["__name__": "up", "pod": "c"]), timestampMs: 0, value: 1)
        #expect(s.select([matcher("__name__", .equal, "up")]).count == 3)
    }

    @Test("samples not later than the last one are ignored, and clear empties everything")
    func appendOrder() {
        let s = SeriesStorage()
        let l = labels(["__name__": "x"])
        s.append(l, timestampMs: 10, value: 1)
        s.append(l, timestampMs: 10, value: 2)
        s.append(l, timestampMs: 5, value: 3)
        s.append(l, timestampMs: 20, value: PromQLConstants.staleNaN)
        #expect(s.records[0].times == [10, 20])
        #expect(s.records[0].values[0] == 1)
        #expect(s.records[0].staleCount == 1)
        s.clear()
        #expect(s.seriesCount == 0)
        #expect(s.select([matcher("__name__", .equal, "x")]).isEmpty)
    }

    @Test("binary searches find closed-interval boundaries")
    func binarySearch() {
        let times: [Int64] = [0, 15, 30, 45, 60]
        #expect(times.firstIndex(atOrAfter: 15) == 1)
        #expect(times.firstIndex(atOrAfter: 16) == 2)
        #expect(times.firstIndex(atOrAfter: 61) == 5)
        #expect(times.firstIndex(after: 60) == 5)
        #expect(times.firstIndex(after: 59) == 4)
        #expect(times.firstIndex(after: -1) == 0)
    }

    @Test("the staleness marker is told apart from an ordinary NaN by its bits")
    func staleNaN() {
        #expect(PromQLConstants.staleNaN.bitPattern == 0x7ff0_0000_0000_0002)
        #expect(PromQLConstants.isStaleNaN(PromQLConstants.staleNaN))
        #expect(!PromQLConstants.isStaleNaN(Double.nan))
    }
}
