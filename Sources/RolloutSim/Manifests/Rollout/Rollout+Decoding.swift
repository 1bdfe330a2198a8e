/// Decoding of a Rollout document through `FieldReader`: every field with its Go type, unknown
/// fields reported as warnings (as `kubectl apply` does), wrong types as errors at their position.
extension Rollout {
    static func decode(_ fields: FieldReader, metadata: ObjectMeta) -> Rollout? {
        guard let specReader = fields.object("spec") else {
            _ = fields.required("spec", expected: "the rollout's spec")
            return nil
        }
        guard specReader.isMapping else { return nil }
        fields.ignore("status")
        let spec = RolloutSpec.decode(specReader)
        return Rollout(metadata: metadata, spec: spec, location: fields.node.location)
    }
}

extension RolloutSpec {
    static func decode(_ spec: FieldReader) -> RolloutSpec {
        let sink = spec.sink
        let replicas = spec.int32("replicas")
        let selector = spec.decodeObject("selector") { LabelSelector.decode($0) }
        let template = spec.node("template").flatMap { PodTemplate.decode($0, path: spec.childPath("template"), sink: sink) }
        let workloadRef = spec.decodeObject("workloadRef") { ref -> WorkloadRef in
            let value = WorkloadRef(apiVersion: ref.text("apiVersion"), kind: ref.text("kind"), name: ref.text("name"),
                                    scaleDown: ref.text("scaleDown"), locations: ref.locations)
            if let scaleDown = value.scaleDown, !["never", "onsuccess", "progressively"].contains(scaleDown) {
                sink.error(ref.locations["scaleDown"], "\(ref.childPath("scaleDown")): unsupported value '\(scaleDown)'",
                           expected: "never, onsuccess or progressively")
            }
            ref.finish(unknownFields: .warning)
            return value
        }
        let minReadySeconds = spec.int32("minReadySeconds")
        let revisionHistoryLimit = spec.int32("revisionHistoryLimit")
        let paused = spec.bool("paused") ?? false
        let progressDeadlineSeconds = spec.int32("progressDeadlineSeconds")
        let progressDeadlineAbort = spec.bool("progressDeadlineAbort") ?? false
        let restartAt = spec.text("restartAt")
        let rollbackWindow = spec.decodeObject("rollbackWindow") { reader -> RollbackWindow in
            let value = RollbackWindow(revisions: reader.int32("revisions"), location: reader.node.location)
            reader.finish(unknownFields: .warning)
            return value
        }
        let analysis = spec.decodeObject("analysis") { reader -> AnalysisRunStrategy in
            let value = AnalysisRunStrategy(successfulRunHistoryLimit: reader.int32("successfulRunHistoryLimit"),
                                            unsuccessfulRunHistoryLimit: reader.int32("unsuccessfulRunHistoryLimit"),
                                            location: reader.node.location)
            reader.finish(unknownFields: .warning)
            return value
        }
        var strategy = RolloutStrategy(canary: nil, blueGreen: nil, location: spec.locations["strategy"])
        if let reader = spec.object("strategy"), reader.isMapping {
            strategy.canary = reader.decodeObject("canary") { CanaryStrategy.decode($0) }
            // `canary: {}` or `canary:` (null) still selects the canary strategy.
            if strategy.canary == nil, reader.has("canary"), let node = reader.node.mappingPairs?.first(where: { $0.key == "canary" })?.value, node.isNull {
                strategy.canary = CanaryStrategy.decode(FieldReader(YAMLNode(.mapping([]), at: node.location), path: reader.childPath("canary"), sink: sink))
            }
            strategy.blueGreen = reader.decodeObject("blueGreen") { BlueGreenStrategy.decode($0) }
            reader.finish(unknownFields: .warning)
        }
        spec.finish(unknownFields: .warning)
        return RolloutSpec(replicas: replicas, selector: selector, template: template, workloadRef: workloadRef,
                           minReadySeconds: minReadySeconds, revisionHistoryLimit: revisionHistoryLimit, paused: paused,
                           progressDeadlineSeconds: progressDeadlineSeconds, progressDeadlineAbort: progressDeadlineAbort,
                           restartAt: restartAt, rollbackWindow: rollbackWindow, analysis: analysis, strategy: strategy,
                           locations: spec.locations)
    }
}

