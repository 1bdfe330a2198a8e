// Goal: the parser never crashes. Whatever the input, it returns a tree or a positioned error
// whose range lies inside the input. Method: seeded random token soup and seeded random
// mutations of the valid queries of ParserTests, with our own seeded TestRandom (SplitMix64) so runs repeat exactly.
import Testing
@testable import PromQL
import TestSupport

@Suite("Parser: robustness")
struct ParserPropertyTests {
    static let vocabulary = [
        "foo", "sum", "by", "without", "(", ")", "{", "}", "[", "]", "5m", "1h30m", ":", ",", "=", "=~", "!=", "!~",
        "\"a\"", "'b'", "`raw`", "1", "0x1F", "1.5e3", "Inf", "NaN", "-", "+", "*", "/", "%", "^", "==", "<=", ">",
        "and", "or", "unless", "atan2", "offset", "@", "start()", "end()", "bool", "on", "ignoring", "group_left",
        "group_right", "rate", "topk", "count_values", "label_replace", "histogram_quantile", "#", "\n", " ", "\t",
        "[5m:1m]", "[1m]", "[5m:]", "\"\\u12\"", "\"\\x\"", "é", "{a=\"b\"}", "x", "_", "stale", "foo:bar", ".",
        "`", "\"", "'", "\\", "!", "~", "9999999999999999999999", "0755", "1e", "y", "1e17", "-1e300", "292y",
    ]

    static let characters = Array("abcxyz019_:(){}[],=!~\"'`\\ +-*/%^<>@#.\néy")

    /// Checks the property for one input and returns a failure description, if any.
    static func violation(for query: String) -> String? {
        let length = query.utf8.count
        do {
            let node = try parseExpression(query)
            let range = node.position
            if range.start < 0 || range.end > length || range.start > range.end {
                return "tree range \(range) outside input of \(length) bytes"
            }
        } catch {
            guard error.kind == .parse, let range = error.position else { return "unpositioned error \(error)" }
            if range.start < 0 || range.start > length || range.end > length || range.start > range.end {
                return "error range \(range) outside input of \(length) bytes: \(error.message)"
            }
            if error.message.isEmpty { return "empty error message" }
            _ = error.rendered(query: query)
        }
        return nil
    }

    @Test("random token soup yields a tree or a positioned error")
    func tokenSoup() {
        for seed in UInt64(0)..<2_000 {
            var random = TestRandom(seed: seed)
            var query = ""
            for _ in 0..<(1 + random.below(24)) {
                query += random.pick(Self.vocabulary)
                if random.below(3) == 0 { query += " " }
            }
            if let problem = Self.violation(for: query) {
                Issue.record("seed=\(seed) query=\(query.debugDescription): \(problem)")
                return
            }
        }
    }

    @Test("random mutations of valid queries yield a tree or a positioned error")
    func mutations() {
        let corpus = ShapeCase.upstream.map(\.query)
        for seed in UInt64(0)..<3_000 {
            var random = TestRandom(seed: seed &+ 1_000_000)
            var scalars = Array(random.pick(corpus))
            for _ in 0..<(1 + random.below(3)) {
                let position = scalars.isEmpty ? 0 : random.below(scalars.count + 1)
                switch random.below(4) {
                case 0 where !scalars.isEmpty && position < scalars.count:
                    scalars.remove(at: position)
                case 1:
                    scalars.insert(random.pick(Self.characters), at: position)
                case 2 where position < scalars.count:
                    scalars[position] = random.pick(Self.characters)
                default:
                    let start = random.below(scalars.count + 1)
                    let end = min(scalars.count, start + random.below(8))
                    scalars.insert(contentsOf: scalars[start..<end], at: position)
                }
            }
            let query = String(scalars)
            if let problem = Self.violation(for: query) {
                Issue.record("seed=\(seed) query=\(query.debugDescription): \(problem)")
                return
            }
        }
    }

    @Test("random series lines yield values or a positioned error")
    func seriesLines() {
        let pieces = ["m", "{a=\"b\"}", " ", "1", "+", "-", "x", "3", "_", "stale", "Inf", "0x10", ".5", "e", "foo", "{", "}", "\"", "#"]
        for seed in UInt64(0)..<1_000 {
            var random = TestRandom(seed: seed &+ 7_000_000)
            var line = ""
            for _ in 0..<(1 + random.below(12)) { line += random.pick(pieces) }
            do {
                let (_, values) = try parseSeriesDescription(line)
                #expect(values.count <= Parser.maxSeriesSlots)
            } catch {
                let range = error.position ?? PositionRange(start: -1, end: -1)
                if range.start < 0 || range.start > line.utf8.count || range.end > line.utf8.count {
                    Issue.record("seed=\(seed) line=\(line.debugDescription): error range \(range)")
                    return
                }
            }
        }
    }

