// Building an AnalysisRun from a Rollout's analysis and the templates it names. This is the one
// place where the manifest models (AnalysisTemplate, RolloutAnalysis, Rollout) become a run.
// Argo: newAnalysisRunFromRollout and getAnalysisTemplatesFromRefs (rollout/analysis.go),
// NewAnalysisRunFromTemplates, FlattenTemplates and MergeArgs (utils/analysis/helpers.go),
// BuildArgumentsForRolloutAnalysisRun (utils/analysis/factory.go).

/// Why a run could not be built. Upstream the rollout reconcile returns this error and retries
/// with backoff: the rollout is neither aborted nor Degraded.
public struct AnalysisRunConstructionError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

/// Which of a rollout's analyses a run belongs to.
public enum AnalysisRunKind: Sendable, Equatable {
    case background
    case step(index: Int)
    case prePromotion
    case postPromotion

    /// The `rollout-type` label value.
    public var rolloutTypeLabel: String {
        switch self {
        case .background: return "Background"
        case .step: return "Step"
        case .prePromotion: return "PrePromotion"
        case .postPromotion: return "PostPromotion"
        }
    }

    /// The name suffix after `<rollout>-<podHash>-<revision>`.
    var nameInfix: String? {
        switch self {
        case .background: return nil
        case .step(let index): return String(index)
        case .prePromotion: return "pre"
        case .postPromotion: return "post"
        }
    }
}

extension AnalysisRun {
    /// The label carrying the new ReplicaSet's pod-template-hash.
    public static let podTemplateHashLabel = "rollouts-pod-template-hash"

    /// The run a rollout creates for one of its analyses.
    ///
    /// - Parameters:
    ///   - templates: every AnalysisTemplate and ClusterAnalysisTemplate available; refs resolve
    ///     against them (namespaced ones in the rollout's namespace).
    ///   - latestPodTemplateHash: the new (canary) ReplicaSet's hash, for `podTemplateHashValue: Latest`.
    ///   - stablePodTemplateHash: the stable ReplicaSet's hash, for `Stable`.
    ///   - revision: the rollout's `rollout.argoproj.io/revision`.
    public static func fromRollout(
        _ rollout: Rollout, analysis: RolloutAnalysis, kind: AnalysisRunKind, templates: [AnalysisTemplate],
        latestPodTemplateHash: String, stablePodTemplateHash: String, revision: Int
    ) throws(AnalysisRunConstructionError) -> AnalysisRun {
        let namespace = rollout.metadata.namespace
        let resolved = try resolveTemplateRefs(analysis.templates, namespace: namespace, available: templates, depth: 0)
        let unique = uniqueByName(resolved.namespaced) + uniqueByName(resolved.cluster)
        let args = try buildRolloutArguments(analysis.args, rollout: rollout,
                                             latest: latestPodTemplateHash, stable: stablePodTemplateHash)
        var nameParts = [rollout.metadata.name, latestPodTemplateHash, String(revision)]
        if let infix = kind.nameInfix { nameParts.append(infix) }

        var labels: [(key: String, value: String)] = [
            (Self.podTemplateHashLabel, latestPodTemplateHash), ("rollout-type", kind.rolloutTypeLabel),
        ]
        if case .step(let index) = kind { labels.append(("step-index", String(index))) }
        for entry in analysis.analysisRunMetadata?.labels.entries ?? [] { labels.setting(entry.key, entry.value) }
        for entry in rollout.spec.selector?.matchLabels.entries ?? [] { labels.setting(entry.key, entry.value) }
        var annotations: [(key: String, value: String)] = [("rollout.argoproj.io/revision", String(revision))]
        for entry in analysis.analysisRunMetadata?.annotations.entries ?? [] { annotations.setting(entry.key, entry.value) }

        var run = try fromTemplates(unique, args: args, dryRun: analysis.dryRun,
                                    measurementRetention: analysis.measurementRetention,
                                    name: nameParts.joined(separator: "-"), namespace: namespace)
        run.kind = kind
        run.labels = labels.sorted { $0.key < $1.key }
        run.annotations = annotations.sorted { $0.key < $1.key }
        return run
    }

