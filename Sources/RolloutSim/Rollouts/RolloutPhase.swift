/// `status.phase` of a Rollout. Spelled the upstream way in `rawValue`.
public enum RolloutPhase: String, Sendable, CaseIterable {
    case healthy = "Healthy"
    case progressing = "Progressing"
    case paused = "Paused"
    case degraded = "Degraded"
}

/// The condition types of `status.conditions`. Argo: RolloutConditionType (types.go).
public enum RolloutConditionType: String, Sendable, CaseIterable {
    case available = "Available"
    case progressing = "Progressing"
    case replicaFailure = "ReplicaFailure"
    case paused = "Paused"
    case completed = "Completed"
    case healthy = "Healthy"
    case invalidSpec = "InvalidSpec"
}

/// One entry of `status.conditions`. The reason stays a string: upstream has dozens of them and
/// the phase rules only compare a few (`RolloutCondition.abortedReason`, `.timedOutReason`).
public struct RolloutCondition: Sendable, Equatable {
    public var type: RolloutConditionType
    public var reason: String
    public var message: String

    public init(_ type: RolloutConditionType, reason: String, message: String) {
        self.type = type
        self.reason = reason
        self.message = message
    }

    /// Argo: conditions.RolloutAbortedReason.
    public static let abortedReason = "RolloutAborted"
    /// Argo: conditions.TimedOutReason.
    public static let timedOutReason = "ProgressDeadlineExceeded"
}

/// The reason of a `status.pauseConditions` entry. Argo: PauseReason (types.go).
public enum PauseReason: String, Sendable, CaseIterable {
    case inconclusiveAnalysisRun = "InconclusiveAnalysisRun"
    case inconclusiveExperiment = "InconclusiveExperiment"
    case canaryPauseStep = "CanaryPauseStep"
    case blueGreenPause = "BlueGreenPause"
}

/// The Rollout fields the phase rules read (reference §6.7).
public struct RolloutPhaseInputs: Sendable, Equatable {
    public enum Strategy: Sendable, Equatable {
        case canary(isTrafficRouted: Bool)
        case blueGreen(hasPostPromotionAnalysis: Bool)
        /// Neither strategy written (an InvalidSpec rollout).
        case unset
    }

    // metadata
    public var generation: Int
    /// The `rollout.argoproj.io/workload-generation` annotation, as written.
    public var workloadGenerationAnnotation: String?
    // spec
    /// `spec.replicas` as written; unset means 1.
    public var replicas: Int?
    public var paused: Bool
    /// `spec.restartAt` and `status.restartedAt`, compared for equality only.
    public var restartAt: String?
    public var strategy: Strategy
    /// `spec.templateResolvedFromRef`: the template comes from a `workloadRef`.
    public var templateResolvedFromRef: Bool
    // status
    public var phase: RolloutPhase?
    public var message: String
    /// `status.observedGeneration`: a number since v0.10, a hash before.
    public var observedGeneration: String
    public var workloadObservedGeneration: String
    public var controllerPause: Bool
    public var conditions: [RolloutCondition]
    public var pauseConditions: [PauseReason]
    public var restartedAt: String?
    public var statusReplicas: Int
    public var updatedReplicas: Int
    public var availableReplicas: Int
    public var stableRS: String
    public var currentPodHash: String
    /// `status.blueGreen.activeSelector`.
    public var activeSelector: String
    /// Whether `status.blueGreen.postPromotionAnalysisRunStatus` exists and is completed.
    public var postPromotionAnalysisCompleted: Bool

    public init(
        generation: Int = 1, workloadGenerationAnnotation: String? = nil, replicas: Int?, paused: Bool = false,
        restartAt: String? = nil, strategy: Strategy, templateResolvedFromRef: Bool = false,
        phase: RolloutPhase? = nil, message: String = "", observedGeneration: String = "",
        workloadObservedGeneration: String = "", controllerPause: Bool = false, conditions: [RolloutCondition] = [],
        pauseConditions: [PauseReason] = [], restartedAt: String? = nil, statusReplicas: Int = 0,
        updatedReplicas: Int = 0, availableReplicas: Int = 0, stableRS: String = "", currentPodHash: String = "",
        activeSelector: String = "", postPromotionAnalysisCompleted: Bool = false
    ) {
        self.generation = generation
        self.workloadGenerationAnnotation = workloadGenerationAnnotation
        self.replicas = replicas
        self.paused = paused
        self.restartAt = restartAt
        self.strategy = strategy
        self.templateResolvedFromRef = templateResolvedFromRef
        self.phase = phase
        self.message = message
        self.observedGeneration = observedGeneration
        self.workloadObservedGeneration = workloadObservedGeneration
        self.controllerPause = controllerPause
        self.conditions = conditions
        self.pauseConditions = pauseConditions
        self.restartedAt = restartedAt
        self.statusReplicas = statusReplicas
        self.updatedReplicas = updatedReplicas
        self.availableReplicas = availableReplicas
        self.stableRS = stableRS
        self.currentPodHash = currentPodHash
        self.activeSelector = activeSelector
        self.postPromotionAnalysisCompleted = postPromotionAnalysisCompleted
    }
}

/// A phase with its message, as `status.phase`/`status.message` hold them.
public struct RolloutPhaseStatus: Sendable, Equatable, CustomStringConvertible {
    public var phase: RolloutPhase
    public var message: String

    public init(_ phase: RolloutPhase, _ message: String) {
        self.phase = phase
        self.message = message
    }

