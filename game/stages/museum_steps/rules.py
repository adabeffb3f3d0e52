"""Museum Steps rules: 72 stone steps, one foot per beat, arms up for a bar at the top.

'L'/'R' are stair steps: a clean one climbs a step; a wrong foot or a missed beat is a
stumble that slips you back a step and breaks your pace. 'l'/'r' are strides on the flat
(jogging at the foot of the steps): a stumble there only costs pace. 'H' is the summit: both
arms (both keys) raised on its beat and held for a full bar, a chord hold the core judges
(the raise like a tap, the hold once more when it ends). The summit (the city below, the
crowd) belongs only to a climber who is on the top step when the hold is held through.
"""

from __future__ import annotations

from dataclasses import dataclass

from game.core.events import Drop, Fanfare, GameEvent, Held, Hit, Miss
from game.core.level import Cue, Level
from game.core.stage import RulesContext, StageRules, Symbol

STAIRS = 72
STAIR_SYMBOLS = frozenset("LR")
ARMS = ("left", "right")
FULL_PACE = 8     # clean strides in a row for full pace

SYMBOLS = {
    "L": Symbol("left", doc="left foot up a step"),
    "R": Symbol("right", doc="right foot up a step"),
    "l": Symbol("left", doc="left foot, a stride on the flat (no step climbed)"),
    "r": Symbol("right", doc="right foot, a stride on the flat (no step climbed)"),
    "H": Symbol("left", kind="hold", bars=1, actions=ARMS,
                doc="both arms up: hold both keys from this beat for a full bar"),
}


@dataclass(frozen=True)
class Stride(GameEvent):
    """A foot cue resolved: the climb after it, and whether it was a stumble."""

    cue: Cue
    steps: int
    pace: int
    stumbled: bool


@dataclass
class StepsState:
    top: int = STAIRS       # the top step: the level's `stairs`, or fewer stair cues
    steps: int = 0          # stairs climbed, 0..top
    pace: int = 0           # clean strides since the last stumble
    best_pace: int = 0
    stumbles: int = 0
    strides: int = 0        # clean foot strikes (the workout's steps)
    summit: bool = False    # the summit hold was held through, on the top step
    summit_done: bool = False

    @property
    def pace_level(self) -> float:
        """0..1: how much running rhythm the climber has built up."""
        return min(1.0, self.pace / FULL_PACE)


@dataclass(frozen=True)
class StepsSnapshot:
    top: int
    steps: int
    pace_level: float
    summit: bool
    summit_done: bool


class MuseumStepsRules(StageRules):
    def new_state(self, level: Level, cues: tuple[Cue, ...]) -> StepsState:
        stairs = int(level.options.get("stairs", STAIRS))
        top = min(stairs, sum(c.symbol in STAIR_SYMBOLS for c in cues))
        return StepsState(top=top)

    def react(self, ctx: RulesContext, st: StepsState, event: GameEvent) -> list[GameEvent]:
        if isinstance(event, (Held, Drop)) and event.cue.kind == "hold":
            st.summit_done = True
            st.summit = isinstance(event, Held) and st.steps >= st.top
            return [Fanfare(event.time, "arms up over the city")] if st.summit else []
        if isinstance(event, (Hit, Miss)) and event.cue.kind == "tap":
            return [self._stride(st, event.cue, isinstance(event, Hit), event.time)]
        return []

    def snapshot(self, st: StepsState) -> StepsSnapshot:
        return StepsSnapshot(st.top, st.steps, st.pace_level, st.summit, st.summit_done)

    def outcome(self, st: StepsState) -> dict:
        return {"steps": st.steps, "top": st.top, "summit": st.summit,
                "stumbles": st.stumbles, "strides": st.strides}

    @staticmethod
    def _stride(st: StepsState, cue: Cue, clean: bool, t: float) -> Stride:
        stair = cue.symbol in STAIR_SYMBOLS
        if clean:
            st.pace += 1
            st.strides += 1
            st.best_pace = max(st.best_pace, st.pace)
            if stair:
                st.steps = min(st.top, st.steps + 1)
        else:
            st.stumbles += 1
            st.pace = 0
            if stair:
                st.steps = max(0, st.steps - 1)
        return Stride(t, cue, st.steps, st.pace, not clean)


RULES = MuseumStepsRules()
