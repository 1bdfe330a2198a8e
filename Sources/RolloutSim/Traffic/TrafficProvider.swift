/// How a rollout's traffic reaches its pods (`spec.strategy.canary.trafficRouting`), with the names
/// the controller resolved from the manifests.
public enum TrafficProvider: Sendable, Hashable {
    /// No traffic routing: requests spread evenly over the ready endpoints of `service` (the
    /// Service users call), so the canary's share is its share of those endpoints (reference §5.3).
    case none(service: String)
    /// ingress-nginx: the canary Ingress' `canary-weight` out of `canary-weight-total`
    /// (`maxTrafficWeight`, default 100).
    case nginx(stableService: String, canaryService: String, weightTotal: Int)
    /// Istio host-level split: the VirtualService route's destinations canaryService = w,
    /// stableService = 100 − w.
    case istio(stableService: String, canaryService: String)
    /// Istio subset-level split: one host `service`, DestinationRule subsets selected by
    /// `rollouts-pod-template-hash` (set with `World.setDestinationRuleSubsets`).
    case istioSubsets(service: String)
    /// SMI TrafficSplit backends canaryService = w, stableService = 100 − w.
    case smi(stableService: String, canaryService: String)

    /// The total the weights are out of: `maxTrafficWeight` for NGINX, 100 otherwise.
    public var weightTotal: Int {
        switch self {
        case .nginx(_, _, let total): return total
        case .none, .istio, .istioSubsets, .smi: return 100
        }
    }

    /// `rollout_info`'s `traffic_router` label value (reference §13.1).
    public var routerName: String {
        switch self {
        case .none: return ""
        case .nginx: return "Nginx"
        case .istio, .istioSubsets: return "Istio"
        case .smi: return "SMI"
        }
    }
}

/// The canary weight as the controller wanted it and as the provider holds it.
public struct RouterWeights: Sendable, Hashable {
    /// What the controller asked for (`status.canary.weights.canary.weight`'s source).
    public var desiredWeight: Int
    /// What the provider holds after its own integer encoding and the scenario's `weightStep`.
    public var routerWeight: Int
    /// What the weights are out of.
    public var weightTotal: Int
    /// The provider's own spelling, for reports: `canary-weight: "5"`, `route: stable=95 canary=5`.
    public var encoding: String

    /// The share of requests the router intends for the canary.
    public var intendedCanaryShare: Double {
        weightTotal > 0 ? Double(routerWeight) / Double(weightTotal) : 0
    }
}

/// The provider granularity model: a router that only honours weights in steps of `weightStep`.
///
/// Argo has no such setting; it models providers whose weights are coarser than 1 %. The rule:
/// 0 and the total stay exact; any other weight goes to the nearest multiple of the step, halves
/// rounding up, then is clamped into [step, the largest multiple of the step below the total], so
/// rounding never switches the canary fully off or fully on (a desired 1 with step 5 routes 5;
/// 98 routes 95). A step of 1, or one that leaves no multiple strictly between 0 and the total,
/// changes nothing.
public enum WeightStep {
    public static func round(_ weight: Int, step: Int, total: Int) -> Int {
        let clamped = min(max(weight, 0), total)
        guard step > 1, clamped > 0, clamped < total else { return clamped }
        let largestBelowTotal = ((total - 1) / step) * step
        guard largestBelowTotal >= step else { return clamped }
        // Integer weights: with an odd step there is no exact half; with an even one w + step/2
        // reaching the next multiple rounds the half up.
        let nearest = ((clamped + step / 2) / step) * step
        return min(max(nearest, step), largestBelowTotal)
    }

    /// Encodes a desired canary weight the way `provider` does (reference §5.2), then applies the
    /// granularity `step`.
    public static func encode(desired: Int, provider: TrafficProvider, step: Int) -> RouterWeights {
        let total = provider.weightTotal
        let weight = round(desired, step: step, total: total)
        let encoding: String
        switch provider {
        case .none:
            encoding = "no router (replica ratio)"
        case .nginx(_, _, let total):
            encoding = "canary-weight: \"\(weight)\"" + (total != 100 ? ", canary-weight-total: \"\(total)\"" : "")
        case .istio(let stable, let canary):
            encoding = "route: \(stable)=\(max(0, 100 - weight)) \(canary)=\(weight)"
        case .istioSubsets:
            encoding = "route: stable=\(max(0, 100 - weight)) canary=\(weight)"
        case .smi(let stable, let canary):
            encoding = "backends: \(stable)=\(max(0, 100 - weight)) \(canary)=\(weight)"
        }
        return RouterWeights(desiredWeight: desired, routerWeight: weight, weightTotal: total, encoding: encoding)
    }
}
