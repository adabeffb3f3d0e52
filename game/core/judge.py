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
    WRONG = "wrong"    # the right moment, the wrong hand/punch/foot
    HELD = "held"      # a hold's body kept down to its tail
    DROP = "drop"      # a hold let go early (the head keeps its own judgement)
    DODGE = "dodge"    # an avoid cue left alone
    HIT_BY = "hit_by"  # an avoid cue pressed

    @property
    def is_hit(self) -> bool:
        return self in _HITS


_HITS = frozenset({Judgement.PERFECT, Judgement.GREAT, Judgement.GOOD, Judgement.HELD,
                   Judgement.DODGE})

# Points for a judgement; accuracy is points / (max points * cues judged).
POINTS = {Judgement.PERFECT: 300, Judgement.GREAT: 200, Judgement.GOOD: 100,
          Judgement.MISS: 0, Judgement.WRONG: 0, Judgement.HELD: 300, Judgement.DROP: 0,
          Judgement.DODGE: 300, Judgement.HIT_BY: 0}

# What each judgement is worth toward accuracy (and so the grade). A Great is nearly as
# good as a Perfect and a Good still counts well over half: a newcomer who makes almost
# every cue, a little loose, passes; the grade then says how clean it was.
ACCURACY_WEIGHTS = {Judgement.PERFECT: 1.0, Judgement.GREAT: 0.9, Judgement.GOOD: 0.6,
                    Judgement.MISS: 0.0, Judgement.WRONG: 0.0, Judgement.HELD: 1.0,
                    Judgement.DROP: 0.0, Judgement.DODGE: 1.0, Judgement.HIT_BY: 0.0}

# A roll is judged by the share of its target that was pressed.
ROLL_GRADES = ((1.0, Judgement.PERFECT), (0.75, Judgement.GREAT), (0.5, Judgement.GOOD))


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

    @property
    def tight(self) -> float:
        """The Great half-width: an avoid's danger zone, a roll's grace after its span."""
        return self.table[min(1, len(self.table) - 1)][1]

    def classify(self, offset: float) -> Judgement:
        a = abs(offset)
        for judgement, width in self.table:
            if a <= width + 1e-9:
                return judgement
        return Judgement.MISS


@dataclass(frozen=True)
class Verdict:
    """The outcome of one input or one expired cue.

    `phase` is "" for a cue judged once, "head" / "body" for the two judgements of a hold.
    `timed` says whether `offset` is a timing error (rolls, dodges and hold bodies are not).
    """

    judgement: Judgement | None  # None: a stray (no cue in reach)
    cue: Cue | None
    offset: float = 0.0          # input time - cue time, seconds (negative = early)
    action: str = ""
    at: float = 0.0              # when it was decided
    phase: str = ""
    timed: bool = True


@dataclass(frozen=True)
class Progress:
    """Something a span cue did that is not a judgement: a chord part, a hold taken up or
    ended, one more press of a roll."""

    kind: str          # "part" | "hold_start" | "hold_end" | "roll"
    cue: Cue
    at: float
    count: int = 0
    completed: bool = False


Outcome = Verdict | Progress


def _by_time(cues: Sequence[Cue], kinds: tuple[str, ...]) -> list[Cue]:
    return sorted((c for c in cues if c.kind in kinds), key=lambda c: c.time)


