/// The checks that make the real controller refuse a manifest (reference §14): a Rollout it marks
/// `InvalidSpec` (and never reconciles), an AnalysisRun it puts in phase Error before measuring,
/// and references that do not resolve. Every problem is reported, each at the offending node.
///
/// Messages keep upstream's wording, prefixed as the InvalidSpec condition shows them:
/// `The Rollout "web" is invalid: spec.strategy.steps[0].setWeight: Invalid value: 120: SetWeight needs to be between 0 and 100`.
public enum ManifestValidator {
    /// Validates every manifest of the set against the others.
    /// - Parameter extraSecrets: secrets defined by the scenario (`spec.secrets`), by secret name
    ///   then key, consulted after the Secret manifests.
    public static func validate(_ set: ManifestSet, extraSecrets: [String: [String: String]], sink: DiagnosticSink) {
        for (first, duplicate) in set.duplicates {
            let namespace = duplicate.namespace.isEmpty ? "" : "\(duplicate.namespace)/"
            sink.error(duplicate.location, "duplicate \(duplicate.kind) \(namespace)\(duplicate.name): already defined at \(first.location)",
                       expected: "each kind, namespace and name once")
        }
        let secrets = SecretIndex(set: set, extraSecrets: extraSecrets)
        for template in set.analysisTemplates + set.clusterAnalysisTemplates {
            AnalysisTemplateValidation(template: template, secrets: secrets, sink: sink).run()
        }
        // The first rollout (in source order) to name a service manages it, as the first to be
        // reconciled would annotate it; a later one is refused like any rollout whose service
        // carries another rollout's managed-by annotation.
        var serviceOwners: [String: String] = [:]
        for rollout in set.rollouts {
            for name in rollout.referencedServiceNames where serviceOwners["\(rollout.metadata.namespace)/\(name)"] == nil {
                serviceOwners["\(rollout.metadata.namespace)/\(name)"] = rollout.metadata.name
            }
        }
        for rollout in set.rollouts {
            RolloutValidation(rollout: rollout, set: set, serviceOwners: serviceOwners, sink: sink).run()
        }
    }
}

/// Secret keys known to the scenario: Secret manifests, then the scenario's own secrets.
struct SecretIndex {
    private var keysBySecret: [String: Set<String>] = [:]

    init(set: ManifestSet, extraSecrets: [String: [String: String]]) {
        for secret in set.secrets {
            keysBySecret["\(secret.metadata.namespace)/\(secret.metadata.name)", default: []].formUnion(secret.data.keys)
        }
        // Sorted so that nothing here depends on dictionary order, even though only membership is used.
        for name in extraSecrets.keys.sorted() {
            keysBySecret["*/\(name)", default: []].formUnion(extraSecrets[name]?.keys.sorted() ?? [])
        }
    }

    func has(secret name: String, namespace: String) -> Bool {
        keysBySecret["\(namespace)/\(name)"] != nil || keysBySecret["*/\(name)"] != nil
    }

    func has(key: String, inSecret name: String, namespace: String) -> Bool {
        (keysBySecret["\(namespace)/\(name)"]?.contains(key) ?? false) || (keysBySecret["*/\(name)"]?.contains(key) ?? false)
    }
}

/// A value printed the way Kubernetes' `field.Error` prints a bad value: strings quoted, numbers bare.
enum FieldValue: CustomStringConvertible {
    case string(String)
    case int(Int)
    case bool(Bool)
    case raw(String)
    case null

    var description: String {
        switch self {
        case .string(let text): return "\"\(text)\""
        case .int(let value): return String(value)
        case .bool(let value): return String(value)
        case .raw(let text): return text
        case .null: return "null"
        }
    }
}

/// Builds `field.Error`-shaped messages for one object.
struct FieldErrors {
    let prefix: String
    let sink: DiagnosticSink

    func invalid(_ path: String, _ value: FieldValue, _ detail: String, at location: SourceLocation, expected: String? = nil) {
        sink.error(location, "\(prefix)\(path): Invalid value: \(value): \(detail)", expected: expected)
    }

    func required(_ path: String, _ detail: String, at location: SourceLocation, expected: String? = nil) {
        // Kubernetes prints "Required value" alone when there is no detail.
        sink.error(location, "\(prefix)\(path): Required value\(detail.isEmpty ? "" : ": \(detail)")", expected: expected)
    }

    func internalError(_ path: String, _ detail: String, at location: SourceLocation, expected: String? = nil) {
        sink.error(location, "\(prefix)\(path): Internal error: \(detail)", expected: expected)
    }

    func duplicate(_ path: String, _ value: FieldValue, at location: SourceLocation) {
        sink.error(location, "\(prefix)\(path): Duplicate value: \(value)", expected: "unique names")
    }
}
