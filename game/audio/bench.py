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
    stage = next(iter(stage_book()))   # the score does not depend on the stage
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
