import Testing
@testable import RolloutSim

/// One `t.Run` of upstream's `TestValidateMetrics` (utils/analysis/factory_test.go).
struct ValidateMetricsCase: Sendable, CustomTestStringConvertible {
    var upstream: String
    var metrics: [Metric]
    /// nil: valid.
    var error: String?

    var testDescription: String { "TestValidateMetrics: \(upstream)" }

    static var upstreamCases: [ValidateMetricsCase] {
        typealias F = AnalysisFixture
        let prometheus = AnalysisFixture.ProviderChoice.prometheus(query: "", address: nil)
        var multiple = F.metric("success-rate", provider: prometheus)
        multiple.provider.job = JobMetric(metadata: nil, spec: nil, locations: F.noLocations)
        multiple.provider.web = F.metric("w", provider: .web).provider.web
        multiple.provider.others = F.metric("d", provider: .other("datadog")).provider.others
        var noProvider = F.metric("success-rate", count: 1)
        noProvider.provider.job = nil
        return [
            ValidateMetricsCase(upstream: "Ensure count >= failureLimit + consecutiveSuccessLimit",
                                metrics: [F.metric("success-rate", count: 1, failureLimit: 2, provider: prometheus)],
                                error: "metrics[0]: count (1) must be >= failureLimit + consecutiveSuccessLimit (2 + 0) if both >= 0"),
            ValidateMetricsCase(upstream: "Ensure count >= failureLimit + consecutiveSuccessLimit (count 0)",
                                metrics: [F.metric("success-rate", count: 0, failureLimit: 2, provider: prometheus)], error: nil),
            ValidateMetricsCase(upstream: "Ensure count must be >= inconclusiveLimit",
                                metrics: [F.metric("success-rate", count: 1, inconclusiveLimit: 2, provider: prometheus)],
                                error: "metrics[0]: count must be >= inconclusiveLimit"),
            ValidateMetricsCase(upstream: "Ensure count must be >= inconclusiveLimit (count 0)",
                                metrics: [F.metric("success-rate", count: 0, inconclusiveLimit: 2, provider: prometheus)], error: nil),
            ValidateMetricsCase(upstream: "Validate metric",
                                metrics: [F.metric("success-rate", interval: "60s", count: 2, failureLimit: 2, provider: prometheus)],
                                error: nil),
            ValidateMetricsCase(upstream: "Ensure valid internal string",
                                metrics: [F.metric("success-rate", interval: "60s-typo", count: 2, failureLimit: 2, provider: prometheus)],
                                error: "metrics[0]: invalid interval string: time: unknown unit \"s-typo\" in duration \"60s-typo\""),
            ValidateMetricsCase(upstream: "Ensure valid initialDelay string",
                                metrics: [F.metric("success-rate", interval: "60s", initialDelay: "60s-typo", count: 2, failureLimit: 2,
                                                   provider: prometheus)],
                                error: "metrics[0]: invalid startDelay string: time: unknown unit \"s-typo\" in duration \"60s-typo\""),
            ValidateMetricsCase(upstream: "Ensure metric provider listed", metrics: [], error: "no metrics specified"),
            ValidateMetricsCase(upstream: "Ensure interval set when count > 1",
                                metrics: [F.metric("success-rate", count: 2, provider: prometheus)],
                                error: "metrics[0]: interval must be specified when count > 1"),
            ValidateMetricsCase(upstream: "Ensure no duplicate metric names",
                                metrics: [F.metric("success-rate", provider: prometheus), F.metric("success-rate", provider: prometheus)],
                                error: "metrics[1]: duplicate name 'success-rate'"),
            ValidateMetricsCase(upstream: "Ensure failureLimit >= -1",
                                metrics: [F.metric("success-rate", failureLimit: -2, provider: prometheus)],
                                error: "metrics[0]: failureLimit must be >= 0, or -1 to be disabled"),
            ValidateMetricsCase(upstream: "Ensure inconclusiveLimit >= 0",
                                metrics: [F.metric("success-rate", inconclusiveLimit: -1, provider: prometheus)],
                                error: "metrics[0]: inconclusiveLimit must be >= 0"),
            ValidateMetricsCase(upstream: "Ensure consecutiveErrorLimit >= 0",
                                metrics: [F.metric("success-rate", consecutiveErrorLimit: -1, provider: prometheus)],
                                error: "metrics[0]: consecutiveErrorLimit must be >= 0"),
            ValidateMetricsCase(upstream: "Ensure metric has provider", metrics: [noProvider],
                                error: "metrics[0]: no provider specified"),
            ValidateMetricsCase(upstream: "Ensure metric does not have more than 1 provider", metrics: [multiple],
                                error: "metrics[0]: multiple providers specified"),
            ValidateMetricsCase(upstream: "Ensure consecutiveSuccessLimit >= 0",
                                metrics: [F.metric("success-rate", consecutiveSuccessLimit: -1, provider: prometheus)],
                                error: "metrics[0]: consecutiveSuccessLimit must be >= 0"),
            ValidateMetricsCase(upstream: "Ensure consecutiveSuccessLimit and failureLimit are not both disabled",
                                metrics: [F.metric("success-rate", failureLimit: -1, consecutiveSuccessLimit: 0, provider: prometheus)],
                                error: "metrics[0]: failureLimit and consecutiveSuccessLimit cannot both be disabled"),
        ]
    }
}

