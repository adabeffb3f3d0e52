"""A run played in a real window (Xvfb) with real key events (xdotool, through XTest) keeps
a replay that verifies: what the live loop stamped and judged is what the replay re-judges.
Skips where Xvfb or xdotool is missing."""

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from game.app.realinput import Xvfb
from game.procs import stop_process

ROOT = Path(__file__).resolve().parents[1]
MISSING = ("Xvfb is not installed (Debian package xvfb)" if shutil.which("Xvfb") is None
           else "xdotool is not installed (Debian package xdotool)"
           if shutil.which("xdotool") is None else "")
pytestmark = pytest.mark.skipif(bool(MISSING), reason=MISSING or "ok")

LEVEL = """id: replay-window
title: Replay Window
stage: speed_bag
tempo: 120
lead_in_bars: 1
intervals:
  - work: 4
    pattern: "l.r.l.r.|l.r.l.r.|lrlrlrlr|l.r.L.R."
"""


def montage(env, *args, timeout=60):
    return subprocess.run([sys.executable, "main.py", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=timeout)


def stored_replays(env) -> list[dict]:
    out = montage(env, "replays", "--json")
    return json.loads(out.stdout)["replays"] if out.returncode == 0 else []


def recorded(db: Path) -> bool:
    """Has the game committed a run with its replay yet? (read straight from the file)"""
    if not db.exists():
        return False
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1.0)
        try:
            return conn.execute("SELECT count(*) FROM replays").fetchone()[0] > 0
        finally:
            conn.close()
    except sqlite3.Error:
        return False


def test_a_run_played_with_real_keys_in_a_real_window_verifies(tmp_path):
    level = tmp_path / "window.yaml"
    level.write_text(LEVEL)
    from game.progress.onboarding import Onboarding
    from game.progress.store import ProgressStore
    store, _ = ProgressStore.open(tmp_path / "data" / "progress.sqlite3")
    Onboarding(store).mark_taught(["speed_bag"])   # its how-to card: tests/test_first_five
    store.close()
    base = {k: v for k, v in os.environ.items() if k != "SDL_VIDEODRIVER"}
    with Xvfb() as x:
        env = dict(base, DISPLAY=x.display, SDL_VIDEODRIVER="x11", SDL_AUDIODRIVER="dummy",
                   MONTAGE_DATA_DIR=str(tmp_path / "data"),
                   MONTAGE_CACHE_DIR=str(tmp_path / "cache"))
        game = subprocess.Popen([sys.executable, "main.py", "play", str(level)], cwd=ROOT,
                                env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True)
        try:
            # no window manager: keys go to the window under the pointer
            subprocess.run(["xdotool", "mousemove", "640", "360"], env=env, check=True)
            deadline = time.monotonic() + 60.0
            keys, sent = ("f", "j"), 0
            while not recorded(tmp_path / "data" / "progress.sqlite3"):
                assert game.poll() is None, f"the game stopped: {game.stderr.read()[-600:]}"
                assert time.monotonic() < deadline, "no run was recorded within a minute"
                for _ in range(4):      # a fist a beat or so, pressed and let go
                    key = keys[sent % 2]
                    subprocess.run(["xdotool", "keydown", key], env=env, check=True)
                    time.sleep(0.06)
                    subprocess.run(["xdotool", "keyup", key], env=env, check=True)
                    time.sleep(0.17)
                    sent += 1
        finally:
            stop_process(game, 10.0)
            game.stdout.close()
            game.stderr.close()
    (run,) = stored_replays(env)
    assert not run["autoplay"] and run["presses"] >= 4, run
    checked = montage(env, "replay", str(run["id"]), "--verify", "--json")
    result = json.loads(checked.stdout)
    assert checked.returncode == 0 and result["verified"] is True, result
    assert result["replayed_score"] == run["score"]
    exported = json.loads(montage(env, "replay", str(run["id"]), "--inputs",
                                  "--json").stdout)
    assert {e["action"] for e in exported["inputs"]} <= {"left", "right"}
