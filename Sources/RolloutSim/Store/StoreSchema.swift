// The run database's schema and its forward migrations.
//
// `PRAGMA user_version` holds the schema version, `PRAGMA application_id` marks the file as ours
// (so another program's database is recognised and left alone). Migrations only go forward, in
// order, all pending ones in one transaction; a version this build does not know is refused.
//
// Key layout: every table but `runs` is keyed by (run, …) with the run's integer key first, so
// loading or deleting a run reads one contiguous range of each table, and rows of two runs differ
// only in that key. Ordinals (`seq`, `ordinal`) keep the order values had in the `StoredRun`.
// Times are integer virtual milliseconds (`*_ms`).

/// One step forward of the schema.
struct Migration: Sendable {
    /// The `user_version` after this migration.
    let version: Int
    /// SQL statements, run in order (no parameters).
    let sql: String
}

enum StoreSchema {
    /// `PRAGMA application_id` of a rollout-sim run database: "RSim" in ASCII.
    static let applicationID: Int64 = 0x5253_696D

    /// Every migration, oldest first; the last one's version is the schema this build writes.
    static let migrations: [Migration] = [version1]

    static var latestVersion: Int { migrations.last?.version ?? 0 }

    static let version1 = Migration(version: 1, sql: """
        CREATE TABLE runs (
            run INTEGER PRIMARY KEY AUTOINCREMENT,  -- insertion order; never reused
            id TEXT NOT NULL UNIQUE,                -- RunID: <scenario>-<seed>-<digest6>[-N]
            id_base TEXT NOT NULL,
            id_number INTEGER NOT NULL,
            scenario TEXT NOT NULL,
            scenario_digest TEXT NOT NULL,          -- sha256:… of the scenario sources
            result_digest TEXT NOT NULL,            -- sha256:… of the event log and measurements
            seed INTEGER NOT NULL,                  -- the UInt64 seed's bit pattern
            engine_version TEXT NOT NULL,
            started_at_ms INTEGER NOT NULL,
            ended_at_ms INTEGER NOT NULL,
            verdict TEXT NOT NULL,
            summary_json TEXT NOT NULL,
            UNIQUE (id_base, id_number)
        ) STRICT;

        CREATE TABLE rollouts (
            run INTEGER NOT NULL REFERENCES runs (run) ON DELETE CASCADE,
            rollout INTEGER NOT NULL,               -- ordinal within the run
            name TEXT NOT NULL,
            namespace TEXT NOT NULL,
            phase TEXT NOT NULL,
            message TEXT NOT NULL,
            PRIMARY KEY (run, rollout)
        ) STRICT, WITHOUT ROWID;

        CREATE TABLE events (
            run INTEGER NOT NULL REFERENCES runs (run) ON DELETE CASCADE,
            seq INTEGER NOT NULL,
            t_ms INTEGER NOT NULL,
            object TEXT NOT NULL,
            reason TEXT NOT NULL,
            message TEXT NOT NULL,
            PRIMARY KEY (run, seq)
        ) STRICT, WITHOUT ROWID;
        -- No (run, t_ms) index: events are stored in time order, so seq order is time order, and
        -- an index would cost ~15 % of storing a run (StoreBenchmarks).

        CREATE TABLE phases (
            run INTEGER NOT NULL REFERENCES runs (run) ON DELETE CASCADE,
            rollout INTEGER NOT NULL,
            seq INTEGER NOT NULL,
            t_ms INTEGER NOT NULL,
            phase TEXT NOT NULL,
            message TEXT NOT NULL,
            PRIMARY KEY (run, rollout, seq)
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX phases_by_time ON phases (run, rollout, t_ms);

        CREATE TABLE steps (
            run INTEGER NOT NULL REFERENCES runs (run) ON DELETE CASCADE,
            rollout INTEGER NOT NULL,
            seq INTEGER NOT NULL,                   -- a step index repeats after a retry
            step_index INTEGER NOT NULL,
            step TEXT NOT NULL,
            started_at_ms INTEGER NOT NULL,
            completed_at_ms INTEGER,
            PRIMARY KEY (run, rollout, seq)
        ) STRICT, WITHOUT ROWID;

        CREATE TABLE weights (
            run INTEGER NOT NULL REFERENCES runs (run) ON DELETE CASCADE,
            rollout INTEGER NOT NULL,
            seq INTEGER NOT NULL,
            t_ms INTEGER NOT NULL,
            desired INTEGER NOT NULL,
            router INTEGER NOT NULL,
            effective REAL NOT NULL,
            PRIMARY KEY (run, rollout, seq)
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX weights_by_time ON weights (run, rollout, t_ms);

        CREATE TABLE replica_sets (
            run INTEGER NOT NULL REFERENCES runs (run) ON DELETE CASCADE,
            rollout INTEGER NOT NULL,
            replica_set INTEGER NOT NULL,           -- ordinal within the rollout
            pod_template_hash TEXT NOT NULL,
            revision INTEGER NOT NULL,
            role TEXT NOT NULL,
            PRIMARY KEY (run, rollout, replica_set)
        ) STRICT, WITHOUT ROWID;

        CREATE TABLE replica_set_history (
            run INTEGER NOT NULL REFERENCES runs (run) ON DELETE CASCADE,
            rollout INTEGER NOT NULL,
            replica_set INTEGER NOT NULL,
            seq INTEGER NOT NULL,
            t_ms INTEGER NOT NULL,
            replicas INTEGER NOT NULL,
            ready INTEGER NOT NULL,
            available INTEGER NOT NULL,
            PRIMARY KEY (run, rollout, replica_set, seq)
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX replica_set_history_by_time ON replica_set_history (run, rollout, t_ms);

        CREATE TABLE analysis_runs (
            run INTEGER NOT NULL REFERENCES runs (run) ON DELETE CASCADE,
            rollout INTEGER NOT NULL,
            analysis_run INTEGER NOT NULL,          -- ordinal within the rollout
            name TEXT NOT NULL,
            kind TEXT NOT NULL,
            templates TEXT NOT NULL,                -- template names, one per line
            phase TEXT NOT NULL,
            message TEXT NOT NULL,
            started_at_ms INTEGER,
            finished_at_ms INTEGER,
            PRIMARY KEY (run, rollout, analysis_run)
        ) STRICT, WITHOUT ROWID;

        CREATE TABLE measurements (
            run INTEGER NOT NULL REFERENCES runs (run) ON DELETE CASCADE,
            rollout INTEGER NOT NULL,
            analysis_run INTEGER NOT NULL,
            seq INTEGER NOT NULL,
            metric TEXT NOT NULL,
            started_at_ms INTEGER,
            finished_at_ms INTEGER,
            phase TEXT NOT NULL,
            value TEXT NOT NULL,
            rendered_query TEXT,
            message TEXT NOT NULL,
            condition_matched TEXT,
            counters_json TEXT,
            PRIMARY KEY (run, rollout, analysis_run, seq)
        ) STRICT, WITHOUT ROWID;

        CREATE TABLE series (
            run INTEGER NOT NULL REFERENCES runs (run) ON DELETE CASCADE,
            series INTEGER NOT NULL,                -- ordinal within the run
            labels TEXT NOT NULL,                   -- name{label="value",…}
            sample_count INTEGER NOT NULL,
            samples BLOB NOT NULL,                  -- SeriesSamplesEncoding: (t ms, value bits) pairs
            PRIMARY KEY (run, series)
        ) STRICT, WITHOUT ROWID;
        """)
}
