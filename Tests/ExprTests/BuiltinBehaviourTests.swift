import Testing
@testable import Expr

/// Go semantics the string, collection and JSON builtins inherit (bytewise `strings`, rune
/// splitting, `encoding/json` formatting), the pipe operator, and the places where this
/// implementation knowingly differs (map order, map key types).
@Suite("Builtins: Go semantics and edge cases")
struct BuiltinBehaviourTests {
    static func map(_ pairs: [(String, ExprValue)]) -> ExprValue { .map(ExprMap(pairs)) }

    static let rows: [(String, ExprValue)] = [
        // strings.Split / SplitN / Replace edge cases.
        ("split('a,b,c', ',', 0)", []),
        ("split('a,b,c', ',', -1)", ["a", "b", "c"]),
        ("split('abc', '')", ["a", "b", "c"]),
        ("split('', ',')", [""]),
        ("split('héllo', '', 2)", ["h", "éllo"]),
        ("splitAfter('a,b', ',', -1)", ["a,", "b"]),
        ("replace('abc', '', '-')", "-a-b-c-"),
        ("replace('abc', '', '-', 2)", "-a-bc"),
        ("replace('aaa', 'a', 'b', 0)", "aaa"),
        // Byte offsets, as Go's strings.Index reports them.
        ("indexOf('héllo', 'l')", 3),
        ("indexOf('abc', 'z')", -1),
        ("lastIndexOf('go gopher', 'go')", 3),
        ("lastIndexOf('x', '')", 1),
        ("hasPrefix('abc', '')", true),
        ("hasSuffix('abc', 'bc')", true),
        // unicode.ToUpper maps rune by rune: ß has no single-rune upper case.
        ("upper('straße')", "STRAßE"),
        ("lower('ÀB')", "àb"),
        ("lower('İ')", "i"),
        ("trim('\\u00a0 x \\t\\n')", "x"),
        ("trim('xxhixx', 'x')", "hi"),
        ("trimPrefix('  a')", " a"),
        ("trimSuffix('a  ')", "a "),
        ("repeat('ab', 0)", ""),
        ("toBase64('')", ""),
        ("toBase64('ab')", "YWI="),
        ("fromBase64('YWI=')", "ab"),
        ("fromBase64('YW\\nI=')", "ab"),
        ("fromBase64(toBase64('héllo'))", "héllo"),
        // encoding/json formatting.
        ("toJSON([1, 1.5, 'a<b', nil, true])", "[\n  1,\n  1.5,\n  \"a\\u003cb\",\n  null,\n  true\n]"),
        ("toJSON(1e21)", "1e+21"),
        ("toJSON(0.0000001)", "1e-7"),
        ("toJSON(0.000001)", "0.000001"),
        ("toJSON({})", "{}"),
        ("toJSON([])", "[]"),
        ("toJSON({a: [1, {b: 'x'}]})", "{\n  \"a\": [\n    1,\n    {\n      \"b\": \"x\"\n    }\n  ]\n}"),
        ("fromJSON('{\"a\": [1, {\"b\": null}], \"c\": \"\\\\u00e9\"}')",
         map([("a", [1.0, map([("b", nil)])]), ("c", "é")])),
        ("fromJSON('\"x\"') + 'y'", "xy"),
        ("fromJSON(toJSON({a: [1, 2]})).a[1]", 2.0),
        // Collections.
        ("sort(keys({b: 1, a: 2}))", ["a", "b"]),
        ("sort(['b', 'a', 'c'])", ["a", "b", "c"]),
        ("sort(['b', 'a', 'c'], 'desc')", ["c", "b", "a"]),
        ("toPairs({a: 1})", [["a", 1]]),
        ("get(nil, 'a')", nil),
        ("get({}, 'a')", nil),
        ("({} | get('a') | get('b'))", nil),
        ("reverse(1..3)", [3, 2, 1]),
        ("uniq([1, 1.0, 2])", [1, 2]),
        ("bitshl(1, 64)", 0),
        ("bitshr(-8, 70)", -1),
        ("sortBy([3, 1, 2], #)", [1, 2, 3]),
        ("sortBy([{n: 'b', i: 0}, {n: 'a', i: 1}, {n: 'b', i: 2}], .n)[2].i", 2),
        // groupBy with string keys.
        ("groupBy([{k: 'a', v: 1}, {k: 'b', v: 2}, {k: 'a', v: 3}], .k).a", [map([("k", "a"), ("v", 1)]), map([("k", "a"), ("v", 3)])]),
        ("len(groupBy(['x', 'yy', 'z'], string(len(#))))", 2),
        // The pipe operator.
        ("[1, 2, 3] | map(# * 2) | sum()", 12),
        ("'a,b' | split(',') | join('-')", "a-b"),
        ("[1, 2, 3] | filter(# > 1) | len() == 2 ? 'yes' : 'no'", "yes"),
        ("1..4 | reduce(#acc * #, 1)", 24),
    ]

    @Test("each row evaluates to Go's value", arguments: rows)
    func row(_ code: String, _ expected: ExprValue) throws {
        #expect(try run(code) == expected, "code: \(code)")
    }

