/// Decodes `spec.timeline` items: `{at: 1m, <verb>: {…}}` with exactly one verb.
struct TimelineDecoder {
    let sink: DiagnosticSink
    let values: ScenarioDecoder

    func decode(_ node: YAMLNode, path: String) -> TimelineAction? {
        let fields = FieldReader(node, path: path, sink: sink)
        let at = fields.required("at", expected: "a duration since the start, such as 1m").flatMap {
            values.positiveDuration($0, path: fields.childPath("at"), allowZero: true)
        }
        let verbs = fields.keys.filter { TimelineAction.verbs.contains($0) }
        let bodies = verbs.map { fields.node($0) }
        fields.finish(unknownFields: .error, known: ["at"] + TimelineAction.verbs)
        guard fields.isMapping else { return nil }
        guard verbs.count == 1, let verb = verbs.first, let body = bodies[0] ?? Optional(YAMLNode(.mapping([]), at: node.location)) else {
            sink.error(node.location, verbs.isEmpty ? "\(path) has no action" : "\(path) has several actions (\(verbs.joined(separator: ", ")))",
                       expected: "exactly one of: " + TimelineAction.verbs.joined(separator: ", "))
            return nil
        }
        guard let kind = decodeAction(verb, body, path: fields.childPath(verb)), let at else { return nil }
        return TimelineAction(at: at, action: kind, location: node.location)
    }

    private func decodeAction(_ verb: String, _ node: YAMLNode, path: String) -> TimelineAction.Kind? {
        let fields = FieldReader(node, path: path, sink: sink)
        defer { fields.finish(unknownFields: .error) }
        func rollout() -> RolloutReference? {
            guard let refNode = fields.required("rollout", expected: "the name of a Rollout"),
                  let text = ScalarDecoder.string(refNode, path: fields.childPath("rollout"), sink: sink) else { return nil }
            return RolloutReference(parsing: text, location: refNode.location)
        }
        switch verb {
        case "setImage":
            let reference = rollout()
            let container = fields.string("container")
            let image = fields.required("image", expected: "an image reference").flatMap { ScalarDecoder.string($0, path: fields.childPath("image"), sink: sink) }
            guard let reference, let image else { return nil }
            return .setImage(rollout: reference, container: container, image: image)
        case "promote":
            let reference = rollout()
            let full = fields.bool("full") ?? false
            return reference.map { .promote(rollout: $0, full: full) }
        case "abort":
            return rollout().map { .abort(rollout: $0) }
        case "retry":
            return rollout().map { .retry(rollout: $0) }
        case "pause":
            return rollout().map { .pause(rollout: $0) }
        case "undo":
            let reference = rollout()
            var revision: Int?
            if let revisionNode = fields.node("toRevision"), let value = ScalarDecoder.int(revisionNode, path: fields.childPath("toRevision"), sink: sink) {
                if value < 1 {
                    sink.error(revisionNode.location, "toRevision must be 1 or more, got \(value)", expected: "a revision number such as 2")
                } else {
                    revision = value
                }
            }
            return reference.map { .undo(rollout: $0, toRevision: revision) }
        case "apply":
            guard let fileNode = fields.required("file", expected: "a manifest file relative to the scenario"),
                  let file = ScalarDecoder.string(fileNode, path: fields.childPath("file"), sink: sink) else { return nil }
            return .apply(file: PathReference(path: file, location: fileNode.location))
        case "setVersion":
            let image = fields.required("image", expected: "the image whose behaviour changes").flatMap { ScalarDecoder.string($0, path: fields.childPath("image"), sink: sink) }
            let change = values.decodeBehaviourFields(fields)
            guard let image else { return nil }
            if change.errorRate == nil && change.latency == nil && change.capacityRps == nil && change.readiness == nil {
                sink.error(node.location, "\(path) changes nothing", expected: "errorRate, latency, capacityRps or readiness")
            }
            return .setVersion(VersionChange(image: image, errorRate: change.errorRate, latency: change.latency, capacityRps: change.capacityRps, readiness: change.readiness))
        case "setTraffic":
            guard let rps = fields.required("rps", expected: "a number, a list of steps or {diurnal: …}") else { return nil }
            return values.decodeLoad(rps, path: fields.childPath("rps")).map { .setTraffic($0) }
        default:
            return nil
        }
    }
}