extension PodTemplateMetadata {
    static func decode(_ reader: FieldReader) -> PodTemplateMetadata {
        let value = PodTemplateMetadata(labels: reader.labels("labels") ?? StringMap(),
                                        annotations: reader.labels("annotations") ?? StringMap(),
                                        location: reader.node.location)
        reader.finish(unknownFields: .warning)
        return value
    }
}

extension AntiAffinity {
    static func decode(_ reader: FieldReader) -> AntiAffinity {
        var weight: Int?
        let hasPreferred = reader.node("preferredDuringSchedulingIgnoredDuringExecution") != nil
        if let preferred = reader.object("preferredDuringSchedulingIgnoredDuringExecution"), preferred.isMapping {
            weight = preferred.int32("weight")
            preferred.finish(unknownFields: .warning)
        }
        let hasRequired = reader.has("requiredDuringSchedulingIgnoredDuringExecution")
        if let required = reader.object("requiredDuringSchedulingIgnoredDuringExecution") {
            required.finish(unknownFields: .warning)
        }
        reader.finish(unknownFields: .warning)
        return AntiAffinity(preferredWeight: weight, hasPreferred: hasPreferred, hasRequired: hasRequired, locations: reader.locations)
    }
}

extension BlueGreenStrategy {
    static func decode(_ reader: FieldReader) -> BlueGreenStrategy {
        let value = BlueGreenStrategy(
            activeService: reader.text("activeService"),
            previewService: reader.text("previewService"),
            previewReplicaCount: reader.int32("previewReplicaCount"),
            autoPromotionEnabled: reader.bool("autoPromotionEnabled"),
            autoPromotionSeconds: reader.int32("autoPromotionSeconds"),
            maxUnavailable: reader.intOrString("maxUnavailable"),
            scaleDownDelaySeconds: reader.int32("scaleDownDelaySeconds"),
            scaleDownDelayRevisionLimit: reader.int32("scaleDownDelayRevisionLimit"),
            abortScaleDownDelaySeconds: reader.int32("abortScaleDownDelaySeconds"),
            prePromotionAnalysis: reader.decodeObject("prePromotionAnalysis") { RolloutAnalysis.decode($0, background: false) },
            postPromotionAnalysis: reader.decodeObject("postPromotionAnalysis") { RolloutAnalysis.decode($0, background: false) },
            previewMetadata: reader.decodeObject("previewMetadata") { PodTemplateMetadata.decode($0) },
            activeMetadata: reader.decodeObject("activeMetadata") { PodTemplateMetadata.decode($0) },
            antiAffinity: reader.decodeObject("antiAffinity") { AntiAffinity.decode($0) },
            locations: reader.locations)
        CanaryStrategy.checkFencepost(value.maxUnavailable, path: reader.childPath("maxUnavailable"), at: reader.locations["maxUnavailable"],
                                      sink: reader.sink, capAt100: true)
        reader.finish(unknownFields: .warning)
        return value
    }
}

