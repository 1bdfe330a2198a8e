// Services and traffic routing of a canary pass (reference §5).

extension CanaryReconciler {
    /// The stable Service selects the stable ReplicaSet and the canary Service the new one (the
    /// stable while aborted), each only once its target has an available pod.
    /// Argo: reconcileStableAndCanaryService, ensureSVCTargets (rollout/service.go).
    mutating func reconcileStableAndCanaryService() {
        if let service = canary.stableService, let stableRS, stableRS.status.availableReplicas > 0,
           observed.stableServiceHash != stableRS.podTemplateHash {
            writes.append(.setServiceSelector(service: service, podTemplateHash: stableRS.podTemplateHash))
        }
        guard let service = canary.canaryService else { return }
        var target = newRS
        if isAborted && !canary.dynamicStableScale, let stableRS { target = stableRS }
        if let target, target.status.availableReplicas > 0, observed.canaryServiceHash != target.podTemplateHash {
            writes.append(.setServiceSelector(service: service, podTemplateHash: target.podTemplateHash))
        }
    }

    /// Hands the desired weight to the router and records it in `status.canary.weights`.
    /// Argo: reconcileTrafficRouting (rollout/trafficrouting.go).
    mutating func reconcileTrafficRouting() {
        let others = otherRSs.map(\.counts)
        let recorded = observed.status.weights
        let decision = DesiredWeight.forReconcile(inputs, newRS: newRS?.counts, stableRS: stableRS?.counts, otherRSs: others,
                                                  recordedWeights: recorded?.recorded)
        var canaryHash = newRS?.podTemplateHash ?? ""
        if case .dynamicRollbackToStable(let previous) = decision.reason { canaryHash = previous }
        let stableHash = stableRS?.podTemplateHash ?? ""
        // Argo: checkReplicasAvailable — the router is not touched while the stable cannot take
        // its share, and never without a stable ReplicaSet.
        guard DesiredWeight.stableCanTake(inputs, stableRS: stableRS?.counts, desiredWeight: decision.desiredWeight) else { return }

        if decision.removesManagedRoutes {
            writes.append(.removeManagedRoutes)
        } else if let (step, _) = currentStep, revision > 1 {
            if let route = step.setHeaderRoute { writes.append(.setManagedRoute(name: route.name ?? "", kind: "header")) }
            if let route = step.setMirrorRoute { writes.append(.setManagedRoute(name: route.name ?? "", kind: "mirror")) }
        }
        writes.append(.setCanaryWeight(decision.desiredWeight))
        let maxWeight = inputs.maxWeight
        let weights = CanaryWeightsStatus(
            canaryWeight: decision.desiredWeight, canaryPodTemplateHash: canaryHash,
            stableWeight: DesiredWeight.recordedStableWeight(maxWeight: maxWeight, desiredWeight: decision.desiredWeight, additionalWeights: []),
            stablePodTemplateHash: stableHash)
        if weights != recorded {
            if recorded == nil {
                emit("TrafficWeightUpdated", "Traffic weight updated to \(weights.canaryWeight)")
            } else if let recorded, recorded.canaryWeight != weights.canaryWeight {
                emit("TrafficWeightUpdated", "Traffic weight updated from \(recorded.canaryWeight) to \(weights.canaryWeight)")
            } else {
                emit("TrafficWeightUpdated", "Traffic weight updated ")
            }
            newStatus.weights = weights
        }
    }
}
