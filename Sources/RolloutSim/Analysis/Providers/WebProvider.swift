import Expr

/// The web provider: the endpoint's answer comes from the scenario (`providers.web.<metric>`), a
/// fixed JSON body or the canary's live error rate. Argo: metricproviders/webmetric/webmetric.go.
enum WebProvider {
    static func run(_ metricName: String, _ web: WebMetric, conditions: MetricConditions, now: VirtualTime,
                    context: some MeasurementContext) -> Measurement {
        var measurement = Measurement(phase: .unset, startedAt: now, query: web.url)
        let method = (web.method ?? "").isEmpty ? "GET" : web.method!
        let hasBody = !(web.body ?? "").isEmpty
        if hasBody && web.jsonBody != nil {
            return measurement.markedError("use either Body or JSONBody; both cannot exists for WebMetric payload", now: now)
        }
        if (hasBody || web.jsonBody != nil) && method == "GET" {
            return measurement.markedError("Body/JSONBody can only be used with POST or PUT WebMetric Method types", now: now)
        }
        guard let outcome = context.providerOutcomes.web.first(where: { $0.metric == metricName }) else {
            return measurement.markedError(
                "web not simulated: the scenario gives no answer for metric '\(metricName)' (expected providers.web.\(metricName): {body: …})",
                now: now)
        }
        if outcome.status < 200 || outcome.status >= 300 {
            return measurement.markedError("received non 2xx response code: \(outcome.status)", now: now)
        }
        let body: ExprValue
        if let window = outcome.canaryErrorRateWindow {
            let rate = context.canaryErrorRate(window: window, at: now)
            body = .map(ExprMap([("value", rate.map(ExprValue.float) ?? .nil)]))
        } else {
            body = outcome.body.map(jsonValue) ?? .nil
        }
        let picked: ExprValue
        switch JSONPath.find(web.jsonPath ?? "{$}", in: body) {
        case .failure(let error):
            return measurement.markedError("Could not find JSONPath in body: \(error.message)", now: now)
        case .success(let value):
            picked = value
        }
        measurement.rawValue = jsonText(picked)
        measurement.apply(conditions.evaluate(result: picked), conditions: conditions, now: now)
        return measurement
    }

    /// A YAML body as Go's `json.Unmarshal` into `any` would see it: numbers are float64.
    static func jsonValue(_ node: YAMLNode) -> ExprValue {
        switch node.content {
        case .scalar(let text, let quoted):
            if quoted { return .string(text) }
            switch text {
            case "null", "~", "": return .nil
            case "true": return .bool(true)
            case "false": return .bool(false)
            default: break
            }
            if let number = Double(text) { return .float(number) }
            return .string(text)
        case .sequence(let items):
            return .array(items.map(jsonValue))
        case .mapping(let pairs):
            return .map(ExprMap(pairs.map { ($0.key, jsonValue($0.value)) }))
        }
    }

    /// Go `json.Marshal` of a decoded value, the web provider's `Measurement.value`.
    static func jsonText(_ value: ExprValue) -> String {
        switch value {
        case .nil: return "null"
        case .bool(let flag): return flag ? "true" : "false"
        case .int(let number): return String(number)
        case .float(let number): return MeasurementValueFormat.scalar(number)
        case .string(let text): return "\"" + jsonEscaped(text) + "\""
        case .array(let items): return "[" + items.map(jsonText).joined(separator: ",") + "]"
        case .map(let map):
            // encoding/json sorts map keys.
            let pairs = map.pairs.sorted { $0.key < $1.key }.map { "\"\(jsonEscaped($0.key))\":\(jsonText($0.value))" }
            return "{" + pairs.joined(separator: ",") + "}"
        }
    }

    private static func jsonEscaped(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            case "<": out += "\\u003c"
            case ">": out += "\\u003e"
            case "&": out += "\\u0026"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}

/// The part of Kubernetes' JSONPath that web metrics use: `{$.a.b[0]}`, `{.a}`, `{$}`.
enum JSONPath {
    static func find(_ path: String, in value: ExprValue) -> Result<ExprValue, ProviderError> {
        var text = Substring(path.trimmingSpaces)
        if text.hasPrefix("{") && text.hasSuffix("}") { text = text.dropFirst().dropLast() }
        if text.hasPrefix("$") { text = text.dropFirst() }
        var current = value
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if character == "." {
                index = text.index(after: index)
                let end = text[index...].firstIndex { $0 == "." || $0 == "[" } ?? text.endIndex
                let key = String(text[index..<end])
                index = end
                if key.isEmpty { continue }
                guard case .map(let map) = current, let next = map[key] else {
                    return .failure(ProviderError("\(key) is not found"))
                }
                current = next
            } else if character == "[" {
                guard let close = text[index...].firstIndex(of: "]") else { return .failure(ProviderError("unterminated array")) }
                let inside = text[text.index(after: index)..<close]
                index = text.index(after: close)
                guard let position = Int(inside) else { return .failure(ProviderError("invalid array index \(inside)")) }
                guard case .array(let items) = current else { return .failure(ProviderError("\(inside) is not found")) }
                let resolved = position < 0 ? items.count + position : position
                guard items.indices.contains(resolved) else {
                    return .failure(ProviderError("array index out of bounds: index \(position), length \(items.count)"))
                }
                current = items[resolved]
            } else {
                return .failure(ProviderError("unrecognized character in action: \(character)"))
            }
        }
        return .success(current)
    }
}
