import Testing
@testable import RolloutSim

/// One row of upstream's `TestCalculateReplicaCountsForCanary` (utils/replicaset/canary_test.go):
/// a rollout with one step (`setWeight`, optionally with a `setCanaryScale` beside it), the new RS
/// named "canary" and the stable RS named "stable", status hashes "canary"/"stable".
/// Unset maxSurge/maxUnavailable are Go's zero IntOrString, the int 0.
struct ReplicaCountCase: Sendable, CustomTestStringConvertible {
    var name: String
    var replicas: Int
    var setWeight: Int
    var maxSurge: IntOrString
    var maxUnavailable: IntOrString
    var stable: (spec: Int, available: Int)
    var canary: (spec: Int, available: Int)
    var expect: CanaryReplicaCounts
    var promoteFull = false
    var olderRS: ReplicaSetCounts?
    var setCanaryScale: CanaryScaleRule?
    var trafficRouted = false
    var abortScaleDownDelaySeconds: Int?
    var abort = false
    var minPodsPerReplicaSet: Int?

    init(
        _ name: String, replicas: Int, setWeight: Int, maxSurge: IntOrString, maxUnavailable: IntOrString,
        stable: (Int, Int), canary: (Int, Int), expect: (canary: Int, stable: Int),
        promoteFull: Bool = false, olderRS: ReplicaSetCounts? = nil, setCanaryScale: CanaryScaleRule? = nil,
        trafficRouted: Bool = false, abortScaleDownDelaySeconds: Int? = nil, abort: Bool = false,
        minPodsPerReplicaSet: Int? = nil
    ) {
        self.name = name
        self.replicas = replicas
        self.setWeight = setWeight
        self.maxSurge = maxSurge
        self.maxUnavailable = maxUnavailable
        self.stable = stable
        self.canary = canary
        self.expect = CanaryReplicaCounts(canary: expect.canary, stable: expect.stable)
        self.promoteFull = promoteFull
        self.olderRS = olderRS
        self.setCanaryScale = setCanaryScale
        self.trafficRouted = trafficRouted
        self.abortScaleDownDelaySeconds = abortScaleDownDelaySeconds
        self.abort = abort
        self.minPodsPerReplicaSet = minPodsPerReplicaSet
    }

    var testDescription: String { name }

    var inputs: CanaryInputs {
        CanaryInputs(
            replicas: replicas, steps: [CanaryStepRule(setWeight: setWeight, setCanaryScale: setCanaryScale)],
            maxSurge: maxSurge, maxUnavailable: maxUnavailable, isTrafficRouted: trafficRouted,
            minPodsPerReplicaSet: minPodsPerReplicaSet, abortScaleDownDelaySeconds: abortScaleDownDelaySeconds,
            abort: abort, promoteFull: promoteFull, stableRS: "stable", currentPodHash: "canary")
    }

