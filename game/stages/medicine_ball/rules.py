"""Medicine Ball rules: on the ring apron, brace both hands as the ball lands, breathe out.

A brace is a chord hold with a judged lift, `[lr]==^`: both keys down as the partner drives
the ball into the abdomen (the head, on the impact), held through it, let go on the exhale
(the lift). The partner's wind-up is the clock: it starts `windup` seconds before each
impact, longer after a long breather and shorter when the balls come quick, so the player
reads the lift of the ball, not a steady count. A brace missed or dropped leaves the
fighter winded (a `Winded` event: the view shakes, the fighter folds). The core judges the
brace, the hold and the exhale; the rules add the wind-ups and count braced hits.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from game.core.events import Drop, GameEvent, Held, Hit, Miss
from game.core.level import Cue, Level
from game.core.stage import RulesContext, StageRules, Symbol

HANDS = ("left", "right")
MIN_WINDUP, MAX_WINDUP = 1.0, 3.0     # beats of wind-up, by the gap before the impact

SYMBOLS = {
    "l": Symbol("left", doc="left hand: brace it with the right, [lr]==^"),
    "r": Symbol("right", doc="right hand: brace it with the left, [lr]==^"),
}


@dataclass(frozen=True)
class Throw:
    """One ball: the brace cue it meets, when the wind-up starts, when it lands."""

    brace: int          # the brace cue's index
    windup_start: float
    impact: float
    exhale: float       # the end of the brace (its lift)

    @property
    def windup(self) -> float:
        return self.impact - self.windup_start


@dataclass(frozen=True)
class WindUp(GameEvent):
    """The partner lifts the ball: it lands on the brace cue `length` seconds later."""

    brace: int
    impact: float
    length: float


@dataclass(frozen=True)
class Winded(GameEvent):
    """The ball landed on a fighter who was not braced, or who let the brace go early."""

    brace: int


def throws_for(level: Level, cues: tuple[Cue, ...] | list[Cue]) -> tuple[Throw, ...]:
    """A throw for every brace, its wind-up as long as the gap before it allows."""
    tm = level.tempo_map
    out: list[Throw] = []
    last_end: dict[int, float] = {}         # interval -> beat the previous brace ended
    for c in cues:
        if c.kind != "hold":
            continue
        iv = level.intervals[c.interval]
        since = last_end.get(c.interval, iv.start_beat - 2 * MAX_WINDUP)   # a full first one
        gap = c.beat - since
        beats = max(MIN_WINDUP, min(MAX_WINDUP, 0.5 * gap))   # he catches it, then lifts
        out.append(Throw(c.index, tm.time_at(c.beat - beats), c.time, c.end_time))
        last_end[c.interval] = c.end_beat
    return tuple(out)


@dataclass
class BallState:
    throws: tuple[Throw, ...] = ()
    next_windup: int = 0
    braced: int = 0            # balls taken on a brace held through to the exhale
    winded: int = 0
    exhales: int = 0           # exhales on time
    failed: set[int] = field(default_factory=set)
    last_winded: float = -1e9
    skipped_past: bool = False


@dataclass(frozen=True)
class BallSnapshot:
    throws: tuple[Throw, ...]
    braced: int
    winded: int
    last_winded: float


class MedicineBallRules(StageRules):
    def new_state(self, level: Level, cues: tuple[Cue, ...]) -> BallState:
        return BallState(throws=throws_for(level, cues))

    def react(self, ctx: RulesContext, st: BallState, event: GameEvent) -> list[GameEvent]:
        cue = getattr(event, "cue", None)
        if cue is None:
            return []
        if cue.kind == "release":
            st.exhales += isinstance(event, Hit)
            return []
        if cue.kind != "hold":
            return []
        if isinstance(event, Held):
            st.braced += 1
        elif isinstance(event, (Drop, Miss)) and cue.index not in st.failed:
            st.failed.add(cue.index)
            st.winded += 1
            st.last_winded = max(event.time, cue.time)
            return [Winded(st.last_winded, cue.index)]
        return []

    def advance(self, ctx: RulesContext, st: BallState, t: float) -> list[GameEvent]:
        if not st.skipped_past:
            # a run started mid-level sees only the wind-ups still to come
            while st.next_windup < len(st.throws) and \
                    st.throws[st.next_windup].windup_start < ctx.start_time - 1e-9:
                st.next_windup += 1
            st.skipped_past = True
        events: list[GameEvent] = []
        while st.next_windup < len(st.throws) and st.throws[st.next_windup].windup_start <= t:
            th = st.throws[st.next_windup]
            events.append(WindUp(th.windup_start, th.brace, th.impact, th.windup))
            st.next_windup += 1
        return events

    def snapshot(self, st: BallState) -> BallSnapshot:
        return BallSnapshot(st.throws, st.braced, st.winded, st.last_winded)

    def outcome(self, st: BallState) -> dict:
        return {"braced": st.braced, "balls": len(st.throws), "winded": st.winded,
                "exhales": st.exhales}


RULES = MedicineBallRules()
