import Foundation
import Testing
@testable import RolloutSim

/// Scenario texts for controller and loop tests: one Rollout `app` (image `example/app:1`), a
/// Service selecting all its pods, and optionally NGINX routing with stable/canary Services.
enum SimulationFixture {
    static func scenario(
        replicas: Int, steps: String, nginx: Bool = false, strategyExtra: String = "", duration: String = "30m",
        podStartup: String = "1s", timeline: String = "    - {at: 1m, setImage: {rollout: app, container: app, image: example/app:2}}",
        versions: String = "", prometheus: String = "", specExtra: String = "", extraManifests: String = ""
    ) -> String {
        var routing = ""
        if nginx {
            routing = """
                  canaryService: app-canary
                  stableService: app-stable
                  trafficRouting:
                    nginx:
                      stableIngress: app

            """
        }
        var text = """
        apiVersion: rollout-sim/v1alpha1
        kind: Scenario
        metadata:
          name: fixture
        spec:
          seed: 7
          duration: \(duration)
          history: 5m
          cluster:
            podStartup: \(podStartup)
            podShutdown: 1s
          traffic:
            rps: 20

        """
        if !versions.isEmpty { text += "  versions:\n" + versions }
        if !prometheus.isEmpty { text += "  prometheus:\n" + prometheus }
        text += specExtra
        text += "  timeline:\n" + timeline + "\n"
        text += """
        ---
        apiVersion: argoproj.io/v1alpha1
        kind: Rollout
        metadata:
          name: app
          namespace: default
        spec:
          replicas: \(replicas)
          selector:
            matchLabels:
              app: app
          template:
            metadata:
              labels:
                app: app
            spec:
              containers:
                - name: app
                  image: example/app:1
          strategy:
            canary:
        \(routing)\(strategyExtra)      steps:
        \(steps)
        ---
        apiVersion: v1
        kind: Service
        metadata:
          name: app
          namespace: default
        spec:
          selector:
            app: app
          ports:
            - port: 80

        """
        if nginx {
            text += """
            ---
            apiVersion: v1
            kind: Service
            metadata:
              name: app-stable
              namespace: default
            spec:
              selector:
                app: app
              ports:
                - port: 80
            ---
            apiVersion: v1
            kind: Service
            metadata:
              name: app-canary
              namespace: default
            spec:
              selector:
                app: app
              ports:
                - port: 80
            ---
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata:
              name: app
              namespace: default
            spec:
              rules:
                - host: app.example
                  http:
                    paths:
                      - path: /
                        pathType: Prefix
                        backend:
                          service:
                            name: app-stable
                            port:
                              number: 80

            """
        }
        text += extraManifests
        return text
    }

    static func load(_ text: String, otherFiles: [String: String] = [:]) throws -> LoadedScenario {
        let sink = DiagnosticSink()
        var files = otherFiles
        files["fixture.yaml"] = text
        let loaded = ScenarioLoader(files: MemoryFiles(files)).load("fixture.yaml", sink: sink)
        let errors = sink.diagnostics.filter { $0.severity == .error }.map(\.description)
        #expect(errors.isEmpty, "\(errors)")
        return try #require(loaded)
    }

    static func run(_ text: String) throws -> RunResult {
        Simulation.run(try load(text))
    }

    /// `ScalingReplicaSet` events as (seconds since 0, "stable|canary from→to"), the stable being
    /// revision 1.
    static func scalings(_ result: RunResult) -> [String] {
        result.events.filter { $0.reason == "ScalingReplicaSet" }.map { event in
            let role = event.message.contains("(revision 1)") ? "stable" : "canary"
            let parts = event.message.split(separator: " ")
            return "\(role) \(parts[parts.count - 3])→\(parts[parts.count - 1])"
        }
    }

    static func seconds(_ t: VirtualTime) -> Double { Double(t.milliseconds) / 1000 }
}