    /// Argo: `NewAnalysisRunFromTemplates`. `templates` are in flattening order: namespaced
    /// templates first, then cluster templates. `args` are the rollout's (or caller's) args, which
    /// override template args of the same name; args no template declares are dropped.
    public static func fromTemplates(
        _ templates: [AnalysisTemplate], args: [AnalysisRunArgument], dryRun: [DryRunRule] = [],
        measurementRetention: [MeasurementRetentionRule] = [], name: String, namespace: String
    ) throws(AnalysisRunConstructionError) -> AnalysisRun {
        let ordered = templates.filter { !$0.isClusterScoped } + templates.filter(\.isClusterScoped)
        // Argo: flattenMetrics — duplicate metric names across templates are an error.
        var metrics: [Metric] = []
        var metricNames: Set<String> = []
        for template in ordered {
            for metric in template.spec.metrics {
                guard metricNames.insert(metric.name).inserted else {
                    throw AnalysisRunConstructionError(message: "two metrics have the same name '\(metric.name)'")
                }
                metrics.append(metric)
            }
        }
        let templateDryRun = ordered.flatMap(\.spec.dryRun)
        try checkUnique(templateDryRun.map(\.metricName), what: "Dry-Run")
        let templateRetention = ordered.flatMap(\.spec.measurementRetention)
        try checkUnique(templateRetention.map(\.metricName), what: "Measurement Retention")
        let templateArgs = try flattenArgs(ordered)
        let mergedArgs = try mergeArgs(incoming: args, templateArgs: templateArgs)
        let mergedDryRun = dryRun + templateDryRun
        try checkUnique(mergedDryRun.map(\.metricName), what: "Dry-Run")
        let mergedRetention = measurementRetention + templateRetention
        try checkUnique(mergedRetention.map(\.metricName), what: "Measurement Retention")
        var run = AnalysisRun(name: name, namespace: namespace,
                              spec: AnalysisRunSpec(metrics: metrics, args: mergedArgs, dryRun: mergedDryRun,
                                                    measurementRetention: mergedRetention))
        run.templateNames = ordered.map(\.metadata.name)
        return run
    }

    // MARK: - templates

    private static func resolveTemplateRefs(_ refs: [AnalysisTemplateRef], namespace: String, available: [AnalysisTemplate],
                                            depth: Int) throws(AnalysisRunConstructionError)
        -> (namespaced: [AnalysisTemplate], cluster: [AnalysisTemplate]) {
        // Upstream recurses without a guard; a cycle would never end. We stop and say so.
        guard depth < 32 else {
            throw AnalysisRunConstructionError(message: "analysis template references nest deeper than 32 levels (a cycle?)")
        }
        var namespaced: [AnalysisTemplate] = []
        var cluster: [AnalysisTemplate] = []
        for ref in refs {
            let template: AnalysisTemplate?
            if ref.clusterScope {
                template = available.first { $0.isClusterScoped && $0.metadata.name == ref.templateName }
            } else {
                template = available.first {
                    !$0.isClusterScoped && $0.metadata.name == ref.templateName && $0.metadata.namespace == namespace
                }
            }
            guard let template else {
                let resource = ref.clusterScope ? "clusteranalysistemplate" : "analysistemplate"
                throw AnalysisRunConstructionError(message: "\(resource).argoproj.io \"\(ref.templateName)\" not found")
            }
            if ref.clusterScope { cluster.append(template) } else { namespaced.append(template) }
            if !template.spec.templates.isEmpty {
                let inner = try resolveTemplateRefs(template.spec.templates, namespace: namespace, available: available,
                                                    depth: depth + 1)
                cluster += inner.cluster
                namespaced += inner.namespaced
            }
        }
        return (namespaced, cluster)
    }

