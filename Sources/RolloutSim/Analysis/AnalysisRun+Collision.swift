// Name collisions when a rollout creates a run. Argo: CreateWithCollisionCounter and
// IsSemanticallyEqual (utils/analysis/helpers.go).

extension AnalysisRun {
    /// What creating `self` among `existing` runs gives: the run under a free name (`<name>`,
    /// `<name>.1`, `<name>.2`, …), or an existing run of that name that is still running and
    /// semantically equal, which upstream adopts (it was created by a pass that read a stale cache).
    ///
    /// Upstream also requires the existing run to be owned by the same rollout; runs here are
    /// named after their rollout, so a collision is always with our own run.
    public func creatingAmong(_ existing: [AnalysisRun]) -> (run: AnalysisRun, adopted: Bool) {
        var candidate = self
        var collisionCount = 1
        while let clash = existing.first(where: { $0.name == candidate.name && $0.namespace == candidate.namespace }) {
            if !clash.status.phase.isCompleted && clash.isSemanticallyEqual(to: self) {
                return (clash, true)
            }
            candidate.name = "\(name).\(collisionCount)"
            collisionCount += 1
        }
        return (candidate, false)
    }

    /// Argo: `IsSemanticallyEqual`: metrics, args, dryRun and measurementRetention compared.
    public func isSemanticallyEqual(to other: AnalysisRun) -> Bool {
        spec.canonicalText == other.spec.canonicalText
    }
}

extension AnalysisRunSpec {
    /// A text that is equal for two specs exactly when upstream's JSON encodings of
    /// {metrics, dryRun, measurementRetention, args} are (source locations left out).
    var canonicalText: String {
        var text = ""
        for metric in metrics { text += metric.canonicalText + "\n" }
        for rule in dryRun { text += "dryRun:\(rule.metricName)\n" }
        for rule in measurementRetention { text += "retention:\(rule.metricName)=\(rule.limit)\n" }
        for argument in args {
            text += "arg:\(argument.name)=\(argument.value.map { "v:" + $0 } ?? "-")"
            if let ref = argument.secretKeyRef { text += ",secret:\(ref.name)/\(ref.key)" }
            if let path = argument.fieldRef { text += ",field:\(path)" }
            text += "\n"
        }
        return text
    }
}

extension Metric {
    var canonicalText: String {
        func field(_ name: String, _ value: String?) -> String { value.map { "\(name)=\($0);" } ?? "" }
        func field(_ name: String, _ value: IntOrString?) -> String {
            switch value {
            case .int(let number)?: return "\(name)=i\(number);"
            case .string(let text)?: return "\(name)=s\(text);"
            case nil: return ""
            }
        }
        var text = field("name", name) + field("interval", interval) + field("initialDelay", initialDelay)
            + field("count", count) + field("successCondition", successCondition) + field("failureCondition", failureCondition)
            + field("failureLimit", failureLimit) + field("inconclusiveLimit", inconclusiveLimit)
            + field("consecutiveErrorLimit", consecutiveErrorLimit) + field("consecutiveSuccessLimit", consecutiveSuccessLimit)
        if let prometheus = provider.prometheus {
            text += "prometheus{" + field("address", prometheus.address) + field("query", prometheus.query)
                + field("timeout", prometheus.timeout.map(String.init)) + field("insecure", String(prometheus.insecure))
                + prometheus.headers.map { "h:\($0.key)=\($0.value);" }.joined()
                + field("auth", prometheus.authentication?.canonicalText)
                + field("range", prometheus.rangeQuery.map { "\($0.start ?? "")|\($0.end ?? "")|\($0.step ?? "")" }) + "}"
        }
        if let web = provider.web {
            text += "web{" + field("url", web.url) + field("method", web.method) + field("body", web.body)
                + field("jsonBody", web.jsonBody?.canonicalText) + field("jsonPath", web.jsonPath)
                + field("timeout", web.timeoutSeconds.map(String.init)) + field("insecure", String(web.insecure))
                + web.headers.map { "h:\($0.key)=\($0.value);" }.joined() + field("auth", web.authentication?.canonicalText) + "}"
        }
        if let job = provider.job {
            text += "job{" + field("metadata", job.metadata?.canonicalText) + field("spec", job.spec?.canonicalText) + "}"
        }
        for other in provider.others + provider.plugins { text += "\(other.name){\(other.node.canonicalText)}" }
        return text
    }
}

extension YAMLNode {
    /// The node's content without source locations.
    var canonicalText: String {
        switch content {
        case .scalar(let text, let quoted): return quoted ? "\"\(text)\"" : text
        case .sequence(let items): return "[" + items.map(\.canonicalText).joined(separator: ",") + "]"
        case .mapping(let pairs): return "{" + pairs.map { "\($0.key):\($0.value.canonicalText)" }.joined(separator: ",") + "}"
        }
    }
}
