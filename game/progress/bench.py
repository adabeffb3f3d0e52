"""Benchmark of the stats query over ten years of daily history (a number, never pass/fail)."""

from __future__ import annotations

import random
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from datetime import time as dtime
from pathlib import Path

from game.core.judge import grade_for
from game.core.stage import stage_names
from game.progress.attempt import AttemptRecord
from game.progress.stats import summarize
from game.progress.store import ProgressStore


def _stages() -> list[tuple[str, str]]:
    """(level id, stage) for every stage: the bench's history uses them all."""
    return [(f"{name.replace('_', '-')}-bench", name) for name in stage_names()]


def fill_history(store: ProgressStore, end: date, years: int = 10, seed: int = 1) -> int:
    """A decade of a keen player: most days today's montage (three parts) and a campaign
    run or two, some practice, a few weeks off now and then. Returns attempts written."""
    rng = random.Random(seed)
    store.conn.execute("PRAGMA synchronous = OFF")  # a throwaway database: build it fast
    start = end - timedelta(days=round(365.25 * years))
    recs: list[AttemptRecord] = []
    dailies: list[tuple[date, datetime]] = []
    off_until = start
    day = start
    skill = 70.0
    while day <= end:
        if day >= off_until and rng.random() < 0.01:
            off_until = day + timedelta(days=rng.randint(3, 20))
        if day < off_until or rng.random() < 0.15:
            day += timedelta(days=1)
            continue
        skill = min(99.0, skill + rng.uniform(-0.2, 0.25))
        when = datetime.combine(day, dtime(7, 0), UTC) + timedelta(minutes=rng.randint(0, 900))
        for k, (_level_id, stage) in enumerate(_stages()):
            recs.append(_attempt(rng, f"daily-{day}-{k}", stage, when, skill, daily=True))
        dailies.append((day, when))
        for _ in range(rng.choice((0, 1, 1, 2))):
            level_id, stage = rng.choice(_stages())
            recs.append(_attempt(rng, level_id, stage, when, skill,
                                 practice=rng.random() < 0.1))
        day += timedelta(days=1)
    store.record_attempts(recs)
    for d, when in dailies:
        store.mark_daily_complete(d, when)
    store.conn.execute("PRAGMA synchronous = FULL")
    return len(recs)


def _attempt(rng: random.Random, level_id: str, stage: str, when: datetime, skill: float,
             daily: bool = False, practice: bool = False) -> AttemptRecord:
    acc = max(0.0, min(100.0, rng.gauss(skill, 4.0)))
    cues = rng.randint(150, 320)
    miss = round(cues * (100 - acc) / 300)
    return AttemptRecord(
        level_id=level_id, content_hash="0" * 16, stage=stage, finished_at=when,
        local_date=when.date(), tier="normal", score=int(cues * acc * 5), accuracy=acc,
        grade=grade_for(acc, miss),
        judgements={"perfect": cues - miss, "great": 0, "good": 0, "miss": miss, "wrong": 0},
        max_combo=cues - miss, duration_s=rng.uniform(90, 180), practice=practice,
        daily=daily)


def stats_query_ms(runs: int = 3) -> float:
    """Milliseconds for the full stats summary over ten years of daily history (best of
    `runs`), on a freshly opened store as the stats screen would see it."""
    today = date(2035, 6, 30)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.sqlite3"
        store, _ = ProgressStore.open(path)
        fill_history(store, today)
        store.close()
        store, _ = ProgressStore.open(path)
        best = float("inf")
        try:
            for _ in range(runs):
                t0 = time.perf_counter_ns()
                summarize(store, today)
                best = min(best, (time.perf_counter_ns() - t0) / 1e6)
        finally:
            store.close()
    return best