    public var description: String { message.isEmpty ? phase.rawValue : "\(phase.rawValue): \(message)" }
}

extension RolloutPhase {
    /// The controller's phase and message. Argo: CalculateRolloutPhase (utils/rollout/rolloututil.go).
    ///
    /// The first match wins: degrading conditions (InvalidSpec, RolloutAborted, ProgressDeadlineExceeded,
    /// in condition order), a manual pause, a pause condition, a pending restart, replica counts, then
    /// the strategy's checks; otherwise Healthy with an empty message.
    public static func calculate(_ rollout: RolloutPhaseInputs) -> RolloutPhaseStatus {
        for condition in rollout.conditions {
            if condition.type == .invalidSpec {
                return RolloutPhaseStatus(.degraded, "\(RolloutConditionType.invalidSpec.rawValue): \(condition.message)")
            }
            if condition.reason == RolloutCondition.abortedReason || condition.reason == RolloutCondition.timedOutReason {
                return RolloutPhaseStatus(.degraded, "\(condition.reason): \(condition.message)")
            }
        }
        if rollout.paused {
            return RolloutPhaseStatus(.paused, "manually paused")
        }
        if let pause = rollout.pauseConditions.first {
            return RolloutPhaseStatus(.paused, pause.rawValue)
        }
        if let restartAt = rollout.restartAt, restartAt != rollout.restartedAt {
            return RolloutPhaseStatus(.progressing, "rollout is restarting")
        }
        if rollout.updatedReplicas < (rollout.replicas ?? 1) {
            return RolloutPhaseStatus(.progressing, "more replicas need to be updated")
        }
        if rollout.availableReplicas < rollout.updatedReplicas {
            return RolloutPhaseStatus(.progressing, "updated replicas are still becoming available")
        }
        let isFullyPromoted = rollout.stableRS == rollout.currentPodHash
        switch rollout.strategy {
        case .blueGreen(let hasPostPromotionAnalysis):
            if rollout.activeSelector.isEmpty || rollout.activeSelector != rollout.currentPodHash {
                return RolloutPhaseStatus(.progressing, "active service cutover pending")
            }
            if rollout.stableRS.isEmpty || !isFullyPromoted {
                // The active Service already points at the new RS, but it is not stable yet:
                // post-promotion analysis or post-promotion verification is still running.
                if hasPostPromotionAnalysis && !rollout.postPromotionAnalysisCompleted {
                    return RolloutPhaseStatus(.progressing, "waiting for analysis to complete")
                }
                return RolloutPhaseStatus(.progressing, "waiting for post-promotion verification to complete")
            }
        case .canary(let isTrafficRouted):
            // Why basic canary only: traffic routing keeps the old pods through scaleDownDelaySeconds.
            if !isTrafficRouted && rollout.statusReplicas > rollout.updatedReplicas {
                return RolloutPhaseStatus(.progressing, "old replicas are pending termination")
            }
            if rollout.stableRS.isEmpty || !isFullyPromoted {
                return RolloutPhaseStatus(.progressing, "waiting for all steps to complete")
            }
        case .unset:
            break
        }
        return RolloutPhaseStatus(.healthy, "")
    }

    /// The phase clients show (CLI, dashboard, notifications). Argo: GetRolloutPhase.
    ///
    /// Progressing while the spec generation (or the referenced workload's generation) is not yet
    /// observed, or while unpausing (controllerPause with no pause conditions); otherwise the stored
    /// phase and message, or `calculate` when none is stored (v0.10 and before).
    public static func observed(_ rollout: RolloutPhaseInputs) -> RolloutPhaseStatus {
        if !isGenerationObserved(rollout) {
            return RolloutPhaseStatus(.progressing, "waiting for rollout spec update to be observed")
        }
        if isUnpausing(rollout) {
            return RolloutPhaseStatus(.progressing, "waiting for rollout to unpause")
        }
        if rollout.templateResolvedFromRef && !isWorkloadGenerationObserved(rollout) {
            return RolloutPhaseStatus(.progressing, "waiting for rollout spec update to be observed for the reference workload")
        }
        if let phase = rollout.phase {
            return RolloutPhaseStatus(phase, rollout.message)
        }
        return calculate(rollout)
    }

    /// Whether `metadata.generation` was observed. A non-numeric observedGeneration (a v0.9 hash),
    /// or one above the generation (an all-digit hash), counts as observed. Argo: isGenerationObserved.
    public static func isGenerationObserved(_ rollout: RolloutPhaseInputs) -> Bool {
        guard let observed = Int(rollout.observedGeneration) else { return true }
        return observed >= rollout.generation
    }

    /// controllerPause with no pause conditions: the user cleared them and the controller has not
    /// reacted yet. Argo: IsUnpausing.
    public static func isUnpausing(_ rollout: RolloutPhaseInputs) -> Bool {
        rollout.controllerPause && rollout.pauseConditions.isEmpty
    }

    /// Whether the referenced workload's generation was observed. A missing or unparsable annotation
    /// or status value (32-bit decimal) counts as observed. Argo: isWorkloadGenerationObserved.
    public static func isWorkloadGenerationObserved(_ rollout: RolloutPhaseInputs) -> Bool {
        guard let annotation = rollout.workloadGenerationAnnotation, let workloadGeneration = Int32(annotation),
              let observed = Int32(rollout.workloadObservedGeneration) else { return true }
        return observed == workloadGeneration
    }
}
