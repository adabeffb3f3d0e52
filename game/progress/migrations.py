"""Forward-only schema migrations, tracked in `PRAGMA user_version`.

Step n brings a database from version n to n+1 inside one transaction, together with the
version bump, so a process killed mid-migration leaves the old version intact and the next
start simply runs the step again. Never edit a shipped step: add a new one.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable

from game.core.difficulty import TIERS
from game.core.judge import PASSING_GRADES, grade_for

Step = Callable[[sqlite3.Connection], None]

BESTS_REBUILD = (
    "DELETE FROM bests",
    """INSERT INTO bests (level_id, tier, assist, attempt_id, score, accuracy, grade,
                          max_combo, content_hash, finished_at)
       SELECT level_id, tier, assist, id, score, accuracy, grade, max_combo, content_hash,
              finished_at
       FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY level_id, tier, assist
                                          ORDER BY score DESC, id ASC) AS rk
             FROM attempts WHERE practice = 0 AND autoplay = 0 AND daily = 0)
       WHERE rk = 1""",
)


def _run(conn: sqlite3.Connection, statements: tuple[str, ...]) -> None:
    # one statement at a time: executescript() would COMMIT the enclosing transaction
    for sql in statements:
        conn.execute(sql)


def v1_first_schema(conn: sqlite3.Connection) -> None:
    """Attempts, personal bests per level and tier, settings."""
    _run(conn, (
        """CREATE TABLE attempts (
               id INTEGER PRIMARY KEY,
               level_id TEXT NOT NULL,
               content_hash TEXT NOT NULL,
               stage TEXT NOT NULL,
               finished_at TEXT NOT NULL,
               tier TEXT NOT NULL,
               score INTEGER NOT NULL,
               accuracy REAL NOT NULL,
               judgements TEXT NOT NULL,
               max_combo INTEGER NOT NULL,
               duration_s REAL NOT NULL,
               practice INTEGER NOT NULL DEFAULT 0)""",
        """CREATE TABLE bests (
               level_id TEXT NOT NULL,
               tier TEXT NOT NULL,
               attempt_id INTEGER NOT NULL REFERENCES attempts(id),
               score INTEGER NOT NULL,
               accuracy REAL NOT NULL,
               PRIMARY KEY (level_id, tier))""",
        """CREATE TABLE settings (
               key TEXT PRIMARY KEY,
               value TEXT NOT NULL)""",
    ))


def v2_daily_and_streaks(conn: sqlite3.Connection) -> None:
    """The player's local day on each attempt, grades, autoplay/assist/daily flags, the
    tempo played at, daily completions; bests kept apart for assisted runs."""
    for column in ("local_date TEXT NOT NULL DEFAULT ''", "grade TEXT NOT NULL DEFAULT ''",
                   "strays INTEGER NOT NULL DEFAULT 0",
                   "tempo_scale REAL NOT NULL DEFAULT 1.0",
                   "autoplay INTEGER NOT NULL DEFAULT 0", "assist INTEGER NOT NULL DEFAULT 0",
                   "daily INTEGER NOT NULL DEFAULT 0"):
        conn.execute(f"ALTER TABLE attempts ADD COLUMN {column}")
    # The first schema kept no local day: the UTC day is the best we know.
    conn.execute("UPDATE attempts SET local_date = substr(finished_at, 1, 10)")
    rows = conn.execute("SELECT id, accuracy, judgements, tier FROM attempts").fetchall()
    for aid, accuracy, judgements, tier in rows:
        try:
            counts = json.loads(judgements)
            misses = int(counts.get("miss", 0)) + int(counts.get("wrong", 0))
        except (ValueError, TypeError, AttributeError):
            misses = 0
        scale = TIERS[tier].tempo_scale if tier in TIERS else 1.0
        conn.execute("UPDATE attempts SET grade = ?, tempo_scale = ? WHERE id = ?",
                     (grade_for(accuracy, misses), scale, aid))
    _run(conn, (
        "DROP TABLE bests",
        """CREATE TABLE bests (
               level_id TEXT NOT NULL,
               tier TEXT NOT NULL,
               assist INTEGER NOT NULL,
               attempt_id INTEGER NOT NULL REFERENCES attempts(id),
               score INTEGER NOT NULL,
               accuracy REAL NOT NULL,
               grade TEXT NOT NULL,
               max_combo INTEGER NOT NULL,
               content_hash TEXT NOT NULL,
               finished_at TEXT NOT NULL,
               PRIMARY KEY (level_id, tier, assist))""",
        *BESTS_REBUILD,
        """CREATE TABLE daily_completions (
               local_date TEXT PRIMARY KEY,
               completed_at TEXT NOT NULL,
               utc_offset_s INTEGER NOT NULL)""",
    ))


def v3_stats_and_clears(conn: sqlite3.Connection) -> None:
    """Stats read by day and by stage; the first clear of each level kept apart, so the
    campaign's unlocks never scan the whole history."""
    _run(conn, (
        "CREATE INDEX attempts_by_day ON attempts (local_date)",
        "CREATE INDEX attempts_by_stage ON attempts (stage, local_date)",
        """CREATE TABLE clears (
               level_id TEXT PRIMARY KEY,
               attempt_id INTEGER NOT NULL REFERENCES attempts(id),
               cleared_at TEXT NOT NULL)""",
        f"""INSERT INTO clears (level_id, attempt_id, cleared_at)
            SELECT level_id, MIN(id), finished_at FROM attempts
            WHERE grade IN ({", ".join(repr(g) for g in PASSING_GRADES)})
              AND practice = 0 AND autoplay = 0 AND daily = 0
            GROUP BY level_id""",
    ))


