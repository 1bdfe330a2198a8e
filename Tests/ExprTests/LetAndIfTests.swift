import Testing
@testable import Expr

/// `let` bindings and `if … { } else { }` expressions, with rows from expr-lang v1.17.8's
/// expr_test.go (TestExpr) and checker_test.go (redeclaration errors).
@Suite("let and if")
struct LetAndIfTests {
    /// `Add(a, b)` of upstream's mock environment is written out as `a + b`.
    static let rows: [(String, ExprValue)] = [
        ("let x = 1; x + 2", 3),
        ("map(1..3, let x = #; let y = x * x; y * y)", [1, 16, 81]),
        ("map(1..2, let x = #; map(2..3, let y = #; x + y))", [[3, 4], [4, 5]]),
        ("if 1 > 2 { 333 * 2 + 1 } else { 444 }", 444),
        ("let a = 3;\nlet b = 2;\nif a>b {let c = a + b; c+1} else {10 + b}\n", 6),
        ("if \"a\" < \"b\" {let x = \"a\"; x} else {\"abc\"}", "a"),
        ("if 1 == 2 { \"no\" } else if 1 == 1 { \"yes\" } else { \"maybe\" }", "yes"),
        ("let a = 1; 2 + 2; let b = 2; a + b", 3),
        ("let foo = 1; foo + 1", 2),
    ]

    @Test("each row evaluates to upstream's value", arguments: rows)
    func row(_ code: String, _ expected: ExprValue) throws {
        #expect(try run(code) == expected, "code: \(code)")
    }

    @Test("the reviewer's condition: a let over result")
    func letOverResult() throws {
        #expect(try run("let x = result[0]; x > 0.99", result: .floats([0.995])) == .bool(true))
        #expect(try run("let x = result[0]; x > 0.99", result: .floats([0.9])) == .bool(false))
        #expect(try run("let m = mean(result); let worst = min(result); m > 0.9 && worst > 0.8",
                        result: .floats([0.95, 0.99, 0.85])) == .bool(true))
        #expect(failure("let x = result[0]; x > 0.99", result: .floats([]), resultType: .array(.float))?.message
            == "index out of range: 0 (array length is 0)")
    }

    @Test("a let variable's type is checked like an expression's")
    func letTypes() throws {
        #expect(failure("let x = 'a'; x + 1")?.message == "invalid operation: + (mismatched types string and int)")
        #expect(failure("let x = 1; y")?.message == "unknown name y")
        #expect(failure("(let x = 1; x) + x")?.message == "unknown name x")
    }

    static let redeclarations: [(String, String, Int)] = [
        ("let map = 42; map", "cannot redeclare builtin map", 5),
        ("let len = 42; len", "cannot redeclare builtin len", 5),
        ("let foo = 1; let foo = 2; foo", "cannot redeclare variable foo", 18),
        ("let result = 42; result", "cannot redeclare result", 5),
        ("let isNaN = 42; isNaN", "cannot redeclare isNaN", 5),
    ]

    @Test("let cannot shadow a visible name", arguments: redeclarations)
    func redeclaration(_ code: String, _ message: String, _ column: Int) throws {
        let error = try #require(failure(code))
        #expect(error.message == message)
        #expect(error.column == column)
        #expect(error.stage == .compile)
    }

    @Test("if needs a bool condition and an else branch")
    func ifErrors() throws {
        #expect(failure("if 1 { 2 } else { 3 }")?.message == "non-bool expression (type int) used as condition")
        #expect(failure("if true { 2 }")?.message == "unexpected token EOF")
        #expect(failure("let x = 1")?.message == "unexpected token EOF")
        #expect(try run("if result > 0.5 { 'pass' } else { 'fail' }", result: 0.7) == .string("pass"))
    }

    @Test("#acc belongs to reduce only")
    func accumulatorScope() throws {
        #expect(failure("map(1..3, #acc)")?.message == "unknown pointer #acc")
        #expect(try run("reduce(1..3, #acc + #index, 0)") == .int(3))
        #expect(try run("reduce(result, #acc < # ? # : #acc)", result: .floats([0.2, 0.9, 0.4])) == .float(0.9))
    }

    @Test("reduce cannot nest values without bound")
    func reduceDepth() throws {
        #expect(failure("reduce(1..1000, [#acc], [])")?.message == "recursion depth exceeded")
        #expect(try run("len(reduce(1..10, [#acc], []))") == .int(1))
        // Returning the accumulator's own storage is not re-walked: this stays linear.
        #expect(try run("len(reduce(1..100000, [#acc][0], 1..100000))") == .int(100_000))
    }
}
