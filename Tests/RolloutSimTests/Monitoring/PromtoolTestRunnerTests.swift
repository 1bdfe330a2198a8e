import PromQL
import Testing
@testable import RolloutSim

@Suite("promtool unit-test files and recording rules")
struct PromtoolTestRunnerTests {
    static let rules = """
    groups:
      - name: example
        rules:
          - record: job:http_requests:rate1m
            expr: sum without (pod, code) (rate(http_requests_total[1m]))
          - record: job:http_requests:rate1m:doubled
            expr: job:http_requests:rate1m * 2
            labels: {team: checkout}
    """

    func run(_ test: String, rules: String = PromtoolTestRunnerTests.rules) -> PromtoolTestRunner.FileResult {
        PromtoolTestRunner(files: MemoryFiles(["t/test.yaml": test, "t/rules.yaml": rules])).run("t/test.yaml")
    }

    @Test("recording rules feed later rules and the expression tests; exact values pass")
    func passing() {
        // 150 requests every 15 s is 10/s; rate over [1m] at 5m sees 5 samples, no extrapolation needed.
        let result = run("""
        rule_files: [rules.yaml]
        evaluation_interval: 1m
        tests:
          - interval: 15s
            input_series:
              - series: 'http_requests_total{pod="a", code="200", job="api"}'
                values: '0+150x40'
            promql_expr_test:
              - expr: job:http_requests:rate1m
                eval_time: 5m
                exp_samples:
                  - labels: 'job:http_requests:rate1m{job="api"}'
                    value: 10
              - expr: job:http_requests:rate1m:doubled
                eval_time: 5m
                exp_samples:
                  - labels: 'job:http_requests:rate1m:doubled{job="api", team="checkout"}'
                    value: 20
              - expr: scalar(job:http_requests:rate1m)
                eval_time: 5m
                exp_samples:
                  - value: 10
        """)
        #expect(result.failures == [])
        #expect(result.passed == 3 && result.failed == 0)
        #expect(result.report == "Unit Testing:  t/test.yaml\n  SUCCESS\n")
    }

