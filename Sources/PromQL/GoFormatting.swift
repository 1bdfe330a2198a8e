// Go's text forms that tools built on this module print (promtool messages): owned by the lead.

/// Go's `strconv.FormatFloat(v, 'E', -1, 64)`, as promtool prints sample values ("5E+01").
public func formatGoFloatUpperExponent(_ v: Double) -> String {
    formatGoFloat(v, format: .exponent).replacingOccurrences(of: "e", with: "E")
}

/// Go's `strconv.Quote` for the characters that occur in queries and label values.
public func goQuoted(_ text: String) -> String {
    quotedLabelValue(text)
}

/// A JSON string literal escaped as Go's encoding/json writes it (HTML-safe), so every JSON this
/// project prints escapes text the same way Prometheus' API does.
public func goJSONString(_ text: String) -> String {
    jsonString(text)
}
