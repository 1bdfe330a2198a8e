import PromQL

/// A promtool unit-test file (`promtool test rules`): rule files, an evaluation interval, and test
/// groups of input series with `promql_expr_test` cases. `alert_rule_test` is read and reported as
/// not supported.
public struct PromtoolTestFile: Sendable {
    public var path: String
    /// Rule file paths, resolved relative to the test file.
    public var ruleFiles: [PathReference]
    public var evaluationInterval: SimDuration
    public var groupEvalOrder: [String]
    public var groups: [PromtoolTestGroup]
}

public struct PromtoolTestGroup: Sendable {
    public var name: String?
    /// Slot i of every input series is at i × interval after time 0.
    public var interval: SimDuration
    public var inputSeries: [InputSeries]
    public var exprTests: [PromtoolExprTest]
    /// Locations of `alert_rule_test` items, which are not supported.
    public var alertTests: [SourceLocation]
    public var location: SourceLocation
}

/// One `input_series` item: a series descriptor and values in the expanding notation.
public struct InputSeries: Sendable {
    public var series: String
    public var values: String
    public var location: SourceLocation
}

public struct PromtoolExprTest: Sendable {
    public var expr: String
    public var evalTime: SimDuration
    public var expected: [ExpectedSample]
    public var location: SourceLocation
}

public struct ExpectedSample: Sendable {
    /// A series descriptor such as `up{job="x"}`, or `{}` for a scalar result.
    public var labels: String
    public var value: Double
    public var location: SourceLocation
}

extension PromtoolTestFile {
    /// Decodes a promtool unit-test file strictly (promtool uses `yaml.UnmarshalStrict`).
    public static func decode(_ text: String, path: String, sink: DiagnosticSink) -> PromtoolTestFile {
        let (documents, diagnostics) = YAMLLoader.documents(in: text, file: path)
        sink.append(contentsOf: diagnostics)
        var file = PromtoolTestFile(path: path, ruleFiles: [], evaluationInterval: .minutes(1), groupEvalOrder: [], groups: [])
        guard let root = documents.first?.root else {
            if diagnostics.isEmpty { sink.error(SourceLocation(file: path, line: 1, column: 1), "empty test file", expected: "rule_files, evaluation_interval and tests") }
            return file
        }
        let top = FieldReader(root, path: "", sink: sink)
        file.ruleFiles = (top.sequence("rule_files") ?? []).enumerated().compactMap { index, node in
            ScalarDecoder.string(node, path: "rule_files[\(index)]", sink: sink).map { PathReference(path: $0, location: node.location) }
        }
        if let interval = top.duration("evaluation_interval"), interval > .zero { file.evaluationInterval = interval }
        file.groupEvalOrder = top.stringList("group_eval_order") ?? []
        for (index, node) in (top.sequence("tests") ?? []).enumerated() {
            file.groups.append(decodeGroup(node, path: "tests[\(index)]", defaultInterval: file.evaluationInterval, sink: sink))
        }
        top.finish(unknownFields: .error, known: ["rule_files", "evaluation_interval", "group_eval_order", "tests"])
        return file
    }

    private static func decodeGroup(_ node: YAMLNode, path: String, defaultInterval: SimDuration, sink: DiagnosticSink) -> PromtoolTestGroup {
        let fields = FieldReader(node, path: path, sink: sink)
        var group = PromtoolTestGroup(name: fields.string("name"), interval: fields.duration("interval") ?? defaultInterval,
                                      inputSeries: [], exprTests: [], alertTests: [], location: node.location)
        if group.interval == .zero { group.interval = defaultInterval }
        for (index, item) in (fields.sequence("input_series") ?? []).enumerated() {
            let series = FieldReader(item, path: "\(fields.childPath("input_series"))[\(index)]", sink: sink)
            let descriptor = series.required("series", expected: "a series such as up{job=\"api\"}").flatMap { ScalarDecoder.string($0, path: series.childPath("series"), sink: sink) }
            let values = series.string("values") ?? ""
            series.finish(unknownFields: .error, known: ["series", "values"])
            if let descriptor { group.inputSeries.append(InputSeries(series: descriptor, values: values, location: item.location)) }
        }
        for (index, item) in (fields.sequence("promql_expr_test") ?? []).enumerated() {
            let test = FieldReader(item, path: "\(fields.childPath("promql_expr_test"))[\(index)]", sink: sink)
            let expr = test.required("expr", expected: "a PromQL expression").flatMap { ScalarDecoder.string($0, path: test.childPath("expr"), sink: sink) }
            let evalTime = test.duration("eval_time") ?? .zero
            var expected: [ExpectedSample] = []
            for (sampleIndex, sampleNode) in (test.sequence("exp_samples") ?? []).enumerated() {
                let sample = FieldReader(sampleNode, path: "\(test.childPath("exp_samples"))[\(sampleIndex)]", sink: sink)
                let labels = sample.string("labels") ?? "{}"
                let value = sample.double("value") ?? 0
                sample.finish(unknownFields: .error, known: ["labels", "value"])
                expected.append(ExpectedSample(labels: labels.isEmpty ? "{}" : labels, value: value, location: sampleNode.location))
            }
            test.finish(unknownFields: .error, known: ["expr", "eval_time", "exp_samples"])
            if let expr { group.exprTests.append(PromtoolExprTest(expr: expr, evalTime: evalTime, expected: expected, location: item.location)) }
        }
        group.alertTests = (fields.sequence("alert_rule_test") ?? []).map(\.location)
        fields.ignore("external_labels", "external_url")
        fields.finish(unknownFields: .error, known: ["name", "interval", "input_series", "promql_expr_test", "alert_rule_test", "external_labels", "external_url"])
        return group
    }
}
