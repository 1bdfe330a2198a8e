import PromQL

/// Why a query to the simulated Prometheus failed.
public enum PrometheusQueryError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The server could not be reached: an outage window, or an address that is not the
    /// scenario's Prometheus. `message` is what Argo's Prometheus provider reports.
    case unreachable(message: String)
    /// The server answered with an error (`bad_data` for a parse error, `execution` otherwise).
    case query(PromQLError)

    public var description: String {
        switch self {
        case .unreachable(let message): return message
        case .query(let error): return error.message
        }
    }
}

/// Which addresses reach the simulated Prometheus, and when it is down. The one place that
/// decides reachability and words its errors, for the world's queries and the analysis providers.
public struct PrometheusEndpoint: Sendable {
    /// nil: every address reaches it.
    public var address: String?
    /// `[from, to)` windows relative to t=0.
    public var outages: [TimeWindow]

    public init(address: String?, outages: [TimeWindow]) {
        self.address = address
        self.outages = outages
    }

    /// The error a query to `address` at `t` gets, or nil when the server answers.
    ///
    /// Argo's provider calls client_golang's `api.Client`, which POSTs to `<address>/api/v1/query`;
    /// Go's `net/http` reports a failed connection as `Post "<url>": dial tcp …`. A server that is
    /// down refuses the connection; an address that names no server fails the DNS lookup.
    /// `path` is the API endpoint: `query`, or `query_range` for range queries.
    public func unreachableError(address requested: String, at t: VirtualTime, path: String = "query") -> PrometheusQueryError? {
        let url = Self.trimmed(requested) + "/api/v1/" + path
        if let address, Self.trimmed(address) != Self.trimmed(requested) {
            return .unreachable(message: "Post \"\(url)\": dial tcp: lookup \(Self.host(of: requested).split(separator: ":")[0]): no such host")
        }
        if outages.contains(where: { $0.from.milliseconds <= t.milliseconds && t.milliseconds < $0.to.milliseconds }) {
            return .unreachable(message: "Post \"\(url)\": dial tcp \(Self.host(of: requested)): connect: connection refused")
        }
        return nil
    }

    static func trimmed(_ address: String) -> String {
        var text = Substring(address)
        while text.last == "/" { text = text.dropLast() }
        return String(text)
    }

    /// `host:port` of a URL, as Go prints it in dial errors (the port defaults from the scheme).
    static func host(of address: String) -> String {
        var rest = Substring(trimmed(address))
        var defaultPort = "80"
        if let scheme = rest.range(of: "://") {
            if rest[..<scheme.lowerBound] == "https" { defaultPort = "443" }
            rest = rest[scheme.upperBound...]
        }
        if let slash = rest.firstIndex(of: "/") { rest = rest[..<slash] }
        return rest.contains(":") ? String(rest) : rest + ":" + defaultPort
    }
}
