/// Value checks shared by every part of the scenario decoder.
extension ScenarioDecoder {
    /// A duration that is positive (or zero when `allowZero`).
    func positiveDuration(_ node: YAMLNode, path: String, allowZero: Bool = false) -> SimDuration? {
        guard let duration = ScalarDecoder.duration(node, path: path, sink: sink) else { return nil }
        if duration == .zero && !allowZero {
            sink.error(node.location, "\(path) must be longer than 0s", expected: SimDuration.expectedForm)
            return nil
        }
        return duration
    }

    func nonNegativeNumber(_ node: YAMLNode, path: String) -> Double? {
        guard let value = ScalarDecoder.double(node, path: path, sink: sink) else { return nil }
        guard value.isFinite, value >= 0 else {
            sink.error(node.location, "\(path) must be a finite number ≥ 0, got \(node.kindDescription)", expected: "a number such as 200")
            return nil
        }
        return value
    }

    /// The most requests per second a scenario may offer: far above any real service, and low
    /// enough that a day of traffic still counts exactly in 64-bit integers.
    static let maximumRequestRate = 10_000_000.0

    /// Requests per second: a number from 0 to `maximumRequestRate`.
    func requestRate(_ node: YAMLNode, path: String) -> Double? {
        guard let value = nonNegativeNumber(node, path: path) else { return nil }
        guard value <= Self.maximumRequestRate else {
            sink.error(node.location, "\(path) \(node.scalar ?? "") is more than the simulator can count", expected: "at most 10000000 requests per second")
            return nil
        }
        return value
    }

    /// A share written as a percentage (`2%`, `0.1%`) or as a fraction from 0 to 1 (`0.02`).
    func fraction(_ node: YAMLNode, path: String) -> Double? {
        let expected = "a percentage such as 2% or a fraction from 0 to 1"
        guard let text = node.scalar else {
            sink.error(node.location, "\(path) must be a percentage, got \(node.kindDescription)", expected: expected)
            return nil
        }
        let value: Double?
        if text.hasSuffix("%") {
            value = ScalarDecoder.parseDouble(String(text.dropLast())).map { $0 / 100 }
        } else {
            value = node.isQuoted ? nil : ScalarDecoder.parseDouble(text)
        }
        guard let value, value.isFinite else {
            sink.error(node.location, "\(path) must be a percentage, got \(node.kindDescription)", expected: expected)
            return nil
        }
        guard (0...1).contains(value) else {
            sink.error(node.location, "\(path) \(text) is outside 0%–100%", expected: expected)
            return nil
        }
        return value
    }

    func decodePrometheus(_ fields: FieldReader) -> PrometheusSettings {
        var settings = PrometheusSettings.default
        if let address = fields.string("address") { settings.address = address }
        if let node = fields.node("scrapeInterval"), let value = positiveDuration(node, path: fields.childPath("scrapeInterval")) {
            settings.scrapeInterval = value
        }
        if let node = fields.node("evaluationInterval"), let value = positiveDuration(node, path: fields.childPath("evaluationInterval")) {
            settings.evaluationInterval = value
        }
        if let node = fields.node("lookbackDelta"), let value = positiveDuration(node, path: fields.childPath("lookbackDelta")) {
            settings.lookbackDelta = value
        }
        if let metrics = fields.object("metrics") {
            if let requests = metrics.object("requests") {
                if let name = requests.string("name") { settings.requestsMetric = checkedMetricName(name, requests.node("name")!) }
                requests.finish(unknownFields: .error, known: ["name"])
            }
            if let duration = metrics.object("duration") {
                if let name = duration.string("name") { settings.durationMetric = checkedMetricName(name, duration.node("name")!) }
                if let bucketNodes = duration.sequence("buckets") {
                    let buckets = bucketNodes.enumerated().compactMap { index, node in
                        nonNegativeNumber(node, path: "\(duration.childPath("buckets"))[\(index)]")
                    }
                    if buckets.count == bucketNodes.count {
                        if buckets.isEmpty || zip(buckets, buckets.dropFirst()).contains(where: { $0 >= $1 }) {
                            sink.error(duration.node("buckets")!.location, "histogram buckets must be a non-empty, strictly increasing list", expected: "e.g. [0.005, 0.01, 0.025]")
                        } else {
                            settings.durationBuckets = buckets
                        }
                    }
                }
                duration.finish(unknownFields: .error, known: ["name", "buckets"])
            }
            metrics.finish(unknownFields: .error, known: ["requests", "duration"])
        }
        if let labels = fields.node("targetLabels") {
            let reader = FieldReader(labels, path: fields.childPath("targetLabels"), sink: sink)
            var targetLabels: [TargetLabel] = []
            for key in reader.keys {
                guard let node = reader.node(key), let template = ScalarDecoder.string(node, path: reader.childPath(key), sink: sink) else { continue }
                if !isValidLabelName(key) {
                    sink.error(node.location, "'\(key)' is not a valid Prometheus label name", expected: "[a-zA-Z_][a-zA-Z0-9_]*")
                    continue
                }
                if let problem = TargetLabelTemplate.problem(in: template) {
                    sink.error(node.location, problem, expected: "templates over {{pod.name}}, {{pod.namespace}}, {{pod.labels.KEY}}, {{rollout.name}}, {{rollout.namespace}}")
                    continue
                }
                targetLabels.append(TargetLabel(name: key, template: template))
            }
            settings.targetLabels = targetLabels
        }
        if let ruleFiles = fields.sequence("ruleFiles") {
            settings.ruleFiles = ruleFiles.enumerated().compactMap { index, item in
                ScalarDecoder.string(item, path: "\(fields.childPath("ruleFiles"))[\(index)]", sink: sink).map { PathReference(path: $0, location: item.location) }
            }
        }
        if let outages = fields.sequence("outages") {
            settings.outages = outages.enumerated().compactMap { index, item in
                decodeWindow(item, path: "\(fields.childPath("outages"))[\(index)]")
            }
        }
        fields.finish(unknownFields: .error, known: ["address", "scrapeInterval", "evaluationInterval", "lookbackDelta", "metrics",
                                                     "targetLabels", "ruleFiles", "outages"])
        return settings
    }