    @Test("random expression trees print and parse back with the same precedence and associativity")
    func precedenceRoundTrip() throws {
        // Goal: check operator precedence, associativity and unary binding on shapes no table
        // lists. Method: build a random tree of vector operands, print it with parentheses only
        // where Prometheus' grammar needs them, and compare the parsed tree with the built one.
        for seed in UInt64(0)..<1_500 {
            var random = TestRandom(seed: seed &+ 9_000_000)
            let tree = RandomTree.make(&random, depth: 5)
            let (text, expected) = tree.rendered()
            let node: Node
            do {
                node = try parseExpression(text)
            } catch {
                Issue.record("seed=\(seed) query=\(text.debugDescription): \(error.rendered(query: text))")
                return
            }
            if shape(node) != expected {
                Issue.record("seed=\(seed) query=\(text.debugDescription)\n got \(shape(node))\nwant \(expected)")
                return
            }
        }
    }
}

/// A random PromQL tree over instant vectors, for the precedence round trip.
indirect enum RandomTree {
    case selector(String)
    case binary(BinaryOperator, Bool, RandomTree, RandomTree)
    case negation(RandomTree)
    case paren(RandomTree)
    case call(String, RandomTree)
    case sum(RandomTree)

    static let operators: [BinaryOperator] = [.add, .sub, .mul, .div, .mod, .pow, .atan2, .eql, .neq, .gtr, .lss, .gte, .lte,
                                              .land, .lor, .lunless]

    static func make(_ random: inout TestRandom, depth: Int) -> RandomTree {
        if depth == 0 || random.below(5) == 0 {
            return .selector(random.pick(["a", "b", "c", "sum", "offset", "x:y"]) + (random.below(3) == 0 ? " offset 1m" : ""))
        }
        switch random.below(10) {
        case 0: return .negation(make(&random, depth: depth - 1))
        case 1: return .paren(make(&random, depth: depth - 1))
        case 2: return .call(random.pick(["abs", "ceil"]), make(&random, depth: depth - 1))
        case 3: return .sum(make(&random, depth: depth - 1))
        default:
            let op = random.pick(operators)
            return .binary(op, op.isComparison && random.below(2) == 0,
                           make(&random, depth: depth - 1), make(&random, depth: depth - 1))
        }
    }

    /// Binding strength as in generated_parser.y; unary minus binds like `*`.
    private static func precedence(_ op: BinaryOperator) -> Int {
        switch op {
        case .lor: return 1
        case .land, .lunless: return 2
        case .eql, .neq, .gtr, .lss, .gte, .lte: return 3
        case .add, .sub: return 4
        case .mul, .div, .mod, .atan2: return 5
        case .pow: return 6
        }
    }

    /// The query text and the shape `parseExpression` must produce for it.
    func rendered() -> (String, String) {
        switch self {
        case .selector(let text):
            let name = text.split(separator: " ").first.map(String.init) ?? text
            return (text, text.hasSuffix("offset 1m") ? name + " offset 60000ms" : name)
        case .paren(let inner):
            let (text, expected) = inner.rendered()
            return ("(" + text + ")", "(paren " + expected + ")")
        case .call(let function, let inner):
            let (text, expected) = inner.rendered()
            return (function + "(" + text + ")", "(" + function + " " + expected + ")")
        case .sum(let inner):
            let (text, expected) = inner.rendered()
            return ("sum by (job) (" + text + ")", "(sum by(job) " + expected + ")")
        case .negation(let inner):
            // The operand of unary minus is parsed at `^` strength: anything looser needs parentheses.
            var (text, expected) = inner.rendered()
            if case .binary(let op, _, _, _) = inner, op != .pow {
                (text, expected) = ("(" + text + ")", "(paren " + expected + ")")
            }
            return ("-" + text, "(neg " + expected + ")")
        case .binary(let op, let returnBool, let lhs, let rhs):
            let p = Self.precedence(op)
            var (lhsText, lhsExpected) = lhs.rendered()
            var (rhsText, rhsExpected) = rhs.rendered()
            var lhsNeedsParens = false
            var rhsNeedsParens = false
            switch lhs {
            case .binary(let inner, _, _, _):
                let q = Self.precedence(inner)
                lhsNeedsParens = q < p || (q == p && op == .pow)
            case .negation:
                // `-a ^ b` is `-(a ^ b)`.
                lhsNeedsParens = op == .pow
            default:
                break
            }
            if case .binary(let inner, _, _, _) = rhs {
                let q = Self.precedence(inner)
                rhsNeedsParens = q < p || (q == p && op != .pow)
            }
            if lhsNeedsParens { (lhsText, lhsExpected) = ("(" + lhsText + ")", "(paren " + lhsExpected + ")") }
            if rhsNeedsParens { (rhsText, rhsExpected) = ("(" + rhsText + ")", "(paren " + rhsExpected + ")") }
            let card = op.isSetOperator ? "many-to-many" : "one-to-one"
            let head = op.rawValue + (returnBool ? " bool" : "") + " [\(card) ignoring()]"
            let text = lhsText + " " + op.rawValue + (returnBool ? " bool " : " ") + rhsText
            return (text, "(" + head + " " + lhsExpected + " " + rhsExpected + ")")
        }
    }
}
