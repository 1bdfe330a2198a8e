/// `status.blueGreen`: the selectors the controller last saw on its Services, the preview
/// scale-up checkpoint, and the current pre- and post-promotion AnalysisRuns.
public struct BlueGreenStatus: Sendable, Equatable {
    /// The `rollouts-pod-template-hash` in the active Service's selector ("" before the first switch).
    public var activeSelector = ""
    /// The same for the preview Service.
    public var previewSelector = ""
    /// Argo: ScaleUpPreviewCheckPoint (reference §4.6).
    public var scaleUpPreviewCheckPoint = false
    public var prePromotionAnalysisRun: RolloutAnalysisRunStatus?
    public var postPromotionAnalysisRun: RolloutAnalysisRunStatus?

    public init() {}
}

/// Everything one blue-green reconcile pass reads: the Rollout, its persisted status, its
/// ReplicaSets, the active and preview Services' selectors, and its AnalysisRuns.
public struct ObservedBlueGreen: Sendable {
    public var rollout: Rollout
    public var generation: Int
    /// The pod-template-hash of `rollout.spec.template`.
    public var templateHash: String
    public var status: RolloutStatus
    /// Every ReplicaSet the rollout owns, in creation order.
    public var replicaSets: [ObservedReplicaSet]
    /// The `rollouts-pod-template-hash` in the active Service's selector; nil when it has none.
    public var activeServiceHash: String?
    /// The same for the preview Service; nil when there is no preview Service or no hash yet.
    public var previewServiceHash: String?
    public var analysisRuns: [AnalysisRun]
    public var analysisTemplates: [AnalysisTemplate]

    public init(rollout: Rollout, generation: Int, templateHash: String, status: RolloutStatus, replicaSets: [ObservedReplicaSet],
                activeServiceHash: String? = nil, previewServiceHash: String? = nil, analysisRuns: [AnalysisRun] = [],
                analysisTemplates: [AnalysisTemplate] = []) {
        self.rollout = rollout
        self.generation = generation
        self.templateHash = templateHash
        self.status = status
        self.replicaSets = replicaSets
        self.activeServiceHash = activeServiceHash
        self.previewServiceHash = previewServiceHash
        self.analysisRuns = analysisRuns
        self.analysisTemplates = analysisTemplates
    }

    public func analysisRun(named name: String?) -> AnalysisRun? {
        guard let name else { return nil }
        return analysisRuns.last { $0.name == name }
    }
}
