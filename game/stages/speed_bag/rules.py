"""Speed Bag rules: left and right fists alternate on the beat; rolls, triplets, accents.

Everything here is the core's judging; the stage only names its symbols and counts the
punches it landed for the workout.
"""

from __future__ import annotations

from dataclasses import dataclass

from game.core.events import GameEvent, Hit
from game.core.stage import RulesContext, StageRules, Symbol

SYMBOLS = {
    "l": Symbol("left", doc="left fist"),
    "r": Symbol("right", doc="right fist"),
    "L": Symbol("left", accent=True, doc="left fist, accented (hit it hard)"),
    "R": Symbol("right", accent=True, doc="right fist, accented (hit it hard)"),
}


@dataclass
class BagState:
    punches: int = 0


@dataclass(frozen=True)
class BagSnapshot:
    punches: int


class SpeedBagRules(StageRules):
    def new_state(self, level, cues) -> BagState:
        return BagState()

    def react(self, ctx: RulesContext, state: BagState, event: GameEvent) -> list[GameEvent]:
        if isinstance(event, Hit):
            state.punches += 1
        return []

    def snapshot(self, state: BagState) -> BagSnapshot:
        return BagSnapshot(state.punches)

    def outcome(self, state: BagState) -> dict:
        return {"punches": state.punches}


RULES = SpeedBagRules()
