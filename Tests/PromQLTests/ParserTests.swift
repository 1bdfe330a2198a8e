// Valid queries and the tree shape Prometheus 2.42 builds for them. Most inputs come from
// TestExpressions in promql/parser/parse_test.go (v2.42.0); the expected trees are written in
// the s-expression form of TreeShape.swift.
import Testing
@testable import PromQL

struct ShapeCase: CustomTestStringConvertible, Sendable {
    var query: String
    var expected: String
    var testDescription: String { query }

    static let upstream: [ShapeCase] = [
        // Number literals.
        ShapeCase(query: "1", expected: "1"),
        ShapeCase(query: "+Inf", expected: "inf"),
        ShapeCase(query: "-Inf", expected: "-inf"),
        ShapeCase(query: "NaN", expected: "nan"),
        ShapeCase(query: ".5", expected: "0.5"),
        ShapeCase(query: "5.", expected: "5"),
        ShapeCase(query: "123.4567", expected: "123.4567"),
        ShapeCase(query: "5e-3", expected: "0.005"),
        ShapeCase(query: "5e3", expected: "5000"),
        ShapeCase(query: "0xc", expected: "12"),
        ShapeCase(query: "0755", expected: "493"),
        ShapeCase(query: "+5.5e-3", expected: "0.0055"),
        ShapeCase(query: "-0755", expected: "-493"),
        // Arithmetic, precedence and associativity.
        ShapeCase(query: "1 + 1", expected: "(+ 1 1)"),
        ShapeCase(query: "1 % 1", expected: "(% 1 1)"),
        ShapeCase(query: "1 == bool 1", expected: "(== bool 1 1)"),
        ShapeCase(query: "1 <= bool 1", expected: "(<= bool 1 1)"),
        ShapeCase(query: "-1^2", expected: "(neg (^ 1 2))"),
        ShapeCase(query: "-1*2", expected: "(* -1 2)"),
        ShapeCase(query: "-1+2", expected: "(+ -1 2)"),
        ShapeCase(query: "-1^-2", expected: "(neg (^ 1 -2))"),
        ShapeCase(query: "+1 + -2 * 1", expected: "(+ 1 (* -2 1))"),
        ShapeCase(query: "1 + 2/(3*1)", expected: "(+ 1 (/ 2 (paren (* 3 1))))"),
        ShapeCase(query: "1 < bool 2 - 1 * 2", expected: "(< bool 1 (- 2 (* 1 2)))"),
        ShapeCase(query: "2 ^ 3 ^ 2", expected: "(^ 2 (^ 3 2))"),
        ShapeCase(query: "1 - 2 - 3", expected: "(- (- 1 2) 3)"),
        ShapeCase(query: "1 + -2 ^ 2", expected: "(+ 1 (neg (^ 2 2)))"),
        ShapeCase(query: "2 ^ -1 * 3", expected: "(* (^ 2 -1) 3)"),
        ShapeCase(query: "- - 1", expected: "1"),
        ShapeCase(query: "-some_metric", expected: "(neg some_metric)"),
        ShapeCase(query: "+some_metric", expected: "(pos some_metric)"),
        ShapeCase(query: " +some_metric", expected: "(pos some_metric)"),
        ShapeCase(query: "-foo offset 5m", expected: "(neg foo offset 300000ms)"),
        // Vector binary operations and matching.
        ShapeCase(query: "foo * bar", expected: "(* [one-to-one ignoring()] foo bar)"),
        ShapeCase(query: "foo * sum", expected: "(* [one-to-one ignoring()] foo sum)"),
        ShapeCase(query: "foo == 1", expected: "(== foo 1)"),
        ShapeCase(query: "foo == bool 1", expected: "(== bool foo 1)"),
        ShapeCase(query: "2.5 / bar", expected: "(/ 2.5 bar)"),
        ShapeCase(query: "foo and bar", expected: "(and [many-to-many ignoring()] foo bar)"),
        ShapeCase(query: "foo or bar", expected: "(or [many-to-many ignoring()] foo bar)"),
        ShapeCase(query: "foo unless bar", expected: "(unless [many-to-many ignoring()] foo bar)"),
        ShapeCase(query: "foo + bar or bla and blub",
                  expected: "(or [many-to-many ignoring()] (+ [one-to-one ignoring()] foo bar) (and [many-to-many ignoring()] bla blub))"),
        ShapeCase(query: "foo and bar unless baz or qux",
                  expected: "(or [many-to-many ignoring()] (unless [many-to-many ignoring()] (and [many-to-many ignoring()] foo bar) baz) qux)"),
        ShapeCase(query: "bar + on(foo) bla / on(baz, buz) group_right(test) blub",
                  expected: "(+ [one-to-one on(foo)] bar (/ [one-to-many on(baz,buz) include(test)] bla blub))"),
        ShapeCase(query: "foo * on(test,blub) bar", expected: "(* [one-to-one on(test,blub)] foo bar)"),
        ShapeCase(query: "foo * on(test,blub) group_left bar", expected: "(* [many-to-one on(test,blub)] foo bar)"),
        ShapeCase(query: "foo and on(test,blub) bar", expected: "(and [many-to-many on(test,blub)] foo bar)"),
        ShapeCase(query: "foo and on() bar", expected: "(and [many-to-many on()] foo bar)"),
        ShapeCase(query: "foo and ignoring(test,blub) bar", expected: "(and [many-to-many ignoring(test,blub)] foo bar)"),
        ShapeCase(query: "foo / on(test,blub) group_left(bar) bar",
                  expected: "(/ [many-to-one on(test,blub) include(bar)] foo bar)"),
        ShapeCase(query: "foo / ignoring(test,blub) group_left(blub) bar",
                  expected: "(/ [many-to-one ignoring(test,blub) include(blub)] foo bar)"),
        ShapeCase(query: "foo - on(test,blub) group_right(bar,foo) bar",
                  expected: "(- [one-to-many on(test,blub) include(bar,foo)] foo bar)"),
        ShapeCase(query: "a atan2 b", expected: "(atan2 [one-to-one ignoring()] a b)"),
        ShapeCase(query: "foo unless on(start) bar", expected: "(unless [many-to-many on(start)] foo bar)"),
        ShapeCase(query: "a + sum", expected: "(+ [one-to-one ignoring()] a sum)"),
        ShapeCase(query: #"rate(http_requests_total{job="api"}[5m]) > 0.5 and on(pod) up == 1"#,
                  expected: #"(and [many-to-many on(pod)] (> (rate http_requests_total{job="api"}[300000ms]) 0.5) (== up 1))"#),
        // Selectors.
        ShapeCase(query: "foo", expected: "foo"),
        ShapeCase(query: "min", expected: "min"),
        ShapeCase(query: "start", expected: "start"),
        ShapeCase(query: #"start{end="foo"}"#, expected: #"start{end="foo"}"#),
        ShapeCase(query: "foo offset 5m", expected: "foo offset 300000ms"),
        ShapeCase(query: "foo offset -7m", expected: "foo offset -420000ms"),
        ShapeCase(query: "foo OFFSET 1h30m", expected: "foo offset 5400000ms"),
        ShapeCase(query: "foo OFFSET 1m30ms", expected: "foo offset 60030ms"),
        ShapeCase(query: "foo @ 1603774568", expected: "foo @ 1603774568000ms"),
        ShapeCase(query: "foo @ -100", expected: "foo @ -100000ms"),
        ShapeCase(query: "foo @ .3", expected: "foo @ 300ms"),
        ShapeCase(query: "foo @ 3.3335", expected: "foo @ 3334ms"),
        ShapeCase(query: "foo @ 3e-1", expected: "foo @ 300ms"),
        ShapeCase(query: "foo @ 0xA", expected: "foo @ 10000ms"),
        ShapeCase(query: "foo @ -3.3e1", expected: "foo @ -33000ms"),
        ShapeCase(query: "foo @ 1e17", expected: "foo @ -9223372036854775808ms"),
        ShapeCase(query: #"foo:bar{a="bc"}"#, expected: #"foo:bar{a="bc"}"#),
        ShapeCase(query: "foo{NaN='bc'}", expected: #"foo{NaN="bc"}"#),
        ShapeCase(query: "foo{bar='}'}", expected: #"foo{bar="}"}"#),
        ShapeCase(query: #"foo{a="b", foo!="bar", test=~"test", bar!~"baz",}"#,
                  expected: #"foo{a="b",foo!="bar",test=~"test",bar!~"baz"}"#),
        ShapeCase(query: #"{__name__="foo"}"#, expected: #"{__name__="foo"}"#),
        ShapeCase(query: "test[5s]", expected: "test[5000ms]"),
        ShapeCase(query: "foo[5m30s]", expected: "foo[330000ms]"),
        ShapeCase(query: "test[5h] OFFSET 5m", expected: "test[18000000ms] offset 300000ms"),
        ShapeCase(query: "test[5w] offset 2w", expected: "test[3024000000ms] offset 1209600000ms"),
        ShapeCase(query: #"test{a="b"}[5y] @ 1603774699"#, expected: #"test{a="b"}[157680000000ms] @ 1603774699000ms"#),
        ShapeCase(query: "foo @ start()", expected: "foo @ start()"),
        ShapeCase(query: "test[5y] @ end()", expected: "test[157680000000ms] @ end()"),
        ShapeCase(query: "foo offset 5m @ 10", expected: "foo offset 300000ms @ 10000ms"),
        ShapeCase(query: "foo @ 10 offset 5m", expected: "foo offset 300000ms @ 10000ms"),
        // Aggregations.
        ShapeCase(query: "sum by (foo)(some_metric)", expected: "(sum by(foo) some_metric)"),
        ShapeCase(query: "avg by (foo)(some_metric)", expected: "(avg by(foo) some_metric)"),
        ShapeCase(query: "sum without (foo) (some_metric)", expected: "(sum without(foo) some_metric)"),
        ShapeCase(query: "sum (some_metric) without (foo)", expected: "(sum without(foo) some_metric)"),
        ShapeCase(query: "stdvar by (foo)(some_metric)", expected: "(stdvar by(foo) some_metric)"),
        ShapeCase(query: "sum by ()(some_metric)", expected: "(sum some_metric)"),
        ShapeCase(query: "sum by (foo,bar,)(some_metric)", expected: "(sum by(foo,bar) some_metric)"),
        ShapeCase(query: "topk(5, some_metric)", expected: "(topk 5 some_metric)"),
        ShapeCase(query: #"count_values("value", some_metric)"#, expected: #"(count_values "value" some_metric)"#),
        ShapeCase(query: "sum without(and, by, avg, count, alert, annotations)(some_metric)",
                  expected: "(sum without(and,by,avg,count,alert,annotations) some_metric)"),
        ShapeCase(query: "sum(sum)", expected: "(sum sum)"),
        ShapeCase(query: "SUM BY (job) (x)", expected: "(sum by(job) x)"),
        ShapeCase(query: "quantile(0.9, rate(x[1m]))", expected: "(quantile 0.9 (rate x[60000ms]))"),
        // Functions.
        ShapeCase(query: "time()", expected: "(time)"),
        ShapeCase(query: #"floor(some_metric{foo!="bar"})"#, expected: #"(floor some_metric{foo!="bar"})"#),
        ShapeCase(query: "round(some_metric, 5)", expected: "(round some_metric 5)"),
        ShapeCase(query: #"label_join(up, "x", ",", "a", "b", "c")"#,
                  expected: #"(label_join up "x" "," "a" "b" "c")"#),
        // Strings.
        ShapeCase(query: #""double-quoted string \" with escaped quote""#,
                  expected: "\"double-quoted string \" with escaped quote\""),
        ShapeCase(query: #"'single-quoted string \' with escaped quote'"#,
                  expected: "\"single-quoted string ' with escaped quote\""),
        ShapeCase(query: "`backtick-quoted string`", expected: "\"backtick-quoted string\""),
        ShapeCase(query: #""\u70ac\x41\101\n""#, expected: "\"炬AA\n\""),
        // Subqueries.
        ShapeCase(query: #"foo{bar="baz"}[10m:6s]"#, expected: #"(subquery foo{bar="baz"} 600000ms:6000ms)"#),
        ShapeCase(query: #"foo{bar="baz"}[10m5s:1h6ms]"#, expected: #"(subquery foo{bar="baz"} 605000ms:3600006ms)"#),
        ShapeCase(query: "foo[10m:]", expected: "(subquery foo 600000ms:nil)"),
        ShapeCase(query: #"min_over_time(rate(foo{bar="baz"}[2s])[5m:] offset 4m)[4m:3s]"#,
                  expected: #"(subquery (min_over_time (subquery (rate foo{bar="baz"}[2000ms]) 300000ms:nil offset 240000ms)) 240000ms:3000ms)"#),
        ShapeCase(query: "some_metric @ 123 offset 1m [10m:5s]",
                  expected: "(subquery some_metric offset 60000ms @ 123000ms 600000ms:5000ms)"),
        ShapeCase(query: "some_metric[10m:5s] offset 1m @ 123",
                  expected: "(subquery some_metric 600000ms:5000ms offset 60000ms @ 123000ms)"),
        ShapeCase(query: #"(foo + bar{nm="val"})[5m:] offset 10m"#,
                  expected: #"(subquery (paren (+ [one-to-one ignoring()] foo bar{nm="val"})) 300000ms:nil offset 600000ms)"#),
        ShapeCase(query: "foo[10m:6s] @ end()", expected: "(subquery foo 600000ms:6000ms @ end())"),
        // Comments.
        ShapeCase(query: "# comment\nfoo # trailing", expected: "foo"),
    ]
}

@Suite("Parser: tree shapes")
struct ParserShapeTests {
    @Test("valid queries parse to the tree Prometheus builds", arguments: ShapeCase.upstream)
    func parsesToShape(_ testCase: ShapeCase) throws {
        let node = try parseExpression(testCase.query)
        #expect(shape(node) == testCase.expected)
    }

    @Test("nodes carry the byte ranges Prometheus reports")
    func positions() throws {
        #expect(try parseExpression("foo offset 5m").position == PositionRange(start: 0, end: 13))
        #expect(try parseExpression("sum(x) by (y)").position == PositionRange(start: 0, end: 13))
        #expect(try parseExpression(#"  foo{a="b"}[5m]"#).position == PositionRange(start: 2, end: 16))
        #expect(try parseExpression("foo[5m:1m]").position == PositionRange(start: 0, end: 10))
        #expect(try parseExpression("-1").position == PositionRange(start: 0, end: 2))
        #expect(try parseExpression("rate(x[1m])").position == PositionRange(start: 0, end: 11))
        #expect(try parseExpression("a + b").position == PositionRange(start: 0, end: 5))
    }

    @Test("the name matcher is appended after the written matchers")
    func nameMatcherIsLast() throws {
        guard case .vectorSelector(let selector) = try parseExpression(#"foo{a="b"}"#) else {
            Issue.record("expected a vector selector")
            return
        }
        #expect(selector.matchers.map(\.name) == ["a", "__name__"])
        #expect(selector.matchers.last?.value == "foo")
    }

    @Test("valueType follows Prometheus' Expr.Type")
    func valueTypes() throws {
        #expect(valueType(of: try parseExpression("1 + 2")) == .scalar)
        #expect(valueType(of: try parseExpression("-(1)")) == .scalar)
        #expect(valueType(of: try parseExpression("scalar(foo)")) == .scalar)
        #expect(valueType(of: try parseExpression("time()")) == .scalar)
        #expect(valueType(of: try parseExpression("foo + 1")) == .vector)
        #expect(valueType(of: try parseExpression("foo[5m]")) == .matrix)
        #expect(valueType(of: try parseExpression("foo[5m:]")) == .matrix)
        #expect(valueType(of: try parseExpression("'x'")) == .string)
        #expect(valueType(of: try parseExpression("sum(foo)")) == .vector)
    }
}
