import Testing
@testable import Expr

/// Type errors expr-lang reports at compile time, given the Go type of `result`.
@Suite("Checker: compile-time type errors")
struct CheckerTests {
    struct TypeErrorCase: Sendable, CustomTestStringConvertible {
        let source: String
        let result: ExprValue
        let message: String
        var testDescription: String { source }
    }

    static let floatResult = ExprValue.float(0.5)
    static let floatArray = ExprValue.floats([0.5, 1])

    static let cases: [TypeErrorCase] = [
        .init(source: "result == 'a'", result: floatResult, message: "invalid operation: == (mismatched types float64 and string)"),
        .init(source: "result + 'a'", result: floatResult, message: "invalid operation: + (mismatched types float64 and string)"),
        .init(source: "result > 'a'", result: floatResult, message: "invalid operation: > (mismatched types float64 and string)"),
        .init(source: "result && true", result: floatResult, message: "invalid operation: && (mismatched types float64 and bool)"),
        .init(source: "!result", result: floatResult, message: "invalid operation: ! (mismatched type float64)"),
        .init(source: "-'a' == 1", result: floatResult, message: "invalid operation: - (mismatched type string)"),
        .init(source: "result % 2 == 0", result: floatResult, message: "invalid operation: % (mismatched types float64 and int)"),
        .init(source: "result.foo > 1", result: floatResult, message: "type float64 has no field foo"),
        .init(source: "result.foo > 1", result: floatArray, message: "array elements can only be selected using an integer (got string)"),
        .init(source: "result[0.5] > 1", result: floatArray, message: "array elements can only be selected using an integer (got float64)"),
        .init(source: "result[0] == 'a'", result: floatArray, message: "invalid operation: == (mismatched types float64 and string)"),
        .init(source: "all(result, {# > 1})", result: floatResult, message: "builtin all takes only array (got float64)"),
        .init(source: "all(result, {#})", result: floatArray, message: "predicate should return boolean (got float64)"),
        .init(source: "len(result) > 0", result: floatResult, message: "invalid argument for len (type float64)"),
        .init(source: "len(result, 1) > 0", result: floatArray, message: "invalid number of arguments (expected 1, got 2)"),
        .init(source: "isNaN('x')", result: floatResult, message: "cannot use string as argument (type float64) to call isNaN "),
        .init(source: "isNaN()", result: floatResult, message: "not enough arguments to call isNaN"),
        .init(source: "isNaN(nil)", result: floatResult, message: "cannot use nil as argument (type float64) to call isNaN"),
        .init(source: "isInf(1, 2)", result: floatResult, message: "too many arguments to call isInf"),
        .init(source: "max() > 1", result: floatResult, message: "not enough arguments to call max"),
        .init(source: "abs('x') > 1", result: floatResult, message: "invalid argument for abs (type string)"),
        .init(source: "result ? true : false", result: floatResult, message: "non-bool expression (type float64) used as condition"),
        .init(source: "'a' in result", result: floatArray, message: "cannot use string as type float64 in array"),
        .init(source: "1 in {'a': 1}", result: floatResult, message: "cannot use int as type string in map key"),
        .init(source: "foo(1)", result: floatResult, message: "unknown name foo"),
        .init(source: "result(1)", result: floatResult, message: "float64 is not callable"),
        .init(source: "upper(result) == 'A'", result: floatResult, message: "cannot use float64 as argument (type string) to call upper "),
        .init(source: "duration('1s') > 0", result: floatResult, message: "builtin duration is not supported by this implementation"),
        .init(source: "true || result == 'a'", result: floatResult, message: "invalid operation: == (mismatched types float64 and string)"),
        .init(source: "result contains 'a'", result: floatResult, message: "invalid operation: contains (mismatched types float64 and string)"),
        .init(source: "1.5..3", result: floatResult, message: "invalid operation: .. (mismatched types float64 and int)"),
    ]

    @Test("type errors are compile errors with upstream's wording", arguments: cases)
    func typeErrors(_ testCase: TypeErrorCase) throws {
        let error = try #require(failure(testCase.source, result: testCase.result))
        #expect(error.message == testCase.message)
        #expect(error.stage == .compile)
    }

    @Test("a type error points at its operator")
    func position() throws {
        let error = try #require(failure("result[0] >= 1 && result[0] == 'a'", result: Self.floatArray))
        #expect(error.column == 29)
    }

    @Test("unknown-typed values defer checks to run time")
    func unknownTypes() throws {
        let result = ExprValue.map(ExprMap([("rate", 0.99), ("name", "canary")]))
        #expect(try run("result.rate > 0.95 && result.name == 'canary'", result: result) == .bool(true))
        #expect(try run("result.name startsWith 'can'", result: result) == .bool(true))
    }

    @Test("mixed int and float comparisons type-check")
    func mixedNumbers() throws {
        #expect(try run("result == 10", result: .float(10)) == .bool(true))
        #expect(try run("result > 1", result: .int(5)) == .bool(true))
        #expect(try run("isNaN(1)", result: .float(1)) == .bool(false))
    }
}

@Suite("Builtins")
struct BuiltinTests {
    @Test("abs, floor, ceil and round; rounding functions always return floats")
    func numeric() throws {
        #expect(try run("abs(-3)") == .int(3))
        #expect(try run("abs(-2.5)") == .float(2.5))
        #expect(try run("floor(2.7)") == .float(2))
        #expect(try run("floor(2)") == .float(2))
        #expect(try run("ceil(2.1)") == .float(3))
        #expect(try run("round(2.5)") == .float(3))
        #expect(try run("round(-2.5)") == .float(-3))
        #expect(try run("floor(-0.5)") == .float(-1))
    }

