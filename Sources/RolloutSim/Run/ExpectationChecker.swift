import Foundation

/// The verdict on one `expect` item: whether it held, and what the run showed instead.
public struct ExpectationOutcome: Sendable {
    public var expectation: Expectation
    /// The item as written, in flow-YAML form (`{rollout: checkout, phase: Degraded}`): the test's name.
    public var text: String
    public var passed: Bool
    /// What the run showed, in words (`Healthy`, `aborted at 3m45s`, `max 5`).
    public var observed: String
    /// What the item asked for, in words (`rollout checkout to end Degraded`).
    public var wanted: String

    public var location: SourceLocation { expectation.location }

    /// `FILE:LINE:COLUMN: expected WANTED, observed OBSERVED`.
    public var message: String { "\(location): expected \(wanted), observed \(observed)" }
}

/// Checks `expect` items against a finished run. Times in items (`at`, `abortedWithin`,
/// `promotedWithin`) count from the scenario's t=0, which is `VirtualTime.zero` (the run itself
/// starts earlier, at `RunResult.start` = −`spec.history`, to fill Prometheus with history).
///
/// What each check reads:
/// - `phase` without `at`: the rollout's final `status.phase` (`RolloutOutcome.phase`).
/// - `phase` with `at: T`: the last entry of `RolloutOutcome.phases` whose time is at or before T
///   (no entry by then reads as "no phase recorded").
/// - `abortedWithin: D`: the time of the rollout's first `RolloutAborted` event (object
///   `Rollout/NAME`); without one, `status.abortedAt`. Holds when that time is ≤ D. A rollout
///   that never aborted fails with "not aborted".
/// - `promotedWithin: D`: the time of the first `RolloutCompleted` event on the rollout that
///   follows its first `RolloutUpdated` event — upstream emits it when the rollout becomes
///   Healthy on the new revision after an update (the initial deploy does not count). Holds when
///   that time is ≤ D.
/// - `maxRouterWeight: N`: the highest router weight in `RolloutOutcome.weights` is ≤ N.
/// - `minRouterWeight: N`: the highest router weight in `weights` is ≥ N — the canary got at least
///   that much traffic at some point (the lowest would be 0 for every canary, before its update).
/// - `maxEffectiveWeight` / `minEffectiveWeight`: the same over the effective weight. `RunResult`
///   stores it as a share from 0 to 1 (`WeightPoint.effectiveShare`, the contract's
///   `weights.effective`); it is multiplied by 100 to compare with the item's 0–100 value.
/// - `analysisRun {rollout, template}, phase`: `status.phase` of the last AnalysisRun of the
///   rollout (by creation time, then order) whose `templateNames` include the template.
/// - `canaryRequestsServed` / `canaryErrorsServed`: `RolloutOutcome.canaryServed` — the totals
///   served by every revision after the one that was stable at t=0 — within `{min, max}`.
/// - `event` / `noEvent`: `RunResult.events` matched by exact reason, exact object (`Kind/name`)
///   when given, and message substring when given; `event` holds when one matches, `noEvent`
///   when none does.
///
/// A rollout the run does not know fails every check with "no rollout NAME in the run".
public enum ExpectationChecker {
    /// Checks every expectation of the scenario, in the order written.
    public static func check(_ expectations: [Expectation], against result: RunResult) -> [ExpectationOutcome] {
        expectations.map { check($0, against: result) }
    }

    public static func check(_ expectation: Expectation, against result: RunResult) -> ExpectationOutcome {
        let text = ExpectationText.render(expectation.check)
        let verdict = evaluate(expectation.check, result)
        return ExpectationOutcome(expectation: expectation, text: text, passed: verdict.passed,
                                  observed: verdict.observed, wanted: verdict.wanted)
    }

    struct Verdict {
        var passed: Bool
        var wanted: String
        var observed: String
    }

