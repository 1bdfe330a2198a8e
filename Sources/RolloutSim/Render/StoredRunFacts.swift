import Foundation

/// What the run summary (`StoredRun.summaryJSON`) says about each rollout beyond the stored
/// timelines: abort time, served requests, the plugin's step and weight at the end.
public struct StoredRolloutFacts: Sendable, Equatable {
    public var name: String
    public var namespace: String
    public var aborted = false
    public var abortedAt: VirtualTime?
    public var currentStepIndex: Int?
    public var stepCount = 0
    public var setWeight = 0
    public var actualWeight = 0
    public var isBlueGreen = false
    /// Blue-green: the active and preview Services' selector histories, `(t, podTemplateHash)`.
    public var activeSelector: [(t: VirtualTime, hash: String)] = []
    public var previewSelector: [(t: VirtualTime, hash: String)] = []
    public var requests = (stable: Int64(0), canary: Int64(0))
    public var errors = (stable: Int64(0), canary: Int64(0))

    public static func == (a: StoredRolloutFacts, b: StoredRolloutFacts) -> Bool {
        a.name == b.name && a.namespace == b.namespace && a.aborted == b.aborted && a.abortedAt == b.abortedAt
            && a.currentStepIndex == b.currentStepIndex && a.stepCount == b.stepCount && a.setWeight == b.setWeight
            && a.actualWeight == b.actualWeight && a.isBlueGreen == b.isBlueGreen && a.requests == b.requests && a.errors == b.errors
            && a.activeSelector.elementsEqual(b.activeSelector) { $0 == $1 } && a.previewSelector.elementsEqual(b.previewSelector) { $0 == $1 }
    }

    /// The facts of every rollout in a stored summary, in summary order; empty when the JSON is unreadable.
    public static func parse(_ summaryJSON: String) -> [StoredRolloutFacts] {
        guard let object = try? JSONSerialization.jsonObject(with: Data(summaryJSON.utf8)) as? [String: Any],
              let rollouts = object["rollouts"] as? [[String: Any]] else { return [] }
        func int(_ any: Any?) -> Int64? { (any as? NSNumber).map { $0.int64Value } }
        return rollouts.map { r in
            var facts = StoredRolloutFacts(name: r["name"] as? String ?? "", namespace: r["namespace"] as? String ?? "")
            facts.aborted = r["aborted"] as? Bool ?? false
            facts.abortedAt = int(r["abortedAt"]).map { VirtualTime(milliseconds: $0) }
            facts.currentStepIndex = int(r["currentStepIndex"]).map { Int($0) }
            facts.stepCount = Int(int(r["stepCount"]) ?? 0)
            facts.setWeight = Int(int(r["setWeight"]) ?? 0)
            facts.actualWeight = Int(int(r["actualWeight"]) ?? 0)
            facts.isBlueGreen = r["activeSelector"] != nil
            func selectors(_ key: String) -> [(t: VirtualTime, hash: String)] {
                (r[key] as? [[String: Any]] ?? []).compactMap { point in
                    guard let t = int(point["t"]), let hash = point["podTemplateHash"] as? String else { return nil }
                    return (VirtualTime(milliseconds: t), hash)
                }
            }
            facts.activeSelector = selectors("activeSelector")
            facts.previewSelector = selectors("previewSelector")
            let requests = r["requests"] as? [String: Any] ?? [:]
            let errors = r["errors"] as? [String: Any] ?? [:]
            facts.requests = (int(requests["stable"]) ?? 0, int(requests["canary"]) ?? 0)
            facts.errors = (int(errors["stable"]) ?? 0, int(errors["canary"]) ?? 0)
            return facts
        }
    }

    /// The facts for a stored rollout, or empty facts when the summary lacks it.
    public static func find(_ rollout: StoredRollout, in all: [StoredRolloutFacts]) -> StoredRolloutFacts {
        all.first { $0.name == rollout.name && $0.namespace == rollout.namespace }
            ?? StoredRolloutFacts(name: rollout.name, namespace: rollout.namespace)
    }
}

extension StoredRollout {
    /// The plugin's tags of each ReplicaSet at `t`, by pod-template hash. Roles are stored as they
    /// were at the end; before then they are rebuilt: for blue-green from the Services' selector
    /// histories, for canary from the promotion time (before it, the revision promoted later was
    /// the canary and the newest older revision still running was stable).
    public func tags(at t: VirtualTime, facts: StoredRolloutFacts, end: VirtualTime) -> [String: [String]] {
        var tags: [String: [String]] = [:]
        if facts.isBlueGreen {
            let active = facts.activeSelector.last { $0.t <= t }?.hash
            let preview = facts.previewSelector.last { $0.t <= t }?.hash
            for rs in replicaSets {
                var list: [String] = []
                if rs.podTemplateHash == active { list += ["stable", "active"] } else if rs.podTemplateHash == preview { list.append("preview") }
                tags[rs.podTemplateHash] = list
            }
            return tags
        }
        for rs in replicaSets where rs.role == "stable" || rs.role == "canary" { tags[rs.podTemplateHash] = [rs.role] }
        guard t < end, let promoted = promotedAt, t < promoted,
              let stable = replicaSets.first(where: { $0.role == "stable" }) else { return tags }
        let running = { (rs: StoredReplicaSet) in (rs.history.last { $0.t <= t }?.replicas ?? 0) > 0 }
        guard let previous = replicaSets.filter({ $0.revision < stable.revision && running($0) }).max(by: { $0.revision < $1.revision })
        else { return tags }
        tags[stable.podTemplateHash] = ["canary"]
        tags[previous.podTemplateHash] = ["stable"]
        return tags
    }

    /// The phase (and its message) in force at `t`.
    public func phase(at t: VirtualTime) -> StoredPhase? { phases.last { $0.t <= t } ?? phases.first }

    /// When the rollout last became Healthy after being something else (a promotion), if it did.
    public var promotedAt: VirtualTime? {
        guard phases.last?.phase == RolloutPhase.healthy.rawValue else { return nil }
        guard let index = phases.lastIndex(where: { $0.phase != RolloutPhase.healthy.rawValue }) else { return nil }
        return phases[phases.index(after: index)].t
    }

    /// Whether a traffic router carried the weights (router weights were set).
    func isTrafficRouted() -> Bool { weights.contains { $0.routerWeight != 0 } }
}
