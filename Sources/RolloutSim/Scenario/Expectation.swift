/// One assertion of a scenario's `expect` list, checked by `rollout-sim test`.
public struct Expectation: Sendable {
    public var check: Check
    /// Where it was written, so a failure points at its line.
    public var location: SourceLocation

    public enum Check: Sendable {
        /// The rollout's phase at the end, or at `at`.
        case phase(rollout: RolloutReference, phase: String, at: SimDuration?)
        /// The rollout aborted no later than this after t=0.
        case abortedWithin(rollout: RolloutReference, SimDuration)
        /// The rollout completed its update (became Healthy on the new revision) within this.
        case promotedWithin(rollout: RolloutReference, SimDuration)
        case routerWeight(rollout: RolloutReference, bound: Bound, value: Double)
        case effectiveWeight(rollout: RolloutReference, bound: Bound, value: Double)
        /// The phase of the analysis run(s) of `rollout` that use `template` (the last one when several).
        case analysisRunPhase(rollout: RolloutReference, template: String, phase: String)
        case canaryRequestsServed(rollout: RolloutReference, range: CountRange)
        case canaryErrorsServed(rollout: RolloutReference, range: CountRange)
        /// An event with this reason (and optionally object and message text) was, or was not, emitted.
        case event(EventPattern, seen: Bool)
    }

    public enum Bound: String, Sendable, Hashable {
        case max
        case min
    }
}

public struct CountRange: Sendable, Hashable {
    public var min: Double?
    public var max: Double?

    public func contains(_ value: Double) -> Bool {
        (min.map { value >= $0 } ?? true) && (max.map { value <= $0 } ?? true)
    }
}

public struct EventPattern: Sendable, Hashable {
    public var reason: String
    /// `Kind/name`, e.g. `Rollout/checkout`; nil matches any object.
    public var object: String?
    /// Text the message must contain; nil matches any message.
    public var messageContains: String?
}

/// Phases a rollout can be in (`rollout.status.phase`), for checking `phase:` values.
public enum RolloutPhaseName {
    public static let all = ["Healthy", "Progressing", "Paused", "Degraded"]
}

/// Phases of AnalysisRuns, for checking `analysisRun … phase:` values.
public enum AnalysisPhaseName {
    public static let all = ["Pending", "Running", "Successful", "Failed", "Error", "Inconclusive"]
}
