/// Analysis references of a Rollout. Argo: getReferencedRolloutAnalyses (rollout/controller.go)
/// resolves every template (a missing one is InvalidSpec), then ValidateAnalysisTemplatesWithType
/// (validation_references.go) builds the run as the controller would (NewAnalysisRunFromTemplates)
/// and, for step, pre- and post-promotion analysis, refuses metrics that never end.
extension RolloutValidation {
    enum AnalysisKind {
        case prePromotion, postPromotion, inline(step: Int), background
    }

    func validateAnalysisReferences() {
        var blocks: [(AnalysisKind, String, RolloutAnalysis)] = []
        if let blueGreen = spec.strategy.blueGreen {
            if let pre = blueGreen.prePromotionAnalysis { blocks.append((.prePromotion, "spec.strategy.blueGreen.prePromotionAnalysis.templates", pre)) }
            if let post = blueGreen.postPromotionAnalysis { blocks.append((.postPromotion, "spec.strategy.blueGreen.postPromotionAnalysis.templates", post)) }
        } else if let canary = spec.strategy.canary {
            if let background = canary.analysis { blocks.append((.background, "spec.strategy.canary.analysis.templates", background)) }
            for step in canary.steps {
                if let analysis = step.analysis { blocks.append((.inline(step: step.index), "spec.strategy.canary.steps[\(step.index)].analysis.templates", analysis)) }
            }
        }
        for (kind, path, analysis) in blocks {
            validateAnalysis(analysis, kind: kind, path: path)
        }
    }

    /// The templates a block refers to, nested references included, each once; nil when one is missing
    /// (reported). Namespaced templates come before cluster templates, as the run lists their metrics.
    func resolveTemplates(_ refs: [AnalysisTemplateRef], path: String) -> [AnalysisTemplate]? {
        var namespaced: [AnalysisTemplate] = [], cluster: [AnalysisTemplate] = []
        var visited: Set<String> = []
        var missing = false
        func visit(_ ref: AnalysisTemplateRef) {
            let key = "\(ref.clusterScope)|\(ref.templateName)"
            guard visited.insert(key).inserted else { return }
            if ref.clusterScope {
                guard let template = set.clusterAnalysisTemplate(named: ref.templateName) else {
                    errors.invalid(path, .string(ref.templateName), "ClusterAnalysisTemplate '\(ref.templateName)' not found", at: ref.location,
                                   expected: "a ClusterAnalysisTemplate manifest named \(ref.templateName)")
                    missing = true
                    return
                }
                cluster.append(template)
                template.spec.templates.forEach(visit)
            } else {
                guard let template = set.analysisTemplate(named: ref.templateName, namespace: namespace) else {
                    let hint = set.clusterAnalysisTemplate(named: ref.templateName) != nil ? "; a ClusterAnalysisTemplate of that name exists (clusterScope: true)" : ""
                    errors.invalid(path, .string(ref.templateName), "AnalysisTemplate '\(ref.templateName)' not found", at: ref.location,
                                   expected: "an AnalysisTemplate manifest named \(ref.templateName) in namespace \(namespace)\(hint)")
                    missing = true
                    return
                }
                namespaced.append(template)
                template.spec.templates.forEach(visit)
            }
        }
        refs.forEach(visit)
        return missing ? nil : namespaced + cluster
    }

    func validateAnalysis(_ analysis: RolloutAnalysis, kind: AnalysisKind, path: String) {
        guard let templates = resolveTemplates(analysis.templates, path: path) else { return }
        let location = analysis.locations["templates"]
        let value = FieldValue.string("templateNames: [\(analysis.templates.map(\.templateName).joined(separator: " "))]")
        if let problem = buildRunProblem(templates: templates, rolloutArgs: analysis.args, analysis: analysis) {
            errors.invalid(path, value, problem, at: location)
            return
        }
        // The run is created; the analysis controller then checks the metrics (reported per
        // template), then the dryRun and measurementRetention rules of the whole run.
        let metricsValid = templates.allSatisfy { template in
            let values = ArgumentValues(template.spec.args)
            return template.spec.metrics.allSatisfy { AnalysisTemplateValidation.metricProblem($0, values: values) == nil }
        }
        if metricsValid, let problem = runRuleProblem(templates: templates, analysis: analysis) {
            sink.error(problem.location, "Rollout \(rollout.metadata.name): \(path): the AnalysisRun ends in Error: \(problem.message)",
                       expected: "a metric name or Go regular expression matching one of: \(templates.flatMap(\.spec.metrics).map(\.name).joined(separator: ", "))")
        }
        if case .background = kind { return }
        for template in templates {
            let values = ArgumentValues(template.spec.args)
            for metric in template.spec.metrics {
                var resolved = metric
                resolved.count = metric.count.map { values.resolve($0) }
                resolved.interval = metric.interval.map { values.resolve($0) }
                if resolved.effectiveCount == nil {
                    let count = metric.count.map { values.resolve($0).description } ?? "<nil>"
                    errors.invalid(path, .string(template.metadata.name),
                                   "AnalysisTemplate \(template.metadata.name) has metric \(metric.name) which runs indefinitely. Invalid value for count: \(count)",
                                   at: location, expected: "a count on metric \(metric.name) (\(metric.locations.object)); only background analysis may run until promotion")
                }
            }
        }
    }

