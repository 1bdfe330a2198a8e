/// Decodes `spec.expect` items. Each item is one assertion; its keys pick the kind of check.
struct ExpectationDecoder {
    let sink: DiagnosticSink
    let values: ScenarioDecoder

    static let rolloutChecks = ["phase", "abortedWithin", "promotedWithin", "maxRouterWeight", "minRouterWeight",
                                "maxEffectiveWeight", "minEffectiveWeight", "canaryRequestsServed", "canaryErrorsServed"]

    func decode(_ node: YAMLNode, path: String) -> Expectation? {
        let fields = FieldReader(node, path: path, sink: sink)
        guard fields.isMapping else { return nil }
        let location = node.location
        if fields.has("analysisRun") {
            return decodeAnalysisRun(fields, location: location)
        }
        if fields.has("event") || fields.has("noEvent") {
            return decodeEvent(fields, location: location)
        }
        guard let refNode = fields.required("rollout", expected: "rollout, analysisRun, event or noEvent"),
              let text = ScalarDecoder.string(refNode, path: fields.childPath("rollout"), sink: sink) else {
            fields.finish(unknownFields: .error, known: ["rollout", "analysisRun", "event", "noEvent"] + Self.rolloutChecks + ["at"])
            return nil
        }
        let rollout = RolloutReference(parsing: text, location: refNode.location)
        let present = Self.rolloutChecks.filter { fields.has($0) }
        guard present.count == 1, let key = present.first else {
            fields.finish(unknownFields: .error, known: ["rollout", "at"] + Self.rolloutChecks)
            sink.error(location, present.isEmpty ? "\(path) checks nothing" : "\(path) has several checks (\(present.joined(separator: ", "))): write one item per check",
                       expected: "exactly one of: " + Self.rolloutChecks.joined(separator: ", "))
            return nil
        }
        var check: Expectation.Check?
        switch key {
        case "phase":
            let phase = phaseName(fields, "phase", allowed: RolloutPhaseName.all)
            let at = fields.node("at").flatMap { values.positiveDuration($0, path: fields.childPath("at"), allowZero: true) }
            check = phase.map { .phase(rollout: rollout, phase: $0, at: at) }
        case "abortedWithin", "promotedWithin":
            let within = fields.node(key).flatMap { values.positiveDuration($0, path: fields.childPath(key)) }
            check = within.map { key == "abortedWithin" ? .abortedWithin(rollout: rollout, $0) : .promotedWithin(rollout: rollout, $0) }
        case "maxRouterWeight", "minRouterWeight", "maxEffectiveWeight", "minEffectiveWeight":
            let bound: Expectation.Bound = key.hasPrefix("max") ? .max : .min
            if let valueNode = fields.node(key), let value = values.nonNegativeNumber(valueNode, path: fields.childPath(key)) {
                if value > 100 {
                    sink.error(valueNode.location, "\(fields.childPath(key)) \(value) is over 100", expected: "a weight from 0 to 100")
                } else {
                    check = key.hasSuffix("RouterWeight")
                        ? .routerWeight(rollout: rollout, bound: bound, value: value)
                        : .effectiveWeight(rollout: rollout, bound: bound, value: value)
                }
            }
        case "canaryRequestsServed", "canaryErrorsServed":
            if let range = countRange(fields, key) {
                check = key == "canaryRequestsServed" ? .canaryRequestsServed(rollout: rollout, range: range) : .canaryErrorsServed(rollout: rollout, range: range)
            }
        default:
            break
        }
        fields.finish(unknownFields: .error, known: ["rollout", key] + (key == "phase" ? ["at"] : []))
        return check.map { Expectation(check: $0, location: location) }
    }

    private func decodeAnalysisRun(_ fields: FieldReader, location: SourceLocation) -> Expectation? {
        let run = fields.object("analysisRun")
        let rolloutNode = run?.required("rollout", expected: "the Rollout that created the run")
        let rollout = rolloutNode.flatMap { node in
            ScalarDecoder.string(node, path: run!.childPath("rollout"), sink: sink).map { RolloutReference(parsing: $0, location: node.location) }
        }
        let template = run?.required("template", expected: "an AnalysisTemplate name").flatMap { ScalarDecoder.string($0, path: run!.childPath("template"), sink: sink) }
        run?.finish(unknownFields: .error, known: ["rollout", "template"])
        let phase = fields.has("phase") ? phaseName(fields, "phase", allowed: AnalysisPhaseName.all) : nil
        if !fields.has("phase") {
            sink.error(location, "an analysisRun expectation needs a phase", expected: AnalysisPhaseName.all.joined(separator: ", "))
        }
        fields.finish(unknownFields: .error, known: ["analysisRun", "phase"])
        guard let rollout, let template, let phase else { return nil }
        return Expectation(check: .analysisRunPhase(rollout: rollout, template: template, phase: phase), location: location)
    }

    private func decodeEvent(_ fields: FieldReader, location: SourceLocation) -> Expectation? {
        let key = fields.has("event") ? "event" : "noEvent"
        if fields.has("event") && fields.has("noEvent") {
            sink.error(location, "an expectation has both event and noEvent", expected: "one per item")
        }
        guard let pattern = fields.object(key) else { fields.finish(unknownFields: .error); return nil }
        let reason = pattern.required("reason", expected: "an event reason such as RolloutAborted").flatMap { ScalarDecoder.string($0, path: pattern.childPath("reason"), sink: sink) }
        let object = pattern.string("object")
        let message = pattern.string("messageContains")
        pattern.finish(unknownFields: .error, known: ["reason", "object", "messageContains"])
        fields.finish(unknownFields: .error, known: ["event", "noEvent"])
        guard let reason else { return nil }
        return Expectation(check: .event(EventPattern(reason: reason, object: object, messageContains: message), seen: key == "event"), location: location)
    }

    private func phaseName(_ fields: FieldReader, _ key: String, allowed: [String]) -> String? {
        guard let node = fields.node(key), let phase = ScalarDecoder.string(node, path: fields.childPath(key), sink: sink) else { return nil }
        guard allowed.contains(phase) else {
            var expected = allowed.joined(separator: ", ")
            if let suggestion = closestMatch(to: phase, among: allowed) { expected += "; did you mean '\(suggestion)'?" }
            sink.error(node.location, "'\(phase)' is not a phase", expected: expected)
            return nil
        }
        return phase
    }

    /// `{min: N, max: N}` or a bare number meaning an exact count.
    private func countRange(_ fields: FieldReader, _ key: String) -> CountRange? {
        guard let node = fields.node(key) else { return nil }
        if node.scalar != nil {
            return values.nonNegativeNumber(node, path: fields.childPath(key)).map { CountRange(min: $0, max: $0) }
        }
        let range = FieldReader(node, path: fields.childPath(key), sink: sink)
        let low = range.node("min").flatMap { values.nonNegativeNumber($0, path: range.childPath("min")) }
        let high = range.node("max").flatMap { values.nonNegativeNumber($0, path: range.childPath("max")) }
        range.finish(unknownFields: .error, known: ["min", "max"])
        if low == nil && high == nil {
            sink.error(node.location, "\(fields.childPath(key)) needs min or max", expected: "{min: N} or {max: N}")
            return nil
        }
        if let low, let high, low > high {
            sink.error(node.location, "\(fields.childPath(key)) min \(low) is greater than max \(high)", expected: "min ≤ max")
            return nil
        }
        return CountRange(min: low, max: high)
    }
}
