/// What the scenario checks need to know about a Rollout, read off the manifest models.
struct RolloutFacts {
    var name: String
    var namespace: String
    var containers: [String]
    /// Every AnalysisTemplate/ClusterAnalysisTemplate name the rollout can run, sorted.
    var templateNames: [String]

    var qualifiedName: String { "\(namespace)/\(name)" }

    static func all(in manifests: [Manifest]) -> [RolloutFacts] {
        manifests.compactMap { manifest in
            guard case .rollout(let rollout) = manifest else { return nil }
            return RolloutFacts(name: rollout.name, namespace: rollout.namespace,
                                containers: rollout.containers.map(\.name), templateNames: rollout.templateNames.sorted())
        }
    }
}

extension Manifest {
    /// The name of an AnalysisTemplate or ClusterAnalysisTemplate manifest.
    var analysisTemplateName: String? {
        kind == "AnalysisTemplate" || kind == "ClusterAnalysisTemplate" ? name : nil
    }
}