extension CanaryStrategy {
    static func decode(_ reader: FieldReader) -> CanaryStrategy {
        let value = CanaryStrategy(
            canaryService: reader.text("canaryService"),
            stableService: reader.text("stableService"),
            steps: reader.objects("steps") { CanaryStep.decode($0, index: $1) } ?? [],
            trafficRouting: reader.decodeObject("trafficRouting") { TrafficRouting.decode($0) },
            maxSurge: reader.intOrString("maxSurge"),
            maxUnavailable: reader.intOrString("maxUnavailable"),
            analysis: reader.decodeObject("analysis") { RolloutAnalysis.decode($0, background: true) },
            antiAffinity: reader.decodeObject("antiAffinity") { AntiAffinity.decode($0) },
            canaryMetadata: reader.decodeObject("canaryMetadata") { PodTemplateMetadata.decode($0) },
            stableMetadata: reader.decodeObject("stableMetadata") { PodTemplateMetadata.decode($0) },
            scaleDownDelaySeconds: reader.int32("scaleDownDelaySeconds"),
            scaleDownDelayRevisionLimit: reader.int32("scaleDownDelayRevisionLimit"),
            abortScaleDownDelaySeconds: reader.int32("abortScaleDownDelaySeconds"),
            dynamicStableScale: reader.bool("dynamicStableScale") ?? false,
            pingPong: reader.decodeObject("pingPong") { ping -> PingPong in
                let value = PingPong(pingService: ping.text("pingService"), pongService: ping.text("pongService"), locations: ping.locations)
                ping.finish(unknownFields: .warning)
                return value
            },
            minPodsPerReplicaSet: reader.int32("minPodsPerReplicaSet"),
            replicaProgressThreshold: reader.decodeObject("replicaProgressThreshold") { threshold -> ReplicaProgressThreshold in
                let value = ReplicaProgressThreshold(type: threshold.text("type"), value: threshold.int32("value"), locations: threshold.locations)
                if let type = value.type, type != "Percent", type != "Pods" {
                    threshold.sink.error(threshold.locations["type"], "\(threshold.childPath("type")): unsupported value '\(type)'", expected: "Percent or Pods")
                }
                threshold.finish(unknownFields: .warning)
                return value
            },
            locations: reader.locations)
        for (name, fencepost) in [("maxSurge", value.maxSurge), ("maxUnavailable", value.maxUnavailable)] {
            checkFencepost(fencepost, path: reader.childPath(name), at: reader.locations[name], sink: reader.sink, capAt100: name == "maxUnavailable")
        }
        reader.finish(unknownFields: .warning)
        return value
    }

    /// A percentage that is not a number cannot be resolved upstream (`invalid value for
    /// IntOrString`, and the rollout never scales); a negative value is refused by Kubernetes'
    /// `ValidateNonnegativeIntOrPercent`, and maxUnavailable above 100% by `IsNotMoreThan100Percent`.
    static func checkFencepost(_ value: IntOrString?, path: String, at location: SourceLocation, sink: DiagnosticSink, capAt100: Bool) {
        guard let value else { return }
        switch value {
        case .int(let number):
            if number < 0 { sink.error(location, "\(path) must be greater than or equal to 0, got \(number)", expected: "a non-negative integer or percentage") }
        case .string(let text):
            guard let percent = value.percent else {
                sink.error(location, "\(path): invalid value '\(text)'", expected: "an integer or a percentage such as \"25%\"")
                return
            }
            if percent < 0 {
                sink.error(location, "\(path) must be greater than or equal to 0, got '\(text)'", expected: "a non-negative integer or percentage")
            } else if capAt100 && percent > 100 {
                sink.error(location, "\(path) must not be greater than 100%, got '\(text)'", expected: "a percentage between 0% and 100%")
            }
        }
    }
}

