/// Argo CD's health status codes, as its Rollout health check can return them.
public enum ArgoCDHealthStatus: String, Sendable, CaseIterable {
    case healthy = "Healthy"
    case progressing = "Progressing"
    case suspended = "Suspended"
    case degraded = "Degraded"
}

/// A health status with its message, as Argo CD shows it.
public struct ArgoCDHealth: Sendable, Equatable, CustomStringConvertible {
    public var status: ArgoCDHealthStatus
    public var message: String

    public init(_ status: ArgoCDHealthStatus, _ message: String = "") {
        self.status = status
        self.message = message
    }

    public var description: String { message.isEmpty ? status.rawValue : "\(status.rawValue): \(message)" }
}

/// A Rollout as Argo CD's Lua health check sees it: raw fields, any of which may be absent.
public struct ArgoCDRolloutObject: Sendable, Equatable {
    public enum Strategy: Sendable, Equatable {
        case canary
        case blueGreen
        case unset
    }

    public struct Status: Sendable, Equatable {
        public var phase: RolloutPhase?
        public var message: String?
        public var observedGeneration: String?
        public var workloadObservedGeneration: String?
        public var conditions: [RolloutCondition]
        /// `status.pauseConditions`, nil when absent.
        public var pauseConditions: [PauseReason]?
        public var currentPodHash: String?
        public var replicas: Int?
        public var updatedReplicas: Int?
        public var availableReplicas: Int?
        public var stableRS: String?
        /// The legacy (before v0.8) `status.canary` block; `.some(nil)` when present without `stableRS`.
        public var canaryStableRS: String??
        /// `status.blueGreen`, with its `activeSelector`; `.some(nil)` when present without it.
        public var blueGreenActiveSelector: String??

        public init(
            phase: RolloutPhase? = nil, message: String? = nil, observedGeneration: String? = nil,
            workloadObservedGeneration: String? = nil, conditions: [RolloutCondition] = [],
            pauseConditions: [PauseReason]? = nil, currentPodHash: String? = nil, replicas: Int? = nil,
            updatedReplicas: Int? = nil, availableReplicas: Int? = nil, stableRS: String? = nil,
            canaryStableRS: String?? = nil, blueGreenActiveSelector: String?? = nil
        ) {
            self.phase = phase
            self.message = message
            self.observedGeneration = observedGeneration
            self.workloadObservedGeneration = workloadObservedGeneration
            self.conditions = conditions
            self.pauseConditions = pauseConditions
            self.currentPodHash = currentPodHash
            self.replicas = replicas
            self.updatedReplicas = updatedReplicas
            self.availableReplicas = availableReplicas
            self.stableRS = stableRS
            self.canaryStableRS = canaryStableRS
            self.blueGreenActiveSelector = blueGreenActiveSelector
        }
    }

    /// `metadata.generation`; the API server always sets it (0 stands for absent).
    public var generation: Int
    /// `metadata.annotations`, nil when the object has none. Only the workload-generation key is read.
    public var annotations: [String: String]?
    public var specReplicas: Int?
    public var specPaused: Bool?
    public var hasWorkloadRef: Bool
    public var strategy: Strategy
    public var status: Status?

    public init(
        generation: Int = 1, annotations: [String: String]? = nil, specReplicas: Int? = nil, specPaused: Bool? = nil,
        hasWorkloadRef: Bool = false, strategy: Strategy, status: Status?
    ) {
        self.generation = generation
        self.annotations = annotations
        self.specReplicas = specReplicas
        self.specPaused = specPaused
        self.hasWorkloadRef = hasWorkloadRef
        self.strategy = strategy
        self.status = status
    }

    static let workloadGenerationKey = "rollout.argoproj.io/workload-generation"
}

extension ArgoCDHealth {
    /// Argo CD's assessment of a Rollout. Argo CD: resource_customizations/argoproj.io/Rollout/health.lua,
    /// reference §12. The first match wins:
    ///
    /// 1. generation (or the workloadRef's generation) not observed: Progressing;
    /// 2. a stored `status.phase` (every v1.0+ controller): surfaced as is, Paused becoming Suspended,
    ///    with `status.message` — Argo CD does not apply the CLI's "waiting for rollout to unpause";
    /// 3. otherwise the legacy rules on conditions, pauses, hashes and replica counts.
    public static func assess(_ rollout: ArgoCDRolloutObject) -> ArgoCDHealth {
        guard let status = rollout.status, isGenerationObserved(rollout, status), isWorkloadGenerationObserved(rollout, status) else {
            return ArgoCDHealth(.progressing, "Waiting for rollout spec update to be observed")
        }
        if let phase = status.phase {
            let code: ArgoCDHealthStatus
            switch phase {
            case .healthy: code = .healthy
            case .progressing: code = .progressing
            case .paused: code = .suspended
            case .degraded: code = .degraded
            }
            return ArgoCDHealth(code, status.message ?? "")
        }
        return legacy(rollout, status)
    }

