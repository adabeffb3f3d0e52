"""Runs (and finished daily sessions) that could not be written to the progress database,
kept for later.

A read-only, full or locked database must not cost the player a run or a streak day: it
goes to a small JSON journal beside the database (written atomically, read back only if it
is a regular file of bounded size) and is committed at the next chance, the next save or
the next start. Committing it twice is harmless: what is already in the database is skipped.
"""

from __future__ import annotations

import base64
import binascii
import json
import os
import tempfile
from dataclasses import MISSING, fields
from datetime import date, datetime
from pathlib import Path

from game.core.replay import Replay, decode_inputs, decode_trace, encode_inputs, encode_trace
from game.core.safeio import read_bounded
from game.progress.attempt import AttemptRecord

JOURNAL_NAME = "pending-runs.json"
MAX_BYTES = 32 << 20     # a run is about 400 bytes, its replay a few KiB: thousands of runs
MAX_RUNS = 5000

_FIELDS = {f.name for f in fields(AttemptRecord)} - {"replay"}
# a journal written by an older game lacks fields added since: those take their defaults
_REQUIRED = {f.name for f in fields(AttemptRecord)
             if f.default is MISSING and f.default_factory is MISSING}


def journal_path(db_path: Path) -> Path:
    return Path(db_path).with_name(JOURNAL_NAME)


def _to_json(rec: AttemptRecord) -> dict:
    d = {name: getattr(rec, name) for name in _FIELDS}
    d["finished_at"] = rec.finished_at.isoformat()
    d["local_date"] = rec.local_date.isoformat()
    if rec.replay is not None:
        d["replay"] = _replay_json(rec.replay)
    return d


def _replay_json(rp: Replay) -> dict:
    """The replay as the store keeps it (blobs, base64 here), so the journal is compact."""
    return {"content_hash": rp.content_hash, "game_version": rp.game_version,
            "tier": rp.tier, "assist": rp.assist, "tempo_scale": rp.tempo_scale,
            "start_time": rp.start_time, "cue_digest": rp.cue_digest, "source": rp.source,
            "level_id": rp.level_id,
            "inputs": base64.b64encode(encode_inputs(rp.inputs)).decode("ascii"),
            "judgements": base64.b64encode(encode_trace(rp.trace)).decode("ascii")}


def _replay_from_json(d: object) -> Replay | None:
    """A kept replay; one that cannot be read is dropped (the run itself is still kept)."""
    if not isinstance(d, dict):
        return None
    try:
        start = d["start_time"]
        return Replay(level_id=str(d["level_id"]), content_hash=str(d["content_hash"]),
                      game_version=str(d["game_version"]), tier=str(d["tier"]),
                      assist=bool(d["assist"]), tempo_scale=float(d["tempo_scale"]),
                      start_time=None if start is None else float(start),
                      inputs=tuple(decode_inputs(base64.b64decode(d["inputs"],
                                                                  validate=True))),
                      trace=tuple(decode_trace(base64.b64decode(d["judgements"],
                                                                validate=True))),
                      cue_digest=str(d["cue_digest"]), source=str(d["source"]))
    except (KeyError, TypeError, ValueError, binascii.Error):
        return None


def _from_json(d: object) -> AttemptRecord | None:
    if not isinstance(d, dict) or not _REQUIRED <= d.keys():
        return None
    try:
        raw = {k: d[k] for k in _FIELDS if k in d}
        raw["finished_at"] = datetime.fromisoformat(raw["finished_at"])
        raw["local_date"] = date.fromisoformat(raw["local_date"])
        return AttemptRecord(**raw, replay=_replay_from_json(d.get("replay")))
    except (TypeError, ValueError):
        return None


Day = tuple[date, datetime]  # a finished daily session: its local date, the aware moment


def _day_from_json(d: object) -> Day | None:
    if not isinstance(d, dict) or not isinstance(d.get("daily_completed_at"), str):
        return None
    try:
        moment = datetime.fromisoformat(d["daily_completed_at"])
        day = date.fromisoformat(str(d.get("local_date")))
    except ValueError:
        return None
    return (day, moment) if moment.tzinfo is not None else None


def _entries(path: Path) -> list:
    try:
        data = read_bounded(path, MAX_BYTES)
    except FileNotFoundError:
        return []
    raw = json.loads(data.decode("utf-8"))
    if not isinstance(raw, list):
        raise ValueError("the journal is not a list of runs")
    return raw[:MAX_RUNS]


def read_pending(path: Path) -> list[AttemptRecord]:
    """The runs waiting in the journal ([] when there is none; entries that are not runs
    are skipped). OSError or ValueError when the journal is there but unreadable."""
    return [r for r in map(_from_json, _entries(path)) if r is not None]


def read_pending_days(path: Path) -> list[Day]:
    """The daily sessions finished but not yet written."""
    return [d for d in map(_day_from_json, _entries(path)) if d is not None]


def write_pending(path: Path, recs: list[AttemptRecord], days: list[Day] = ()) -> None:
    """Replace the journal with `recs` and `days` (removed when both are empty). Atomic: a
    crash leaves the old journal or the new one. OSError when it cannot be written."""
    if not recs and not days:
        try:
            path.unlink()
        except FileNotFoundError:
            pass
        return
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".pending-")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump([{"local_date": d.isoformat(), "daily_completed_at": m.isoformat()}
                       for d, m in days]
                      + [_to_json(r) for r in recs[-MAX_RUNS:]], f)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def _read_both(path: Path) -> tuple[list[AttemptRecord], list[Day]]:
    try:
        return read_pending(path), read_pending_days(path)
    except ValueError:  # a damaged journal: keep it aside, start a new one
        os.replace(path, path.with_name(path.name + ".damaged"))
        return [], []


def keep(path: Path, rec: AttemptRecord) -> None:
    """Add one run to the journal (OSError if it cannot be written either)."""
    runs, days = _read_both(path)
    write_pending(path, runs + [rec], days)


def keep_day(path: Path, day: date, finished_at: datetime) -> None:
    """Add one finished daily session to the journal (OSError if it cannot be written)."""
    runs, days = _read_both(path)
    write_pending(path, runs, days + [(day, finished_at)])
