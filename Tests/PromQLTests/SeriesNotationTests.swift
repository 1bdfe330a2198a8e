// The promtool series notation. Cases from TestParseSeries in promql/parser/parse_test.go
// (v2.42.0), plus the expansion rules promqltest files rely on.
import Testing
@testable import PromQL

struct SeriesCase: CustomTestStringConvertible, Sendable {
    var line: String
    var labels: Labels
    var values: [SeriesSlotValue]
    var testDescription: String { line }

    static func v(_ numbers: Double...) -> [SeriesSlotValue] { numbers.map { .value($0) } }

    static let upstream: [SeriesCase] = [
        SeriesCase(line: "{} 1 2 3", labels: .empty, values: v(1, 2, 3)),
        SeriesCase(line: #"{a="b"} -1 2 3"#, labels: Labels(["a": "b"]), values: v(-1, 2, 3)),
        SeriesCase(line: "my_metric 1 2 3", labels: Labels(["__name__": "my_metric"]), values: v(1, 2, 3)),
        SeriesCase(line: "my_metric{} 1 2 3", labels: Labels(["__name__": "my_metric"]), values: v(1, 2, 3)),
        SeriesCase(line: #"my_metric{a="b"} 1 2 3"#, labels: Labels(["__name__": "my_metric", "a": "b"]), values: v(1, 2, 3)),
        SeriesCase(line: #"my_metric{a="b"} 1 2 3-10x4"#, labels: Labels(["__name__": "my_metric", "a": "b"]),
                   values: v(1, 2, 3, -7, -17, -27, -37)),
        SeriesCase(line: #"my_metric{a="b"} 1 2 3-0x4"#, labels: Labels(["__name__": "my_metric", "a": "b"]),
                   values: v(1, 2, 3, 3, 3, 3, 3)),
        SeriesCase(line: #"my_metric{a="b"} 1 3 _ 5 _x4"#, labels: Labels(["__name__": "my_metric", "a": "b"]),
                   values: [.value(1), .value(3), .omitted, .value(5), .omitted, .omitted, .omitted, .omitted]),
        SeriesCase(line: #"my_metric{a="b"} 1 -1"#, labels: Labels(["__name__": "my_metric", "a": "b"]), values: v(1, -1)),
        SeriesCase(line: #"my_metric{a="b"} 1 +1"#, labels: Labels(["__name__": "my_metric", "a": "b"]), values: v(1, 1)),
        SeriesCase(line: #"my_metric{a="b"} 1 -1 -3-10x4 7 9 +5"#, labels: Labels(["__name__": "my_metric", "a": "b"]),
                   values: v(1, -1, -3, -13, -23, -33, -43, 7, 9, 5)),
        SeriesCase(line: #"my_metric{a="b"} 1 +1 +4 -6 -2 8"#, labels: Labels(["__name__": "my_metric", "a": "b"]),
                   values: v(1, 1, 4, -6, -2, 8)),
        SeriesCase(line: #"my_metric{a="b"} 1 2 3    "#, labels: Labels(["__name__": "my_metric", "a": "b"]), values: v(1, 2, 3)),
        SeriesCase(line: #"my_metric{a="\u70ac"} 1 2 3"#, labels: Labels(["__name__": "my_metric", "a": "炬"]), values: v(1, 2, 3)),
        SeriesCase(line: #"my_metric{a="\u70ac = torch"} 1 2 3"#, labels: Labels(["__name__": "my_metric", "a": "炬 = torch"]),
                   values: v(1, 2, 3)),
        // Beyond upstream's table.
        SeriesCase(line: "http_requests{job=\"api\"} 0+10x3", labels: Labels(["__name__": "http_requests", "job": "api"]),
                   values: v(0, 10, 20, 30)),
        SeriesCase(line: "m 1x3", labels: Labels(["__name__": "m"]), values: v(1, 1, 1, 1)),
        SeriesCase(line: "m 1-1x3", labels: Labels(["__name__": "m"]), values: v(1, 0, -1, -2)),
        SeriesCase(line: "m 0x10", labels: Labels(["__name__": "m"]), values: Array(repeating: .value(0), count: 11)),
        SeriesCase(line: "m 1 _x3 stale 2", labels: Labels(["__name__": "m"]),
                   values: [.value(1), .omitted, .omitted, .omitted, .stale, .value(2)]),
        SeriesCase(line: "m Inf -Inf NaN", labels: Labels(["__name__": "m"]), values: v(.infinity, -.infinity, .nan)),
        SeriesCase(line: "m _x0 1", labels: Labels(["__name__": "m"]), values: v(1)),
        SeriesCase(line: "m 010 1e3 .5", labels: Labels(["__name__": "m"]), values: v(8, 1000, 0.5)),
        SeriesCase(line: "sum 1", labels: Labels(["__name__": "sum"]), values: v(1)),
        SeriesCase(line: "m", labels: Labels(["__name__": "m"]), values: []),
    ]

    static let failing: [String] = [
        #"my_metric{a="b"} 1 3 _ 5 _a4"#,
        #"my_metric{a="b"} -3-3 -3"#,
        #"my_metric{a="b"} -3 -3-3"#,
        #"my_metric{a="b"} -3 _-2"#,
        #"my_metric{a="b"} -3 3+3x4-4"#,
        "m 0x1F",
        "m foo",
        "m 1x1.5",
        #"m{a=~"b"} 1"#,
    ]
}

@Suite("Series notation")
struct SeriesNotationTests {
    @Test("series descriptions expand as promtool expands them", arguments: SeriesCase.upstream)
    func expands(_ testCase: SeriesCase) throws {
        let (labels, values) = try parseSeriesDescription(testCase.line)
        #expect(labels == testCase.labels)
        #expect(values == testCase.values)
    }

    @Test("malformed series descriptions are rejected", arguments: SeriesCase.failing)
    func rejects(_ line: String) {
        #expect(throws: PromQLError.self) { try parseSeriesDescription(line) }
    }

    @Test("a+bxn adds b repeatedly, so float error accumulates exactly as in Prometheus")
    func repeatedAddition() throws {
        let (_, values) = try parseSeriesDescription("m 0.1+0.1x10")
        var expected: [SeriesSlotValue] = []
        var running = 0.1
        for _ in 0...10 {
            expected.append(.value(running))
            running += 0.1
        }
        #expect(values == expected)
        // 0.1 + 0.1 + 0.1 is not 0.3 and not 0.1 + 2 * 0.1 either; the third slot shows it.
        #expect(values[2] == .value(0.30000000000000004))
        #expect(values[10] == .value(1.0999999999999999))
        #expect(values[10] != .value(0.1 + 10 * 0.1))
    }

    @Test("errors in series lines name the offending token")
    func errorMessages() {
        let cases: [(String, String)] = [
            ("m 1 foo", #"1:5: parse error: unexpected identifier "foo" in series values, expected number or "stale""#),
            ("m 1 _a4", #"1:6: parse error: unexpected identifier "a4" in series values"#),
            ("m 1x1.5", #"1:5: parse error: invalid repetition in series values: strconv.ParseUint: parsing "1.5": invalid syntax"#),
            (#"m{a=~"b"} 1"#, #"1:4: parse error: unexpected <op:=~> in label set, expected "=""#),
            ("m 1 #", "1:5: parse error: unexpected character in series sequence: '#'"),
            ("m 1a", #"1:3: parse error: bad number syntax: "1""#),
            ("m _x10000001", "1:5: parse error: series description expands to more than 10000000 values"),
        ]
        for (line, expected) in cases {
            do {
                _ = try parseSeriesDescription(line)
                Issue.record("expected an error for \(line)")
            } catch {
                #expect(error.rendered(query: line) == expected)
            }
        }
    }
}

@Suite("Lexer")
struct LexerTests {
    @Test("durations, numbers and keywords lex as Prometheus lexes them")
    func tokenKinds() {
        let kinds = Lexer.tokenize("sum by (a) (rate(x[1m30s] offset -5m)) > bool 0x1F").map(\.kind)
        #expect(kinds == [.sum, .by, .leftParen, .identifier, .rightParen, .leftParen, .identifier, .leftParen,
                          .identifier, .leftBracket, .duration, .rightBracket, .offset, .sub, .duration, .rightParen,
                          .rightParen, .gtr, .bool, .number, .eof])
    }

    @Test("keywords inside braces are plain identifiers")
    func keywordsInBraces() {
        let tokens = Lexer.tokenize(#"{by="x", sum!~"y"}"#)
        #expect(tokens.map(\.kind) == [.leftBrace, .identifier, .eql, .string, .comma, .identifier, .neqRegex, .string,
                                       .rightBrace, .eof])
    }

    @Test("token descriptions follow Item.desc")
    func descriptions() {
        let tokens = Lexer.tokenize(#"foo 1 "a long string value" 5m sum by ( @"#)
        #expect(tokens.map(\.description) == [#"identifier "foo""#, #"number "1""#, #"string "\"a long st"..."#,
                                               #"duration "5m""#, "<aggr:sum>", "<by>", #""(""#,
                                               #""<Item 57385>" <op:@>"#, "error unclosed left parenthesis"])
    }

    @Test("durations parse like model.ParseDuration")
    func durations() {
        #expect(parsePromQLDuration("1h30m") == .success(5_400_000))
        #expect(parsePromQLDuration("30ms") == .success(30))
        #expect(parsePromQLDuration("1y2w3d4h5m6s7ms") == .success(31_536_000_000 + 1_209_600_000 + 259_200_000 + 14_400_000 + 300_000 + 6_000 + 7))
        #expect(parsePromQLDuration("0") == .success(0))
        #expect(parsePromQLDuration("5m1h") == .failure(DurationSyntaxError(message: #"not a valid duration string: "5m1h""#)))
        #expect(parsePromQLDuration("1m1m") == .failure(DurationSyntaxError(message: #"not a valid duration string: "1m1m""#)))
        #expect(parsePromQLDuration("99999999999y") == .failure(DurationSyntaxError(message: "duration out of range")))
        // Go keeps durations in int64 nanoseconds: 106751 days fit, 106752 days do not.
        #expect(parsePromQLDuration("106751d") == .success(106_751 * 86_400_000))
        #expect(parsePromQLDuration("106752d") == .failure(DurationSyntaxError(message: "duration out of range")))
        #expect(parsePromQLDuration("292y") == .success(292 * 31_536_000_000))
        #expect(parsePromQLDuration("293y") == .failure(DurationSyntaxError(message: "duration out of range")))
        #expect(parsePromQLDuration("106751d23h47m16s854ms") == .success(9_223_372_036_854))
        #expect(parsePromQLDuration("106751d23h47m16s855ms") == .failure(DurationSyntaxError(message: "duration out of range")))
    }
}

@Suite("Function signatures")
struct FunctionSignatureTests {
    @Test("every function of Prometheus 2.42 has a signature")
    func fullTable() throws {
        #expect(FunctionSignatures.all.count == 70)
        #expect(FunctionSignatures.all.map(\.name) == FunctionSignatures.all.map(\.name).sorted())
        let rate = try #require(FunctionSignatures.signature(named: "rate"))
        #expect(rate.argumentTypes == [.matrix] && rate.returnType == .vector && rate.variadic == 0)
        let labelJoin = try #require(FunctionSignatures.signature(named: "label_join"))
        #expect(labelJoin.argumentTypes == [.vector, .string, .string, .string] && labelJoin.variadic == -1)
        let round = try #require(FunctionSignatures.signature(named: "round"))
        #expect(round.argumentTypes == [.vector, .scalar] && round.variadic == 1)
        #expect(FunctionSignatures.signature(named: "histogram_quantile")?.argumentTypes == [.scalar, .vector])
        #expect(FunctionSignatures.signature(named: "pi")?.returnType == .scalar)
        #expect(FunctionSignatures.signature(named: "sort_by_label") == nil)
    }
}

@Suite("Go number formatting")
struct GoFixedFormatTests {
    @Test("%f rounds the exact binary value half to even at six decimals, as Go does")
    func fixedSixDecimals() {
        // Expected strings from an exactly rounding printf (Python's '%f', same rule as Go's).
        let cases: [(Double, String)] = [
            (0.5, "0.500000"), (0.1, "0.100000"), (2.5e-7, "0.000000"), (5e-7, "0.000000"),
            (1.5e-6, "0.000002"), (123.4567891, "123.456789"), (-5e-7, "-0.000000"), (0, "0.000000"),
            (-0.0, "-0.000000"), (1234567.0000005, "1234567.000000"), (Double.leastNonzeroMagnitude, "0.000000"), (1e-6, "0.000001"),
            (99.9999995, "100.000000"), (0x1p63, "9223372036854775808.000000"),
            (1e21, "1000000000000000000000.000000"), (.infinity, "+Inf"), (-.infinity, "-Inf"), (.nan, "NaN"),
            (1e300, "1000000000000000052504760255204420248704468581108159154915854115511802457988908195786371375080447864043704443832883878176942523235360430575644792184786706982848387200926575803737830233794788090059368953234970799945081119038967640880074652742780142494579258788820056842838115669472196386865459400540160.000000"),
        ]
        for (value, expected) in cases {
            #expect(goFixedSixDecimals(value) == expected, "\(value)")
        }
    }
}
