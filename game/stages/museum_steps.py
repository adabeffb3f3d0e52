"""Museum Steps rules: 72 stone steps, one foot per beat, arms up for a bar at the top.

'L'/'R' are stair steps: a clean one climbs a step; a wrong foot or a missed beat is a
stumble that slips you back a step and breaks your pace. 'l'/'r' are strides on the flat
(jogging at the foot of the steps): a stumble there only costs pace. 'H' is the summit: both
arms (both keys) raised on its beat and held for a full bar. The hold is judged once, when it
ends: the raise's timing if it was held through, a miss if it was dropped or never made.
The summit (the city below, the crowd) belongs only to a climber who is on the top step
when the hold ends: stumbles that leave you short keep the top ahead of you.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from game.core.events import GameEvent, HoldEnded, HoldStarted
from game.core.judge import Judgement, Verdict
from game.core.level import Cue
from game.core.stage import StageRules, Symbol

if TYPE_CHECKING:
    from game.core.session import PlaySession

STAIRS = 72
STAIR_SYMBOLS = frozenset("LR")
ARMS = ("left", "right")
HOLD_LEAD = 0.4   # s before a hold in which foot keys belong to the hold (no stray, no step)
FULL_PACE = 8     # clean strides in a row for full pace


@dataclass(frozen=True)
class Stride(GameEvent):
    """A foot cue resolved: the climb after it, and whether it was a stumble."""

    cue: Cue
    steps: int
    pace: int
    stumbled: bool


@dataclass
class HoldProgress:
    cue: Cue
    engaged_at: float | None = None   # when both arms went up inside the window
    done: bool = False


@dataclass
class StepsState:
    steps: int = 0          # stairs climbed, 0..STAIRS
    pace: int = 0           # clean strides since the last stumble
    best_pace: int = 0
    stumbles: int = 0
    summit: bool = False    # the summit hold was held through, on the top step
    top: int = STAIRS       # the top step: 72, or fewer when a level has fewer stairs
    handled: set[int] = field(default_factory=set)   # foot cues resolved by a press
    taps: list[Cue] = field(default_factory=list)
    holds: list[HoldProgress] = field(default_factory=list)
    next_tap: int = 0
    ready: bool = False

    @property
    def pace_level(self) -> float:
        """0..1: how much running rhythm the climber has built up."""
        return min(1.0, self.pace / FULL_PACE)

    def hold_for(self, t: float) -> HoldProgress | None:
        """The unfinished hold whose arms-up zone contains t."""
        for h in self.holds:
            if not h.done and h.cue.time - HOLD_LEAD <= t <= h.cue.end_time:
                return h
        return None


class MuseumStepsRules(StageRules):
    name = "museum_steps"
    title = "Museum Steps"
    blurb = "Seventy-two steps at dawn, a foot on every beat. Arms up at the top."
    actions = ARMS
    action_labels = {"left": "Left foot", "right": "Right foot"}
    symbols = {
        "L": Symbol("left", doc="left foot up a step"),
        "R": Symbol("right", doc="right foot up a step"),
        "l": Symbol("left", doc="left foot, a stride on the flat (no step climbed)"),
        "r": Symbol("right", doc="right foot, a stride on the flat (no step climbed)"),
        "H": Symbol("arms", kind="hold", hold_bars=1,
                    doc="both arms up: hold both keys from this beat for a full bar"),
    }
    default_keys = {"left": ("f", "left"), "right": ("j", "right")}
    example_pattern = "L.R.L.R."
    wrong_label = "WRONG FOOT"

    def hold_actions(self, cue: Cue) -> tuple[str, ...]:
        return ARMS

    # -- state --------------------------------------------------------------------------
    def new_state(self) -> StepsState:
        return StepsState()

    def state(self, session: PlaySession) -> StepsState:
        st: StepsState = session.state
        if not st.ready:
            st.taps = list(session.judge.cues)
            st.holds = [HoldProgress(c) for c in session.cues if c.kind == "hold"]
            st.top = min(STAIRS, sum(c.symbol in STAIR_SYMBOLS for c in session.cues))
            st.ready = True
        return st

    # -- playing ------------------------------------------------------------------------
    def press(self, session: PlaySession, action: str, t: float) -> list[GameEvent]:
        st = self.state(session)
        hold = st.hold_for(t)
        if hold is not None and action in ARMS and not self._tap_in_reach(session, t):
            return self._raise(session, hold, t)
        verdict = session.judge.judge(action, t)
        events = [session.record(verdict, t)]
        if verdict.cue is not None and verdict.judgement is not None:
            st.handled.add(verdict.cue.index)
            events.append(self._stride(st, verdict.cue, verdict.judgement.is_hit, t))
        return events

    def release(self, session: PlaySession, action: str, t: float) -> list[GameEvent]:
        st = self.state(session)
        if action not in ARMS:
            return []
        for h in st.holds:
            if h.engaged_at is not None and not h.done:
                early = t < h.cue.end_time - session.windows.reach
                return self._finish_hold(session, st, h, t, completed=not early)
        return []

    def advance(self, session: PlaySession, t: float) -> list[GameEvent]:
        st = self.state(session)
        reach = session.windows.reach
        events: list[GameEvent] = []
        while st.next_tap < len(st.taps) and st.taps[st.next_tap].time + reach < t:
            cue = st.taps[st.next_tap]
            st.next_tap += 1
            if cue.index not in st.handled:  # the judge expired it: a missed beat
                events.append(self._stride(st, cue, False, cue.time + reach))
        for h in st.holds:
            if h.done:
                continue
            if h.engaged_at is None and t > h.cue.time + reach:
                events.append(session.record(Verdict(Judgement.MISS, h.cue, 0.0, "arms"),
                                             h.cue.time + reach))
                h.done = True
                events.append(HoldEnded(h.cue.time + reach, h.cue, False))
            elif h.engaged_at is not None and t >= h.cue.end_time:
                events += self._finish_hold(session, st, h, h.cue.end_time, completed=True)
        return events

    @staticmethod
    def _tap_in_reach(session: PlaySession, t: float) -> bool:
        """A foot cue could still take this press (the last steps run right up to the top)."""
        cue = session.judge.next_open(t)
        return cue is not None and cue.time - session.windows.reach <= t

    # -- outcomes -----------------------------------------------------------------------
    @staticmethod
    def _stride(st: StepsState, cue: Cue, clean: bool, t: float) -> Stride:
        stair = cue.symbol in STAIR_SYMBOLS
        if clean:
            st.pace += 1
            st.best_pace = max(st.best_pace, st.pace)
            if stair:
                st.steps = min(STAIRS, st.steps + 1)
        else:
            st.stumbles += 1
            st.pace = 0
            if stair:
                st.steps = max(0, st.steps - 1)
        return Stride(t, cue, st.steps, st.pace, not clean)

    @staticmethod
    def _raise(session: PlaySession, hold: HoldProgress, t: float) -> list[GameEvent]:
        """Both arms up inside the window starts the hold; anything else waits for it."""
        reach = session.windows.reach
        if hold.engaged_at is not None or not all(a in session.held for a in ARMS):
            return []
        if abs(t - hold.cue.time) > reach:
            return []
        hold.engaged_at = t
        return [HoldStarted(t, hold.cue)]

    @staticmethod
    def _finish_hold(session: PlaySession, st: StepsState, hold: HoldProgress, t: float,
                     completed: bool) -> list[GameEvent]:
        hold.done = True
        assert hold.engaged_at is not None
        offset = hold.engaged_at - hold.cue.time
        judgement = session.windows.classify(offset) if completed else Judgement.MISS
        made_it = completed and st.steps >= st.top
        st.summit = made_it
        return [session.record(Verdict(judgement, hold.cue, offset, "arms"), t),
                HoldEnded(t, hold.cue, made_it)]


RULES = MuseumStepsRules()
