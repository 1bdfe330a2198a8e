/// One pod's request accounting: the share of its rollout's load it receives, and the counters
/// its process exposes, advanced lazily (DESIGN §5).
///
/// Between two calls of ``accrue(to:load:behaviour:bucketBounds:)`` the pod's rate is constant (or
/// the diurnal curve), so one call draws the whole segment: requests ~ Poisson(share·∫load),
/// shed ~ Binomial(requests, 1 − 1/ρ), errors ~ Binomial(rest, errorRate), the latency histogram
/// ~ Multinomial(requests, bucket probabilities of the log-normal), the latency sum from the
/// segment's sum of log-normals. The cost is O(buckets) per call, whatever the rate.
struct PodTraffic: Sendable {
    /// The share of the rollout's offered load that reaches this pod.
    var share: Double = 0
    /// Requests per second reaching this pod on top of its share: its part of a blue-green
    /// rollout's preview load (`traffic.previewRps`), spread over the preview Service's endpoints.
    var extraRps: Double = 0
    var lastAccrued: VirtualTime
    var random: SimRandom

    // The process' counters: reset when the container restarts.
    var ok = 0
    var serverErrors = 0
    var shed = 0
    /// Non-cumulative counts per bucket, the last one above the largest bound (+Inf).
    var bucketCounts: [Int]
    var latencySum = 0.0

    /// Totals over every process of the pod, for the run summary.
    var served = ServedTotals()

    /// The multinomial of the last latency distribution used, so a pod at a steady level builds
    /// it once.
    private var cachedLatency: LogNormalDistribution?
    private var cachedBuckets: MultinomialDistribution?
    private var scratch: [Int]

    init(start: VirtualTime, random: SimRandom, bucketCount: Int) {
        lastAccrued = start
        self.random = random
        bucketCounts = Array(repeating: 0, count: bucketCount + 1)
        scratch = bucketCounts
    }

    var count: Int { ok + serverErrors + shed }

    /// Zeroes the process' counters (a container restart).
    mutating func restartProcess() {
        ok = 0; serverErrors = 0; shed = 0; latencySum = 0
        for index in bucketCounts.indices { bucketCounts[index] = 0 }
    }

    /// Advances the counters to `t` at the current share.
    mutating func accrue(to t: VirtualTime, load: LoadCurve, behaviour: VersionBehaviour, bucketBounds: [Double]) {
        defer { lastAccrued = t }
        guard t > lastAccrued, share > 0 || extraRps > 0 else { return }
        var offered = share * load.requests(from: lastAccrued, to: t)
        if extraRps > 0 { offered += extraRps * Double(t.milliseconds - lastAccrued.milliseconds) / 1000 }
        guard offered > 0 else { return }
        let requests = PoissonDistribution(mean: offered).sample(using: &random)
        guard requests > 0 else { return }
        let seconds = Double(t.milliseconds - lastAccrued.milliseconds) / 1000
        let level = ServiceLevel(behaviour: behaviour, podRPS: offered / seconds)

        let shedNow = level.shedProbability > 0
            ? BinomialDistribution(trials: requests, probability: level.shedProbability).sample(using: &random) : 0
        let errorsNow = level.errorProbability > 0
            ? BinomialDistribution(trials: requests - shedNow, probability: level.errorProbability).sample(using: &random) : 0
        shed += shedNow
        serverErrors += errorsNow
        ok += requests - shedNow - errorsNow
        served.requests += requests
        served.errors += shedNow + errorsNow

        let buckets = multinomial(for: level.latency, bounds: bucketBounds)
        buckets.sample(trials: requests, into: &scratch, using: &random)
        for index in scratch.indices { bucketCounts[index] += scratch[index] }
        latencySum += Self.sumOfLatencies(count: requests, latency: level.latency, using: &random)
    }

    private mutating func multinomial(for latency: LogNormalDistribution, bounds: [Double]) -> MultinomialDistribution {
        if let cachedBuckets, cachedLatency == latency { return cachedBuckets }
        var weights: [Double] = []
        weights.reserveCapacity(bounds.count + 1)
        var below = 0.0
        for bound in bounds {
            let cdf = latency.probability(below: bound)
            weights.append(max(0, cdf - below))
            below = max(below, cdf)
        }
        weights.append(max(0, 1 - below))
        if weights.allSatisfy({ $0 == 0 }) { weights[weights.count - 1] = 1 }
        let distribution = MultinomialDistribution(weights: weights)
        cachedLatency = latency
        cachedBuckets = distribution
        return distribution
    }

    /// The sum of `count` log-normal latencies: exact draws up to 32 requests; above, the normal
    /// approximation N(n·m, n·v) of the central limit theorem (m, v the log-normal's mean and
    /// variance), clamped at zero. `_sum` only feeds averages, where its relative error
    /// √(v/n)/m is already below the Poisson noise of `_count`.
    static func sumOfLatencies(count: Int, latency: LogNormalDistribution, using random: inout SimRandom) -> Double {
        if count <= 32 {
            var sum = 0.0
            for _ in 0..<count { sum += latency.sample(using: &random) }
            return sum
        }
        let n = Double(count)
        let draw = NormalDistribution(mean: n * latency.mean, standardDeviation: (n * latency.variance).squareRoot())
            .sample(using: &random)
        return max(0, draw)
    }
}