    /// Argo: NewAnalysisRunFromTemplates with the rollout's arguments, in its order: flattening
    /// (duplicate metric names, duplicate dryRun/retention rules among the templates, conflicting
    /// argument values), merging the rollout's arguments (an argument still without value is
    /// refused), then the rollout's dryRun/retention rules joined to the templates'.
    func buildRunProblem(templates: [AnalysisTemplate], rolloutArgs: [RolloutAnalysisArgument], analysis: RolloutAnalysis) -> String? {
        var metricNames: Set<String> = []
        for template in templates {
            for metric in template.spec.metrics where !metricNames.insert(metric.name).inserted {
                return "two metrics have the same name '\(metric.name)'"
            }
        }
        if let name = Self.firstDuplicate(templates.flatMap(\.spec.dryRun).map(\.metricName)) {
            return "two Dry-Run metric rules have the same name '\(name)'"
        }
        if let name = Self.firstDuplicate(templates.flatMap(\.spec.measurementRetention).map(\.metricName)) {
            return "two Measurement Retention metric rules have the same name '\(name)'"
        }
        // Argo: flattenArgs. Template arguments merged by name: two different values conflict, and
        // a later argument replaces an earlier one that has no `value` (whether it was unset or a
        // valueFrom), so a secretKeyRef followed by a bare declaration leaves the argument unset.
        var merged: [(name: String, source: AnalysisArgument.Source)] = []
        for template in templates {
            for arg in template.spec.args {
                if let index = merged.firstIndex(where: { $0.name == arg.name }) {
                    if case .value(let previous) = merged[index].source {
                        if case .value(let new) = arg.source, previous != new {
                            return "Argument `\(arg.name)` specified multiple times with different values: '\(previous)', '\(new)'"
                        }
                    } else {
                        merged[index].source = arg.source
                    }
                } else {
                    merged.append((arg.name, arg.source))
                }
            }
        }
        // Argo: MergeArgs. Every rollout argument supplies a value (a literal, a pod-template hash,
        // a field), and only to an argument the templates declare.
        let supplied = Set(rolloutArgs.map(\.name))
        for arg in merged where arg.source == .unset && !supplied.contains(arg.name) {
            return "args.\(arg.name) was not resolved"
        }
        if let name = Self.firstDuplicate((analysis.dryRun + templates.flatMap(\.spec.dryRun)).map(\.metricName)) {
            return "two Dry-Run metric rules have the same name '\(name)'"
        }
        if let name = Self.firstDuplicate((analysis.measurementRetention + templates.flatMap(\.spec.measurementRetention)).map(\.metricName)) {
            return "two Measurement Retention metric rules have the same name '\(name)'"
        }
        return nil
    }

    static func firstDuplicate(_ names: [String]) -> String? {
        var seen: Set<String> = []
        return names.first { !seen.insert($0).inserted }
    }

    /// Argo: GetDryRunMetrics then GetMeasurementRetentionMetrics, run by the analysis controller
    /// (analysis/analysis.go) on the run's merged rules (the rollout's, then each template's) against
    /// the metrics of all its templates. A rule is a Go regular expression searched in each metric
    /// name; one that matches no metric (an invalid expression such as "*" matches nothing) puts
    /// the run in phase Error before any measurement. Only the first failing rule is reported.
    func runRuleProblem(templates: [AnalysisTemplate], analysis: RolloutAnalysis) -> (message: String, location: SourceLocation)? {
        let names = templates.flatMap(\.spec.metrics).map(\.name)
        let dryRun = (analysis.dryRun + templates.flatMap(\.spec.dryRun)).map { ($0.metricName, $0.location) }
        let retention = (analysis.measurementRetention + templates.flatMap(\.spec.measurementRetention)).map { ($0.metricName, $0.location) }
        for (kind, rules) in [("dryRun", dryRun), ("measurementRetention", retention)] {
            for (index, rule) in rules.enumerated() where !GoRegexp.matchesAny(pattern: rule.0, in: names) {
                return ("Analysis spec invalid: \(kind)[\(index)]: Rule didn't match any metric name(s)", rule.1)
            }
        }
        return nil
    }
}
