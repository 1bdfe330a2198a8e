// The Rollout's pod template as the cluster sees it, and the edits user operations make to it.

extension PodTemplate {
    /// The template the world runs: labels, annotations, containers, and the canonical text the
    /// pod-template-hash is computed from (the whole `spec.template` node).
    public var clusterTemplate: ClusterPodTemplate {
        ClusterPodTemplate(
            labels: labels.entries.map { LabelPair($0.key, $0.value) },
            annotations: annotations.entries.map { LabelPair($0.key, $0.value) },
            containers: containers.map { ContainerSpec(name: $0.name, image: $0.image ?? "") },
            canonical: ClusterPodTemplate.canonicalText(of: node))
    }

    /// `kubectl argo rollouts set image NAME CONTAINER=IMAGE`: every container, initContainer or
    /// ephemeralContainer with that name (`*`: all) gets the image. Returns nil when none matched.
    /// Argo: newSetImageCmd (pkg/kubectl-argo-rollouts/cmd/set/set_image.go).
    public func settingImage(_ image: String, container: String) -> PodTemplate? {
        var updated = self
        var matched = false
        updated.node = Self.replacingImage(in: node, container: container, image: image, matched: &matched)
        guard matched else { return nil }
        for index in updated.containers.indices where container == "*" || updated.containers[index].name == container {
            updated.containers[index].image = image
        }
        return updated
    }

    private static func replacingImage(in node: YAMLNode, container: String, image: String, matched: inout Bool) -> YAMLNode {
        guard var pairs = node.mappingPairs, let specIndex = pairs.firstIndex(where: { $0.key == "spec" }),
              var specPairs = pairs[specIndex].value.mappingPairs else { return node }
        for listIndex in specPairs.indices where ["containers", "initContainers", "ephemeralContainers"].contains(specPairs[listIndex].key) {
            guard var items = specPairs[listIndex].value.sequenceItems else { continue }
            for itemIndex in items.indices {
                guard var itemPairs = items[itemIndex].mappingPairs,
                      let name = itemPairs.first(where: { $0.key == "name" })?.value.scalar,
                      container == "*" || name == container else { continue }
                matched = true
                let location = items[itemIndex].location
                let value = YAMLNode(.scalar(image, quoted: false), at: location)
                if let imageIndex = itemPairs.firstIndex(where: { $0.key == "image" }) {
                    itemPairs[imageIndex].value = value
                } else {
                    itemPairs.append(YAMLPair(key: "image", keyLocation: location, value: value))
                }
                items[itemIndex].content = .mapping(itemPairs)
            }
            specPairs[listIndex].value.content = .sequence(items)
        }
        pairs[specIndex].value.content = .mapping(specPairs)
        var result = node
        result.content = .mapping(pairs)
        return result
    }
}
