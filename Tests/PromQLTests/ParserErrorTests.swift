// Invalid queries and the exact error Prometheus 2.42 prints for them (`line:col: parse error: ...`).
// Inputs and messages come from TestExpressions in promql/parser/parse_test.go (v2.42.0), which
// only checks that the message is contained; we pin the full text including the position.
import Testing
@testable import PromQL

struct ErrorCase: CustomTestStringConvertible, Sendable {
    var query: String
    var expected: String
    var testDescription: String { query.count > 60 ? String(query.prefix(60)) + "…" : query }

    static let upstream: [ErrorCase] = [
        ErrorCase(query: "", expected: "1:1: parse error: no expression found in input"),
        ErrorCase(query: "# just a comment\n\n", expected: "1:1: parse error: no expression found in input"),
        ErrorCase(query: "1+", expected: "1:3: parse error: unexpected end of input"),
        ErrorCase(query: ".", expected: "1:1: parse error: unexpected character: '.'"),
        ErrorCase(query: "2.5.", expected: "1:4: parse error: unexpected character: '.'"),
        ErrorCase(query: "100..4", expected: #"1:5: parse error: unexpected number ".4""#),
        ErrorCase(query: "0deadbeef", expected: #"1:1: parse error: bad number or duration syntax: "0de""#),
        ErrorCase(query: "1 /", expected: "1:4: parse error: unexpected end of input"),
        ErrorCase(query: "*1", expected: "1:1: parse error: unexpected <op:*>"),
        ErrorCase(query: "(1))", expected: "1:5: parse error: unexpected right parenthesis ')'"),
        ErrorCase(query: "((1)", expected: "1:5: parse error: unclosed left parenthesis"),
        ErrorCase(query: "(", expected: "1:2: parse error: unclosed left parenthesis"),
        ErrorCase(query: String(repeating: "9", count: 400),
                  expected: #"1:1: parse error: error parsing number: strconv.ParseFloat: parsing ""#
                      + String(repeating: "9", count: 400) + #"": value out of range"#),
        ErrorCase(query: "1 and 1", expected: #"1:1: parse error: set operator "and" not allowed in binary scalar expression"#),
        ErrorCase(query: "1 == 1", expected: "1:3: parse error: comparisons between scalars must use BOOL modifier"),
        ErrorCase(query: "1 or 1", expected: #"1:1: parse error: set operator "or" not allowed in binary scalar expression"#),
        ErrorCase(query: "1 unless 1", expected: #"1:1: parse error: set operator "unless" not allowed in binary scalar expression"#),
        ErrorCase(query: "1 !~ 1", expected: "1:3: parse error: unexpected character after '!': '~'"),
        ErrorCase(query: "1 =~ 1", expected: "1:3: parse error: unexpected character after '=': '~'"),
        ErrorCase(query: #"-"string""#,
                  expected: #"1:1: parse error: unary expression only allowed on expressions of type scalar or instant vector, got "string""#),
        ErrorCase(query: "-test[5m]",
                  expected: #"1:1: parse error: unary expression only allowed on expressions of type scalar or instant vector, got "range vector""#),
        ErrorCase(query: "*test", expected: "1:1: parse error: unexpected <op:*>"),
        ErrorCase(query: "1 offset 1d",
                  expected: "1:1: parse error: offset modifier must be preceded by an instant vector selector or range vector selector or a subquery"),
        ErrorCase(query: "foo offset 1s offset 2s", expected: "1:1: parse error: offset may not be set multiple times"),
        ErrorCase(query: "a - on(b) ignoring(c) d", expected: "1:11: parse error: unexpected <ignoring>"),
        ErrorCase(query: "foo and 1", expected: #"1:1: parse error: set operator "and" not allowed in binary scalar expression"#),
        ErrorCase(query: "1 unless foo", expected: #"1:1: parse error: set operator "unless" not allowed in binary scalar expression"#),
        ErrorCase(query: "1 or on(bar) foo", expected: "1:1: parse error: vector matching only allowed between instant vectors"),
        ErrorCase(query: "foo == on(bar) 10", expected: "1:1: parse error: vector matching only allowed between instant vectors"),
        ErrorCase(query: "foo + group_left(baz) bar", expected: "1:7: parse error: unexpected <group_left>"),
        ErrorCase(query: "foo and on(bar) group_left(baz) bar", expected: #"1:1: parse error: no grouping allowed for "and" operation"#),
        ErrorCase(query: "foo or on(bar) group_right(baz) bar", expected: #"1:1: parse error: no grouping allowed for "or" operation"#),
        ErrorCase(query: "foo unless on(bar) group_left(baz) bar", expected: #"1:1: parse error: no grouping allowed for "unless" operation"#),
        ErrorCase(query: #"http_requests{group="production"} + on(instance) group_left(job,instance) cpu_count{type="smp"}"#,
                  expected: #"1:35: parse error: label "instance" must not occur in ON and GROUP clause at once"#),
        ErrorCase(query: "foo + bool bar", expected: "1:5: parse error: bool modifier can only be used on comparison operators"),
        ErrorCase(query: "foo + bool 10", expected: "1:5: parse error: bool modifier can only be used on comparison operators"),
        ErrorCase(query: "foo and bool 10", expected: "1:5: parse error: bool modifier can only be used on comparison operators"),
        ErrorCase(query: "foo @ +Inf", expected: "1:1: parse error: timestamp out of bounds for @ modifier: +Inf"),
        ErrorCase(query: "foo @ -Inf", expected: "1:1: parse error: timestamp out of bounds for @ modifier: -Inf"),
        ErrorCase(query: "foo @ NaN", expected: "1:1: parse error: timestamp out of bounds for @ modifier: NaN"),
        ErrorCase(query: "foo @ 9223372036854775808.000000",
                  expected: "1:1: parse error: timestamp out of bounds for @ modifier: 9223372036854775808.000000"),
        ErrorCase(query: "foo @ -9223372036854775808.000000",
                  expected: "1:1: parse error: timestamp out of bounds for @ modifier: -9223372036854775808.000000"),
        ErrorCase(query: "{", expected: "1:2: parse error: unexpected end of input inside braces"),
        ErrorCase(query: "}", expected: "1:1: parse error: unexpected character: '}'"),
        ErrorCase(query: "some{", expected: "1:6: parse error: unexpected end of input inside braces"),
        ErrorCase(query: "some}", expected: "1:5: parse error: unexpected character: '}'"),
        ErrorCase(query: "some_metric{a=b}", expected: #"1:15: parse error: unexpected identifier "b" in label matching, expected string"#),
        ErrorCase(query: #"some_metric{a:b="b"}"#, expected: "1:14: parse error: unexpected character inside braces: ':'"),
        ErrorCase(query: #"foo{a*"b"}"#, expected: "1:6: parse error: unexpected character inside braces: '*'"),
        ErrorCase(query: #"foo{a>="b"}"#, expected: "1:6: parse error: unexpected character inside braces: '>'"),
        ErrorCase(query: "foo{gibberish}",
                  expected: #"1:14: parse error: unexpected "}" in label matching, expected label matching operator"#),
        ErrorCase(query: "foo{1}", expected: "1:5: parse error: unexpected character inside braces: '1'"),
        ErrorCase(query: "{}", expected: "1:1: parse error: vector selector must contain at least one non-empty matcher"),
        ErrorCase(query: #"{x=""}"#, expected: "1:1: parse error: vector selector must contain at least one non-empty matcher"),
        ErrorCase(query: #"{x=~".*"}"#, expected: "1:1: parse error: vector selector must contain at least one non-empty matcher"),
        ErrorCase(query: #"{x!~".+"}"#, expected: "1:1: parse error: vector selector must contain at least one non-empty matcher"),
        ErrorCase(query: #"{x!="a"}"#, expected: "1:1: parse error: vector selector must contain at least one non-empty matcher"),
        ErrorCase(query: #"foo{__name__="bar"}"#, expected: #"1:1: parse error: metric name must not be set twice: "foo" or "bar""#),
        ErrorCase(query: "foo{__name__= =}", expected: #"1:15: parse error: unexpected "=" in label matching, expected string"#),
        ErrorCase(query: "foo{,}", expected: #"1:5: parse error: unexpected "," in label matching, expected identifier or "}""#),
        ErrorCase(query: #"foo{__name__ == "bar"}"#, expected: #"1:15: parse error: unexpected "=" in label matching, expected string"#),
        ErrorCase(query: #"foo{__name__="bar" lol}"#,
                  expected: #"1:20: parse error: unexpected identifier "lol" in label matching, expected "," or "}""#),
        ErrorCase(query: "foo[5mm]", expected: #"1:5: parse error: bad duration syntax: "5mm""#),
        ErrorCase(query: "foo[5m1]", expected: #"1:5: parse error: bad duration syntax: "5m1""#),
        ErrorCase(query: "foo[5m:1m1]", expected: #"1:8: parse error: bad number or duration syntax: "1m1""#),
        ErrorCase(query: "foo[5y1hs]", expected: #"1:5: parse error: not a valid duration string: "5y1hs""#),
        ErrorCase(query: "foo[5m1h]", expected: #"1:5: parse error: not a valid duration string: "5m1h""#),
        ErrorCase(query: "foo[5m1m]", expected: #"1:5: parse error: not a valid duration string: "5m1m""#),
        ErrorCase(query: "foo[0m]", expected: "1:5: parse error: duration must be greater than 0"),
        ErrorCase(query: #"foo["5m"]"#, expected: "1:5: parse error: missing unit character in duration"),
        ErrorCase(query: "foo[]", expected: "1:5: parse error: missing unit character in duration"),
        ErrorCase(query: "foo[1]", expected: "1:5: parse error: missing unit character in duration"),
        ErrorCase(query: "some_metric[5m] OFFSET 1", expected: #"1:24: parse error: unexpected number "1" in offset, expected duration"#),
        ErrorCase(query: "some_metric[5m] OFFSET 1mm", expected: #"1:24: parse error: bad number or duration syntax: "1mm""#),
        ErrorCase(query: "some_metric[5m] OFFSET", expected: "1:23: parse error: unexpected end of input in offset, expected duration"),
        ErrorCase(query: "some_metric OFFSET 1m[5m]", expected: "1:22: parse error: no offset modifiers allowed before range"),
        ErrorCase(query: "some_metric[5m] @ 1m", expected: #"1:19: parse error: unexpected duration "1m" in @, expected timestamp"#),
        ErrorCase(query: "some_metric[5m] @", expected: "1:18: parse error: unexpected end of input in @, expected timestamp"),
        ErrorCase(query: "some_metric @ 1234 [5m]", expected: "1:20: parse error: no @ modifiers allowed before range"),
        ErrorCase(query: "(foo + bar)[5m]", expected: "1:12: parse error: ranges only allowed for vector selectors"),
        ErrorCase(query: "sum without(==)(some_metric)", expected: "1:13: parse error: unexpected <op:==> in grouping opts, expected label"),
        ErrorCase(query: "sum without(,)(some_metric)", expected: #"1:13: parse error: unexpected "," in grouping opts, expected label"#),
        ErrorCase(query: "sum without(foo,,)(some_metric)", expected: #"1:17: parse error: unexpected "," in grouping opts, expected label"#),
        ErrorCase(query: "sum some_metric by (test)", expected: #"1:5: parse error: unexpected identifier "some_metric""#),
        ErrorCase(query: "sum (some_metric) by test",
                  expected: #"1:22: parse error: unexpected identifier "test" in grouping opts, expected "(""#),
        ErrorCase(query: "sum () by (test)", expected: "1:1: parse error: no arguments for aggregate expression provided"),
        ErrorCase(query: "MIN keep_common (some_metric)", expected: #"1:5: parse error: unexpected identifier "keep_common""#),
        ErrorCase(query: "MIN (some_metric) keep_common", expected: #"1:19: parse error: unexpected identifier "keep_common""#),
        ErrorCase(query: "sum (some_metric) without (test) by (test)", expected: "1:34: parse error: unexpected <by>"),
        ErrorCase(query: "sum without (test) (some_metric) by (test)", expected: "1:34: parse error: unexpected <by>"),
        ErrorCase(query: "topk(some_metric)",
                  expected: "1:1: parse error: wrong number of arguments for aggregate expression provided, expected 2, got 1"),
        ErrorCase(query: "topk(some_metric,)", expected: "1:17: parse error: trailing commas not allowed in function call args"),
        ErrorCase(query: "topk(some_metric, other_metric)",
                  expected: "1:6: parse error: expected type scalar in aggregation parameter, got instant vector"),
        ErrorCase(query: "count_values(5, other_metric)",
                  expected: "1:14: parse error: expected type string in aggregation parameter, got scalar"),
        ErrorCase(query: "rate(some_metric[5m]) @ 1234",
                  expected: "1:1: parse error: @ modifier must be preceded by an instant vector selector or range vector selector or a subquery"),
        ErrorCase(query: "floor()", expected: #"1:1: parse error: expected 1 argument(s) in call to "floor", got 0"#),
        ErrorCase(query: "floor(some_metric, other_metric)", expected: #"1:1: parse error: expected 1 argument(s) in call to "floor", got 2"#),
        ErrorCase(query: "floor(1)", expected: #"1:7: parse error: expected type instant vector in call to function "floor", got scalar"#),
        ErrorCase(query: "hour(some_metric, some_metric, some_metric)",
                  expected: #"1:1: parse error: expected at most 1 argument(s) in call to "hour", got 3"#),
        ErrorCase(query: "time(some_metric)", expected: #"1:1: parse error: expected 0 argument(s) in call to "time", got 1"#),
        ErrorCase(query: "label_join(up)", expected: #"1:1: parse error: expected at least 3 argument(s) in call to "label_join", got 1"#),
        ErrorCase(query: "non_existent_function_far_bar()",
                  expected: #"1:1: parse error: unknown function with name "non_existent_function_far_bar""#),
        ErrorCase(query: "rate(some_metric)",
                  expected: #"1:6: parse error: expected type range vector in call to function "rate", got instant vector"#),
        ErrorCase(query: "-=", expected: #"1:2: parse error: unexpected "=""#),
        ErrorCase(query: "++-++-+-+-<", expected: "1:11: parse error: unexpected <op:<>"),
        ErrorCase(query: "e-+=/(0)", expected: #"1:4: parse error: unexpected "=""#),
        ErrorCase(query: "a>b()", expected: #"1:3: parse error: unknown function with name "b""#),
        ErrorCase(query: "rate(avg)", expected: #"1:6: parse error: expected type range vector in call to function "rate", got instant vector"#),
        ErrorCase(query: "`\\``", expected: "1:4: parse error: unterminated raw string"),
        ErrorCase(query: #""\"#, expected: "1:1: parse error: escape sequence not terminated"),
        ErrorCase(query: #""\c""#, expected: "1:1: parse error: unknown escape sequence U+0063 'c'"),
        ErrorCase(query: #""\x.""#, expected: "1:1: parse error: illegal character U+002E '.' in escape sequence"),
        ErrorCase(query: "test[5d] OFFSET 10s [10m:5s]",
                  expected: "1:1: parse error: subquery is only allowed on instant vector, got matrix instead"),
        ErrorCase(query: #"(foo + bar{nm="val"})[5m:][10m:5s]"#,
                  expected: "1:1: parse error: subquery is only allowed on instant vector, got matrix instead"),
        ErrorCase(query: "rate(food[1m])[1h] offset 1h", expected: "1:15: parse error: ranges only allowed for vector selectors"),
        ErrorCase(query: "rate(food[1m])[1h] @ 100", expected: "1:15: parse error: ranges only allowed for vector selectors"),
        ErrorCase(query: "start()", expected: #"1:6: parse error: unexpected "(""#),
        ErrorCase(query: "end()", expected: #"1:4: parse error: unexpected "(""#),
        // Beyond upstream's table: contexts of yacc's error recovery and multi-line positions.
        ErrorCase(query: "sum(rate(foo 1))", expected: #"1:14: parse error: unexpected number "1" in aggregation"#),
        ErrorCase(query: "sum by (a)", expected: "1:11: parse error: unexpected end of input in aggregation"),
        ErrorCase(query: "foo @ start", expected: "1:12: parse error: unexpected end of input in @, expected timestamp"),
        ErrorCase(query: "foo[5m:1m", expected: "1:10: parse error: unclosed left bracket"),
        ErrorCase(query: "foo[5m 1m]", expected: #"1:8: parse error: unexpected duration "1m" in subquery or range, expected ":" or "]""#),
        ErrorCase(query: "foo +\n  bar{", expected: "2:7: parse error: unexpected end of input inside braces"),
        ErrorCase(query: "foo{a=~\"(\"}", expected: "1:5: parse error: error parsing regexp: invalid regular expression `(`"),
        ErrorCase(query: "foo @ 1 @ 2", expected: "1:1: parse error: @ <timestamp> may not be set multiple times"),
        ErrorCase(query: "x[5m:0s]", expected: "1:6: parse error: duration must be greater than 0"),
        ErrorCase(query: "foo[5m::]", expected: "1:8: parse error: unexpected colon ':'"),
        ErrorCase(query: "rate(x[106752d])", expected: "1:8: parse error: duration out of range"),
        ErrorCase(query: "x offset 300y", expected: "1:10: parse error: duration out of range"),
        ErrorCase(query: "foo[5m[", expected: "1:7: parse error: unexpected left bracket '['"),
        ErrorCase(query: "foo]", expected: "1:4: parse error: unexpected right bracket ']'"),
        ErrorCase(query: #"foo{a!b="c"}"#, expected: "1:6: parse error: unexpected character after '!' inside braces: 'b'"),
        ErrorCase(query: "foo{a={}", expected: "1:7: parse error: unexpected left brace '{'"),
        ErrorCase(query: #""abc"#, expected: "1:1: parse error: unterminated quoted string"),
        ErrorCase(query: #""\U00110000""#, expected: "1:1: parse error: escape sequence is an invalid Unicode code point"),
        ErrorCase(query: "1e", expected: #"1:1: parse error: error parsing number: strconv.ParseFloat: parsing "1e": invalid syntax"#),
        ErrorCase(query: "foo[5m] + 1", expected: "1:1: parse error: binary expression must contain only scalar and instant vector types"),
        ErrorCase(query: "1 - foo[5m]", expected: "1:5: parse error: binary expression must contain only scalar and instant vector types"),
    ]
}

@Suite("Parser: errors")
struct ParserErrorTests {
    @Test("invalid queries fail with Prometheus' message and position", arguments: ErrorCase.upstream)
    func failsWithMessage(_ testCase: ErrorCase) {
        do {
            let node = try parseExpression(testCase.query)
            Issue.record("expected an error, parsed \(shape(node))")
        } catch {
            #expect(error.kind == .parse)
            #expect(error.rendered(query: testCase.query) == testCase.expected)
        }
    }

    @Test("execution errors render without a position")
    func executionErrorRendering() {
        let error = PromQLError.execution("vector cannot contain metrics with the same labelset")
        #expect(error.rendered(query: "x") == "vector cannot contain metrics with the same labelset")
        #expect(error.kind.rawValue == "execution")
        #expect(PromQLError.parse("x", at: PositionRange(start: 99, end: 99)).rendered(query: "ab") == "invalid position: parse error: x")
        #expect(PromQLError.parse("x", at: PositionRange(start: 99, end: 99)).location(in: "ab") == nil)
        #expect(error.location(in: "x") == nil)
        #expect(PromQLError(kind: .parse, message: "end timestamp must not be before start time").rendered(query: "x")
            == "end timestamp must not be before start time")
    }

    @Test("location gives the line and byte column that rendered prints")
    func location() {
        let query = "sum(\n  rate(x[5m]) +\n  )"
        do {
            _ = try parseExpression(query)
            Issue.record("expected an error")
        } catch {
            let location = error.location(in: query)
            #expect(location?.line == 3 && location?.column == 3)
            #expect(error.rendered(query: query) == "3:3: parse error: unexpected \")\" in aggregation")
        }
    }

    @Test("deep nesting is refused with a positioned error instead of exhausting the stack")
    func deepNesting() {
        let depth = Parser.maxExpressionDepth + 10
        let queries = [
            String(repeating: "(", count: depth) + "1" + String(repeating: ")", count: depth),
            String(repeating: "-", count: depth) + "foo",
            "(" + String(repeating: "-{}-1", count: 10_000) + ")" + String(repeating: "[1m:]", count: 1000),
            "foo" + String(repeating: "[1m:]", count: depth),
            String(repeating: "abs(", count: depth) + "x" + String(repeating: ")", count: depth),
        ]
        for query in queries {
            do {
                _ = try parseExpression(query)
                Issue.record("expected a depth error for a query of \(query.utf8.count) bytes")
            } catch {
                #expect(error.message == "expression nesting exceeds the maximum depth of \(Parser.maxExpressionDepth)")
                let position = error.position ?? PositionRange(start: -1, end: -1)
                #expect(position.start >= 0 && position.end <= query.utf8.count)
            }
        }
    }
}