extension CanaryStep {
    static func decode(_ reader: FieldReader, index: Int) -> CanaryStep {
        let sink = reader.sink
        var step = CanaryStep(index: index, locations: reader.locations)
        step.setWeight = reader.int32("setWeight")
        if reader.has("pause") {
            // `pause: {}` and `pause:` (null) are both an indefinite pause.
            let node = reader.node("pause")
            if let node {
                let pause = FieldReader(node, path: reader.childPath("pause"), sink: sink)
                if pause.isMapping {
                    step.pause = PauseStep(duration: pause.intOrString("duration"), locations: pause.locations)
                    pause.finish(unknownFields: .warning)
                }
            } else {
                step.pause = PauseStep(duration: nil, locations: FieldLocations(object: reader.locations["pause"]))
            }
        }
        step.experiment = reader.decodeObject("experiment") { ExperimentStep.decode($0) }
        step.analysis = reader.decodeObject("analysis") { RolloutAnalysis.decode($0, background: false) }
        step.setCanaryScale = reader.decodeObject("setCanaryScale") { scale -> SetCanaryScale in
            let value = SetCanaryScale(weight: scale.int32("weight"), replicas: scale.int32("replicas"),
                                       matchTrafficWeight: scale.bool("matchTrafficWeight") ?? false, locations: scale.locations)
            scale.finish(unknownFields: .warning)
            return value
        }
        step.setHeaderRoute = reader.decodeObject("setHeaderRoute") { route -> SetHeaderRoute in
            let matches = route.objects("match") { match, _ -> SetHeaderRoute.Match in
                let value = SetHeaderRoute.Match(headerName: match.text("headerName"),
                                                 headerValue: match.decodeObject("headerValue") { StringMatch.decode($0) },
                                                 location: match.node.location)
                match.finish(unknownFields: .warning)
                return value
            } ?? []
            let value = SetHeaderRoute(name: route.text("name"), match: matches, locations: route.locations)
            route.finish(unknownFields: .warning)
            return value
        }
        step.setMirrorRoute = reader.decodeObject("setMirrorRoute") { route -> SetMirrorRoute in
            let matches = route.objects("match") { match, _ -> SetMirrorRoute.Match in
                var headers: [(name: String, value: StringMatch)] = []
                if let headerReader = match.object("headers"), headerReader.isMapping {
                    for key in headerReader.keys {
                        if let value = headerReader.decodeObject(key, { StringMatch.decode($0) }) { headers.append((key, value)) }
                    }
                }
                let value = SetMirrorRoute.Match(method: match.decodeObject("method") { StringMatch.decode($0) },
                                                 path: match.decodeObject("path") { StringMatch.decode($0) },
                                                 headers: headers, location: match.node.location)
                match.finish(unknownFields: .warning)
                return value
            } ?? []
            let value = SetMirrorRoute(name: route.text("name"), match: matches, percentage: route.int32("percentage"), locations: route.locations)
            route.finish(unknownFields: .warning)
            return value
        }
        step.plugin = reader.decodeObject("plugin") { plugin -> PluginStep in
            let value = PluginStep(name: plugin.text("name"), config: plugin.node("config"), locations: plugin.locations)
            plugin.finish(unknownFields: .warning)
            return value
        }
        reader.finish(unknownFields: .warning)
        return step
    }
}

extension StringMatch {
    static func decode(_ reader: FieldReader) -> StringMatch {
        let value = StringMatch(exact: reader.text("exact"), prefix: reader.text("prefix"), regex: reader.text("regex"), location: reader.node.location)
        reader.finish(unknownFields: .warning)
        return value
    }
}

extension ExperimentStep {
    static func decode(_ reader: FieldReader) -> ExperimentStep {
        let templates = reader.objects("templates") { template, _ -> Template in
            let value = Template(name: template.text("name"), specRef: template.text("specRef"), replicas: template.int32("replicas"),
                                 weight: template.int32("weight"), node: template.node, locations: template.locations)
            template.ignore("metadata", "selector", "service")
            template.finish(unknownFields: .warning)
            return value
        } ?? []
        let analyses = reader.objects("analyses") { analysis, _ -> Analysis in
            let value = Analysis(name: analysis.text("name"), templateName: analysis.text("templateName"),
                                 clusterScope: analysis.bool("clusterScope") ?? false,
                                 args: analysis.objects("args") { RolloutAnalysisArgument.decode($0, $1) } ?? [],
                                 requiredForCompletion: analysis.bool("requiredForCompletion") ?? false, locations: analysis.locations)
            analysis.finish(unknownFields: .warning)
            return value
        } ?? []
        let value = ExperimentStep(templates: templates, duration: reader.text("duration"), analyses: analyses,
                                   dryRun: reader.objects("dryRun") { DryRunRule.decode($0, $1) } ?? [],
                                   analysisRunMetadata: reader.decodeObject("analysisRunMetadata") { PodTemplateMetadata.decode($0) },
                                   scaleDownDelaySeconds: reader.int32("scaleDownDelaySeconds"), locations: reader.locations)
        if let duration = value.duration, !duration.contains("{{") {
            do { _ = try SimDuration.parseGo(duration) } catch {
                reader.sink.error(reader.locations["duration"], "\(reader.childPath("duration")): \(error.message)", expected: "a Go duration such as 30s or 1h30m")
            }
        }
        reader.finish(unknownFields: .warning)
        return value
    }
}