    /// All 40 cases of upstream's table, in upstream order, with upstream's names.
    static let upstream: [ReplicaCountCase] = [
        ReplicaCountCase(
            "Do not add extra RSs in scaleDownCount when .Spec.Replica < AvailableReplicas", replicas: 10, setWeight: 100,
            maxSurge: .int(3), maxUnavailable: .int(0),
            stable: (7, 8), canary: (6, 3), expect: (canary: 6, stable: 7)),
        ReplicaCountCase(
            "Use max surge int to scale up canary", replicas: 10, setWeight: 20,
            maxSurge: .int(2), maxUnavailable: .int(0),
            stable: (10, 10), canary: (0, 0), expect: (canary: 2, stable: 10)),
        ReplicaCountCase(
            "Use max surge percentage to scale up canary", replicas: 10, setWeight: 20,
            maxSurge: .string("20%"), maxUnavailable: .int(0),
            stable: (10, 10), canary: (0, 0), expect: (canary: 2, stable: 10)),
        ReplicaCountCase(
            "Scale down extra stable replicas", replicas: 10, setWeight: 20,
            maxSurge: .string("20%"), maxUnavailable: .int(0),
            stable: (10, 10), canary: (2, 2), expect: (canary: 2, stable: 8)),
        ReplicaCountCase(
            "Do not go past max surge", replicas: 10, setWeight: 30,
            maxSurge: .int(2), maxUnavailable: .int(0),
            stable: (10, 10), canary: (0, 0), expect: (canary: 2, stable: 10)),
        ReplicaCountCase(
            "Use max unavailable int to scale down stableRS", replicas: 10, setWeight: 20,
            maxSurge: .int(0), maxUnavailable: .int(2),
            stable: (10, 10), canary: (0, 0), expect: (canary: 0, stable: 8)),
        ReplicaCountCase(
            "Use max surge percentage to scale down stableRS", replicas: 10, setWeight: 20,
            maxSurge: .int(0), maxUnavailable: .string("20%"),
            stable: (10, 10), canary: (0, 0), expect: (canary: 0, stable: 8)),
        ReplicaCountCase(
            "Do not go past max unavailable", replicas: 10, setWeight: 30,
            maxSurge: .int(0), maxUnavailable: .int(2),
            stable: (10, 10), canary: (0, 0), expect: (canary: 0, stable: 8)),
        ReplicaCountCase(
            "Use Max Surge and Max Unavailable", replicas: 10, setWeight: 50,
            maxSurge: .int(2), maxUnavailable: .int(1),
            stable: (10, 10), canary: (0, 0), expect: (canary: 2, stable: 9)),
        ReplicaCountCase(
            "Scale canaryRS to zero on setWeight of 0%", replicas: 10, setWeight: 0,
            maxSurge: .int(1), maxUnavailable: .int(1),
            stable: (10, 10), canary: (1, 1), expect: (canary: 0, stable: 10)),
        ReplicaCountCase(
            "Scale stable to zero on setWeight of 100%", replicas: 10, setWeight: 100,
            maxSurge: .int(1), maxUnavailable: .int(1),
            stable: (1, 1), canary: (10, 10), expect: (canary: 10, stable: 0)),
        ReplicaCountCase(
            "Do not scale canaryRS down to zero on non-zero weight", replicas: 1, setWeight: 20,
            maxSurge: .int(1), maxUnavailable: .int(0),
            stable: (1, 1), canary: (0, 0), expect: (canary: 1, stable: 1)),
        ReplicaCountCase(
            "Do not scale canaryRS down to zero on non-100 weight", replicas: 1, setWeight: 90,
            maxSurge: .int(1), maxUnavailable: .int(0),
            stable: (1, 1), canary: (0, 0), expect: (canary: 1, stable: 1)),
        ReplicaCountCase(
            "Scale canaryRS to zero on <50 weight without surge", replicas: 1, setWeight: 49,
            maxSurge: .int(0), maxUnavailable: .int(1),
            stable: (1, 1), canary: (0, 0), expect: (canary: 0, stable: 1)),
        ReplicaCountCase(
            "Scale stableRS down to zero on >=50 weight without surge", replicas: 1, setWeight: 51,
            maxSurge: .int(0), maxUnavailable: .int(1),
            stable: (1, 1), canary: (0, 0), expect: (canary: 0, stable: 0)),
        ReplicaCountCase(
            "Scale canaryRS to one on >=50 weight without surge and stable replicas", replicas: 1, setWeight: 51,
            maxSurge: .int(0), maxUnavailable: .int(1),
            stable: (0, 0), canary: (0, 0), expect: (canary: 1, stable: 0)),
        ReplicaCountCase(
            "Scale up Stable before canaryRS", replicas: 10, setWeight: 30,
            maxSurge: .int(1), maxUnavailable: .int(0),
            stable: (1, 1), canary: (0, 0), expect: (canary: 1, stable: 7),
            olderRS: ReplicaSetCounts(name: "older", specReplicas: 3, availableReplicas: 3)),
        ReplicaCountCase(
            "Scale down canaryRS and stable", replicas: 10, setWeight: 30,
            maxSurge: .int(0), maxUnavailable: .int(3),
            stable: (8, 5), canary: (4, 4), expect: (canary: 3, stable: 7)),
        ReplicaCountCase(
            "Scale down stable and canary available", replicas: 10, setWeight: 100,
            maxSurge: .int(1), maxUnavailable: .int(0),
            stable: (10, 2), canary: (10, 8), expect: (canary: 9, stable: 2)),
        ReplicaCountCase(
            "Do not scale down canaryRS or stable when older RS count >= scaleDownCount", replicas: 10, setWeight: 30,
            maxSurge: .int(0), maxUnavailable: .int(1),
            stable: (8, 6), canary: (4, 2), expect: (canary: 4, stable: 8),
            olderRS: ReplicaSetCounts(name: "older", specReplicas: 3, availableReplicas: 3)),
        ReplicaCountCase(
            "Do not round past maxSurge with uneven setWeight divisor", replicas: 10, setWeight: 5,
            maxSurge: .int(0), maxUnavailable: .int(1),
            stable: (10, 10), canary: (0, 0), expect: (canary: 0, stable: 9)),
        ReplicaCountCase(
            "Do not round past maxSurge with uneven setWeight divisor (part 2)", replicas: 10, setWeight: 5,
            maxSurge: .int(0), maxUnavailable: .int(1),
            stable: (9, 9), canary: (0, 0), expect: (canary: 1, stable: 9)),
        ReplicaCountCase(
            "Use maxUnavailable of 1 when percentage of maxUnavailable and maxSurge result in 0 replicas", replicas: 10, setWeight: 10,
            maxSurge: .string("0%"), maxUnavailable: .string("0%"),
            stable: (10, 10), canary: (0, 0), expect: (canary: 0, stable: 9)),
        ReplicaCountCase(
            "For canary replicas, use setCanaryScale.replicas when specified along with trafficRouting (and ignore setWeight)", replicas: 1, setWeight: 100,
            maxSurge: .int(0), maxUnavailable: .int(0),
            stable: (1, 1), canary: (0, 0), expect: (canary: 9, stable: 1),
            setCanaryScale: CanaryScaleRule(replicas: 9, weight: nil, matchTrafficWeight: false), trafficRouted: true),
        ReplicaCountCase(
            "Use setCanaryScale.weight for canary replicas when specified with trafficRouting (and ignore setWeight)", replicas: 4, setWeight: 100,
            maxSurge: .int(0), maxUnavailable: .int(0),
            stable: (4, 4), canary: (0, 0), expect: (canary: 8, stable: 4),
            setCanaryScale: CanaryScaleRule(replicas: nil, weight: 200, matchTrafficWeight: false), trafficRouted: true),
        ReplicaCountCase(
            "Ignore setCanaryScale replicas/weight when matchTrafficWeight is true", replicas: 10, setWeight: 20,
            maxSurge: .string("20%"), maxUnavailable: .int(0),
            stable: (10, 10), canary: (0, 0), expect: (canary: 2, stable: 10),
            setCanaryScale: CanaryScaleRule(replicas: 9, weight: 100, matchTrafficWeight: true), trafficRouted: true),
        ReplicaCountCase(
            "Ignore setCanaryScale when trafficRouting is missing and use setWeight for replicas", replicas: 10, setWeight: 20,
            maxSurge: .string("20%"), maxUnavailable: .int(0),
            stable: (10, 10), canary: (0, 0), expect: (canary: 2, stable: 10),
            setCanaryScale: CanaryScaleRule(replicas: 9, weight: 100, matchTrafficWeight: false)),
        ReplicaCountCase(
            "honor maxSurge during scale up when stableRS unavailable", replicas: 4, setWeight: 100,
            maxSurge: .int(1), maxUnavailable: .int(0),
            stable: (4, 1), canary: (0, 0), expect: (canary: 1, stable: 4)),
        ReplicaCountCase(
            "scale down to maxunavailable without exceeding maxSurge", replicas: 3, setWeight: 99,
            maxSurge: .int(0), maxUnavailable: .int(2),
            stable: (3, 3), canary: (0, 0), expect: (canary: 0, stable: 1)),
        ReplicaCountCase(
            "scale down to maxunavailable without exceeding maxSurge (part 2)", replicas: 3, setWeight: 99,
            maxSurge: .int(0), maxUnavailable: .int(2),
            stable: (1, 1), canary: (0, 0), expect: (canary: 2, stable: 1)),
        ReplicaCountCase(
            "honor maxUnavailable during scale down stableRS unavailable", replicas: 4, setWeight: 100,
            maxSurge: .int(1), maxUnavailable: .int(0),
            stable: (4, 1), canary: (1, 1), expect: (canary: 1, stable: 3)),
        ReplicaCountCase(
            "honor maxUnavailable when aborting or reducing weight part 1", replicas: 4, setWeight: 0,
            maxSurge: .int(1), maxUnavailable: .int(0),
            stable: (0, 0), canary: (4, 4), expect: (canary: 4, stable: 1)),
        ReplicaCountCase(
            "honor maxUnavailable when aborting or reducing weight part 2", replicas: 4, setWeight: 0,
            maxSurge: .int(1), maxUnavailable: .int(0),
            stable: (1, 0), canary: (4, 4), expect: (canary: 4, stable: 1)),
        ReplicaCountCase(
            "honor maxUnavailable when aborting or reducing weight part 3", replicas: 4, setWeight: 0,
            maxSurge: .int(1), maxUnavailable: .int(0),
            stable: (1, 1), canary: (4, 4), expect: (canary: 3, stable: 1)),
        ReplicaCountCase(
            "promote full does not consider weight", replicas: 4, setWeight: 1,
            maxSurge: .int(4), maxUnavailable: .int(4),
            stable: (4, 4), canary: (0, 0), expect: (canary: 4, stable: 0),
            promoteFull: true),
        ReplicaCountCase(
            "promote full still honors maxSurge/maxUnavailable", replicas: 4, setWeight: 1,
            maxSurge: .int(3), maxUnavailable: .int(0),
            stable: (4, 4), canary: (0, 0), expect: (canary: 3, stable: 4),
            promoteFull: true),
        ReplicaCountCase(
            "aborted with abortScaleDownDelaySeconds:0 and setCanaryScale", replicas: 1, setWeight: 0,
            maxSurge: .int(0), maxUnavailable: .int(0),
            stable: (1, 1), canary: (1, 1), expect: (canary: 1, stable: 1),
            setCanaryScale: CanaryScaleRule(replicas: 1, weight: nil, matchTrafficWeight: false), trafficRouted: true, abortScaleDownDelaySeconds: 0, abort: true),
        ReplicaCountCase(
            "aborted with abortScaleDownDelaySeconds>0 and setCanaryScale", replicas: 1, setWeight: 0,
            maxSurge: .int(0), maxUnavailable: .int(0),
            stable: (1, 1), canary: (1, 1), expect: (canary: 0, stable: 1),
            setCanaryScale: CanaryScaleRule(replicas: 1, weight: nil, matchTrafficWeight: false), trafficRouted: true, abortScaleDownDelaySeconds: 30, abort: true),
        ReplicaCountCase(
            "Honor MinPodsPerReplicaSet when using trafficRouting and starting canary", replicas: 10, setWeight: 5,
            maxSurge: .int(0), maxUnavailable: .int(0),
            stable: (10, 10), canary: (0, 0), expect: (canary: 2, stable: 10),
            trafficRouted: true, minPodsPerReplicaSet: 2),
        ReplicaCountCase(
            "Cap MinPodsPerReplicaSet when it exceeds rollout replicas with trafficRouting", replicas: 1, setWeight: 100,
            maxSurge: .int(0), maxUnavailable: .int(0),
            stable: (1, 1), canary: (0, 0), expect: (canary: 1, stable: 1),
            promoteFull: true, trafficRouted: true, minPodsPerReplicaSet: 2),
    ]
}

