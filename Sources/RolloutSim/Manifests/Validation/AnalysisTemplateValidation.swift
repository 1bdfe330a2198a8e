import Foundation

/// Checks one AnalysisTemplate on its own: the metric rules that put an AnalysisRun made from it in
/// phase Error before any measurement (Argo: ValidateMetrics / ValidateMetric in
/// utils/analysis/factory.go), and the secrets its arguments read.
struct AnalysisTemplateValidation {
    let template: AnalysisTemplate
    let secrets: SecretIndex
    let sink: DiagnosticSink

    var prefix: String { "\(template.kind) \(template.metadata.name): " }

    func run() {
        let spec = template.spec
        if spec.metrics.isEmpty && spec.templates.isEmpty {
            sink.error(spec.locations["metrics"], "\(prefix)no metrics specified", expected: "at least one metric")
        }
        var seen: Set<String> = []
        let values = ArgumentValues(template.spec.args)
        for (index, metric) in spec.metrics.enumerated() {
            if !seen.insert(metric.name).inserted {
                sink.error(metric.locations["name"], "\(prefix)metrics[\(index)]: duplicate name '\(metric.name)'", expected: "unique metric names")
                continue
            }
            if let problem = Self.metricProblem(metric, values: values) {
                sink.error(problem.location, "\(prefix)metrics[\(index)]: \(problem.message)", expected: problem.expected)
            }
            if !metric.provider.isSimulated && !metric.provider.names.isEmpty {
                sink.warning(metric.provider.location, "metric provider \(metric.provider.names.joined(separator: ", ")) is not simulated; its outcome comes from the scenario's providers section",
                             expected: "prometheus, web or job")
            }
        }
        // dryRun and measurementRetention rules are matched against the metrics of a whole run,
        // which may join several templates: see RolloutValidation.runRuleProblem.
        validateSecrets()
    }

    /// Argo resolves secretKeyRef arguments when the run starts; a missing secret or key puts the
    /// run in Error ("Unable to resolve metric arguments").
    func validateSecrets() {
        let namespace = template.isClusterScoped ? ObjectMeta.defaultNamespace : template.metadata.namespace
        for arg in template.spec.args {
            guard case .secretKeyRef(let name, let key) = arg.source else { continue }
            let location = arg.locations["valueFrom"]
            if !secrets.has(secret: name, namespace: namespace) {
                sink.error(location, "\(prefix)args.\(arg.name): secrets \"\(name)\" not found",
                           expected: "a Secret manifest named \(name), or an entry \(name) under the scenario's secrets")
            } else if !secrets.has(key: key, inSecret: name, namespace: namespace) {
                sink.error(location, "\(prefix)args.\(arg.name): key '\(key)' does not exist in secret '\(name)'", expected: "a key of secret \(name)")
            }
        }
    }

    struct Problem {
        var message: String
        var location: SourceLocation
        var expected: String?
    }

    /// Argo: ValidateMetric, after the arguments are substituted as validation does (an argument
    /// without value becomes "dummy-value", which reads as 0 where a number is needed).
    static func metricProblem(_ metric: Metric, values: ArgumentValues) -> Problem? {
        let locations = metric.locations
        func number(_ value: IntOrString?) -> Int? { value.map { values.resolve($0).intValue } }
        let count = number(metric.count) ?? 0
        let failureLimit = number(metric.failureLimit) ?? 0
        let successLimit = number(metric.consecutiveSuccessLimit) ?? 0
        let inconclusiveLimit = number(metric.inconclusiveLimit) ?? 0
        if successLimit < 0 {
            return Problem(message: "consecutiveSuccessLimit must be >= 0", location: locations["consecutiveSuccessLimit"], expected: nil)
        }
        if failureLimit < -1 {
            return Problem(message: "failureLimit must be >= 0, or -1 to be disabled", location: locations["failureLimit"], expected: nil)
        }
        if successLimit == 0 && failureLimit == -1 {
            return Problem(message: "failureLimit and consecutiveSuccessLimit cannot both be disabled", location: locations["failureLimit"], expected: nil)
        }
        if inconclusiveLimit < 0 {
            return Problem(message: "inconclusiveLimit must be >= 0", location: locations["inconclusiveLimit"], expected: nil)
        }
        if let errorLimit = number(metric.consecutiveErrorLimit), errorLimit < 0 {
            return Problem(message: "consecutiveErrorLimit must be >= 0", location: locations["consecutiveErrorLimit"], expected: nil)
        }
        if count > 0 {
            if successLimit >= 0 && failureLimit >= 0 {
                if count < failureLimit + successLimit {
                    return Problem(message: "count (\(count)) must be >= failureLimit + consecutiveSuccessLimit (\(failureLimit) + \(successLimit)) if both >= 0",
                                   location: locations["count"], expected: nil)
                }
            } else if successLimit >= 0 && failureLimit < 0 && count < successLimit {
                return Problem(message: "count must be >= consecutiveSuccessLimit", location: locations["count"], expected: nil)
            }
            if count < inconclusiveLimit {
                return Problem(message: "count must be >= inconclusiveLimit", location: locations["count"], expected: nil)
            }
        }
        if count > 1 && metric.interval == nil {
            return Problem(message: "interval must be specified when count > 1", location: locations["count"], expected: "an interval such as 1m")
        }
        let providers = metric.provider.names
        if providers.isEmpty {
            return Problem(message: "no provider specified", location: metric.provider.location, expected: "one provider such as prometheus, web or job")
        }
        if providers.count > 1 {
            return Problem(message: "multiple providers specified", location: metric.provider.location, expected: "one provider, found \(providers.joined(separator: ", "))")
        }
        return nil
    }
}

/// Argument values for `{{args.name}}` substitution during validation (setArgValuePlaceHolder):
/// the template's literal values, and "dummy-value" for arguments the rollout must supply.
struct ArgumentValues {
    private var values: [String: String] = [:]

    init(_ args: [AnalysisArgument]) {
        for arg in args {
            switch arg.source {
            case .value(let value): values[arg.name] = value
            case .unset: values[arg.name] = "dummy-value"
            case .secretKeyRef, .fieldRef: break
            }
        }
    }

    /// Substitutes `{{args.x}}` (spaces inside the braces allowed) in a string value.
    func resolve(_ value: IntOrString) -> IntOrString {
        guard case .string(let text) = value, text.contains("{{") else { return value }
        var result = ""
        var rest = Substring(text)
        while let open = rest.range(of: "{{") {
            result += rest[..<open.lowerBound]
            guard let close = rest[open.upperBound...].range(of: "}}") else { result += rest[open.lowerBound...]; rest = ""; break }
            let tag = rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            if tag.hasPrefix("args."), let replacement = values[String(tag.dropFirst(5))] {
                result += replacement
            } else {
                result += rest[open.lowerBound..<close.upperBound]
            }
            rest = rest[close.upperBound...]
        }
        result += rest
        return .string(result)
    }

    func resolve(_ text: String) -> String {
        if case .string(let resolved) = resolve(IntOrString.string(text)) { return resolved }
        return text
    }
}
