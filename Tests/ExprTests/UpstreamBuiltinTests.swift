import Testing
@testable import Expr

/// Rows of expr-lang's builtin tests (builtin/builtin_test.go at v1.17.8, the version Argo
/// Rollouts pins) for the builtins implemented here. The environment mirrors upstream's; Go's
/// typed slices become arrays whose static type the checker knows (`[]string`, `[]int`…).
/// Rows needing time, int32, structs or pointers are left out.
@Suite("Upstream expr-lang builtin rows")
struct UpstreamBuiltinTests {
    static let environment: ExprEnvironment = {
        var env = ExprEnvironment([
            ("ArrayOfString", ["foo", "bar", "baz"]),
            ("ArrayOfInt", [1, 2, 3]),
            ("ArrayOfFloat", [1.5, 2.5, 3.5]),
            ("ArrayOfAny", [1, "2", true]),
            ("NestedIntArrays", [[1, 2], [3, 4]]),
            ("NestedAnyArrays", [[1, 2], [3, 4]]),
            ("MixedNestedArray", [1, [2, 3], [4.0, 5.0]]),
        ])
        env.set("EmptyIntArray", [], type: .array(.int))
        env.set("EmptyFloatArray", [], type: .array(.float))
        return env
    }()

    static func map(_ pairs: [(String, ExprValue)]) -> ExprValue { .map(ExprMap(pairs)) }

    /// TestBuiltin rows.
    static let rows: [(String, ExprValue)] = [
        ("trim(\"  foo  \")", "foo"),
        ("trim(\"__foo___\", \"_\")", "foo"),
        ("trimPrefix(\"prefix_foo\", \"prefix_\")", "foo"),
        ("trimSuffix(\"foo_suffix\", \"_suffix\")", "foo"),
        ("upper(\"foo\")", "FOO"),
        ("lower(\"FOO\")", "foo"),
        ("split(\"foo,bar,baz\", \",\")", ["foo", "bar", "baz"]),
        ("split(\"foo,bar,baz\", \",\", 2)", ["foo", "bar,baz"]),
        ("splitAfter(\"foo,bar,baz\", \",\")", ["foo,", "bar,", "baz"]),
        ("splitAfter(\"foo,bar,baz\", \",\", 2)", ["foo,", "bar,baz"]),
        ("replace(\"foo,bar,baz\", \",\", \";\")", "foo;bar;baz"),
        ("replace(\"foo,bar,baz,goo\", \",\", \";\", 2)", "foo;bar;baz,goo"),
        ("repeat(\"foo\", 3)", "foofoofoo"),
        ("join(ArrayOfString, \",\")", "foo,bar,baz"),
        ("join(ArrayOfString)", "foobarbaz"),
        ("join([\"foo\", \"bar\", \"baz\"], \",\")", "foo,bar,baz"),
        ("join([\"foo\", \"bar\", \"baz\"])", "foobarbaz"),
        ("indexOf(\"foo,bar,baz\", \",\")", 3),
        ("lastIndexOf(\"foo,bar,baz\", \",\")", 7),
        ("hasPrefix(\"foo,bar,baz\", \"foo\")", true),
        ("hasSuffix(\"foo,bar,baz\", \"baz\")", true),
        ("sum(1..9)", 45),
        ("sum([.5, 1.5, 2.5])", 4.5),
        ("sum([])", 0),
        ("sum([1, 2, 3.0, 4])", 10.0),
        ("mean(1..9)", 5.0),
        ("mean([.5, 1.5, 2.5])", 1.5),
        ("mean([])", 0.0),
        ("mean([1, 2, 3.0, 4])", 2.5),
        ("mean(10, [1, 2, 3], 1..9)", 4.6923076923076925),
        ("mean(-10, [1, 2, 3, 4])", 0.0),
        ("mean(10.9, 1..9)", 5.59),
        ("mean(ArrayOfInt)", 2.0),
        ("mean(ArrayOfFloat)", 2.5),
        ("mean(NestedIntArrays)", 2.5),
        ("mean(NestedAnyArrays)", 2.5),
        ("mean(MixedNestedArray)", 3.0),
        ("median(1..9)", 5.0),
        ("median([.5, 1.5, 2.5])", 1.5),
        ("median([])", 0.0),
        ("median([1, 2, 3])", 2.0),
        ("median([1, 2, 3, 4])", 2.5),
        ("median(10, [1, 2, 3], 1..9)", 4.0),
        ("median(-10, [1, 2, 3, 4])", 2.0),
        ("median(1..5, 4.9)", 3.5),
        ("median(ArrayOfInt)", 2.0),
        ("median(ArrayOfFloat)", 2.5),
        ("median(NestedIntArrays)", 2.5),
        ("median(NestedAnyArrays)", 2.5),
        ("median(MixedNestedArray)", 3.0),
        ("toJSON({foo: 1, bar: 2})", "{\n  \"bar\": 2,\n  \"foo\": 1\n}"),
        ("fromJSON(\"[1, 2, 3]\")", [1.0, 2.0, 3.0]),
        ("toBase64(\"hello\")", "aGVsbG8="),
        ("fromBase64(\"aGVsbG8=\")", "hello"),
        ("first(ArrayOfString)", "foo"),
        ("first(ArrayOfInt)", 1),
        ("first(ArrayOfAny)", 1),
        ("first([])", nil),
        ("last(ArrayOfString)", "baz"),
        ("last(ArrayOfInt)", 3),
        ("last(ArrayOfAny)", true),
        ("last([])", nil),
        ("get(ArrayOfString, 1)", "bar"),
        ("get(ArrayOfString, 99)", nil),
        ("get(ArrayOfInt, 1)", 2),
        ("get(ArrayOfInt, -1)", 3),
        ("get(ArrayOfAny, 1)", "2"),
        ("get({foo: 1, bar: 2}, \"foo\")", 1),
        ("get({foo: 1, bar: 2}, \"unknown\")", nil),
        ("take(ArrayOfString, 2)", ["foo", "bar"]),
        ("take(ArrayOfString, 99)", ["foo", "bar", "baz"]),
        ("\"foo\" in keys({foo: 1, bar: 2})", true),
        ("1 in values({foo: 1, bar: 2})", true),
        ("len(toPairs({foo: 1, bar: 2}))", 2),
        ("len(toPairs({}))", 0),
        ("fromPairs([[\"foo\", 1], [\"bar\", 2]])", map([("foo", 1), ("bar", 2)])),
        ("fromPairs(toPairs({foo: 1, bar: 2}))", map([("foo", 1), ("bar", 2)])),
        ("reduce(1..9, # + #acc, 0)", 45),
        ("reduce(1..9, # + #acc)", 45),
        ("reduce([.5, 1.5, 2.5], # + #acc, 0)", 4.5),
        ("reduce([], 5, 0)", 0),
        ("reduce(10..1, # + #acc, 100)", 100),
        ("reduce([], # + #acc, 42)", 42),
        ("concat(ArrayOfString, ArrayOfInt)", ["foo", "bar", "baz", 1, 2, 3]),
        ("flatten([[\"a\", \"b\"], [1, 2]])", ["a", "b", 1, 2]),
        ("flatten([[\"a\", \"b\"], [1, 2, [3, 4]]])", ["a", "b", 1, 2, 3, 4]),
        ("flatten([[\"a\", \"b\"], [1, 2, [3, [[[[\"c\", \"d\"], \"e\"]]], 4]]])", ["a", "b", 1, 2, 3, "c", "d", "e", 4]),
        ("uniq([1, 15, \"a\", 2, 3, 5, 2, \"a\", 2, \"b\"])", [1, 15, "a", 2, 3, 5, "b"]),
        ("uniq([[1, 2], \"a\", 2, 3, [1, 2], [1, 3]])", [[1, 2], "a", 2, 3, [1, 3]]),
    ]

