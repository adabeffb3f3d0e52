"""Run a writer process and SIGKILL it at a random moment (the crash tests share this)."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest


def run_and_kill(writer: Path, db: Path, seed: int, rng: random.Random, most_lines: int,
                 anywhere: float = 0.0, settle_s: float = 0.004) -> list[tuple[int, int]]:
    """Start `writer DB SEED`, kill it with SIGKILL and return the (id, score) lines it had
    printed whole. With chance `anywhere` the kill comes at any moment, even while the store
    opens or migrates; otherwise after 1..most_lines reported commits and up to `settle_s`."""
    proc = subprocess.Popen([sys.executable, str(writer), str(db), str(seed)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(proc.stdout), daemon=True)
    reader.start()
    if rng.random() < anywhere:
        time.sleep(rng.uniform(0.0, 0.4))
    else:
        want = rng.randint(1, most_lines)       # in the middle of a stream of commits
        deadline = time.monotonic() + 20.0
        while len(lines) < want and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.001)
        time.sleep(rng.uniform(0.0, settle_s))
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
