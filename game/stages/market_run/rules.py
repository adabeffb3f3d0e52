"""Market Run rules: a charge down the market street, three lanes between the stands.

`l`/`r` are footfalls on the cobbles. `u` swerves a lane up the street (away from the
camera) and `d` a lane down, each just ahead of a crate stack, a cart or a dropped basket
in the lane being left: on time is a dodge, late is a crash (the runner barges through and
comes out in the new lane, so the street ahead still lines up). `!u` / `!d` are the avoid
cues: a vendor's cart is rolling through the lane above (below) right then; stay in your
lane, and a swerve into it is a crash. The runner starts in the middle lane.
"""

from __future__ import annotations

from dataclasses import dataclass

from game.core.events import Dodge, GameEvent, Hit, HitBy, Miss
from game.core.level import Cue, Level
from game.core.stage import RulesContext, StageRules, Symbol

FEET = ("left", "right")
MOVES = ("up", "down")
ACTIONS = FEET + MOVES
LANES = 3
START_LANE = 1          # 0 is nearest the camera
STRIDE_M = 1.7
STUMBLE_M = 0.8

SYMBOLS = {
    "l": Symbol("left", doc="left foot lands"),
    "r": Symbol("right", doc="right foot lands"),
    "u": Symbol("up", doc="swerve a lane up the street (away from you), round what is ahead"),
    "d": Symbol("down", doc="swerve a lane down the street (toward you), round what is ahead"),
}


def step_of(cue: Cue) -> int:
    """+1 for a swerve up, -1 down, 0 for anything else (an avoid moves nobody)."""
    if cue.kind != "tap":
        return 0
    return {"up": 1, "down": -1}.get(cue.action, 0)


def plan_lanes(cues: tuple[Cue, ...] | list[Cue]) -> dict[int, tuple[int, int]]:
    """Cue index -> (lane before, lane after) for every swerve and avoid, following the
    pattern from the middle lane (a swerve off the street's edge stays put)."""
    lane = START_LANE
    out: dict[int, tuple[int, int]] = {}
    for c in sorted(cues, key=lambda c: c.time):
        if c.action not in MOVES:
            continue
        after = min(LANES - 1, max(0, lane + step_of(c)))
        out[c.index] = (lane, after)
        lane = after
    return out


@dataclass(frozen=True)
class Swerve(GameEvent):
    """A swerve cue resolved: the runner is in `lane` now; crashed if it was late."""

    cue: Cue
    lane_from: int
    lane: int
    crashed: bool


@dataclass(frozen=True)
class Bump(GameEvent):
    """The runner swerved into a passing cart (an avoid cue pressed), or stayed clear."""

    cue: Cue
    lane: int          # the lane the cart was in
    crashed: bool


@dataclass(frozen=True)
class Stride(GameEvent):
    cue: Cue
    stumbled: bool
    distance: float


@dataclass
class MarketState:
    plan: dict[int, tuple[int, int]]
    lane: int = START_LANE
    dodges: int = 0         # swerves made on time and carts let by
    crashes: int = 0
    swerves: int = 0
    strides: int = 0
    stumbles: int = 0
    distance: float = 0.0


@dataclass(frozen=True)
class MarketSnapshot:
    lane: int
    dodges: int
    crashes: int
    distance: float


class MarketRunRules(StageRules):
    def new_state(self, level: Level, cues: tuple[Cue, ...]) -> MarketState:
        plan = plan_lanes(cues)
        first = min((c for c in cues if c.index in plan), key=lambda c: c.time, default=None)
        return MarketState(plan=plan, lane=plan[first.index][0] if first else START_LANE)

    def react(self, ctx: RulesContext, st: MarketState, event: GameEvent) -> list[GameEvent]:
        if not isinstance(event, (Hit, Miss)):
            return []
        cue = event.cue
        if cue.kind == "avoid":
            before, _after = st.plan.get(cue.index, (st.lane, st.lane))
            lane = min(LANES - 1, max(0, before + (1 if cue.action == "up" else -1)))
            crashed = isinstance(event, HitBy)
            if crashed:
                st.crashes += 1
            elif isinstance(event, Dodge):
                st.dodges += 1
            return [Bump(event.time, cue, lane, crashed)]
        if cue.action in MOVES:
            before, after = st.plan.get(cue.index, (st.lane, st.lane))
            clean = isinstance(event, Hit)
            st.lane = after
            if clean:
                st.dodges += 1
                st.swerves += 1
            else:
                st.crashes += 1
            return [Swerve(event.time, cue, before, after, not clean)]
        clean = isinstance(event, Hit)
        if clean:
            st.strides += 1
            st.distance += STRIDE_M
        else:
            st.stumbles += 1
            st.distance += STUMBLE_M
        return [Stride(event.time, cue, not clean, st.distance)]

    def snapshot(self, st: MarketState) -> MarketSnapshot:
        return MarketSnapshot(st.lane, st.dodges, st.crashes, st.distance)

    def outcome(self, st: MarketState) -> dict:
        return {"distance": round(st.distance, 1), "dodges": st.dodges,
                "crashes": st.crashes, "swerves": st.swerves, "strides": st.strides,
                "stumbles": st.stumbles}


RULES = MarketRunRules()