    static let errors: [(String, String)] = [
        ("repeat('a', -1)", "invalid argument for repeat (expected positive integer, got -1)"),
        ("join([1, 2])", "cannot use []int as argument (type []string) to call join "),
        ("sort([3, 1], 1)", "too many arguments to call sort"),
        ("sort([3, 1], 'up')", "invalid order up, expected asc or desc"),
        ("sortBy([3, 1], #, 1)", "sortBy order argument must be a string (got int)"),
        ("concat()", "invalid number of arguments (expected at least 1, got 0)"),
        ("concat([1], 2)", "cannot concat int"),
        ("first(1)", "cannot get first element from int"),
        ("keys([1])", "cannot get keys from []int"),
        ("values('a')", "cannot get values from string"),
        ("reverse('abc')", "cannot reverse string"),
        ("uniq(1)", "cannot uniq int"),
        ("toPairs([])", "cannot transform []interface {} to pairs"),
        ("fromPairs(1)", "cannot transform int from pairs"),
        ("fromPairs([1])", "invalid pair 1"),
        ("fromPairs([[1]])", "invalid pair length [1]"),
        ("take([1], 1.5)", "cannot take float64 elements"),
        ("get([1], 'a')", "non-integer slice index string"),
        ("get('abc', 1)", "type string does not support indexing"),
        ("first('abc')", "cannot get first element from string"),
        ("upper()", "not enough arguments to call upper"),
        ("upper('a', 'b')", "too many arguments to call upper"),
        ("mean()", "not enough arguments to call mean"),
        ("groupBy(1..3, # > 1)", "map keys must be strings in this implementation (got bool)"),
        ("fromJSON('')", "unexpected end of JSON input"),
        ("fromJSON('[1,]')", "invalid character ']' looking for beginning of value"),
        ("fromJSON('tru')", "unexpected end of JSON input"),
        ("fromJSON('1 2')", "invalid character '2' after top-level value"),
        ("fromJSON('{1:2}')", "invalid character '1' looking for beginning of object key string"),
        ("fromJSON(repeat('[', 300))", "exceeded max depth"),
        ("now()", "builtin now is not supported by this implementation"),
        ("fromBase64('!!')", "illegal base64 data at input byte 0"),
        ("fromBase64('aGVsbG8')", "illegal base64 data at input byte 4"),
        ("fromBase64('YQ=')", "illegal base64 data at input byte 3"),
        ("fromBase64('YQ==x')", "illegal base64 data at input byte 4"),
        ("'10' | bitor(1)", "cannot use string as argument (type int) to call bitor "),
    ]

    @Test("errors carry Go's and expr-lang's wording", arguments: errors)
    func errorRow(_ code: String, _ message: String) throws {
        #expect(failure(code)?.message == message, "code: \(code)")
    }

    @Test("the pipe's left side is the first argument, located where it stands")
    func pipeLocation() throws {
        let error = try #require(failure("'10' | bitor(1)"))
        #expect(error.column == 1)
        #expect(error.stage == .compile)
    }

    @Test("values of unknown type are checked when the builtin runs")
    func runtimeChecks() throws {
        let result = Self.map([("a", 1), ("s", "abc"), ("xs", [2, 1]), ("f", .float(.nan))])
        #expect(failure("upper(result.a)", result: result)?.message == "interface conversion: interface {} is int, not string")
        #expect(failure("keys(result.xs)", result: result)?.message == "cannot get keys from slice")
        #expect(failure("reverse(result.s)", result: result)?.message == "cannot reverse string")
        #expect(failure("toJSON(result.f)", result: result)?.message == "json: unsupported value: NaN")
        #expect(failure("bitand(result.xs[0], 1.5)", result: result)?.message
            == "cannot use float64 as argument (type int) to call bitand ")
        #expect(try run("first(result.s)", result: result) == .int(97))
        #expect(try run("get(result.s, 1)", result: result) == .int(98))
        #expect(try run("sort(result.s)", result: result) == .array([]))
        #expect(try run("sort(result.xs)", result: result) == .array([1, 2]))
        #expect(try run("mean(result.xs) == 1.5 && median(result.xs) == 1.5", result: result) == .bool(true))
        #expect(failure("mean(result)", result: result)?.message == "invalid argument for mean (type map[string]interface {})")
    }

    @Test("conditions over a Prometheus vector")
    func prometheusConditions() throws {
        let vector = ExprValue.floats([0.97, 0.99, 0.995])
        #expect(try run("mean(result) >= 0.98", result: vector) == .bool(true))
        #expect(try run("median(result) == 0.99", result: vector) == .bool(true))
        #expect(try run("first(result) < last(result)", result: vector) == .bool(true))
        #expect(try run("result | mean() > 0.9", result: vector) == .bool(true))
        #expect(try run("first(result) == nil", result: .floats([]), resultType: .array(.float)) == .bool(true))
        #expect(try run("join(map(result, string(#)), ',')", result: vector) == .string("0.97,0.99,0.995"))
    }

    @Test("string results of repeat count against the memory budget")
    func repeatBudget() throws {
        #expect(failure("repeat('ab', 600000)")?.message == "memory budget exceeded")
        #expect(try run("len(repeat('ab', 1000))") == .int(2000))
    }
}
