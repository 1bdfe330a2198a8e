// Binary searches over a series' timestamp array.

extension Array where Element == Int64 {
    /// The index of the first timestamp ≥ `t` (`count` when none).
    /// - Complexity: O(log n)
    @inline(__always)
    func firstIndex(atOrAfter t: Int64) -> Int {
        var lo = 0, hi = count
        while lo < hi {
            let mid = (lo &+ hi) >> 1
            if self[mid] < t { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// The index of the first timestamp > `t` (`count` when none).
    /// - Complexity: O(log n)
    @inline(__always)
    func firstIndex(after t: Int64) -> Int {
        var lo = 0, hi = count
        while lo < hi {
            let mid = (lo &+ hi) >> 1
            if self[mid] <= t { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }
}
