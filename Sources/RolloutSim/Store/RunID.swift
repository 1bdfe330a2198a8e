/// The id of a stored run, as users type it: `<scenario>-<seed>-<digest6>`, with `-2`, `-3`, …
/// for the second and later runs that would get the same id (`checkout-canary-42-3f9a1c`,
/// `checkout-canary-42-3f9a1c-2`).
///
/// Why this shape: it depends only on the run's content and on what the database already holds,
/// never on the wall clock or randomness, so storing the same runs into an empty database always
/// yields the same ids. The six hex digits come from the result digest (the event log and
/// measurements), so runs that behaved differently get visibly different ids; the counter keeps
/// repeats of one run apart.
public struct RunID: Hashable, Sendable, Comparable, CustomStringConvertible, ExpressibleByStringLiteral {
    public var rawValue: String

    public init(_ rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }

    public var description: String { rawValue }

    public static func < (lhs: RunID, rhs: RunID) -> Bool { lhs.rawValue < rhs.rawValue }

    /// Digits of the digest kept in the id: 6 hex digits, 16.7 million values, plenty to tell
    /// apart the runs of one scenario and seed.
    static let digestDigits = 6
    /// Longest scenario-name part kept, so ids stay short enough to type.
    static let maxNameLength = 40

    /// The id before any counter: the scenario name cut to `[a-z0-9-]`, the seed and the digest prefix.
    static func base(scenarioName: String, seed: UInt64, digest: String) -> String {
        var name = ""
        for scalar in scenarioName.lowercased().unicodeScalars {
            let isKept = ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar)
            if isKept {
                name.unicodeScalars.append(scalar)
            } else if !name.isEmpty, name.last != "-" {
                name.append("-")
            }
        }
        while name.last == "-" { name.removeLast() }
        if name.count > maxNameLength { name = String(name.prefix(maxNameLength)) }
        if name.isEmpty { name = "run" }
        let hex = digest.hasPrefix("sha256:") ? digest.dropFirst("sha256:".count) : Substring(digest)
        let digits = hex.prefix(digestDigits).lowercased()
        return digits.isEmpty ? "\(name)-\(seed)" : "\(name)-\(seed)-\(digits)"
    }

    /// The id of the `number`-th run with this base (1 is the base itself). The store picks one
    /// more than the highest number in use, so a deleted run's number comes free only if it was
    /// the highest.
    static func numbered(base: String, number: Int) -> RunID {
        number <= 1 ? RunID(base) : RunID("\(base)-\(number)")
    }
}