    static func evaluate(_ check: Expectation.Check, _ result: RunResult) -> Verdict {
        switch check {
        case .phase(let ref, let phase, let at):
            let wanted = at.map { "rollout \(ref.description) to be \(phase) at \($0)" } ?? "rollout \(ref.description) to end \(phase)"
            guard let rollout = find(ref, result) else { return missing(ref, wanted) }
            let observed: String?
            if let at {
                let limit = at.milliseconds
                observed = rollout.phases.last(where: { $0.t.milliseconds <= limit })?.phase.rawValue
            } else {
                observed = rollout.phase.rawValue
            }
            return Verdict(passed: observed == phase, wanted: wanted, observed: observed ?? "no phase recorded by then")

        case .abortedWithin(let ref, let bound):
            let wanted = "rollout \(ref.description) to abort within \(bound)"
            guard let rollout = find(ref, result) else { return missing(ref, wanted) }
            guard let when = abortTime(rollout, result) else {
                return Verdict(passed: false, wanted: wanted, observed: "not aborted (ended \(rollout.phase.rawValue))")
            }
            let elapsed = since(result, when)
            return Verdict(passed: elapsed <= bound, wanted: wanted, observed: "aborted at \(elapsed)")

        case .promotedWithin(let ref, let bound):
            let wanted = "rollout \(ref.description) to complete its update within \(bound)"
            guard let rollout = find(ref, result) else { return missing(ref, wanted) }
            guard let when = completionTime(rollout, result) else {
                return Verdict(passed: false, wanted: wanted, observed: "no update completed (ended \(rollout.phase.rawValue))")
            }
            let elapsed = since(result, when)
            return Verdict(passed: elapsed <= bound, wanted: wanted, observed: "completed at \(elapsed)")

        case .routerWeight(let ref, let bound, let value):
            return weightVerdict(ref, bound: bound, value: value, name: "router weight", result) { Double($0.routerWeight) }

        case .effectiveWeight(let ref, let bound, let value):
            return weightVerdict(ref, bound: bound, value: value, name: "effective weight", result) { $0.effectiveShare * 100 }

        case .analysisRunPhase(let ref, let template, let phase):
            let wanted = "analysisRun \(ref.description)/\(template) to end \(phase)"
            guard let rollout = find(ref, result) else { return missing(ref, wanted) }
            guard let run = lastRun(of: rollout, template: template) else {
                return Verdict(passed: false, wanted: wanted, observed: "no analysis run of template \(template)")
            }
            let observed = run.run.status.phase.rawValue.isEmpty ? "no phase" : run.run.status.phase.rawValue
            return Verdict(passed: observed == phase, wanted: wanted, observed: observed)

        case .canaryRequestsServed(let ref, let range):
            return countVerdict(ref, range: range, name: "canary requests served", result) { $0.canaryServed.requests }

        case .canaryErrorsServed(let ref, let range):
            return countVerdict(ref, range: range, name: "canary errors served", result) { $0.canaryServed.errors }

        case .event(let pattern, let seen):
            let found = result.events.filter { eventMatches($0, pattern) }
            let described = describe(pattern)
            if seen {
                let observed: String
                if let first = found.first {
                    observed = "\(first.reason) at \(since(result, first.t)) on \(first.object)"
                } else {
                    let sameReason = result.events.filter { $0.reason == pattern.reason }
                    observed = sameReason.isEmpty
                        ? "no \(pattern.reason) event"
                        : "\(sameReason.count) \(pattern.reason) event(s), none matching (first at \(since(result, sameReason[0].t)) on \(sameReason[0].object): \"\(sameReason[0].message)\")"
                }
                return Verdict(passed: !found.isEmpty, wanted: "an event \(described)", observed: observed)
            }
            let observed = found.first.map { "\($0.reason) at \(since(result, $0.t)) on \($0.object): \"\($0.message)\"" } ?? "none"
            return Verdict(passed: found.isEmpty, wanted: "no event \(described)", observed: observed)
        }
    }

    // MARK: - What the checks read

    static func find(_ ref: RolloutReference, _ result: RunResult) -> RolloutOutcome? {
        result.rollouts.first { $0.name == ref.name && (ref.namespace == nil || ref.namespace == $0.namespace) }
    }

