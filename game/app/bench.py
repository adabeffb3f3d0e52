"""Benchmarks of the real loop and renderer (numbers, never pass/fail): frame cost per stage,
input stamping error of our loop vs the textbook one, startup time."""

from __future__ import annotations

import os
import random
import subprocess
import sys
import tempfile
import time
from bisect import bisect_left
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pygame

from game.app.rig import Rig
from game.app.shot import ensure_display
from game.core.level import Level
from game.core.session import autoplay_inputs
from game.gfx.text import TextCache
from game.procs import stop_process


def percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    s = sorted(values)
    k = min(len(s) - 1, max(0, int(round(q / 100.0 * (len(s) - 1)))))
    return s[k]


def frame_costs(level: Level, frames: int = 600) -> list[float]:
    """ms of update + draw (scene and HUD) per frame at 60 fps through the busiest work
    interval (most cues per second)."""
    display = ensure_display()
    rig = Rig(level, TextCache())
    canvas = pygame.Surface((1280, 720)).convert(display)
    start = level.interval_times(busiest_interval(level, rig))[0] - 2.0
    pending = rig.play_until(autoplay_inputs(level, rig.rules, 10.0, 1), start)
    out = []
    for f in range(frames):
        t = start + f / 60.0
        t0 = time.perf_counter_ns()
        pending = rig.play_until(pending, t)
        for _ in rig.draw(canvas, t):
            pass
        out.append((time.perf_counter_ns() - t0) / 1e6)
    return out


def busiest_interval(level: Level, rig: Rig) -> int:
    def density(i: int) -> float:
        a, b = level.interval_times(i)
        return sum(c.interval == i for c in rig.session.cues) / max(1e-6, b - a)
    return max((i for i, iv in enumerate(level.intervals) if iv.is_work), key=density)


def arrival_errors(polls: list[int], n: int = 100_000, seed: int = 1) -> list[float]:
    """For random key arrival instants, ms until the next poll stamps them."""
    rng = random.Random(seed)
    lo, hi = polls[0], polls[-1]
    out = []
    for _ in range(n):
        a = rng.randint(lo, hi - 1)
        j = bisect_left(polls, a)
        out.append((polls[j] - a) / 1e6)
    return out


@contextmanager
def cpu_burner() -> Iterator[None]:
    """One CPU-bound process beside the game for the duration (stopped by its pid)."""
    from game.audio.probe import cpu_burner as start
    proc = start()
    try:
        yield
    finally:
        proc.terminate()
        proc.wait()


def loop_polls(level: Level, seconds: float,
               naive: bool = True) -> tuple[list[int], list[int]]:
    """Run the real loop (play scene, autoplay, 60 Hz frames): its poll instants; then the
    naive once-per-frame loop on the same scene: its poll instants."""
    from game.app.context import App
    from game.app.loop import Loop, naive_poll_instants
    from game.app.scenes.play import PlayOptions, PlayScene
    from game.core.settings import Settings
    display = ensure_display()
    app = App(canvas=display, text=TextCache(), settings=Settings(), headless=True)
    try:  # with the music playing, as in the game (its feeder thread shares the GIL)
        from game.audio.director import AudioDirector
        app.audio = AudioDirector.create(app.settings)
    except ModuleNotFoundError:
        pass
    scene = PlayScene(app, level, PlayOptions(autoplay=True, bot_sigma_ms=10.0))
    app.switch(scene)
    # a level's first play synthesises its soundtrack in a thread while a progress bar
    # shows; the song (and this measurement) starts once it is ready, as in the game
    job, ready_by = scene.job, time.monotonic() + 120.0
    while job is not None and not job.done and time.monotonic() < ready_by:
        Loop(app, pygame.display.flip, frame_cap=60).run(
            until=lambda: job.done or time.monotonic() >= ready_by)
    # the song's start collects garbage and copies the soundtrack (tens of ms, on purpose
    # before the count-in's first beat, where no key is judged): measure the song after it
    warm = Loop(app, pygame.display.flip, frame_cap=60)
    warm.run(until=lambda: (scene.started and warm.frames >= 2) or time.monotonic() >= ready_by)
    loop = Loop(app, pygame.display.flip, frame_cap=60, record_polls=True)
    end = time.perf_counter_ns() + int(seconds * 1e9)
    loop.run(until=lambda: time.perf_counter_ns() >= end)
    ours = loop.poll_times or []
    if not naive:
        scene.leave()
        if app.audio is not None:
            app.audio.close()
        return ours, []

    def naive_draw() -> None:
        scene.update(time.perf_counter_ns())
        gen = scene.draw(app.canvas)
        if gen is not None:
            for _ in gen:
                pass
        pygame.display.flip()
    naive = naive_poll_instants(seconds, naive_draw)
    scene.leave()
    if app.audio is not None:
        app.audio.close()
    return ours, naive


def startup_ms(runs: int = 3) -> float:
    """Launch `python main.py` to its first presented frame (best of a few)."""
    root = Path(__file__).resolve().parents[2]
    best = float("inf")
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, MONTAGE_DATA_DIR=tmp, MONTAGE_BENCH_FIRST_FRAME="1",
                   SDL_VIDEODRIVER=os.environ.get("SDL_VIDEODRIVER", "dummy"),
                   SDL_AUDIODRIVER=os.environ.get("SDL_AUDIODRIVER", "dummy"))
        for _ in range(runs):
            t0 = time.perf_counter_ns()
            out = subprocess.run([sys.executable, str(root / "main.py")], env=env,
                                 capture_output=True, text=True, timeout=60)
            stamps = [ln for ln in out.stdout.split() if ln.isdigit()]
            if stamps:
                best = min(best, (int(stamps[-1]) - t0) / 1e6)
    return best if best != float("inf") else -1.0


def _proc_cpu_s(pid: int) -> float:
    """utime + stime of a process (all its threads), seconds."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _proc_rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def idle_title(seconds: float = 10.0, warmup: float = 4.0,
               env: dict[str, str] | None = None) -> dict[str, float]:
    """The real game on its title screen, left alone: % of one core it uses and how its
    memory moves (sampled after `warmup`, over `seconds`). Linux (/proc)."""
    root = Path(__file__).resolve().parents[2]
    with tempfile.TemporaryDirectory() as tmp:
        base = dict(os.environ, MONTAGE_DATA_DIR=tmp,
                    SDL_VIDEODRIVER=os.environ.get("SDL_VIDEODRIVER", "dummy"),
                    SDL_AUDIODRIVER=os.environ.get("SDL_AUDIODRIVER", "dummy"))
        proc = subprocess.Popen([sys.executable, str(root / "main.py")], env={**base,
                                **(env or {})}, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        try:
            time.sleep(warmup)
            if proc.poll() is not None:
                raise RuntimeError("the game exited on its title screen")
            cpu0, rss0, t0 = _proc_cpu_s(proc.pid), _proc_rss_kb(proc.pid), time.monotonic()
            rss_max = rss0
            end = t0 + seconds
            while time.monotonic() < end:
                time.sleep(min(1.0, max(0.0, end - time.monotonic())))
                rss_max = max(rss_max, _proc_rss_kb(proc.pid))
            cpu1, rss1, t1 = _proc_cpu_s(proc.pid), _proc_rss_kb(proc.pid), time.monotonic()
        finally:
            stop_process(proc, 10.0)
    return {"cpu_pct": 100.0 * (cpu1 - cpu0) / (t1 - t0), "rss_kb": rss1,
            "rss_growth_kb": rss1 - rss0, "rss_max_growth_kb": rss_max - rss0}
