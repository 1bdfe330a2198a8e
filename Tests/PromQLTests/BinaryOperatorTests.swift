import Testing
@testable import PromQL

@Suite("Binary operators")
struct BinaryOperatorTests {
    func engine(_ samples: [(KeyValuePairs<String, String>, Double)]) -> Engine {
        let s = SeriesStorage()
        for (l, v) in samples { s.append(Labels(l), timestampMs: 0, value: v) }
        return Engine(storage: s)
    }

    @Test("division by zero gives +Inf, NaN and -Inf; the name is dropped")
    func divisionByZero() throws {
        let e = engine([(["__name__": "x", "i": "a"], 1), (["__name__": "x", "i": "b"], 0), (["__name__": "x", "i": "c"], -1)])
        let out = try vector(e, binary(.div, sel("x"), num(0)), atMs: 0)
        #expect(out.map(\.labels) == [labels(["i": "a"]), labels(["i": "b"]), labels(["i": "c"])])
        #expect(out[0].value == .infinity && out[1].value.isNaN && out[2].value == -.infinity)
        guard case .scalar(_, let v) = try e.instantQuery(binary(.div, num(0), num(0)), atMs: 0) else { Issue.record("scalar"); return }
        #expect(v.isNaN)
    }

    @Test("% is Go math.Mod and ^ is math.Pow")
    func modAndPow() throws {
        let e = engine([])
        #expect(try e.instantQuery(binary(.mod, num(-7), num(3)), atMs: 0) == .scalar(timestampMs: 0, value: -1))
        #expect(try e.instantQuery(binary(.mod, num(7), num(-3)), atMs: 0) == .scalar(timestampMs: 0, value: 1))
        #expect(try e.instantQuery(binary(.pow, num(2), num(10)), atMs: 0) == .scalar(timestampMs: 0, value: 1024))
        #expect(try e.instantQuery(negate(binary(.pow, num(2), num(2))), atMs: 0) == .scalar(timestampMs: 0, value: -4))
        #expect(goPow(0, -1) == .infinity && goPow(-8, 1.0 / 3).isNaN && goPow(4, 0.5) == 2)
    }

    @Test("a > on(x) b keeps only x and the left value")
    func comparisonOn() throws {
        let e = engine([(["__name__": "a", "x": "1", "y": "2"], 5), (["__name__": "b", "x": "1", "z": "3"], 3),
                        (["__name__": "a", "x": "2", "y": "2"], 1), (["__name__": "b", "x": "2", "z": "3"], 3)])
        let q = binary(.gtr, sel("a"), sel("b"), matching: VectorMatching(cardinality: .oneToOne, matchingLabels: ["x"], on: true))
        #expect(try vector(e, q, atMs: 0) == [Sample(labels: labels(["x": "1"]), timestampMs: 0, value: 5)])
        let withBool = binary(.gtr, sel("a"), sel("b"), matching: VectorMatching(cardinality: .oneToOne, matchingLabels: ["x"], on: true), returnBool: true)
        #expect(try vector(e, withBool, atMs: 0).map(\.value) == [1, 0])
    }

    @Test("a comparison without on keeps the left labels, name included; with bool the name goes")
    func comparisonKeepsName() throws {
        let e = engine([(["__name__": "a", "x": "1"], 5), (["__name__": "b", "x": "1"], 3)])
        #expect(try vector(e, binary(.gtr, sel("a"), sel("b")), atMs: 0) == [Sample(labels: labels(["__name__": "a", "x": "1"]), timestampMs: 0, value: 5)])
        #expect(try vector(e, binary(.lss, num(3), sel("a")), atMs: 0) == [Sample(labels: labels(["__name__": "a", "x": "1"]), timestampMs: 0, value: 5)])
        #expect(try vector(e, binary(.gtr, sel("a"), num(9), returnBool: true), atMs: 0) == [Sample(labels: labels(["x": "1"]), timestampMs: 0, value: 0)])
    }

    @Test("group_left copies the listed labels from the one side")
    func groupLeft() throws {
        let e = engine([(["__name__": "a", "x": "1", "y": "p"], 2), (["__name__": "a", "x": "1", "y": "q"], 4),
                        (["__name__": "info", "x": "1", "team": "t"], 10)])
        let q = binary(.mul, sel("a"), sel("info"), matching: VectorMatching(cardinality: .manyToOne, matchingLabels: ["x"], on: true, include: ["team"]))
        #expect(try vector(e, q, atMs: 0) == [
            Sample(labels: labels(["team": "t", "x": "1", "y": "p"]), timestampMs: 0, value: 20),
            Sample(labels: labels(["team": "t", "x": "1", "y": "q"]), timestampMs: 0, value: 40),
        ])
    }

    @Test("group_right comparison carries the one side's value under the many side's labels")
    func groupRightComparison() throws {
        let e = engine([(["__name__": "o", "job": "j"], 5), (["__name__": "m", "job": "j", "i": "1"], 1), (["__name__": "m", "job": "j", "i": "2"], 9)])
        let q = binary(.gtr, sel("o"), sel("m"), matching: VectorMatching(cardinality: .oneToMany, matchingLabels: ["job"], on: true))
        #expect(try vector(e, q, atMs: 0) == [Sample(labels: labels(["__name__": "m", "i": "1", "job": "j"]), timestampMs: 0, value: 5)])
    }

    @Test("duplicate series on the one side fail with 2.42's message")
    func manyToMany() throws {
        let e = engine([(["__name__": "a", "x": "1"], 1), (["__name__": "b", "x": "1", "z": "3"], 1), (["__name__": "b", "x": "1", "z": "4"], 1)])
        let q = binary(.add, sel("a"), sel("b"), matching: VectorMatching(cardinality: .oneToOne, matchingLabels: ["x"], on: true))
        #expect(throws: PromQLError(kind: .execution, message: #"found duplicate series for the match group {x="1"} on the right hand-side of the operation: [{__name__="b", x="1", z="4"}, {__name__="b", x="1", z="3"}];many-to-many matching not allowed: matching labels must be unique on one side"#)) {
            try e.instantQuery(q, atMs: 0)
        }
        let reversed = binary(.add, sel("b"), sel("a"), matching: VectorMatching(cardinality: .oneToOne, matchingLabels: ["x"], on: true))
        #expect(throws: PromQLError(kind: .execution, message: "multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)")) {
            try e.instantQuery(reversed, atMs: 0)
        }
    }

    @Test("arithmetic that drops the name can collide")
    func sameLabelset() throws {
        let e = engine([(["__name__": "a", "x": "1"], 1), (["__name__": "b", "x": "1"], 2)])
        #expect(throws: PromQLError(kind: .execution, message: "vector cannot contain metrics with the same labelset")) {
            try e.instantQuery(binary(.add, sel(nil, [matcher("x", .equal, "1")]), num(1)), atMs: 0)
        }
    }

    @Test("and, or, unless match on signatures")
    func setOperators() throws {
        let e = engine([(["__name__": "a", "x": "1"], 1), (["__name__": "a", "x": "2"], 2), (["__name__": "b", "x": "2"], 20), (["__name__": "b", "x": "3"], 30)])
        #expect(try vector(e, binary(.land, sel("a"), sel("b")), atMs: 0).map(\.value) == [2])
        #expect(try vector(e, binary(.lor, sel("a"), sel("b")), atMs: 0).map(\.value) == [1, 2, 30])
        #expect(try vector(e, binary(.lunless, sel("a"), sel("b")), atMs: 0).map(\.value) == [1])
    }
}
