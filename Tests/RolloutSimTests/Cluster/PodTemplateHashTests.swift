import Testing
@testable import RolloutSim

@Suite("PodTemplateHash")
struct PodTemplateHashTests {
    @Test("FNV-32a matches Go's hash/fnv reference vectors")
    func fnvVectors() {
        // Published FNV-1a 32 test vectors (draft-eastlake-fnv): "" and "a" and "foobar".
        #expect(PodTemplateHash.fnv32a("".utf8) == 0x811C_9DC5)
        #expect(PodTemplateHash.fnv32a("a".utf8) == 0xE40C_292C)
        #expect(PodTemplateHash.fnv32a("foobar".utf8) == 0xBF9C_F968)
    }

    @Test("SafeEncodeString maps each decimal digit byte to alphanums[byte % 27]")
    func safeEncode() {
        // '0' is byte 48, 48 % 27 = 21 → alphanums[21] = "4"; '9' is 57, 57 % 27 = 3 → "f".
        #expect(PodTemplateHash.safeEncode("0123456789") == "456789bcdf")
    }

    @Test("the hash has upstream's shape and is a pure function of the canonical text")
    func shape() {
        let template = WorldFixture.template(image: WorldFixture.stableImage)
        let hash = PodTemplateHash.compute(canonical: template.canonical)
        // A fixed value: the same template gives this hash in every process and on every machine.
        #expect(hash == "5f47cfb4f6")
        #expect((1...10).contains(hash.count))
        #expect(hash.allSatisfy { "bcdfghjklmnpqrstvwxz2456789".contains($0) })
        #expect(PodTemplateHash.compute(canonical: WorldFixture.template(image: WorldFixture.canonicalTestImage).canonical) != hash)
        #expect(PodTemplateHash.compute(canonical: template.canonical, collisionCount: 1) != hash)
    }

    @Test("the canonical text of YAML ignores key order, quoting and layout")
    func canonicalYAML() {
        let a = YAMLLoader.documents(in: """
            metadata:
              labels: {app: checkout, tier: web}
            spec:
              containers:
                - name: checkout
                  image: ghcr.io/acme/checkout:1.8.0
                  ports: [{containerPort: 8080}]
            """, file: "a.yaml").documents[0].root
        let b = YAMLLoader.documents(in: """
            spec:
              containers:
              - ports:
                - containerPort: "8080"
                image: "ghcr.io/acme/checkout:1.8.0"
                name: checkout
            metadata: {labels: {tier: web, app: checkout}}
            """, file: "b.yaml").documents[0].root
        #expect(ClusterPodTemplate.canonicalText(of: a) == ClusterPodTemplate.canonicalText(of: b))
        #expect(ClusterPodTemplate.canonicalText(of: a)
            == #"{"metadata":{"labels":{"app":"checkout","tier":"web"}},"spec":{"containers":[{"image":"ghcr.io/acme/checkout:1.8.0","name":"checkout","ports":[{"containerPort":"8080"}]}]}}"#)
    }

    @Test("a template built from fields has the same canonical text as its YAML")
    func fieldsMatchYAML() {
        let yaml = YAMLLoader.documents(in: """
            metadata: {labels: {app: checkout}}
            spec: {containers: [{name: checkout, image: "ghcr.io/acme/checkout:1.8.0"}]}
            """, file: "t.yaml").documents[0].root
        #expect(ClusterPodTemplate.canonicalText(of: yaml) == WorldFixture.template(image: WorldFixture.stableImage).canonical)
    }
}

extension WorldFixture {
    static let canonicalTestImage = "ghcr.io/acme/checkout:2.0.0"
}
