/// The human timeline of `rollout-sim run`: the controller's events with the weights and pod
/// counts in force at that moment, then each rollout's final state as the plugin shows it.
public enum RunTimelineText {
    /// Reasons from pods and ReplicaSets that would drown the story; they stay in the event log.
    static let quietReasons: Set<String> = ["SuccessfulCreate", "SuccessfulDelete", "Scheduled", "Started", "Killing", "Pulled",
                                            "MetricSuccessful", "MetricRunning"]

    public static func render(_ result: RunResult) -> String {
        var out = "Scenario \(result.scenarioName) (seed \(result.seed)), simulated until \(clock(result.end))\n\n"
        for event in result.events where !quietReasons.contains(event.reason) && !event.object.hasPrefix("Pod/") {
            var line = "\(clock(event.t))  \(event.object)  \(event.reason): \(event.message)"
            if let rollout = result.rollouts.first(where: { owns($0, event.object) }) {
                line += "  " + state(of: rollout, at: event.t)
            }
            out += line + "\n"
        }
        for rollout in result.rollouts {
            out += "\n" + RolloutTreeView.render(rollout, at: result.end)
        }
        out += "\n"
        for rollout in result.rollouts {
            var line = "\(rollout.namespace)/\(rollout.name): \(rollout.phase.rawValue)"
            if let abortedAt = rollout.abortedAt { line += ", aborted at \(clock(abortedAt))" }
            line += "; requests stable \(rollout.stableServed.requests) (\(rollout.stableServed.errors) errors)"
            line += ", canary \(rollout.canaryServed.requests) (\(rollout.canaryServed.errors) errors)"
            out += line + "\n"
        }
        out += "digest \(result.digest)\n"
        return out
    }

    static func owns(_ rollout: RolloutOutcome, _ object: String) -> Bool {
        object == "Rollout/" + rollout.name || object.hasPrefix("AnalysisRun/" + rollout.name + "-")
            || object.hasPrefix("ReplicaSet/" + rollout.name + "-")
    }

    /// `[weight 5/5, canary 1/1, stable 8/8]`: desired/router weight, available/spec... pods per role.
    static func state(of rollout: RolloutOutcome, at t: VirtualTime) -> String {
        var parts: [String] = []
        if let weight = rollout.weights.last(where: { $0.t <= t }) {
            parts.append(rollout.isTrafficRouted ? "weight \(weight.desiredWeight)/\(weight.routerWeight)" : "setWeight \(weight.desiredWeight)")
        }
        for rs in rollout.replicaSets {
            guard let sample = rs.history.last(where: { $0.t <= t }), sample.replicas > 0 else { continue }
            parts.append("\(String(rs.podTemplateHash.prefix(10))) \(sample.available)/\(sample.replicas)")
        }
        return "[" + parts.joined(separator: ", ") + "]"
    }

    /// `HH:MM:SS` since t=0 (`-` before it).
    public static func clock(_ t: VirtualTime) -> String {
        let negative = t.milliseconds < 0
        let seconds = abs(t.milliseconds) / 1000
        func two(_ n: Int64) -> String { n < 10 ? "0\(n)" : String(n) }
        return (negative ? "-" : "") + "\(two(seconds / 3600)):\(two(seconds / 60 % 60)):\(two(seconds % 60))"
    }
}
