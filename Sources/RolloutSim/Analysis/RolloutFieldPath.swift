/// `valueFrom.fieldRef.fieldPath` of a rollout analysis argument, read off the Rollout.
///
/// Paths starting with `metadata` follow the downward API (Kubernetes
/// `fieldpath.ExtractFieldPathAsString`); any other path walks the Rollout's JSON and must end on
/// a scalar, printed with Go's `%v` (Argo: `extractValueFromRollout`, utils/analysis/factory.go).
/// We keep typed models rather than the Rollout's JSON, so the second form covers the scalar fields
/// users reference (`spec.replicas`, services, anything under `spec.template`).
enum RolloutFieldPath {
    static func value(_ path: String, of rollout: Rollout) throws(AnalysisRunConstructionError) -> String {
        if path.hasPrefix("metadata") { return try metadataValue(path, rollout.metadata) }
        return try specValue(path, rollout)
    }

    private static func metadataValue(_ path: String, _ metadata: ObjectMeta) throws(AnalysisRunConstructionError) -> String {
        if let open = path.range(of: "['"), path.hasSuffix("']") {
            let base = String(path[path.startIndex..<open.lowerBound])
            let key = String(path[open.upperBound..<path.index(path.endIndex, offsetBy: -2)])
            switch base {
            case "metadata.labels": return metadata.labels[key] ?? ""
            case "metadata.annotations": return metadata.annotations[key] ?? ""
            default: throw AnalysisRunConstructionError(message: "fieldPath \"\(path)\" does not support subscript")
            }
        }
        switch path {
        case "metadata.name": return metadata.name
        case "metadata.namespace": return metadata.namespace
        case "metadata.labels": return formatMap(metadata.labels)
        case "metadata.annotations": return formatMap(metadata.annotations)
        case "metadata.uid": return ""
        default: throw AnalysisRunConstructionError(message: "unsupported fieldPath: \(path)")
        }
    }

    /// Kubernetes `FormatMap`: `key="value"` lines in key order.
    private static func formatMap(_ map: StringMap) -> String {
        map.entries.map { "\($0.key)=\"\($0.value)\"" }.joined(separator: "\n")
    }

    private static func specValue(_ path: String, _ rollout: Rollout) throws(AnalysisRunConstructionError) -> String {
        let sections = path.split(whereSeparator: { $0 == "." || $0 == "[" || $0 == "]" }).map(String.init)
        func invalid() -> AnalysisRunConstructionError {
            AnalysisRunConstructionError(message: "invalid path \(path) in rollout")
        }
        let spec = rollout.spec
        switch sections.first {
        case "spec":
            let rest = Array(sections.dropFirst())
            switch rest.first {
            case "replicas": return try scalar(spec.replicas.map(String.init), rest, invalid)
            case "minReadySeconds": return try scalar(spec.minReadySeconds.map(String.init), rest, invalid)
            case "revisionHistoryLimit": return try scalar(spec.revisionHistoryLimit.map(String.init), rest, invalid)
            case "progressDeadlineSeconds": return try scalar(spec.progressDeadlineSeconds.map(String.init), rest, invalid)
            case "paused": return try scalar(spec.paused ? "true" : nil, rest, invalid)
            case "template":
                guard let node = spec.template?.node else { throw invalid() }
                return try walk(node, Array(rest.dropFirst()), path: path)
            case "strategy":
                let strategy = Array(rest.dropFirst())
                let value: String?
                switch (strategy.first, strategy.dropFirst().first) {
                case ("canary", "canaryService"): value = spec.strategy.canary?.canaryService
                case ("canary", "stableService"): value = spec.strategy.canary?.stableService
                case ("blueGreen", "activeService"): value = spec.strategy.blueGreen?.activeService
                case ("blueGreen", "previewService"): value = spec.strategy.blueGreen?.previewService
                default: value = nil
                }
                guard let value, strategy.count == 2 else { throw invalid() }
                return value
            default: throw invalid()
            }
        default:
            throw invalid()
        }
    }

    private static func scalar(_ value: String?, _ rest: [String], _ invalid: () -> AnalysisRunConstructionError)
        throws(AnalysisRunConstructionError) -> String {
        guard let value, rest.count == 1 else { throw invalid() }
        return value
    }

    private static func walk(_ node: YAMLNode, _ sections: [String], path: String) throws(AnalysisRunConstructionError) -> String {
        var current = node
        for section in sections {
            if let items = current.sequenceItems {
                guard let index = Int(section) else {
                    throw AnalysisRunConstructionError(message: "invalid index '\(section)'")
                }
                guard index < items.count else { throw AnalysisRunConstructionError(message: "index \(index) out of range") }
                current = items[index]
            } else if current.mappingPairs != nil {
                guard let next = current[section] else {
                    throw AnalysisRunConstructionError(message: "invalid path \(path) in rollout")
                }
                current = next
            } else {
                throw AnalysisRunConstructionError(message: "invalid path \(path) in rollout")
            }
        }
        guard let text = current.scalar, !current.isNull else {
            if current.isNull { throw AnalysisRunConstructionError(message: "invalid path \(path) in rollout") }
            throw AnalysisRunConstructionError(message: "path \(path) in rollout must terminate in a primitive value")
        }
        return text
    }
}
