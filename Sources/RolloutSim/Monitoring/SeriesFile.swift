import PromQL

/// The `--series FILE` of `rollout-sim promql query`: YAML (or JSON, which is YAML) with an
/// `interval` and promtool's `input_series: [{series, values}]`; slot i is at i × interval.
public struct SeriesFile: Sendable {
    public var interval: SimDuration
    public var inputSeries: [InputSeries]

    public static func decode(_ text: String, path: String, sink: DiagnosticSink) -> SeriesFile {
        let (documents, diagnostics) = YAMLLoader.documents(in: text, file: path)
        sink.append(contentsOf: diagnostics)
        var file = SeriesFile(interval: .minutes(1), inputSeries: [])
        guard let root = documents.first?.root else {
            if diagnostics.isEmpty { sink.error(SourceLocation(file: path, line: 1, column: 1), "empty series file", expected: "interval and input_series") }
            return file
        }
        let top = FieldReader(root, path: "", sink: sink)
        if let intervalNode = top.required("interval", expected: "the time between slots, such as 1m") {
            if let interval = ScalarDecoder.duration(intervalNode, path: "interval", sink: sink) {
                if interval == .zero {
                    sink.error(intervalNode.location, "interval must be longer than 0s", expected: SimDuration.expectedForm)
                } else {
                    file.interval = interval
                }
            }
        }
        for (index, item) in (top.sequence("input_series") ?? []).enumerated() {
            let series = FieldReader(item, path: "input_series[\(index)]", sink: sink)
            let descriptor = series.required("series", expected: "a series such as up{job=\"api\"}").flatMap { ScalarDecoder.string($0, path: series.childPath("series"), sink: sink) }
            let values = series.node("values").flatMap { node -> String? in
                // JSON files may write the values as a number.
                ScalarDecoder.string(node, path: series.childPath("values"), sink: sink)
            } ?? ""
            series.finish(unknownFields: .error, known: ["series", "values"])
            if let descriptor { file.inputSeries.append(InputSeries(series: descriptor, values: values, location: item.location)) }
        }
        top.finish(unknownFields: .error, known: ["interval", "input_series"])
        return file
    }

    /// Loads every series into a new storage; a series that does not parse is reported at its item.
    public func makeStorage(sink: DiagnosticSink) -> SeriesStorage {
        let storage = SeriesStorage()
        for input in inputSeries {
            do {
                let (labels, values) = try parseSeriesDescription(input.series + " " + input.values)
                for (slot, value) in values.enumerated() {
                    let t = Int64(slot) * interval.milliseconds
                    switch value {
                    case .value(let v): storage.append(labels, timestampMs: t, value: v)
                    case .stale: storage.append(labels, timestampMs: t, value: PromQLConstants.staleNaN)
                    case .omitted: continue
                    }
                }
            } catch {
                sink.error(input.location, "bad series: \(error.rendered(query: input.series + " " + input.values))", expected: "promtool notation such as 'up{job=\"a\"}' with values '0+10x10'")
            }
        }
        return storage
    }
}

/// An evaluation time on the command line: a duration after time 0 (`10m`) or seconds (`600`, `1.5`).
public func parseEvaluationTime(_ text: String) throws(DurationParseError) -> Int64 {
    if let seconds = Double(text), seconds.isFinite {
        let milliseconds = (seconds * 1000).rounded()
        guard abs(milliseconds) < 9e15 else { throw DurationParseError(message: "invalid time '\(text)': it is too large") }
        return Int64(milliseconds)
    }
    return try SimDuration.parse(text).milliseconds
}
