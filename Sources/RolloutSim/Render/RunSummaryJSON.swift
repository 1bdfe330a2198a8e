/// The run summary of `rollout-sim run --output json` (CONTRACT §3), written by hand with a fixed
/// key order so equal runs print equal bytes.
public enum RunSummaryJSON {
    public static func render(_ result: RunResult) -> String {
        var out = "{\n"
        out += "  \"scenario\": \(q(result.scenarioName)), \"seed\": \(result.seed), \"runId\": \(q(result.runId)), "
        out += "\"digest\": \(q(result.digest)),\n"
        out += "  \"end\": \(result.end.milliseconds),\n"
        out += "  \"rollouts\": [" + result.rollouts.map(rollout).joined(separator: ",") + "\n  ],\n"
        out += "  \"events\": [" + result.events.map { event in
            "\n    {\"t\": \(event.t.milliseconds), \"object\": \(q(event.object)), \"reason\": \(q(event.reason)), \"message\": \(q(event.message))}"
        }.joined(separator: ",") + "\n  ]\n"
        out += "}\n"
        return out
    }

    static func q(_ text: String) -> String { JSONText.quote(text) }

    static func optionalTime(_ t: VirtualTime?) -> String { t.map { String($0.milliseconds) } ?? "null" }
    static func optionalMs(_ t: Int64?) -> String { t.map(String.init) ?? "null" }

    /// A share with 4 decimals, formatted without floating-point printing (deterministic everywhere).
    static func share(_ value: Double) -> String {
        let scaled = Int64((value * 10_000).rounded())
        let whole = scaled / 10_000
        var fraction = String(scaled % 10_000)
        while fraction.count < 4 { fraction = "0" + fraction }
        while fraction.hasSuffix("0") { fraction.removeLast() }
        return fraction.isEmpty ? String(whole) : "\(whole).\(fraction)"
    }

    static func rollout(_ r: RolloutOutcome) -> String {
        var out = "\n    {\n"
        out += "      \"name\": \(q(r.name)), \"namespace\": \(q(r.namespace)),\n"
        let message = r.status.message.isEmpty ? "" : r.status.message
        out += "      \"phase\": \(q(r.phase.rawValue)), \"message\": \(q(message)), \"argocdHealth\": \(q(r.argocdHealth.status.rawValue)), "
        out += "\"aborted\": \(r.isAborted), \"abortedAt\": \(optionalTime(r.abortedAt)),\n"
        out += "      \"currentStepIndex\": \(r.status.currentStepIndex.map(String.init) ?? "null"), \"stepCount\": \(r.stepCount), "
        out += "\"setWeight\": \(r.setWeight), \"actualWeight\": \(r.actualWeight),\n"
        out += "      \"phases\": [" + r.phases.map { "{\"t\": \($0.t.milliseconds), \"phase\": \(q($0.phase.rawValue)), \"message\": \(q($0.message))}" }
            .joined(separator: ", ") + "],\n"
        out += "      \"steps\": [" + r.steps.map {
            "\n        {\"index\": \($0.index), \"step\": \(q($0.step)), \"startedAt\": \($0.startedAt.milliseconds), \"completedAt\": \(optionalTime($0.completedAt))}"
        }.joined(separator: ",") + "],\n"
        out += "      \"weights\": [" + r.weights.map {
            "\n        {\"t\": \($0.t.milliseconds), \"desired\": \($0.desiredWeight), \"router\": \($0.routerWeight), \"effective\": \(share($0.effectiveShare))}"
        }.joined(separator: ",") + "],\n"
        out += "      \"replicaSets\": [" + r.replicaSets.map { rs in
            "\n        {\"name\": \(q(rs.name)), \"podTemplateHash\": \(q(rs.podTemplateHash)), \"revision\": \(rs.revision), \"role\": \(q(rs.role)),\n"
                + "         \"history\": [" + rs.history.map {
                    "{\"t\": \($0.t.milliseconds), \"replicas\": \($0.replicas), \"ready\": \($0.ready), \"available\": \($0.available)}"
                }.joined(separator: ", ") + "]}"
        }.joined(separator: ",") + "],\n"
        if r.isBlueGreen {
            func selectors(_ points: [SelectorPoint]) -> String {
                "[" + points.map { "{\"t\": \($0.t.milliseconds), \"podTemplateHash\": \(q($0.podTemplateHash))}" }.joined(separator: ", ") + "]"
            }
            out += "      \"activeSelector\": \(selectors(r.activeSelectorHistory)),\n"
            out += "      \"previewSelector\": \(selectors(r.previewSelectorHistory)),\n"
        }
        out += "      \"analysisRuns\": [" + r.analysisRuns.map(analysisRun).joined(separator: ",") + "],\n"
        out += "      \"requests\": {\"stable\": \(r.stableServed.requests), \"canary\": \(r.canaryServed.requests)},\n"
        out += "      \"errors\": {\"stable\": \(r.stableServed.errors), \"canary\": \(r.canaryServed.errors)}\n"
        out += "    }"
        return out
    }

    static func analysisRun(_ run: AnalysisRunOutcome) -> String {
        let s = run.summary
        var out = "\n        {\"name\": \(q(s.name)), \"kind\": \(q(s.kind)), \"templates\": [" + s.templates.map(q).joined(separator: ", ") + "], "
        out += "\"phase\": \(q(s.phase)), \"message\": \(q(s.message)), \"startedAt\": \(optionalMs(s.startedAt)), \"finishedAt\": \(optionalMs(s.finishedAt)),\n"
        out += "         \"metrics\": [" + s.metrics.map { metric in
            "\n          {\"name\": \(q(metric.name)), \"phase\": \(q(metric.phase)), \"measurements\": [" + metric.measurements.map { m in
                var text = "\n            {\"startedAt\": \(optionalMs(m.startedAt)), \"finishedAt\": \(optionalMs(m.finishedAt)), \"phase\": \(q(m.phase)), "
                text += "\"value\": \(q(m.value))"
                if let query = m.query { text += ", \"query\": \(q(query))" }
                if !m.message.isEmpty { text += ", \"message\": \(q(m.message))" }
                return text + "}"
            }.joined(separator: ",") + "]}"
        }.joined(separator: ",") + "]}"
        return out
    }
}
