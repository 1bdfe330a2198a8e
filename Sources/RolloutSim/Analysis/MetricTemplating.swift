import Foundation

// `{{args.NAME}}` substitution into a metric.
//
// Upstream JSON-encodes the whole metric, substitutes every `{{…}}` tag in that text, and decodes
// it again (Argo: ResolveMetricArgs in utils/analysis/factory.go, ResolveQuotedArgs and resolve in
// utils/template/template.go). Values are JSON-escaped before substitution, so after decoding a
// value lands verbatim in whichever string field held the tag — every string field, including
// `count: "{{args.n}}"` and the bodies of providers we keep as YAML. We substitute field by field
// in the order the JSON encoding lists them, which keeps the one observable consequence of the
// text-based approach: when several tags fail, the error names the *last* one.

/// Why `{{args.…}}` substitution failed; `message` is upstream's error text.
public struct TemplateError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

/// Substitutes `{{ tag }}` in strings from a table of `args.<name>` values.
struct ArgumentTemplater {
    private var valuesByTag: [(tag: String, value: String)] = []
    /// Upstream keeps going after an unknown tag and reports the last one.
    private(set) var lastError: TemplateError?

    /// Argo: `ResolveArgs`: every argument must have a value, whether or not a metric uses it.
    init(arguments: [AnalysisRunArgument]) throws(TemplateError) {
        for argument in arguments {
            guard let value = argument.value else {
                throw TemplateError(message: "argument \"\(argument.name)\" was not supplied")
            }
            valuesByTag.append((tag: "args.\(argument.name)", value: value))
        }
    }

    /// Replaces every `{{tag}}` (tag trimmed of spaces) with its value; an unknown tag becomes the
    /// empty string and is remembered as the error, as fasttemplate's callback does upstream.
    mutating func render(_ text: String) -> String {
        guard text.contains("{{") else { return text }
        var output = ""
        var rest = Substring(text)
        while let open = rest.range(of: "{{") {
            output += rest[rest.startIndex..<open.lowerBound]
            let afterOpen = rest[open.upperBound...]
            guard let close = afterOpen.range(of: "}}") else {
                // fasttemplate refuses a template with an unterminated tag.
                lastError = TemplateError(message: "cannot find end tag=\"}}\" in the template=\"\(text)\"")
                return output + rest[open.lowerBound...]
            }
            let rawTag = String(afterOpen[afterOpen.startIndex..<close.lowerBound])
            let cleaned = rawTag.trimmingCharacters(in: .whitespacesAndNewlines)
            if let entry = valuesByTag.last(where: { $0.tag == cleaned }) {
                output += entry.value
            } else {
                lastError = TemplateError(message: "failed to resolve {{\(rawTag)}}")
            }
            rest = afterOpen[close.upperBound...]
        }
        return output + rest
    }

    mutating func render(_ text: String?) -> String? {
        text.map { render($0) }
    }

    mutating func render(_ value: IntOrString?) -> IntOrString? {
        guard case .string(let text)? = value else { return value }
        return .string(render(text))
    }

    mutating func render(_ node: YAMLNode?) -> YAMLNode? {
        guard var node else { return nil }
        switch node.content {
        case .scalar(let text, let quoted):
            node.content = .scalar(render(text), quoted: quoted)
        case .sequence(let items):
            node.content = .sequence(items.map { render($0)! })
        case .mapping(let pairs):
            node.content = .mapping(pairs.map { pair in
                var pair = pair
                pair.value = render(pair.value)!
                return pair
            })
        }
        return node
    }

    mutating func render(_ headers: [HeaderEntry]) -> [HeaderEntry] {
        headers.map { HeaderEntry(key: render($0.key), value: render($0.value)) }
    }
}

extension Metric {
    /// The metric with `{{args.…}}` substituted in every string field.
    /// Argo: ResolveMetricArgs (utils/analysis/factory.go).
    func resolvingArguments(_ arguments: [AnalysisRunArgument]) throws(TemplateError) -> Metric {
        var templater = try ArgumentTemplater(arguments: arguments)
        var metric = self
        // Field order of the JSON encoding of v1alpha1.Metric.
        metric.name = templater.render(name)
        metric.interval = templater.render(interval)
        metric.initialDelay = templater.render(initialDelay)
        metric.count = templater.render(count)
        metric.successCondition = templater.render(successCondition)
        metric.failureCondition = templater.render(failureCondition)
        metric.failureLimit = templater.render(failureLimit)
        metric.inconclusiveLimit = templater.render(inconclusiveLimit)
        metric.consecutiveErrorLimit = templater.render(consecutiveErrorLimit)
        metric.provider = provider.resolving(&templater)
        metric.consecutiveSuccessLimit = templater.render(consecutiveSuccessLimit)
        if let error = templater.lastError { throw error }
        return metric
    }
}

extension MetricProvider {
    fileprivate func resolving(_ templater: inout ArgumentTemplater) -> MetricProvider {
        var provider = self
        if var prometheus {
            prometheus.address = templater.render(prometheus.address)
            prometheus.query = templater.render(prometheus.query)
            prometheus.authentication = templater.render(prometheus.authentication)
            prometheus.headers = templater.render(prometheus.headers)
            if var range = prometheus.rangeQuery {
                range.start = templater.render(range.start)
                range.end = templater.render(range.end)
                range.step = templater.render(range.step)
                prometheus.rangeQuery = range
            }
            provider.prometheus = prometheus
        }
        if var web {
            web.method = templater.render(web.method)
            web.url = templater.render(web.url)
            web.headers = templater.render(web.headers)
            web.body = templater.render(web.body)
            web.jsonPath = templater.render(web.jsonPath)
            web.jsonBody = templater.render(web.jsonBody)
            web.authentication = templater.render(web.authentication)
            provider.web = web
        }
        if var job {
            job.metadata = templater.render(job.metadata)
            job.spec = templater.render(job.spec)
            provider.job = job
        }
        provider.others = others.map { other in
            var other = other
            other.node = templater.render(other.node)!
            return other
        }
        provider.plugins = plugins.map { plugin in
            var plugin = plugin
            plugin.node = templater.render(plugin.node)!
            return plugin
        }
        return provider
    }
}
