/// The kubectl plugin's `get rollout NAME` view of a rollout at the end of a run (reference §11.1),
/// without colour. Argo: PrintRollout (pkg/kubectl-argo-rollouts/cmd/get/get_rollout.go).
public enum RolloutTreeView {
    public static func render(_ rollout: RolloutOutcome, at now: VirtualTime) -> String {
        var lines: [String] = []
        func header(_ label: String, _ value: String) { lines.append(pad(label, 17) + value) }
        header("Name:", rollout.name)
        header("Namespace:", rollout.namespace)
        header("Status:", "\(phaseIcon(rollout.phase)) \(rollout.phase.rawValue)")
        if !rollout.status.message.isEmpty { header("Message:", rollout.status.message) }
        if rollout.isBlueGreen {
            header("Strategy:", "BlueGreen")
        } else {
            header("Strategy:", "Canary")
            let step = rollout.stepCount > 0 ? rollout.status.currentStepIndex.map { "\($0)/\(rollout.stepCount)" } ?? "" : ""
            header("  Step:", step)
            header("  SetWeight:", String(rollout.setWeight))
            header("  ActualWeight:", String(rollout.actualWeight))
        }
        var tagsByImage: [(image: String, tags: [String])] = []
        for rs in rollout.replicaSets where rs.specReplicas > 0 {
            let tags = replicaSetTags(rs, rollout)
            for image in rs.images {
                if let index = tagsByImage.firstIndex(where: { $0.image == image }) {
                    for tag in tags where !tagsByImage[index].tags.contains(tag) { tagsByImage[index].tags.append(tag) }
                } else {
                    tagsByImage.append((image, tags))
                }
            }
        }
        tagsByImage.sort { $0.image < $1.image }
        for (offset, entry) in tagsByImage.enumerated() {
            let tags = entry.tags.sorted()
            let text = tags.isEmpty ? entry.image : "\(entry.image) (\(tags.joined(separator: ", ")))"
            lines.append(pad(offset == 0 ? "Images:" : "", 17) + text)
        }
        lines.append("Replicas:")
        header("  Desired:", String(rollout.desiredReplicas))
        header("  Current:", String(rollout.status.replicas))
        header("  Updated:", String(rollout.status.updatedReplicas))
        header("  Ready:", String(rollout.status.readyReplicas))
        header("  Available:", String(rollout.status.availableReplicas))
        lines.append("")

        var rows: [[String]] = [["NAME", "KIND", "STATUS", "AGE", "INFO"]]
        rows.append(["⟳ \(rollout.name)", "Rollout", "\(phaseIcon(rollout.phase)) \(rollout.phase.rawValue)", age(now - (rollout.replicaSets.map(\.createdAt).min() ?? .zero)), ""])
        let revisions = Array(Set(rollout.replicaSets.map(\.revision))).sorted(by: >)
        for (revisionOffset, revision) in revisions.enumerated() {
            let lastRevision = revisionOffset == revisions.count - 1
            rows.append([(lastRevision ? "└──" : "├──") + "# revision:\(revision)", "", "", "", ""])
            let prefix = lastRevision ? "   " : "│  "
            let replicaSets = rollout.replicaSets.filter { $0.revision == revision }
            let runs = rollout.analysisRuns.filter { $0.revision == revision }.sorted { ($0.createdAt, $1.run.name) < ($1.createdAt, $0.run.name) }
            let children = replicaSets.count + runs.count
            var childIndex = 0
            for rs in replicaSets {
                childIndex += 1
                let last = childIndex == children
                var info = replicaSetTags(rs, rollout)
                if let deadline = rs.scaleDownDeadline { info.append(deadline > now ? "delay:\(age(deadline - now))" : "delay:passed") }
                let status = replicaSetStatus(rs)
                rows.append([prefix + (last ? "└──" : "├──") + "⧉ \(rs.name)", "ReplicaSet", status, age(now - rs.createdAt), info.joined(separator: ",")])
                let podPrefix = prefix + (last ? "   " : "│  ")
                let pods = rs.pods.sorted { ($0.createdAt, $0.name) < ($1.createdAt, $1.name) }
                for (podOffset, pod) in pods.enumerated() {
                    let podLast = podOffset == pods.count - 1
                    let (icon, text) = podStatus(pod)
                    var podInfo = "ready:\(pod.isReady && pod.isActive ? 1 : 0)/1"
                    if pod.restartCount > 0 { podInfo += ",restarts:\(pod.restartCount)" }
                    rows.append([podPrefix + (podLast ? "└──" : "├──") + "□ \(pod.name)", "Pod", "\(icon) \(text)", age(now - pod.createdAt), podInfo])
                }
            }
            for run in runs {
                childIndex += 1
                let last = childIndex == children
                // Argo: NewAnalysisRunInfo sums the metric results' measurement counters.
                let results = run.run.status.metricResults
                let successful = results.reduce(0) { $0 + $1.counters.successful }
                let failed = results.reduce(0) { $0 + $1.counters.failed }
                let inconclusive = results.reduce(0) { $0 + $1.counters.inconclusive }
                let errors = results.reduce(0) { $0 + $1.counters.error }
                var counters: [String] = []
                if successful > 0 { counters.append("✔ \(successful)") }
                if failed > 0 { counters.append("✖ \(failed)") }
                if inconclusive > 0 { counters.append("? \(inconclusive)") }
                if errors > 0 { counters.append("⚠ \(errors)") }
                let phase = run.summary.phase
                rows.append([prefix + (last ? "└──" : "├──") + "α \(run.run.name)", "AnalysisRun", "\(analysisIcon(phase)) \(phase)",
                             age(now - run.createdAt), counters.joined(separator: ",")])
            }
        }
        lines += table(rows)
        return lines.joined(separator: "\n") + "\n"
    }

