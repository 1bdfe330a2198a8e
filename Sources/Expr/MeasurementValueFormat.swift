/// How Argo stores a provider's value in `Measurement.value`.
public enum MeasurementValueFormat {
    /// A Prometheus scalar: prometheus/common `SampleValue.String`, i.e.
    /// `strconv.FormatFloat(v, 'f', -1, 64)`: 10 → "10", 0.95 → "0.95", NaN → "NaN", +Inf → "+Inf".
    public static func scalar(_ value: Double) -> String {
        goFormatFixed(value)
    }

    /// A Prometheus vector or matrix: Argo `sampleValuesToResultStr`
    /// (metricproviders/prometheus/prometheus.go), the samples joined by "," in brackets:
    /// "[10,11]", and "[]" for an empty vector.
    public static func vector(_ values: [Double]) -> String {
        "[" + values.map(goFormatFixed).joined(separator: ",") + "]"
    }

    /// Go's `fmt.Sprintf("%v", value)`, the form other providers and expr-lang's `string()` use.
    public static func goDefault(_ value: ExprValue) -> String {
        goFormatV(value)
    }
}
