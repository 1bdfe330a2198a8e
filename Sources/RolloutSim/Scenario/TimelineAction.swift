/// An operator action at a virtual time, like a `kubectl argo rollouts` command (CONTRACT.md §1).
public struct TimelineAction: Sendable {
    public var at: SimDuration
    public var action: Kind
    public var location: SourceLocation

    public enum Kind: Sendable {
        case setImage(rollout: RolloutReference, container: String?, image: String)
        /// `promote`, or `promote --full` when `full`.
        case promote(rollout: RolloutReference, full: Bool)
        case abort(rollout: RolloutReference)
        case retry(rollout: RolloutReference)
        case pause(rollout: RolloutReference)
        /// `undo`, to the previous revision or to `toRevision`.
        case undo(rollout: RolloutReference, toRevision: Int?)
        /// A changed manifest file, as GitOps would apply it.
        case apply(file: PathReference)
        /// A change of an image's behaviour (an incident); nil fields keep their value.
        case setVersion(VersionChange)
        case setTraffic(LoadCurve)
    }

    /// The name of the action as written in the file.
    public var verb: String {
        switch action {
        case .setImage: return "setImage"
        case .promote: return "promote"
        case .abort: return "abort"
        case .retry: return "retry"
        case .pause: return "pause"
        case .undo: return "undo"
        case .apply: return "apply"
        case .setVersion: return "setVersion"
        case .setTraffic: return "setTraffic"
        }
    }

    /// The rollout the action names, if it names one.
    public var rollout: RolloutReference? {
        switch action {
        case .setImage(let r, _, _), .promote(let r, _), .abort(let r), .retry(let r), .pause(let r), .undo(let r, _):
            return r
        case .apply, .setVersion, .setTraffic:
            return nil
        }
    }

    static let verbs = ["setImage", "promote", "abort", "retry", "pause", "undo", "apply", "setVersion", "setTraffic"]
}

/// A rollout named in a scenario: `name` or `namespace/name`.
public struct RolloutReference: Sendable, Hashable {
    public var namespace: String?
    public var name: String
    public var location: SourceLocation

    init(parsing text: String, location: SourceLocation) {
        let parts = text.split(separator: "/", maxSplits: 1).map(String.init)
        if parts.count == 2 {
            namespace = parts[0]
            name = parts[1]
        } else {
            namespace = nil
            name = text
        }
        self.location = location
    }

    public var description: String { namespace.map { "\($0)/\(name)" } ?? name }
}

public struct VersionChange: Sendable, Hashable {
    public var image: String
    public var errorRate: Double?
    public var latency: LatencyQuantiles?
    public var capacityRps: Double?
    public var readiness: Readiness?
}
