/// Views of a stored run, rebuilt from the stored rows alone (DESIGN principle 7: no
/// re-simulation): the timeline of `runs show`, the tree of `get rollout --at T`, the
/// measurements of `get analysisrun`.
public enum StoredRunText {
    /// The timeline and trees as `rollout-sim run` prints them, from stored data. Pods are not
    /// stored, so the trees list ReplicaSets and AnalysisRuns only.
    public static func render(_ run: StoredRun) -> String {
        let facts = StoredRolloutFacts.parse(run.summaryJSON)
        let clock = RunTimelineText.clock
        var out = "Scenario \(run.scenarioName) (seed \(run.seed)), simulated until \(clock(run.endedAt))\n\n"
        for event in run.events where !RunTimelineText.quietReasons.contains(event.reason) && !event.object.hasPrefix("Pod/") {
            var line = "\(clock(event.t))  \(event.object)  \(event.reason): \(event.message)"
            if let rollout = run.rollouts.first(where: { owns($0, event.object) }) {
                line += "  " + state(of: rollout, at: event.t)
            }
            out += line + "\n"
        }
        for rollout in run.rollouts {
            out += "\n" + tree(rollout, facts: StoredRolloutFacts.find(rollout, in: facts), at: run.endedAt, end: run.endedAt)
        }
        out += "\n"
        for rollout in run.rollouts {
            let f = StoredRolloutFacts.find(rollout, in: facts)
            var line = "\(rollout.namespace)/\(rollout.name): \(rollout.phase)"
            if let abortedAt = f.abortedAt { line += ", aborted at \(clock(abortedAt))" }
            line += "; requests stable \(f.requests.stable) (\(f.errors.stable) errors)"
            line += ", canary \(f.requests.canary) (\(f.errors.canary) errors)"
            out += line + "\n"
        }
        out += "digest \(run.resultDigest)\n"
        return out
    }

    static func owns(_ rollout: StoredRollout, _ object: String) -> Bool {
        object == "Rollout/" + rollout.name || object.hasPrefix("AnalysisRun/" + rollout.name + "-")
            || object.hasPrefix("ReplicaSet/" + rollout.name + "-")
    }

    static func state(of rollout: StoredRollout, at t: VirtualTime) -> String {
        var parts: [String] = []
        if let weight = rollout.weights.last(where: { $0.t <= t }) {
            parts.append(rollout.isTrafficRouted() ? "weight \(weight.desiredWeight)/\(weight.routerWeight)" : "setWeight \(weight.desiredWeight)")
        }
        for rs in rollout.replicaSets {
            guard let sample = rs.history.last(where: { $0.t <= t }), sample.replicas > 0 else { continue }
            parts.append("\(String(rs.podTemplateHash.prefix(10))) \(sample.available)/\(sample.replicas)")
        }
        return "[" + parts.joined(separator: ", ") + "]"
    }