def v4_stage_outcomes(conn: sqlite3.Connection) -> None:
    """What each stage counted (steps climbed, combos landed) and the cue kinds played,
    as JSON objects; older attempts have none."""
    _run(conn, (
        "ALTER TABLE attempts ADD COLUMN cue_kinds TEXT NOT NULL DEFAULT '{}'",
        "ALTER TABLE attempts ADD COLUMN outcome TEXT NOT NULL DEFAULT '{}'",
    ))


def v5_reserved(conn: sqlite3.Connection) -> None:
    """Placeholder for the replays step (v5), which another branch defines: replace this
    function with that one when merging; v6 does not depend on it."""


def v6_effort_and_training(conn: sqlite3.Connection) -> None:
    """The workout of each attempt (seconds worked and rested, moves per stage) as a JSON
    object (older attempts have none), and the off-keyboard rounds, which are training but
    never a game score, so they live apart from attempts."""
    _run(conn, (
        "ALTER TABLE attempts ADD COLUMN effort TEXT NOT NULL DEFAULT '{}'",
        """CREATE TABLE training (
               id INTEGER PRIMARY KEY,
               local_date TEXT NOT NULL,
               finished_at TEXT NOT NULL,
               exercise TEXT NOT NULL,
               seconds REAL NOT NULL,
               count INTEGER NOT NULL,
               met_low REAL NOT NULL,
               met_high REAL NOT NULL)""",
        "CREATE INDEX training_by_day ON training (local_date)",
    ))


MIGRATIONS: tuple[Step, ...] = (v1_first_schema, v2_daily_and_streaks, v3_stats_and_clears,
                                v4_stage_outcomes, v5_reserved, v6_effort_and_training)
LATEST = len(MIGRATIONS)


def user_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(conn: sqlite3.Connection, target: int = LATEST) -> list[int]:
    """Run the missing steps up to `target` (conn must be in autocommit mode); returns the
    versions reached. Another process migrating at the same time is waited for, not
    repeated: the version is read again under the write lock."""
    reached: list[int] = []
    for n in range(user_version(conn), target):
        conn.execute("BEGIN IMMEDIATE")
        try:
            if user_version(conn) == n:
                MIGRATIONS[n](conn)
                conn.execute(f"PRAGMA user_version = {n + 1}")
                reached.append(n + 1)
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
    return reached
