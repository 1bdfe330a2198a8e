import PromQL

// The monitoring side of the world: scrape targets, samples, staleness, recording rules, queries.

extension World {
    /// The target labels of a pod, rendered from `prometheus.targetLabels`, and its offset.
    func makeTarget(for pod: Pod) -> ScrapeTarget {
        var labels: [Label] = []
        for targetLabel in configuration.prometheus.targetLabels {
            let value = TargetLabelTemplate.render(targetLabel.template) { variable in
                switch variable {
                case "pod.name": return pod.name
                case "pod.namespace": return pod.namespace
                case "pod.ip": return pod.ip
                case "pod.node": return "sim-node"
                case "rollout.name": return pod.rolloutName
                case "rollout.namespace": return pod.namespace
                default:
                    if variable.hasPrefix("pod.labels.") { return pod.label(String(variable.dropFirst("pod.labels.".count))) }
                    if variable.hasPrefix("pod.annotations.") {
                        let key = String(variable.dropFirst("pod.annotations.".count))
                        return pod.annotations.first { $0.key == key }?.value
                    }
                    return nil
                }
            }
            if !value.isEmpty { labels.append(Label(name: targetLabel.name, value: value)) }
        }
        labels.sort { $0.name < $1.name }
        return ScrapeTarget(labels: labels, offsetMs: TargetOffsets.offsetMs(labels: labels, intervalMs: scrapeIntervalMs))
    }

    var scrapeIntervalMs: Int64 { configuration.prometheus.scrapeInterval.milliseconds }

    /// A pod joins the target list (it became ready): its scrape loop starts at the next slot,
    /// unless one is still pending from before.
    func becomeTarget(_ id: PodID) {
        guard !targets[id.index].isScheduled else { return }
        targets[id.index].isScheduled = true
        let slot = TargetOffsets.nextSlot(atOrAfter: now, offsetMs: targets[id.index].offsetMs, intervalMs: scrapeIntervalMs)
        queue.schedule(.scrape(id), at: slot)
    }

    func isScrapeTarget(_ pod: Pod) -> Bool { pod.isReady && pod.isActive }

    /// One scrape slot of a pod: its samples if it is still a target, else staleness markers on
    /// every series it wrote (Prometheus marks a vanished target's series stale at the scrape
    /// loop's next slot, `scrapeLoop.endOfRunStaleness`), and the loop ends.
    func scrape(_ id: PodID) {
        guard isScrapeTarget(pods[id.index]) else {
            if targets[id.index].hasLiveSeries, let series = targets[id.index].series {
                for seriesID in series.all { storage.append(seriesID, timestampMs: now.milliseconds, value: PromQLConstants.staleNaN) }
            }
            targets[id.index].hasLiveSeries = false
            targets[id.index].isScheduled = false
            return
        }
        accrue(id)
        if targets[id.index].series == nil { targets[id.index].series = makeSeries(for: targets[id.index]) }
        let traffic = podTraffic[id.index]
        if traffic.shed > 0 && targets[id.index].series!.shed == nil {
            targets[id.index].series!.shed = storage.seriesID(for: requestLabels(targets[id.index], code: "503"))
        }
        let series = targets[id.index].series!
        let t = now.milliseconds
        storage.append(series.ok, timestampMs: t, value: Double(traffic.ok))
        storage.append(series.serverErrors, timestampMs: t, value: Double(traffic.serverErrors))
        if let shed = series.shed { storage.append(shed, timestampMs: t, value: Double(traffic.shed)) }
        var cumulative = 0
        for (index, seriesID) in series.buckets.enumerated() {
            cumulative += traffic.bucketCounts[index]
            storage.append(seriesID, timestampMs: t, value: Double(cumulative))
        }
        storage.append(series.sum, timestampMs: t, value: traffic.latencySum)
        storage.append(series.count, timestampMs: t, value: Double(cumulative))
        storage.append(series.up, timestampMs: t, value: 1)
        targets[id.index].hasLiveSeries = true
        queue.schedule(.scrape(id), at: now + configuration.prometheus.scrapeInterval)
    }

    func requestLabels(_ target: ScrapeTarget, code: String) -> Labels {
        Labels(target.labels + [Label(name: Labels.metricName, value: configuration.prometheus.requestsMetric),
                                Label(name: "code", value: code)])
    }

    func makeSeries(for target: ScrapeTarget) -> PodSeriesIDs {
        let histogram = configuration.prometheus.durationMetric
        func labels(_ name: String, _ extra: [Label] = []) -> Labels {
            Labels(target.labels + extra + [Label(name: Labels.metricName, value: name)])
        }
        let bounds = configuration.prometheus.durationBuckets + [Double.infinity]
        return PodSeriesIDs(
            ok: storage.seriesID(for: requestLabels(target, code: "200")),
            serverErrors: storage.seriesID(for: requestLabels(target, code: "500")),
            shed: nil,
            buckets: bounds.map { storage.seriesID(for: labels(histogram + "_bucket", [Label(name: "le", value: BucketBound.text($0))])) },
            sum: storage.seriesID(for: labels(histogram + "_sum")),
            count: storage.seriesID(for: labels(histogram + "_count")),
            up: storage.seriesID(for: labels("up")))
    }

    func evaluateRules(_ index: Int) {
        let failures = ruleEvaluators[index].evaluate(at: now.milliseconds, storage: storage,
                                                       lookbackDeltaMs: configuration.prometheus.lookbackDelta.milliseconds)
        ruleFailures += failures
        queue.schedule(.ruleEvaluation(index), at: now + ruleIntervals[index])
    }

    /// The scrape slot offset of a pod's target, and its labels (for tools and tests).
    public func scrapeTarget(of id: PodID) -> (labels: Labels, offsetMs: Int64) {
        (Labels(targets[id.index].labels), targets[id.index].offsetMs)
    }

    /// An instant query as Argo's Prometheus provider sends it to `address` at `t`.
    ///
    /// - Throws: `.unreachable` during an outage or for an address that is not the scenario's
    ///   Prometheus (with the message Argo shows), `.query` for a parse or evaluation error.
    /// - Precondition: `t <= now` (samples after `now` have not been scraped yet).
    public func prometheusQuery(address: String, query: String, at t: VirtualTime) throws(PrometheusQueryError) -> QueryValue {
        precondition(t <= now, "prometheusQuery at \(t) is after the world's now \(now)")
        if let error = endpoint.unreachableError(address: address, at: t) { throw error }
        do {
            let node = try parseExpression(query)
            return try Engine(storage: storage, lookbackDeltaMs: configuration.prometheus.lookbackDelta.milliseconds)
                .instantQuery(node, atMs: t.milliseconds)
        } catch {
            throw .query(error)
        }
    }
}