    /// The rules for controllers before v1.0, which stored no phase.
    private static func legacy(_ rollout: ArgoCDRolloutObject, _ status: ArgoCDRolloutObject.Status) -> ArgoCDHealth {
        for condition in status.conditions {
            if condition.type == .invalidSpec {
                return ArgoCDHealth(.degraded, condition.message)
            }
            // Unlike the controller, only Progressing conditions with these reasons degrade.
            if condition.type == .progressing
                && (condition.reason == RolloutCondition.abortedReason || condition.reason == RolloutCondition.timedOutReason) {
                return ArgoCDHealth(.degraded, condition.message)
            }
        }
        if !(status.pauseConditions ?? []).isEmpty || rollout.specPaused == true {
            return ArgoCDHealth(.suspended, "Rollout is paused")
        }
        guard let currentPodHash = status.currentPodHash else {
            return ArgoCDHealth(.progressing, "Waiting for rollout to finish: status has not been reconciled.")
        }
        let desired = rollout.specReplicas ?? 1
        let statusReplicas = status.replicas ?? 0
        let updated = status.updatedReplicas ?? 0
        let available = status.availableReplicas ?? 0
        if updated < desired {
            return ArgoCDHealth(.progressing, "Waiting for roll out to finish: More replicas need to be updated")
        }
        if available < updated {
            return ArgoCDHealth(.progressing, "Waiting for roll out to finish: updated replicas are still becoming available")
        }
        // getStableRS: status.stableRS, else the legacy status.canary.stableRS (absent when the block
        // is there without it), else "".
        let stableRS: String?
        if let current = status.stableRS {
            stableRS = current
        } else if let legacyBlock = status.canaryStableRS {
            stableRS = legacyBlock
        } else {
            stableRS = ""
        }
        switch rollout.strategy {
        case .blueGreen:
            let activeSelector = status.blueGreenActiveSelector ?? nil
            if status.blueGreenActiveSelector == nil || activeSelector != currentPodHash {
                return ArgoCDHealth(.progressing, "active service cutover pending")
            }
            if stableRS != "" && stableRS != currentPodHash {
                return ArgoCDHealth(.progressing, "waiting for analysis to complete")
            }
        case .canary:
            // Unlike the controller, this applies with trafficRouting too.
            if statusReplicas > updated {
                return ArgoCDHealth(.progressing, "Waiting for roll out to finish: old replicas are pending termination")
            }
            if stableRS == "" || stableRS != currentPodHash {
                return ArgoCDHealth(.progressing, "Waiting for rollout to finish steps")
            }
        case .unset:
            break
        }
        return ArgoCDHealth(.healthy, "")
    }

    /// Lua: a non-numeric or greater observedGeneration is a v0.9 rollout and counts as observed.
    private static func isGenerationObserved(_ rollout: ArgoCDRolloutObject, _ status: ArgoCDRolloutObject.Status) -> Bool {
        guard let observed = luaNumber(status.observedGeneration) else { return true }
        return observed >= Double(rollout.generation)
    }

    /// Lua: without a workloadRef or without annotations, observed; otherwise the annotation and
    /// `status.workloadObservedGeneration` must be equal as Lua numbers (both absent is equal).
    private static func isWorkloadGenerationObserved(_ rollout: ArgoCDRolloutObject, _ status: ArgoCDRolloutObject.Status) -> Bool {
        guard rollout.hasWorkloadRef, let annotations = rollout.annotations else { return true }
        return luaNumber(annotations[ArgoCDRolloutObject.workloadGenerationKey]) == luaNumber(status.workloadObservedGeneration)
    }

    /// Lua's `tonumber` on a string as Argo CD's gopher-lua reads it: surrounding spaces ignored, a
    /// `0x` prefix is hexadecimal, anything else a Go float (so "1e3" is a number and "7d66d4485f"
    /// is not). Nil for an absent or non-numeric value.
    static func luaNumber(_ text: String?) -> Double? {
        guard let text else { return nil }
        var trimmed = Substring(text)
        while trimmed.first?.isWhitespace == true { trimmed.removeFirst() }
        while trimmed.last?.isWhitespace == true { trimmed.removeLast() }
        if trimmed.hasPrefix("0x") || trimmed.hasPrefix("0X") {
            return UInt64(trimmed.dropFirst(2), radix: 16).map { Double($0) }
        }
        // Swift accepts a few spellings Go refuses (a trailing "."), and none that matter here:
        // generations are written by controllers as decimal integers or hashes.
        guard !trimmed.isEmpty, trimmed.allSatisfy({ "0123456789+-.eE".contains($0) }) else { return nil }
        return Double(trimmed)
    }
}
