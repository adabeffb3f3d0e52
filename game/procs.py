"""Ending helper processes (Xvfb, PulseAudio, a game under test): ask, then insist."""

from __future__ import annotations

import subprocess


def stop_process(proc: subprocess.Popen | None, grace_s: float = 5.0) -> None:
    """Terminate a child that is still running and reap it; kill it if it will not go
    within `grace_s`, so a stuck child never outlives its caller."""
    if proc is None or proc.poll() is not None:
        if proc is not None:
            proc.wait()
        return
    proc.terminate()
    try:
        proc.wait(grace_s)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
