/// `rollout-sim compare A B`: two stored runs lined up rollout by rollout, step by step and
/// measurement by measurement (per analysis run and metric, by measurement index).
public struct RunComparison: Sendable {
    /// One value on both sides; `nil` where a side has none.
    public struct Pair: Sendable, Equatable {
        public var a: String?
        public var b: String?
        public var differs: Bool { a != b }
    }

    public struct StepDifference: Sendable, Equatable {
        public var index: Int
        public var a: String?
        public var b: String?
    }

    public struct MeasurementDifference: Sendable, Equatable {
        public var analysisRun: String
        public var metric: String
        /// 1-based, within the metric.
        public var index: Int
        public var a: StoredMeasurement?
        public var b: StoredMeasurement?
    }

    public struct RolloutComparison: Sendable {
        public var name: String
        public var namespace: String
        public var verdict: Pair
        public var abortedAt: Pair
        public var promotedAt: Pair
        public var steps: [StepDifference]
        public var measurements: [MeasurementDifference]
        public var canaryRequests: Pair
        public var canaryErrors: Pair

        /// How many things differ.
        public var differenceCount: Int {
            [verdict, abortedAt, promotedAt, canaryRequests, canaryErrors].filter(\.differs).count + steps.count + measurements.count
        }
    }

    public var a: StoredRun
    public var aID: RunID
    public var b: StoredRun
    public var bID: RunID
    public var rollouts: [RolloutComparison]

    public var differenceCount: Int { rollouts.reduce(0) { $0 + $1.differenceCount } }

    public init(_ a: StoredRun, id aID: RunID, _ b: StoredRun, id bID: RunID) {
        self.a = a
        self.aID = aID
        self.b = b
        self.bID = bID
        let factsA = StoredRolloutFacts.parse(a.summaryJSON), factsB = StoredRolloutFacts.parse(b.summaryJSON)
        var keys: [(String, String)] = a.rollouts.map { ($0.namespace, $0.name) }
        for r in b.rollouts where !keys.contains(where: { $0 == (r.namespace, r.name) }) { keys.append((r.namespace, r.name)) }
        rollouts = keys.map { key in
            let ra = a.rollouts.first { ($0.namespace, $0.name) == key }
            let rb = b.rollouts.first { ($0.namespace, $0.name) == key }
            let fa = ra.map { StoredRolloutFacts.find($0, in: factsA) }
            let fb = rb.map { StoredRolloutFacts.find($0, in: factsB) }
            func time(_ t: VirtualTime?) -> String { t.map(RunTimelineText.clock) ?? "-" }
            var steps: [StepDifference] = []
            let stepCount = max(ra?.steps.count ?? 0, rb?.steps.count ?? 0)
            func stepText(_ r: StoredRollout?, _ i: Int) -> String? {
                guard let r, let s = r.steps.first(where: { $0.index == i }) ?? (i < r.steps.count ? r.steps[i] : nil) else { return nil }
                return "\(s.step) started \(time(s.startedAt)) completed \(time(s.completedAt))"
            }
            let indices = Set((ra?.steps ?? []).map(\.index) + (rb?.steps ?? []).map(\.index)).sorted()
            for i in indices.isEmpty ? Array(0..<stepCount) : indices {
                let sa = stepText(ra, i), sb = stepText(rb, i)
                if sa != sb { steps.append(StepDifference(index: i, a: sa, b: sb)) }
            }
            var measurements: [MeasurementDifference] = []
            let runCount = max(ra?.analysisRuns.count ?? 0, rb?.analysisRuns.count ?? 0)
            for runIndex in 0..<runCount {
                let runA = ra.flatMap { runIndex < $0.analysisRuns.count ? $0.analysisRuns[runIndex] : nil }
                let runB = rb.flatMap { runIndex < $0.analysisRuns.count ? $0.analysisRuns[runIndex] : nil }
                var metrics: [String] = []
                for m in (runA?.measurements ?? []) + (runB?.measurements ?? []) where !metrics.contains(m.metric) { metrics.append(m.metric) }
                for metric in metrics {
                    let ma = runA?.measurements.filter { $0.metric == metric } ?? []
                    let mb = runB?.measurements.filter { $0.metric == metric } ?? []
                    for i in 0..<max(ma.count, mb.count) {
                        let x = i < ma.count ? ma[i] : nil, y = i < mb.count ? mb[i] : nil
                        if x?.value != y?.value || x?.phase != y?.phase || x?.finishedAt != y?.finishedAt {
                            measurements.append(MeasurementDifference(
                                analysisRun: runA?.name ?? runB?.name ?? "", metric: metric, index: i + 1, a: x, b: y))
                        }
                    }
                }
            }
            return RolloutComparison(
                name: key.1, namespace: key.0,
                verdict: Pair(a: ra?.phase, b: rb?.phase),
                abortedAt: Pair(a: fa.map { time($0.abortedAt) }, b: fb.map { time($0.abortedAt) }),
                promotedAt: Pair(a: ra.map { time($0.promotedAt) }, b: rb.map { time($0.promotedAt) }),
                steps: steps, measurements: measurements,
                canaryRequests: Pair(a: fa.map { String($0.requests.canary) }, b: fb.map { String($0.requests.canary) }),
                canaryErrors: Pair(a: fa.map { String($0.errors.canary) }, b: fb.map { String($0.errors.canary) }))
        }
    }

