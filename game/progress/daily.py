"""Today's montage: a 5-8 minute session of warm-up -> peak -> finale, composed from the
rounds of the stages the player has unlocked, different every day and the same all day.

Each part is an ordinary Level (work intervals lifted from the built-in levels, lengthened to
a proper round and with rests between), so it plays through the normal rules, views and
judging. Lengths are measured at the Normal tier and kept inside 5-8 minutes / 1.15 .. /0.9
so the session lasts 5-8 minutes on every tier.
"""

from __future__ import annotations

import hashlib
import json
import math
import random
import sqlite3
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol

from game.core.difficulty import TIERS
from game.core.level import Interval, Level, build_tempo_map, layout_intervals, split_bars
from game.core.schema import MAX_BARS_PER_INTERVAL, TEMPO_MAX, TEMPO_MIN
from game.core.stage import stage_book
from game.progress.campaign import campaign_order, unlocked_ids

ROLES = ("warm-up", "peak", "finale")
ROLE_TITLES = {"warm-up": "Warm-up", "peak": "Peak", "finale": "Finale"}
MIN_SECONDS, MAX_SECONDS = 5 * 60.0, 8 * 60.0
MIN_RATIO, MAX_RATIO = 2.0, 4.0
# Normal-tier length that stays within 5-8 minutes on the fastest and the slowest tier
_SLOWEST = min(t.tempo_scale for t in TIERS.values())
_FASTEST = max(t.tempo_scale for t in TIERS.values())
SAFE_MIN, SAFE_MAX = MIN_SECONDS * _FASTEST, MAX_SECONDS * _SLOWEST
WARM_UP_TEMPO = 0.94
REPEAT_BPM = 2.0          # a block played again comes back a little faster
REST_NAMES = ("Breathe", "Shake it out", "Walk it off", "Water", "Loosen the shoulders",
              "Deep breaths")


@dataclass(frozen=True)
class Block:
    """A set from a built-in level: consecutive work intervals with no rest between them."""

    level: Level
    indices: tuple[int, ...]   # interval indices in the level
    intensity: float           # cues per second


@dataclass(frozen=True)
class DailySession:
    day: date
    parts: tuple[Level, ...]
    roles: tuple[str, ...]

    def _sum(self, kind: str) -> float:
        total = 0.0
        for lv in self.parts:
            for i, iv in enumerate(lv.intervals):
                if iv.kind == kind:
                    a, b = lv.interval_times(i)
                    total += b - a
        return total

    @property
    def work_seconds(self) -> float:
        return self._sum("work")

    @property
    def rest_seconds(self) -> float:
        return self._sum("rest")

    @property
    def ratio(self) -> float:
        """Work : rest, in seconds."""
        rest = self.rest_seconds
        return self.work_seconds / rest if rest else math.inf

    @property
    def total_seconds(self) -> float:
        """Count-ins, work and rest of every part, at the Normal tier."""
        return sum(lv.lead_in + lv.duration for lv in self.parts)

    def seconds_at(self, tier: str) -> float:
        return self.total_seconds / TIERS[tier].tempo_scale

    def describe(self) -> list[str]:
        """One line per part for the title screen (a remix names each of its stages)."""
        from game.core.stage import stage_info as get_stage
        out = []
        for role, lv in zip(self.roles, self.parts, strict=True):
            m, s = divmod(round(lv.lead_in + lv.duration), 60)
            names = " + ".join(get_stage(n).title for n in dict.fromkeys(lv.stages))
            out.append(f"{ROLE_TITLES[role]}: {names}  {m}:{s:02d}")
        return out


def _cues_in(iv: Interval) -> float:
    bars = split_bars(iv.pattern)
    if not bars:
        return 0.0
    per_bar = [sum(1 for ch, _ in bar if ch not in ".-_") for bar in bars]
    return sum(per_bar[k % len(per_bar)] for k in range(iv.bars))


def blocks_of(level: Level) -> list[Block]:
    """The level's sets in order."""
    out: list[Block] = []
    run: list[int] = []
    for i, iv in enumerate(level.intervals + (Interval("rest", 1, 0, 0),)):
        if iv.is_work and iv.pattern:
            run.append(i)
            continue
        if run:
            secs = level.interval_times(run[-1])[1] - level.interval_times(run[0])[0]
            cues = sum(_cues_in(level.intervals[k]) for k in run)
            out.append(Block(level, tuple(run), cues / max(secs, 1e-6)))
            run = []
    return out


