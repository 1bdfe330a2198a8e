extension EventQueue {
    /// Checks the queue's structural invariants; a no-op in release builds.
    ///
    /// Property tests call this after every operation (swift-collections does the
    /// same with `Heap._checkInvariants()`). It is O(n), so the simulation loop
    /// does not call it per event.
    func checkInvariants() {
        #if DEBUG
        var tombstones = 0
        var seenSeqs = Set<UInt64>()
        for index in _storage.indices {
            let key = _storage[index].key
            precondition(key.seq < _nextSeq, "EventQueue: seq \(key.seq) was never issued")
            precondition(seenSeqs.insert(key.seq).inserted, "EventQueue: seq \(key.seq) appears twice")
            if index > 0 {
                let parent = _storage[(index - 1) / 2].key
                precondition(!(key < parent), "EventQueue: heap order broken at \(index)")
            }
            if let last = _lastPopped {
                precondition(last < key, "EventQueue: \(key) is at or below the last popped \(last)")
            }
            if _cancelled.contains(key) { tombstones += 1 }
        }
        precondition(tombstones == _tombstoneCount, "EventQueue: tombstone count \(_tombstoneCount), found \(tombstones)")
        if let root = _storage.first {
            precondition(!_cancelled.contains(root.key), "EventQueue: the root \(root.key) is a tombstone")
        }
        precondition(count >= 0, "EventQueue: negative count")
        #endif
    }
}
