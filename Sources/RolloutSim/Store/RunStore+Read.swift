// Reading runs back: the list, one run in full, and deleting one. A full load reads each table's
// range for the run in key order, inside one read transaction so a concurrent writer cannot show
// half of a change.

/// One line of `runs list`: a stored run without its timelines.
public struct RunListing: Sendable, Equatable {
    public var id: RunID
    public var scenarioName: String
    public var scenarioDigest: String
    public var resultDigest: String
    public var seed: UInt64
    public var engineVersion: String
    public var startedAt: VirtualTime
    public var endedAt: VirtualTime
    public var verdict: String
}

extension RunStore {
    /// Every stored run, newest (last stored) first.
    public func list() throws -> [RunListing] {
        try connection.query("""
            SELECT id, scenario, scenario_digest, result_digest, seed, engine_version, started_at_ms, ended_at_ms, verdict
            FROM runs ORDER BY run DESC
            """) { row in
            RunListing(
                id: RunID(row.text(0)), scenarioName: row.text(1), scenarioDigest: row.text(2), resultDigest: row.text(3),
                seed: UInt64(bitPattern: row.int64(4)), engineVersion: row.text(5),
                startedAt: VirtualTime(milliseconds: row.int64(6)), endedAt: VirtualTime(milliseconds: row.int64(7)),
                verdict: row.text(8))
        }
    }

    /// The stored run with this id, exactly as it was saved.
    ///
    /// - Throws: `StoreError.runNotFound` when no run has this id.
    public func load(_ id: RunID) throws -> StoredRun {
        try readTransaction {
            let found = try connection.query("""
                SELECT run, scenario, scenario_digest, result_digest, seed, engine_version, started_at_ms, ended_at_ms,
                       verdict, summary_json
                FROM runs WHERE id = ?
                """, [.text(id.rawValue)]) { row in
                (row.int64(0), StoredRun(
                    scenarioName: row.text(1), scenarioDigest: row.text(2), resultDigest: row.text(3),
                    seed: UInt64(bitPattern: row.int64(4)), engineVersion: row.text(5),
                    startedAt: VirtualTime(milliseconds: row.int64(6)), endedAt: VirtualTime(milliseconds: row.int64(7)),
                    verdict: row.text(8), summaryJSON: row.text(9)))
            }
            guard let (key, header) = found.first else { throw StoreError.runNotFound(path: path, id: id) }
            var run = header
            let runKey = SQLiteValue.integer(key)
            run.rollouts = try loadRollouts(run: runKey)
            run.events = try connection.query(
                "SELECT t_ms, object, reason, message FROM events WHERE run = ? ORDER BY seq", [runKey]) { row in
                StoredEvent(t: VirtualTime(milliseconds: row.int64(0)), object: row.text(1), reason: row.text(2), message: row.text(3))
            }
            run.series = try loadSeries(run: runKey)
            return run
        }
    }

    /// Deletes the run with this id and all its rows, in one transaction.
    ///
    /// - Throws: `StoreError.runNotFound` when no run has this id.
    public func delete(_ id: RunID) throws {
        try requireWritable()
        try connection.transaction {
            try connection.run("DELETE FROM runs WHERE id = ?", [.text(id.rawValue)])
            if connection.changes == 0 { throw StoreError.runNotFound(path: path, id: id) }
        }
    }

    // MARK: Loading parts

    private func loadRollouts(run: SQLiteValue) throws -> [StoredRollout] {
        var rollouts = try connection.query(
            "SELECT name, namespace, phase, message FROM rollouts WHERE run = ? ORDER BY rollout", [run]) { row in
            StoredRollout(name: row.text(0), namespace: row.text(1), phase: row.text(2), message: row.text(3))
        }
        for index in rollouts.indices {
            let key: [SQLiteValue] = [run, .integer(index)]
            rollouts[index].phases = try connection.query(
                "SELECT t_ms, phase, message FROM phases WHERE run = ? AND rollout = ? ORDER BY seq", key) { row in
                StoredPhase(t: VirtualTime(milliseconds: row.int64(0)), phase: row.text(1), message: row.text(2))
            }
            rollouts[index].steps = try connection.query("""
                SELECT step_index, step, started_at_ms, completed_at_ms FROM steps WHERE run = ? AND rollout = ? ORDER BY seq
                """, key) { row in
                StoredStep(index: row.int(0), step: row.text(1), startedAt: VirtualTime(milliseconds: row.int64(2)),
                           completedAt: row.optionalInt64(3).map(VirtualTime.init(milliseconds:)))
            }
            rollouts[index].weights = try connection.query(
                "SELECT t_ms, desired, router, effective FROM weights WHERE run = ? AND rollout = ? ORDER BY seq", key) { row in
                StoredWeight(t: VirtualTime(milliseconds: row.int64(0)), desiredWeight: row.int(1), routerWeight: row.int(2),
                             effectiveShare: row.double(3))
            }
            rollouts[index].replicaSets = try loadReplicaSets(key: key)
            rollouts[index].analysisRuns = try loadAnalysisRuns(key: key)
        }
        return rollouts
    }

