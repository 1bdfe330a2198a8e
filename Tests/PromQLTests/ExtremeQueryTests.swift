// Goal: queries at the edges of the number ranges fail or answer like Prometheus instead of
// trapping or hanging. Method: the reviewer's cases (lead, CHANGES.md 11:52: C1, C2, C4, F5),
// each evaluated on a small storage.
import Testing
@testable import PromQL
import TestSupport

@Suite("Extreme queries")
struct ExtremeQueryTests {
    static func engine() -> Engine {
        let storage = SeriesStorage()
        for slot in 0..<10 {
            storage.append(Labels(["__name__": "x"]), timestampMs: Int64(slot) * 60_000, value: Double(slot))
        }
        return Engine(storage: storage)
    }

    @Test("@ timestamps at the int64 edges select nothing instead of trapping", arguments: [
        "x @ -9223372036854775.808", "x @ 9223372036854775.807", "rate(x[5m] @ -9223372036854775.808)",
        "rate(x[5m] @ 9223372036854775.807)", "x[5m:1m] @ -9223372036854775.808", "x[5m:1m] @ 9223372036854775.807",
        "count_over_time(x[5m:1m] @ 9223372036854775.807)", "x @ 9223372036854775.000 offset -1m",
    ])
    func extremeAt(_ query: String) throws {
        let result = try Self.engine().instantQuery(try parseExpression(query), atMs: 600_000)
        switch result {
        case .vector(let samples): #expect(samples.isEmpty)
        case .matrix(let series): #expect(series.allSatisfy { $0.points.isEmpty })
        case .scalar, .string: Issue.record("unexpected \(result.resultType)")
        }
    }

    @Test("holt_winters reports a huge smoothing factor with Go's %f")
    func holtWintersHugeFactor() throws {
        #expect(throws: PromQLError.execution(
            "invalid smoothing factor. Expected: 0 < sf < 1, got: 1000000000000000052504760255204420248704468581108159154915854115511802457988908195786371375080447864043704443832883878176942523235360430575644792184786706982848387200926575803737830233794788090059368953234970799945081119038967640880074652742780142494579258788820056842838115669472196386865459400540160.000000")) {
            try Self.engine().instantQuery(try parseExpression("holt_winters(x[5m], 1e300, 0.5)"), atMs: 600_000)
        }
    }

    @Test("a subquery with billions of steps fails with Prometheus' too-many-samples error")
    func hugeSubquery() throws {
        #expect(throws: PromQLError.execution("query processing would load too many samples into memory in query execution")) {
            try Self.engine().instantQuery(try parseExpression("quantile_over_time(0.5, x[200y:1ms])"), atMs: 600_000)
        }
    }

    @Test("ranges beyond Go's int64 nanoseconds are parse errors")
    func durationBound() {
        #expect(throws: PromQLError.parse("duration out of range", at: PositionRange(start: 7, end: 14))) {
            try parseExpression("rate(x[106752d])")
        }
    }

    @Test("random queries evaluate or fail with a PromQLError, never trap")
    func randomQueriesEvaluate() {
        // Goal: no query that parses can crash the evaluator. Method: the parser fuzz corpus
        // (token soup and mutated upstream queries, fixed seeds), keeping what parses and has no
        // subquery of more than 10,000 steps, evaluated at a few times including the edges.
        let engine = Self.engine()
        let corpus = ShapeCase.upstream.map(\.query)
        var evaluated = 0
        for seed in UInt64(0)..<3_000 {
            var random = TestRandom(seed: seed &+ 5_000_000)
            var query = ""
            if seed % 2 == 0 {
                for _ in 0..<(1 + random.below(16)) { query += random.pick(ParserPropertyTests.vocabulary) + " " }
            } else {
                var scalars = Array(random.pick(corpus))
                let position = random.below(scalars.count + 1)
                scalars.insert(random.pick(ParserPropertyTests.characters), at: position)
                query = String(scalars)
            }
            guard let node = try? parseExpression(query), Self.isCheap(node) else { continue }
            evaluated += 1
            for atMs: Int64 in [0, 300_000, -1, Int64.max / 2] {
                do {
                    _ = try engine.instantQuery(node, atMs: atMs)
                } catch {
                    #expect(!error.message.isEmpty, "seed=\(seed) query=\(query.debugDescription)")
                }
            }
        }
        #expect(evaluated > 300)
    }

    /// False when a subquery would take more than 10,000 inner steps.
    static func isCheap(_ node: Node) -> Bool {
        switch node {
        case .number, .string, .vectorSelector, .matrixSelector: return true
        case .subquery(let subquery):
            return subquery.rangeMs / max(subquery.stepMs ?? 60_000, 1) <= 10_000 && isCheap(subquery.expr)
        case .paren(let paren): return isCheap(paren.expr)
        case .unary(let unary): return isCheap(unary.expr)
        case .binary(let binary): return isCheap(binary.lhs) && isCheap(binary.rhs)
        case .aggregate(let aggregate): return isCheap(aggregate.expr) && (aggregate.parameter.map(isCheap) ?? true)
        case .call(let call): return call.args.allSatisfy(isCheap)
        }
    }
}
