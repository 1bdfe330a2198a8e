// The promqltest reader and runner on small inline files: what passes, what fails, and why.
import Testing
@testable import PromQL

@Suite("promqltest files")
struct PromQLTestFileTests {
    static let sample = """
    # A comment line.
    load 5m
      http_requests{job="api", instance="0"} 0+10x10
      http_requests{job="api", instance="1"} 0+20x10
      gauge 1 _ stale 4

    eval instant at 50m sum(http_requests)
      {} 300

    eval instant at 50m http_requests{instance="0"}
      http_requests{job="api", instance="0"} 100

    eval instant at 50m http_requests{instance="0"}
      http_requests{job="api", instance="0"} 99

    eval instant at 50m http_requests
      http_requests{job="api", instance="0"} 100

    eval_fail instant at 50m http_requests

    eval_ordered instant at 50m sort_desc(http_requests)
      http_requests{job="api", instance="0"} 100
      http_requests{job="api", instance="1"} 200

    eval instant at 50m 1 + 1
      2

    eval instant at 10m gauge

    clear

    eval instant at 50m http_requests
    """

    @Test("the reader finds every command with its line, time and expectation")
    func reads() throws {
        let file = try PromQLTestFile.parse(Self.sample)
        #expect(file.commands.count == 11)
        let evals = file.evals
        #expect(evals.map(\.line) == [7, 10, 13, 16, 19, 21, 25, 28, 32])
        #expect(evals[0].atMs == 3_000_000)
        #expect(evals[4].expectFail && evals[5].ordered)
        guard case .scalar(let two) = evals[6].expected else {
            Issue.record("expected a scalar expectation")
            return
        }
        #expect(two == 2)
        guard case .load(let load) = file.commands[0] else {
            Issue.record("expected a load command first")
            return
        }
        #expect(load.stepMs == 300_000)
        #expect(load.series.map(\.values.count) == [11, 11, 4])
        #expect(load.series[2].values == [.value(1), .omitted, .stale, .value(4)])
    }

    @Test("the runner passes matching results and explains mismatches as promql/test.go does")
    func runs() throws {
        let results = PromQLTestRunner().run(try PromQLTestFile.parse(Self.sample))
        let failures = results.map(\.failure)
        #expect(failures == [
            nil,
            nil,
            #"expected 99.0 for http_requests{instance="0", job="api"} but got 100.0"#,
            #"unexpected metric http_requests{instance="1", job="api"} in result"#,
            "expected error evaluating query but got none",
            #"expected metric http_requests{instance="1", job="api"} with 200.0 at position 2 but was at 1"#,
            nil,
            nil,
            nil,
        ])
    }

    @Test("almostEqual uses relative tolerance and treats NaN as equal")
    func tolerance() {
        #expect(PromQLTestRunner.almostEqual(.nan, .nan))
        #expect(PromQLTestRunner.almostEqual(1, 1.0000001))
        #expect(!PromQLTestRunner.almostEqual(1, 1.00001))
        #expect(!PromQLTestRunner.almostEqual(0, 1e-300))
        #expect(PromQLTestRunner.almostEqual(.infinity, .infinity))
    }

    @Test("malformed commands are reported with their line")
    func malformed() {
        #expect(throws: PromQLTestFileError(line: 2, message: #"invalid command "bogus""#)) {
            try PromQLTestFile.parse("\nbogus\n")
        }
        #expect(throws: PromQLTestFileError.self) { try PromQLTestFile.parse("load x\n") }
    }

    @Test("the @ re-check pins every selector outside subqueries, and skips time-dependent queries")
    func atModifierPinning() throws {
        let pinned = PromQLTestRunner.pinningAtModifiers(try parseExpression("sum(rate(x[5m])) + y @ start()"), timestampMs: 60_000)
        #expect(pinned.map(shape) == "(+ [one-to-one ignoring()] (sum (rate x[300000ms] @ 60000ms)) y @ 60000ms)")
        let subquery = PromQLTestRunner.pinningAtModifiers(try parseExpression("rate(x[1m])[5m:1m] @ 10"), timestampMs: 60_000)
        #expect(subquery.map(shape) == "(subquery (rate x[60000ms]) 300000ms:60000ms @ 10000ms)")
        #expect(PromQLTestRunner.pinningAtModifiers(try parseExpression("timestamp(x)"), timestampMs: 1) == nil)
        #expect(PromQLTestRunner.pinningAtModifiers(try parseExpression("x - time()"), timestampMs: 1) == nil)
        let inside = PromQLTestRunner.pinningAtModifiers(try parseExpression("vector(time())[5m:1m]"), timestampMs: 1)
        #expect(inside.map(shape) == "(subquery (vector (time)) 300000ms:60000ms @ 1ms)")
    }
}
