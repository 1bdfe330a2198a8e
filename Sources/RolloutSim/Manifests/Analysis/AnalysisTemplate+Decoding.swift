extension AnalysisTemplate {
    static func decode(_ fields: FieldReader, metadata: ObjectMeta, clusterScoped: Bool) -> AnalysisTemplate? {
        guard let spec = fields.object("spec") else {
            _ = fields.required("spec", expected: "the template's spec with metrics")
            return nil
        }
        guard spec.isMapping else { return nil }
        let value = AnalysisTemplateSpec(
            metrics: spec.objects("metrics") { Metric.decode($0, $1) } ?? [],
            args: spec.objects("args") { AnalysisArgument.decode($0, $1) } ?? [],
            dryRun: spec.objects("dryRun") { DryRunRule.decode($0, $1) } ?? [],
            measurementRetention: spec.objects("measurementRetention") { MeasurementRetentionRule.decode($0, $1) } ?? [],
            templates: spec.objects("templates") { AnalysisTemplateRef.decode($0, $1) } ?? [],
            locations: spec.locations)
        spec.finish(unknownFields: .warning)
        return AnalysisTemplate(metadata: metadata, isClusterScoped: clusterScoped, spec: value, location: fields.node.location)
    }
}

extension AnalysisArgument {
    static func decode(_ reader: FieldReader, _ index: Int) -> AnalysisArgument? {
        let name = reader.text("name")
        var source: Source = reader.text("value").map { Source.value($0) } ?? Source.unset
        if let valueFrom = reader.object("valueFrom"), valueFrom.isMapping {
            if let secret = valueFrom.object("secretKeyRef"), secret.isMapping {
                let secretName = secret.text("name")
                let key = secret.text("key")
                if secretName == nil { _ = secret.required("name", expected: "the Secret's name") }
                if key == nil { _ = secret.required("key", expected: "a key of the Secret") }
                if let secretName, let key { source = .secretKeyRef(name: secretName, key: key) }
                secret.finish(unknownFields: .warning)
            } else if let fieldRef = valueFrom.object("fieldRef"), fieldRef.isMapping {
                if let path = fieldRef.text("fieldPath") {
                    source = .fieldRef(path)
                } else {
                    _ = fieldRef.required("fieldPath", expected: "a field path")
                }
                fieldRef.finish(unknownFields: .warning)
            }
            valueFrom.finish(unknownFields: .warning)
        }
        reader.finish(unknownFields: .warning)
        guard let name else { _ = reader.required("name", expected: "the argument's name"); return nil }
        return AnalysisArgument(name: name, source: source, locations: reader.locations)
    }
}

extension Metric {
    static func decode(_ reader: FieldReader, _ index: Int) -> Metric? {
        let sink = reader.sink
        let name = reader.text("name")
        // `interval: ""` is no interval, as upstream compares with the empty string.
        let interval = reader.text("interval").flatMap { $0.isEmpty ? nil : $0 }
        let initialDelay = reader.text("initialDelay").flatMap { $0.isEmpty ? nil : $0 }
        for (key, value) in [("interval", interval), ("initialDelay", initialDelay)] {
            guard let value, !value.contains("{{") else { continue }
            do { _ = try SimDuration.parseGo(value) } catch {
                sink.error(reader.locations[key], "\(reader.childPath(key)): \(error.message)", expected: "a Go duration such as 30s or 1m30s")
            }
        }
        var provider = MetricProvider(prometheus: nil, web: nil, job: nil, others: [], plugins: [], location: reader.locations["provider"])
        if let providerReader = reader.object("provider"), providerReader.isMapping {
            provider = MetricProvider.decode(providerReader)
        } else if !reader.has("provider") {
            _ = reader.required("provider", expected: "one provider such as prometheus, web or job")
        }
        let metric = Metric(name: name ?? "", interval: interval, initialDelay: initialDelay,
                            count: reader.intOrString("count"),
                            successCondition: reader.text("successCondition"), failureCondition: reader.text("failureCondition"),
                            failureLimit: reader.intOrString("failureLimit"), inconclusiveLimit: reader.intOrString("inconclusiveLimit"),
                            consecutiveErrorLimit: reader.intOrString("consecutiveErrorLimit"),
                            consecutiveSuccessLimit: reader.intOrString("consecutiveSuccessLimit"),
                            provider: provider, locations: reader.locations)
        // A count or limit written as a string must be a number once templating is done.
        for key in ["count", "failureLimit", "inconclusiveLimit", "consecutiveErrorLimit", "consecutiveSuccessLimit"] {
            let value: IntOrString? = switch key {
            case "count": metric.count
            case "failureLimit": metric.failureLimit
            case "inconclusiveLimit": metric.inconclusiveLimit
            case "consecutiveErrorLimit": metric.consecutiveErrorLimit
            default: metric.consecutiveSuccessLimit
            }
            if case .string(let text) = value, !text.contains("{{"), Int(text) == nil {
                sink.error(reader.locations[key], "\(reader.childPath(key)): invalid value '\(text)'", expected: "an integer or an {{args.name}} placeholder")
            }
        }
        reader.finish(unknownFields: .warning)
        guard name != nil else { _ = reader.required("name", expected: "the metric's name"); return nil }
        return metric
    }
}

