// Binary searches over a series' timestamp array.

extension RandomAccessCollection where Element == Int64, Index == Int {
    /// The index of the first timestamp ≥ `t` (`endIndex` when none).
    /// - Complexity: O(log n)
    @inline(__always)
    func firstIndex(atOrAfter t: Int64) -> Int {
        var lo = startIndex, hi = endIndex
        while lo < hi {
            let mid = (lo &+ hi) >> 1
            if self[mid] < t { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// The index of the first timestamp > `t` (`endIndex` when none).
    /// - Complexity: O(log n)
    @inline(__always)
    func firstIndex(after t: Int64) -> Int {
        var lo = startIndex, hi = endIndex
        while lo < hi {
            let mid = (lo &+ hi) >> 1
            if self[mid] <= t { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }
}
