/// One entry of `strategy.canary.steps`. Upstream is a struct of optional fields, and validation
/// must see a step that sets two of them, so every field is kept; `action` is the typed view the
/// step machine switches over.
public struct CanaryStep: Sendable {
    public var setWeight: Int?
    public var pause: PauseStep?
    public var experiment: ExperimentStep?
    public var analysis: RolloutAnalysis?
    public var setCanaryScale: SetCanaryScale?
    public var setHeaderRoute: SetHeaderRoute?
    public var setMirrorRoute: SetMirrorRoute?
    public var plugin: PluginStep?
    public var index: Int
    public var locations: FieldLocations

    /// What the step does, in upstream's precedence when several fields are set (a spec that
    /// validation rejects anyway). Nil for a step with no known field.
    public var action: Action? {
        if let setWeight { return .setWeight(setWeight) }
        if let pause { return .pause(pause) }
        if let experiment { return .experiment(experiment) }
        if let analysis { return .analysis(analysis) }
        if let setCanaryScale { return .setCanaryScale(setCanaryScale) }
        if let setHeaderRoute { return .setHeaderRoute(setHeaderRoute) }
        if let setMirrorRoute { return .setMirrorRoute(setMirrorRoute) }
        if let plugin { return .plugin(plugin) }
        return nil
    }

    public enum Action: Sendable {
        case setWeight(Int)
        case pause(PauseStep)
        case experiment(ExperimentStep)
        case analysis(RolloutAnalysis)
        case setCanaryScale(SetCanaryScale)
        case setHeaderRoute(SetHeaderRoute)
        case setMirrorRoute(SetMirrorRoute)
        case plugin(PluginStep)
    }

    /// The field names set on this step, in upstream's declaration order.
    public var setFields: [String] {
        var names: [String] = []
        if setWeight != nil { names.append("setWeight") }
        if pause != nil { names.append("pause") }
        if experiment != nil { names.append("experiment") }
        if analysis != nil { names.append("analysis") }
        if setCanaryScale != nil { names.append("setCanaryScale") }
        if setHeaderRoute != nil { names.append("setHeaderRoute") }
        if setMirrorRoute != nil { names.append("setMirrorRoute") }
        if plugin != nil { names.append("plugin") }
        return names
    }
}

/// `pause: {}` or `pause: {duration: D}`.
public struct PauseStep: Sendable {
    public var duration: IntOrString?
    public var locations: FieldLocations

    /// Argo: RolloutPause.DurationSeconds (types.go). Nil for an indefinite pause. An int is seconds;
    /// a string of digits is seconds; any other string is a Go duration truncated to whole seconds;
    /// a string that is neither gives -1, which validation rejects.
    public var durationSeconds: Int? {
        guard let duration else { return nil }
        switch duration {
        case .int(let seconds):
            return seconds
        case .string(let text):
            if let seconds = Int32(text) { return Int(seconds) }
            guard let parsed = try? SimDuration.parseGo(text) else { return -1 }
            // Go: int32(d.Seconds()) truncates toward zero; an overflowing int32 conversion is
            // implementation-defined in Go, so durations beyond it are treated as invalid.
            let seconds = parsed.milliseconds / 1000
            guard seconds <= Int64(Int32.max), seconds >= Int64(Int32.min) else { return -1 }
            return Int(seconds)
        }
    }

    /// The pause length on the virtual clock; nil for an indefinite pause or an invalid duration.
    public var simDuration: SimDuration? {
        guard let seconds = durationSeconds, seconds >= 0 else { return nil }
        return .seconds(Int64(seconds))
    }
}

/// `setCanaryScale`: changes only the canary's replica count (trafficRouting only).
public struct SetCanaryScale: Sendable {
    public var weight: Int?
    public var replicas: Int?
    public var matchTrafficWeight: Bool
    public var locations: FieldLocations
}

public struct StringMatch: Sendable {
    public var exact: String?
    public var prefix: String?
    public var regex: String?
    public var location: SourceLocation
}

public struct SetHeaderRoute: Sendable {
    public struct Match: Sendable {
        public var headerName: String?
        public var headerValue: StringMatch?
        public var location: SourceLocation
    }

    public var name: String?
    public var match: [Match]
    public var locations: FieldLocations
}

public struct SetMirrorRoute: Sendable {
    public struct Match: Sendable {
        public var method: StringMatch?
        public var path: StringMatch?
        public var headers: [(name: String, value: StringMatch)]
        public var location: SourceLocation
    }

    public var name: String?
    public var match: [Match]
    public var percentage: Int?
    public var locations: FieldLocations
}

public struct PluginStep: Sendable {
    public var name: String?
    public var config: YAMLNode?
    public var locations: FieldLocations
}

/// An `experiment` step. Experiments are not simulated; the step is kept so it can be reported.
public struct ExperimentStep: Sendable {
    public struct Template: Sendable {
        public var name: String?
        /// `canary` or `stable`.
        public var specRef: String?
        public var replicas: Int?
        public var weight: Int?
        public var node: YAMLNode
        public var locations: FieldLocations
    }

    public struct Analysis: Sendable {
        public var name: String?
        public var templateName: String?
        public var clusterScope: Bool
        public var args: [RolloutAnalysisArgument]
        public var requiredForCompletion: Bool
        public var locations: FieldLocations
    }

    public var templates: [Template]
    /// A Go duration string as written.
    public var duration: String?
    public var analyses: [Analysis]
    public var dryRun: [DryRunRule]
    public var analysisRunMetadata: PodTemplateMetadata?
    public var scaleDownDelaySeconds: Int?
    public var locations: FieldLocations
}
