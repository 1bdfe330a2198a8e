// The binary-heap mechanics behind EventQueue. Sift loops move a "hole" instead
// of swapping, so each level costs one move rather than three, and work on the
// array's buffer directly to avoid per-access bounds and uniqueness checks.

extension EventQueue {
    /// Restores heap order after appending at `index`.
    ///
    /// - Complexity: O(log n)
    @inlinable
    mutating func _siftUp(from index: Int) {
        _storage.withUnsafeMutableBufferPointer { heap in
            var hole = index
            let moving = heap[hole]
            while hole > 0 {
                let parent = (hole - 1) >> 1
                guard moving.key < heap[parent].key else { break }
                heap[hole] = heap[parent]
                hole = parent
            }
            heap[hole] = moving
        }
    }

    /// Removes and returns the root, moving the last element down into place.
    ///
    /// - Precondition: the heap is not empty.
    /// - Complexity: O(log n)
    @inlinable
    mutating func _removeRoot() -> Entry {
        let last = _storage.removeLast()
        guard !_storage.isEmpty else { return last }
        return _storage.withUnsafeMutableBufferPointer { heap in
            let root = heap[0]
            let count = heap.count
            var hole = 0
            while true {
                var child = 2 * hole + 1
                guard child < count else { break }
                let right = child + 1
                if right < count, heap[right].key < heap[child].key {
                    child = right
                }
                guard heap[child].key < last.key else { break }
                heap[hole] = heap[child]
                hole = child
            }
            heap[hole] = last
            return root
        }
    }

    /// Drops tombstones from the root until the root is a pending event, which
    /// keeps `peekTime` and `popNext` free of tombstone checks.
    ///
    /// - Complexity: O(k log n) for k tombstones dropped.
    @usableFromInline
    mutating func _dropCancelledRoot() {
        while _tombstoneCount > 0, let root = _storage.first, _cancelled.contains(root.key) {
            _ = _removeRoot()
            _tombstoneCount -= 1
        }
    }

    /// Forgets cancelled keys at or below the last popped key: `cancel` answers
    /// `false` for those from the key alone, so the set no longer needs them.
    ///
    /// - Complexity: O(c) for c cancelled keys, amortised by doubling the threshold.
    @usableFromInline
    mutating func _pruneCancelled() {
        if let last = _lastPopped {
            _cancelled = _cancelled.filter { last < $0 }
        }
        _pruneThreshold = Swift.max(Self._minimumPruneThreshold, 2 * _cancelled.count)
    }
}
