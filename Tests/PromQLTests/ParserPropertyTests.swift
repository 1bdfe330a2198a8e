// Goal: the parser never crashes. Whatever the input, it returns a tree or a positioned error
// whose range lies inside the input. Method: seeded random token soup and seeded random
// mutations of the valid queries of ParserTests, with our own SplitMix64 so runs repeat exactly.
import Testing
@testable import PromQL

/// SplitMix64 (Steele, Lea, Flood 2014): a tiny seeded generator, stable across toolchains.
struct SplitMix64 {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in 0..<bound (modulo bias is irrelevant here).
    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }

    mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }
}

@Suite("Parser: robustness")
struct ParserPropertyTests {
    static let vocabulary = [
        "foo", "sum", "by", "without", "(", ")", "{", "}", "[", "]", "5m", "1h30m", ":", ",", "=", "=~", "!=", "!~",
        "\"a\"", "'b'", "`raw`", "1", "0x1F", "1.5e3", "Inf", "NaN", "-", "+", "*", "/", "%", "^", "==", "<=", ">",
        "and", "or", "unless", "atan2", "offset", "@", "start()", "end()", "bool", "on", "ignoring", "group_left",
        "group_right", "rate", "topk", "count_values", "label_replace", "histogram_quantile", "#", "\n", " ", "\t",
        "[5m:1m]", "[1m]", "[5m:]", "\"\\u12\"", "\"\\x\"", "é", "{a=\"b\"}", "x", "_", "stale", "foo:bar", ".",
        "`", "\"", "'", "\\", "!", "~", "9999999999999999999999", "0755", "1e", "y",
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
            var random = SplitMix64(state: seed)
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
            var random = SplitMix64(state: seed &+ 1_000_000)
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
            var random = SplitMix64(state: seed &+ 7_000_000)
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
}
