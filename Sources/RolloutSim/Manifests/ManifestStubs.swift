// TEMPORARY stand-in for the manifests engineer's API, replaced when Manifests/ lands.
public struct Rollout: Sendable { public var name: String; public var namespace: String; public var location: SourceLocation; public var containers: [(name: String, image: String)]; public var templateNames: [String] }
public enum Manifest: Sendable {
    case rollout(Rollout)
    case other(kind: String, name: String, namespace: String, location: SourceLocation)
    public var kind: String { if case .other(let k, _, _, _) = self { return k }; return "Rollout" }
    public var name: String { switch self { case .rollout(let r): return r.name; case .other(_, let n, _, _): return n } }
    public var namespace: String { switch self { case .rollout(let r): return r.namespace; case .other(_, _, let n, _): return n } }
    public var location: SourceLocation { switch self { case .rollout(let r): return r.location; case .other(_, _, _, let l): return l } }
}
public enum ManifestDecoder {
    public static func decode(_ document: YAMLDocument, sink: DiagnosticSink) -> Manifest? {
        let f = FieldReader(document.root, path: "", sink: sink)
        let kind = f.string("kind") ?? "?"
        let meta = f.object("metadata")
        let name = meta?.string("name") ?? "?"
        let ns = meta?.string("namespace") ?? "default"
        if kind == "Rollout" {
            var containers: [(String, String)] = []
            if let cs = document.root["spec"]?["template"]?["spec"]?["containers"]?.sequenceItems {
                for c in cs { containers.append((c["name"]?.scalar ?? "", c["image"]?.scalar ?? "")) }
            }
            return .rollout(Rollout(name: name, namespace: ns, location: document.root.location, containers: containers, templateNames: []))
        }
        return .other(kind: kind, name: name, namespace: ns, location: document.root.location)
    }
}
public struct ManifestSet: Sendable { public var manifests: [Manifest]; public init(_ m: [Manifest]) { manifests = m } }
public enum ManifestValidator { public static func validate(_ set: ManifestSet, extraSecrets: [String: [String: String]], sink: DiagnosticSink) {} }
