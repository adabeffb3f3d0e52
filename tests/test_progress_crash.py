"""A writer killed with SIGKILL at random moments loses at most the attempt in progress:
the file stays intact and every attempt it reported as committed is there, bests included."""

import random
import signal
import sqlite3
from pathlib import Path

import pytest

from game.progress.store import ProgressStore
from tests.crash_util import run_and_kill

WRITER = Path(__file__).with_name("crash_writer.py")
KILLS = 24


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_sigkill_at_random_moments_loses_nothing_committed(tmp_path):
    db = tmp_path / "progress.sqlite3"
    rng = random.Random(20250501)
    reported: dict[int, int] = {}
    for k in range(KILLS):
        for aid, score in run_and_kill(WRITER, db, k, rng, 60, anywhere=0.3):
            assert aid not in reported, "an id was handed out twice"
            reported[aid] = score
    assert len(reported) > KILLS                  # the kills really hit a busy writer

    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    stored = dict(conn.execute("SELECT id, score FROM attempts"))
    missing = {a: s for a, s in reported.items() if stored.get(a) != s}
    assert not missing, f"committed attempts lost: {sorted(missing)[:5]}"
    # a kill can catch at most one attempt committed but not yet reported
    assert len(stored) - len(reported) <= KILLS
    # the best and the attempt are one transaction: bests always match the history
    expected = dict(((lvl, tier), s) for lvl, tier, s in conn.execute(
        "SELECT level_id, tier, MAX(score) FROM attempts WHERE practice = 0 "
        "GROUP BY level_id, tier"))
    bests = {(lvl, tier): s for lvl, tier, s in conn.execute(
        "SELECT level_id, tier, score FROM bests")}
    assert bests == expected
    conn.close()

    store, notice = ProgressStore.open(db)       # and the game opens it without complaint
    assert notice is None and len(store.attempt_ids()) >= len(reported)
    store.close()
