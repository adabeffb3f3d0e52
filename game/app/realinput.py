"""Input timing through a real window: the game's loop in an Xvfb window, key presses sent
by another process through XTest, each send stamped with the same monotonic clock the game
stamps its polls with (perf_counter_ns is CLOCK_MONOTONIC on Linux, shared by processes).

The dummy video driver never presents, so it cannot show what a real present costs, nor
when the X server saw the key. This measures the path a player's key really takes, to the
stamp the game judges it by (the X server's own time where game.app.xkeys has it). Needs
Xvfb and python-xlib (the test extra).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from game.procs import stop_process

NS = 1_000_000_000


def missing() -> str:
    """Why the measurement cannot run here ('' when it can)."""
    if shutil.which("Xvfb") is None:
        return "Xvfb is not installed (Debian package xvfb)"
    try:
        import Xlib.ext.xtest  # noqa: F401
    except ImportError:
        return "python-xlib is not installed (pip install python-xlib: the test extra)"
    return ""


class Xvfb:
    """A virtual X server on a free display, stopped by its pid."""

    def __init__(self, size: tuple[int, int] = (1280, 720)) -> None:
        self.size = size
        self.display = ""
        self.proc: subprocess.Popen | None = None

    def __enter__(self) -> Xvfb:
        for n in range(91, 200):
            if not Path(f"/tmp/.X11-unix/X{n}").exists() and \
                    not Path(f"/tmp/.X{n}-lock").exists():
                break
        else:
            raise RuntimeError("no free X display number")
        self.display = f":{n}"
        w, h = self.size
        self.proc = subprocess.Popen(["Xvfb", self.display, "-screen", "0", f"{w}x{h}x24",
                                      "-nolisten", "tcp"], stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10.0
        while not Path(f"/tmp/.X11-unix/X{n}").exists():
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.__exit__()
                raise RuntimeError("Xvfb did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *_exc: object) -> None:
        stop_process(self.proc)


# -- the game (child process) -----------------------------------------------------------
def run_game(seconds: float, stall_ms: float = 0.0) -> None:
    """Play level 1 (autoplay) in a real window; print READY, then the stamp the game judged
    every KEYDOWN by as JSON when done. `stall_ms`: each frame also sleeps this long without
    polling (a loop stalled by a slow frame or a busy machine, to show what it costs)."""
    import pygame

    from game.app.loop import Loop
    from game.app.run import make_app
    from game.app.scenes.play import PlayOptions, PlayScene
    from game.core.loader import builtin_level_paths, load_level
    app, window = make_app()
    level = load_level(builtin_level_paths()[0])
    scene = PlayScene(app, level, PlayOptions(autoplay=True, bot_sigma_ms=10.0))
    app.switch(scene)
    loop = Loop(app, window.present, frame_cap=app.settings.frame_cap,
                record_polls=True, key_times=window.key_times)
    stamps: list[int] = []

    def on_event(ev: pygame.event.Event, stamp: int) -> bool:
        if ev.type == pygame.KEYDOWN:
            stamps.append(stamp)
        return False
    loop.on_event = on_event
    loop.run(until=lambda: scene.started)
    info = pygame.display.get_wm_info()
    print("READY", info.get("window", 0), flush=True)
    stop = threading.Event()       # the sender says when it is done, on our stdin
    threading.Thread(target=lambda: (sys.stdin.readline(), stop.set()), daemon=True).start()
    end = time.perf_counter_ns() + int(seconds * NS)
    loop_start = time.perf_counter_ns()
    def stall() -> None:
        time.sleep(stall_ms / 1000)
    loop.run(overlay=stall if stall_ms > 0 else None,
             until=lambda: stop.is_set() or time.perf_counter_ns() >= end or scene.done)
    from game.app.bench import arrival_errors, percentile
    polls = [p for p in (loop.poll_times or []) if p >= loop_start]
    gaps = arrival_errors(polls) if len(polls) > 2 else [0.0]
    print(json.dumps({"stamps": stamps, "frames": loop.frames,
                      "poll_gap_p99": percentile(gaps, 99)}), flush=True)
    window.close()
    pygame.quit()


# -- the sender (this process) ----------------------------------------------------------
def send_keys(display: str, window: int, presses: int, seed: int = 5) -> list[int]:
    """XTest key presses at random intervals; the instant just before each is sent."""
    from Xlib import XK, X
    from Xlib import display as xdisplay
    from Xlib.ext import xtest
    d = xdisplay.Display(display)
    if window:
        d.set_input_focus(window, X.RevertToParent, X.CurrentTime)
        d.sync()
    code = d.keysym_to_keycode(XK.string_to_keysym("a"))
    rng = random.Random(seed)
    sent = []
    for _ in range(presses):
        time.sleep(0.012 + rng.random() * 0.02)
        stamp = time.perf_counter_ns()
        xtest.fake_input(d, X.KeyPress, code)
        d.sync()
        sent.append(stamp)
        time.sleep(0.004)
        xtest.fake_input(d, X.KeyRelease, code)
        d.sync()
    d.close()
    return sent


def measure(presses: int = 300, extra_env: dict[str, str] | None = None,
            stall_ms: float = 0.0) -> dict:
    """Errors (ms) from each XTest send to the game's poll that stamped it."""
    reason = missing()
    if reason:
        raise RuntimeError(reason)
    root = Path(__file__).resolve().parents[2]
    seconds = presses * 0.04 + 5.0
    with Xvfb() as x, tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, DISPLAY=x.display, SDL_VIDEODRIVER="x11",
                   SDL_AUDIODRIVER="dummy", MONTAGE_DATA_DIR=tmp, **(extra_env or {}))
        game = subprocess.Popen([sys.executable, "-m", "game.app.realinput", "--game",
                                 "--seconds", str(seconds), "--stall-ms", str(stall_ms)],
                                cwd=root, env=env,
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)
        try:
            assert game.stdout is not None
            line = game.stdout.readline()
            if not line.startswith("READY"):
                raise RuntimeError(f"the game did not start: {game.stderr.read()[-600:]}")
            time.sleep(0.5)
            sent = send_keys(x.display, int(line.split()[1]), presses)
            time.sleep(0.2)
            out, err = game.communicate("stop\n", timeout=60)
        finally:
            if game.poll() is None:
                game.kill()
                game.wait()
    lines = [ln for ln in out.splitlines() if ln.startswith("{")]
    if not lines:
        raise RuntimeError(f"no stamps from the game: {err[-600:]}")
    report = json.loads(lines[-1])
    stamps = report["stamps"]
    if len(stamps) != len(sent):
        raise RuntimeError(f"{len(sent)} keys sent, {len(stamps)} seen")
    errors = sorted((s - t) / 1e6 for s, t in zip(stamps, sent, strict=True))

    def pct(q: float) -> float:
        return errors[min(len(errors) - 1, int(round(q / 100 * (len(errors) - 1))))]
    return {"p50": pct(50), "p99": pct(99), "max": errors[-1], "presses": len(errors),
            "poll_gap_p99": report["poll_gap_p99"]}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m game.app.realinput")
    p.add_argument("--game", action="store_true")
    p.add_argument("--seconds", type=float, default=20.0)
    p.add_argument("--presses", type=int, default=300)
    p.add_argument("--stall-ms", type=float, default=0.0)
    a = p.parse_args(argv)
    if a.game:
        run_game(a.seconds, a.stall_ms)
    else:
        print(json.dumps(measure(a.presses, stall_ms=a.stall_ms)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
