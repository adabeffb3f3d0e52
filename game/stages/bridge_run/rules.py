"""Bridge Run rules: a steady run on the towpath beneath the stone arches, left, right.

Under the bridge the cue track fades out for stretches (every other `dark_bars` bars of a
work interval) and the player keeps the stride by ear from the music's pulse. Where the
dark stretches fall is a pure function of the level, so the rules (which count the strides
made by ear) and the view (which fades the track and tightens the frame) always agree.
A clean stride carries the runner one step length on; a missed or wrong foot is a stumble
that covers no ground and breaks the pace.
"""

from __future__ import annotations

from dataclasses import dataclass

from game.core.events import GameEvent, Hit, Miss
from game.core.level import Cue, Level
from game.core.stage import RulesContext, StageRules, Symbol

FEET = ("left", "right")
STEP_M = 1.1          # metres a running step covers at an easy pace
DARK_BARS = 4         # default: the track hides every other 4 bars of a work interval
FADE_BEATS = 1.0      # the track fades out (and back in) over one beat
FULL_PACE = 8         # clean strides in a row for full pace

SYMBOLS = {
    "l": Symbol("left", doc="left foot"),
    "r": Symbol("right", doc="right foot"),
}


def _smooth(x: float) -> float:
    x = min(1.0, max(0.0, x))
    return x * x * (3 - 2 * x)


def dark_amount(level: Level, t: float, dark_bars: int | None = None) -> float:
    """0..1: how far the cue track has faded out at song time t (1 = hidden, by ear).

    In a work interval, bars [n, 2n), [3n, 4n), ... (n = `dark_bars`) are dark; the fade
    takes a beat at each edge and the track is back by the interval's end.
    """
    n = int(level.options.get("dark_bars", DARK_BARS)) if dark_bars is None else dark_bars
    if n <= 0 or t < 0:
        return 0.0
    i = level.interval_at_time(t)
    if not 0 <= i < len(level.intervals) or not level.intervals[i].is_work:
        return 0.0
    iv = level.intervals[i]
    beat = level.tempo_map.beat_at(t)
    span = n * level.beats_per_bar
    k = int((beat - iv.start_beat) // span)
    if k % 2 == 0:
        return 0.0
    a = iv.start_beat + k * span
    b = min(a + span, iv.end_beat)
    return _smooth((beat - a) / FADE_BEATS) * _smooth((b - beat) / FADE_BEATS)


@dataclass(frozen=True)
class Stride(GameEvent):
    """A foot cue resolved: the ground covered after it, and whether it was run by ear."""

    cue: Cue
    strides: int
    pace: int
    stumbled: bool
    by_ear: bool


@dataclass
class BridgeState:
    dark_cues: frozenset[int]     # indices of the cues that fall with the track hidden
    strides: int = 0              # clean foot strikes
    by_ear: int = 0               # clean strikes made while the track was hidden
    stumbles: int = 0
    pace: int = 0
    best_pace: int = 0

    @property
    def distance_m(self) -> float:
        return self.strides * STEP_M

    @property
    def pace_level(self) -> float:
        return min(1.0, self.pace / FULL_PACE)


@dataclass(frozen=True)
class BridgeSnapshot:
    strides: int
    distance_m: float
    pace_level: float
    by_ear: int


class BridgeRunRules(StageRules):
    def new_state(self, level: Level, cues: tuple[Cue, ...]) -> BridgeState:
        dark = frozenset(c.index for c in cues if dark_amount(level, c.time) >= 0.999)
        return BridgeState(dark_cues=dark)

    def react(self, ctx: RulesContext, st: BridgeState, event: GameEvent) -> list[GameEvent]:
        if not isinstance(event, (Hit, Miss)) or event.phase == "body" \
                or event.cue.kind in ("release", "avoid"):
            return []           # a foot strike is a tap, a chord, a hold's head, a roll
        clean = isinstance(event, Hit)
        ear = event.cue.index in st.dark_cues
        if clean:
            st.strides += 1
            st.pace += 1
            st.best_pace = max(st.best_pace, st.pace)
            st.by_ear += ear
        else:
            st.stumbles += 1
            st.pace = 0
        return [Stride(event.time, event.cue, st.strides, st.pace, not clean, ear)]

    def snapshot(self, st: BridgeState) -> BridgeSnapshot:
        return BridgeSnapshot(st.strides, round(st.distance_m, 1), st.pace_level, st.by_ear)

    def outcome(self, st: BridgeState) -> dict:
        return {"distance_m": round(st.distance_m, 1), "strides": st.strides,
                "by_ear": st.by_ear, "by_ear_of": len(st.dark_cues),
                "stumbles": st.stumbles, "best_pace": st.best_pace}


RULES = BridgeRunRules()