    @Test("a mismatch prints promtool's exp/got lines with Go's %E numbers")
    func failing() {
        let result = run("""
        rule_files: [rules.yaml]
        tests:
          - interval: 15s
            name: the group
            input_series:
              - series: 'http_requests_total{pod="a", code="200", job="api"}'
                values: '0+150x40'
            promql_expr_test:
              - expr: job:http_requests:rate1m
                eval_time: 5m
                exp_samples:
                  - labels: 'job:http_requests:rate1m{job="api"}'
                    value: 11
              - expr: nothing_here
                eval_time: 1m
                exp_samples:
                  - labels: 'nothing_here'
                    value: 0.5
        """)
        #expect(result.passed == 0 && result.failed == 2)
        #expect(result.failures == [
            "    name: the group,\n    expr: \"job:http_requests:rate1m\", time: 5m,\n        exp: {__name__=\"job:http_requests:rate1m\", job=\"api\"} 1.1E+01\n        got: {__name__=\"job:http_requests:rate1m\", job=\"api\"} 1E+01",
            "    name: the group,\n    expr: \"nothing_here\", time: 1m,\n        exp: {__name__=\"nothing_here\"} 5E-01\n        got: nil",
        ])
        #expect(result.report.hasPrefix("Unit Testing:  t/test.yaml\n  FAILED:\n    name: the group,"))
    }

    @Test("a query error is reported in promtool's words, with the position")
    func queryError() {
        let result = run("""
        tests:
          - input_series: []
            promql_expr_test:
              - expr: sum(rate(x[1m])
                eval_time: 1m
        """, rules: "")
        #expect(result.failed == 1)
        #expect(result.failures.first?.hasPrefix("    expr: \"sum(rate(x[1m])\", time: 1m, err: 1:") == true)
    }

    @Test("unknown fields in the test file are errors with positions (promtool reads strictly)")
    func strict() {
        let result = run("rule_files: [rules.yaml]\ntests:\n  - interval: 1m\n    promql_exp_test: []\n")
        #expect(result.diagnostics.map(\.description) == [
            "t/test.yaml:4:5: unknown field 'promql_exp_test' in tests[0] (expected one of: alert_rule_test, external_labels, external_url, input_series, interval, name, promql_expr_test; did you mean 'promql_expr_test'?)",
        ])
        #expect(result.failed == 1)
    }

    @Test("a rule whose series disappears gets a staleness marker at the next evaluation")
    func staleness() throws {
        let storage = SeriesStorage()
        let source = Labels(["__name__": "up", "job": "api"])
        storage.append(source, timestampMs: 0, value: 1)
        let rule = RecordingRule(record: "job:up", expression: try parseExpression("up"), expressionText: "up", labels: [], location: SourceLocation(file: "r", line: 1, column: 1))
        var evaluator = RecordingRuleEvaluator(groups: [RuleGroup(name: "g", interval: nil, recordingRules: [rule], alertNames: [], location: rule.location)])
        #expect(evaluator.evaluate(at: 0, storage: storage, lookbackDeltaMs: 60_000).isEmpty)
        // At 2m the source sample is beyond the 1m lookback: the rule returns nothing.
        #expect(evaluator.evaluate(at: 120_000, storage: storage, lookbackDeltaMs: 60_000).isEmpty)
        let engine = Engine(storage: storage, lookbackDeltaMs: 300_000)
        // With a 5m lookback the recorded sample at 0 would still be visible at 2m30s, but the
        // staleness marker written at 2m hides it, as in Prometheus.
        let value = try engine.instantQuery(try parseExpression("job:up"), atMs: 150_000)
        guard case .vector(let samples) = value else { Issue.record("expected a vector"); return }
        #expect(samples.isEmpty)
        let before = try engine.instantQuery(try parseExpression("job:up"), atMs: 60_000)
        guard case .vector(let earlier) = before else { Issue.record("expected a vector"); return }
        #expect(earlier.map(\.value) == [1])
        #expect(earlier.first?.labels == Labels(["__name__": "job:up", "job": "api"]))
    }

    @Test("rule files are checked: bad names, bad expressions, record and alert together")
    func ruleFileProblems() {
        let sink = DiagnosticSink()
        let file = RuleFile.decode("""
        groups:
          - name: g
            rules:
              - record: 1bad
                expr: up
              - record: ok
                expr: sum(
              - record: both
                alert: Both
                expr: up
              - alert: HighErrors
                expr: up == 0
          - name: g
            rules: []
        """, path: "r.yaml", sink: sink)
        #expect(file.groups.first?.alertNames == ["HighErrors"])
        #expect(sink.sorted.map(\.description) == [
            "r.yaml:4:17: invalid recording rule name: 1bad (expected [a-zA-Z_:][a-zA-Z0-9_:]*)",
            "r.yaml:7:15: could not parse expression: 1:5: parse error: unclosed left parenthesis (expected a valid PromQL expression)",
            "r.yaml:8:9: only one of 'record' and 'alert' must be set (expected record: NAME or alert: NAME)",
            "r.yaml:13:5: groupname: \"g\" is repeated in the same file (expected unique group names)",
        ])
    }

    @Test("a series file loads slots at i × interval")
    func seriesFile() throws {
        let sink = DiagnosticSink()
        let file = SeriesFile.decode("{\"interval\": \"30s\", \"input_series\": [{\"series\": \"x{a=\\\"1\\\"}\", \"values\": \"1 _ 3 stale\"}]}", path: "s.json", sink: sink)
        let storage = file.makeStorage(sink: sink)
        #expect(sink.diagnostics.isEmpty)
        let engine = Engine(storage: storage)
        guard case .matrix(let series) = try engine.instantQuery(try parseExpression("x[5m]"), atMs: 120_000) else {
            Issue.record("expected a matrix"); return
        }
        #expect(series.first?.points.map(\.timestampMs) == [0, 60_000])
        #expect(series.first?.points.map(\.value) == [1, 3])
        #expect(try parseEvaluationTime("10m") == 600_000)
        #expect(try parseEvaluationTime("1.5") == 1500)
    }
}
