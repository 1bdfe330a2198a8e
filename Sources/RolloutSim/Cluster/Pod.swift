import Foundation

/// A pod's handle: its index in the world's pod table (pods are never removed from the table, so
/// the handle stays valid after the pod is gone).
public struct PodID: Hashable, Comparable, Sendable {
    public let index: Int
    public static func < (lhs: PodID, rhs: PodID) -> Bool { lhs.index < rhs.index }
}

/// `status.phase` of a pod, as Kubernetes spells it. Terminating is not a phase (it is a deletion
/// timestamp on a Running or Pending pod).
public enum PodPhase: String, Sendable, Hashable {
    case pending = "Pending"
    case running = "Running"
    case unknown = "Unknown"

    /// `controller.podPhaseToOrdinal`: Pending < Unknown < Running.
    var deletionOrdinal: Int {
        switch self {
        case .pending: return 0
        case .unknown: return 1
        case .running: return 2
        }
    }
}

/// The serving container's state.
public enum ContainerState: Sendable, Hashable {
    /// Not started yet (image pull, scheduling): `ContainerCreating`.
    case creating
    /// Running since the given time.
    case running(since: VirtualTime)
    /// Crashed; kubelet restarts it at `restartAt` (`CrashLoopBackOff` while waiting).
    case crashLoopBackOff(restartAt: VirtualTime)
}

/// One pod of a ReplicaSet.
public struct Pod: Sendable {
    public let id: PodID
    public let name: String
    public let namespace: String
    public let replicaSet: ReplicaSetID
    public let rolloutName: String
    /// The template's labels plus `rollouts-pod-template-hash`, sorted by key.
    public let labels: [LabelPair]
    public let annotations: [LabelPair]
    public let containerName: String
    public let image: String
    public let createdAt: VirtualTime
    public let ip: String
    /// `metadata.uid`: 32 random hex digits from the pod's own stream.
    public let uid: String

    public internal(set) var phase: PodPhase = .pending
    public internal(set) var container: ContainerState = .creating
    /// When the Ready condition last became true; nil while not ready.
    public internal(set) var readySince: VirtualTime?
    public internal(set) var restartCount = 0
    /// The deletion timestamp: the pod is Terminating from here on, and out of every endpoint list.
    public internal(set) var deletedAt: VirtualTime?
    /// The pod object is gone (its grace period ended).
    public internal(set) var isGone = false

    public var isReady: Bool { readySince != nil }
    public var isTerminating: Bool { deletedAt != nil && !isGone }
    /// Counted by the ReplicaSet: not deleted (`controller.FilterActivePods`).
    public var isActive: Bool { deletedAt == nil }

    /// `podutil.IsPodAvailable`: ready for at least `minReadySeconds`.
    public func isAvailable(minReadySeconds: SimDuration, at now: VirtualTime) -> Bool {
        guard let readySince, deletedAt == nil else { return false }
        return minReadySeconds.milliseconds == 0 || readySince + minReadySeconds <= now
    }

    public func label(_ key: String) -> String? {
        labels.first { $0.key == key }?.value
    }

    /// `controller.kubernetes.io/pod-deletion-cost` as an int32; 0 when absent or invalid.
    var deletionCost: Int32 {
        annotations.first { $0.key == PodDeletionOrder.deletionCostAnnotation }.flatMap { Int32($0.value) } ?? 0
    }

    /// `"Pod/<name>"`, the object name used in events.
    public var objectName: String { "Pod/" + name }
}

/// The ReplicaSet controller's order of deletion (`controller.ActivePodsWithRanks.Less`,
/// `pkg/controller/controller_utils.go`, as `getPodsToDelete` uses it): the pod that sorts first
/// is deleted first.
///
/// 1. unassigned < assigned (every simulated pod is assigned, so this never decides);
/// 2. Pending < Unknown < Running;
/// 3. not ready < ready;
/// 4. lower `controller.kubernetes.io/pod-deletion-cost` < higher (PodDeletionCost, on by default);
/// 5. more ready pods of the ReplicaSet on the same node first (one node here: never decides);
/// 6. ready for a shorter time < longer, compared on a log₂ scale of the time since (the
///    LogarithmicScaleDown feature, on by default: ⌊log₂(now − readyTime in ns)⌋, −1 for zero);
/// 7. more container restarts < fewer;
/// 8. newer < older creation time, on the same log₂ scale;
/// where a log₂ rank ties, the pod UID decides (a pseudo-random order, as upstream).
enum PodDeletionOrder {
    static let deletionCostAnnotation = "controller.kubernetes.io/pod-deletion-cost"

    static func deletedBefore(_ a: Pod, _ b: Pod, now: VirtualTime) -> Bool {
        if a.phase.deletionOrdinal != b.phase.deletionOrdinal { return a.phase.deletionOrdinal < b.phase.deletionOrdinal }
        if a.isReady != b.isReady { return !a.isReady }
        if a.deletionCost != b.deletionCost { return a.deletionCost < b.deletionCost }
        if let ra = a.readySince, let rb = b.readySince, ra != rb {
            let diff = logarithmicRank(ra, now: now) - logarithmicRank(rb, now: now)
            return diff == 0 ? a.uid < b.uid : diff < 0
        }
        if a.restartCount != b.restartCount { return a.restartCount > b.restartCount }
        if a.createdAt != b.createdAt {
            let diff = logarithmicRank(a.createdAt, now: now) - logarithmicRank(b.createdAt, now: now)
            return diff == 0 ? a.uid < b.uid : diff < 0
        }
        return a.uid < b.uid
    }

    /// `logarithmicRankDiff`'s rank: ⌊log₂ of the nanoseconds since `t`⌋, −1 when none passed.
    static func logarithmicRank(_ t: VirtualTime, now: VirtualTime) -> Int {
        let nanoseconds = Double(now.milliseconds - t.milliseconds) * 1_000_000
        return nanoseconds > 0 ? Int(log2(nanoseconds)) : -1
    }
}

/// Kubelet's restart back-off for a crashing container (`pkg/kubelet/kuberuntime` with
/// `flowcontrol.Backoff`: initial 10s, doubling per restart, capped at `MaxContainerBackOff` = 5m;
/// an entry not touched for 2 × max = 10 minutes has expired, so a container that ran 10 minutes
/// before crashing starts again from 10s).
enum CrashLoopBackOff {
    static let initial = SimDuration.seconds(10)
    static let maximum = SimDuration.minutes(5)
    static let resetAfter = SimDuration.minutes(10)

    /// The wait before the next restart when the current streak of quick crashes has already
    /// had `streak` restarts: 10s, 20s, 40s, 80s, 160s, then 5m.
    static func delay(streak: Int) -> SimDuration {
        var delay = initial
        var step = 0
        while step < streak && delay < maximum {
            delay = delay * 2
            step += 1
        }
        return min(delay, maximum)
    }
}