/// Upstream's helper tests (utils/analysis/helpers_test.go, factory_test.go).
@Suite("Analysis helpers (upstream tests)")
struct AnalysisHelpersTests {
    typealias F = AnalysisFixture

    @Test("ValidateMetrics gives upstream's message", arguments: ValidateMetricsCase.upstreamCases)
    func validateMetrics(_ row: ValidateMetricsCase) {
        #expect(MetricValidation.validate(row.metrics)?.message == row.error)
    }

    @Test("Go duration errors: missing unit, unknown unit, invalid")
    func goDurationErrors() {
        #expect(goDurationErrorMessage("10") == "time: missing unit in duration \"10\"")
        #expect(goDurationErrorMessage("1d") == "time: unknown unit \"d\" in duration \"1d\"")
        #expect(goDurationErrorMessage("abc") == "time: invalid duration \"abc\"")
        #expect(goDurationErrorMessage("") == "time: invalid duration \"\"")
    }

    // TestIsWorst: each row (current, new, isWorse).
    @Test("TestIsWorst: Successful < Running < Pending < Inconclusive < Error < Failed", arguments: [
        (AnalysisPhase.successful, AnalysisPhase.successful, false), (.successful, .inconclusive, true), (.successful, .error, true),
        (.successful, .failed, true), (.inconclusive, .successful, false), (.inconclusive, .inconclusive, false),
        (.inconclusive, .error, true), (.inconclusive, .failed, true), (.error, .error, false), (.error, .successful, false),
        (.error, .inconclusive, false), (.error, .failed, true), (.failed, .successful, false), (.failed, .inconclusive, false),
        (.failed, .error, false), (.failed, .failed, false),
    ])
    func isWorse(_ current: AnalysisPhase, _ new: AnalysisPhase, _ expected: Bool) {
        #expect(AnalysisPhase.isWorse(current, new) == expected)
    }

