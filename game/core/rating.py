"""How hard is a level? Simulated players of four skills, plus how much it asks per second.

Each simulated player is the game's own autoplay bot (same cues, same judge, same stage rules,
normal-tier windows) with Gaussian timing noise of sigma 15, 30, 45 or 60 ms, run 200 times
with different seeds. That gives the expected accuracy and the pass rate (a passing grade)
per skill. The 1-10 rating combines two things a player feels:

- execution X: the share of simulated runs that fail, rescaled so that a level of
  well-spaced cues (which only the 45 and 60 ms players fail) scores near 0 and a level
  nobody passes scores 1. Dense passages, where a late hit steals the next cue, raise it.
- load L: the busiest 4 seconds, counted in cues per second where each cue weighs
  1 + its surprise in bits (how unpredictable its action is after the one before, from the
  level's own statistics, at most log2 of the number of actions: l-r-l-r alternation adds
  nothing, l-l-r-r adds 1, a combo drawn from six punches up to 2.6). Scaled as
  log2(load / 0.75) / log2(16 / 0.75), clamped to 0..1: a cue every 1.3 s is nothing much,
  16 weighted cues a second is the top.

    rating = 1 + 9 * clamp(0.75 * L + 0.25 * X, 0, 1)       (one decimal)

The timing-noise bot never picks the wrong action and has no speed limit, so on its own it
barely tells a quarter-note level from sixteenths; the load term carries speed and reading.

Both parts only grow when a level gets faster, denser, less predictable or tighter to time.
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
from game.core.session import PlaySession, simulate
from game.core.stage import StageInfo

SKILLS_MS = (15.0, 30.0, 45.0, 60.0)
RUNS = 200
LOAD_WINDOW_S = 4.0
LOAD_MIN, LOAD_MAX = 0.75, 16.0   # weighted cues/s rated as nothing much, and as the top
CONTEXT = 1                       # actions of context a player anticipates from
EXECUTION_FLOOR = 0.35   # fail share of a sparse level: the 60 ms player fails, 45 ms half
WEIGHT_LOAD, WEIGHT_EXECUTION = 0.75, 0.25


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
    execution: float     # 0..1, rescaled fail share (see module doc)
    rating: float        # 1.0 .. 10.0

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["skills"] = [asdict(s) for s in self.skills]
        return d


def run_once(level: Level, stage: StageInfo, sigma_ms: float, seed: int,
             cues: list[Cue] | None = None, windows: HitWindows | None = None) -> PlaySession:
    """One simulated player's run: the same inputs and outcome as session.autoplay."""
    cues = stage.build_cues(level) if cues is None else cues
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


def rating_from(load: float, execution: float) -> float:
    """The documented 1-10 formula (module doc); rises with both load and execution."""
    lo = math.log2(max(load, LOAD_MIN) / LOAD_MIN) / math.log2(LOAD_MAX / LOAD_MIN)
    d = WEIGHT_LOAD * min(1.0, lo) + WEIGHT_EXECUTION * execution
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
    return Rating(level.id, level.title, level.stage, len(cues), results, round(load, 2),
                  round(execution, 3), rating_from(load, execution))
