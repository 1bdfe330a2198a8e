/// `metadata` of a Kubernetes object: the parts the simulator uses, with their locations.
public struct ObjectMeta: Sendable {
    public var name: String
    /// `default` when not written, as `kubectl apply` without `-n` does.
    public var namespace: String
    public var labels: StringMap
    public var annotations: StringMap
    public var generateName: String?
    public var locations: FieldLocations

    public static let defaultNamespace = "default"

    public init(name: String, namespace: String = ObjectMeta.defaultNamespace, labels: StringMap = StringMap(),
                annotations: StringMap = StringMap(), generateName: String? = nil, locations: FieldLocations) {
        self.name = name
        self.namespace = namespace
        self.labels = labels
        self.annotations = annotations
        self.generateName = generateName
        self.locations = locations
    }

    /// Fields the API server fills in; accepted silently in manifests copied from a cluster.
    static let serverFields = ["uid", "resourceVersion", "generation", "creationTimestamp", "deletionTimestamp",
                               "deletionGracePeriodSeconds", "managedFields", "ownerReferences", "finalizers", "selfLink"]

    /// Decodes `metadata`. `metadata.name` is required, except for kinds the simulator does not model
    /// (`allowGenerateName`): there `generateName` may stand in for it (objects meant for `kubectl
    /// create`, such as an AnalysisRun), and a missing metadata (a Kustomization file) is accepted.
    static func decode(_ fields: FieldReader, allowGenerateName: Bool = false) -> ObjectMeta? {
        if allowGenerateName && fields.node("metadata") == nil {
            // Not a Kubernetes object we know (a Kustomization, a Helm file): nothing requires a name.
            return ObjectMeta(name: "", locations: FieldLocations(object: fields.node.location))
        }
        guard let metadata = fields.required("metadata", expected: "metadata with a name") else { return nil }
        let reader = FieldReader(metadata, path: fields.childPath("metadata"), sink: fields.sink)
        guard reader.isMapping else { return nil }
        let generateName = reader.text("generateName")
        var name = reader.text("name")
        if name == nil {
            if allowGenerateName, let generateName {
                name = generateName
            } else {
                _ = reader.required("name", expected: "the object's name")
            }
        }
        let namespace = reader.text("namespace")
        let labels = reader.labels("labels") ?? StringMap()
        let annotations = reader.labels("annotations") ?? StringMap()
        for field in serverFields { reader.ignore(field) }
        reader.finish(unknownFields: .warning)
        guard let name else { return nil }
        if name.isEmpty {
            fields.sink.error(reader.locations["name"], "metadata.name must not be empty", expected: "the object's name")
            return nil
        }
        return ObjectMeta(name: name, namespace: namespace ?? defaultNamespace, labels: labels,
                          annotations: annotations, generateName: generateName, locations: reader.locations)
    }
}

/// `spec.selector` of a workload: `matchLabels` and `matchExpressions`.
public struct LabelSelector: Sendable {
    public struct Requirement: Sendable {
        public var key: String
        /// `In`, `NotIn`, `Exists` or `DoesNotExist`.
        public var `operator`: String
        public var values: [String]
    }

    public var matchLabels: StringMap
    public var matchExpressions: [Requirement]
    public var location: SourceLocation

    public var isEmpty: Bool { matchLabels.isEmpty && matchExpressions.isEmpty }

    /// Whether the selector selects an object with these labels (Kubernetes label-selector semantics).
    public func matches(_ labels: StringMap) -> Bool {
        for entry in matchLabels.entries where labels[entry.key] != entry.value { return false }
        for requirement in matchExpressions {
            let value = labels[requirement.key]
            switch requirement.`operator` {
            case "In": if !(value.map { requirement.values.contains($0) } ?? false) { return false }
            case "NotIn": if let value, requirement.values.contains(value) { return false }
            case "Exists": if value == nil { return false }
            case "DoesNotExist": if value != nil { return false }
            default: return false
            }
        }
        return true
    }

    static func decode(_ reader: FieldReader) -> LabelSelector {
        let matchLabels = reader.labels("matchLabels") ?? StringMap()
        let expressions = reader.objects("matchExpressions") { item, _ -> Requirement? in
            let key = item.text("key")
            let op = item.text("operator")
            let values = item.stringList("values") ?? []
            if let op, !["In", "NotIn", "Exists", "DoesNotExist"].contains(op) {
                reader.sink.error(item.locations["operator"], "\(item.childPath("operator")): unsupported operator '\(op)'",
                                  expected: "In, NotIn, Exists or DoesNotExist")
            }
            if key == nil { _ = item.required("key", expected: "a label key") }
            if op == nil { _ = item.required("operator", expected: "In, NotIn, Exists or DoesNotExist") }
            item.finish(unknownFields: .warning)
            guard let key, let op else { return nil }
            return Requirement(key: key, operator: op, values: values)
        } ?? []
        reader.finish(unknownFields: .warning)
        return LabelSelector(matchLabels: matchLabels, matchExpressions: expressions, location: reader.node.location)
    }
}

/// A pod template (`spec.template` of a Rollout or Deployment). The whole node is kept so the
/// simulator can hash it canonically; labels and containers are typed because rules use them.
public struct PodTemplate: Sendable {
    public struct Container: Sendable {
        public var name: String
        public var image: String?
        public var location: SourceLocation
    }

    public var node: YAMLNode
    public var labels: StringMap
    public var annotations: StringMap
    public var containers: [Container]
    /// Where `spec.containers` was written, or the template itself.
    public var containersLocation: SourceLocation
    public var location: SourceLocation

    /// Whether nothing meaningful is written (`template: {}` or only empty parts), as a Rollout with
    /// a workloadRef requires.
    public var isEmpty: Bool { Self.isEmptyNode(node) }

    private static func isEmptyNode(_ node: YAMLNode) -> Bool {
        switch node.content {
        case .scalar: return node.isNull
        case .sequence(let items): return items.isEmpty
        case .mapping(let pairs): return pairs.allSatisfy { isEmptyNode($0.value) }
        }
    }

    /// Reads labels and containers; the pod spec's other fields are Kubernetes' business and are
    /// kept verbatim without unknown-field checks.
    static func decode(_ node: YAMLNode, path: String, sink: DiagnosticSink) -> PodTemplate? {
        let reader = FieldReader(node, path: path, sink: sink)
        guard reader.isMapping || node.isNull else { return nil }
        var labels = StringMap(), annotations = StringMap()
        if let metadata = reader.object("metadata"), metadata.isMapping {
            labels = metadata.labels("labels") ?? StringMap()
            annotations = metadata.labels("annotations") ?? StringMap()
        }
        var containers: [Container] = []
        var containersLocation = node.location
        if let spec = reader.object("spec"), spec.isMapping {
            containersLocation = spec.locations["containers"]
            containers = spec.objects("containers") { item, _ in
                Container(name: item.text("name") ?? "", image: item.text("image"), location: item.node.location)
            } ?? []
        }
        return PodTemplate(node: node, labels: labels, annotations: annotations, containers: containers,
                           containersLocation: containersLocation, location: node.location)
    }
}
