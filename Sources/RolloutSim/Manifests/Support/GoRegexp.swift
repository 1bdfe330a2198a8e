import Foundation

/// Go's `regexp.MatchString(pattern, text)` as Argo uses it for dryRun and measurementRetention
/// rules: an unanchored search, and an expression Go's RE2 syntax refuses matches nothing (upstream
/// ignores the compile error and counts no match).
///
/// Matching runs on ICU (`NSRegularExpression`), whose syntax is close to RE2's for the patterns
/// these rules use. `isValid` first refuses what RE2 refuses but ICU would accept: a repetition
/// with nothing to repeat or applied twice (`*`, `a**`, possessive `a*+`), counts above 1000,
/// lookaround and atomic groups, backreferences, flags other than `imsU`, and escapes RE2 lacks.
/// Remaining differences (`(?U)`, which ICU lacks, and `$` before a final newline) do not arise
/// with metric names.
enum GoRegexp {
    static func matchesAny(pattern: String, in names: [String]) -> Bool {
        guard let regex = compile(pattern) else { return false }
        return names.contains { name in
            regex.firstMatch(in: name, range: NSRange(name.startIndex..., in: name)) != nil
        }
    }

    static func compile(_ pattern: String) -> NSRegularExpression? {
        guard isValid(pattern) else { return nil }
        // RE2 writes named groups (?P<name>…) as well as (?<name>…); ICU knows only the latter.
        return try? NSRegularExpression(pattern: pattern.replacingOccurrences(of: "(?P<", with: "(?<"))
    }

    /// A conservative check of Go's regexp/syntax rules, for what ICU would otherwise accept.
    static func isValid(_ pattern: String) -> Bool {
        let chars = Array(pattern)
        var index = 0
        // Whether there is an item a repetition can apply to; whether the last token was a
        // repetition, and whether its single non-greedy `?` was used.
        var canRepeat = false, afterRepeat = false, lazyUsed = false
        func item() { canRepeat = true; afterRepeat = false }
        func boundary() { canRepeat = false; afterRepeat = false }
        while index < chars.count {
            let c = chars[index]
            switch c {
            case "\\":
                guard index + 1 < chars.count else { return false }
                let e = chars[index + 1]
                if e == "Q" {
                    // Literal text up to \E or the end.
                    var end = index + 2
                    while end < chars.count && !(chars[end] == "\\" && end + 1 < chars.count && chars[end + 1] == "E") { end += 1 }
                    index = min(end + 2, chars.count)
                    item()
                    continue
                }
                guard validEscape(chars, at: index) else { return false }
                index += 2
                if "pPx".contains(e), index < chars.count, chars[index] == "{" {
                    while index < chars.count && chars[index] != "}" { index += 1 }
                    index += 1
                }
                item()
                continue
            case "[":
                // A class: skip to its closing bracket (a leading ] is literal), checking escapes.
                var end = index + 1
                if end < chars.count && chars[end] == "^" { end += 1 }
                if end < chars.count && chars[end] == "]" { end += 1 }
                while end < chars.count && chars[end] != "]" {
                    if chars[end] == "\\" {
                        guard validEscape(chars, at: end), !"bBAz".contains(chars[end + 1]) else { return false }
                        end += 2
                    } else if chars[end] == "[", end + 1 < chars.count, chars[end + 1] == ":" {
                        // [:alpha:] and the like
                        var close = end + 2
                        while close + 1 < chars.count && !(chars[close] == ":" && chars[close + 1] == "]") { close += 1 }
                        end = close + 2
                    } else {
                        end += 1
                    }
                }
                guard end < chars.count else { return false }
                index = end + 1
                item()
                continue
            case "(":
                if index + 1 < chars.count && chars[index + 1] == "?" {
                    let rest = String(chars[(index + 2)...])
                    if rest.hasPrefix("P<") || (rest.hasPrefix("<") && !rest.hasPrefix("<=") && !rest.hasPrefix("<!")) {
                        guard let close = rest.firstIndex(of: ">") else { return false }
                        index += 2 + rest.distance(from: rest.startIndex, to: close) + 1
                        boundary()
                        continue
                    }
                    // Flags: (?flags) or (?flags:re), from imsU with an optional -.
                    var end = index + 2
                    while end < chars.count && "imsU-".contains(chars[end]) { end += 1 }
                    guard end < chars.count, chars[end] == ")" || chars[end] == ":", chars[end] == ":" || end > index + 2 else { return false }
                    index = end + 1
                    boundary()
                    continue
                }
                boundary()
            case "|":
                boundary()
            case ")", ".", "^", "$":
                item()
            case "*", "+", "?":
                if afterRepeat {
                    guard c == "?", !lazyUsed else { return false }
                    lazyUsed = true
                } else {
                    guard canRepeat else { return false }
                    afterRepeat = true; lazyUsed = false
                }
            case "{":
                // {n}, {n,} or {n,m}, counts at most 1000, is a repetition; otherwise a literal brace.
                var end = index + 1
                while end < chars.count && (chars[end].isASCII && chars[end].isNumber || chars[end] == ",") { end += 1 }
                let parts = String(chars[(index + 1)..<end]).split(separator: ",", omittingEmptySubsequences: false)
                if end < chars.count, chars[end] == "}", let first = parts.first, !first.isEmpty, parts.count <= 2 {
                    guard canRepeat, !afterRepeat else { return false }
                    let counts = parts.compactMap { Int($0) }
                    guard counts.count == parts.count || (parts.count == 2 && parts[1].isEmpty) else { return false }
                    if counts.contains(where: { $0 > 1000 }) || (counts.count == 2 && counts[1] < counts[0]) { return false }
                    afterRepeat = true; lazyUsed = false
                    index = end + 1
                    continue
                }
                item()
            default:
                item()
            }
            index += 1
        }
        return true
    }

    /// Escapes Go accepts: punctuation, \0 and octal \1nn (a lone \1-\9 would be a backreference),
    /// and the letters of its Perl and Unicode classes, anchors and control characters.
    private static func validEscape(_ chars: [Character], at index: Int) -> Bool {
        guard index + 1 < chars.count else { return false }
        let e = chars[index + 1]
        guard e.isASCII, e.isLetter || e.isNumber else { return true }
        if e == "0" { return true }
        if ("1"..."7").contains(e) { return index + 2 < chars.count && ("0"..."7").contains(chars[index + 2]) }
        return "afnrtvxpPdDsSwWbBAz".contains(e)
    }
}
