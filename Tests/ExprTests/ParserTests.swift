import Testing
@testable import Expr

@Suite("Parser and lexer errors")
struct ParserTests {
    struct ErrorCase: Sendable, CustomTestStringConvertible {
        let input: String
        let message: String
        let line: Int
        let column: Int
        var testDescription: String { input }
    }

    /// expr-lang `parser/parser_test.go` `TestParse_error` rows that concern the syntax conditions
    /// use (message and line:column as upstream prints them).
    static let upstream: [ErrorCase] = [
        .init(input: "foo.", message: "unexpected end of expression", line: 1, column: 4),
        .init(input: "a+", message: "unexpected token EOF", line: 1, column: 2),
        .init(input: "a ? (1+2) c", message: #"unexpected token Identifier("c")"#, line: 1, column: 11),
        .init(input: "[a b]", message: #"unexpected token Identifier("b")"#, line: 1, column: 4),
        .init(input: "{-}", message: #"a map key must be a quoted string, a number, a identifier, or an expression enclosed in parentheses (unexpected token Operator("-"))"#, line: 1, column: 2),
        .init(input: "[1, 2, 3,,]", message: #"unexpected token Operator(",")"#, line: 1, column: 10),
        .init(input: "[,]", message: #"unexpected token Operator(",")"#, line: 1, column: 2),
        .init(input: "{,}", message: #"a map key must be a quoted string, a number, a identifier, or an expression enclosed in parentheses (unexpected token Operator(","))"#, line: 1, column: 2),
        .init(input: "{foo:1, bar:2, ,}", message: #"unexpected token Operator(",")"#, line: 1, column: 16),
        .init(input: "foo ?? bar || baz", message: "Operator (||) and coalesce expressions (??) cannot be mixed. Wrap either by parentheses.", line: 1, column: 12),
        .init(input: "0b15", message: #"bad number syntax: "0b15""#, line: 1, column: 4),
        .init(input: "0X10G", message: #"bad number syntax: "0X10G""#, line: 1, column: 5),
        .init(input: "0o1E", message: #"invalid float literal: strconv.ParseFloat: parsing "0o1E": invalid syntax"#, line: 1, column: 4),
        .init(input: "0b1E", message: #"invalid float literal: strconv.ParseFloat: parsing "0b1E": invalid syntax"#, line: 1, column: 4),
        .init(input: "0b1E+6", message: #"bad number syntax: "0b1E+6""#, line: 1, column: 6),
        .init(input: "0b1E+1", message: #"invalid float literal: strconv.ParseFloat: parsing "0b1E+1": invalid syntax"#, line: 1, column: 6),
        .init(input: "1E", message: #"invalid float literal: strconv.ParseFloat: parsing "1E": invalid syntax"#, line: 1, column: 2),
        .init(input: "1 not == [1, 2, 5]", message: #"unexpected token Operator("==")"#, line: 1, column: 7),
        .init(input: "[1; 2; 3]", message: #"unexpected token Operator(";")"#, line: 1, column: 3),
        .init(input: "1 + if true { 2 } else { 3 }", message: #"unexpected token Operator("if")"#, line: 1, column: 5),
    ]

    @Test("upstream parse errors keep their message and position", arguments: upstream)
    func upstreamErrors(_ testCase: ErrorCase) throws {
        let error = try #require(compileError(testCase.input))
        #expect(error.message == testCase.message)
        #expect(error.line == testCase.line)
        #expect(error.column == testCase.column)
        #expect(error.stage == .compile)
    }

    func compileError(_ source: String) -> ExprError? {
        do {
            _ = try CompiledExpression(source)
            return nil
        } catch {
            return error
        }
    }

    @Test("lexer errors name the character and where it is")
    func lexerErrors() throws {
        let bad = try #require(compileError("result @ 1"))
        #expect(bad.description == "1:8: unrecognized character: U+0040 '@'")
        #expect(compileError("'open")?.message == "literal not terminated")
        #expect(compileError("1 /* never closed")?.message == "unclosed comment")
        #expect(compileError(#""\q""#)?.message == "invalid char escape")
    }

    @Test("line and column count lines and Unicode scalars")
    func multiLinePositions() throws {
        let error = try #require(compileError("result > 1 &&\n  (é + ]"))
        #expect(error.message == #"unexpected token Bracket("]")"#)
        #expect(error.line == 2)
        #expect(error.column == 8)
        #expect(error.offset == 22)  // é is two UTF-8 bytes
    }

    @Test("a missing closing bracket is unexpected EOF")
    func unclosed() {
        #expect(compileError("(result[0] > 1")?.message == "unexpected token EOF")
        #expect(compileError("result[0")?.message == "unexpected token EOF")
        #expect(compileError("all(result, {# > 1)")?.message == #"unexpected token Bracket(")")"#)
    }

    @Test("comments and whitespace are ignored")
    func comments() throws {
        #expect(try run("// leading\nresult /* inline */ > 1", result: 2) == .bool(true))
    }

    @Test("nesting deeper than the cap is an error, not a crash")
    func depthCap() throws {
        let deep = String(repeating: "(", count: 5_000) + "1" + String(repeating: ")", count: 5_000)
        #expect(compileError(deep)?.message == "expression is nested too deeply (more than 128 levels)")
        let chain = Array(repeating: "1", count: 3_000).joined(separator: " + ")
        #expect(compileError(chain)?.message == "expression is nested too deeply (more than 128 levels)")
        let unary = String(repeating: "!", count: 3_000) + "true"
        #expect(compileError(unary)?.message == "expression is nested too deeply (more than 128 levels)")
        let index = "result" + String(repeating: "[0]", count: 3_000)
        #expect(compileError(index)?.message == "expression is nested too deeply (more than 128 levels)")
        let shallow = Array(repeating: "1", count: 100).joined(separator: " + ")
        #expect(try run(shallow) == .int(100))
    }

    @Test("predicates outside closures and unknown pointers are errors")
    func pointerErrors() {
        #expect(compileError("# > 1")?.message == ##"unexpected token Operator("#")"##)
        #expect(compileError("all(result, #foo > 1)")?.message == "unknown pointer #foo")
        #expect(compileError("all(result)")?.message == "expected at least 2 arguments")
    }

    @Test("integer literals beyond 64 bits are rejected")
    func bigLiteral() {
        #expect(compileError("99999999999999999999")?.message
            == #"invalid integer literal: strconv.ParseInt: parsing "99999999999999999999": value out of range"#)
    }
}
