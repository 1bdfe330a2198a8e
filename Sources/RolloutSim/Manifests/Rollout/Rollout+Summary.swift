/// Short views of a Rollout for the scenario checks (they replace the fields of the stand-in the
/// scenario loader was written against).
extension Rollout {
    public var name: String { metadata.name }
    public var namespace: String { metadata.namespace }

    /// The rollout's own pod template containers, in source order (empty with a workloadRef).
    public var containers: [(name: String, image: String)] {
        (spec.template?.containers ?? []).map { ($0.name, $0.image ?? "") }
    }

    /// The services the strategy names (stable, canary, ping, pong, active, preview), in that order.
    public var referencedServiceNames: [String] {
        var names: [String?] = []
        if let blueGreen = spec.strategy.blueGreen {
            names += [blueGreen.activeService, blueGreen.previewService]
        } else if let canary = spec.strategy.canary {
            names += [canary.stableService, canary.canaryService, canary.pingPong?.pingService, canary.pingPong?.pongService]
        }
        return names.compactMap { $0 }.filter { !$0.isEmpty }
    }

    /// Every analysis block of the strategy: blue-green pre/post promotion, canary background
    /// analysis, then step analyses in step order.
    public var analysisBlocks: [RolloutAnalysis] {
        var blocks: [RolloutAnalysis] = []
        if let blueGreen = spec.strategy.blueGreen {
            blocks += [blueGreen.prePromotionAnalysis, blueGreen.postPromotionAnalysis].compactMap { $0 }
        }
        if let canary = spec.strategy.canary {
            if let background = canary.analysis { blocks.append(background) }
            blocks += canary.steps.compactMap(\.analysis)
        }
        return blocks
    }

    /// The names of every AnalysisTemplate and ClusterAnalysisTemplate the rollout refers to
    /// directly (analysis blocks and experiment analyses), each once, in first-use order.
    public var templateNames: [String] {
        var names: [String] = []
        for ref in analysisBlocks.flatMap(\.templates) where !names.contains(ref.templateName) {
            names.append(ref.templateName)
        }
        for step in spec.strategy.canary?.steps ?? [] {
            for analysis in step.experiment?.analyses ?? [] {
                if let name = analysis.templateName, !names.contains(name) { names.append(name) }
            }
        }
        return names
    }
}
