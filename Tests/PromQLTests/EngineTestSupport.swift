import Testing
@testable import PromQL

// Hand-built syntax trees and a small series loader, so engine tests do not depend on the parser.

let zeroPosition = PositionRange(start: 0, end: 0)

func matcher(_ name: String, _ type: LabelMatcher.MatchType, _ value: String) -> LabelMatcher {
    try! LabelMatcher(name: name, type: type, value: value)
}

/// `name{l="v", …}` with extra matchers; `offsetMs` as `offset`.
func sel(_ name: String?, _ extra: [LabelMatcher] = [], offsetMs: Int64 = 0) -> Node {
    var matchers = extra
    if let name { matchers.insert(matcher("__name__", .equal, name), at: 0) }
    return .vectorSelector(VectorSelector(name: name, matchers: matchers, offsetMs: offsetMs, position: zeroPosition))
}

/// `sel[rangeMs]`.
func range(_ selector: Node, _ rangeMs: Int64) -> Node {
    guard case .vectorSelector(let vs) = selector else { fatalError("range needs a vector selector") }
    return .matrixSelector(MatrixSelector(vectorSelector: vs, rangeMs: rangeMs, position: zeroPosition))
}

func subquery(_ expr: Node, rangeMs: Int64, stepMs: Int64?, offsetMs: Int64 = 0) -> Node {
    .subquery(SubqueryExpr(expr: expr, rangeMs: rangeMs, stepMs: stepMs, offsetMs: offsetMs, position: zeroPosition))
}

func call(_ function: String, _ args: Node...) -> Node {
    .call(Call(function: function, args: args, position: zeroPosition))
}

func num(_ value: Double) -> Node { .number(NumberLiteral(value: value, position: zeroPosition)) }
func str(_ value: String) -> Node { .string(StringLiteral(value: value, position: zeroPosition)) }

func binary(_ op: BinaryOperator, _ lhs: Node, _ rhs: Node, matching: VectorMatching? = nil, returnBool: Bool = false) -> Node {
    .binary(BinaryExpr(op: op, lhs: lhs, rhs: rhs, matching: matching, returnBool: returnBool, position: zeroPosition))
}

func aggregate(_ op: AggregateOperator, _ expr: Node, by grouping: [String] = [], without: Bool = false, param: Node? = nil) -> Node {
    .aggregate(AggregateExpr(op: op, expr: expr, parameter: param, grouping: grouping, without: without, position: zeroPosition))
}

func negate(_ expr: Node) -> Node { .unary(UnaryExpr(op: .minus, expr: expr, position: zeroPosition)) }

func labels(_ pairs: KeyValuePairs<String, String>) -> Labels { Labels(pairs) }

let minuteMs: Int64 = 60_000

extension SeriesStorage {
    /// Loads values in the promqltest expanding notation (`0+10x4`, `1x3`, `_`, `_x2`, `stale`),
    /// slot i at i × intervalMs, as `load <interval>` does.
    func load(_ labels: Labels, _ notation: String, intervalMs: Int64) {
        var slot: Int64 = 0
        for token in notation.split(separator: " ") {
            if token == "_" { slot += 1; continue }
            if token == "stale" {
                append(labels, timestampMs: slot * intervalMs, value: PromQLConstants.staleNaN)
                slot += 1
                continue
            }
            if token.hasPrefix("_x") { slot += Int64(token.dropFirst(2))!; continue }
            let parts = token.split(separator: "x", maxSplits: 1)
            let times = parts.count == 2 ? Int(parts[1])! : 0
            var start = Substring(parts[0])
            var step = 0.0
            // a+b or a-b (the sign of a leading number belongs to it).
            if let opIndex = start.dropFirst().firstIndex(where: { $0 == "+" || $0 == "-" }) {
                step = Double(start[start.index(after: opIndex)...])! * (start[opIndex] == "-" ? -1 : 1)
                start = start[..<opIndex]
            }
            var value = Double(start)!
            for _ in 0...times {
                append(labels, timestampMs: slot * intervalMs, value: value)
                value += step
                slot += 1
            }
        }
    }
}

/// The vector of an instant query, sorted by labels for comparison.
func vector(_ engine: Engine, _ expr: Node, atMs: Int64) throws -> [Sample] {
    guard case .vector(let samples) = try engine.instantQuery(expr, atMs: atMs) else {
        Issue.record("expected a vector")
        return []
    }
    return samples.sorted { $0.labels < $1.labels }
}

/// The only value of a one-element vector result.
func single(_ engine: Engine, _ expr: Node, atMs: Int64) throws -> Double? {
    let samples = try vector(engine, expr, atMs: atMs)
    guard samples.count == 1 else {
        Issue.record("expected one sample, got \(samples.count)")
        return nil
    }
    return samples[0].value
}

/// Relative tolerance as promqltest's `almostEqual` (1e-6), NaN equal to NaN.
func almostEqual(_ a: Double?, _ b: Double) -> Bool {
    guard let a else { return false }
    if a.isNaN && b.isNaN { return true }
    if a == b { return true }
    let diff = abs(a - b)
    if a == 0 || b == 0 || diff < Double.leastNormalMagnitude { return diff < 1e-6 * Double.leastNormalMagnitude }
    return diff / (abs(a) + abs(b)) < 1e-6
}