    @Test("TestGetDryRunMetrics: names, regular expressions, and a rule that matches nothing")
    func dryRunMetrics() throws {
        let metrics = [F.metric("success-rate", count: 1, failureLimit: 2), F.metric("error-rate", count: 1, failureLimit: 2)]
        #expect(try MetricValidation.dryRunMetrics(F.dryRun("success-rate"), metrics: metrics).get() == ["success-rate"])
        #expect(try MetricValidation.dryRunMetrics(F.dryRun(".*"), metrics: metrics).get() == ["success-rate", "error-rate"])
        #expect(throws: AnalysisSpecError(message: "dryRun[0]: Rule didn't match any metric name(s)")) {
            try MetricValidation.dryRunMetrics(F.dryRun("error-rate"), metrics: [metrics[0]]).get()
        }
        // Go's regexp refuses a bare `*`, and upstream ignores the compile error: it matches nothing.
        #expect(throws: AnalysisSpecError(message: "dryRun[0]: Rule didn't match any metric name(s)")) {
            try MetricValidation.dryRunMetrics(F.dryRun("*"), metrics: metrics).get()
        }
    }

    @Test("TestResolveMetricArgs and TestResolveMetricArgsWithQuotes: values land verbatim")
    func resolveMetricArgs() throws {
        let args = [AnalysisRunArgument(name: "metric-name", value: "success-rate"),
                    AnalysisRunArgument(name: "metric-name2", value: "success-rate2")]
        #expect(try F.metric("metric-name", successCondition: "result > {{args.metric-name}}").resolvingArguments(args)
            .successCondition == "result > success-rate")
        #expect(try F.metric("metric-name2", successCondition: "result < {{args.metric-name2}}").resolvingArguments(args)
            .successCondition == "result < success-rate2")
        let quoted = "foo \"bar\" baz"
        #expect(try F.metric("rate", successCondition: "{{args.rate}}").resolvingArguments([AnalysisRunArgument(name: "rate", value: quoted)])
            .successCondition == quoted)
        // Tags are trimmed; an arg without a value fails even when no metric uses it.
        #expect(try F.metric("m", successCondition: "{{ args.rate }}").resolvingArguments([AnalysisRunArgument(name: "rate", value: "1")])
            .successCondition == "1")
        #expect(throws: TemplateError(message: "argument \"unused\" was not supplied")) {
            try F.metric("m").resolvingArguments([AnalysisRunArgument(name: "unused")])
        }
    }

    @Test("TestMergeArgs: defaults, overrides, unresolved and extra args")
    func mergeArgs() throws {
        #expect(try AnalysisRun.mergeArgs(incoming: [], templateArgs: []) == [])
        let defaults = try AnalysisRun.mergeArgs(incoming: [], templateArgs: [
            AnalysisRunArgument(name: "foo", value: "bar"),
            AnalysisRunArgument(name: "my-secret", secretKeyRef: .init(name: "name", key: "key")),
        ])
        #expect(defaults.map(\.name) == ["foo", "my-secret"])
        #expect(defaults[0].value == "bar")
        #expect(defaults[1].secretKeyRef != nil)
        let overwritten = try AnalysisRun.mergeArgs(incoming: [AnalysisRunArgument(name: "foo", value: "overwrite")],
                                                    templateArgs: [AnalysisRunArgument(name: "foo", value: "bar")])
        #expect(overwritten == [AnalysisRunArgument(name: "foo", value: "overwrite")])
        #expect(throws: AnalysisRunConstructionError(message: "args.foo was not resolved")) {
            try AnalysisRun.mergeArgs(incoming: [AnalysisRunArgument(name: "foo")], templateArgs: [AnalysisRunArgument(name: "foo")])
        }
        let extra = try AnalysisRun.mergeArgs(incoming: [AnalysisRunArgument(name: "foo", value: "my-value"),
                                                         AnalysisRunArgument(name: "extra-arg", value: "extra-value")],
                                              templateArgs: [AnalysisRunArgument(name: "foo")])
        #expect(extra == [AnalysisRunArgument(name: "foo", value: "my-value")])
    }

    @Test("TestBuildArgumentsForRolloutAnalysisRun: literal, hashes, labels and annotations by fieldRef")
    func buildArguments() throws {
        let (set, _) = F.decodeManifests("""
        apiVersion: argoproj.io/v1alpha1
        kind: Rollout
        metadata:
          name: test
          labels: {app: app, env: test}
          annotations: {rollout.argoproj.io/revision: "1"}
        spec:
          replicas: 1
          selector:
            matchLabels: {app: app, env: test}
          template:
            metadata:
              labels: {app: app, env: test}
            spec:
              containers:
                - {name: container-name, image: foo/bar}
          strategy:
            canary:
              steps: [{setWeight: 10}]
        """)
        let rollout = try #require(set.rollouts.first)
        let args = try AnalysisRun.buildRolloutArguments([
            RolloutAnalysisArgument(name: "hard-coded-value-key", source: .value("hard-coded-value"), locations: F.noLocations),
            RolloutAnalysisArgument(name: "stable-key", source: .podTemplateHash(.stable), locations: F.noLocations),
            RolloutAnalysisArgument(name: "new-key", source: .podTemplateHash(.latest), locations: F.noLocations),
            RolloutAnalysisArgument(name: "app", source: .fieldRef("metadata.labels['app']"), locations: F.noLocations),
            RolloutAnalysisArgument(name: "env", source: .fieldRef("metadata.labels['env']"), locations: F.noLocations),
            RolloutAnalysisArgument(name: "revision", source: .fieldRef("metadata.annotations['rollout.argoproj.io/revision']"),
                                    locations: F.noLocations),
            RolloutAnalysisArgument(name: "image", source: .fieldRef("spec.template.spec.containers[0].image"), locations: F.noLocations),
        ], rollout: rollout, latest: "123456", stable: "abcdef")
        #expect(args.map(\.value) == ["hard-coded-value", "abcdef", "123456", "app", "test", "1", "foo/bar"])
        #expect(throws: AnalysisRunConstructionError(message: "invalid path spec.template.spec.nothing in rollout")) {
            try RolloutFieldPath.value("spec.template.spec.nothing", of: rollout)
        }
        #expect(throws: AnalysisRunConstructionError(message: "index 12 out of range")) {
            try RolloutFieldPath.value("spec.template.spec.containers[12].image", of: rollout)
        }
        #expect(throws: AnalysisRunConstructionError(message: "path spec.template.spec.containers[0] in rollout must terminate in a primitive value")) {
            try RolloutFieldPath.value("spec.template.spec.containers[0]", of: rollout)
        }
    }
}

