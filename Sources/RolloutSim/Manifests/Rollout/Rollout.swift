/// An `argoproj.io/v1alpha1` Rollout as written, every spec field of reference §2 typed and located.
/// Optional fields stay nil when not written; the `…OrDefault` accessors apply upstream's defaults
/// (`utils/defaults/defaults.go`).
public struct Rollout: Sendable {
    public var metadata: ObjectMeta
    public var spec: RolloutSpec
    public var location: SourceLocation
}

public struct RolloutSpec: Sendable {
    public var replicas: Int?
    public var selector: LabelSelector?
    public var template: PodTemplate?
    public var workloadRef: WorkloadRef?
    public var minReadySeconds: Int?
    public var revisionHistoryLimit: Int?
    public var paused: Bool
    public var progressDeadlineSeconds: Int?
    public var progressDeadlineAbort: Bool
    /// RFC 3339 time as written; pod restarts are not simulated.
    public var restartAt: String?
    public var rollbackWindow: RollbackWindow?
    public var analysis: AnalysisRunStrategy?
    public var strategy: RolloutStrategy
    public var locations: FieldLocations

    /// Argo: GetReplicasOrDefault; unset means 1.
    public var replicasOrDefault: Int { replicas ?? 1 }
    /// Argo: GetRevisionHistoryLimitOrDefault; unset means 10.
    public var revisionHistoryLimitOrDefault: Int { revisionHistoryLimit ?? 10 }
    /// Argo: GetProgressDeadlineSecondsOrDefault; unset means 600.
    public var progressDeadlineSecondsOrDefault: Int { progressDeadlineSeconds ?? 600 }
}

public struct WorkloadRef: Sendable {
    public var apiVersion: String?
    public var kind: String?
    public var name: String?
    /// `never` (default), `onsuccess` or `progressively`.
    public var scaleDown: String?
    public var locations: FieldLocations
}

public struct RollbackWindow: Sendable {
    public var revisions: Int?
    public var location: SourceLocation
}

/// `spec.analysis`: how many finished AnalysisRuns to keep.
public struct AnalysisRunStrategy: Sendable {
    public var successfulRunHistoryLimit: Int?
    public var unsuccessfulRunHistoryLimit: Int?
    public var location: SourceLocation

    /// Both default to 5.
    public var successfulRunHistoryLimitOrDefault: Int { successfulRunHistoryLimit ?? 5 }
    public var unsuccessfulRunHistoryLimitOrDefault: Int { unsuccessfulRunHistoryLimit ?? 5 }
}

/// `spec.strategy`: validation requires exactly one of the two, so both are kept as written.
public struct RolloutStrategy: Sendable {
    public var canary: CanaryStrategy?
    public var blueGreen: BlueGreenStrategy?
    public var location: SourceLocation
}

/// `canaryMetadata`, `stableMetadata`, `previewMetadata`, `activeMetadata`, `analysisRunMetadata`.
public struct PodTemplateMetadata: Sendable {
    public var labels: StringMap
    public var annotations: StringMap
    public var location: SourceLocation
}

public struct AntiAffinity: Sendable {
    /// `preferredDuringSchedulingIgnoredDuringExecution.weight`, when that mode is written.
    public var preferredWeight: Int?
    public var hasPreferred: Bool
    public var hasRequired: Bool
    public var locations: FieldLocations
}

public struct BlueGreenStrategy: Sendable {
    public var activeService: String?
    public var previewService: String?
    public var previewReplicaCount: Int?
    public var autoPromotionEnabled: Bool?
    public var autoPromotionSeconds: Int?
    public var maxUnavailable: IntOrString?
    public var scaleDownDelaySeconds: Int?
    public var scaleDownDelayRevisionLimit: Int?
    public var abortScaleDownDelaySeconds: Int?
    public var prePromotionAnalysis: RolloutAnalysis?
    public var postPromotionAnalysis: RolloutAnalysis?
    public var previewMetadata: PodTemplateMetadata?
    public var activeMetadata: PodTemplateMetadata?
    public var antiAffinity: AntiAffinity?
    public var locations: FieldLocations