    @Test("int, float and string conversions")
    func conversions() throws {
        #expect(try run("int(2.9)") == .int(2))
        #expect(try run("int(-2.9)") == .int(-2))
        #expect(try run("int('42')") == .int(42))
        #expect(failure("int('4.2')")?.message == "invalid operation: int(4.2)")
        #expect(try run("float('1.5')") == .float(1.5))
        #expect(try run("float(2)") == .float(2))
        #expect(failure("float('x')")?.message == "invalid operation: float(x)")
        #expect(try run("string(0.5)") == "0.5")
        #expect(try run("string(1.0)") == "1")
        #expect(try run("string(10)") == "10")
        #expect(try run("string(true)") == "true")
        #expect(try run("string(result)", result: .floats([1, 2.5])) == "[1 2.5]")
    }

    @Test("len counts elements, keys and runes")
    func len() throws {
        #expect(try run("len(result)", result: .floats([1, 2, 3])) == .int(3))
        #expect(try run("len({'a': 1})") == .int(1))
        #expect(try run("len('héllo')") == .int(5))
    }

    @Test("max and min flatten arrays and keep the first NaN only")
    func maxMin() throws {
        #expect(try run("max(1, 2.5)") == .float(2.5))
        #expect(try run("min(3, 2, 5)") == .int(2))
        #expect(try run("max(result)", result: .floats([0.2, 0.9, 0.5])) == .float(0.9))
        #expect(try run("min(result)", result: .floats([0.2, 0.9, 0.5])) == .float(0.2))
        #expect(try run("max(result)", result: .floats([]), resultType: .array(.float)) == .nil)
        #expect(try run("max(1, result)", result: .float(.nan)) == .int(1))
        #expect(try run("isNaN(max(result, 1))", result: .float(.nan)) == .bool(true))
        #expect(try run("max([1, [7, 3]], 2)") == .int(7))
    }
}

/// Rows of expr-lang's `TestCheck_error` (checker/checker_test.go) that only use plain fields of
/// its mock environment (Int = 0, Bool = true, String = "string", ArrayOfInt = [1…5]), with
/// upstream's message, line and column.
@Suite("Upstream expr-lang TestCheck_error rows")
struct UpstreamCheckErrorTests {
    static let environment = ExprEnvironment([
        ("Int", 0), ("Bool", true), ("String", "string"), ("ArrayOfInt", [1, 2, 3, 4, 5]),
    ])

    static let rows: [(code: String, message: String, column: Int)] = [
        ("String matches Int", "invalid operation: matches (mismatched types string and int)", 8),
        ("Int matches String", "invalid operation: matches (mismatched types int and string)", 5),
        ("String contains Int", "invalid operation: contains (mismatched types string and int)", 8),
        ("Int contains String", "invalid operation: contains (mismatched types int and string)", 5),
        ("1 and false", "invalid operation: and (mismatched types int and bool)", 3),
        ("true or 0", "invalid operation: or (mismatched types bool and int)", 6),
        ("Int < Bool", "invalid operation: < (mismatched types int and bool)", 5),
        ("Int > Bool", "invalid operation: > (mismatched types int and bool)", 5),
        ("Int >= Bool", "invalid operation: >= (mismatched types int and bool)", 5),
        ("Int <= Bool", "invalid operation: <= (mismatched types int and bool)", 5),
        ("Int + Bool", "invalid operation: + (mismatched types int and bool)", 5),
        ("Int - Bool", "invalid operation: - (mismatched types int and bool)", 5),
        ("Int * Bool", "invalid operation: * (mismatched types int and bool)", 5),
        ("Int / Bool", "invalid operation: / (mismatched types int and bool)", 5),
        ("Int % Bool", "invalid operation: % (mismatched types int and bool)", 5),
        ("Int ** Bool", "invalid operation: ** (mismatched types int and bool)", 5),
        ("Int .. Bool", "invalid operation: .. (mismatched types int and bool)", 5),
        ("'str' in String", "invalid operation: in (mismatched types string and string)", 7),
        ("1 + ''", "invalid operation: + (mismatched types int and string)", 3),
        ("count(1, {#})", "builtin count takes only array (got int)", 7),
        ("count(ArrayOfInt, {#})", "predicate should return boolean (got int)", 19),
        ("all(ArrayOfInt, {# + 1})", "predicate should return boolean (got int)", 17),
        ("map(1, {2})", "builtin map takes only array (got int)", 5),
        ("Bool[:]", "cannot slice bool", 5),
        ("len(42)", "invalid argument for len (type int)", 1),
        ("any(42, {#})", "builtin any takes only array (got int)", 5),
        ("filter(42, {#})", "builtin filter takes only array (got int)", 8),
        ("1 /* one */ + \"2\"", "invalid operation: + (mismatched types int and string)", 13),
        ("map(1..9, #unknown)", "unknown pointer #unknown", 11),
        ("42 in [\"a\", \"b\", \"c\"]", "cannot use int as type string in array", 4),
        ("1; 2 + true; 3", "invalid operation: + (mismatched types int and bool)", 6),
    ]

    @Test("each row fails with upstream's message at upstream's column", arguments: rows)
    func row(_ row: (code: String, message: String, column: Int)) throws {
        let error = try #require(throws: ExprError.self) {
            try CompiledExpression(row.code).evaluate(in: Self.environment)
        }
        #expect(error.message == row.message)
        #expect(error.line == 1)
        #expect(error.column == row.column)
    }
}