extension MetricProvider {
    static func decode(_ reader: FieldReader) -> MetricProvider {
        let prometheus = reader.decodeObject("prometheus") { prom -> PrometheusMetric in
            let rangeQuery = prom.decodeObject("rangeQuery") { range -> PrometheusMetric.RangeQuery in
                let value = PrometheusMetric.RangeQuery(start: range.text("start"), end: range.text("end"), step: range.text("step"))
                range.finish(unknownFields: .warning)
                return value
            }
            let value = PrometheusMetric(address: prom.text("address"), query: prom.text("query"), timeout: prom.int64Field("timeout"),
                                         insecure: prom.bool("insecure") ?? false, headers: decodeHeaders(prom),
                                         authentication: prom.node("authentication"), rangeQuery: rangeQuery, locations: prom.locations)
            prom.finish(unknownFields: .warning)
            return value
        }
        let web = reader.decodeObject("web") { web -> WebMetric in
            let value = WebMetric(url: web.text("url"), method: web.text("method"), headers: decodeHeaders(web), body: web.text("body"),
                                  jsonBody: web.node("jsonBody"), timeoutSeconds: web.int64Field("timeoutSeconds"),
                                  jsonPath: web.text("jsonPath"), insecure: web.bool("insecure") ?? false,
                                  authentication: web.node("authentication"), locations: web.locations)
            if let method = value.method, !["GET", "POST", "PUT"].contains(method) {
                web.sink.error(web.locations["method"], "\(web.childPath("method")): unsupported value '\(method)'", expected: "GET, POST or PUT")
            }
            if value.url == nil { _ = web.required("url", expected: "the URL to call") }
            web.finish(unknownFields: .warning)
            return value
        }
        let job = reader.decodeObject("job") { job -> JobMetric in
            let value = JobMetric(metadata: job.node("metadata"), spec: job.node("spec"), locations: job.locations)
            if value.spec == nil { _ = job.required("spec", expected: "a Job spec") }
            job.finish(unknownFields: .warning)
            return value
        }
        var others: [OpaqueObject] = []
        for name in otherNames {
            if let node = reader.node(name) { others.append(OpaqueObject(name: name, node: node, location: reader.locations[name])) }
        }
        let plugins = reader.opaqueEntries("plugin") ?? []
        reader.finish(unknownFields: .warning)
        return MetricProvider(prometheus: prometheus, web: web, job: job, others: others, plugins: plugins, location: reader.node.location)
    }

    private static func decodeHeaders(_ reader: FieldReader) -> [HeaderEntry] {
        reader.objects("headers") { header, _ -> HeaderEntry? in
            let key = header.text("key"), value = header.text("value")
            header.finish(unknownFields: .warning)
            guard let key else { _ = header.required("key", expected: "a header name"); return nil }
            return HeaderEntry(key: key, value: value ?? "")
        } ?? []
    }
}
