"""A writer killed with SIGKILL at random moments loses at most the attempt in progress:
the file stays intact and every attempt it reported as committed is there, bests included."""

import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from game.progress.store import ProgressStore

WRITER = Path(__file__).with_name("crash_writer.py")
KILLS = 24


def run_and_kill(db: Path, seed: int, rng: random.Random) -> list[tuple[int, int]]:
    """Start the writer, SIGKILL it at a random moment, return what it said it committed."""
    proc = subprocess.Popen([sys.executable, str(WRITER), str(db), str(seed)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(proc.stdout), daemon=True)
    reader.start()
    if rng.random() < 0.3:
        time.sleep(rng.uniform(0.0, 0.4))        # anywhere, even while opening or migrating
    else:
        want = rng.randint(1, 60)                # in the middle of a stream of commits
        deadline = time.monotonic() + 20.0
        while len(lines) < want and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.001)
        time.sleep(rng.uniform(0.0, 0.004))
    if proc.poll() is not None:
        pytest.fail(f"the writer stopped by itself: {proc.stderr.read()}")
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    reader.join(timeout=10)
    proc.stderr.close()
    out = []
    for line in lines:
        if line.endswith("\n"):                  # a torn last line was never reported
            aid, score = line.split()
            out.append((int(aid), int(score)))
    return out


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_sigkill_at_random_moments_loses_nothing_committed(tmp_path):
    db = tmp_path / "progress.sqlite3"
    rng = random.Random(20250501)
    reported: dict[int, int] = {}
    for k in range(KILLS):
        for aid, score in run_and_kill(db, k, rng):
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
