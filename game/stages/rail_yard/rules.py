"""Rail Yard rules: a foot on every beat down the empty tracks, a brick in each hand.

`l`/`r` are footfalls on the ballast. The coach calls the lifts a bar ahead: `[ab]` presses
both bricks overhead at once (a chord), `a`/`b` one brick; `H` presses both up and holds
them there for two beats while the feet keep going (`W` for a whole bar), a chord hold the
core judges. The rules count what the run is made of (metres, strides, bricks lifted) and
build the run's power: clean strides and lifts raise it, a stumble knocks it back.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

from game.core.events import Call, Drop, GameEvent, Held, Hit, Miss
from game.core.level import Cue, Level
from game.core.stage import RulesContext, StageRules, Symbol

FEET = ("left", "right")
BRICKS = ("left_brick", "right_brick")
ACTIONS = FEET + BRICKS
STRIDE_M = 1.6          # metres a clean stride covers
STUMBLE_M = 0.7         # a stumbled one
POWER_STRIDE = 0.015
POWER_LIFT = 0.07
POWER_KEEP = 0.6        # what a stumble leaves of the power

SYMBOLS = {
    "l": Symbol("left", doc="left foot lands"),
    "r": Symbol("right", doc="right foot lands"),
    "a": Symbol("left_brick", doc="left brick up (write [ab] for both at once)"),
    "b": Symbol("right_brick", doc="right brick up"),
    "H": Symbol("left_brick", kind="hold", beats=2, actions=BRICKS,
                doc="both bricks pressed up and held two beats, the feet running on"),
    "W": Symbol("left_brick", kind="hold", bars=1, actions=BRICKS,
                doc="both bricks pressed up and held a whole bar, the feet running on"),
}


def is_lift(cue: Cue) -> bool:
    return any(a in BRICKS for a in cue.parts) and cue.kind != "release"


def call_for(cue: Cue) -> str:
    """What the coach shouts a bar before a lift."""
    if cue.kind == "hold":
        return "PRESS AND HOLD!"
    if len(cue.parts) > 1:
        return "BRICKS UP!"
    return "LEFT BRICK!" if cue.action == "left_brick" else "RIGHT BRICK!"


@dataclass(frozen=True)
class Footfall(GameEvent):
    """A foot cue resolved: clean, or a stumble on the sleepers."""

    cue: Cue
    stumbled: bool
    distance: float
    power: float


@dataclass(frozen=True)
class Lift(GameEvent):
    """A called lift resolved: the bricks went up (and stayed up, for a hold) or not."""

    cue: Cue
    made: bool
    bricks: int
    power: float


@dataclass
class RailYardState:
    calls: tuple[tuple[float, str], ...] = ()
    call_times: tuple[float, ...] = ()
    next_call: int = -1         # -1 until the first advance skips calls before the start
    strides: int = 0
    stumbles: int = 0
    distance: float = 0.0
    bricks: int = 0             # bricks raised overhead (a two-handed lift is two)
    lifts_made: int = 0
    lifts_missed: int = 0
    lifts_called: int = 0
    power: float = 0.0          # 0..1: the run's building power
    held_up: set[int] = field(default_factory=set)   # holds whose head went up


@dataclass(frozen=True)
class RailYardSnapshot:
    power: float
    distance: float
    bricks: int
    strides: int


def lift_calls(level: Level, cues: tuple[Cue, ...]) -> tuple[tuple[float, str], ...]:
    """A call one bar before each lift, never two within a bar (the first one speaks)."""
    out: list[tuple[float, str]] = []
    for c in cues:
        if not is_lift(c):
            continue
        bar = 60.0 / level.tempo_map.bpm_at_time(c.time) * level.beats_per_bar
        at = c.time - bar
        if out and at < out[-1][0] + bar - 1e-6:
            continue
        out.append((at, call_for(c)))
    return tuple(out)


class RailYardRules(StageRules):
    def new_state(self, level: Level, cues: tuple[Cue, ...]) -> RailYardState:
        calls = lift_calls(level, cues)
        return RailYardState(calls=calls, call_times=tuple(t for t, _ in calls),
                             lifts_called=sum(is_lift(c) for c in cues))

    def advance(self, ctx: RulesContext, st: RailYardState, t: float) -> list[GameEvent]:
        if st.next_call < 0:        # practice from an interval: earlier calls are gone
            st.next_call = bisect_right(st.call_times, ctx.start_time - 1e-9)
        out: list[GameEvent] = []
        while st.next_call < len(st.calls) and st.calls[st.next_call][0] <= t:
            at, text = st.calls[st.next_call]
            out.append(Call(at, text))
            st.next_call += 1
        return out

    def react(self, ctx: RulesContext, st: RailYardState, event: GameEvent) -> list[GameEvent]:
        if not isinstance(event, (Hit, Miss)):
            return []
        cue = event.cue
        if cue.kind == "release" or cue.kind == "avoid":
            return []
        if not is_lift(cue):
            return [self._footfall(st, cue, isinstance(event, Hit), event.time)]
        if cue.kind == "hold":
            if event.phase == "head":
                if isinstance(event, Hit):
                    st.held_up.add(cue.index)
                    return []
                return [self._lift(st, cue, False, event.time)]
            if isinstance(event, Held):
                return [self._lift(st, cue, True, event.time)]
            if isinstance(event, Drop) and cue.index in st.held_up:
                return [self._lift(st, cue, False, event.time)]   # the bricks came down early
            return []
        return [self._lift(st, cue, isinstance(event, Hit), event.time)]

    def snapshot(self, st: RailYardState) -> RailYardSnapshot:
        return RailYardSnapshot(st.power, st.distance, st.bricks, st.strides)

    def outcome(self, st: RailYardState) -> dict:
        return {"distance": round(st.distance, 1), "bricks": st.bricks,
                "lifts_made": st.lifts_made, "lifts_called": st.lifts_called,
                "strides": st.strides, "stumbles": st.stumbles,
                "power": round(st.power * 100)}

    @staticmethod
    def _footfall(st: RailYardState, cue: Cue, clean: bool, t: float) -> Footfall:
        if clean:
            st.strides += 1
            st.distance += STRIDE_M
            st.power = min(1.0, st.power + POWER_STRIDE)
        else:
            st.stumbles += 1
            st.distance += STUMBLE_M
            st.power *= POWER_KEEP
        return Footfall(t, cue, not clean, st.distance, st.power)

    @staticmethod
    def _lift(st: RailYardState, cue: Cue, made: bool, t: float) -> Lift:
        bricks = len(cue.parts) if made else 0
        if made:
            st.lifts_made += 1
            st.bricks += bricks
            st.power = min(1.0, st.power + POWER_LIFT * bricks / 2)
        else:
            st.lifts_missed += 1
        return Lift(t, cue, made, bricks, st.power)


RULES = RailYardRules()
