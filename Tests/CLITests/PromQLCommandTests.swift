import Foundation
import Testing

@Suite("rollout-sim promql")
struct PromQLCommandTests {
    static let series = "Tests/CLITests/Fixtures/promql/canary-series.yaml"

    @Test("an unscoped error ratio averages stable and canary; scoping by hash measures the canary")
    func scoping() throws {
        // 10 req/s at 0.1% plus 1 req/s at 5%: (0.01 + 0.05) / 11.
        let fleet = try CLI.run(["promql", "query", "--series", Self.series, "--time", "10m",
                                 "sum(rate(http_requests_total{code=~\"5..\"}[1m])) / sum(rate(http_requests_total[1m]))"])
        #expect(fleet.status == 0)
        let fleetValue = try #require(Double(fleet.stdout.split(separator: " ")[2]))
        #expect(abs(fleetValue - 0.06 / 11) < 1e-12)
        let canary = try CLI.run(["promql", "query", "--series", Self.series, "--time", "10m", "--output", "json",
                                  "sum(rate(http_requests_total{rollouts_pod_template_hash=\"7b9c2\", code=~\"5..\"}[1m])) / sum(rate(http_requests_total{rollouts_pod_template_hash=\"7b9c2\"}[1m]))"])
        #expect(canary.status == 0)
        #expect(canary.stdout == "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{},\"value\":[600,\"0.05\"]}]}}\n")
    }

    @Test("a query error is the API's error envelope and exit 1")
    func queryError() throws {
        let result = try CLI.run(["promql", "query", "--series", Self.series, "--time", "600", "--output", "json", "sum(rate(http_requests_total[1m])"])
        #expect(result.status == 1)
        #expect(result.stdout.hasPrefix("{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"invalid parameter \\\"query\\\": 1:"))
    }

    @Test("a scalar result, and an expression starting with '-' after --")
    func scalar() throws {
        let result = try CLI.run(["promql", "query", "--series", Self.series, "--time", "0s", "--output", "json", "--", "-0.0000004"])
        #expect(result.status == 0)
        #expect(result.stdout == "{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\",\"result\":[0,\"-0.0000004\"]}}\n")
    }

    @Test("a bad series file is positioned and exits 65")
    func badSeriesFile() throws {
        let folder = try CLI.folder(with: ["s.yaml": "interval: 15s\ninput_series:\n  - series: 'x{'\n    values: '1 2'\n"])
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try CLI.run(["promql", "query", "--series", folder.appendingPathComponent("s.yaml").path, "--time", "1m", "x"])
        #expect(result.status == 65)
        #expect(result.stderr.hasPrefix("\(folder.path)/s.yaml:3:5: bad series: "))
    }

    @Test("promtool unit-test files: results, then 'N passed, N failed'")
    func promtoolTests() throws {
        let passing = try CLI.run(["promql", "test", "Tests/CLITests/Fixtures/promql/canary-rules.test.yaml"])
        #expect(passing.status == 0)
        #expect(passing.stdout.hasSuffix("  SUCCESS\n\n2 passed, 0 failed\n"))
        let folder = try CLI.folder(with: [
            "t.yaml": """
            tests:
              - interval: 1m
                input_series:
                  - series: 'up{job="a"}'
                    values: '1 1 0'
                promql_expr_test:
                  - expr: up
                    eval_time: 2m
                    exp_samples:
                      - labels: 'up{job="a"}'
                        value: 1
            """,
        ])
        defer { try? FileManager.default.removeItem(at: folder) }
        let failing = try CLI.run(["promql", "test", folder.appendingPathComponent("t.yaml").path])
        #expect(failing.status == 1)
        #expect(failing.stdout.contains("  FAILED:\n    expr: \"up\", time: 2m,\n        exp: {__name__=\"up\", job=\"a\"} 1E+00\n        got: {__name__=\"up\", job=\"a\"} 0E+00\n"))
        #expect(failing.stdout.hasSuffix("0 passed, 1 failed\n"))
    }
}
