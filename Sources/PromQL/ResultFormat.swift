// Output formats: Prometheus' HTTP API JSON envelope (web/api/v1/api.go, util/jsonutil/marshal.go,
// promql/value.go) and a promtool-like text form for the CLI.

/// How Go's `strconv.FormatFloat(v, fmt, -1, 64)` lays out the shortest round-trip digits.
enum GoFloatFormat {
    /// 'f': plain decimal notation, never an exponent.
    case fixed
    /// 'e': `d.ddde±XX`, at least two exponent digits.
    case exponent
    /// What `%v`/'g'-with-shortest uses: exponent form when the exponent is < −4 or ≥ 21.
    case shortest
    /// Prometheus' sample values (`jsonutil.MarshalValue`): 'e' when 0 < |v| < 1e-6 or |v| ≥ 1e21.
    case sampleValue
    /// Go encoding/json numbers: like `sampleValue`, and 'e' with the exponent's leading zero
    /// removed ("1e-7").
    case json
}

/// The shortest decimal digits that round-trip `v`, with its decimal exponent:
/// v = 0.d₁d₂…dₙ × 10^pointPosition. Built on Swift's `description`, which is shortest round-trip.
func shortestDigits(_ v: Double) -> (digits: [UInt8], pointPosition: Int) {
    let text = abs(v).description
    var mantissa = Substring(text)
    var exponent = 0
    if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
        mantissa = text[..<e]
        exponent = Int(text[text.index(after: e)...]) ?? 0
    }
    var digits: [UInt8] = []
    var pointPosition = 0
    var seenPoint = false
    for ch in mantissa.utf8 {
        if ch == UInt8(ascii: ".") { seenPoint = true; continue }
        let d = ch - UInt8(ascii: "0")
        if digits.isEmpty && d == 0 {
            if seenPoint { pointPosition -= 1 }
            continue
        }
        digits.append(d)
        if !seenPoint { pointPosition += 1 }
    }
    while digits.last == 0 { digits.removeLast() }
    return (digits, pointPosition + exponent)
}

/// Go's `strconv.FormatFloat(v, 'f' or 'e', -1, 64)` and the two Prometheus choices between them.
func formatGoFloat(_ v: Double, format: GoFloatFormat) -> String {
    if v.isNaN { return "NaN" }
    if v.isInfinite { return v > 0 ? "+Inf" : "-Inf" }
    let sign = v.sign == .minus ? "-" : ""
    if v == 0 {
        return format == .exponent ? sign + "0e+00" : sign + "0"
    }
    let (digits, point) = shortestDigits(v)
    let useExponent: Bool
    switch format {
    case .fixed: useExponent = false
    case .exponent: useExponent = true
    case .shortest: useExponent = point - 1 < -4 || point - 1 >= 21
    case .sampleValue, .json: useExponent = abs(v) < 1e-6 || abs(v) >= 1e21
    }
    let digitText = String(decoding: digits.map { $0 + UInt8(ascii: "0") }, as: UTF8.self)
    if useExponent {
        var out = sign + String(digitText.prefix(1))
        if digits.count > 1 { out += "." + digitText.dropFirst() }
        let e = point - 1
        let magnitude = abs(e)
        out += (e < 0 ? "e-" : "e+") + (magnitude < 10 && format != .json ? "0" : "") + String(magnitude)
        return out
    }
    if point <= 0 {
        return sign + "0." + String(repeating: "0", count: -point) + digitText
    }
    if point >= digits.count {
        return sign + digitText + String(repeating: "0", count: point - digits.count)
    }
    return sign + String(digitText.prefix(point)) + "." + String(digitText.dropFirst(point))
}

/// A millisecond timestamp as JSON seconds with up to three decimals (`jsonutil.MarshalTimestamp`).
func formatTimestampSeconds(_ ms: Int64) -> String {
    var out = ms < 0 ? "-" : ""
    let t = ms.magnitude
    out += String(t / 1000)
    let fraction = t % 1000
    if fraction != 0 {
        out += "." + (fraction < 100 ? "0" : "") + (fraction < 10 ? "0" : "") + String(fraction)
    }
    return out
}

