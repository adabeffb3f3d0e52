"""Sound measured as it leaves the game: through a real audio server, recorded, compared.

A private PulseAudio daemon with a null sink stands in for the sound card; the game plays
through SDL's `pulseaudio` driver and `parec` records `<sink>.monitor`. The measurements run
in a child process (`python -m game.audio.probe`), since SDL picks its audio driver once per
process and the bench's own process runs on the dummy drivers:

- scheduled: clicks placed on song times; their recorded onsets vs the intended times,
  after the constant latency (the median) is taken away.
- reactive: hit sounds asked for at random instants; the spread of their latency.
- dropouts: a level played by the real loop (autoplay) with a quiet pilot tone mixed in and
  one CPU-bound process competing; every gap in the recorded pilot is a dropout. A stall
  meter beside it says how late the machine woke a thread that needs only a core: on a
  shared machine most dropouts come with stalls longer than the device's buffer.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import math
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from game.procs import stop_process

SR = 44100
NS = 1_000_000_000
PILOT_HZ = 15_000.0
PILOT_AMP = 0.02
DROP_WINDOW = 128          # pilot level is judged per this many samples (2.9 ms)


def missing() -> str:
    """Why the probe cannot run here ('' when it can)."""
    need = [b for b in ("pulseaudio", "parec", "pactl") if shutil.which(b) is None]
    return f"PulseAudio is not installed (missing {', '.join(need)}; Debian package " \
        "pulseaudio)" if need else ""


class PulseServer:
    """A user daemon of our own (own runtime dir and socket), stopped by its pid."""

    def __init__(self) -> None:
        self.dir = Path(tempfile.mkdtemp(prefix="montage-pulse-"))
        self.socket = self.dir / "native"
        self.proc: subprocess.Popen | None = None

    @property
    def env(self) -> dict[str, str]:
        return dict(os.environ, XDG_RUNTIME_DIR=str(self.dir), HOME=str(self.dir),
                    PULSE_SERVER=f"unix:{self.socket}", SDL_AUDIODRIVER="pulseaudio")

    def __enter__(self) -> PulseServer:
        self.proc = subprocess.Popen(
            ["pulseaudio", "--daemonize=no", "--exit-idle-time=-1", "-n",
             "--load=module-null-sink sink_name=montage",
             f"--load=module-native-protocol-unix socket={self.socket}",
             "--log-level=error"],
            env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 10.0
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                err = self.proc.stderr.read().decode(errors="replace") if self.proc.stderr \
                    else ""
                raise RuntimeError(f"pulseaudio exited: {err.strip()[-300:]}")
            ok = subprocess.run(["pactl", "info"], env=self.env, capture_output=True)
            if ok.returncode == 0:
                return self
            time.sleep(0.1)
        self.__exit__()
        raise RuntimeError("pulseaudio did not start within 10 s")

    def __exit__(self, *_exc: object) -> None:
        stop_process(self.proc)
        shutil.rmtree(self.dir, ignore_errors=True)


class Recorder:
    """`parec` of the null sink's monitor into a raw file; `stop` gives int16 (n, 2)."""

    def __init__(self, server: PulseServer, path: Path) -> None:
        self.path = path
        self._file = open(path, "wb")  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen(
            ["parec", "-d", "montage.monitor", "--raw", "--format=s16le", f"--rate={SR}",
             "--channels=2", "--latency-msec=20"], env=server.env, stdout=self._file)

    def stop(self) -> np.ndarray:
        self.proc.terminate()
        self.proc.wait(5)
        self._file.close()
        raw = np.fromfile(self.path, np.int16)
        return raw[:len(raw) // 2 * 2].reshape(-1, 2)


def onsets(x: np.ndarray, threshold: float, quiet: int) -> np.ndarray:
    """Sample indices where |x| first exceeds `threshold` after at least `quiet` samples
    below it."""
    loud = np.flatnonzero(np.abs(x) > threshold)
    if not len(loud):
        return loud
    keep = np.concatenate([[True], np.diff(loud) > quiet])
    return loud[keep]


def dropouts(x: np.ndarray, start: int, stop: int) -> int:
    """Gaps in the pilot tone between samples `start` and `stop` of a recording."""
    seg = x[start:stop, 0].astype(np.float64)
    spec = np.fft.rfft(seg)
    f = np.fft.rfftfreq(len(seg), 1.0 / SR)
    spec[np.abs(f - PILOT_HZ) > 300] = 0
    band = np.fft.irfft(spec, len(seg))
    n = len(band) // DROP_WINDOW
    level = np.abs(band[:n * DROP_WINDOW]).reshape(n, DROP_WINDOW).max(axis=1)
    low = level < 0.4 * np.median(level)
    return int(np.count_nonzero(np.diff(low.astype(np.int8)) == 1) + int(low[0]))


def device_rate(trace: np.ndarray) -> float:
    """The sink's real sample rate (samples per perf_counter second), fitted after the run
    through the earliest callback of each second: a null sink's timer need not run at
    exactly 44100 Hz of CLOCK_MONOTONIC (one here ran 171 ppm fast), and its monitor is
    recorded on that clock."""
    t = (trace[:, 0] - trace[0, 0]) / NS
    p = trace[:, 1].astype(np.float64)
    blocks = (t // 1.0).astype(np.int64)
    pts = []
    for k in np.unique(blocks):
        m = blocks == k
        j = int(np.argmax(p[m] - t[m] * SR))
        pts.append((t[m][j], p[m][j]))
    a = np.array(pts)
    return float(np.polyfit(a[:, 0], a[:, 1], 1)[0]) if len(a) > 2 else float(SR)


def _percentile(v: np.ndarray, q: float) -> float:
    return float(np.percentile(v, q)) if len(v) else -1.0


# -- the child process ------------------------------------------------------------------
def _director():
    from game.audio.director import AudioDirector
    from game.core.settings import Settings
    d = AudioDirector.create(Settings())
    if not d.available or d.output is None:
        raise RuntimeError(d.reason)
    d.idle_suspend_s = math.inf     # one unbroken device timeline for the whole measurement
    deadline = time.monotonic() + 10.0
    while d.output.callbacks < 200 and time.monotonic() < deadline:   # the stream is warm
        time.sleep(0.05)
    return d


def _match(found: np.ndarray, expected: np.ndarray, window: float) -> np.ndarray:
    """For each expected onset (samples), the error to the nearest found one (samples);
    NaN where none is within `window` (a dropout ate it)."""
    if not len(found):
        return np.full(len(expected), np.nan)
    j = np.clip(np.searchsorted(found, expected), 1, len(found) - 1)
    near = np.where(np.abs(found[j - 1] - expected) < np.abs(found[j] - expected),
                    found[j - 1], found[j]) if len(found) > 1 else np.full(len(expected),
                                                                           found[0])
    err = (near - expected).astype(np.float64)
    err[np.abs(err) > window] = np.nan
    return err


def child_timing(rec_dir: Path, server: PulseServer, clicks: int, hits: int) -> dict:
    """Scheduled clicks, then reactive hit sounds, each recorded; returns the figures."""
    d = _director()
    assert d.output is not None
    d.output.trace = []
    rng = random.Random(7)
    # scheduled: song times that fall anywhere within the device's periods
    rec = Recorder(server, rec_dir / "scheduled.raw")
    time.sleep(0.5)
    times = np.array([0.3 + 0.15 * k + rng.random() * 0.01 for k in range(clicks)])
    ref = d.play_click_track(list(times), [False] * clicks, time.perf_counter_ns())
    time.sleep((ref - time.perf_counter_ns()) / NS + times[-1] + 0.5)
    x_sched = rec.stop()
    # reactive: the stage's hit sound asked for at random instants, stamped like a key
    rec = Recorder(server, rec_dir / "reactive.raw")
    time.sleep(0.5)
    stamps = []
    for _ in range(hits):
        time.sleep(0.35 + rng.random() * 0.1)
        now = time.perf_counter_ns()
        d._play("rattle", now_ns=now)
        stamps.append(now)
    time.sleep(0.6)
    x_react = rec.stop()
    heard_ms = server_latency_ms(server)
    late, callbacks, gap = d.mixer.late, d.output.callbacks, d.output.max_gap_ns
    rate = device_rate(np.array(d.output.trace))
    d.close()
    quiet = round(0.1 * SR)
    # scheduled: recorded onsets against the intended song times, from the first click on
    sched = onsets(x_sched[:, 0], 2000, quiet)
    if not len(sched):
        raise RuntimeError("no click was recorded")
    err = _match(sched, sched[0] + (times - times[0]) * SR, 0.05 * SR)
    ok = err[~np.isnan(err)]
    err_ms = np.abs(ok - np.median(ok)) / SR * 1000.0
    # reactive: latency = when the sink played the onset - the stamp + a constant (the
    # sink's clock is fitted from the callbacks: device_rate)
    react = onsets(x_react[:, 0], 2000, quiet)
    if not len(react):
        raise RuntimeError("no hit sound was recorded")
    at = (np.array(stamps) - stamps[0]) / NS * rate
    lat = _match(react, react[0] + at, 0.05 * SR)
    lat = lat[~np.isnan(lat)] / rate * 1000.0
    lat -= np.median(lat)
    return {"audio_onset_error_ms_p99": round(_percentile(err_ms, 99), 3),
            "audio_onset_error_ms_max": round(float(err_ms.max()), 3),
            "hit_sound_latency_spread_ms": round(_percentile(lat, 99) - _percentile(lat, 1),
                                                 3),
            "hit_sound_lead_ms": round(d.reactive_latency_s * 1000.0, 2),
            "audio_output_latency_ms": round(d.latency_s * 1000.0, 2),
            "audio_server_latency_ms": heard_ms,
            "audio_missing_onsets": int(clicks - len(ok) + hits - len(lat)),
            "audio_device_rate_ppm": round((rate / SR - 1.0) * 1e6, 1),
            "audio_late_voices": late, "audio_callbacks": callbacks,
            "audio_max_callback_gap_ms": round(gap / 1e6, 2)}


def server_latency_ms(server: PulseServer, samples: int = 10) -> float:
    """What the server holds of our stream (its buffer + the sink's latency, by pactl),
    median of a few looks: the constant the director assumes (`audio_output_latency_ms`)
    should be near it. -1 where pactl says nothing."""
    found = []
    for _ in range(samples):
        out = subprocess.run(["pactl", "list", "sink-inputs"], env=server.env,
                             capture_output=True, text=True).stdout
        us = re.findall(r"(?:Buffer|Sink) Latency: (\d+) usec", out)
        if len(us) == 2:
            found.append((int(us[0]) + int(us[1])) / 1000.0)
        time.sleep(0.05)
    return round(float(np.median(found)), 2) if found else -1.0


def playable_bench_level(seconds: float):
    """The bench score as a level of the first stage that can play its patterns (accents
    included): the score does not depend on the stage, the cues do."""
    from game.audio.bench import three_minute_level
    from game.core.stage import stage_book
    base = three_minute_level(seconds)
    for name, stage in stage_book().items():
        level = dataclasses.replace(base, stage=name)
        try:
            stage.build_cues(level)
        except KeyError:
            continue
        return level
    raise RuntimeError("no stage plays the bench patterns")


#: one CPU-bound process at the ordinary priority: a child inherits the nice value of the
#: thread that forks it, and the game raises its own main thread (output.raise_this_thread),
#: so a plain `while True: pass` started by the game competed at the game's priority
BURNER = "import os\nos.setpriority(os.PRIO_PROCESS, 0, 0)\nwhile True: pass"


def cpu_burner() -> subprocess.Popen:
    """Start the competing process (stop it by its pid: terminate, wait)."""
    return subprocess.Popen([sys.executable, "-c", BURNER])


#: a process at the audio threads' priority that only sleeps 1 ms at a time: how late it
#: wakes is what the machine does to a thread that needs nothing but a core (no GIL, no
#: server). Dropouts while it stalls longer than the device's buffer are the machine's.
STALL_METER = """import json, os, signal, sys, time
try:
    os.setpriority(os.PRIO_PROCESS, 0, -20)
except OSError:
    pass
worst, over = 0.0, 0
def done(*_):
    print(json.dumps({"max_ms": round(worst * 1000, 2), "over_20ms": over}), flush=True)
    sys.exit(0)
signal.signal(signal.SIGTERM, done)
while True:
    a = time.perf_counter()
    time.sleep(0.001)
    late = time.perf_counter() - a - 0.001
    worst = max(worst, late)
    over += late > 0.02
"""


def stall_meter() -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", STALL_METER], stdout=subprocess.PIPE,
                            text=True)


def stall_figures(meter: subprocess.Popen) -> dict:
    """Stop the meter; its worst wake-up delay and how many exceeded 20 ms."""
    meter.terminate()
    try:
        out, _ = meter.communicate(timeout=10)
        return json.loads(out.strip().splitlines()[-1])
    except (subprocess.TimeoutExpired, ValueError, IndexError):
        meter.kill()
        meter.wait()
        return {"max_ms": -1.0, "over_20ms": -1}


def child_dropouts(rec_dir: Path, server: PulseServer, seconds: float, burn: bool) -> dict:
    """The real loop plays a level of about `seconds` (autoplay, music, hit sounds) with a
    pilot tone mixed in; gaps in the recorded pilot are dropouts."""
    import pygame

    from game.app.context import App
    from game.app.loop import Loop
    from game.app.scenes.play import PlayOptions, PlayScene
    from game.app.shot import ensure_display
    from game.core.settings import Settings
    from game.gfx.text import TextCache
    display = ensure_display()
    app = App(canvas=display, text=TextCache(), settings=Settings(), headless=True)
    app.audio = d = _director()
    trace = os.environ.get("MONTAGE_PROBE_TRACE")
    if trace and d.output is not None:
        d.output.trace = []
    level = playable_bench_level(seconds)
    scene = PlayScene(app, level, PlayOptions(autoplay=True, bot_sigma_ms=10.0))
    job = scene.job
    if job is not None:
        job.wait(600)
    rec = Recorder(server, rec_dir / "dropouts.raw")
    time.sleep(0.3)
    burner = cpu_burner() if burn else None
    meter = stall_meter()
    try:
        length = int((seconds + 30) * SR)
        t = np.arange(length) / SR
        tone = (PILOT_AMP * np.sin(2 * np.pi * PILOT_HZ * t)).astype(np.float32)
        start = d.reactive_sample(time.perf_counter_ns())
        d.mixer.play(np.repeat(tone[:, None], 2, axis=1), start, bus="pilot")
        app.switch(scene)
        loop = Loop(app, pygame.display.flip, frame_cap=120, record_polls=bool(trace))
        begun = time.monotonic()
        loop.run(until=lambda: scene.done or time.monotonic() - begun > seconds + 20)
        played = time.monotonic() - begun
        stop_at = d.mixer.position
        scene.leave()
    finally:
        stalls = stall_figures(meter)
        if burner is not None:
            burner.terminate()
            burner.wait()
    time.sleep(0.5)
    x = rec.stop()
    if trace and d.output is not None:
        np.save(trace + ".cb.npy", np.array(d.output.trace))
        np.save(trace + ".polls.npy", np.array(loop.poll_times or []))
        Path(trace + ".meta.json").write_text(json.dumps({"pilot_start": start}))
    if os.environ.get("MONTAGE_PROBE_KEEP"):
        np.save(os.environ["MONTAGE_PROBE_KEEP"], x)
    late, gap = d.mixer.late, d.output.max_gap_ns if d.output else 0
    fill = d.output.max_fill_ns if d.output else 0
    d.close()
    first = onsets(x[:, 0], 200, SR)
    a = int(first[0]) + SR // 10 if len(first) else 0
    b = a + int((stop_at - start) - SR // 5)
    return {"audio_dropouts": dropouts(x, a, min(b, len(x))),
            "audio_dropout_run_s": round(played, 1), "audio_dropout_burner": burn,
            "audio_dropout_max_callback_gap_ms": round(gap / 1e6, 2),
            "audio_dropout_max_fill_ms": round(fill / 1e6, 2),
            "audio_dropout_late_voices": late,
            "audio_dropout_machine_stall_ms_max": stalls["max_ms"],
            "audio_dropout_machine_stalls_over_20ms": stalls["over_20ms"]}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m game.audio.probe")
    p.add_argument("--what", choices=("timing", "dropouts"), required=True)
    p.add_argument("--dir", required=True)
    p.add_argument("--socket", required=True)
    p.add_argument("--clicks", type=int, default=60)
    p.add_argument("--hits", type=int, default=60)
    p.add_argument("--seconds", type=float, default=180.0)
    p.add_argument("--no-burn", action="store_true")
    a = p.parse_args(argv)
    server = PulseServer.__new__(PulseServer)
    server.dir, server.socket, server.proc = Path(a.dir), Path(a.socket), None
    out = child_timing(Path(a.dir), server, a.clicks, a.hits) if a.what == "timing" else \
        child_dropouts(Path(a.dir), server, a.seconds, not a.no_burn)
    print(json.dumps(out), flush=True)
    return 0


# -- the parent -------------------------------------------------------------------------
def measure(what: str, timeout: float = 900.0, **options: object) -> dict:
    """Run one measurement in a child process against a fresh private PulseAudio."""
    reason = missing()
    if reason:
        raise RuntimeError(reason)
    root = Path(__file__).resolve().parents[2]
    with PulseServer() as server:
        args = [sys.executable, "-m", "game.audio.probe", "--what", what,
                "--dir", str(server.dir), "--socket", str(server.socket)]
        for key, value in options.items():
            flag = "--" + key.replace("_", "-")
            if value is True:
                args.append(flag)
            elif value is not False:
                args += [flag, str(value)]
        env = dict(server.env, SDL_VIDEODRIVER="dummy")
        out = subprocess.run(args, env=env, cwd=root, capture_output=True, text=True,
                             timeout=timeout)
        if out.returncode != 0:
            raise RuntimeError(f"probe {what} failed: {out.stderr.strip()[-800:]}")
        return json.loads(out.stdout.strip().splitlines()[-1])


if __name__ == "__main__":
    sys.exit(main())
