"""Synthesis speed: how long a 3-minute soundtrack with tempo changes takes to make."""

from __future__ import annotations

import time

from game.audio.render import render_soundtrack
from game.audio.score import compose
from game.core.level import Level, build_tempo_map, layout_intervals
from game.core.stage import stage_book

PATTERNS = ("l.r.l.r.", "l.r.lrl.|r.l.rlr.", "lrl rlr lrl r..|lrlrlrlr", "lrlrlrlr|LRLRL.R.")


def three_minute_level(seconds: float = 180.0) -> Level:
    """Rounds that speed up (tempo changes and a ramp), rests between, about `seconds` long."""
    raw: list[dict] = []
    tempo = 96.0
    k = 0
    while True:
        raw.append({"kind": "work", "bars": 12, "pattern": PATTERNS[k % len(PATTERNS)],
                    "tempo": tempo, "tempo_end": tempo + 8.0 if k % 2 else None})
        intervals = layout_intervals(raw, 4)
        tm = build_tempo_map(96.0, 4, intervals)
        if tm.time_at(intervals[-1].end_beat) >= seconds:
            break
        raw.append({"kind": "rest", "bars": 4})
        tempo += 8.0
        k += 1
    # any stage whose symbols play these patterns (the score does not depend on the stage)
    wanted = set("".join(PATTERNS)) - set(". |")
    stage = next(n for n, info in stage_book().items() if wanted <= set(info.symbols))
    return Level(id="bench-3min", title="Bench", stage=stage, bpm=96.0, beats_per_bar=4,
                 intervals=tuple(intervals), tempo_map=tm, content_hash="bench")


def synth_3min_s(repeats: int = 3) -> float:
    """Best-of-`repeats` wall seconds to compose and render it (no cache, fresh instruments)."""
    level = three_minute_level()
    best = float("inf")
    for _ in range(repeats):
        t0 = time.perf_counter()
        render_soundtrack(compose(level))
        best = min(best, time.perf_counter() - t0)
    return best


def clock_drift(minutes: float = 30.0, ppm: float = 1000.0, seed: int = 3,
                sync: bool = True) -> dict[str, float]:
    """A level of `minutes` on a simulated device whose crystal runs `ppm` fast, its
    callbacks late by a realistic jitter (mostly under 1.5 ms, 1 % up to 15 ms). The song
    clock is anchored and re-synced exactly as in play (SampleClock, `heard_time`,
    `SongClock.sync` every SYNC_PERIOD_S); judged song time is compared with what the
    device is really playing at random instants. Play starts 3 s after the device opens (the
    game opens it at launch). Returns the worst error over the level, and at its end."""
    import random

    from game.audio.director import BUFFER, OUTPUT_BUFFERS, SYNC_PERIOD_S
    from game.audio.sample_clock import SampleClock, heard_time
    from game.audio.synth import SR
    from game.core.clock import SongClock

    ns_per_s = 1_000_000_000
    rng = random.Random(seed)
    rate = SR * (1.0 + ppm * 1e-6)            # samples per perf second, the device's truth
    out_lat = round(OUTPUT_BUFFERS * BUFFER)
    t0 = 5 * ns_per_s
    queue = 2 * BUFFER                          # the fill runs this far ahead of the envelope

    def envelope(ns: float) -> float:           # the sample the device is filling at ns
        return queue + (ns - t0) * rate / ns_per_s

    def jitter() -> float:
        r = rng.random()
        hi = 1.5 if r < 0.9 else 5.0 if r < 0.99 else 15.0
        return rng.uniform(0.0, hi) * 1e6

    sc = SampleClock(SR)
    pos, last = 0, 0.0
    music_zero = None
    clock: SongClock | None = None
    worst, worst_at = 0.0, 0.0
    next_sync = 0
    end = t0 + minutes * 60 * ns_per_s
    while True:
        ideal = t0 + (pos - queue) * ns_per_s / rate
        stamp = max(ideal + jitter(), last)
        last = stamp
        if stamp > end:
            break
        sc.record(round(stamp), pos)
        pos += BUFFER
        now = round(stamp + rng.uniform(0.0, BUFFER / SR * ns_per_s))  # a poll in between
        if music_zero is None and stamp - t0 > 3 * ns_per_s:     # play starts
            at = int(sc.at(now)) + BUFFER
            music_zero = float(at)
            clock = SongClock(sc.time_of(at + out_lat), now_ns=lambda: 0)
            start_ns = now
        if clock is None or music_zero is None:
            continue
        if sync and now >= next_sync:
            clock.sync(now, heard_time(sc, now, music_zero, out_lat), sc.rate() / SR)
            next_sync = now + round(SYNC_PERIOD_S * ns_per_s)
        truth = (envelope(now) - out_lat - music_zero) / SR
        err = abs(clock.raw_time(now) - truth)
        if err > worst:
            worst, worst_at = err, (now - start_ns) / ns_per_s
    final = abs(clock.raw_time(now) - truth) if clock is not None else 0.0
    return {"worst_ms": worst * 1000.0, "worst_at_s": worst_at, "final_ms": final * 1000.0}
