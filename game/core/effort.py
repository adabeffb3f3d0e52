"""The workout inside a play: seconds worked and rested, and the moves done, per stage.

Pure. A move is one punch, step or rep, whatever the stage's `count_noun` says: a cue the
player did in time (a hit, or a wrong hand at the right moment: the arm still moved). A
hold's body, a judged lift and a dodge are parts of a move already counted or no move at
all; a roll counts the presses it asks for.

Energy is an estimate and is said as one: net kcal = (MET - 1) x kg x hours, over the
seconds worked only, with the MET taken MET_BAND either side of the Compendium's value (a
Compendium MET is the mean for a standard adult; people differ) and the share of the work
actually done running from the moves done to all of it. Rests count nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from game.core.level import Cue, Level

MET_BAND = 0.2               # the MET taken 20 % either side of the Compendium's value
WEIGHT_RANGE_KG = (25.0, 300.0)
_CODE = re.compile(r"\((\d{5})\)\s*$")


def moves_in(cue: Cue) -> int:
    """How many moves a cue asks for (0 for lifts and dodges: no extra move)."""
    if cue.kind in ("release", "avoid"):
        return 0
    if cue.kind == "roll":
        return max(1, cue.target)
    return 1


def counts_as_done(judgement: str, phase: str) -> bool:
    """A timed press that moved the body: hits and wrong hands, not a hold's body."""
    return phase != "body" and judgement in ("perfect", "great", "good", "wrong")


def compendium_code(activity: str) -> str:
    """'Boxing, punching bag (15110)' -> '15110' ('' when the words carry no code)."""
    m = _CODE.search(activity)
    return m.group(1) if m else ""


def valid_weight(kg: object) -> float | None:
    """A body weight the estimate can use, or None (unset, nonsense or out of range)."""
    if isinstance(kg, bool) or not isinstance(kg, int | float):
        return None
    lo, hi = WEIGHT_RANGE_KG
    return float(kg) if lo <= kg <= hi else None


def net_kcal(met: float, kg: float, seconds: float) -> float:
    """(MET - 1) x kg x hours: the energy above sitting still."""
    return max(0.0, met - 1.0) * kg * seconds / 3600.0


def kcal_range(met: float, kg: float, work_s: float, done_share: float = 1.0
               ) -> tuple[float, float]:
    """(low, high) net kcal for `work_s` seconds at a Compendium MET: the low end takes the
    MET MET_BAND lower and only the share of the work done, the high end the MET MET_BAND
    higher and all of it."""
    share = min(1.0, max(0.0, done_share))
    low = net_kcal(met * (1 - MET_BAND), kg, work_s * share)
    high = net_kcal(met * (1 + MET_BAND), kg, work_s)
    return low, high


@dataclass(frozen=True)
class StageEffort:
    stage: str
    work_s: float
    rest_s: float
    moves: int          # done
    owed: int           # asked for

    @property
    def done_share(self) -> float:
        return self.moves / self.owed if self.owed else 1.0

    def to_json(self) -> dict:
        return {"work_s": round(self.work_s, 1), "rest_s": round(self.rest_s, 1),
                "count": self.moves, "of": self.owed}


def interval_seconds(level: Level, since: float | None = None
                     ) -> dict[str, tuple[float, float]]:
    """Per stage, (work, rest) seconds of the level's intervals from `since` on (a practice
    run started further in owes nothing before it)."""
    out: dict[str, list[float]] = {}
    for i, iv in enumerate(level.intervals):
        a, b = level.interval_times(i)
        if since is not None:
            a = max(a, since)
        if b <= a:
            continue
        slot = out.setdefault(level.stage_of(i), [0.0, 0.0])
        slot[0 if iv.is_work else 1] += b - a
    return {k: (v[0], v[1]) for k, v in out.items()}


def play_effort(level: Level, cues: Iterable[Cue], done: Mapping[str, int],
                since: float | None = None) -> dict[str, StageEffort]:
    """Each stage's effort in one play: its seconds, and its moves done of those owed."""
    owed: dict[str, int] = {}
    for c in cues:
        name = c.stage or level.stage
        owed[name] = owed.get(name, 0) + moves_in(c)
    secs = interval_seconds(level, since)
    names = list(dict.fromkeys([*secs, *owed]))
    return {n: StageEffort(n, secs.get(n, (0.0, 0.0))[0], secs.get(n, (0.0, 0.0))[1],
                           int(done.get(n, 0)), owed.get(n, 0)) for n in names}


def interval_effort(level: Level, cues: Iterable[Cue], done: Mapping[int, int],
                    since: float | None = None) -> list[list]:
    """Per interval played: [kind, seconds, moves done, moves asked] (what the results'
    timeline draws: where the work faded)."""
    owed: dict[int, int] = {}
    for c in cues:
        owed[c.interval] = owed.get(c.interval, 0) + moves_in(c)
    out = []
    for i, iv in enumerate(level.intervals):
        a, b = level.interval_times(i)
        if since is not None:
            a = max(a, since)
        if b > a:
            out.append([iv.kind, round(b - a, 2), int(done.get(i, 0)), owed.get(i, 0)])
    return out


def effort_json(per_stage: Mapping[str, StageEffort],
                intervals: list[list] | None = None) -> dict:
    """The `effort` object of a play's summary; the stored attempt keeps it without
    `intervals` (see game.progress.attempt)."""
    out: dict = {"work_s": round(sum(e.work_s for e in per_stage.values()), 1),
                 "rest_s": round(sum(e.rest_s for e in per_stage.values()), 1),
                 "stages": {n: e.to_json() for n, e in per_stage.items()}}
    if intervals is not None:
        out["intervals"] = intervals
    return out
