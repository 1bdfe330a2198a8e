/// `status.pauseConditions[]`: `{reason, startTime}`, the start time at 1-second resolution.
public struct PauseCondition: Sendable, Equatable {
    public var reason: PauseReason
    public var startTime: VirtualTime

    public init(reason: PauseReason, startTime: VirtualTime) {
        self.reason = reason
        self.startTime = startTime
    }
}

/// `status.canary.currentStepAnalysisRunStatus` / `currentBackgroundAnalysisRunStatus`.
public struct RolloutAnalysisRunStatus: Sendable, Equatable {
    public var name: String
    public var phase: AnalysisPhase
    public var message: String

    public init(name: String, phase: AnalysisPhase, message: String = "") {
        self.name = name
        self.phase = phase
        self.message = message
    }
}

/// `status.canary.weights`: the canary and stable destinations and what the router was given.
public struct CanaryWeightsStatus: Sendable, Equatable {
    public var canaryWeight: Int
    public var canaryPodTemplateHash: String
    public var stableWeight: Int
    public var stablePodTemplateHash: String

    public init(canaryWeight: Int, canaryPodTemplateHash: String, stableWeight: Int, stablePodTemplateHash: String) {
        self.canaryWeight = canaryWeight
        self.canaryPodTemplateHash = canaryPodTemplateHash
        self.stableWeight = stableWeight
        self.stablePodTemplateHash = stablePodTemplateHash
    }

    /// The view the pure replica and weight rules read.
    var recorded: RecordedTrafficWeights {
        RecordedTrafficWeights(canaryWeight: canaryWeight, stableWeight: stableWeight, canaryPodTemplateHash: canaryPodTemplateHash)
    }
}

/// `True`, `False` or `Unknown`.
public enum ConditionStatus: String, Sendable {
    case `true` = "True"
    case `false` = "False"
    case unknown = "Unknown"
}

/// One entry of `status.conditions` with its status and times (1-second resolution).
public struct RolloutConditionRecord: Sendable, Equatable {
    public var type: RolloutConditionType
    public var status: ConditionStatus
    public var reason: String
    public var message: String
    public var lastUpdateTime: VirtualTime
    public var lastTransitionTime: VirtualTime
}

/// The status of a canary Rollout as the controller persists it. Field names follow upstream.
public struct RolloutStatus: Sendable, Equatable {
    public var observedGeneration = 0
    public var currentPodHash = ""
    public var stableRS = ""
    public var currentStepIndex: Int?
    public var currentStepHash = ""
    public var pauseConditions: [PauseCondition] = []
    public var controllerPause = false
    public var abort = false
    public var abortedAt: VirtualTime?
    public var promoteFull = false
    public var currentStepAnalysisRun: RolloutAnalysisRunStatus?
    public var currentBackgroundAnalysisRun: RolloutAnalysisRunStatus?
    /// nil without trafficRouting (reference §5.3).
    public var weights: CanaryWeightsStatus?
    /// `status.blueGreen`; nil for a canary rollout.
    public var blueGreen: BlueGreenStatus?
    public var conditions: [RolloutConditionRecord] = []
    public var phase: RolloutPhase = .progressing
    public var message = ""
    public var replicas = 0
    public var updatedReplicas = 0
    public var readyReplicas = 0
    public var availableReplicas = 0

    public init() {}

    public func condition(_ type: RolloutConditionType) -> RolloutConditionRecord? {
        conditions.first { $0.type == type }
    }

    public func pauseCondition(_ reason: PauseReason) -> PauseCondition? {
        pauseConditions.first { $0.reason == reason }
    }

    /// `stableRS == currentPodHash`. Argo: IsFullyPromoted.
    public var isFullyPromoted: Bool { !stableRS.isEmpty && stableRS == currentPodHash }

    /// Sets a condition unless one of the type with the same status and reason exists (its message
    /// and times then stay). A replaced condition moves to the end and keeps its transition time
    /// when its status is unchanged. Argo: SetRolloutCondition (utils/conditions/conditions.go).
    @discardableResult
    mutating func setCondition(_ type: RolloutConditionType, _ status: ConditionStatus, reason: String, message: String,
                               now: VirtualTime) -> Bool {
        let time = now.truncatedToSecond
        var transition = time
        if let existing = condition(type) {
            if existing.status == status && existing.reason == reason { return false }
            if existing.status == status { transition = existing.lastTransitionTime }
        }
        conditions.removeAll { $0.type == type }
        conditions.append(RolloutConditionRecord(type: type, status: status, reason: reason, message: message,
                                                 lastUpdateTime: time, lastTransitionTime: transition))
        return true
    }

    /// The conditions as the phase rules read them.
    var phaseConditions: [RolloutCondition] {
        conditions.map { RolloutCondition($0.type, reason: $0.reason, message: $0.message) }
    }
}
