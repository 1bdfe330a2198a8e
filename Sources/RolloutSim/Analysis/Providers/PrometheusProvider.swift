import Expr
import PromQL

/// The Prometheus provider. Argo: metricproviders/prometheus/prometheus.go.
///
/// Synchronous: the query runs at the measurement's virtual time, so startedAt == finishedAt.
enum PrometheusProvider {
    static func run(_ metric: PrometheusMetric, conditions: MetricConditions, now: VirtualTime,
                    context: some MeasurementContext) -> Measurement {
        let query = metric.query ?? ""
        var measurement = Measurement(phase: .unset, startedAt: now, query: query)
        let response: QueryValue
        do {
            if let range = metric.rangeQuery {
                let window = try rangeWindow(range, now: now)
                response = try context.prometheusRangeQuery(address: metric.address, query: query, start: window.start,
                                                            end: window.end, step: window.step)
            } else {
                response = try context.prometheusQuery(address: metric.address, query: query, at: now)
            }
        } catch {
            return measurement.markedError(error.message, now: now)
        }
        guard let result = Self.result(of: response) else {
            return measurement.markedError("Prometheus metric type not supported", now: now)
        }
        measurement.rawValue = result.valueString
        measurement.apply(conditions.evaluate(result: result.value, resultType: result.type), conditions: conditions, now: now)
        return measurement
    }

    /// What conditions see as `result`, and Argo's string form of it. Argo: `processResponse`.
    /// Labels are dropped; a vector is a `[]float64` in response order, a matrix one flat
    /// `[]float64` of every point, a scalar a `float64`; other types are not supported.
    static func result(of response: QueryValue) -> (value: ExprValue, type: ExprType, valueString: String)? {
        switch response {
        case .scalar(_, let value):
            return (.float(value), .float, MeasurementValueFormat.scalar(value))
        case .vector(let samples):
            let values = samples.map(\.value)
            return (.floats(values), .array(.float), MeasurementValueFormat.vector(values))
        case .matrix(let series):
            let values = series.flatMap { $0.points.map(\.value) }
            return (.floats(values), .array(.float), MeasurementValueFormat.vector(values))
        case .string:
            return nil
        }
    }

    /// `rangeQuery.start`/`end` are expr expressions over `now()`; we accept `now()` and
    /// `now() - duration("5m")`, which is what upstream's documentation uses.
    static func rangeWindow(_ range: PrometheusMetric.RangeQuery, now: VirtualTime) throws(ProviderError)
        -> (start: VirtualTime, end: VirtualTime, step: SimDuration) {
        guard let start = evalTime(range.start ?? "", now: now) else {
            throw ProviderError("failed to parse rangeQuery.start as time: unsupported expression \"\(range.start ?? "")\"")
        }
        guard let end = evalTime(range.end ?? "", now: now) else {
            throw ProviderError("failed to parse rangeQuery.end as time: unsupported expression \"\(range.end ?? "")\"")
        }
        guard case .success(let step) = parseGoDuration(range.step ?? "") else {
            throw ProviderError("failed to parse rangeQuery.step as duration: time: invalid duration \"\(range.step ?? "")\"")
        }
        return (start, end, step)
    }

    private static func evalTime(_ expression: String, now: VirtualTime) -> VirtualTime? {
        let compact = expression.filter { !$0.isWhitespace }
        if compact == "now()" { return now }
        let prefix = "now()-duration(\""
        guard compact.hasPrefix(prefix), compact.hasSuffix("\")") else { return nil }
        let text = String(compact.dropFirst(prefix.count).dropLast(2))
        guard case .success(let offset) = parseGoDuration(text) else { return nil }
        return now - offset
    }
}
