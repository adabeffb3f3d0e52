"""How hard is a level? Simulated people of four skills, plus how much it asks per second.

Each simulated player is a person as `game.core.players` models them (timing spread that
grows with density, a rate limit per hand, errors that grow with complexity, fatigue and an
early bias; docs/difficulty.md has the sources), named by their spread at a moderate tempo,
sigma 15, 30, 45 or 60 ms. Each plays the level `RUNS` times through the real session with
normal-tier windows. That gives the expected accuracy and the pass rate (a passing grade)
per skill. The 1-10 rating combines:

- skill S: the spread (ms) at which a player's expected accuracy reaches the pass mark,
  interpolated between the four skills (extrapolated past them), mapped so that a level a
  60 ms player passes is a 1 and one only a 10 ms player passes is a 10;
- load L: the busiest 4 seconds, counted in cues per second where each cue weighs
  1 + its surprise in bits (how unpredictable its action is after the one before, from the
  level's own statistics), scaled as log2(load / 0.75) / log2(16 / 0.75), clamped to 0..1.

    rating = 1 + 9 * clamp(0.8 * S + 0.2 * L, 0, 1)        (one decimal)

Both parts only grow when a level gets faster, denser or less predictable.
"""

from __future__ import annotations

import math
import random
from collections import Counter
from dataclasses import asdict, dataclass
from typing import Any

from game.core.bot import bot_inputs
from game.core.judge import PASSING_GRADES, HitWindows
from game.core.level import Cue, Level
from game.core.players import PlayerModel, human_inputs
from game.core.session import PlaySession, simulate
from game.core.stage import StageInfo

SKILLS_MS = (15.0, 30.0, 45.0, 60.0)
RUNS = 200
LOAD_WINDOW_S = 4.0
LOAD_MIN, LOAD_MAX = 0.75, 16.0   # weighted cues/s rated as nothing much, and as the top
CONTEXT = 1                       # actions of context a player anticipates from
EXECUTION_FLOOR = 0.35   # fail share of a sparse level: the 60 ms player fails, 45 ms half
WEIGHT_SKILL, WEIGHT_LOAD = 0.8, 0.2
EASIEST_MS, HARDEST_MS = 60.0, 10.0   # the spread that just passes a 1 and a 10
PASS_ACCURACY = 70.0                  # the pass mark (grade C)


@dataclass(frozen=True)
class SkillResult:
    sigma_ms: float
    accuracy: float      # mean accuracy over the runs, percent
    pass_rate: float     # share of runs with a passing grade, 0..1
    runs: int


@dataclass(frozen=True)
class Rating:
    level_id: str
    title: str
    stage: str
    cues: int
    skills: tuple[SkillResult, ...]
    load: float          # busiest 4 s: surprise-weighted cues per second
    execution: float     # 0..1, rescaled fail share of the four skills
    rating: float        # 1.0 .. 10.0
    passing_spread_ms: float = 0.0   # the timing spread that just passes (module doc)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["skills"] = [asdict(s) for s in self.skills]
        return d


def run_once(level: Level, stage: StageInfo, sigma_ms: float, seed: int,
             cues: list[Cue] | None = None, windows: HitWindows | None = None,
             human: bool = True) -> PlaySession:
    """One simulated player's run through the real session (the one code path): a person
    (game.core.players) or, with human=False, the plain Gaussian autoplay bot."""
    cues = stage.build_cues(level) if cues is None else cues
    if human:
        inputs = human_inputs(cues, PlayerModel(sigma_ms), seed)
    else:
        inputs = bot_inputs(cues, random.Random(seed), sigma_ms / 1000.0)
    return simulate(level, stage, inputs, windows, cues=tuple(cues))


def simulate_skill(level: Level, rules: StageInfo, sigma_ms: float, runs: int = RUNS,
                   seed: int = 0, cues: list[Cue] | None = None,
                   windows: HitWindows | None = None) -> SkillResult:
    cues = rules.build_cues(level) if cues is None else cues
    total, passed = 0.0, 0
    for k in range(runs):
        score = run_once(level, rules, sigma_ms, seed + k, cues, windows).score
        total += score.accuracy
        passed += score.grade in PASSING_GRADES
    return SkillResult(sigma_ms, round(total / runs, 2), round(passed / runs, 3), runs)


def surprise_bits(cues: list[Cue], order: int = CONTEXT) -> list[float]:
    """Per cue, -log2 P(its action | the `order` actions before it), from the level's own
    counts: what a player must read rather than run on autopilot. Capped at log2 of the
    number of actions in play, the cost of a blind choice (so one rare cue, like a summit
    hold, weighs what any free choice weighs)."""
    actions = [c.action for c in sorted(cues, key=lambda c: c.time)]
    cap = math.log2(max(2, len(set(actions))))
    seen: Counter[tuple[str, ...]] = Counter()
    followed: Counter[tuple[str, ...]] = Counter()
    for i, a in enumerate(actions):
        ctx = tuple(actions[max(0, i - order):i])
        seen[ctx + (a,)] += 1
        followed[ctx] += 1
    out = []
    for i, a in enumerate(actions):
        ctx = tuple(actions[max(0, i - order):i])
        out.append(min(cap, -math.log2(seen[ctx + (a,)] / followed[ctx])))
    return out