    private func decodeWindow(_ node: YAMLNode, path: String) -> TimeWindow? {
        let fields = FieldReader(node, path: path, sink: sink)
        let from = fields.required("from", expected: "a duration").flatMap { positiveDuration($0, path: fields.childPath("from"), allowZero: true) }
        let to = fields.required("to", expected: "a duration").flatMap { positiveDuration($0, path: fields.childPath("to"), allowZero: true) }
        fields.finish(unknownFields: .error, known: ["from", "to"])
        guard let from, let to else { return nil }
        guard from < to else {
            sink.error(node.location, "\(path) ends (\(to)) before it starts (\(from))", expected: "from < to")
            return nil
        }
        return TimeWindow(from: from, to: to)
    }

    private func checkedMetricName(_ name: String, _ node: YAMLNode) -> String {
        if !isValidMetricName(name) {
            sink.error(node.location, "'\(name)' is not a valid Prometheus metric name", expected: "[a-zA-Z_:][a-zA-Z0-9_:]*")
        }
        return name
    }

    func decodeProviders(_ fields: FieldReader) -> ProviderOutcomes {
        var outcomes = ProviderOutcomes.empty
        for provider in fields.keys {
            guard let node = fields.node(provider) else { continue }
            let metrics = FieldReader(node, path: fields.childPath(provider), sink: sink)
            for metric in metrics.keys.sorted() {
                guard let metricNode = metrics.node(metric) else { continue }
                let outcome = FieldReader(metricNode, path: metrics.childPath(metric), sink: sink)
                switch provider {
                case "job":
                    let succeed = outcome.bool("succeed") ?? true
                    let after = outcome.node("after").flatMap { positiveDuration($0, path: outcome.childPath("after"), allowZero: true) } ?? .seconds(30)
                    outcome.finish(unknownFields: .error, known: ["succeed", "after"])
                    outcomes.jobs.append(JobOutcome(metric: metric, succeed: succeed, after: after, location: metricNode.location))
                case "web":
                    let body = outcome.node("body")
                    let window = outcome.node("canaryErrorRate").flatMap { positiveDuration($0, path: outcome.childPath("canaryErrorRate")) }
                    let status = outcome.int("status") ?? 200
                    if body == nil && window == nil {
                        sink.error(metricNode.location, "\(metrics.childPath(metric)) needs a body or canaryErrorRate", expected: "body: {…} or canaryErrorRate: 1m")
                    }
                    outcome.finish(unknownFields: .error, known: ["body", "canaryErrorRate", "status"])
                    outcomes.web.append(WebOutcome(metric: metric, body: body, canaryErrorRateWindow: window, status: status, location: metricNode.location))
                default:
                    var values: [TimedValue] = []
                    if let value = outcome.node("value").flatMap({ ScalarDecoder.double($0, path: outcome.childPath("value"), sink: sink) }) {
                        values.append(TimedValue(at: .zero, value: value))
                    }
                    for (index, item) in (outcome.sequence("values") ?? []).enumerated() {
                        let entry = FieldReader(item, path: "\(outcome.childPath("values"))[\(index)]", sink: sink)
                        let at = entry.required("at", expected: "a duration").flatMap { positiveDuration($0, path: entry.childPath("at"), allowZero: true) }
                        let value = entry.required("value", expected: "a number").flatMap { ScalarDecoder.double($0, path: entry.childPath("value"), sink: sink) }
                        entry.finish(unknownFields: .error, known: ["at", "value"])
                        if let at, let value { values.append(TimedValue(at: at, value: value)) }
                    }
                    if values.isEmpty {
                        sink.error(metricNode.location, "\(metrics.childPath(metric)) gives no value", expected: "value: N or values: [{at, value}]")
                    }
                    outcome.finish(unknownFields: .error, known: ["value", "values"])
                    outcomes.synthetic.append(SyntheticOutcome(provider: provider, metric: metric, values: values.sorted { $0.at < $1.at }, location: metricNode.location))
                }
            }
        }
        return outcomes
    }
}

func isValidLabelName(_ name: String) -> Bool {
    guard let first = name.unicodeScalars.first, first == "_" || ("a"..."z").contains(first) || ("A"..."Z").contains(first) else { return false }
    return name.unicodeScalars.allSatisfy { $0 == "_" || ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) }
}

func isValidMetricName(_ name: String) -> Bool {
    guard let first = name.unicodeScalars.first, first == "_" || first == ":" || ("a"..."z").contains(first) || ("A"..."Z").contains(first) else { return false }
    return name.unicodeScalars.allSatisfy { $0 == "_" || $0 == ":" || ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) }
}
