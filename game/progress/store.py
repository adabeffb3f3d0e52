"""ProgressStore: the player's attempts, bests, settings and daily completions in SQLite.

WAL journal with synchronous=FULL: every finished attempt is one transaction that is on disk
when record_attempt() returns, so a process killed at any moment loses at most the attempt
in progress. A file that is not a readable database is moved aside (never deleted) and a
fresh one is started; the player is told where the old one went.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from game.core.judge import PASSING_GRADES
from game.core.replay import Replay, decode_inputs, decode_trace, encode_inputs, encode_trace
from game.core.safeio import regular_file_problem
from game.core.settings import Settings
from game.progress import journal, migrations
from game.progress.attempt import AttemptRecord, attempt_from_summary, local_now
from game.progress.streak import Completion, streaks

__all__ = ["AttemptRecord", "PersonalBest", "ProgressStore", "StoreError", "StoredReplay",
           "attempt_from_summary", "FILE_NAME"]

FILE_NAME = "progress.sqlite3"
LOCK_WAIT_S = 1.0
SIDE_FILES = ("-wal", "-shm", "-journal")
_CORRUPT_CODES = {11, 26}  # SQLITE_CORRUPT, SQLITE_NOTADB (primary codes)

_REPLAY_COLUMNS = ("attempt_id", "content_hash", "game_version", "assist", "tempo_scale",
                   "start_time", "cue_digest", "source", "presses", "inputs", "judgements")
_ATTEMPT_COLUMNS = ("level_id", "content_hash", "stage", "finished_at", "local_date", "tier",
                    "score", "accuracy", "grade", "judgements", "max_combo", "duration_s",
                    "strays", "tempo_scale", "practice", "autoplay", "assist", "daily",
                    "cue_kinds", "outcome", "effort")


class StoreError(Exception):
    """The store cannot be used (e.g. written by a newer version of the game)."""


class _Unreadable(Exception):
    """The file is not a usable Montage database: it will be moved aside."""


@dataclass(frozen=True)
class PersonalBest:
    level_id: str
    tier: str
    assist: bool
    attempt_id: int
    score: int
    accuracy: float
    grade: str
    max_combo: int
    content_hash: str
    finished_at: datetime


@dataclass(frozen=True)
class StoredReplay:
    """One row of the replay list: the attempt, and how many presses it kept."""

    attempt_id: int
    attempt: AttemptRecord
    presses: int
    source: str
    game_version: str


def _replay_row(aid: int, rp: Replay) -> tuple:
    return (aid, rp.content_hash, rp.game_version, int(rp.assist), float(rp.tempo_scale),
            rp.start_time, rp.cue_digest, rp.source, rp.presses, encode_inputs(rp.inputs),
            encode_trace(rp.trace))


def _is_corruption(e: sqlite3.DatabaseError) -> bool:
    code = getattr(e, "sqlite_errorcode", None)
    if code is not None:
        return (code & 0xFF) in _CORRUPT_CODES
    msg = str(e).lower()
    return "not a database" in msg or "malformed" in msg


def _utc_text(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat()


def _attempt_row(rec: AttemptRecord) -> tuple:
    return (rec.level_id, rec.content_hash, rec.stage, _utc_text(rec.finished_at),
            rec.local_date.isoformat(), rec.tier, int(rec.score), float(rec.accuracy),
            rec.grade, json.dumps(rec.judgements, sort_keys=True), int(rec.max_combo),
            float(rec.duration_s), int(rec.strays), float(rec.tempo_scale),
            int(rec.practice), int(rec.autoplay), int(rec.assist), int(rec.daily),
            json.dumps(rec.cue_kinds, sort_keys=True), json.dumps(rec.outcome, sort_keys=True),
            json.dumps(rec.effort, sort_keys=True))


def _record_from_row(row: sqlite3.Row) -> AttemptRecord:
    return AttemptRecord(
        level_id=row["level_id"], content_hash=row["content_hash"], stage=row["stage"],
        finished_at=datetime.fromisoformat(row["finished_at"]),
        local_date=date.fromisoformat(row["local_date"]), tier=row["tier"],
        score=row["score"], accuracy=row["accuracy"], grade=row["grade"],
        judgements=json.loads(row["judgements"]), max_combo=row["max_combo"],
        duration_s=row["duration_s"], strays=row["strays"], tempo_scale=row["tempo_scale"],
        practice=bool(row["practice"]), autoplay=bool(row["autoplay"]),
        assist=bool(row["assist"]), daily=bool(row["daily"]),
        cue_kinds=_json_object(row["cue_kinds"]), outcome=_json_object(row["outcome"]),
        effort=_json_object(row["effort"]))


def _json_object(text: str) -> dict:
    """A JSON object column; anything else (hand-edited, damaged) reads as empty."""
    try:
        value = json.loads(text)
    except (TypeError, ValueError):
        return {}
    return value if isinstance(value, dict) else {}


def quarantine(path: Path, when: datetime | None = None) -> Path:
    """Move a database and its side files aside under one new name; returns the new path."""
    stamp = (when or datetime.now()).strftime("%Y%m%d-%H%M%S")
    k = 0
    while True:
        suffix = f".corrupt-{stamp}" + (f"-{k}" if k else "")
        target = path.with_name(path.stem + suffix + path.suffix)
        if not any(Path(str(target) + s).exists() for s in ("", *SIDE_FILES)):
            break
        k += 1
    path.replace(target)
    for side in SIDE_FILES:
        src = Path(str(path) + side)
        if src.exists():
            src.replace(Path(str(target) + side))
    return target


class ProgressStore:
    """One open progress database. Not thread-safe: one store per thread."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self.conn = conn
        self.path = path
        self.unsaved: list[AttemptRecord] = []  # runs neither the database nor the journal took
        self.unsaved_days: list[tuple[date, datetime]] = []   # daily sessions, likewise

    # -- opening ------------------------------------------------------------------------
    @classmethod
    def open(cls, path: Path | None = None) -> tuple[ProgressStore, str | None]:
        """Open (creating or migrating) the store; the str is a notice for the player when
        an unreadable file had to be moved aside, naming where it went."""
        if path is None:
            from game.paths import data_dir
            path = data_dir() / FILE_NAME
        path = Path(path)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise StoreError(f"cannot create the folder for {path}: {e.strerror or e}") from e
        for file in (path, *(Path(str(path) + s) for s in SIDE_FILES)):
            why = regular_file_problem(file)
            if why and not (file == path and path.is_dir()):  # a FIFO blocks sqlite forever
                raise StoreError(f"cannot open {file}: {why}")
        notice = None
        try:
            store = cls(_connect(path), path)
        except _Unreadable as e:
            try:
                moved = quarantine(path)
            except OSError as err:
                raise StoreError(f"{path} could not be read ({e}) nor moved aside: "
                                 f"{err.strerror or err}") from err
            notice = (f"Your progress file could not be read ({e}). It was kept as {moved} "
                      "and a fresh one was started.")
            store = cls(_connect(path), path)
        saved = store.flush_pending()
        if saved:
            notice = " ".join(x for x in (notice, f"{saved} run{'s' if saved != 1 else ''} "
                                          "that could not be saved before "
                                          f"{'were' if saved != 1 else 'was'} saved now.")
                              if x)
        return store, notice

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> ProgressStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def schema_version(self) -> int:
        return migrations.user_version(self.conn)

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: all of it is committed (and synced) or none of it."""
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
            self.conn.execute("COMMIT")
        except BaseException:
            if self.conn.in_transaction:  # a failed COMMIT may already have rolled back
                self.conn.execute("ROLLBACK")
            raise

    # -- attempts and bests -------------------------------------------------------------
    def record_attempt(self, rec: AttemptRecord, completes_day: date | None = None) -> int:
        """Commit one finished attempt (and its personal best); returns its id. With
        `completes_day`, the day's montage is marked finished in the same transaction, so
        a kill between the two can never keep the run and lose the day (or the reverse)."""
        with self.transaction():
            aid = self._insert(rec)
            if completes_day is not None:
                self._complete_day(completes_day.isoformat(), rec.finished_at)
            return aid

    def record_attempts(self, recs: Iterable[AttemptRecord]) -> list[int]:
        """Many attempts in one transaction (imports, benchmarks, tests)."""
        with self.transaction():
            return [self._insert(r) for r in recs]

    def save_attempt(self, rec: AttemptRecord, completes_day: date | None = None
                     ) -> tuple[int | None, str | None]:
        """Commit a finished run, or keep it for later when the database cannot take it
        (read-only, full, locked): (its id or None, a notice for the player or None).
        Runs kept earlier are committed first. `completes_day`: see record_attempt."""
        self.flush_pending()
        try:
            return self.record_attempt(rec, completes_day), None
        except sqlite3.Error as e:
            why = str(e)
        try:
            journal.keep(journal.journal_path(self.path), rec)
            if completes_day is not None:
                journal.keep_day(journal.journal_path(self.path), completes_day,
                                 rec.finished_at)
            where = f"kept in {journal.journal_path(self.path)}"
        except OSError as e:
            self.unsaved.append(rec)
            where = f"kept until the game closes ({e.strerror or e} for the journal too)"
        return None, (f"this run could not be saved ({why}); it is {where} and will be "
                      "saved at the next chance")

    def save_daily(self, local_date: date, when: datetime | None = None) -> str | None:
        """Mark today's montage finished, or keep it for later when the database cannot
        take it (the streak must not break over a locked file); a notice, or None."""
        moment = (when or local_now()).astimezone()
        self.flush_pending()
        try:
            self.mark_daily_complete(local_date, moment)
            return None
        except sqlite3.Error as e:
            why = str(e)
        try:
            journal.keep_day(journal.journal_path(self.path), local_date, moment)
            where = f"kept in {journal.journal_path(self.path)}"
        except OSError as e:
            self.unsaved_days.append((local_date, moment))
            where = f"kept until the game closes ({e.strerror or e} for the journal too)"
        return (f"today's montage could not be saved ({why}); it is {where} and will be "
                "saved at the next chance")

    def flush_pending(self) -> int:
        """Commit the runs (and daily sessions) that earlier saves had to keep aside;
        returns how many runs were committed (0 when the database still cannot take them:
        they stay kept)."""
        path = journal.journal_path(self.path)
        try:
            kept, kept_days = journal.read_pending(path), journal.read_pending_days(path)
        except (OSError, ValueError):
            kept, kept_days = [], []
        recs = kept + self.unsaved
        days = kept_days + self.unsaved_days
        if not recs and not days:
            return 0
        try:
            with self.transaction():
                new = [r for r in recs if not self._has(r)]
                for r in new:
                    self._insert(r)
                for day, moment in days:  # the first completion of a day is kept, as always
                    offset = moment.utcoffset()
                    self.conn.execute(
                        "INSERT OR IGNORE INTO daily_completions (local_date, completed_at, "
                        "utc_offset_s) VALUES (?, ?, ?)",
                        (day.isoformat(), _utc_text(moment),
                         int(offset.total_seconds()) if offset else 0))
        except sqlite3.Error:
            return 0
        self.unsaved, self.unsaved_days = [], []
        if kept or kept_days:
            try:
                journal.write_pending(path, [])
            except OSError:
                pass  # committed: a journal left behind is skipped run by run next time
        return len(new)

    def _has(self, rec: AttemptRecord) -> bool:
        return self.conn.execute(
            "SELECT 1 FROM attempts WHERE level_id = ? AND finished_at = ? AND score = ?",
            (rec.level_id, _utc_text(rec.finished_at), int(rec.score))).fetchone() is not None

    def _insert(self, rec: AttemptRecord) -> int:
        cols = ", ".join(_ATTEMPT_COLUMNS)
        marks = ", ".join("?" * len(_ATTEMPT_COLUMNS))
        cur = self.conn.execute(f"INSERT INTO attempts ({cols}) VALUES ({marks})",
                                _attempt_row(rec))
        aid = int(cur.lastrowid or 0)
        if rec.replay is not None:
            self.conn.execute(
                f"INSERT INTO replays ({', '.join(_REPLAY_COLUMNS)}) "
                f"VALUES ({', '.join('?' * len(_REPLAY_COLUMNS))})", _replay_row(aid, rec.replay))
        if rec.counts_as_progress and not rec.daily and rec.grade in PASSING_GRADES:
            self.conn.execute("INSERT OR IGNORE INTO clears (level_id, attempt_id, cleared_at) "
                              "VALUES (?, ?, ?)",
                              (rec.level_id, aid, _utc_text(rec.finished_at)))
        if rec.counts_as_progress and not rec.daily:
            self.conn.execute(
                """INSERT INTO bests (level_id, tier, assist, attempt_id, score, accuracy,
                                      grade, max_combo, content_hash, finished_at)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                   ON CONFLICT (level_id, tier, assist) DO UPDATE SET
                       attempt_id = excluded.attempt_id, score = excluded.score,
                       accuracy = excluded.accuracy, grade = excluded.grade,
                       max_combo = excluded.max_combo, content_hash = excluded.content_hash,
                       finished_at = excluded.finished_at
                   WHERE excluded.score > bests.score""",
                (rec.level_id, rec.tier, int(rec.assist), aid, rec.score, rec.accuracy,
                 rec.grade, rec.max_combo, rec.content_hash, _utc_text(rec.finished_at)))
        return aid

    def attempt(self, attempt_id: int) -> AttemptRecord | None:
        row = self._rows("SELECT * FROM attempts WHERE id = ?", (attempt_id,))
        return _record_from_row(row[0]) if row else None

    def attempts(self, level_id: str | None = None, *, include_autoplay: bool = False
                 ) -> list[AttemptRecord]:
        """Attempts in the order they were recorded."""
        where, args = ["1"], []
        if level_id is not None:
            where.append("level_id = ?")
            args.append(level_id)
        if not include_autoplay:
            where.append("autoplay = 0")
        rows = self._rows(f"SELECT * FROM attempts WHERE {' AND '.join(where)} ORDER BY id",
                          tuple(args))
        return [_record_from_row(r) for r in rows]

    def replay(self, attempt_id: int) -> Replay | None:
        """The stored replay of one attempt (None when it kept none). ReplayError when its
        blobs are damaged."""
        rows = self._rows("SELECT r.*, a.level_id, a.tier FROM replays r "
                          "JOIN attempts a ON a.id = r.attempt_id WHERE r.attempt_id = ?",
                          (attempt_id,))
        if not rows:
            return None
        r = rows[0]
        return Replay(level_id=r["level_id"], content_hash=r["content_hash"],
                      game_version=r["game_version"], tier=r["tier"], assist=bool(r["assist"]),
                      tempo_scale=r["tempo_scale"], start_time=r["start_time"],
                      inputs=tuple(decode_inputs(r["inputs"])),
                      trace=tuple(decode_trace(r["judgements"])),
                      cue_digest=r["cue_digest"], source=r["source"])

    def best_replay_id(self, level_id: str, tier: str, content_hash: str, *,
                       assist: bool = False) -> int | None:
        """The attempt id of the best full run on this level, tier and content that kept
        its replay (the ghost): like personal_best, but a best from before the level was
        edited, or from before replays were kept, gives way to the best that can replay."""
        row = self.conn.execute(
            """SELECT a.id FROM attempts a JOIN replays r ON r.attempt_id = a.id
               WHERE a.level_id = ? AND a.tier = ? AND a.assist = ? AND r.content_hash = ?
                 AND a.practice = 0 AND a.autoplay = 0 AND a.daily = 0
               ORDER BY a.score DESC, a.id ASC LIMIT 1""",
            (level_id, tier, int(assist), content_hash)).fetchone()
        return int(row[0]) if row else None

    def replays(self) -> list[StoredReplay]:
        """Every attempt that kept its inputs, oldest first (without decoding them)."""
        rows = self._rows("SELECT a.*, r.presses, r.source, r.game_version FROM attempts a "
                          "JOIN replays r ON r.attempt_id = a.id ORDER BY a.id")
        return [StoredReplay(row["id"], _record_from_row(row), row["presses"], row["source"],
                             row["game_version"]) for row in rows]

    def attempt_ids(self) -> set[int]:
        return {r[0] for r in self.conn.execute("SELECT id FROM attempts")}

    def played_stages(self) -> set[str]:
        """Stages the player has played themselves (any run but the bot's)."""
        return {r[0] for r in self.conn.execute(
            "SELECT DISTINCT stage FROM attempts WHERE autoplay = 0")}

    def personal_best(self, level_id: str, tier: str, *, assist: bool = False
                      ) -> PersonalBest | None:
        """The highest-scoring full, unassisted (or, with assist=True, assisted) run of the
        level on this tier; practice, autoplay and daily-session runs never count."""
        rows = self._rows("SELECT * FROM bests WHERE level_id = ? AND tier = ? AND assist = ?",
                          (level_id, tier, int(assist)))
        return _best(rows[0]) if rows else None

    def bests(self) -> list[PersonalBest]:
        return [_best(r) for r in self._rows("SELECT * FROM bests ORDER BY level_id, tier")]

    def cleared_level_ids(self) -> set[str]:
        """Levels the player has cleared (grade C or better) in a full run, on any tier."""
        return {r[0] for r in self.conn.execute("SELECT level_id FROM clears")}

    def stage_days(self, stage: str) -> list[tuple[date, list[str]]]:
        """Per local day the player played this stage for real: the grades of that day."""
        out: dict[str, list[str]] = {}
        for day, grade in self.conn.execute(
                """SELECT local_date, grade FROM attempts
                   WHERE stage = ? AND practice = 0 AND autoplay = 0
                   ORDER BY local_date, id""", (stage,)):
            out.setdefault(day, []).append(grade)
        return [(date.fromisoformat(d), g) for d, g in out.items()]

    # -- settings -----------------------------------------------------------------------
    def settings_get(self, key: str, default: Any = None) -> Any:
        row = self.conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        if row is None:
            return default
        try:
            return json.loads(row[0])
        except (ValueError, RecursionError):  # a hand-edited value nested past all sense
            return default

    def settings_set(self, key: str, value: Any) -> None:
        """Store any JSON value (TypeError for anything else)."""
        text = json.dumps(value, sort_keys=True)
        with self.transaction():
            self.conn.execute("INSERT INTO settings (key, value) VALUES (?, ?) "
                              "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                              (key, text))

    def load_settings(self, legacy_json: Path | None = None) -> Settings:
        """The player's Settings. The first time, a settings.json from before the store is
        imported (and left in place)."""
        raw = self.settings_get("settings")
        if raw is None and legacy_json is not None and legacy_json.exists():
            settings = Settings.load(legacy_json)
            self.save_settings(settings)
            return settings
        return Settings.from_dict(raw)

    def save_settings(self, settings: Settings) -> None:
        self.settings_set("settings", settings.to_dict())

    # -- daily sessions and streaks -----------------------------------------------------
    def mark_daily_complete(self, local_date: date | str, when: datetime | None = None
                            ) -> bool:
        """Today's montage is finished. The first completion of a day is kept; returns
        whether this one was new."""
        moment = when if when is not None else local_now()
        if moment.tzinfo is None:
            moment = moment.astimezone()
        day = local_date if isinstance(local_date, str) else local_date.isoformat()
        date.fromisoformat(day)  # reject anything that is not a date
        with self.transaction():
            return self._complete_day(day, moment)

    def _complete_day(self, day: str, moment: datetime) -> bool:
        offset = moment.utcoffset()
        cur = self.conn.execute(
            "INSERT OR IGNORE INTO daily_completions (local_date, completed_at, "
            "utc_offset_s) VALUES (?, ?, ?)",
            (day, _utc_text(moment), int(offset.total_seconds()) if offset else 0))
        return cur.rowcount == 1

    def daily_done(self, local_date: date) -> bool:
        return self.conn.execute("SELECT 1 FROM daily_completions WHERE local_date = ?",
                                 (local_date.isoformat(),)).fetchone() is not None

    def daily_completions(self) -> list[Completion]:
        return [Completion(date.fromisoformat(d), at, off) for d, at, off in self.conn.execute(
            "SELECT local_date, completed_at, utc_offset_s FROM daily_completions "
            "ORDER BY local_date")]

    def streak(self, today: date, now: datetime | None = None) -> tuple[int, int]:
        """(current, best) streak of days with a finished daily session. Pass `now` (aware)
        so a time-zone change since the last session cannot break the streak; the week's
        planned rest days (settings) never break it."""
        return streaks(self.daily_completions(), today, now,
                       self.load_settings().rest_weekdays)

    # -- helpers ------------------------------------------------------------------------
    def _rows(self, sql: str, args: tuple = ()) -> list[sqlite3.Row]:
        cur = self.conn.cursor()
        cur.row_factory = sqlite3.Row
        return cur.execute(sql, args).fetchall()


def keep_without_store(rec: AttemptRecord, why: str, path: Path | None = None) -> str:
    """The store could not even be opened: keep `rec` in the journal beside where the
    database lives, for the next start. Returns what to tell the player."""
    if path is None:
        try:
            from game.paths import data_dir
            path = data_dir() / FILE_NAME
        except OSError as e:
            return f"this run could not be saved and is lost ({why}; {e})"
    where = journal.journal_path(path)
    try:
        journal.keep(where, rec)
    except OSError as e:
        return f"this run could not be saved and is lost ({why}; {e.strerror or e})"
    return (f"progress cannot be saved now ({why}); this run is kept in {where} and will "
            "be saved at the next start")


def _best(row: sqlite3.Row) -> PersonalBest:
    return PersonalBest(level_id=row["level_id"], tier=row["tier"], assist=bool(row["assist"]),
                        attempt_id=row["attempt_id"], score=row["score"],
                        accuracy=row["accuracy"], grade=row["grade"],
                        max_combo=row["max_combo"], content_hash=row["content_hash"],
                        finished_at=datetime.fromisoformat(row["finished_at"]))


def _connect(path: Path) -> sqlite3.Connection:
    """Open, check, set WAL + FULL sync and migrate; _Unreadable when the file is not a
    usable Montage database, StoreError when it is one from a newer game or cannot be
    opened at all (a folder in its place, no permission, locked)."""
    if path.is_dir():  # sqlite would only say "unable to open database file"
        raise StoreError(f"cannot open {path}: it is a folder, not a file")
    try:
        # a short wait for a lock: another program holding the file must not freeze the
        # window; a run that cannot be written then is kept (save_attempt), not lost
        conn = sqlite3.connect(str(path), isolation_level=None, timeout=LOCK_WAIT_S)
    except sqlite3.Error as e:
        raise StoreError(f"cannot open {path}: {e}") from e
    try:
        _check(conn)
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if str(mode).lower() != "wal":
            raise StoreError(f"cannot use write-ahead logging here (journal mode {mode})")
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
        migrations.migrate(conn)
    except sqlite3.DatabaseError as e:
        conn.close()
        if _is_corruption(e):
            raise _Unreadable(str(e)) from e
        if isinstance(e, sqlite3.OperationalError):  # cannot open, read or lock it
            raise StoreError(f"cannot open {path}: {e}") from e
        raise
    except BaseException:
        conn.close()
        raise
    return conn


def _check(conn: sqlite3.Connection) -> None:
    result = [r[0] for r in conn.execute("PRAGMA quick_check")]
    if result != ["ok"]:
        raise _Unreadable("damaged: " + "; ".join(str(r) for r in result[:3]))
    version = migrations.user_version(conn)
    if version > migrations.LATEST:
        raise StoreError(f"the progress file was written by a newer Montage (schema "
                         f"{version}, this game knows {migrations.LATEST})")
    tables = {r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")}
    if version == 0 and tables:
        raise _Unreadable("it is a database, but not one of Montage's")
    if version > 0 and not {"attempts", "settings"} <= tables:
        raise _Unreadable("tables are missing")