extension RolloutAnalysis {
    static func decode(_ reader: FieldReader, background: Bool) -> RolloutAnalysis {
        let value = RolloutAnalysis(
            templates: reader.objects("templates") { AnalysisTemplateRef.decode($0, $1) } ?? [],
            args: reader.objects("args") { RolloutAnalysisArgument.decode($0, $1) } ?? [],
            dryRun: reader.objects("dryRun") { DryRunRule.decode($0, $1) } ?? [],
            measurementRetention: reader.objects("measurementRetention") { MeasurementRetentionRule.decode($0, $1) } ?? [],
            analysisRunMetadata: reader.decodeObject("analysisRunMetadata") { PodTemplateMetadata.decode($0) },
            startingStep: background ? reader.int32("startingStep") : nil,
            locations: reader.locations)
        reader.finish(unknownFields: .warning)
        return value
    }
}

extension AnalysisTemplateRef {
    static func decode(_ reader: FieldReader, _ index: Int = 0) -> AnalysisTemplateRef? {
        let name = reader.text("templateName")
        let clusterScope = reader.bool("clusterScope") ?? false
        reader.finish(unknownFields: .warning)
        guard let name else {
            _ = reader.required("templateName", expected: "the name of an AnalysisTemplate")
            return nil
        }
        return AnalysisTemplateRef(templateName: name, clusterScope: clusterScope, location: reader.node.location)
    }
}

extension RolloutAnalysisArgument {
    static func decode(_ reader: FieldReader, _ index: Int = 0) -> RolloutAnalysisArgument? {
        let name = reader.text("name")
        let value = reader.text("value")
        var source: Source = value.map { Source.value($0) } ?? Source.unset
        if let valueFrom = reader.object("valueFrom"), valueFrom.isMapping {
            if let hash = valueFrom.text("podTemplateHashValue") {
                if let parsed = PodTemplateHashValue(rawValue: hash) {
                    source = .podTemplateHash(parsed)
                } else {
                    reader.sink.error(valueFrom.locations["podTemplateHashValue"],
                                      "\(valueFrom.childPath("podTemplateHashValue")): unsupported value '\(hash)'", expected: "Stable or Latest")
                }
            } else if let fieldRef = valueFrom.object("fieldRef"), fieldRef.isMapping {
                if let path = fieldRef.text("fieldPath") {
                    source = .fieldRef(path)
                } else {
                    _ = fieldRef.required("fieldPath", expected: "a field path such as metadata.labels['app']")
                }
                fieldRef.finish(unknownFields: .warning)
            }
            valueFrom.finish(unknownFields: .warning)
        }
        reader.finish(unknownFields: .warning)
        guard let name else {
            _ = reader.required("name", expected: "the argument's name")
            return nil
        }
        return RolloutAnalysisArgument(name: name, source: source, locations: reader.locations)
    }
}

extension DryRunRule {
    static func decode(_ reader: FieldReader, _ index: Int = 0) -> DryRunRule? {
        let name = reader.text("metricName")
        reader.finish(unknownFields: .warning)
        guard let name else { _ = reader.required("metricName", expected: "a metric name or pattern"); return nil }
        return DryRunRule(metricName: name, location: reader.node.location)
    }
}

extension MeasurementRetentionRule {
    static func decode(_ reader: FieldReader, _ index: Int = 0) -> MeasurementRetentionRule? {
        let name = reader.text("metricName")
        let limit = reader.int32("limit")
        reader.finish(unknownFields: .warning)
        guard let name else { _ = reader.required("metricName", expected: "a metric name or pattern"); return nil }
        guard let limit else { _ = reader.required("limit", expected: "the number of measurements to keep"); return nil }
        return MeasurementRetentionRule(metricName: name, limit: limit, location: reader.node.location)
    }
}