    @Test("each TestBuiltin row evaluates to upstream's value", arguments: rows)
    func row(_ code: String, _ expected: ExprValue) throws {
        let value = try CompiledExpression(code).evaluate(in: Self.environment)
        #expect(value == expected, "code: \(code)")
    }

    /// TestBuiltin_reverse and TestBuiltin_sort (ArrayOfInt is [2, 1, 3] there, [3, 2, 1] in sort).
    static let orderRows: [(String, ExprValue)] = [
        ("reverse([])", []),
        ("reverse([2, 1, 3])", [3, 1, 2]),
        ("reverse([3.0, 2.0, 1.0])", [1.0, 2.0, 3.0]),
        ("reverse([[1,2], [2,2]])", [[2, 2], [1, 2]]),
        ("reverse(reverse([[1,2], [2,2]]))", [[1, 2], [2, 2]]),
        ("reverse([{\"test\": true}, {id:4}, {name: \"value\"}])",
         [map([("name", "value")]), map([("id", 4)]), map([("test", true)])]),
        ("sort([])", []),
        ("sort([3, 2, 1])", [1, 2, 3]),
        ("sort([3.0, 2.0, 1.0])", [1.0, 2.0, 3.0]),
        ("sort([3, 2, 1], 'desc')", [3, 2, 1]),
        ("sortBy([{id: \"a\"}, {id: \"b\"}], .id, \"desc\")", [map([("id", "b")]), map([("id", "a")])]),
        ("sortBy(ArrayOfInt, -#)", [3, 2, 1]),
        ("reduce(ArrayOfInt, # + #acc, 42)", 48),
        ("take(ArrayOfInt, 1)", [1]),
        ("type(ArrayOfInt)", "array"),
        ("type({a: 1})", "map"),
        ("concat(ArrayOfInt, ArrayOfInt)", [1, 2, 3, 1, 2, 3]),
        ("flatten([ArrayOfInt, [ArrayOfInt]])", [1, 2, 3, 1, 2, 3]),
    ]

    @Test("reverse, sort, sortBy and the with_deref rows", arguments: orderRows)
    func orderRow(_ code: String, _ expected: ExprValue) throws {
        let value = try CompiledExpression(code).evaluate(in: Self.environment)
        #expect(value == expected, "code: \(code)")
    }

