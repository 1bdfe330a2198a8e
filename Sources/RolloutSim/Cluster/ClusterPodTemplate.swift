/// A label or annotation: one key and its value.
public struct LabelPair: Sendable, Hashable, Comparable {
    public var key: String
    public var value: String

    public init(_ key: String, _ value: String) {
        self.key = key
        self.value = value
    }

    public static func < (lhs: LabelPair, rhs: LabelPair) -> Bool {
        (lhs.key, lhs.value) < (rhs.key, rhs.value)
    }
}

/// One container of a pod template: what the world needs to pick the version's behaviour.
public struct ContainerSpec: Sendable, Hashable {
    public var name: String
    public var image: String

    public init(name: String, image: String) {
        self.name = name
        self.image = image
    }
}

/// The pod template of a ReplicaSet, as the world sees it. The controller converts the Rollout's
/// `spec.template` into this; the world never reads manifest types.
///
/// `canonical` is the text the pod-template-hash is computed from; two templates with the same
/// canonical text get the same hash in any process (see ``PodTemplateHash``).
public struct ClusterPodTemplate: Sendable, Hashable {
    /// Sorted by key.
    public var labels: [LabelPair]
    /// Sorted by key.
    public var annotations: [LabelPair]
    /// In the template's order; the first one serves the traffic.
    public var containers: [ContainerSpec]
    public var canonical: String

    /// - Parameter canonical: the template's canonical text, usually ``canonicalText(of:)`` of the
    ///   manifest's `spec.template` node; nil builds one from the fields given here.
    public init(labels: [LabelPair], annotations: [LabelPair] = [], containers: [ContainerSpec], canonical: String? = nil) {
        precondition(!containers.isEmpty, "ClusterPodTemplate: a pod needs at least one container")
        self.labels = labels.sorted()
        self.annotations = annotations.sorted()
        self.containers = containers
        self.canonical = canonical ?? Self.canonicalText(labels: self.labels, annotations: self.annotations, containers: containers)
    }

    /// The image of the container that serves traffic (the first one).
    public var servingImage: String { containers[0].image }

    public func label(_ key: String) -> String? {
        labels.first { $0.key == key }?.value
    }

    /// Canonical text of a template given by its fields, in the same form as ``canonicalText(of:)``
    /// produces for the equivalent YAML (`metadata.labels`, `metadata.annotations`,
    /// `spec.containers[].name/image`).
    static func canonicalText(labels: [LabelPair], annotations: [LabelPair], containers: [ContainerSpec]) -> String {
        func mapping(_ pairs: [LabelPair]) -> String {
            "{" + pairs.map { JSONText.quote($0.key) + ":" + JSONText.quote($0.value) }.joined(separator: ",") + "}"
        }
        var metadata: [String] = []
        if !annotations.isEmpty { metadata.append(JSONText.quote("annotations") + ":" + mapping(annotations)) }
        if !labels.isEmpty { metadata.append(JSONText.quote("labels") + ":" + mapping(labels)) }
        let containerTexts = containers.map {
            "{" + JSONText.quote("image") + ":" + JSONText.quote($0.image) + "," + JSONText.quote("name") + ":" + JSONText.quote($0.name) + "}"
        }
        return "{" + JSONText.quote("metadata") + ":{" + metadata.joined(separator: ",") + "},"
            + JSONText.quote("spec") + ":{" + JSONText.quote("containers") + ":[" + containerTexts.joined(separator: ",") + "]}}"
    }

    /// The canonical text of a YAML node: mappings with their keys sorted (byte order of UTF-8),
    /// sequences in order, every scalar as a JSON string of its text (quoted or not, so `80` and
    /// `"80"` are the same), `null` for a YAML null. No whitespace, no source positions: the same
    /// template gives the same text, and so the same hash, in any process.
    ///
    /// Kubernetes hashes the typed object printed by `hashutil.DeepHashObject` (spew with sorted
    /// keys); this is our equivalent over the untyped YAML.
    ///
    /// - Complexity: O(n log n) in the size of the node.
    public static func canonicalText(of node: YAMLNode) -> String {
        var out = ""
        appendCanonical(node, to: &out)
        return out
    }

    private static func appendCanonical(_ node: YAMLNode, to out: inout String) {
        switch node.content {
        case .scalar(let text, _):
            out += node.isNull ? "null" : JSONText.quote(text)
        case .mapping(let pairs):
            out += "{"
            let sorted = pairs.sorted { Array($0.key.utf8).lexicographicallyPrecedes(Array($1.key.utf8)) }
            for (index, pair) in sorted.enumerated() {
                if index > 0 { out += "," }
                out += JSONText.quote(pair.key) + ":"
                appendCanonical(pair.value, to: &out)
            }
            out += "}"
        case .sequence(let items):
            out += "["
            for (index, item) in items.enumerated() {
                if index > 0 { out += "," }
                appendCanonical(item, to: &out)
            }
            out += "]"
        }
    }
}