/// One row of upstream's `TestApproximateWeightedNewStableReplicaCounts`.
struct ApproximateCase: Sendable, CustomTestStringConvertible {
    var replicas: Int
    var weight: Int
    var maxWeight: Int
    var maxSurge: Int
    var expect: CanaryReplicaCounts

    init(_ replicas: Int, _ weight: Int, _ maxWeight: Int, _ maxSurge: Int, canary: Int, stable: Int) {
        self.replicas = replicas
        self.weight = weight
        self.maxWeight = maxWeight
        self.maxSurge = maxSurge
        self.expect = CanaryReplicaCounts(canary: canary, stable: stable)
    }

    var testDescription: String { "replicas:\(replicas)_weight:\(weight)_maxweight:\(maxWeight)_surge:\(maxSurge)" }

    /// All 57 rows of upstream's table; the comment is upstream's resulting canary share.
    static let upstream: [ApproximateCase] = [
        ApproximateCase(0, 0, 100, 0, canary: 0, stable: 0), // 0%
        ApproximateCase(0, 50, 100, 0, canary: 0, stable: 0), // 0%
        ApproximateCase(0, 100, 100, 0, canary: 0, stable: 0), // 0%
        ApproximateCase(0, 0, 100, 1, canary: 0, stable: 0), // 0%
        ApproximateCase(0, 50, 100, 1, canary: 0, stable: 0), // 0%
        ApproximateCase(0, 100, 100, 1, canary: 0, stable: 0), // 0%
        ApproximateCase(1, 0, 100, 0, canary: 0, stable: 1), // 0%
        ApproximateCase(1, 1, 100, 0, canary: 0, stable: 1), // 0%
        ApproximateCase(1, 49, 100, 0, canary: 0, stable: 1), // 0%
        ApproximateCase(1, 50, 100, 0, canary: 1, stable: 0), // 100%
        ApproximateCase(1, 99, 100, 0, canary: 1, stable: 0), // 100%
        ApproximateCase(1, 100, 100, 0, canary: 1, stable: 0), // 100%
        ApproximateCase(1, 0, 100, 1, canary: 0, stable: 1), // 0%
        ApproximateCase(1, 1, 100, 1, canary: 1, stable: 1), // 50%
        ApproximateCase(1, 49, 100, 1, canary: 1, stable: 1), // 50%
        ApproximateCase(1, 50, 100, 1, canary: 1, stable: 1), // 50%
        ApproximateCase(1, 99, 100, 1, canary: 1, stable: 1), // 50%
        ApproximateCase(1, 100, 100, 1, canary: 1, stable: 0), // 100%
        ApproximateCase(2, 0, 100, 0, canary: 0, stable: 2), // 0%
        ApproximateCase(2, 1, 100, 0, canary: 1, stable: 1), // 50%
        ApproximateCase(2, 50, 100, 0, canary: 1, stable: 1), // 50%
        ApproximateCase(2, 99, 100, 0, canary: 1, stable: 1), // 50%
        ApproximateCase(2, 100, 100, 0, canary: 2, stable: 0), // 100%
        ApproximateCase(2, 0, 100, 1, canary: 0, stable: 2), // 0%
        ApproximateCase(2, 1, 100, 1, canary: 1, stable: 2), // 33.3%
        ApproximateCase(2, 50, 100, 1, canary: 1, stable: 1), // 50%
        ApproximateCase(2, 99, 100, 1, canary: 2, stable: 1), // 66.6%
        ApproximateCase(2, 100, 100, 1, canary: 2, stable: 0), // 100%
        ApproximateCase(3, 10, 100, 0, canary: 1, stable: 2), // 33.3%
        ApproximateCase(3, 25, 100, 0, canary: 1, stable: 2), // 33.3%
        ApproximateCase(3, 33, 100, 0, canary: 1, stable: 2), // 33.3%
        ApproximateCase(3, 34, 100, 0, canary: 1, stable: 2), // 33.3%
        ApproximateCase(3, 49, 100, 0, canary: 1, stable: 2), // 33.3%
        ApproximateCase(3, 50, 100, 0, canary: 2, stable: 1), // 66.6%
        ApproximateCase(3, 10, 100, 1, canary: 1, stable: 3), // 25%
        ApproximateCase(3, 25, 100, 1, canary: 1, stable: 3), // 25%
        ApproximateCase(3, 33, 100, 1, canary: 1, stable: 2), // 33.3%
        ApproximateCase(3, 34, 100, 1, canary: 1, stable: 2), // 33.3%
        ApproximateCase(3, 49, 100, 1, canary: 2, stable: 2), // 50%
        ApproximateCase(3, 50, 100, 1, canary: 2, stable: 2), // 50%
        ApproximateCase(10, 0, 100, 1, canary: 0, stable: 10), // 0%
        ApproximateCase(10, 1, 100, 0, canary: 1, stable: 9), // 10%
        ApproximateCase(10, 14, 100, 0, canary: 1, stable: 9), // 10%
        ApproximateCase(10, 15, 100, 0, canary: 2, stable: 8), // 20%
        ApproximateCase(10, 16, 100, 0, canary: 2, stable: 8), // 20%
        ApproximateCase(10, 99, 100, 0, canary: 9, stable: 1), // 90%
        ApproximateCase(10, 100, 100, 1, canary: 10, stable: 0), // 100%
        ApproximateCase(10, 0, 100, 1, canary: 0, stable: 10), // 0%
        ApproximateCase(10, 1, 100, 1, canary: 1, stable: 10), // 9.1%
        ApproximateCase(10, 18, 100, 1, canary: 2, stable: 9), // 18.1%
        ApproximateCase(10, 19, 100, 1, canary: 2, stable: 9), // 18.1%
        ApproximateCase(10, 20, 100, 1, canary: 2, stable: 8), // 20%
        ApproximateCase(10, 23, 100, 1, canary: 2, stable: 8), // 20%
        ApproximateCase(10, 24, 100, 1, canary: 3, stable: 8), // 27.2%
        ApproximateCase(10, 25, 100, 1, canary: 3, stable: 8), // 27.2%
        ApproximateCase(10, 99, 100, 1, canary: 10, stable: 1), // 90.9%
        ApproximateCase(10, 100, 100, 1, canary: 10, stable: 0), // 100%
    ]
}
