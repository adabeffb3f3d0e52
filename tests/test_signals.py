"""SIGTERM and SIGINT end a real window (X11 under Xvfb) cleanly: at once, without a
traceback, with the shell's 128+N status and with every committed run still there."""

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from game.progress.store import AttemptRecord, ProgressStore

ROOT = Path(__file__).resolve().parents[1]
LEVEL = str(ROOT / "levels" / "2_gym" / "28_speed_bag_2_hard.yaml")

pytestmark = pytest.mark.skipif(shutil.which("Xvfb") is None,
                                reason="needs Xvfb (Debian package xvfb) for a real window")


def rec(score: int) -> AttemptRecord:
    when = datetime(2025, 3, 14, 22, 0, tzinfo=UTC)
    return AttemptRecord(level_id="speed-bag-rounds", content_hash="abc", stage="speed_bag",
                         finished_at=when, local_date=when.date(), tier="normal", score=score,
                         accuracy=91.5, grade="A")


@pytest.fixture(scope="module")
def display():
    read, write = os.pipe()
    xvfb = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-screen", "0", "1280x800x24",
                             "-nolisten", "tcp"], pass_fds=(write,),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write)
    with os.fdopen(read) as f:
        number = f.readline().strip()
    assert number, "Xvfb did not start"
    yield f":{number}"
    xvfb.terminate()
    xvfb.wait(10)


def window_up(env: dict, proc: subprocess.Popen, timeout: float = 60.0) -> None:
    """Wait until a window is mapped on our private display (xdotool), or a fixed while."""
    deadline = time.monotonic() + timeout
    if shutil.which("xdotool") is None:
        time.sleep(6.0)
        return
    while time.monotonic() < deadline and proc.poll() is None:
        found = subprocess.run(["xdotool", "search", "--onlyvisible", "--class", "."],
                               env=env, capture_output=True, text=True, timeout=10)
        if found.stdout.strip():
            time.sleep(1.0)  # a few frames in: the loop (and the level) is running
            return
        time.sleep(0.2)
    code = proc.poll()
    if code is None:
        proc.kill()
    _out, err = proc.communicate(timeout=10)
    state = "still starting" if code is None else f"exited with {code}"
    pytest.fail(f"the window never appeared (the game was {state}): {err[-800:]}")


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["TERM", "INT"])
@pytest.mark.parametrize("args", [[], ["play", LEVEL]], ids=["title", "playing"])
def test_a_signal_quits_the_window_cleanly_and_keeps_what_was_committed(
        display, tmp_path, sig, args):
    data = tmp_path / "data"
    store, _ = ProgressStore.open(data / "progress.sqlite3")
    store.record_attempt(rec(score=4321))
    store.close()
    env = {k: v for k, v in os.environ.items() if k != "SDL_VIDEODRIVER"}
    env.update(DISPLAY=display, SDL_AUDIODRIVER="dummy", MONTAGE_DATA_DIR=str(data),
               MONTAGE_CACHE_DIR=str(tmp_path / "cache"))
    proc = subprocess.Popen([sys.executable, str(ROOT / "main.py"), *args], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            cwd=ROOT)
    try:
        window_up(env, proc)
        assert proc.poll() is None, proc.communicate()
        sent = time.monotonic()
        proc.send_signal(sig)
        _out, err = proc.communicate(timeout=10)
        took = time.monotonic() - sent
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 128 + sig, err   # exited by itself, not killed by the signal
    assert took < 5.0
    assert "Traceback" not in err, err
    conn = sqlite3.connect(data / "progress.sqlite3")
    assert conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
    assert [r[0] for r in conn.execute("SELECT score FROM attempts")] == [4321]
    conn.close()
