/// An `expect` item written back in flow-YAML form, as a test's name:
/// `{rollout: checkout, phase: Degraded}`, `{analysisRun: {rollout: checkout, template: t}, phase: Failed}`.
enum ExpectationText {
    static func render(_ check: Expectation.Check) -> String {
        switch check {
        case .phase(let ref, let phase, let at):
            return "{rollout: \(ref.description), phase: \(phase)" + (at.map { ", at: \($0)" } ?? "") + "}"
        case .abortedWithin(let ref, let bound):
            return "{rollout: \(ref.description), abortedWithin: \(bound)}"
        case .promotedWithin(let ref, let bound):
            return "{rollout: \(ref.description), promotedWithin: \(bound)}"
        case .routerWeight(let ref, let bound, let value):
            return "{rollout: \(ref.description), \(bound.rawValue)RouterWeight: \(ExpectationChecker.number(value))}"
        case .effectiveWeight(let ref, let bound, let value):
            return "{rollout: \(ref.description), \(bound.rawValue)EffectiveWeight: \(ExpectationChecker.number(value))}"
        case .analysisRunPhase(let ref, let template, let phase):
            return "{analysisRun: {rollout: \(ref.description), template: \(template)}, phase: \(phase)}"
        case .canaryRequestsServed(let ref, let range):
            return "{rollout: \(ref.description), canaryRequestsServed: \(render(range))}"
        case .canaryErrorsServed(let ref, let range):
            return "{rollout: \(ref.description), canaryErrorsServed: \(render(range))}"
        case .event(let pattern, let seen):
            var fields = ["reason: \(pattern.reason)"]
            if let object = pattern.object { fields.append("object: \(object)") }
            if let message = pattern.messageContains { fields.append("messageContains: \(message)") }
            return "{\(seen ? "event" : "noEvent"): {\(fields.joined(separator: ", "))}}"
        }
    }

    private static func render(_ range: CountRange) -> String {
        if let low = range.min, let high = range.max, low == high { return ExpectationChecker.number(low) }
        var fields: [String] = []
        if let low = range.min { fields.append("min: \(ExpectationChecker.number(low))") }
        if let high = range.max { fields.append("max: \(ExpectationChecker.number(high))") }
        return "{\(fields.joined(separator: ", "))}"
    }
}
