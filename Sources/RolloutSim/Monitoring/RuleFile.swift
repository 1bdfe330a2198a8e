import PromQL

/// A Prometheus rule file (`rulefmt`): groups of recording rules. Alerting rules are read and kept
/// so they can be reported as not simulated, never silently dropped.
public struct RuleFile: Sendable {
    public var path: String
    public var groups: [RuleGroup]
}

public struct RuleGroup: Sendable {
    public var name: String
    /// The group's own evaluation interval, when it sets one.
    public var interval: SimDuration?
    public var recordingRules: [RecordingRule]
    /// Names of alerting rules, which the simulator does not evaluate.
    public var alertNames: [String]
    public var location: SourceLocation
}

public struct RecordingRule: Sendable {
    /// The metric name the rule writes.
    public var record: String
    public var expression: Node
    public var expressionText: String
    /// Labels set on every result, overriding the query's (sorted by name).
    public var labels: [Label]
    public var location: SourceLocation
}

extension RuleFile {
    /// Decodes a rule file; problems go to `sink`, with positions. Unknown fields are errors, as
    /// Prometheus loads rule files strictly.
    public static func decode(_ text: String, path: String, sink: DiagnosticSink) -> RuleFile {
        let (documents, diagnostics) = YAMLLoader.documents(in: text, file: path)
        sink.append(contentsOf: diagnostics)
        var groups: [RuleGroup] = []
        guard let root = documents.first?.root else { return RuleFile(path: path, groups: []) }
        let top = FieldReader(root, path: "", sink: sink)
        var groupNames: Set<String> = []
        for (index, groupNode) in (top.sequence("groups") ?? []).enumerated() {
            let fields = FieldReader(groupNode, path: "groups[\(index)]", sink: sink)
            let name = fields.required("name", expected: "a group name").flatMap { ScalarDecoder.string($0, path: fields.childPath("name"), sink: sink) } ?? ""
            if !name.isEmpty && !groupNames.insert(name).inserted {
                sink.error(groupNode.location, "groupname: \"\(name)\" is repeated in the same file", expected: "unique group names")
            }
            let interval = fields.duration("interval")
            fields.ignore("limit")
            var recording: [RecordingRule] = []
            var alerts: [String] = []
            for (ruleIndex, ruleNode) in (fields.sequence("rules") ?? []).enumerated() {
                let rule = FieldReader(ruleNode, path: "\(fields.childPath("rules"))[\(ruleIndex)]", sink: sink)
                let record = rule.string("record")
                let alert = rule.string("alert")
                let exprNode = rule.required("expr", expected: "a PromQL expression")
                let exprText = exprNode.flatMap { ScalarDecoder.string($0, path: rule.childPath("expr"), sink: sink) }
                let labels = rule.stringMap("labels") ?? []
                rule.ignore("for", "keep_firing_for", "annotations")
                rule.finish(unknownFields: .error, known: ["record", "alert", "expr", "labels", "for", "annotations"])
                switch (record, alert) {
                case (let record?, nil):
                    if !isValidMetricName(record) {
                        sink.error(rule.node("record")!.location, "invalid recording rule name: \(record)", expected: "[a-zA-Z_:][a-zA-Z0-9_:]*")
                    }
                    guard let exprNode, let exprText else { continue }
                    do {
                        let expression = try parseExpression(exprText)
                        recording.append(RecordingRule(record: record, expression: expression, expressionText: exprText,
                                                       labels: labels.map { Label(name: $0.key, value: $0.value) }.sorted { $0.name < $1.name },
                                                       location: ruleNode.location))
                    } catch {
                        sink.error(exprNode.location, "could not parse expression: \(error.rendered(query: exprText))", expected: "a valid PromQL expression")
                    }
                case (nil, let alert?):
                    alerts.append(alert)
                case (nil, nil):
                    sink.error(ruleNode.location, "one of 'record' or 'alert' must be set", expected: "record: NAME or alert: NAME")
                case (.some, .some):
                    sink.error(ruleNode.location, "only one of 'record' and 'alert' must be set", expected: "record: NAME or alert: NAME")
                }
            }
            fields.finish(unknownFields: .error, known: ["name", "interval", "limit", "rules"])
            groups.append(RuleGroup(name: name, interval: interval, recordingRules: recording, alertNames: alerts, location: groupNode.location))
        }
        top.finish(unknownFields: .error, known: ["groups"])
        return RuleFile(path: path, groups: groups)
    }
}
