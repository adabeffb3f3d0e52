"""River Run rules: the long endurance run along the river; hold the stride, breathe.

`l`/`r` are running steps; `b` is the breath, written as a hold (`b=======` a long exhale
over a bar, `b==^` one whose end is judged too). The core judges every kind; the rules
count the ground covered (clean steps x a step length: the outcome's distance), how many
breaths were let out to the end, and how steady the stride was: the spread of the feet's
timing, which is what an endurance runner holds on to.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from game.core.events import Drop, GameEvent, Held, Hit, HoldStarted, Miss
from game.core.level import Cue, Level
from game.core.stage import RulesContext, StageRules, Symbol

FEET = ("left", "right")
ACTIONS = (*FEET, "breath")
STEP_M = 1.2          # metres a running step covers at a steady endurance pace
FULL_PACE = 16        # clean steps in a row for a settled stride

SYMBOLS = {
    "l": Symbol("left", doc="left foot"),
    "r": Symbol("right", doc="right foot"),
    "b": Symbol("breath", doc="the breath: write it as a hold, `b=======` to breathe out "
                              "for a bar (`b==^` judges the end of the breath too)"),
}


@dataclass(frozen=True)
class Stride(GameEvent):
    """A foot cue resolved: the distance after it, and whether the runner stumbled."""

    cue: Cue
    distance_m: float
    pace: int
    stumbled: bool


@dataclass(frozen=True)
class Breath(GameEvent):
    """A breath cue resolved: let out to its end (`held`) or cut short / not taken."""

    cue: Cue
    held: bool


@dataclass
class RiverState:
    strides: int = 0
    stumbles: int = 0
    pace: int = 0
    best_pace: int = 0
    breaths: int = 0            # breaths let out to the end
    breaths_of: int = 0         # breath cues in the level
    exhale_from: float = -1.0   # song time the current breath began (-1: not breathing out)
    exhale_to: float = -1.0
    offsets: list[float] | None = None   # clean steps' timing offsets (s)

    @property
    def distance_m(self) -> float:
        return self.strides * STEP_M

    @property
    def pace_level(self) -> float:
        return min(1.0, self.pace / FULL_PACE)

    def spread_ms(self) -> float:
        """Standard deviation of the steps' timing: how steady the stride was held."""
        xs = self.offsets or []
        if len(xs) < 2:
            return 0.0
        mean = sum(xs) / len(xs)
        return 1000.0 * math.sqrt(sum((x - mean) ** 2 for x in xs) / (len(xs) - 1))


@dataclass(frozen=True)
class RiverSnapshot:
    strides: int
    distance_m: float
    pace_level: float
    exhale_from: float
    exhale_to: float
    breaths: int


class RiverRunRules(StageRules):
    def new_state(self, level: Level, cues: tuple[Cue, ...]) -> RiverState:
        breaths = sum(c.action == "breath" and c.kind == "hold" for c in cues)
        return RiverState(breaths_of=breaths, offsets=[])

    def react(self, ctx: RulesContext, st: RiverState, event: GameEvent) -> list[GameEvent]:
        if isinstance(event, HoldStarted) and event.cue.action == "breath":
            st.exhale_from, st.exhale_to = event.time, event.cue.end_time
            return []
        if not isinstance(event, (Hit, Miss)) or event.cue.kind in ("release", "avoid"):
            return []
        if event.cue.action == "breath":
            return self._breath(st, event)
        if event.phase == "body":
            return []
        return [self._stride(st, event)]

    @staticmethod
    def _breath(st: RiverState, event: Hit | Miss) -> list[GameEvent]:
        """A breath's body ends held or dropped (a head never taken ends dropped too)."""
        if event.cue.kind != "hold" or not isinstance(event, (Held, Drop)):
            return []
        st.exhale_from = st.exhale_to = -1.0
        held = isinstance(event, Held)
        st.breaths += held
        return [Breath(event.time, event.cue, held)]

    @staticmethod
    def _stride(st: RiverState, event: Hit | Miss) -> Stride:
        if isinstance(event, Hit):
            st.strides += 1
            st.pace += 1
            st.best_pace = max(st.best_pace, st.pace)
            if st.offsets is not None:
                st.offsets.append(event.offset)
        else:
            st.stumbles += 1
            st.pace = 0
        return Stride(event.time, event.cue, round(st.distance_m, 1), st.pace,
                      isinstance(event, Miss))

    def snapshot(self, st: RiverState) -> RiverSnapshot:
        return RiverSnapshot(st.strides, round(st.distance_m, 1), st.pace_level,
                             st.exhale_from, st.exhale_to, st.breaths)

    def outcome(self, st: RiverState) -> dict:
        return {"distance_m": round(st.distance_m, 1), "strides": st.strides,
                "breaths": st.breaths, "breaths_of": st.breaths_of,
                "stumbles": st.stumbles, "best_pace": st.best_pace,
                "stride_spread_ms": round(st.spread_ms(), 1)}


RULES = RiverRunRules()