    /// `stable`, `canary`, or for blue-green `stable` then `active` or `preview`.
    static func replicaSetTags(_ rs: ReplicaSetOutcome, _ rollout: RolloutOutcome) -> [String] {
        guard rollout.isBlueGreen else {
            if rs.role == "stable" { return ["stable"] }
            if rs.role == "canary" { return ["canary"] }
            return []
        }
        var tags: [String] = []
        if rs.podTemplateHash == rollout.status.stableRS { tags.append("stable") }
        if rs.role == "active" { tags.append("active") } else if rs.role == "preview" { tags.append("preview") }
        return tags
    }

    static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }

    /// Go's tabwriter with padding 2: every column but the last is as wide as its widest cell + 2.
    static func table(_ rows: [[String]]) -> [String] {
        let columns = rows.map(\.count).max() ?? 0
        var widths = [Int](repeating: 0, count: columns)
        for row in rows { for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) } }
        return rows.map { row in
            var line = ""
            for (index, cell) in row.enumerated() {
                line += index == columns - 1 ? cell : pad(cell, widths[index] + 2)
            }
            while line.hasSuffix(" ") { line.removeLast() }
            return line
        }
    }

    static func phaseIcon(_ phase: RolloutPhase) -> String {
        switch phase {
        case .healthy: return "✔"
        case .progressing: return "◌"
        case .paused: return "॥"
        case .degraded: return "✖"
        }
    }

    static func analysisIcon(_ phase: String) -> String {
        switch phase {
        case "Successful": return "✔"
        case "Running": return "◌"
        case "Failed": return "✖"
        case "Error": return "⚠"
        case "Inconclusive": return "?"
        default: return "◷"
        }
    }

    static func replicaSetStatus(_ rs: ReplicaSetOutcome) -> String {
        if rs.specReplicas == 0 { return "• ScaledDown" }
        let available = rs.history.last?.available ?? 0
        return available < rs.specReplicas ? "◌ Progressing" : "✔ Healthy"
    }

    static func podStatus(_ pod: Pod) -> (String, String) {
        if pod.isTerminating { return ("◌", "Terminating") }
        switch pod.container {
        case .creating: return ("◌", "ContainerCreating")
        case .crashLoopBackOff: return ("✖", "CrashLoopBackOff")
        case .running: return ("✔", "Running")
        }
    }

    /// Kubernetes' human duration (`duration.HumanDuration`): "45s", "5m", "3h59m", "7d".
    public static func age(_ d: SimDuration) -> String {
        let seconds = max(0, d.milliseconds / 1000)
        if seconds < 120 { return "\(seconds)s" }
        let minutes = seconds / 60
        if minutes < 10 { return seconds % 60 == 0 ? "\(minutes)m" : "\(minutes)m\(seconds % 60)s" }
        if minutes < 180 { return "\(minutes)m" }
        let hours = minutes / 60
        if hours < 8 { return minutes % 60 == 0 ? "\(hours)h" : "\(hours)h\(minutes % 60)m" }
        if hours < 48 { return "\(hours)h" }
        if hours < 24 * 8 { return hours % 24 == 0 ? "\(hours / 24)d" : "\(hours / 24)d\(hours % 24)h" }
        return "\(hours / 24)d"
    }
}