def busiest_load(cues: list[Cue], window: float = LOAD_WINDOW_S) -> float:
    """Max over any `window` seconds of sum(1 + surprise bits), per second."""
    ordered = sorted(cues, key=lambda c: c.time)
    weights = [1.0 + b for b in surprise_bits(ordered)]
    best = acc = 0.0
    lo = 0
    for hi, c in enumerate(ordered):
        acc += weights[hi]
        while ordered[lo].time <= c.time - window:
            acc -= weights[lo]
            lo += 1
        best = max(best, acc)
    return best / window


def execution_from(skills: tuple[SkillResult, ...] | list[SkillResult]) -> float:
    fail = 1.0 - sum(s.pass_rate for s in skills) / len(skills) if skills else 0.0
    return min(1.0, max(0.0, (fail - EXECUTION_FLOOR) / (1.0 - EXECUTION_FLOOR)))


def passing_spread(skills: tuple[SkillResult, ...] | list[SkillResult]) -> float:
    """The timing spread (ms) at which expected accuracy crosses the pass mark."""
    pts = sorted((s.sigma_ms, s.accuracy) for s in skills)
    if not pts:
        return EASIEST_MS
    if len(pts) == 1:
        return pts[0][0] * (pts[0][1] / PASS_ACCURACY)
    for (s0, a0), (s1, a1) in zip(pts, pts[1:], strict=False):
        if a0 >= PASS_ACCURACY >= a1 and a0 != a1:
            return s0 + (a0 - PASS_ACCURACY) / (a0 - a1) * (s1 - s0)
    (s0, a0), (s1, a1) = (pts[-2], pts[-1]) if pts[-1][1] > PASS_ACCURACY else (pts[0], pts[1])
    slope = (a1 - a0) / (s1 - s0) if s1 != s0 else -1.0
    if slope >= 0:
        return EASIEST_MS if a1 > PASS_ACCURACY else HARDEST_MS
    return s0 + (PASS_ACCURACY - a0) / slope


def rating_from(load: float, spread_ms: float) -> float:
    """The documented 1-10 formula (module doc)."""
    lo = math.log2(max(load, LOAD_MIN) / LOAD_MIN) / math.log2(LOAD_MAX / LOAD_MIN)
    sk = (EASIEST_MS - spread_ms) / (EASIEST_MS - HARDEST_MS)
    d = WEIGHT_SKILL * min(1.0, max(0.0, sk)) + WEIGHT_LOAD * min(1.0, lo)
    return round(1.0 + 9.0 * min(1.0, max(0.0, d)), 1)


def rate_level(level: Level, rules: StageInfo | None = None, runs: int = RUNS,
               skills: tuple[float, ...] = SKILLS_MS, seed: int = 0,
               windows: HitWindows | None = None) -> Rating:
    """Simulate every skill `runs` times and rate the level."""
    if rules is None:
        from game.core.stage import stage_info as get_stage
        rules = get_stage(level.stage)
    cues = rules.build_cues(level)
    results = tuple(simulate_skill(level, rules, s, runs, seed, cues, windows) for s in skills)
    load = busiest_load(cues)
    execution = execution_from(results)
    spread = passing_spread(results)
    return Rating(level.id, level.title, level.stage, len(cues), results, round(load, 2),
                  round(execution, 3), rating_from(load, spread), round(spread, 1))


def _ranks(values: list[float]) -> list[float]:
    """Ranks from 0, ties sharing their mean rank (as Spearman's rho wants)."""
    order = sorted(range(len(values)), key=lambda k: values[k])
    ranks = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for k in range(i, j + 1):
            ranks[order[k]] = (i + j) / 2
        i = j + 1
    return ranks


def spearman(xs: list[float], ys: list[float]) -> float:
    """Spearman's rank correlation: +1 when ys rise with xs, -1 when they fall. 0 if
    either side is constant (no order to follow)."""
    a, b = _ranks(xs), _ranks(ys)
    n = len(a)
    if n < 2:
        return 0.0
    ma, mb = sum(a) / n, sum(b) / n
    cov = sum((x - ma) * (y - mb) for x, y in zip(a, b, strict=True))
    va = math.sqrt(sum((x - ma) ** 2 for x in a))
    vb = math.sqrt(sum((y - mb) ** 2 for y in b))
    return 0.0 if va == 0 or vb == 0 else cov / (va * vb)


def campaign_curve(ratings: list[Rating]) -> dict[str, Any]:
    """The difficulty curve of levels in play order: per skill, Spearman's rho between
    position and pass rate (negative: the campaign gets harder), and the first and last
    levels' pass rates."""
    out: dict[str, Any] = {"levels": len(ratings), "skills": []}
    if not ratings:
        return out
    positions = [float(i) for i in range(len(ratings))]
    for k, first in enumerate(ratings[0].skills):
        passes = [r.skills[k].pass_rate for r in ratings]
        out["skills"].append({"sigma_ms": first.sigma_ms,
                              "spearman_rho": round(spearman(positions, passes), 3),
                              "first_pass_rate": passes[0], "last_pass_rate": passes[-1]})
    return out