    /// The plugin's tree view of a stored rollout at virtual time `t` (≤ `end`), rebuilt from its
    /// phases, steps, weights, ReplicaSet histories and analysis runs.
    public static func tree(_ rollout: StoredRollout, facts: StoredRolloutFacts, at t: VirtualTime, end: VirtualTime) -> String {
        let atEnd = t >= end
        let t = min(t, end)
        let pad = RolloutTreeView.pad
        var lines: [String] = []
        func header(_ label: String, _ value: String) { lines.append(pad(label, 17) + value) }
        let phaseRecord = rollout.phase(at: t)
        let phaseText = atEnd ? rollout.phase : phaseRecord?.phase ?? rollout.phase
        let message = atEnd ? rollout.message : phaseRecord?.message ?? ""
        let phase = RolloutPhase(rawValue: phaseText) ?? .progressing
        header("Name:", rollout.name)
        header("Namespace:", rollout.namespace)
        header("Status:", "\(RolloutTreeView.phaseIcon(phase)) \(phaseText)")
        if !message.isEmpty { header("Message:", message) }
        if facts.isBlueGreen {
            header("Strategy:", "BlueGreen")
        } else {
            header("Strategy:", "Canary")
            let stepCount = max(facts.stepCount, rollout.steps.count)
            let current: Int? = atEnd ? facts.currentStepIndex : stepIndex(rollout, at: t, stepCount: stepCount)
            header("  Step:", stepCount > 0 ? current.map { "\($0)/\(stepCount)" } ?? "" : "")
            let weight = rollout.weights.last { $0.t <= t }
            header("  SetWeight:", String(atEnd ? facts.setWeight : weight?.desiredWeight ?? 0))
            let actual = weight.map { rollout.isTrafficRouted() ? $0.routerWeight : Int(($0.effectiveShare * 100).rounded()) } ?? 0
            header("  ActualWeight:", String(atEnd ? facts.actualWeight : actual))
        }
        let samples = rollout.replicaSets.map { rs in (rs, rs.history.last { $0.t <= t }) }
        let newest = rollout.replicaSets.map(\.revision).max()
        lines.append("Replicas:")
        // Not stored: the replicas the first revision ran with is the best stored estimate.
        let desired = rollout.replicaSets.min { $0.revision < $1.revision }.map { rs in rs.history.first(where: { $0.replicas > 0 })?.replicas ?? 0 } ?? 0
        header("  Desired:", String(desired))
        header("  Current:", String(samples.reduce(0) { $0 + ($1.1?.replicas ?? 0) }))
        header("  Updated:", String(samples.filter { $0.0.revision == newest }.reduce(0) { $0 + ($1.1?.replicas ?? 0) }))
        header("  Ready:", String(samples.reduce(0) { $0 + ($1.1?.ready ?? 0) }))
        header("  Available:", String(samples.reduce(0) { $0 + ($1.1?.available ?? 0) }))
        lines.append("")

        // Creation times are not stored: the first revision ran from before the run's start; later
        // ones from their first replica-count sample.
        let firstRevision = rollout.replicaSets.map(\.revision).min()
        func createdAt(_ rs: StoredReplicaSet) -> VirtualTime {
            let first = rs.history.first?.t ?? .zero
            return rs.revision == firstRevision ? min(first, .zero) : first
        }
        let created = rollout.replicaSets.map(createdAt).min() ?? .zero
        var rows: [[String]] = [["NAME", "KIND", "STATUS", "AGE", "INFO"]]
        rows.append(["⟳ \(rollout.name)", "Rollout", "\(RolloutTreeView.phaseIcon(phase)) \(phaseText)", RolloutTreeView.age(t - created), ""])
        let visibleSets = rollout.replicaSets.filter { createdAt($0) <= t }
        let visibleRuns = rollout.analysisRuns.filter { ($0.startedAt ?? end) <= t }
        let revisions = Array(Set(visibleSets.map(\.revision))).sorted(by: >)
        let roleTags = rollout.tags(at: t, facts: facts, end: end)
        for (offset, revision) in revisions.enumerated() {
            let lastRevision = offset == revisions.count - 1
            rows.append([(lastRevision ? "└──" : "├──") + "# revision:\(revision)", "", "", "", ""])
            let prefix = lastRevision ? "   " : "│  "
            let sets = visibleSets.filter { $0.revision == revision }
            let hashes = Set(sets.map(\.podTemplateHash))
            let runs = visibleRuns.filter { run in hashes.contains { run.name.contains($0) } }
            let children = sets.count + runs.count
            var child = 0
            for rs in sets {
                child += 1
                let sample = rs.history.last { $0.t <= t }
                let replicas = sample?.replicas ?? 0
                let status = replicas == 0 ? "• ScaledDown" : (sample?.available ?? 0) < replicas ? "◌ Progressing" : "✔ Healthy"
                let info = (roleTags[rs.podTemplateHash] ?? []).joined(separator: ",")
                rows.append([prefix + (child == children ? "└──" : "├──") + "⧉ \(rollout.name)-\(rs.podTemplateHash)", "ReplicaSet", status,
                             RolloutTreeView.age(t - createdAt(rs)), info])
            }
            for run in runs {
                child += 1
                let (runPhase, counters) = analysisState(run, at: t)
                rows.append([prefix + (child == children ? "└──" : "├──") + "α \(run.name)", "AnalysisRun",
                             "\(RolloutTreeView.analysisIcon(runPhase)) \(runPhase)", RolloutTreeView.age(t - (run.startedAt ?? .zero)), counters])
            }
        }
        lines += RolloutTreeView.table(rows)
        return lines.joined(separator: "\n") + "\n"
    }

    /// The step the rollout is on at `t`: the number of steps completed by then.
    static func stepIndex(_ rollout: StoredRollout, at t: VirtualTime, stepCount: Int) -> Int? {
        guard rollout.steps.contains(where: { $0.startedAt <= t }) else { return nil }
        let completed = rollout.steps.filter { ($0.completedAt.map { $0 <= t }) ?? false }.count
        return min(completed, stepCount)
    }