    private func loadReplicaSets(key: [SQLiteValue]) throws -> [StoredReplicaSet] {
        var replicaSets = try connection.query("""
            SELECT pod_template_hash, revision, role FROM replica_sets WHERE run = ? AND rollout = ? ORDER BY replica_set
            """, key) { row in
            StoredReplicaSet(podTemplateHash: row.text(0), revision: row.int(1), role: row.text(2), history: [])
        }
        let history = try connection.query("""
            SELECT replica_set, t_ms, replicas, ready, available FROM replica_set_history
            WHERE run = ? AND rollout = ? ORDER BY replica_set, seq
            """, key) { row in
            (row.int(0), StoredReplicaSetSample(t: VirtualTime(milliseconds: row.int64(1)), replicas: row.int(2),
                                                ready: row.int(3), available: row.int(4)))
        }
        for (ordinal, sample) in history where replicaSets.indices.contains(ordinal) {
            replicaSets[ordinal].history.append(sample)
        }
        return replicaSets
    }

    private func loadAnalysisRuns(key: [SQLiteValue]) throws -> [StoredAnalysisRun] {
        var analysisRuns = try connection.query("""
            SELECT name, kind, templates, phase, message, started_at_ms, finished_at_ms FROM analysis_runs
            WHERE run = ? AND rollout = ? ORDER BY analysis_run
            """, key) { row in
            let templates = row.text(2)
            return StoredAnalysisRun(
                name: row.text(0), kind: row.text(1),
                templates: templates.isEmpty ? [] : templates.split(separator: "\n", omittingEmptySubsequences: false).map(String.init),
                phase: row.text(3), message: row.text(4),
                startedAt: row.optionalInt64(5).map(VirtualTime.init(milliseconds:)),
                finishedAt: row.optionalInt64(6).map(VirtualTime.init(milliseconds:)), measurements: [])
        }
        let measurements = try connection.query("""
            SELECT analysis_run, metric, started_at_ms, finished_at_ms, phase, value, rendered_query, message,
                   condition_matched, counters_json
            FROM measurements WHERE run = ? AND rollout = ? ORDER BY analysis_run, seq
            """, key) { row in
            (row.int(0), StoredMeasurement(
                metric: row.text(1), startedAt: row.optionalInt64(2).map(VirtualTime.init(milliseconds:)),
                finishedAt: row.optionalInt64(3).map(VirtualTime.init(milliseconds:)), phase: row.text(4), value: row.text(5),
                renderedQuery: row.optionalText(6), message: row.text(7), conditionMatched: row.optionalText(8),
                countersJSON: row.optionalText(9)))
        }
        for (ordinal, measurement) in measurements where analysisRuns.indices.contains(ordinal) {
            analysisRuns[ordinal].measurements.append(measurement)
        }
        return analysisRuns
    }

    private func loadSeries(run: SQLiteValue) throws -> [StoredSeries] {
        try connection.query("SELECT labels, sample_count, samples FROM series WHERE run = ? ORDER BY series", [run]) { row in
            let labels = row.text(0)
            guard let samples = SeriesSamplesEncoding.decode(row.blob(2)), samples.count == row.int(1) else {
                throw StoreError.corruptRow(path: path, table: "series", detail: "the samples of \(labels) do not decode")
            }
            return StoredSeries(labels: labels, samples: samples)
        }
    }

    /// Runs `body` in a deferred (read) transaction, so every query sees the same snapshot.
    private func readTransaction<T>(_ body: () throws -> T) throws -> T {
        try connection.execute("BEGIN DEFERRED")
        do {
            let result = try body()
            try connection.execute("COMMIT")
            return result
        } catch {
            if !connection.isAutocommit { try? connection.execute("ROLLBACK") }
            throw error
        }
    }
}
