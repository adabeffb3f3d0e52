"""Meat Locker rules: the coach calls a combo a bar ahead, the player throws it on the beats.

Punches use the boxing number system (1 jab ... 6 rear uppercut). Each bar's punches form one
combo (`Cue.group`); its call comes at the start of the bar before, so a silent bar before a
combo is a call-and-response pair, and back-to-back combo bars make the player read ahead.
Judging is the core's: the wrong punch near a cue is a WRONG, its own kind of miss. The
rules only group cues into combos, make the calls, and settle each combo.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from dataclasses import dataclass, field

from game.core.calls import CallSheet, cues_by_group, group_by_bar
from game.core.events import Call, GameEvent, Hit
from game.core.level import Cue, Level
from game.core.stage import RulesContext, StageRules, Symbol

PUNCHES = ("jab", "cross", "lead_hook", "rear_hook", "lead_uppercut", "rear_uppercut")
NUMBER_WORDS = ("ONE", "TWO", "THREE", "FOUR", "FIVE", "SIX")
LONGEST_SPOKEN = 6  # longer combos are called by their repeating unit ("ONE-TWO x4!")


def punch_number(action: str) -> int:
    """1..6 for a punch action."""
    return PUNCHES.index(action) + 1


def call_text(actions: list[str] | tuple[str, ...]) -> str:
    """What the coach shouts for a combo, e.g. 'ONE-TWO-THREE!' or 'ONE-TWO x4!'."""
    words = [NUMBER_WORDS[punch_number(a) - 1] for a in actions]
    n = len(words)
    if n > LONGEST_SPOKEN:
        for unit in range(1, n // 2 + 1):
            if n % unit == 0 and words == words[:unit] * (n // unit):
                return "-".join(words[:unit]) + f" x{n // unit}!"
        return "FLURRY!"
    return "-".join(words) + "!"


@dataclass(frozen=True)
class Combo:
    """One called combination: its cues, and when the coach calls it."""

    group: int
    cues: tuple[Cue, ...]
    call_time: float
    call: str

    @property
    def start(self) -> float:
        return self.cues[0].time

    @property
    def end(self) -> float:
        return self.cues[-1].time

    @property
    def numbers(self) -> tuple[int, ...]:
        return tuple(punch_number(c.action) for c in self.cues)


@dataclass(frozen=True)
class ComboResult(GameEvent):
    """A combo is over: landed when every punch of it hit."""

    group: int
    size: int
    landed: bool


@dataclass
class MeatLockerState:
    combos: tuple[Combo, ...] = ()
    by_group: dict[int, Combo] = field(default_factory=dict)
    ends: tuple[float, ...] = ()                              # each combo's last punch time
    hits: dict[int, int] = field(default_factory=dict)       # group -> punches landed
    sheet: CallSheet = field(default_factory=lambda: CallSheet((), ()))
    landed: int = 0                                           # clean combos so far
    punches: int = 0                                          # punches landed


@dataclass(frozen=True)
class MeatLockerSnapshot:
    """What the view may know: the combos (with their calls) and how many have landed."""

    combos: tuple[Combo, ...]
    ends: tuple[float, ...]
    landed: int

    def combo_at(self, t: float, linger: float) -> Combo | None:
        """The combo being thrown at t (or ended less than `linger` s ago), else the next."""
        k = bisect_left(self.ends, t - linger)
        return self.combos[k] if k < len(self.combos) else None


SYMBOLS = {str(k + 1): Symbol(a, doc=f"{k + 1}: {a.replace('_', ' ')}")
           for k, a in enumerate(PUNCHES)}


class MeatLockerRules(StageRules):
    # -- building -----------------------------------------------------------------------
    def finish_cues(self, level: Level, cues: list[Cue]) -> list[Cue]:
        """Group each bar's punches into one combo."""
        return group_by_bar(level, cues)

    @staticmethod
    def combos(level: Level, cues: tuple[Cue, ...] | list[Cue]) -> list[Combo]:
        """The level's combos in order, each with its call one bar before its bar starts."""
        bpb = level.beats_per_bar
        out = []
        for members in cues_by_group(cues):
            g = members[0].group
            first = members[0]
            iv = level.intervals[first.interval]
            bar_start = iv.start_beat + math.floor((first.beat - iv.start_beat) / bpb + 1e-9) * bpb
            out.append(Combo(g, tuple(members), level.tempo_map.time_at(bar_start - bpb),
                             call_text([a for c in members for a in c.parts])))
        return out

    # -- playing ------------------------------------------------------------------------
    def new_state(self, level: Level, cues: tuple[Cue, ...]) -> MeatLockerState:
        combos = tuple(self.combos(level, cues))
        ends = tuple(c.end for c in combos)
        return MeatLockerState(combos=combos, by_group={c.group: c for c in combos}, ends=ends,
                               sheet=CallSheet(tuple(c.call_time for c in combos), ends))

    def react(self, ctx: RulesContext, st: MeatLockerState, event: GameEvent
              ) -> list[GameEvent]:
        if not isinstance(event, Hit) or event.cue.group not in st.by_group:
            return []
        cue = event.cue
        st.punches += 1
        st.hits[cue.group] = st.hits.get(cue.group, 0) + 1
        combo = st.by_group[cue.group]
        if st.hits[cue.group] == len(combo.cues) and st.sheet.settle(st.combos.index(combo)):
            return [self._settle(st, combo, event.time, landed=True)]
        return []

    def advance(self, ctx: RulesContext, st: MeatLockerState, t: float) -> list[GameEvent]:
        events: list[GameEvent] = [Call(st.combos[k].call_time, st.combos[k].call,
                                        st.combos[k].group)
                                   for k in st.sheet.due(t, ctx.start_time)]
        reach = ctx.windows.reach
        for k in st.sheet.expired(t, reach):
            events.append(self._settle(st, st.combos[k], st.combos[k].end + reach,
                                       landed=False))
        return events

    def snapshot(self, st: MeatLockerState) -> MeatLockerSnapshot:
        return MeatLockerSnapshot(st.combos, st.ends, st.landed)

    def outcome(self, st: MeatLockerState) -> dict:
        return {"combos_landed": st.landed, "combos": len(st.combos), "punches": st.punches}

    @staticmethod
    def _settle(st: MeatLockerState, combo: Combo, t: float, landed: bool) -> ComboResult:
        if landed:
            st.landed += 1
        return ComboResult(t, combo.group, len(combo.cues), landed)


RULES = MeatLockerRules()