/// Upstream's `TestIsSemanticallyEqual` and `TestCreateWithCollisionCounter*` (utils/analysis/helpers_test.go).
@Suite("AnalysisRun name collisions")
struct AnalysisRunCollisionTests {
    typealias F = AnalysisFixture

    func run(_ name: String, metric: String = "success-rate", phase: AnalysisPhase = .unset) -> AnalysisRun {
        AnalysisRun(name: name, spec: AnalysisRunSpec(metrics: [F.metric(metric)]), status: AnalysisRunStatus(phase: phase))
    }

    @Test("TestIsSemanticallyEqual: terminate does not count, a metric name does")
    func semanticEquality() {
        let left = run("foo")
        var right = left
        right.spec.terminate = true
        #expect(left.isSemanticallyEqual(to: right))
        right.spec.metrics[0].name = "foo"
        #expect(!left.isSemanticallyEqual(to: right))
    }

    @Test("TestCreateWithCollisionCounterStillRunning: an equal running run is adopted")
    func stillRunning() {
        let created = run("foo").creatingAmong([run("foo")])
        #expect(created.adopted)
        #expect(created.run.name == "foo")
    }

    @Test("TestCreateWithCollisionCounter: a completed run of that name gives `.1`, then `.2`")
    func collisionCounter() {
        #expect(run("foo").creatingAmong([run("foo", phase: .failed)]).run.name == "foo.1")
        let twice = run("foo").creatingAmong([run("foo", phase: .failed), run("foo.1", metric: "other")])
        #expect(twice.run.name == "foo.2")
        #expect(!twice.adopted)
        #expect(run("foo").creatingAmong([]).run.name == "foo")
    }
}