    /// TestBuiltin_bitOpsFunc.
    static let bitRows: [(String, Int)] = [
        ("bitnot(156)", -157),
        ("bitand(bitnot(156), 255)", 99),
        ("bitor(987, -123)", -33),
        ("bitxor(15, 32)", 47),
        ("bitshl(39, 3)", 312),
        ("bitshr(5, 1)", 2),
        ("bitushr(-5, 2)", 4611686018427387902),
        ("bitnand(35, 9)", 34),
    ]

    @Test("bit operations", arguments: bitRows)
    func bitRow(_ code: String, _ expected: Int) throws {
        #expect(try run(code) == .int(expected), "code: \(code)")
    }

    /// TestBuiltin_type, for the kinds a condition can hold.
    @Test("type names the kind of a value")
    func typeNames() throws {
        let cases: [(ExprValue, String)] = [
            (nil, "nil"), (true, "bool"), (1, "int"), (1.0, "float"), ("string", "string"),
            (["foo", "bar"], "array"), (Self.map([("foo", "bar")]), "map"),
        ]
        for (value, name) in cases {
            let env = ExprEnvironment([("obj", value)])
            #expect(try CompiledExpression("type(obj)").evaluate(in: env) == .string(name))
        }
    }

    /// TestBuiltin_works_with_any: every builtin compiles when its arguments have unknown type
    /// (arity: the first declared signature's, 2 for get and take, 1 otherwise).
    @Test("every builtin accepts arguments of unknown type", arguments: Builtin.allCases)
    func worksWithAny(_ builtin: Builtin) throws {
        var env = ExprEnvironment()
        for index in 1...4 { env.set("arg\(index)", .nil, type: .unknown) }
        let arity: Int
        switch builtin {
        case .get, .take: arity = 2
        case .trim, .split, .splitAfter, .replace, .repeat, .join, .indexOf, .lastIndexOf, .hasPrefix, .hasSuffix,
            .trimPrefix, .trimSuffix, .sort, .bitand, .bitor, .bitxor, .bitnand, .bitshl, .bitshr, .bitushr:
            // Types[0].NumIn() upstream.
            arity = [Builtin.trim: 1, .split: 2, .splitAfter: 2, .replace: 4, .repeat: 2, .join: 2, .sort: 2,
                     .trimPrefix: 2, .trimSuffix: 2][builtin] ?? 2
        default: arity = 1
        }
        let code = "\(builtin.rawValue)(" + (1...arity).map { "arg\($0)" }.joined(separator: ", ") + ")"
        do {
            _ = try CompiledExpression(code).evaluate(in: env)
        } catch {
            // The nil values may fail at run time; the check itself must pass.
            #expect(error.stage == .evaluation, "\(code): \(error)")
        }
    }

    /// TestBuiltin_errors rows (upstream checks that the message contains the text) and the
    /// builtin rows of checker_test.go's error table (exact message and column).
    static let errorRows: [(String, String, Int?)] = [
        ("trim()", "not enough arguments to call trim", nil),
        ("median(1..9, \"t\")", "invalid argument for median (type string)", nil),
        ("mean(\"s\", 1..9)", "invalid argument for mean (type string)", nil),
        ("get()", "invalid number of arguments (expected 2, got 0)", nil),
        ("get(1, 2)", "type int does not support indexing", nil),
        ("bitnot(\"1\")", "cannot use string as argument (type int) to call bitnot ", 8),
        ("bitand(\"1\", 1)", "cannot use string as argument (type int) to call bitand ", 8),
        ("bitshr(\"5\", 1)", "cannot use string as argument (type int) to call bitshr ", 8),
        ("bitshr(-5, -2)", "invalid operation: negative shift count -2 (type int)", 1),
        ("bitshl(1, -1)", "invalid operation: negative shift count -1 (type int)", 1),
        ("bitushr(-5, -2)", "invalid operation: negative shift count -2 (type int)", 1),
        ("flatten([1, 2], [3, 4])", "invalid number of arguments (expected 1, got 2)", nil),
        ("flatten(1)", "cannot flatten int", nil),
        ("fromJSON(\"5e2482\")", "json: cannot unmarshal number 5e2482 into Go value of type float64", nil),
        ("repeat(\"0\", 1/0)", "cannot use float64 as argument (type int) to call repeat ", 14),
        ("get(false, 2)", "type bool does not support indexing", 5),
        ("trimPrefix(nil)", "cannot use nil as argument (type string) to call trimPrefix", 12),
        ("reduce(10..1, # + #acc)", "reduce of empty array with no initial value", 1),
        ("repeat(\"\\xc4<\\xc4\\xc4\\xc4\",10009999990)", "memory budget exceeded", nil),
        // TestExpr_timeout: must fail quickly rather than build a gigabyte of strings.
        ("map(1..999999, repeat('a', #))", "memory budget exceeded", nil),
    ]

    @Test("builtin errors carry upstream's message", arguments: errorRows)
    func errorRow(_ code: String, _ message: String, _ column: Int?) throws {
        let error = try #require(failure(code), "code: \(code)")
        #expect(error.message == message, "code: \(code)")
        if let column { #expect(error.column == column, "code: \(code)") }
    }
}
