import Foundation
import PromQL

// The chart series of a run, sampled from the world's Prometheus storage once the run has ended:
// request rate, error ratio and p99 latency per pod-template-hash, for every rollout. They are for
// the store only: neither the run summary nor the digest reads them.

/// One point of a sampled series.
public struct SampledPoint: Sendable {
    public var t: VirtualTime
    /// Any Double; a step where the query had no value is absent, a NaN value is kept as NaN.
    public var value: Double

    public init(t: VirtualTime, value: Double) {
        self.t = t
        self.value = value
    }
}

extension SampledPoint: Equatable {
    /// Bit for bit, so equal runs compare equal even with NaN points.
    public static func == (lhs: SampledPoint, rhs: SampledPoint) -> Bool {
        lhs.t == rhs.t && lhs.value.bitPattern == rhs.value.bitPattern
    }
}

/// One chart series of one rollout, as a range query over the whole run returned it.
public struct SampledSeries: Sendable, Equatable {
    /// `requests_per_second`, `error_ratio` or `latency_p99_seconds`.
    public var name: String
    public var rollout: String
    public var namespace: String
    /// The query result's labels in Prometheus' text form (`{rollouts_pod_template_hash="abc"}`).
    public var labels: String
    public var points: [SampledPoint]

    /// The series' identity as one Prometheus-style text, which is what the store keeps:
    /// `error_ratio{namespace="shop", rollout="checkout", rollouts_pod_template_hash="abc"}`.
    public var storedLabels: String

    public init(name: String, rollout: String, namespace: String, resultLabels: Labels, points: [SampledPoint]) {
        self.name = name
        self.rollout = rollout
        self.namespace = namespace
        self.labels = resultLabels.description
        self.points = points
        var pairs = [Label(name: Labels.metricName, value: name), Label(name: "namespace", value: namespace),
                     Label(name: "rollout", value: rollout)]
        pairs += resultLabels.pairs.filter { $0.name != "namespace" && $0.name != "rollout" && $0.name != Labels.metricName }
        storedLabels = Labels(pairs).description
    }
}

enum ChartSeriesSampler {
    static let requestsPerSecond = "requests_per_second"
    static let errorRatio = "error_ratio"
    static let latencyP99 = "latency_p99_seconds"

    /// Samples every rollout's chart series from t=0 to `end`, at 30 s or the scrape interval if larger.
    static func sample(storage: SeriesStorage, settings: PrometheusSettings, rollouts: [RolloutOutcome], end: VirtualTime) -> [SampledSeries] {
        let stepMs = max(30_000, settings.scrapeInterval.milliseconds)
        // A rate needs two samples in its window: 1m, or four scrape intervals if that is longer.
        let windowMs = max(60_000, 4 * settings.scrapeInterval.milliseconds)
        let window = windowMs % 60_000 == 0 ? "\(windowMs / 60_000)m" : "\(windowMs / 1000)s"
        let endMs = max(0, end.milliseconds)
        let engine = Engine(storage: storage, lookbackDeltaMs: settings.lookbackDelta.milliseconds)

        // The target labels that carry the rollout's name, namespace and pod-template-hash, found by
        // template so renamed labels still work.
        func labelName(_ templates: [String]) -> String? {
            settings.targetLabels.first { label in
                templates.contains { label.template.replacingOccurrences(of: " ", with: "") == $0 }
            }?.name
        }
        guard let hashLabel = labelName(["{{pod.labels.rollouts-pod-template-hash}}"]) else { return [] }
        let rolloutLabel = labelName(["{{rollout.name}}"])
        let namespaceLabel = labelName(["{{pod.namespace}}", "{{rollout.namespace}}"])

        var result: [SampledSeries] = []
        for rollout in rollouts {
            var matchers: [String] = []
            if let namespaceLabel { matchers.append("\(namespaceLabel)=\(quoted(rollout.namespace))") }
            if let rolloutLabel {
                matchers.append("\(rolloutLabel)=\(quoted(rollout.name))")
            } else {
                // No label names the rollout: its pods are the ones with its replica sets' hashes.
                let hashes = rollout.replicaSets.map(\.podTemplateHash).filter { !$0.isEmpty }.sorted()
                guard !hashes.isEmpty else { continue }
                matchers.append("\(hashLabel)=~\(quoted(hashes.map(regexEscaped).joined(separator: "|")))")
            }
            let selector = matchers.joined(separator: ", ")
            let errorSelector = (matchers + ["code=~\"5..\""]).joined(separator: ", ")
            let requests = settings.requestsMetric
            let rate = "sum by (\(hashLabel)) (rate(\(requests){\(selector)}[\(window)]))"
            let queries = [
                (requestsPerSecond, rate),
                (errorRatio, "sum by (\(hashLabel)) (rate(\(requests){\(errorSelector)}[\(window)])) / \(rate)"),
                (latencyP99, "histogram_quantile(0.99, sum by (le, \(hashLabel)) (rate(\(settings.durationMetric)_bucket{\(selector)}[\(window)])))"),
            ]
            for (name, query) in queries {
                guard case .matrix(let matrix)? = try? engine.rangeQuery(query, startMs: 0, endMs: endMs, stepMs: stepMs) else { continue }
                for series in matrix {
                    result.append(SampledSeries(
                        name: name, rollout: rollout.name, namespace: rollout.namespace, resultLabels: series.labels,
                        points: series.points.map { SampledPoint(t: VirtualTime(milliseconds: $0.timestampMs), value: $0.value) }))
                }
            }
        }
        return result.sorted {
            ($0.rollout, $0.namespace, $0.name, $0.labels) < ($1.rollout, $1.namespace, $1.name, $1.labels)
        }
    }

    static func quoted(_ value: String) -> String {
        "\"" + value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    static func regexEscaped(_ value: String) -> String {
        var out = ""
        for ch in value {
            if "\\.+*?()|[]{}^$".contains(ch) { out.append("\\") }
            out.append(ch)
        }
        return out
    }
}
