/// The `{{…}}` templates of `prometheus.targetLabels`, checked when the scenario is loaded so that a
/// typo fails validation instead of producing empty labels at run time.
public enum TargetLabelTemplate {
    /// The variable paths a template may use; `pod.labels.KEY` and `pod.annotations.KEY` take any KEY.
    static let fixedVariables = ["pod.name", "pod.namespace", "pod.ip", "pod.node", "rollout.name", "rollout.namespace"]
    static let prefixedVariables = ["pod.labels.", "pod.annotations."]

    /// The variable paths used by a template, in order.
    public static func variables(in template: String) -> [String]? {
        var result: [String] = []
        var rest = Substring(template)
        while let open = rest.range(of: "{{") {
            guard let close = rest[open.upperBound...].range(of: "}}") else { return nil }
            result.append(rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: " "))
            rest = rest[close.upperBound...]
        }
        if rest.contains("}}") { return nil }
        return result
    }

    /// Why a template cannot be used, or nil.
    static func problem(in template: String) -> String? {
        guard let variables = variables(in: template) else { return "unbalanced braces in template '\(template)'" }
        for variable in variables {
            let known = fixedVariables.contains(variable)
                || prefixedVariables.contains { variable.hasPrefix($0) && variable.count > $0.count }
            if !known { return "unknown template variable '\(variable)' in '\(template)'" }
        }
        return nil
    }

    /// Fills a template from a lookup of variable paths; unknown values become empty strings,
    /// as Prometheus drops labels whose value is empty.
    public static func render(_ template: String, lookup: (String) -> String?) -> String {
        var output = ""
        var rest = Substring(template)
        while let open = rest.range(of: "{{"), let close = rest[open.upperBound...].range(of: "}}") {
            output += rest[..<open.lowerBound]
            output += lookup(rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: " ")) ?? ""
            rest = rest[close.upperBound...]
        }
        return output + rest
    }
}

extension Substring {
    func trimmingCharacters(in set: Character) -> String {
        var text = self
        while text.first == set { text = text.dropFirst() }
        while text.last == set { text = text.dropLast() }
        return String(text)
    }
}
