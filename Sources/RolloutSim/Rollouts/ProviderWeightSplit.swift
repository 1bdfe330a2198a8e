/// How Argo's own router code turns one integer `desiredWeight` into each provider's weights
/// (reference §5.2). Argo does no rounding of its own: every weight is an integer, and each
/// provider's stable side is the remainder of the total.
public enum ProviderWeightSplit {
    /// The stable destination's weight in an Istio route: 100 − canary − Σ experiment
    /// destinations − Σ weights of `additionalSubsetNames` destinations, clamped at 0 (Istio refuses
    /// negative weights). Istio's total is always 100. Argo: processRoutes
    /// (rollout/trafficrouting/istio/istio.go).
    public static func istioStableWeight(canaryWeight: Int, experimentWeights: [Int] = [], additionalSubsetWeights: [Int] = []) -> Int {
        let remainder = 100 - canaryWeight - experimentWeights.reduce(0, +) - additionalSubsetWeights.reduce(0, +)
        return max(0, remainder)
    }

    /// The stable backend's weight in an SMI TrafficSplit or an ALB forward action:
    /// 100 − canary − Σ experiment weights, not clamped. Argo: smi.go, alb.go getForwardActionString.
    public static func smiStableWeight(canaryWeight: Int, experimentWeights: [Int] = []) -> Int {
        100 - canaryWeight - experimentWeights.reduce(0, +)
    }

    /// The weight annotations of the NGINX canary Ingress, in the order upstream sets them:
    /// `<prefix>/canary-weight` as a decimal integer and, only when `maxTrafficWeight` is set,
    /// `<prefix>/canary-weight-total`. Argo: buildCanaryIngress (rollout/trafficrouting/nginx/nginx.go).
    public static func nginxWeightAnnotations(
        canaryWeight: Int, maxTrafficWeight: Int?, annotationPrefix: String? = nil
    ) -> [(key: String, value: String)] {
        // An empty prefix counts as unset (GetCanaryIngressAnnotationPrefixOrDefault).
        let prefix = annotationPrefix.flatMap { $0.isEmpty ? nil : $0 } ?? "nginx.ingress.kubernetes.io"
        var annotations = [(key: "\(prefix)/canary", value: "true"), (key: "\(prefix)/canary-weight", value: String(canaryWeight))]
        if let maxTrafficWeight {
            annotations.append((key: "\(prefix)/canary-weight-total", value: String(maxTrafficWeight)))
        }
        return annotations
    }
}
