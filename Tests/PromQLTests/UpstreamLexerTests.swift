// Token streams from TestLexer in promql/parser/lex_test.go (v2.42.0). Upstream lists COMMENT
// tokens too; our lexer drops comments (the parser skips them anyway), so they are left out here.
// Our lexer stops at the first error, where upstream's harness keeps reading after an escape
// error; those cases only check that lexing fails. Inputs with invalid UTF-8 are left out.
import Testing
@testable import PromQL

struct LexCase: Sendable, CustomTestStringConvertible {
    var input: String
    var fails: Bool
    var seriesDescription: Bool
    var tokens: [(TokenKind, Int, String)]
    var testDescription: String { input.debugDescription }

    static let upstream: [LexCase] = [
        LexCase(input: ",", fails: false, seriesDescription: false, tokens: [(.comma, 0, ",")]),
        LexCase(input: "()", fails: false, seriesDescription: false, tokens: [(.leftParen, 0, "("), (.rightParen, 1, ")")]),
        LexCase(input: "{}", fails: false, seriesDescription: false, tokens: [(.leftBrace, 0, "{"), (.rightBrace, 1, "}")]),
        LexCase(input: "[5m]", fails: false, seriesDescription: false, tokens: [(.leftBracket, 0, "["), (.duration, 1, "5m"), (.rightBracket, 3, "]")]),
        LexCase(input: "[ 5m]", fails: false, seriesDescription: false, tokens: [(.leftBracket, 0, "["), (.duration, 2, "5m"), (.rightBracket, 4, "]")]),
        LexCase(input: "[  5m]", fails: false, seriesDescription: false, tokens: [(.leftBracket, 0, "["), (.duration, 3, "5m"), (.rightBracket, 5, "]")]),
        LexCase(input: "[  5m ]", fails: false, seriesDescription: false, tokens: [(.leftBracket, 0, "["), (.duration, 3, "5m"), (.rightBracket, 6, "]")]),
        LexCase(input: "\u{d}\u{a}\u{d}", fails: false, seriesDescription: false, tokens: []),
        LexCase(input: "1", fails: false, seriesDescription: false, tokens: [(.number, 0, "1")]),
        LexCase(input: "4.23", fails: false, seriesDescription: false, tokens: [(.number, 0, "4.23")]),
        LexCase(input: ".3", fails: false, seriesDescription: false, tokens: [(.number, 0, ".3")]),
        LexCase(input: "5.", fails: false, seriesDescription: false, tokens: [(.number, 0, "5.")]),
        LexCase(input: "NaN", fails: false, seriesDescription: false, tokens: [(.number, 0, "NaN")]),
        LexCase(input: "nAN", fails: false, seriesDescription: false, tokens: [(.number, 0, "nAN")]),
        LexCase(input: "NaN 123", fails: false, seriesDescription: false, tokens: [(.number, 0, "NaN"), (.number, 4, "123")]),
        LexCase(input: "NaN123", fails: false, seriesDescription: false, tokens: [(.identifier, 0, "NaN123")]),
        LexCase(input: "iNf", fails: false, seriesDescription: false, tokens: [(.number, 0, "iNf")]),
        LexCase(input: "Inf", fails: false, seriesDescription: false, tokens: [(.number, 0, "Inf")]),
        LexCase(input: "+Inf", fails: false, seriesDescription: false, tokens: [(.add, 0, "+"), (.number, 1, "Inf")]),
        LexCase(input: "+Inf 123", fails: false, seriesDescription: false, tokens: [(.add, 0, "+"), (.number, 1, "Inf"), (.number, 5, "123")]),
        LexCase(input: "-Inf", fails: false, seriesDescription: false, tokens: [(.sub, 0, "-"), (.number, 1, "Inf")]),
        LexCase(input: "Infoo", fails: false, seriesDescription: false, tokens: [(.identifier, 0, "Infoo")]),
        LexCase(input: "-Infoo", fails: false, seriesDescription: false, tokens: [(.sub, 0, "-"), (.identifier, 1, "Infoo")]),
        LexCase(input: "-Inf 123", fails: false, seriesDescription: false, tokens: [(.sub, 0, "-"), (.number, 1, "Inf"), (.number, 5, "123")]),
        LexCase(input: "0x123", fails: false, seriesDescription: false, tokens: [(.number, 0, "0x123")]),
        LexCase(input: "\"test\\tsequence\"", fails: false, seriesDescription: false, tokens: [(.string, 0, "\"test\\tsequence\"")]),
        LexCase(input: "\"test\\\\.expression\"", fails: false, seriesDescription: false, tokens: [(.string, 0, "\"test\\\\.expression\"")]),
        LexCase(input: "\"test\\.expression\"", fails: true, seriesDescription: false, tokens: []),
        LexCase(input: "`test\\.expression`", fails: false, seriesDescription: false, tokens: [(.string, 0, "`test\\.expression`")]),
        LexCase(input: ".٩", fails: true, seriesDescription: false, tokens: []),
        LexCase(input: "5s", fails: false, seriesDescription: false, tokens: [(.duration, 0, "5s")]),
        LexCase(input: "123m", fails: false, seriesDescription: false, tokens: [(.duration, 0, "123m")]),
        LexCase(input: "1h", fails: false, seriesDescription: false, tokens: [(.duration, 0, "1h")]),
        LexCase(input: "3w", fails: false, seriesDescription: false, tokens: [(.duration, 0, "3w")]),
        LexCase(input: "1y", fails: false, seriesDescription: false, tokens: [(.duration, 0, "1y")]),
        LexCase(input: "abc", fails: false, seriesDescription: false, tokens: [(.identifier, 0, "abc")]),
        LexCase(input: "a:bc", fails: false, seriesDescription: false, tokens: [(.metricIdentifier, 0, "a:bc")]),
        LexCase(input: "abc d", fails: false, seriesDescription: false, tokens: [(.identifier, 0, "abc"), (.identifier, 4, "d")]),
        LexCase(input: ":bc", fails: false, seriesDescription: false, tokens: [(.metricIdentifier, 0, ":bc")]),
        LexCase(input: "0a:bc", fails: true, seriesDescription: false, tokens: []),
        LexCase(input: "# some comment", fails: false, seriesDescription: false, tokens: []),
        LexCase(input: "5 # 1+1\u{a}5", fails: false, seriesDescription: false, tokens: [(.number, 0, "5"), (.number, 8, "5")]),
        LexCase(input: "=", fails: false, seriesDescription: false, tokens: [(.eql, 0, "=")]),
        LexCase(input: "{=}", fails: false, seriesDescription: false, tokens: [(.leftBrace, 0, "{"), (.eql, 1, "="), (.rightBrace, 2, "}")]),
        LexCase(input: "==", fails: false, seriesDescription: false, tokens: [(.eqlc, 0, "==")]),
        LexCase(input: "!=", fails: false, seriesDescription: false, tokens: [(.neq, 0, "!=")]),
        LexCase(input: "<", fails: false, seriesDescription: false, tokens: [(.lss, 0, "<")]),
        LexCase(input: ">", fails: false, seriesDescription: false, tokens: [(.gtr, 0, ">")]),
        LexCase(input: ">=", fails: false, seriesDescription: false, tokens: [(.gte, 0, ">=")]),
        LexCase(input: "<=", fails: false, seriesDescription: false, tokens: [(.lte, 0, "<=")]),
        LexCase(input: "+", fails: false, seriesDescription: false, tokens: [(.add, 0, "+")]),
        LexCase(input: "-", fails: false, seriesDescription: false, tokens: [(.sub, 0, "-")]),
        LexCase(input: "*", fails: false, seriesDescription: false, tokens: [(.mul, 0, "*")]),
        LexCase(input: "/", fails: false, seriesDescription: false, tokens: [(.div, 0, "/")]),
        LexCase(input: "^", fails: false, seriesDescription: false, tokens: [(.pow, 0, "^")]),
        LexCase(input: "%", fails: false, seriesDescription: false, tokens: [(.mod, 0, "%")]),
        LexCase(input: "AND", fails: false, seriesDescription: false, tokens: [(.land, 0, "AND")]),
        LexCase(input: "or", fails: false, seriesDescription: false, tokens: [(.lor, 0, "or")]),
        LexCase(input: "unless", fails: false, seriesDescription: false, tokens: [(.lunless, 0, "unless")]),
        LexCase(input: "@", fails: false, seriesDescription: false, tokens: [(.at, 0, "@")]),
        LexCase(input: "sum", fails: false, seriesDescription: false, tokens: [(.sum, 0, "sum")]),
        LexCase(input: "AVG", fails: false, seriesDescription: false, tokens: [(.avg, 0, "AVG")]),
        LexCase(input: "GROUP", fails: false, seriesDescription: false, tokens: [(.group, 0, "GROUP")]),
        LexCase(input: "MAX", fails: false, seriesDescription: false, tokens: [(.max, 0, "MAX")]),
        LexCase(input: "min", fails: false, seriesDescription: false, tokens: [(.min, 0, "min")]),
        LexCase(input: "count", fails: false, seriesDescription: false, tokens: [(.count, 0, "count")]),
        LexCase(input: "stdvar", fails: false, seriesDescription: false, tokens: [(.stdvar, 0, "stdvar")]),
        LexCase(input: "stddev", fails: false, seriesDescription: false, tokens: [(.stddev, 0, "stddev")]),
        LexCase(input: "offset", fails: false, seriesDescription: false, tokens: [(.offset, 0, "offset")]),
        LexCase(input: "by", fails: false, seriesDescription: false, tokens: [(.by, 0, "by")]),
        LexCase(input: "without", fails: false, seriesDescription: false, tokens: [(.without, 0, "without")]),
        LexCase(input: "on", fails: false, seriesDescription: false, tokens: [(.on, 0, "on")]),
        LexCase(input: "ignoring", fails: false, seriesDescription: false, tokens: [(.ignoring, 0, "ignoring")]),
        LexCase(input: "group_left", fails: false, seriesDescription: false, tokens: [(.groupLeft, 0, "group_left")]),
        LexCase(input: "group_right", fails: false, seriesDescription: false, tokens: [(.groupRight, 0, "group_right")]),
        LexCase(input: "bool", fails: false, seriesDescription: false, tokens: [(.bool, 0, "bool")]),
        LexCase(input: "atan2", fails: false, seriesDescription: false, tokens: [(.atan2, 0, "atan2")]),
        LexCase(input: "start", fails: false, seriesDescription: false, tokens: [(.start, 0, "start")]),
        LexCase(input: "end", fails: false, seriesDescription: false, tokens: [(.end, 0, "end")]),
        LexCase(input: "台北", fails: true, seriesDescription: false, tokens: []),
        LexCase(input: "{台北='a'}", fails: true, seriesDescription: false, tokens: []),
        LexCase(input: "{0a='a'}", fails: true, seriesDescription: false, tokens: []),
        LexCase(input: "{foo='bar'}", fails: false, seriesDescription: false, tokens: [(.leftBrace, 0, "{"), (.identifier, 1, "foo"), (.eql, 4, "="), (.string, 5, "'bar'"), (.rightBrace, 10, "}")]),
        LexCase(input: "{foo=\"bar\"}", fails: false, seriesDescription: false, tokens: [(.leftBrace, 0, "{"), (.identifier, 1, "foo"), (.eql, 4, "="), (.string, 5, "\"bar\""), (.rightBrace, 10, "}")]),
        LexCase(input: "{foo=\"bar\\\"bar\"}", fails: false, seriesDescription: false, tokens: [(.leftBrace, 0, "{"), (.identifier, 1, "foo"), (.eql, 4, "="), (.string, 5, "\"bar\\\"bar\""), (.rightBrace, 15, "}")]),
        LexCase(input: "{NaN\u{9}!= \"bar\" }", fails: false, seriesDescription: false, tokens: [(.leftBrace, 0, "{"), (.identifier, 1, "NaN"), (.neq, 5, "!="), (.string, 8, "\"bar\""), (.rightBrace, 14, "}")]),
        LexCase(input: "{alert=~\"bar\" }", fails: false, seriesDescription: false, tokens: [(.leftBrace, 0, "{"), (.identifier, 1, "alert"), (.eqlRegex, 6, "=~"), (.string, 8, "\"bar\""), (.rightBrace, 14, "}")]),
        LexCase(input: "{on!~\"bar\"}", fails: false, seriesDescription: false, tokens: [(.leftBrace, 0, "{"), (.identifier, 1, "on"), (.neqRegex, 3, "!~"), (.string, 5, "\"bar\""), (.rightBrace, 10, "}")]),
        LexCase(input: "{alert!#\"bar\"}", fails: true, seriesDescription: false, tokens: []),
        LexCase(input: "{foo:a=\"bar\"}", fails: true, seriesDescription: false, tokens: []),
        LexCase(input: "=~", fails: true, seriesDescription: false, tokens: []),
        LexCase(input: "!~", fails: true, seriesDescription: false, tokens: []),
        LexCase(input: "!(", fails: true, seriesDescription: false, tokens: []),
        LexCase(input: "1a", fails: true, seriesDescription: false, tokens: []),
        LexCase(input: "(", fails: true, seriesDescription: false, tokens: []),
        LexCase(input: "())", fails: true, seriesDescription: false, tokens: []),
        LexCase(input: "(()", fails: true, seriesDescription: false, tokens: []),
        LexCase(input: "{", fails: true, seriesDescription: false, tokens: []),
        LexCase(input: "}", fails: true, seriesDescription: false, tokens: []),
        LexCase(input: "{{", fails: true, seriesDescription: false, tokens: []),
        LexCase(input: "{{}}", fails: true, seriesDescription: false, tokens: []),
        LexCase(input: "[", fails: true, seriesDescription: false, tokens: []),
        LexCase(input: "[[", fails: true, seriesDescription: false, tokens: []),
        LexCase(input: "[]]", fails: true, seriesDescription: false, tokens: []),
        LexCase(input: "[[]]", fails: true, seriesDescription: false, tokens: []),
        LexCase(input: "]", fails: true, seriesDescription: false, tokens: []),
        LexCase(input: "{} _ 1 x .3", fails: false, seriesDescription: true, tokens: [(.leftBrace, 0, "{"), (.rightBrace, 1, "}"), (.space, 2, " "), (.blank, 3, "_"), (.space, 4, " "), (.number, 5, "1"), (.space, 6, " "), (.times, 7, "x"), (.space, 8, " "), (.number, 9, ".3")]),
        LexCase(input: "metric +Inf Inf NaN", fails: false, seriesDescription: true, tokens: [(.identifier, 0, "metric"), (.space, 6, " "), (.add, 7, "+"), (.number, 8, "Inf"), (.space, 11, " "), (.number, 12, "Inf"), (.space, 15, " "), (.number, 16, "NaN")]),
        LexCase(input: "metric 1+1x4", fails: false, seriesDescription: true, tokens: [(.identifier, 0, "metric"), (.space, 6, " "), (.number, 7, "1"), (.add, 8, "+"), (.number, 9, "1"), (.times, 10, "x"), (.number, 11, "4")]),
        LexCase(input: "test_name{on!~\"bar\"}[4m:4s]", fails: false, seriesDescription: false, tokens: [(.identifier, 0, "test_name"), (.leftBrace, 9, "{"), (.identifier, 10, "on"), (.neqRegex, 12, "!~"), (.string, 14, "\"bar\""), (.rightBrace, 19, "}"), (.leftBracket, 20, "["), (.duration, 21, "4m"), (.colon, 23, ":"), (.duration, 24, "4s"), (.rightBracket, 26, "]")]),
        LexCase(input: "test:name{on!~\"bar\"}[4m:4s]", fails: false, seriesDescription: false, tokens: [(.metricIdentifier, 0, "test:name"), (.leftBrace, 9, "{"), (.identifier, 10, "on"), (.neqRegex, 12, "!~"), (.string, 14, "\"bar\""), (.rightBrace, 19, "}"), (.leftBracket, 20, "["), (.duration, 21, "4m"), (.colon, 23, ":"), (.duration, 24, "4s"), (.rightBracket, 26, "]")]),
        LexCase(input: "test:name{on!~\"b:ar\"}[4m:4s]", fails: false, seriesDescription: false, tokens: [(.metricIdentifier, 0, "test:name"), (.leftBrace, 9, "{"), (.identifier, 10, "on"), (.neqRegex, 12, "!~"), (.string, 14, "\"b:ar\""), (.rightBrace, 20, "}"), (.leftBracket, 21, "["), (.duration, 22, "4m"), (.colon, 24, ":"), (.duration, 25, "4s"), (.rightBracket, 27, "]")]),
        LexCase(input: "test:name{on!~\"b:ar\"}[4m:]", fails: false, seriesDescription: false, tokens: [(.metricIdentifier, 0, "test:name"), (.leftBrace, 9, "{"), (.identifier, 10, "on"), (.neqRegex, 12, "!~"), (.string, 14, "\"b:ar\""), (.rightBrace, 20, "}"), (.leftBracket, 21, "["), (.duration, 22, "4m"), (.colon, 24, ":"), (.rightBracket, 25, "]")]),
        LexCase(input: "min_over_time(rate(foo{bar=\"baz\"}[2s])[5m:])[4m:3s]", fails: false, seriesDescription: false, tokens: [(.identifier, 0, "min_over_time"), (.leftParen, 13, "("), (.identifier, 14, "rate"), (.leftParen, 18, "("), (.identifier, 19, "foo"), (.leftBrace, 22, "{"), (.identifier, 23, "bar"), (.eql, 26, "="), (.string, 27, "\"baz\""), (.rightBrace, 32, "}"), (.leftBracket, 33, "["), (.duration, 34, "2s"), (.rightBracket, 36, "]"), (.rightParen, 37, ")"), (.leftBracket, 38, "["), (.duration, 39, "5m"), (.colon, 41, ":"), (.rightBracket, 42, "]"), (.rightParen, 43, ")"), (.leftBracket, 44, "["), (.duration, 45, "4m"), (.colon, 47, ":"), (.duration, 48, "3s"), (.rightBracket, 50, "]")]),
        LexCase(input: "test:name{on!~\"b:ar\"}[4m:4s] offset 10m", fails: false, seriesDescription: false, tokens: [(.metricIdentifier, 0, "test:name"), (.leftBrace, 9, "{"), (.identifier, 10, "on"), (.neqRegex, 12, "!~"), (.string, 14, "\"b:ar\""), (.rightBrace, 20, "}"), (.leftBracket, 21, "["), (.duration, 22, "4m"), (.colon, 24, ":"), (.duration, 25, "4s"), (.rightBracket, 27, "]"), (.offset, 29, "offset"), (.duration, 36, "10m")]),
        LexCase(input: "min_over_time(rate(foo{bar=\"baz\"}[2s])[5m:] offset 6m)[4m:3s]", fails: false, seriesDescription: false, tokens: [(.identifier, 0, "min_over_time"), (.leftParen, 13, "("), (.identifier, 14, "rate"), (.leftParen, 18, "("), (.identifier, 19, "foo"), (.leftBrace, 22, "{"), (.identifier, 23, "bar"), (.eql, 26, "="), (.string, 27, "\"baz\""), (.rightBrace, 32, "}"), (.leftBracket, 33, "["), (.duration, 34, "2s"), (.rightBracket, 36, "]"), (.rightParen, 37, ")"), (.leftBracket, 38, "["), (.duration, 39, "5m"), (.colon, 41, ":"), (.rightBracket, 42, "]"), (.offset, 44, "offset"), (.duration, 51, "6m"), (.rightParen, 53, ")"), (.leftBracket, 54, "["), (.duration, 55, "4m"), (.colon, 57, ":"), (.duration, 58, "3s"), (.rightBracket, 60, "]")]),
        LexCase(input: "test:name[ 5m]", fails: false, seriesDescription: false, tokens: [(.metricIdentifier, 0, "test:name"), (.leftBracket, 9, "["), (.duration, 11, "5m"), (.rightBracket, 13, "]")]),
        LexCase(input: "test:name{o:n!~\"bar\"}[4m:4s]", fails: true, seriesDescription: false, tokens: []),
        LexCase(input: "test:name{on!~\"bar\"}[4m:4s:4h]", fails: true, seriesDescription: false, tokens: []),
        LexCase(input: "test:name{on!~\"bar\"}[4m:4s:]", fails: true, seriesDescription: false, tokens: []),
        LexCase(input: "test:name{on!~\"bar\"}[4m::]", fails: true, seriesDescription: false, tokens: []),
        LexCase(input: "test:name{on!~\"bar\"}[:4s]", fails: true, seriesDescription: false, tokens: []),
    ]
}

@Suite("Lexer: upstream token streams")
struct UpstreamLexerTests {
    @Test("every upstream input lexes to the same tokens, or fails", arguments: LexCase.upstream)
    func lexes(_ testCase: LexCase) {
        let tokens = Lexer.tokenize(testCase.input, seriesDescription: testCase.seriesDescription)
        if testCase.fails {
            #expect(tokens.last?.kind == .error)
            return
        }
        #expect(tokens.last == Token(kind: .eof, pos: testCase.input.utf8.count, text: ""))
        let body = tokens.dropLast().map { "\($0.kind) \($0.pos) \($0.text.debugDescription)" }
        let expected = testCase.tokens.map { "\($0.0) \($0.1) \($0.2.debugDescription)" }
        #expect(body == expected)
    }
}
