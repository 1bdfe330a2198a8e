import PromQL

/// Runs recording rules the way a Prometheus rule group does (`rules.Group.Eval`): each rule's
/// query at the evaluation time, the result renamed to the rule's `record` name with its labels set,
/// written back into the storage; a series a rule wrote last time but not this time gets a
/// staleness marker. Rules in a group run in order, so a later rule sees an earlier one's output.
public struct RecordingRuleEvaluator {
    public var groups: [RuleGroup]
    /// Series each rule wrote at its previous evaluation, per group and rule index.
    private var previousOutput: [[Set<Labels>]]

    public init(groups: [RuleGroup]) {
        self.groups = groups
        previousOutput = groups.map { Array(repeating: [], count: $0.recordingRules.count) }
    }

    public struct RuleFailure: Error, Sendable {
        public var rule: String
        public var message: String
    }

    /// Evaluates every group at `timestampMs` and appends the results. Returns the failures
    /// (a rule that fails writes nothing at this time, as in Prometheus).
    public mutating func evaluate(at timestampMs: Int64, storage: SeriesStorage, lookbackDeltaMs: Int64) -> [RuleFailure] {
        var failures: [RuleFailure] = []
        let engine = Engine(storage: storage, lookbackDeltaMs: lookbackDeltaMs)
        for groupIndex in groups.indices {
            for (ruleIndex, rule) in groups[groupIndex].recordingRules.enumerated() {
                var written: Set<Labels> = []
                do {
                    let samples = try Self.samples(of: rule, engine: engine, at: timestampMs)
                    for sample in samples {
                        written.insert(sample.labels)
                        storage.append(sample.labels, timestampMs: timestampMs, value: sample.value)
                    }
                } catch {
                    failures.append(RuleFailure(rule: rule.record, message: error.message))
                    continue
                }
                // Series that vanished since the last evaluation get a staleness marker, in a fixed order.
                for gone in previousOutput[groupIndex][ruleIndex].subtracting(written).sorted() {
                    storage.append(gone, timestampMs: timestampMs, value: PromQLConstants.staleNaN)
                }
                previousOutput[groupIndex][ruleIndex] = written
            }
        }
        return failures
    }

    /// The renamed, relabelled result of one rule (`RecordingRule.Eval`).
    static func samples(of rule: RecordingRule, engine: Engine, at timestampMs: Int64) throws(PromQLError) -> [Sample] {
        let value = try engine.instantQuery(rule.expression, atMs: timestampMs)
        let raw: [Sample]
        switch value {
        case .vector(let samples): raw = samples
        case .scalar(_, let v): raw = [Sample(labels: .empty, timestampMs: timestampMs, value: v)]
        case .string, .matrix: throw PromQLError.execution("rule result is not a vector or scalar")
        }
        var seen: Set<Labels> = []
        var result: [Sample] = []
        for sample in raw {
            var pairs = sample.labels.pairs.filter { $0.name != Labels.metricName }
            pairs.append(Label(name: Labels.metricName, value: rule.record))
            for label in rule.labels {
                pairs.removeAll { $0.name == label.name }
                pairs.append(label)
            }
            let labels = Labels(pairs)
            if !seen.insert(labels).inserted {
                throw PromQLError.execution("vector contains metrics with the same labelset after applying rule labels")
            }
            result.append(Sample(labels: labels, timestampMs: timestampMs, value: sample.value))
        }
        return result
    }
}
