import Foundation

// Closed forms of the load curve, so traffic is accrued exactly over any interval (DESIGN §5).

extension LoadCurve {
    /// Requests per second at `t`.
    public func rps(at t: VirtualTime) -> Double {
        let seconds = Double(t.milliseconds) / 1000
        switch self {
        case .constant(let rps):
            return rps
        case .steps(let steps):
            return Self.stepRPS(steps, atMs: t.milliseconds)
        case .diurnal(let low, let high, let period, let peakAt):
            let mid = (low + high) / 2, amplitude = (high - low) / 2
            return mid + amplitude * cos(2 * Double.pi * (seconds - peakAt.seconds) / period.seconds)
        }
    }

    /// The expected number of requests offered in `[from, to)`: ∫ rps dt, exactly.
    ///
    /// Steps: each step holds from its `at` until the next; before the first step the first
    /// step's rate holds (so the history before t=0 has traffic). Diurnal: the sinusoid
    /// mid + a·cos(2π(t − peakAt)/P) integrates to mid·Δt + a·P/(2π)·[sin(2π(t − peakAt)/P)].
    ///
    /// - Complexity: O(steps) for a step curve, O(1) otherwise.
    public func requests(from: VirtualTime, to: VirtualTime) -> Double {
        guard to > from else { return 0 }
        switch self {
        case .constant(let rps):
            return rps * Double(to.milliseconds - from.milliseconds) / 1000
        case .steps(let steps):
            guard !steps.isEmpty else { return 0 }
            var total = 0.0
            for index in steps.indices {
                let start = index == 0 ? Int64.min : steps[index].at.milliseconds
                let end = index + 1 < steps.count ? steps[index + 1].at.milliseconds : Int64.max
                let lo = max(start, from.milliseconds), hi = min(end, to.milliseconds)
                if hi > lo { total += steps[index].rps * Double(hi - lo) / 1000 }
            }
            return total
        case .diurnal(let low, let high, let period, let peakAt):
            let mid = (low + high) / 2, amplitude = (high - low) / 2
            let p = period.seconds
            let phase = { (t: VirtualTime) -> Double in 2 * Double.pi * (Double(t.milliseconds) / 1000 - peakAt.seconds) / p }
            let seconds = Double(to.milliseconds - from.milliseconds) / 1000
            return mid * seconds + amplitude * p / (2 * Double.pi) * (sin(phase(to)) - sin(phase(from)))
        }
    }

    /// Times in `(from, to]` where a step curve changes rate (empty for the other curves).
    public func stepChanges(after from: VirtualTime, through to: VirtualTime) -> [VirtualTime] {
        guard case .steps(let steps) = self else { return [] }
        return steps.dropFirst().map { VirtualTime(milliseconds: $0.at.milliseconds) }.filter { $0 > from && $0 <= to }
    }

    static func stepRPS(_ steps: [LoadStep], atMs t: Int64) -> Double {
        guard var rps = steps.first?.rps else { return 0 }
        for step in steps where step.at.milliseconds <= t { rps = step.rps }
        return rps
    }
}