class _Builder:
    """Raw interval dicts for one part, plus what the length repairs may change."""

    def __init__(self, stage: str, bpb: int) -> None:
        self.stage = stage
        self.bpb = bpb
        self.raw: list[dict[str, Any]] = []
        self.meta: list[dict[str, Any]] = []   # per raw entry: min_bars, step

    def add_work(self, level: Level, index: int, tempo: float, tempo_end: float | None,
                 bars: int, name: str, stretch: bool) -> None:
        iv = level.intervals[index]
        entry: dict[str, Any] = {"kind": "work", "bars": bars, "pattern": iv.pattern,
                                 "tempo": tempo, "name": name[:60],
                                 "stage": level.stage_of(index)}
        if tempo_end is not None and abs(tempo_end - tempo) > 1e-6:
            entry["tempo_end"] = tempo_end
        self.raw.append(entry)
        step = max(1, len(split_bars(iv.pattern)))
        self.meta.append({"min_bars": iv.bars, "step": step if stretch else 0})

    def add_rest(self, name: str, tempo: float) -> None:
        """A rest after a round, in the round's place; sized later, once the whole
        session's work is known."""
        where = self.raw[-1]["stage"] if self.raw else self.stage
        self.raw.append({"kind": "rest", "bars": 1, "name": name, "stage": where})
        self.meta.append({"min_bars": 1, "step": 1, "tempo": tempo})

    def work_seconds(self) -> float:
        return sum(r["bars"] * _bar_seconds((r["tempo"] + r.get("tempo_end", r["tempo"])) / 2,
                                            self.bpb) for r in self.raw if r["kind"] == "work")

    def rests(self) -> list[int]:
        return [i for i, r in enumerate(self.raw) if r["kind"] == "rest"]

    @property
    def stages(self) -> list[str]:
        return list(dict.fromkeys(r["stage"] for r in self.raw))

    def level(self, day: date, role: str, scales: Mapping[str, float]) -> Level:
        """The part as a Level: a remix when its rounds come from more than one stage, each
        round at its own stage's overload for the day."""
        raw = [dict(r) for r in self.raw]
        for r in raw:
            for key in ("tempo", "tempo_end"):
                if key in r:
                    scale = scales.get(r["stage"], 1.0)
                    r[key] = round(min(TEMPO_MAX, max(TEMPO_MIN, r[key] * scale)), 3)
        intervals = layout_intervals(raw, self.bpb)
        bpm = raw[0]["tempo"]
        digest = hashlib.sha256(json.dumps([self.stage, self.bpb, raw], sort_keys=True)
                                .encode()).hexdigest()[:16]
        from game.core.stage import stage_info as get_stage
        titles = " + ".join(get_stage(n).title for n in self.stages)
        return Level(id=f"daily-{day.isoformat()}-{role}",
                     title=f"Today's montage - {ROLE_TITLES[role]}", stage=self.stage,
                     bpm=bpm, beats_per_bar=self.bpb, intervals=tuple(intervals),
                     tempo_map=build_tempo_map(bpm, self.bpb, intervals), lead_in_bars=1,
                     author="Coach",
                     description=f"{ROLE_TITLES[role]} of today's montage: {titles}.",
                     source=f"daily:{day.isoformat()}", content_hash=digest,
                     extra={"daily": day.isoformat(), "role": role})


def _bar_seconds(bpm: float, bpb: int) -> float:
    return bpb * 60.0 / bpm


