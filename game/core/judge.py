"""Judgement: hit windows as a table, nearest-cue matching, score/combo/accuracy/grade."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from game.core.level import Cue


class Judgement(StrEnum):
    PERFECT = "perfect"
    GREAT = "great"
    GOOD = "good"
    MISS = "miss"
    WRONG = "wrong"  # the right moment, the wrong hand/punch/foot

    @property
    def is_hit(self) -> bool:
        return self in (Judgement.PERFECT, Judgement.GREAT, Judgement.GOOD)


# Points for a judgement; accuracy is points / (max points * cues judged).
POINTS = {Judgement.PERFECT: 300, Judgement.GREAT: 200, Judgement.GOOD: 100,
          Judgement.MISS: 0, Judgement.WRONG: 0}


@dataclass(frozen=True)
class HitWindows:
    """Half-widths in seconds, tightest first. Beyond the last one an input cannot hit."""

    table: tuple[tuple[Judgement, float], ...] = (
        (Judgement.PERFECT, 0.025), (Judgement.GREAT, 0.050), (Judgement.GOOD, 0.090))

    def scaled(self, factor: float) -> HitWindows:
        return HitWindows(tuple((j, w * factor) for j, w in self.table))

    @property
    def reach(self) -> float:
        """How far from a cue an input can still be matched to it."""
        return self.table[-1][1]

    def classify(self, offset: float) -> Judgement:
        a = abs(offset)
        for judgement, width in self.table:
            if a <= width + 1e-9:
                return judgement
        return Judgement.MISS


@dataclass(frozen=True)
class Verdict:
    """The outcome of one input or one expired cue."""

    judgement: Judgement | None  # None: a stray (no cue in reach)
    cue: Cue | None
    offset: float = 0.0          # input time - cue time, seconds (negative = early)
    action: str = ""


class CueJudge:
    """Matches inputs to the nearest unjudged tap cue in reach; expires cues left behind.

    A press takes the nearest cue; if that cue wants another action, a cue of the press's own
    action within the Great window takes it instead, else the nearest cue is a WRONG.
    """

    def __init__(self, cues: Sequence[Cue], windows: HitWindows) -> None:
        self.cues = sorted((c for c in cues if c.kind == "tap"), key=lambda c: c.time)
        self.windows = windows
        self.judged = [False] * len(self.cues)
        self._first_open = 0

    def _advance_first_open(self) -> None:
        while self._first_open < len(self.cues) and self.judged[self._first_open]:
            self._first_open += 1

    def judge(self, action: str, t: float) -> Verdict:
        """Judge a press of `action` at song time `t`."""
        reach = self.windows.reach
        best_same: tuple[float, int] | None = None
        best_any: tuple[float, int] | None = None
        i = self._first_open
        while i < len(self.cues):
            cue = self.cues[i]
            if cue.time > t + reach:
                break
            if not self.judged[i] and abs(cue.time - t) <= reach:
                d = abs(cue.time - t)
                if cue.action == action and (best_same is None or d < best_same[0]):
                    best_same = (d, i)
                if best_any is None or d < best_any[0]:
                    best_any = (d, i)
            i += 1
        pick = best_any
        if best_same is not None and best_any is not None and best_same[1] != best_any[1]:
            # the nearest cue wants another action: this press is that cue's wrong hand,
            # unless a cue of its own action is tightly on time (a fast roll, both in reach)
            if best_same[0] <= self.windows.table[1][1] + 1e-9:
                pick = best_same
        if pick is None:
            return Verdict(None, None, 0.0, action)
        idx = pick[1]
        cue = self.cues[idx]
        self.judged[idx] = True
        self._advance_first_open()
        offset = t - cue.time
        judgement = self.windows.classify(offset) if cue.action == action else Judgement.WRONG
        return Verdict(judgement, cue, offset, action)

    def expire(self, t: float) -> list[Verdict]:
        """Every unjudged cue that can no longer be hit at time `t` becomes a miss."""
        out: list[Verdict] = []
        reach = self.windows.reach
        i = self._first_open
        while i < len(self.cues) and self.cues[i].time + reach < t:
            if not self.judged[i]:
                self.judged[i] = True
                out.append(Verdict(Judgement.MISS, self.cues[i], 0.0, ""))
            i += 1
        self._advance_first_open()
        return out

    def next_open(self, t: float) -> Cue | None:
        """The next cue still to be hit at or after t - reach (for the bot and the views)."""
        for i in range(self._first_open, len(self.cues)):
            if not self.judged[i] and self.cues[i].time + self.windows.reach >= t:
                return self.cues[i]
        return None


GRADES = ((95.0, "S"), (90.0, "A"), (80.0, "B"), (70.0, "C"), (60.0, "D"))
PASSING_GRADES = ("S", "A", "B", "C")


def grade_for(accuracy: float, misses: int) -> str:
    for threshold, letter in GRADES:
        if accuracy >= threshold:
            return "A" if letter == "S" and misses else letter
    return "F"


@dataclass
class ScoreKeeper:
    """Running score. Every judged cue keeps its signed offset for the results screen."""

    counts: dict[str, int] = field(default_factory=lambda: {j.value: 0 for j in Judgement})
    strays: int = 0
    score: int = 0
    combo: int = 0
    max_combo: int = 0
    offsets: list[float] = field(default_factory=list)
    points: int = 0

    @property
    def judged(self) -> int:
        return sum(self.counts.values())

    def record(self, judgement: Judgement, offset: float = 0.0, accent: bool = False) -> None:
        self.counts[judgement.value] += 1
        base = POINTS[judgement]
        self.points += base
        if judgement.is_hit:
            self.combo += 1
            self.max_combo = max(self.max_combo, self.combo)
            self.offsets.append(offset)
            multiplier = 1.0 + min(self.combo, 100) / 100.0
            self.score += int(round(base * multiplier * (1.5 if accent else 1.0)))
        else:
            self.combo = 0

    def stray(self) -> None:
        self.strays += 1
        self.combo = 0

    @property
    def accuracy(self) -> float:
        n = self.judged
        return 100.0 * self.points / (POINTS[Judgement.PERFECT] * n) if n else 100.0

    @property
    def misses(self) -> int:
        return self.counts[Judgement.MISS.value] + self.counts[Judgement.WRONG.value]

    @property
    def grade(self) -> str:
        return grade_for(self.accuracy, self.misses)

    def offset_stats_ms(self) -> tuple[float, float]:
        """Mean and standard deviation of hit offsets, in milliseconds."""
        if not self.offsets:
            return 0.0, 0.0
        n = len(self.offsets)
        mean = sum(self.offsets) / n
        var = sum((o - mean) ** 2 for o in self.offsets) / n
        return mean * 1000.0, math.sqrt(var) * 1000.0

    def histogram(self, reach: float, bins: int = 21) -> list[int]:
        """Counts of hit offsets in `bins` equal bins over [-reach, +reach]."""
        out = [0] * bins
        for o in self.offsets:
            k = int((o + reach) / (2 * reach) * bins)
            out[min(bins - 1, max(0, k))] += 1
        return out
