/// Checks that every name a scenario uses resolves: rollouts of actions and expectations, the
/// container of `setImage`, the templates of `analysisRun` expectations.
struct ScenarioReferenceChecker {
    let scenario: Scenario
    let manifests: ManifestSet
    /// Manifests that `apply` actions bring in later; their rollouts may be named too.
    let applied: [Manifest]
    let sink: DiagnosticSink

    func check() {
        let rollouts = RolloutFacts.all(in: manifests.manifests + applied)
        let templateNames = Set((manifests.manifests + applied).compactMap(\.analysisTemplateName))
        for action in scenario.timeline {
            if let duration = scenario.duration, action.at > duration {
                sink.warning(action.location, "\(action.verb) at \(action.at) is after the end of the run (\(duration)) and will not happen", expected: "a time within spec.duration")
            }
            guard let reference = action.rollout, let rollout = resolve(reference, among: rollouts) else { continue }
            if case .setImage(_, let container, _) = action.action {
                if let container {
                    if !rollout.containers.contains(container) {
                        sink.error(action.location, "rollout '\(rollout.name)' has no container '\(container)'",
                                   expected: "one of: " + rollout.containers.joined(separator: ", "))
                    }
                } else if rollout.containers.count > 1 {
                    sink.error(action.location, "rollout '\(rollout.name)' has \(rollout.containers.count) containers: setImage must name one",
                               expected: "container: one of " + rollout.containers.joined(separator: ", "))
                }
            }
        }
        for expectation in scenario.expectations {
            switch expectation.check {
            case .phase(let reference, _, _), .abortedWithin(let reference, _), .promotedWithin(let reference, _),
                 .routerWeight(let reference, _, _), .effectiveWeight(let reference, _, _),
                 .canaryRequestsServed(let reference, _), .canaryErrorsServed(let reference, _):
                _ = resolve(reference, among: rollouts)
            case .analysisRunPhase(let reference, let template, _):
                guard let rollout = resolve(reference, among: rollouts) else { continue }
                if !rollout.templateNames.contains(template) {
                    let known = rollout.templateNames.isEmpty ? "the rollout uses no analysis template" : "one of: " + rollout.templateNames.joined(separator: ", ")
                    let message = templateNames.contains(template)
                        ? "rollout '\(rollout.name)' never runs analysis template '\(template)'"
                        : "no analysis template '\(template)'"
                    sink.error(expectation.location, message, expected: known)
                }
            case .event:
                break
            }
        }
    }

    /// The rollout a reference names; reports unknown and ambiguous names.
    private func resolve(_ reference: RolloutReference, among rollouts: [RolloutFacts]) -> RolloutFacts? {
        let matches = rollouts.filter { $0.name == reference.name && (reference.namespace == nil || $0.namespace == reference.namespace) }
        if matches.isEmpty {
            let names = rollouts.map(\.qualifiedName)
            var expected = names.isEmpty ? "a Rollout in the scenario's manifests (there is none)" : "one of: " + names.joined(separator: ", ")
            if let suggestion = closestMatch(to: reference.name, among: rollouts.map(\.name)) { expected += "; did you mean '\(suggestion)'?" }
            sink.error(reference.location, "unknown rollout '\(reference.description)'", expected: expected)
            return nil
        }
        if Set(matches.map(\.qualifiedName)).count > 1 {
            sink.error(reference.location, "rollout name '\(reference.name)' is ambiguous", expected: "namespace/name: " + matches.map(\.qualifiedName).joined(separator: " or "))
            return nil
        }
        return matches.first
    }
}
