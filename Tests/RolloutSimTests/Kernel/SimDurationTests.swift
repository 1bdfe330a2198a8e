import Testing
@testable import RolloutSim

@Suite("Durations in the Prometheus/Go form")
struct SimDurationTests {
    @Test("parses the forms the contract names", arguments: [
        ("90s", 90_000), ("1m30s", 90_000), ("2h", 7_200_000), ("500ms", 500), ("0", 0), ("1d", 86_400_000),
        ("1w", 604_800_000), ("1y", 31_536_000_000), ("1h2m3s4ms", 3_723_004), ("1.5h", 5_400_000), ("0s", 0),
    ] as [(String, Int64)])
    func parses(text: String, milliseconds: Int64) throws {
        #expect(try SimDuration.parse(text).milliseconds == milliseconds)
    }

    @Test("rejects garbage with a message that quotes it", arguments: [
        ("", "it is empty"), ("30", "missing unit after '30'"), ("5 m", "unknown unit ' m'"), ("-5s", "a duration cannot have a sign"),
        ("1s1m", "units must go from largest to smallest"), ("1m1m", "units must go from largest to smallest"),
        ("abc", "expected a number at 'abc'"), ("1.2.3s", "expected a number"), ("0.5ms", "whole milliseconds"),
        ("99999999999999y", "it is too long"), ("1ns", "unknown unit 'ns'"),
    ])
    func rejects(text: String, reason: String) {
        #expect {
            try SimDuration.parse(text)
        } throws: { error in
            let message = (error as? DurationParseError)?.message ?? ""
            return message.hasPrefix("invalid duration '\(text)'") && message.contains(reason)
        }
    }

    @Test("Go form: any unit order, fractions, a sign, no days")
    func goForm() throws {
        #expect(try SimDuration.parseGo("1m1h").milliseconds == 3_660_000)
        #expect(try SimDuration.parseGo("-1.5s").milliseconds == -1500)
        #expect(try SimDuration.parseGo("2000us").milliseconds == 2)
        // Sub-millisecond parts truncate, as Argo reads these fields in whole seconds anyway.
        #expect(try SimDuration.parseGo("1500us").milliseconds == 1)
        #expect(try SimDuration.parseGo("1ns").milliseconds == 0)
        #expect(try SimDuration.parseGo("0.0001s").milliseconds == 0)
        #expect(try SimDuration.parseGo("1.0015s").milliseconds == 1001)
        #expect(throws: DurationParseError.self) { try SimDuration.parseGo("1d") }
    }

    @Test("prints the largest units first, as Prometheus does", arguments: [
        (90_000, "1m30s"), (500, "500ms"), (0, "0s"), (7_200_000, "2h"), (86_400_000, "1d"), (3_723_004, "1h2m3s4ms"), (-60_000, "-1m"),
    ] as [(Int64, String)])
    func prints(milliseconds: Int64, text: String) {
        #expect(SimDuration(milliseconds: milliseconds).description == text)
    }

    @Test("printing then parsing gives the same duration")
    func roundTrip() throws {
        for milliseconds: Int64 in [1, 999, 1000, 61_001, 3_600_000 * 25 + 7, 604_800_000 * 3 + 86_400_000] {
            #expect(try SimDuration.parse(SimDuration(milliseconds: milliseconds).description).milliseconds == milliseconds)
        }
    }

    @Test("status times truncate to whole seconds, also before t=0")
    func truncation() {
        #expect(VirtualTime(milliseconds: 75_999).truncatedToSecond.milliseconds == 75_000)
        #expect(VirtualTime(milliseconds: -1).truncatedToSecond.milliseconds == -1000)
        #expect(VirtualTime(milliseconds: -1000).truncatedToSecond.milliseconds == -1000)
    }
}