def _rounds(role: str, picked: list[Block], work_target: float, rng: random.Random
            ) -> list[tuple[Block, int]]:
    """The part's rounds as (block, times played before). Warm-up and peak cycle through
    their picks; the finale plays its sets once, in order, so it ends on the climax."""
    if role == "finale":
        return [(b, 0) for b in picked]
    n = max(2, round(work_target / rng.uniform(32.0, 42.0)))
    return [(picked[k % len(picked)], k // len(picked)) for k in range(n)]


def _build_part(role: str, stage: str, rounds: list[tuple[Block, int]], work_target: float,
                rng: random.Random) -> _Builder:
    """Lengthen each round toward its share of the work, with rests between."""
    bpb = rounds[0][0].level.beats_per_bar
    n_rounds = len(rounds)
    share = work_target / n_rounds
    builder = _Builder(stage, bpb)
    factor = WARM_UP_TEMPO if role == "warm-up" else 1.0
    last_start = 0.0
    last_set = 0.0
    for k, (block, rep) in enumerate(rounds):
        lv = block.level
        tm = lv.tempo_map
        base_secs = lv.interval_times(block.indices[-1])[1] - lv.interval_times(
            block.indices[0])[0]
        end_tempo = 0.0
        first = tm.bpm_at_beat(lv.intervals[block.indices[0]].start_beat) * factor
        # rounds ramp: a round never starts slower than the one before (the whole set moves)
        lift = max(rep * REPEAT_BPM, last_start - first)
        last_start = first + lift
        for j, idx in enumerate(block.indices):
            iv = lv.intervals[idx]
            # a round's sets never start slower than the set before (a stage may slow within
            # a set, as push-ups tire; the next set starts again from where that one began)
            t0 = max(tm.bpm_at_beat(iv.start_beat) * factor + lift, last_set)
            last_set = t0
            t1 = tm.bpm_at_beat(iv.end_beat - 1e-6) * factor + lift
            bars = iv.bars
            if j == 0:  # the set's first interval stretches; its climax stays as written
                missing = share - base_secs
                step = max(1, len(split_bars(iv.pattern)))
                if missing > 0:
                    extra = round(missing / _bar_seconds((t0 + t1) / 2, bpb) / step)
                    bars = min(MAX_BARS_PER_INTERVAL, bars + step * max(0, extra))
            name = f"{ROLE_TITLES[role]} {k + 1}: {iv.name or 'work'}"
            builder.add_work(lv, idx, t0, t1 if iv.tempo_end is not None else None, bars,
                             name, stretch=j == 0)
            end_tempo = t1
        if k < n_rounds - 1:
            builder.add_rest(rng.choice(REST_NAMES), end_tempo)
    return builder


def _size_rests(builders: list[_Builder], ratio: float) -> None:
    """Share the session's rest (its work / ratio) equally among all the rests."""
    gaps = [(b, i) for b in builders for i in b.rests()]
    if not gaps:
        return
    per_gap = sum(b.work_seconds() for b in builders) / ratio / len(gaps)
    for b, i in gaps:
        b.raw[i]["bars"] = max(1, round(per_gap / _bar_seconds(b.meta[i]["tempo"], b.bpb)))


def _measure(parts: list[Level]) -> tuple[float, float, float]:
    session = DailySession(date.min, tuple(parts), ROLES[:len(parts)])
    return session.total_seconds, session.work_seconds, session.rest_seconds


def _repair(builders: list[_Builder], build: Any) -> list[Level]:
    """Nudge bar counts until the session is within its time and work:rest bounds."""
    parts = build()
    for _ in range(400):
        total, work, rest = _measure(parts)
        ratio = work / rest if rest else math.inf
        rests = [(b, i) for b in builders for i, r in enumerate(b.raw) if r["kind"] == "rest"]
        works = [(b, i) for b in builders for i, r in enumerate(b.raw)
                 if r["kind"] == "work" and b.meta[i]["step"]]
        if ratio > MAX_RATIO - 0.05 and rests:
            b, i = min(rests, key=lambda x: x[0].raw[x[1]]["bars"])
            b.raw[i]["bars"] += 1
        elif ratio < MIN_RATIO + 0.05 and any(b.raw[i]["bars"] > 1 for b, i in rests):
            b, i = max(rests, key=lambda x: x[0].raw[x[1]]["bars"])
            b.raw[i]["bars"] -= 1
        elif total > SAFE_MAX - 1.0:
            longer = [(b, i) for b, i in works
                      if b.raw[i]["bars"] - b.meta[i]["step"] >= b.meta[i]["min_bars"]]
            # past that, a set may lose written repeats down to one pass of its pattern:
            # trimming the rests instead would only break the work:rest ratio again
            trimmed = [(b, i) for b, i in works if b.raw[i]["bars"] >= 2 * b.meta[i]["step"]]
            shorter_rests = [(b, i) for b, i in rests if b.raw[i]["bars"] > 1]
            if longer or trimmed:
                b, i = max(longer or trimmed, key=lambda x: x[0].raw[x[1]]["bars"])
                b.raw[i]["bars"] -= b.meta[i]["step"]
            elif shorter_rests:
                b, i = max(shorter_rests, key=lambda x: x[0].raw[x[1]]["bars"])
                b.raw[i]["bars"] -= 1
            else:
                break
        elif total < SAFE_MIN + 1.0 and works:
            b, i = min(works, key=lambda x: x[0].raw[x[1]]["bars"])
            b.raw[i]["bars"] = min(MAX_BARS_PER_INTERVAL, b.raw[i]["bars"] + b.meta[i]["step"])
        else:
            return parts
        parts = build()
    raise RuntimeError("today's montage could not be fitted to its bounds")


def _stages_in_order(levels: list[Level]) -> list[str]:
    out: list[str] = []
    for lv in levels:
        if lv.stage not in out:
            out.append(lv.stage)
    return out


def compose_daily(day: date, levels: Iterable[Level], unlocked: Iterable[str],
                  scales: Mapping[str, float] | None = None) -> DailySession:
    """Today's session from the unlocked campaign levels (the first level if none are).

    `scales` is each stage's overload tempo scale for the day. Deterministic in its inputs:
    the same day gives the same session.
    """
    # the campaign's own remixes are left out: the day composes its remixes from the stages
    ordered = [lv for lv in campaign_order(levels) if not lv.is_remix]
    if not ordered:
        raise ValueError("there are no levels to compose a session from")
    open_ids = set(unlocked)
    pool = [lv for lv in ordered if lv.id in open_ids] or ordered[:1]
    scales = dict(scales or {})
    rng = random.Random(day.toordinal())

    stages = _stages_in_order(pool)
    book = stage_book()
    finales = [s for s in stages if s in book and "finale" in book[s].roles]
    finale_stage = finales[-1] if finales else stages[-1]
    others = [s for s in stages if s != finale_stage] or [finale_stage]
    warm_stage = rng.choice(others)
    peak_stage = rng.choice([s for s in others if s != warm_stage] or stages)
    # with enough stages open, warm-up and peak are remixes: a second stage joins each
    spare = [s for s in others if s not in (warm_stage, peak_stage)]
    warm_mix = [warm_stage] + ([spare.pop(rng.randrange(len(spare)))] if len(spare) >= 2
                               else [])
    peak_mix = [peak_stage] + ([spare.pop(rng.randrange(len(spare)))] if spare else [])
    by_stage: dict[str, list[Block]] = {}
    for s in stages:
        levels_of = [lv for lv in pool if lv.stage == s]
        bpb = levels_of[0].beats_per_bar
        by_stage[s] = [b for lv in levels_of if lv.beats_per_bar == bpb for b in blocks_of(lv)]

    total = rng.uniform(SAFE_MIN + 15.0, SAFE_MAX - 15.0)
    ratio = rng.uniform(2.6, 3.4)
    warm_share = rng.uniform(0.24, 0.30)
    finale_share = rng.uniform(0.26, 0.32)
    shares = {"warm-up": warm_share, "peak": 1.0 - warm_share - finale_share,
              "finale": finale_share}

    plan: list[tuple[str, str, list[Block]]] = []
    for role, mix in (("warm-up", warm_mix), ("peak", peak_mix), ("finale", [finale_stage])):
        stage = mix[0]
        bpb = by_stage[stage][0].level.beats_per_bar
        picked = []
        for name in mix:
            blocks = sorted((b for b in by_stage[name] if b.level.beats_per_bar == bpb),
                            key=lambda b: b.intensity)
            if not blocks:
                continue
            half = max(1, (len(blocks) + 1) // 2)
            if role == "warm-up":
                picked += rng.sample(blocks[:half], k=rng.randint(1, half))
            elif role == "peak":
                upper = blocks[len(blocks) // 2:] or blocks
                picked += rng.sample(upper, k=rng.randint(min(2, len(upper)), len(upper)))
            else:  # the last level of the stage, ending on its final set (the climax)
                last = [b for b in by_stage[name] if b.level is by_stage[name][-1].level]
                picked += last[-rng.randint(min(2, len(last)), min(3, len(last))):]
        if role != "finale":
            picked.sort(key=lambda b: b.intensity)
        plan.append((role, stage, picked))

    builders: list[_Builder] = []
    for role, stage, picked in plan:
        part_seconds = shares[role] * total
        work_target = part_seconds * ratio / (ratio + 1.0)
        builders.append(_build_part(role, stage, _rounds(role, picked, work_target, rng),
                                    work_target, rng))
    _size_rests(builders, ratio)

    def build() -> list[Level]:
        return [b.level(day, role, scales)
                for b, (role, _s, _p) in zip(builders, plan, strict=True)]

    parts = _repair(builders, build)
    return DailySession(day, tuple(parts), tuple(role for role, _s, _p in plan))


class DailyStore(Protocol):
    def settings_get(self, key: str, default: Any = None) -> Any: ...
    def settings_set(self, key: str, value: Any) -> None: ...
    def cleared_level_ids(self) -> set[str]: ...
    def stage_days(self, stage: str) -> list[tuple[date, list[str]]]: ...


PLAN_KEY = "daily.plan"


def todays_montage(store: DailyStore, levels: Iterable[Level], today: date) -> DailySession:
    """Today's session for this player. What it is built from (unlocked levels, each stage's
    tempo overload) is fixed at the first look of the day, so unlocking a stage at noon
    changes tomorrow's session, not today's."""
    from game.progress.overload import stage_scales
    levels = campaign_order(levels)
    plan = store.settings_get(PLAN_KEY)
    if not (isinstance(plan, dict) and plan.get("date") == today.isoformat()
            and isinstance(plan.get("unlocked"), list) and isinstance(plan.get("scales"), dict)):
        open_ids = unlocked_ids(levels, store.cleared_level_ids())
        scales = stage_scales(store, {lv.stage for lv in levels}, today)
        plan = {"date": today.isoformat(), "unlocked": open_ids, "scales": scales}
        try:
            store.settings_set(PLAN_KEY, plan)
        except sqlite3.Error:  # a read-only or locked store: today's plan is not pinned
            pass
    scales = {str(k): float(v) for k, v in plan["scales"].items()
              if isinstance(v, (int, float))}
    return compose_daily(today, levels, [str(x) for x in plan["unlocked"]], scales)
