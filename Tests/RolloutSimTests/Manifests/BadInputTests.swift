import Testing
@testable import RolloutSim

/// Goal: no input crashes the loader, and each problem is reported at its line and column.
@Suite("bad manifest input")
struct BadInputTests {
    @Test("an empty file has no manifests and no diagnostics")
    func emptyFile() {
        let (set, diagnostics) = loadManifests("")
        #expect(set.manifests.isEmpty)
        #expect(diagnostics.isEmpty)
        let (onlySeparators, more) = loadManifests("---\n---\n")
        #expect(onlySeparators.manifests.isEmpty)
        #expect(more.isEmpty)
    }

    @Test("truncated YAML is a syntax error at its position; earlier documents still load")
    func truncated() {
        let text = "apiVersion: v1\nkind: Service\nmetadata: {name: a}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: \"b\n"
        let (set, diagnostics) = loadManifests(text, validate: false)
        #expect(set.services.map(\.metadata.name) == ["a"])
        #expect(errorTexts(diagnostics) == [
            "test.yaml:8:1: invalid YAML: found unexpected end of stream while scanning a quoted scalar (expected well-formed YAML)",
        ])
    }

    @Test("binary garbage is refused at the first NUL byte")
    func binary() {
        let (set, diagnostics) = loadManifests("kind: Rollout\nab\u{0}\u{1}\u{2}")
        #expect(set.manifests.isEmpty)
        #expect(errorTexts(diagnostics) == ["test.yaml:2:3: file is not text: it contains a NUL byte (expected a YAML document)"])
    }

    @Test("a duplicate key is an error")
    func duplicateKey() {
        let text = "apiVersion: v1\nkind: Service\nmetadata:\n  name: a\n  name: b\n"
        let (_, diagnostics) = loadManifests(text)
        #expect(errorTexts(diagnostics) == [
            "test.yaml:5:3: duplicate key 'name' in mapping (expected each key once)",
        ])
    }

    @Test("wrong types are errors at the value")
    func wrongTypes() {
        let text = canaryRollout("""
        steps:
        - setWeight: ten
        - pause: {duration: [1]}
        dynamicStableScale: yes
        maxSurge: 1.5
        """)
        let (_, diagnostics) = loadManifests(text, validate: false)
        #expect(errorTexts(diagnostics) == [
            "test.yaml:19:20: spec.strategy.canary.steps[0].setWeight must be an integer, got 'ten' (expected an integer)",
            "test.yaml:20:27: spec.strategy.canary.steps[1].pause.duration must be an integer or a string, got a list (expected an integer or a string such as \"25%\")",
            "test.yaml:21:27: spec.strategy.canary.dynamicStableScale must be true or false, got 'yes' (expected true or false)",
            "test.yaml:22:17: spec.strategy.canary.maxSurge must be an integer or a string, got '1.5' (expected an integer or a string such as \"25%\")",
        ])
    }

    @Test("negative, overflowing and unparsable pause durations are positioned errors")
    func badDurations() {
        let text = canaryRollout("""
        steps:
        - pause: {duration: -5s}
        - pause: {duration: 99999999999}
        - pause: {duration: 2d}
        - pause: {duration: 9999999999h}
        """)
        let (_, diagnostics) = loadManifests(text, validate: true)
        #expect(errorTexts(diagnostics) == [
            "test.yaml:19:27: The Rollout \"web\" is invalid: spec.strategy.steps[0].pause.duration: Invalid value: -5: Duration needs to be greater than 0 (expected seconds, or a Go duration such as 30s, 5m or 1h (no d unit))",
            "test.yaml:20:27: spec.strategy.canary.steps[1].pause.duration is out of range: 99999999999 (expected an integer between -2147483648 and 2147483647)",
            "test.yaml:21:27: The Rollout \"web\" is invalid: spec.strategy.steps[2].pause.duration: Invalid value: -1: Duration needs to be greater than 0 (expected seconds, or a Go duration such as 30s, 5m or 1h (no d unit))",
            "test.yaml:22:27: The Rollout \"web\" is invalid: spec.strategy.steps[3].pause.duration: Invalid value: -1: Duration needs to be greater than 0 (expected seconds, or a Go duration such as 30s, 5m or 1h (no d unit))",
        ])
    }

    @Test("percentages: over 100% unavailable, negative and non-numeric are errors")
    func percentages() {
        let text = canaryRollout("""
        maxUnavailable: 150%
        maxSurge: "-10%"
        """)
        let (_, diagnostics) = loadManifests(text, validate: false)
        #expect(errorTexts(diagnostics) == [
            "test.yaml:18:23: spec.strategy.canary.maxUnavailable must not be greater than 100%, got '150%' (expected a percentage between 0% and 100%)",
            "test.yaml:19:17: spec.strategy.canary.maxSurge must be greater than or equal to 0, got '-10%' (expected a non-negative integer or percentage)",
        ])
        let (_, other) = loadManifests(canaryRollout("maxSurge: lots"), validate: false)
        #expect(errorTexts(other) == ["test.yaml:18:17: spec.strategy.canary.maxSurge: invalid value 'lots' (expected an integer or a percentage such as \"25%\")"])
    }

    @Test("a setWeight above 100 is refused as upstream does")
    func weightOver100() {
        let (_, diagnostics) = loadManifests(canaryRollout("steps:\n- setWeight: 120"))
        #expect(errorTexts(diagnostics) == [
            "test.yaml:19:20: The Rollout \"web\" is invalid: spec.strategy.steps[0].setWeight: Invalid value: 120: SetWeight needs to be between 0 and 100",
        ])
    }

    @Test("a top-level list or scalar is not a manifest")
    func notAMapping() {
        let (set, diagnostics) = loadManifests("- a\n- b\n")
        #expect(set.manifests.isEmpty)
        #expect(errorTexts(diagnostics) == ["test.yaml:1:1: document must be a mapping, got a list (expected key: value pairs)"])
    }

    @Test("bad metric durations and counts are errors at their value")
    func metricFields() {
        let text = """
        apiVersion: argoproj.io/v1alpha1
        kind: AnalysisTemplate
        metadata: {name: t}
        spec:
          metrics:
          - name: m
            interval: 1d
            count: "three"
            provider: {prometheus: {query: up}}
        """
        let (_, diagnostics) = loadManifests(text)
        #expect(errorTexts(diagnostics) == [
            "test.yaml:7:15: spec.metrics[0].interval: invalid duration '1d': unknown unit 'd' (units: ns, us, µs, μs, ms, s, m, h) (expected a Go duration such as 30s or 1m30s)",
            "test.yaml:8:12: spec.metrics[0].count: invalid value 'three' (expected an integer or an {{args.name}} placeholder)",
        ])
    }

    @Test("invalid base64 in a Secret is an error at the value")
    func badBase64() {
        let (_, diagnostics) = loadManifests("apiVersion: v1\nkind: Secret\nmetadata: {name: s}\ndata:\n  k: '%%%'\n")
        #expect(errorTexts(diagnostics) == ["test.yaml:5:6: data.k is not valid base64 (expected base64-encoded text, or the plain value under stringData)"])
    }
}
