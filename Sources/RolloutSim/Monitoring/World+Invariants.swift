// Consistency checks of the world's tables, run after every world event in debug builds.

extension World {
    /// Traps when the world's tables disagree with each other.
    ///
    /// - Complexity: O(pods + ReplicaSets)
    func checkInvariants() {
        precondition(pods.count == podLives.count && pods.count == podTraffic.count && pods.count == targets.count,
                     "World: per-pod tables out of step")
        var previous = -1
        for id in livePods {
            precondition(id.index > previous, "World: livePods not ascending")
            previous = id.index
            let pod = pods[id.index]
            precondition(!pod.isGone, "World: gone pod \(pod.name) still live")
            // Only a pod in some endpoint list gets traffic.
            precondition(podTraffic[id.index].share == 0 || (pod.isReady && pod.isActive),
                         "World: pod \(pod.name) has traffic but is not an endpoint")
            precondition(podTraffic[id.index].lastAccrued <= now, "World: pod \(pod.name) accrued into the future")
        }
        for rs in replicaSets {
            for id in rs.pods { precondition(pods[id.index].replicaSet == rs.id, "World: pod listed under the wrong ReplicaSet") }
        }
    }
}
