import Testing
@testable import RolloutSim

/// Numbers from reference §3 (conformance data) and Argo's utils/replicaset/replicaset_test.go.
@Suite("IntOrString resolution")
struct IntOrStringTests {
    struct FencepostCase: Sendable, CustomTestStringConvertible {
        var name: String
        var replicas: Int
        var maxSurge: IntOrString?
        var maxUnavailable: IntOrString?
        var surge: Int
        var unavailable: Int
        var testDescription: String { name }
    }

    static let fencepostCases: [FencepostCase] = [
        .init(name: "surge rounds up, unavailable rounds down", replicas: 10, maxSurge: .string("39%"), maxUnavailable: .string("39%"), surge: 4, unavailable: 3),
        .init(name: "nil counts as int 0, then the both-zero fix applies", replicas: 10, maxSurge: nil, maxUnavailable: nil, surge: 0, unavailable: 1),
        .init(name: "the fix applies before the cap", replicas: 0, maxSurge: .string("0%"), maxUnavailable: .string("0%"), surge: 0, unavailable: 1),
        .init(name: "a bare numeric string is a percentage", replicas: 10, maxSurge: .string("25"), maxUnavailable: .string("25"), surge: 3, unavailable: 2),
        .init(name: "ints are taken as they are", replicas: 10, maxSurge: .int(3), maxUnavailable: .int(0), surge: 3, unavailable: 0),
        .init(name: "25% of 1 replica", replicas: 1, maxSurge: .string("25%"), maxUnavailable: .string("25%"), surge: 1, unavailable: 0),
        .init(name: "100% surge of 8", replicas: 8, maxSurge: .string("100%"), maxUnavailable: .int(0), surge: 8, unavailable: 0),
    ]

    @Test("resolveFenceposts", arguments: IntOrStringTests.fencepostCases)
    func fenceposts(_ testCase: FencepostCase) {
        let resolved = IntOrString.resolveFenceposts(maxSurge: testCase.maxSurge, maxUnavailable: testCase.maxUnavailable, replicas: testCase.replicas)
        #expect(resolved == Fenceposts(maxSurge: testCase.surge, maxUnavailable: testCase.unavailable))
    }

    @Test("MaxUnavailable is capped at replicas and is 0 without replicas")
    func maxUnavailableCap() {
        #expect(IntOrString.canaryMaxUnavailable(maxSurge: nil, maxUnavailable: .int(10), replicas: 5) == 5)
        #expect(IntOrString.canaryMaxUnavailable(maxSurge: .string("0%"), maxUnavailable: .string("0%"), replicas: 0) == 0)
        // Defaults "25"/"25" with 4 replicas: surge 1, unavailable 1.
        #expect(IntOrString.canaryMaxUnavailable(maxSurge: nil, maxUnavailable: nil, replicas: 4) == 1)
        #expect(IntOrString.canaryMaxSurge(maxSurge: nil, maxUnavailable: nil, replicas: 4) == 1)
        #expect(IntOrString.canaryMaxSurge(maxSurge: nil, maxUnavailable: nil, replicas: 10) == 3)
    }

    @Test("a malformed percentage does not resolve")
    func malformed() {
        #expect(IntOrString.string("abc").isMalformedPercent)
        #expect(IntOrString.string("1.5%").percent == nil)
        #expect(IntOrString.resolveFenceposts(maxSurge: .string("abc"), maxUnavailable: .int(1), replicas: 10) == nil)
    }

    @Test("validation compares \"0%\", \"0\" and 0 with zero")
    func validationValue() {
        #expect(IntOrString.string("0%").validationValue == 0)
        #expect(IntOrString.string("0").validationValue == 0)
        #expect(IntOrString.int(0).validationValue == 0)
        #expect(IntOrString.string("25%").validationValue == 25)
        #expect(IntOrString.string("abc").validationValue == 0)
    }

    /// Argo: RolloutPause.DurationSeconds (types.go), reference §2.1.
    @Test("pause durations follow DurationSeconds", arguments: [
        (IntOrString.int(30), 30), (.string("30"), 30), (.string("30s"), 30), (.string("5m"), 300), (.string("1h30m"), 5400),
        (.string("1.5h"), 5400), (.string("500ms"), 0), (.string("1500ms"), 1), (.string("1d"), -1), (.string("abc"), -1),
        (.string("-5s"), -5), (.int(0), 0), (.string("9999999999h"), -1),
    ])
    func pauseDuration(_ duration: IntOrString, _ seconds: Int) {
        let pause = PauseStep(duration: duration, locations: FieldLocations(object: SourceLocation(file: "t", line: 1, column: 1)))
        #expect(pause.durationSeconds == seconds)
    }
}
