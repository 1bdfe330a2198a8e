import PromQL

/// Hand-written JSON output: key order is fixed by the code, never by a dictionary, so the same
/// data always prints the same bytes.
public enum JSONText {
    /// A JSON string literal, escaped as Go's encoding/json escapes it (as Prometheus' API does).
    public static func quote(_ text: String) -> String {
        goJSONString(text)
    }
}