    /// An analysis run's phase at `t` (Running until it finished) and the plugin's counters
    /// (`✔ 2,✖ 1`) of the measurements finished by then.
    static func analysisState(_ run: StoredAnalysisRun, at t: VirtualTime) -> (String, String) {
        let finished = run.finishedAt.map { $0 <= t } ?? false
        let phase = finished ? run.phase : "Running"
        let done = run.measurements.filter { ($0.finishedAt.map { $0 <= t }) ?? false }
        var counters: [String] = []
        for (name, icon) in [("Successful", "✔"), ("Failed", "✖"), ("Inconclusive", "?"), ("Error", "⚠")] {
            let n = done.filter { $0.phase == name }.count
            if n > 0 { counters.append("\(icon) \(n)") }
        }
        return (phase, counters.joined(separator: ","))
    }

    /// `get analysisrun`: every measurement with its value, phase and deciding condition.
    public static func analysisRun(_ run: StoredAnalysisRun, rollout: StoredRollout) -> String {
        let clock = RunTimelineText.clock
        var out = "Name:            \(run.name)\n"
        out += "Rollout:         \(rollout.namespace)/\(rollout.name)\n"
        out += "Kind:            \(run.kind)\n"
        out += "Templates:       \(run.templates.joined(separator: ", "))\n"
        out += "Status:          \(RolloutTreeView.analysisIcon(run.phase)) \(run.phase)\n"
        if !run.message.isEmpty { out += "Message:         \(run.message)\n" }
        out += "Started:         \(run.startedAt.map(clock) ?? "-")\n"
        out += "Finished:        \(run.finishedAt.map(clock) ?? "-")\n\n"
        var rows: [[String]] = [["METRIC", "#", "TAKEN", "PHASE", "VALUE", "CONDITION", "MESSAGE"]]
        var index: [String: Int] = [:]
        for m in run.measurements {
            index[m.metric, default: 0] += 1
            rows.append([m.metric, String(index[m.metric]!), m.finishedAt.map(clock) ?? m.startedAt.map(clock) ?? "-", m.phase,
                         m.value, m.conditionMatched ?? "-", m.message])
        }
        out += RolloutTreeView.table(rows).joined(separator: "\n") + "\n"
        let queries = Dictionary(run.measurements.compactMap { m in m.renderedQuery.map { (m.metric, $0) } }, uniquingKeysWith: { a, _ in a })
        if !queries.isEmpty {
            out += "\nQueries:\n"
            for metric in queries.keys.sorted() {
                let lines = queries[metric]!.split(separator: "\n", omittingEmptySubsequences: true)
                    .map { $0.trimmingPrefix(while: { $0 == " " || $0 == "\t" }) }
                out += "  \(metric): " + lines.joined(separator: "\n    ") + "\n"
            }
        }
        return out
    }

    public static func analysisRunJSON(_ run: StoredAnalysisRun, rollout: StoredRollout) -> String {
        let q = JSONText.quote
        func time(_ t: VirtualTime?) -> String { t.map { String($0.milliseconds) } ?? "null" }
        var out = "{\"name\": \(q(run.name)), \"rollout\": \(q(rollout.name)), \"namespace\": \(q(rollout.namespace)), "
        out += "\"kind\": \(q(run.kind)), \"templates\": [\(run.templates.map(q).joined(separator: ", "))], "
        out += "\"phase\": \(q(run.phase)), \"message\": \(q(run.message)), \"startedAt\": \(time(run.startedAt)), \"finishedAt\": \(time(run.finishedAt)),\n"
        out += " \"measurements\": [" + run.measurements.map { m in
            var text = "\n  {\"metric\": \(q(m.metric)), \"startedAt\": \(time(m.startedAt)), \"finishedAt\": \(time(m.finishedAt)), "
            text += "\"phase\": \(q(m.phase)), \"value\": \(q(m.value)), \"condition\": \(m.conditionMatched.map(q) ?? "null")"
            if let query = m.renderedQuery { text += ", \"query\": \(q(query))" }
            if !m.message.isEmpty { text += ", \"message\": \(q(m.message))" }
            return text + "}"
        }.joined(separator: ",") + "\n ]}\n"
        return out
    }
}