    public func text() -> String {
        var out = "A: \(aID) (\(a.scenarioName), seed \(a.seed), \(a.verdict))\n"
        out += "B: \(bID) (\(b.scenarioName), seed \(b.seed), \(b.verdict))\n"
        func pair(_ label: String, _ p: Pair) -> String {
            "  \(label): \(p.a ?? "(absent)") | \(p.b ?? "(absent)")\(p.differs ? "  differs" : "")\n"
        }
        func measurement(_ m: StoredMeasurement?) -> String {
            guard let m else { return "(none)" }
            return "\(m.value) \(m.phase) at \(m.finishedAt.map(RunTimelineText.clock) ?? "-")"
        }
        for r in rollouts {
            out += "\nrollout \(r.namespace)/\(r.name)\n"
            out += pair("verdict", r.verdict)
            out += pair("aborted at", r.abortedAt)
            out += pair("promoted at", r.promotedAt)
            out += pair("canary requests", r.canaryRequests)
            out += pair("canary errors", r.canaryErrors)
            if !r.steps.isEmpty {
                out += "  steps:\n"
                for s in r.steps { out += "    \(s.index): \(s.a ?? "(none)") | \(s.b ?? "(none)")\n" }
            }
            if !r.measurements.isEmpty {
                out += "  measurements:\n"
                for m in r.measurements {
                    out += "    \(m.analysisRun) \(m.metric) #\(m.index): \(measurement(m.a)) | \(measurement(m.b))\n"
                }
            }
        }
        let n = differenceCount
        out += "\n" + (n == 0 ? "no differences" : "\(n) difference\(n == 1 ? "" : "s")") + "\n"
        return out
    }

    public func json() -> String {
        let q = JSONText.quote
        func opt(_ s: String?) -> String { s.map(q) ?? "null" }
        func pair(_ p: Pair) -> String { "{\"a\": \(opt(p.a)), \"b\": \(opt(p.b)), \"differs\": \(p.differs)}" }
        func measurement(_ m: StoredMeasurement?) -> String {
            guard let m else { return "null" }
            return "{\"value\": \(q(m.value)), \"phase\": \(q(m.phase)), \"finishedAt\": \(m.finishedAt.map { String($0.milliseconds) } ?? "null")}"
        }
        var out = "{\n  \"a\": {\"id\": \(q(aID.rawValue)), \"scenario\": \(q(a.scenarioName)), \"seed\": \(a.seed), \"verdict\": \(q(a.verdict))},\n"
        out += "  \"b\": {\"id\": \(q(bID.rawValue)), \"scenario\": \(q(b.scenarioName)), \"seed\": \(b.seed), \"verdict\": \(q(b.verdict))},\n"
        out += "  \"differences\": \(differenceCount),\n"
        out += "  \"rollouts\": [" + rollouts.map { r in
            var text = "\n    {\"name\": \(q(r.name)), \"namespace\": \(q(r.namespace)), \"verdict\": \(pair(r.verdict)),\n"
            text += "     \"abortedAt\": \(pair(r.abortedAt)), \"promotedAt\": \(pair(r.promotedAt)),\n"
            text += "     \"canaryRequests\": \(pair(r.canaryRequests)), \"canaryErrors\": \(pair(r.canaryErrors)),\n"
            text += "     \"steps\": [" + r.steps.map { "{\"index\": \($0.index), \"a\": \(opt($0.a)), \"b\": \(opt($0.b))}" }.joined(separator: ", ") + "],\n"
            text += "     \"measurements\": [" + r.measurements.map {
                "\n       {\"analysisRun\": \(q($0.analysisRun)), \"metric\": \(q($0.metric)), \"index\": \($0.index), \"a\": \(measurement($0.a)), \"b\": \(measurement($0.b))}"
            }.joined(separator: ",") + "]}"
            return text
        }.joined(separator: ",") + "\n  ]\n}\n"
        return out
    }
}