    public var autoPromotionEnabledOrDefault: Bool { autoPromotionEnabled ?? true }
    /// Argo: GetScaleDownDelaySecondsOrDefault; 30 for blue-green.
    public var scaleDownDelaySecondsOrDefault: Int { scaleDownDelaySeconds ?? 30 }
    public var abortScaleDownDelaySecondsOrDefault: Int { abortScaleDownDelaySeconds ?? 30 }
}

public struct CanaryStrategy: Sendable {
    public var canaryService: String?
    public var stableService: String?
    public var steps: [CanaryStep]
    public var trafficRouting: TrafficRouting?
    public var maxSurge: IntOrString?
    public var maxUnavailable: IntOrString?
    public var analysis: RolloutAnalysis?
    public var antiAffinity: AntiAffinity?
    public var canaryMetadata: PodTemplateMetadata?
    public var stableMetadata: PodTemplateMetadata?
    public var scaleDownDelaySeconds: Int?
    public var scaleDownDelayRevisionLimit: Int?
    public var abortScaleDownDelaySeconds: Int?
    public var dynamicStableScale: Bool
    public var pingPong: PingPong?
    public var minPodsPerReplicaSet: Int?
    public var replicaProgressThreshold: ReplicaProgressThreshold?
    public var locations: FieldLocations

    /// Argo: GetMaxSurgeOrDefault; "25" (25%).
    public var maxSurgeOrDefault: IntOrString { maxSurge ?? .defaultCanaryFencepost }
    /// Argo: GetMaxUnavailableOrDefault; "25" (25%).
    public var maxUnavailableOrDefault: IntOrString { maxUnavailable ?? .defaultCanaryFencepost }
    /// Argo: weightutil.MaxTrafficWeight; 100 unless trafficRouting sets it.
    public var maxTrafficWeight: Int { trafficRouting?.maxTrafficWeight ?? 100 }
}

public struct PingPong: Sendable {
    public var pingService: String?
    public var pongService: String?
    public var locations: FieldLocations
}

public struct ReplicaProgressThreshold: Sendable {
    /// `Percent` or `Pods`.
    public var type: String?
    public var value: Int?
    public var locations: FieldLocations
}

/// An analysis reference block: canary background analysis (`strategy.canary.analysis`, which also
/// has `startingStep`), a step's `analysis`, or blue-green pre/post-promotion analysis.
public struct RolloutAnalysis: Sendable {
    public var templates: [AnalysisTemplateRef]
    public var args: [RolloutAnalysisArgument]
    public var dryRun: [DryRunRule]
    public var measurementRetention: [MeasurementRetentionRule]
    public var analysisRunMetadata: PodTemplateMetadata?
    /// Background analysis only: no run while the current step index is below it.
    public var startingStep: Int?
    public var locations: FieldLocations
}

public struct AnalysisTemplateRef: Sendable {
    public var templateName: String
    /// True: a ClusterAnalysisTemplate; false or unset: an AnalysisTemplate in the rollout's namespace.
    public var clusterScope: Bool
    public var location: SourceLocation
}

/// An argument a Rollout passes to its analysis: a literal or a value taken from the rollout.
public struct RolloutAnalysisArgument: Sendable {
    public enum Source: Sendable, Equatable {
        case value(String)
        /// `valueFrom.podTemplateHashValue`: `Stable` or `Latest`.
        case podTemplateHash(PodTemplateHashValue)
        /// `valueFrom.fieldRef.fieldPath`.
        case fieldRef(String)
        /// Neither value nor valueFrom: the empty string, as Go's zero value.
        case unset
    }

    public enum PodTemplateHashValue: String, Sendable {
        case stable = "Stable"
        case latest = "Latest"
    }

    public var name: String
    public var source: Source
    public var locations: FieldLocations
}

public struct DryRunRule: Sendable {
    public var metricName: String
    public var location: SourceLocation
}

public struct MeasurementRetentionRule: Sendable {
    public var metricName: String
    public var limit: Int
    public var location: SourceLocation
}