    /// Argo: `FilterUniqueTemplates`: the first template of each name.
    private static func uniqueByName(_ templates: [AnalysisTemplate]) -> [AnalysisTemplate] {
        var seen: Set<String> = []
        return templates.filter { seen.insert($0.metadata.name).inserted }
    }

    private static func checkUnique(_ names: [String], what: String) throws(AnalysisRunConstructionError) {
        var seen: Set<String> = []
        for name in names where !seen.insert(name).inserted {
            throw AnalysisRunConstructionError(message: "two \(what) metric rules have the same name '\(name)'")
        }
    }

    // MARK: - args

    /// Argo: `flattenArgs`: args merged by name; two different literal values is an error, and a
    /// value wins over no value.
    static func flattenArgs(_ templates: [AnalysisTemplate]) throws(AnalysisRunConstructionError) -> [AnalysisRunArgument] {
        var combined: [AnalysisRunArgument] = []
        for template in templates {
            for templateArg in template.spec.args {
                let argument = AnalysisRunArgument(templateArg)
                guard let index = combined.firstIndex(where: { $0.name == argument.name }) else {
                    combined.append(argument)
                    continue
                }
                let previous = combined[index]
                if let old = previous.value, let new = argument.value, old != new {
                    throw AnalysisRunConstructionError(
                        message: "Argument `\(previous.name)` specified multiple times with different values: '\(old)', '\(new)'")
                }
                if previous.value == nil { combined[index] = argument }
            }
        }
        return combined
    }

    /// Argo: `MergeArgs`: incoming values (or valueFroms) replace the template's; then every
    /// argument must have a value or a valueFrom.
    static func mergeArgs(incoming: [AnalysisRunArgument], templateArgs: [AnalysisRunArgument])
        throws(AnalysisRunConstructionError) -> [AnalysisRunArgument] {
        var merged = templateArgs
        for argument in incoming {
            guard let index = merged.firstIndex(where: { $0.name == argument.name }) else { continue }
            if let value = argument.value {
                merged[index].value = value
            } else if argument.secretKeyRef != nil || argument.fieldRef != nil {
                merged[index].secretKeyRef = argument.secretKeyRef
                merged[index].fieldRef = argument.fieldRef
            }
        }
        if let unresolved = merged.first(where: { !$0.isResolved }) {
            throw AnalysisRunConstructionError(message: "args.\(unresolved.name) was not resolved")
        }
        return merged
    }

    /// Argo: `BuildArgumentsForRolloutAnalysisRun`. Every rollout arg becomes a value.
    static func buildRolloutArguments(_ args: [RolloutAnalysisArgument], rollout: Rollout, latest: String, stable: String)
        throws(AnalysisRunConstructionError) -> [AnalysisRunArgument] {
        var built: [AnalysisRunArgument] = []
        for argument in args {
            let value: String
            switch argument.source {
            case .value(let text): value = text
            case .unset: value = ""
            case .podTemplateHash(.latest): value = latest
            case .podTemplateHash(.stable): value = stable
            case .fieldRef(let path):
                value = try RolloutFieldPath.value(path, of: rollout)
            }
            built.append(AnalysisRunArgument(name: argument.name, value: value))
        }
        return built
    }
}

extension AnalysisRunArgument {
    /// A template's argument as the run carries it.
    init(_ templateArgument: AnalysisArgument) {
        switch templateArgument.source {
        case .value(let value): self.init(name: templateArgument.name, value: value)
        case .secretKeyRef(let name, let key):
            self.init(name: templateArgument.name, secretKeyRef: SecretKeyRef(name: name, key: key))
        case .fieldRef(let path): self.init(name: templateArgument.name, fieldRef: path)
        case .unset: self.init(name: templateArgument.name)
        }
    }
}

extension Array where Element == (key: String, value: String) {
    /// Sets `key` (replacing an existing entry), as a Go map assignment does.
    fileprivate mutating func setting(_ key: String, _ value: String) {
        if let index = firstIndex(where: { $0.key == key }) {
            self[index] = (key, value)
        } else {
            append((key, value))
        }
    }
}
