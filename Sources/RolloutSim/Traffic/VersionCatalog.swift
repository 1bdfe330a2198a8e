/// The behaviour of each image, as the scenario's `versions` list gives it, changed by
/// `setVersion` actions mid-run.
struct VersionCatalog: Sendable {
    private(set) var entries: [VersionBehaviour]

    /// What an image that no entry matches does: no errors, the default latency, no capacity limit.
    static func fallback(image: String) -> VersionBehaviour {
        VersionBehaviour(image: image, errorRate: 0, latency: VersionBehaviour.defaultLatency, capacityRps: nil,
                         readiness: .ok, location: SourceLocation(file: "", line: 0, column: 0))
    }

    init(_ entries: [VersionBehaviour]) {
        self.entries = entries
    }

    /// The index of the first entry whose image (exact, or a glob with `*` and `?`) matches, or nil.
    func index(for image: String) -> Int? {
        entries.firstIndex { $0.image == image } ?? entries.firstIndex { Glob.matches(pattern: $0.image, image) }
    }

    func behaviour(for image: String) -> VersionBehaviour {
        index(for: image).map { entries[$0] } ?? Self.fallback(image: image)
    }

    func behaviour(at index: Int?, image: String) -> VersionBehaviour {
        index.map { entries[$0] } ?? Self.fallback(image: image)
    }

    /// Applies a `setVersion` action: the fields given replace those of the entry with exactly this
    /// image string (created from the image's current behaviour when absent). Returns whether a new
    /// entry was appended (then every pod's entry index must be looked up again).
    mutating func update(image: String, errorRate: Double?, latency: LatencyQuantiles?, capacityRps: Double??) -> Bool {
        let existing = entries.firstIndex { $0.image == image }
        var entry = existing.map { entries[$0] } ?? behaviour(for: image)
        entry.image = image
        if let errorRate { entry.errorRate = errorRate }
        if let latency { entry.latency = latency }
        if let capacityRps { entry.capacityRps = capacityRps }
        if let existing {
            entries[existing] = entry
            return false
        }
        // An exact entry must win over any glob, so it goes first.
        entries.insert(entry, at: 0)
        return true
    }
}

/// Shell-style globs: `*` any run of characters, `?` one character.
enum Glob {
    static func matches(pattern: String, _ text: String) -> Bool {
        let p = Array(pattern.unicodeScalars), t = Array(text.unicodeScalars)
        var pi = 0, ti = 0, star = -1, mark = 0
        while ti < t.count {
            if pi < p.count && (p[pi] == "?" || p[pi] == t[ti]) {
                pi += 1; ti += 1
            } else if pi < p.count && p[pi] == "*" {
                star = pi; mark = ti; pi += 1
            } else if star >= 0 {
                pi = star + 1; mark += 1; ti = mark
            } else {
                return false
            }
        }
        while pi < p.count && p[pi] == "*" { pi += 1 }
        return pi == p.count
    }
}