/// A JSON string literal escaped as Go's encoding/json does (HTML-safe: `<`, `>`, `&` as \u00XX).
func jsonString(_ s: String) -> String {
    var out = "\""
    for scalar in s.unicodeScalars {
        switch scalar {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        case "<": out += "\\u003c"
        case ">": out += "\\u003e"
        case "&": out += "\\u0026"
        case "\u{2028}": out += "\\u2028"
        case "\u{2029}": out += "\\u2029"
        default:
            if scalar.value < 0x20 {
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
    }
    return out + "\""
}

extension Labels {
    /// `{"__name__":"x","a":"b"}`: keys in label order, which is the sorted order Go's map
    /// marshalling produces.
    var jsonObject: String {
        "{" + pairs.map { jsonString($0.name) + ":" + jsonString($0.value) }.joined(separator: ",") + "}"
    }
}

extension QueryValue {
    /// The `/api/v1/query` (or `query_range`) success envelope, byte for byte as Prometheus 2.42
    /// writes it. Sample values use exponent notation when 0 < |v| < 1e-6 or |v| ≥ 1e21; a scalar's
    /// value never does (it goes through `Scalar.MarshalJSON`).
    public var prometheusJSON: String {
        "{\"status\":\"success\",\"data\":{\"resultType\":\"\(resultType)\",\"result\":\(resultJSON)}}"
    }

    var resultJSON: String {
        switch self {
        // Scalars and strings go through their MarshalJSON (encoding/json of float64(T)/1000),
        // not jsonutil.MarshalTimestamp: 1.5, not 1.500.
        case .scalar(let t, let v):
            return "[" + formatGoFloat(Double(t) / 1000, format: .json) + "," + jsonString(formatGoFloat(v, format: .fixed)) + "]"
        case .string(let t, let s):
            return "[" + formatGoFloat(Double(t) / 1000, format: .json) + "," + jsonString(s) + "]"
        case .vector(let samples):
            return "[" + samples.map { s in
                "{\"metric\":" + s.labels.jsonObject + ",\"value\":[" + formatTimestampSeconds(s.timestampMs) + ","
                    + jsonString(formatGoFloat(s.value, format: .sampleValue)) + "]}"
            }.joined(separator: ",") + "]"
        case .matrix(let series):
            return "[" + series.map { s in
                "{\"metric\":" + s.labels.jsonObject + ",\"values\":[" + s.points.map { p in
                    "[" + formatTimestampSeconds(p.timestampMs) + "," + jsonString(formatGoFloat(p.value, format: .sampleValue)) + "]"
                }.joined(separator: ",") + "]}"
            }.joined(separator: ",") + "]"
        }
    }

    /// A deterministic text form like Prometheus' `String()` methods (promtool output):
    /// `{__name__="up", job="a"} => value @[t]` per vector element (labels as Go's
    /// `labels.Labels.String()`), `scalar: v @[t]`, series as
    /// `{labels} =>` followed by one `value @[t]` line per point. Values in Go 'f' notation.
    public var text: String {
        switch self {
        case .scalar(let t, let v):
            return "scalar: \(formatGoFloat(v, format: .fixed)) @[\(t)]"
        case .string(_, let s):
            return s
        case .vector(let samples):
            return samples.map { "\($0.labels.goString) => \(formatGoFloat($0.value, format: .fixed)) @[\($0.timestampMs)]" }
                .joined(separator: "\n")
        case .matrix(let series):
            return series.map { s in
                "\(s.labels.goString) =>\n" + s.points.map { "\(formatGoFloat($0.value, format: .fixed)) @[\($0.timestampMs)]" }
                    .joined(separator: "\n")
            }.joined(separator: "\n")
        }
    }
}

extension PromQLError {
    /// The API error envelope for an error of `query`: `bad_data` for parse errors, with the
    /// position rendered and the `invalid parameter "query": ` prefix api.go adds
    /// (`invalidParamError`), `execution` for runtime errors.
    public func prometheusJSON(query: String) -> String {
        switch kind {
        case .parse:
            return Self.envelope("bad_data", "invalid parameter \"query\": " + rendered(query: query))
        case .execution:
            return Self.envelope("execution", message)
        }
    }

    /// The envelope without the query text (parse errors then carry no line:column).
    public var prometheusJSON: String { prometheusJSON(query: "") }

    static func envelope(_ type: String, _ text: String) -> String {
        "{\"status\":\"error\",\"errorType\":\"\(type)\",\"error\":\(jsonString(text))}"
    }
}