    /// The first `RolloutAborted` event on the rollout; else `status.abortedAt`.
    static func abortTime(_ rollout: RolloutOutcome, _ result: RunResult) -> VirtualTime? {
        let object = "Rollout/\(rollout.name)"
        return result.events.first { $0.reason == "RolloutAborted" && $0.object == object }?.t ?? rollout.abortedAt
    }

    /// The first `RolloutCompleted` event on the rollout after its first `RolloutUpdated` event.
    static func completionTime(_ rollout: RolloutOutcome, _ result: RunResult) -> VirtualTime? {
        let object = "Rollout/\(rollout.name)"
        guard let updated = result.events.firstIndex(where: { $0.reason == "RolloutUpdated" && $0.object == object }) else { return nil }
        return result.events[updated...].first { $0.reason == "RolloutCompleted" && $0.object == object }?.t
    }

    /// The last run (by creation time; ties keep their order) whose templates include `template`.
    static func lastRun(of rollout: RolloutOutcome, template: String) -> AnalysisRunOutcome? {
        rollout.analysisRuns.enumerated()
            .filter { $0.element.run.templateNames.contains(template) }
            .max { ($0.element.createdAt, $0.offset) < ($1.element.createdAt, $1.offset) }?.element
    }

    static func eventMatches(_ event: RunEvent, _ pattern: EventPattern) -> Bool {
        event.reason == pattern.reason
            && (pattern.object.map { $0 == event.object } ?? true)
            && (pattern.messageContains.map { event.message.contains($0) } ?? true)
    }

    // MARK: - Helpers

    private static func missing(_ ref: RolloutReference, _ wanted: String) -> Verdict {
        Verdict(passed: false, wanted: wanted, observed: "no rollout \(ref.description) in the run")
    }

    /// Time since the scenario's t=0.
    private static func since(_ result: RunResult, _ t: VirtualTime) -> SimDuration {
        SimDuration(milliseconds: t.milliseconds)
    }

    private static func weightVerdict(_ ref: RolloutReference, bound: Expectation.Bound, value: Double, name: String,
                                      _ result: RunResult, _ read: (WeightPoint) -> Double) -> Verdict {
        let wanted = bound == .max
            ? "rollout \(ref.description) \(name) to stay at most \(number(value))"
            : "rollout \(ref.description) \(name) to reach at least \(number(value))"
        guard let rollout = find(ref, result) else { return missing(ref, wanted) }
        let peak = rollout.weights.map(read).max() ?? 0
        // Shares times 100 carry float noise (0.0498 * 100); compare with a small tolerance.
        let epsilon = 1e-9
        let passed = bound == .max ? peak <= value + epsilon : peak >= value - epsilon
        return Verdict(passed: passed, wanted: wanted, observed: "max \(number(peak))")
    }

    private static func countVerdict(_ ref: RolloutReference, range: CountRange, name: String,
                                     _ result: RunResult, _ read: (RolloutOutcome) -> Int) -> Verdict {
        let bounds: String
        switch (range.min, range.max) {
        case let (low?, high?) where low == high: bounds = "exactly \(number(low))"
        case let (low?, high?): bounds = "between \(number(low)) and \(number(high))"
        case let (low?, nil): bounds = "at least \(number(low))"
        case let (nil, high?): bounds = "at most \(number(high))"
        case (nil, nil): bounds = "any number of"
        }
        let wanted = "rollout \(ref.description) \(name) to be \(bounds)"
        guard let rollout = find(ref, result) else { return missing(ref, wanted) }
        let count = read(rollout)
        return Verdict(passed: range.contains(Double(count)), wanted: wanted, observed: "\(count)")
    }

    private static func describe(_ pattern: EventPattern) -> String {
        var text = pattern.reason
        if let object = pattern.object { text += " on \(object)" }
        if let message = pattern.messageContains { text += " with message containing \"\(message)\"" }
        return text
    }

    /// `5`, `4.98`: whole numbers without a fraction, others with up to 4 decimals.
    static func number(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        var text = String(format: "%.4f", value)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }
}
