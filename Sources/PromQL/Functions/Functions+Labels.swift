import Foundation

// label_replace and label_join (Prometheus functions.go).

let labelFunctions: [String: InstantFunction] = [
    // label_replace(v, dst, replacement, src, regex) -> instant-vector
    "label_replace": { call throws(PromQLError) in
        let dst = call.string(1), replacement = call.string(2), src = call.string(3), pattern = call.string(4)
        let regex: NSRegularExpression
        do {
            regex = try NSRegularExpression(pattern: "^(?s:" + pattern.replacingOccurrences(of: "(?P<", with: "(?<") + ")$")
        } catch {
            throw executionError("invalid regular expression in label_replace(): \(pattern)")
        }
        guard isValidLabelName(dst) else {
            throw executionError("invalid destination label name in label_replace(): \(dst)")
        }
        let groupNames = captureGroupNames(pattern)
        return .vector(call.vector(0).map { sample in
            let srcValue = sample.labels.value(of: src)
            let range = NSRange(srcValue.startIndex..<srcValue.endIndex, in: srcValue)
            guard let match = regex.firstMatch(in: srcValue, options: [], range: range) else { return sample }
            let result = expandTemplate(replacement, match: match, in: srcValue, groupNames: groupNames)
            return Sample(labels: sample.labels.setting(dst, to: result), timestampMs: sample.timestampMs, value: sample.value)
        })
    },
    // label_join(v, dst, separator, src...) -> instant-vector
    "label_join": { call throws(PromQLError) in
        let dst = call.string(1), separator = call.string(2)
        var sources: [String] = []
        for i in 3..<call.args.count {
            let src = call.string(i)
            guard isValidLabelName(src) else { throw executionError("invalid source label name in label_join(): \(src)") }
            sources.append(src)
        }
        guard isValidLabelName(dst) else { throw executionError("invalid destination label name in label_join(): \(dst)") }
        return .vector(call.vector(0).map { sample in
            let joined = sources.map { sample.labels.value(of: $0) }.joined(separator: separator)
            return Sample(labels: sample.labels.setting(dst, to: joined), timestampMs: sample.timestampMs, value: sample.value)
        })
    },
]

/// Names of the named groups `(?P<name>…)` / `(?<name>…)` in a pattern.
func captureGroupNames(_ pattern: String) -> Set<String> {
    var names = Set<String>()
    var rest = Substring(pattern)
    while let open = rest.range(of: "(?P<") ?? rest.range(of: "(?<") {
        let after = rest[open.upperBound...]
        guard let close = after.firstIndex(of: ">") else { break }
        names.insert(String(after[..<close]))
        rest = after[close...]
    }
    return names
}

/// Go's `Regexp.ExpandString`: `$1`, `${1}`, `$name`, `${name}`; `$$` is a dollar. A name is the
/// longest run of letters, digits and underscores; an unknown group expands to nothing.
func expandTemplate(_ template: String, match: NSTextCheckingResult, in source: String, groupNames: Set<String>) -> String {
    let chars = Array(template.unicodeScalars)
    var out = String.UnicodeScalarView()
    var i = 0
    func group(_ name: String) -> String {
        var range = NSRange(location: NSNotFound, length: 0)
        if let index = Int(name), name.allSatisfy(\.isASCII) {
            if index < match.numberOfRanges { range = match.range(at: index) }
        } else if groupNames.contains(name) {
            range = match.range(withName: name)
        }
        guard range.location != NSNotFound, let r = Range(range, in: source) else { return "" }
        return String(source[r])
    }
    func isNameChar(_ c: Unicode.Scalar) -> Bool {
        (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || (c >= "0" && c <= "9") || c == "_"
    }
    while i < chars.count {
        let c = chars[i]
        guard c == "$", i + 1 < chars.count else {
            out.append(c)
            i += 1
            continue
        }
        let next = chars[i + 1]
        if next == "$" {
            out.append("$")
            i += 2
        } else if next == "{" {
            var j = i + 2
            var name = ""
            while j < chars.count && isNameChar(chars[j]) { name.unicodeScalars.append(chars[j]); j += 1 }
            if j < chars.count && chars[j] == "}" && !name.isEmpty {
                out.append(contentsOf: group(name).unicodeScalars)
                i = j + 1
            } else {
                out.append(c)  // Not a valid reference: Go keeps the dollar as text.
                i += 1
            }
        } else {
            var j = i + 1
            var name = ""
            while j < chars.count && isNameChar(chars[j]) { name.unicodeScalars.append(chars[j]); j += 1 }
            if name.isEmpty {
                out.append(c)
                i += 1
            } else {
                out.append(contentsOf: group(name).unicodeScalars)
                i = j
            }
        }
    }
    return String(out)
}