class CueJudge:
    """Judges every kind of cue with the tier's windows; a stage only chooses symbols.

    A press takes the nearest pressable cue (tap, chord, hold head); if that cue wants another
    action, a cue of the press's own action within the Great window takes it instead, else the
    nearest cue is a WRONG. A press inside a roll's span counts toward the roll; a press near
    an avoid cue (nearer than anything it could hit) is a HIT_BY. Chords wait for all their
    parts inside the reach and take the worst part's offset. A hold's head is judged like a
    tap and its body once more: HELD at the tail, or DROP when let go earlier than the reach
    before it (the head keeps its judgement). A release cue is judged on the key's lift.
    """

    def __init__(self, cues: Sequence[Cue], windows: HitWindows) -> None:
        self.windows = windows
        self.cues = _by_time(cues, ("tap", "chord", "hold"))
        self.judged = [False] * len(self.cues)
        self._first_open = 0
        self.avoids = _by_time(cues, ("avoid",))
        self._avoid_done = [False] * len(self.avoids)
        self._first_avoid = 0
        self.releases = _by_time(cues, ("release",))
        self._release_done = [False] * len(self.releases)
        self._first_release = 0
        self.rolls = _by_time(cues, ("roll",))
        self.roll_counts = [0] * len(self.rolls)
        self._roll_done = [False] * len(self.rolls)
        self._first_roll = 0
        self.partial: dict[int, dict[str, float]] = {}   # chord position -> part -> press time
        self.active: dict[int, float] = {}               # hold position -> head offset

    # -- presses ------------------------------------------------------------------------
    def press(self, action: str, t: float) -> list[Outcome]:
        """Judge a press of `action` at song time `t`."""
        roll = self._roll_for(action, t)
        near = self._nearest(action, t) if roll is not None else None
        tight = near is not None and action in self.cues[near[1]].parts and \
            near[0] <= self.windows.tight + 1e-9
        if roll is not None and not tight and (t <= self.rolls[roll].end_time or near is None):
            # a press tightly on a cue of its own belongs to that cue; past the span's end,
            # to any cue it can still hit
            self.roll_counts[roll] += 1
            return [Progress("roll", self.rolls[roll], t, self.roll_counts[roll])]
        for pos, parts in self.partial.items():
            cue = self.cues[pos]
            if action in cue.parts and action not in parts and \
                    abs(t - cue.time) <= self.windows.reach + 1e-9:
                parts[action] = t
                if len(parts) == len(cue.parts):
                    del self.partial[pos]
                    return self._land(pos, parts, action, t)
                return [Progress("part", cue, t, len(parts))]
        pick = self._nearest(action, t)
        avoid = self._avoid_for(action, t)
        if avoid is not None and (pick is None or
                                  abs(self.avoids[avoid].time - t) < pick[0]):
            self._avoid_done[avoid] = True
            cue = self.avoids[avoid]
            return [Verdict(Judgement.HIT_BY, cue, t - cue.time, action, t, timed=False)]
        if pick is None:
            return [Verdict(None, None, 0.0, action, t)]
        pos = pick[1]
        cue = self.cues[pos]
        if action not in cue.parts:
            self._close(pos)
            out: list[Outcome] = [Verdict(Judgement.WRONG, cue, t - cue.time, action, t,
                                          phase="head" if cue.kind == "hold" else "")]
            if cue.kind == "hold":
                out.append(Verdict(Judgement.DROP, cue, 0.0, action, t, "body", False))
            return out
        if len(cue.parts) > 1:
            self.partial[pos] = {action: t}
            return [Progress("part", cue, t, 1)]
        return self._land(pos, {action: t}, action, t)

    def judge(self, action: str, t: float) -> Verdict:
        """The first verdict of a press: what a tap cue makes of it (a press that only made
        progress on a chord or roll gives a verdict with no judgement)."""
        for o in self.press(action, t):
            if isinstance(o, Verdict):
                return o
        return Verdict(None, None, 0.0, action, t)

    def _land(self, pos: int, parts: dict[str, float], action: str, t: float) -> list[Outcome]:
        """A pressable cue has all its parts: judge it with the worst part's offset."""
        cue = self.cues[pos]
        self._close(pos)
        offset = max((p - cue.time for p in parts.values()), key=abs)
        judgement = self.windows.classify(offset)
        out: list[Outcome] = [Verdict(judgement, cue, offset, action, t,
                                      "head" if cue.kind == "hold" else "")]
        if cue.kind == "hold":
            self.active[pos] = offset
            out.append(Progress("hold_start", cue, t))
        return out

    def _close(self, pos: int) -> None:
        self.judged[pos] = True
        while self._first_open < len(self.cues) and self.judged[self._first_open]:
            self._first_open += 1

    def _nearest(self, action: str, t: float) -> tuple[float, int] | None:
        reach = self.windows.reach
        best_same: tuple[float, int] | None = None
        best_any: tuple[float, int] | None = None
        i = self._first_open
        while i < len(self.cues):
            cue = self.cues[i]
            if cue.time > t + reach:
                break
            d = abs(cue.time - t)
            if not self.judged[i] and i not in self.partial and d <= reach + 1e-9:
                if action in cue.parts and (best_same is None or d < best_same[0]):
                    best_same = (d, i)
                if best_any is None or d < best_any[0]:
                    best_any = (d, i)
            i += 1
        if best_same is not None and best_any is not None and best_same[1] != best_any[1]:
            # the nearest cue wants another action: this press is that cue's wrong hand,
            # unless a cue of its own action is tightly on time (a fast roll, both in reach)
            if best_same[0] <= self.windows.tight + 1e-9:
                return best_same
        return best_any

    def _avoid_for(self, action: str, t: float) -> int | None:
        tight = self.windows.tight
        best: tuple[float, int] | None = None
        for i in range(self._first_avoid, len(self.avoids)):
            cue = self.avoids[i]
            if cue.time > t + tight:
                break
            d = abs(cue.time - t)
            if not self._avoid_done[i] and action in cue.parts and d <= tight + 1e-9 and \
                    (best is None or d < best[0]):
                best = (d, i)
        return None if best is None else best[1]

    def _roll_for(self, action: str, t: float) -> int | None:
        reach, tight = self.windows.reach, self.windows.tight
        for i in range(self._first_roll, len(self.rolls)):
            cue = self.rolls[i]
            if cue.time - reach > t:
                break
            if not self._roll_done[i] and action in cue.parts and \
                    cue.time - reach <= t <= cue.end_time + tight:
                return i
        return None

    # -- releases -----------------------------------------------------------------------
    def release(self, action: str, t: float) -> list[Outcome]:
        """A key came up: it may end a hold (held or dropped) and take a release cue."""
        out: list[Outcome] = []
        reach = self.windows.reach
        for pos in [p for p in self.active if action in self.cues[p].parts]:
            cue = self.cues[pos]
            del self.active[pos]
            kept = t >= cue.end_time - reach - 1e-9
            out.append(Verdict(Judgement.HELD if kept else Judgement.DROP, cue, 0.0, action, t,
                               "body", False))
            out.append(Progress("hold_end", cue, t, completed=kept))
        best: tuple[float, int] | None = None
        for i in range(self._first_release, len(self.releases)):
            cue = self.releases[i]
            if cue.time > t + reach:
                break
            d = abs(cue.time - t)
            if not self._release_done[i] and action in cue.parts and d <= reach + 1e-9 and \
                    (best is None or d < best[0]):
                best = (d, i)
        if best is not None:
            cue = self.releases[best[1]]
            self._release_done[best[1]] = True
            out.append(Verdict(self.windows.classify(t - cue.time), cue, t - cue.time, action, t))
        return out

    # -- time ---------------------------------------------------------------------------
    def expire(self, t: float) -> list[Outcome]:
        """Everything time alone decides by `t`: cues left behind are misses (a chord missing
        a part too), holds reach their tails, avoids are dodged, rolls are counted."""
        out: list[Outcome] = []
        reach, tight = self.windows.reach, self.windows.tight
        i = self._first_open
        while i < len(self.cues) and self.cues[i].time + reach < t:
            if not self.judged[i]:
                cue = self.cues[i]
                at = cue.time + reach
                self.partial.pop(i, None)
                self.judged[i] = True
                out.append(Verdict(Judgement.MISS, cue, 0.0, "", at,
                                   "head" if cue.kind == "hold" else ""))
                if cue.kind == "hold":
                    out.append(Verdict(Judgement.DROP, cue, 0.0, "", at, "body", False))
            i += 1
        while self._first_open < len(self.cues) and self.judged[self._first_open]:
            self._first_open += 1
        for pos in sorted(self.active):
            cue = self.cues[pos]
            tail = cue.end_time + (reach if cue.lift else 0.0)
            if t >= tail:
                del self.active[pos]
                out.append(Verdict(Judgement.HELD, cue, 0.0, "", tail, "body", False))
                out.append(Progress("hold_end", cue, tail, completed=True))
        self._first_avoid = self._sweep(self.avoids, self._avoid_done, self._first_avoid,
                                        t, tight, Judgement.DODGE, out)
        self._first_release = self._sweep(self.releases, self._release_done,
                                          self._first_release, t, reach, Judgement.MISS, out)
        while self._first_roll < len(self.rolls) and \
                self.rolls[self._first_roll].end_time + tight < t:
            k = self._first_roll
            if not self._roll_done[k]:
                self._roll_done[k] = True
                cue = self.rolls[k]
                out.append(Verdict(self.roll_judgement(self.roll_counts[k], cue.target), cue,
                                   0.0, "", cue.end_time + tight, timed=False))
            self._first_roll += 1
        out.sort(key=lambda o: o.at)
        return out

    @staticmethod
    def _sweep(cues: list[Cue], done: list[bool], first: int, t: float, width: float,
               judgement: Judgement, out: list[Outcome]) -> int:
        while first < len(cues) and cues[first].time + width < t:
            if not done[first]:
                done[first] = True
                cue = cues[first]
                out.append(Verdict(judgement, cue, 0.0, "", cue.time + width, timed=False))
            first += 1
        return first

    @staticmethod
    def roll_judgement(count: int, target: int) -> Judgement:
        share = count / max(1, target)
        for at_least, judgement in ROLL_GRADES:
            if share >= at_least - 1e-9:
                return judgement
        return Judgement.MISS

    # -- looking ahead ------------------------------------------------------------------
    def next_open(self, t: float) -> Cue | None:
        """The next pressable cue still to be hit at or after t - reach (bot and views)."""
        for i in range(self._first_open, len(self.cues)):
            if not self.judged[i] and self.cues[i].time + self.windows.reach >= t:
                return self.cues[i]
        return None

    @property
    def settled(self) -> bool:
        """Nothing is left to judge."""
        return (self._first_open >= len(self.cues) and not self.active
                and self._first_avoid >= len(self.avoids)
                and self._first_release >= len(self.releases)
                and self._first_roll >= len(self.rolls))


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

    def record(self, judgement: Judgement, offset: float = 0.0, accent: bool = False,
               timed: bool = True) -> None:
        self.counts[judgement.value] += 1
        base = POINTS[judgement]
        self.points += base
        if judgement.is_hit:
            self.combo += 1
            self.max_combo = max(self.max_combo, self.combo)
            if timed:
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
        """Percent of the best possible, each judgement weighted by ACCURACY_WEIGHTS."""
        n = self.judged
        if not n:
            return 100.0
        got = sum(ACCURACY_WEIGHTS[Judgement(k)] * v for k, v in self.counts.items())
        return 100.0 * got / n

    @property
    def misses(self) -> int:
        return sum(self.counts[j.value] for j in Judgement if not j.is_hit)

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
