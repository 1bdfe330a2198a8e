/// Blue-green ReplicaSet sizes (reference §4.6). The active (stable) RS is always held at R; the
/// new (preview) RS is sized by `newRSReplicas`.
public enum BlueGreenReplicaCounts {
    /// The facts `NewRSNewReplicas` reads for a blue-green rollout.
    public struct Inputs: Sendable, Equatable {
        /// `spec.replicas` with the default of 1 applied.
        public var replicas: Int
        /// `strategy.blueGreen.previewReplicaCount`; nil means full size.
        public var previewReplicaCount: Int?
        public var paused: Bool
        public var hasPauseConditions: Bool
        public var promoteFull: Bool
        /// `status.currentPodHash`.
        public var currentPodHash: String
        /// `status.blueGreen.activeSelector`.
        public var activeSelector: String
        /// `status.blueGreen.scaleUpPreviewCheckPoint`.
        public var scaleUpPreviewCheckPoint: Bool

        public init(
            replicas: Int, previewReplicaCount: Int? = nil, paused: Bool = false, hasPauseConditions: Bool = false,
            promoteFull: Bool = false, currentPodHash: String = "", activeSelector: String = "",
            scaleUpPreviewCheckPoint: Bool = false
        ) {
            self.replicas = replicas
            self.previewReplicaCount = previewReplicaCount
            self.paused = paused
            self.hasPauseConditions = hasPauseConditions
            self.promoteFull = promoteFull
            self.currentPodHash = currentPodHash
            self.activeSelector = activeSelector
            self.scaleUpPreviewCheckPoint = scaleUpPreviewCheckPoint
        }
    }

    /// The new RS's count. Argo: NewRSNewReplicas, blue-green branch (utils/replicaset/replicaset.go).
    ///
    /// Full size without a previewReplicaCount, when the active RS is missing or is the new RS, or
    /// on a full promotion. Otherwise `previewReplicaCount` for a brand-new update (the new RS's hash
    /// differs from `status.currentPodHash`), full size once resumed past the preview scale-up
    /// checkpoint, and `previewReplicaCount` until then.
    ///
    /// - Parameters:
    ///   - newRSPodTemplateHash: the new RS's `rollouts-pod-template-hash`.
    ///   - activeRSExists: whether some ReplicaSet carries the hash `activeSelector` names
    ///     (`GetReplicaSetByTemplateHash`); false when `activeSelector` is empty.
    ///   - activeRSIsNewRS: whether that ReplicaSet is the new RS (compared by name upstream).
    public static func newRSReplicas(
        _ rollout: Inputs, newRSPodTemplateHash: String, activeRSExists: Bool, activeRSIsNewRS: Bool
    ) -> Int {
        guard let previewReplicaCount = rollout.previewReplicaCount else { return rollout.replicas }
        if !activeRSExists || rollout.activeSelector.isEmpty || activeRSIsNewRS {
            // The active RS is the desired one: we are past the promotion.
            return rollout.replicas
        }
        if rollout.promoteFull {
            return rollout.replicas
        }
        if newRSPodTemplateHash != rollout.currentPodHash {
            // A new update the status has not recorded yet.
            return previewReplicaCount
        }
        let isNotPaused = !rollout.paused && !rollout.hasPauseConditions
        if isNotPaused && rollout.scaleUpPreviewCheckPoint {
            // Resumed after the pause, before the active Service switched.
            return rollout.replicas
        }
        return previewReplicaCount
    }

    /// The new RS's count, finding the active RS among `podTemplateHashes` (name = hash).
    public static func newRSReplicas(_ rollout: Inputs, newRSPodTemplateHash: String, podTemplateHashes: [String]) -> Int {
        let activeExists = !rollout.activeSelector.isEmpty && podTemplateHashes.contains(rollout.activeSelector)
        return newRSReplicas(
            rollout, newRSPodTemplateHash: newRSPodTemplateHash, activeRSExists: activeExists,
            activeRSIsNewRS: activeExists && rollout.activeSelector == newRSPodTemplateHash)
    }

    /// Blue-green maxUnavailable: the percentage rounded down with no fencepost fix (unset means
    /// 25%), 0 when R = 0, capped at R. Argo: MaxUnavailable's non-canary branch. MaxSurge is 0.
    public static func maxUnavailable(_ value: IntOrString?, replicas: Int) -> Int {
        if replicas == 0 { return 0 }
        let resolved = (value ?? .defaultCanaryFencepost).scaledValue(total: replicas, roundUp: false) ?? 0
        return min(resolved, replicas)
    }
}
