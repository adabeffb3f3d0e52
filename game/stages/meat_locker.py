"""Meat Locker rules: the coach calls a combo a bar ahead, the player throws it on the beats.

Punches use the boxing number system (1 jab ... 6 rear uppercut). Each bar's punches form one
combo (`Cue.group`); its call comes at the start of the bar before, so a silent bar before a
combo is a call-and-response pair, and back-to-back combo bars make the player read ahead.
Judging is the shared CueJudge: the wrong punch near a cue is a WRONG, its own kind of miss.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from game.core.events import Call, GameEvent
from game.core.level import Cue, Level
from game.core.stage import StageRules, Symbol

if TYPE_CHECKING:
    from game.core.session import PlaySession

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
    combos: list[Combo] = field(default_factory=list)
    by_group: dict[int, Combo] = field(default_factory=dict)
    ends: list[float] = field(default_factory=list)           # each combo's last punch time
    hits: dict[int, int] = field(default_factory=dict)       # group -> punches landed
    settled: set[int] = field(default_factory=set)            # groups with a ComboResult
    landed: int = 0                                           # clean combos so far
    next_call: int = 0
    next_settle: int = 0
    ready: bool = False

    def combo_at(self, t: float, linger: float) -> Combo | None:
        """The combo being thrown at t (or ended less than `linger` s ago), else the next."""
        k = bisect_left(self.ends, t - linger)
        return self.combos[k] if k < len(self.combos) else None


class MeatLockerRules(StageRules):
    name = "meat_locker"
    title = "Meat Locker"
    blurb = "The coach calls it, you throw it: combos on a side of beef in the cold."
    actions = PUNCHES
    action_labels = {"jab": "1 jab", "cross": "2 cross", "lead_hook": "3 lead hook",
                     "rear_hook": "4 rear hook", "lead_uppercut": "5 lead upper",
                     "rear_uppercut": "6 rear upper"}
    symbols = {str(k + 1): Symbol(a, doc=f"{k + 1}: {a.replace('_', ' ')}")
               for k, a in enumerate(PUNCHES)}
    default_keys = {"jab": ("f",), "lead_hook": ("d",), "lead_uppercut": ("s",),
                    "cross": ("j",), "rear_hook": ("k",), "rear_uppercut": ("l",)}
    example_pattern = "........|1.2.3..."
    wrong_label = "WRONG PUNCH"

    # -- building -----------------------------------------------------------------------
    def finish_cues(self, level: Level, cues: list[Cue]) -> list[Cue]:
        """Group each bar's punches into one combo."""
        out: list[Cue] = []
        bpb = level.beats_per_bar
        group, last_bar = -1, None
        for i, c in enumerate(cues):
            iv = level.intervals[c.interval]
            bar = (c.interval, math.floor((c.beat - iv.start_beat) / bpb + 1e-9))
            if bar != last_bar:
                group, last_bar = group + 1, bar
            out.append(replace(c, group=group, index=i))
        return out

    def combos(self, level: Level, cues: list[Cue]) -> list[Combo]:
        """The level's combos in order, each with its call one bar before its bar starts."""
        bpb = level.beats_per_bar
        by_group: dict[int, list[Cue]] = {}
        for c in cues:
            by_group.setdefault(c.group, []).append(c)
        out = []
        for g in sorted(by_group):
            members = sorted(by_group[g], key=lambda c: c.time)
            first = members[0]
            iv = level.intervals[first.interval]
            bar_start = iv.start_beat + math.floor((first.beat - iv.start_beat) / bpb + 1e-9) * bpb
            out.append(Combo(g, tuple(members), level.tempo_map.time_at(bar_start - bpb),
                             call_text([c.action for c in members])))
        return out

    # -- playing ------------------------------------------------------------------------
    def new_state(self) -> MeatLockerState:
        return MeatLockerState()

    def state(self, session: PlaySession) -> MeatLockerState:
        """The session's state, filled in from its cues on first use."""
        st: MeatLockerState = session.state
        if not st.ready:
            st.combos = self.combos(session.level, session.cues)
            st.by_group = {c.group: c for c in st.combos}  # groups need not start at 0
            st.ends = [c.end for c in st.combos]
            # a run started mid-level (practice, watch) hears only the calls still to come
            while st.next_call < len(st.combos) and \
                    st.combos[st.next_call].call_time < session.start_time - 1e-9:
                st.next_call += 1
            st.ready = True
        return st

    def press(self, session: PlaySession, action: str, t: float) -> list[GameEvent]:
        st = self.state(session)
        verdict = session.judge.judge(action, t)
        events = [session.record(verdict, t)]
        cue = verdict.cue
        if cue is not None and verdict.judgement is not None and verdict.judgement.is_hit:
            st.hits[cue.group] = st.hits.get(cue.group, 0) + 1
            combo = st.by_group[cue.group]
            if st.hits[cue.group] == len(combo.cues) and cue.group not in st.settled:
                events.append(self._settle(st, combo, t, landed=True))
        return events

    def advance(self, session: PlaySession, t: float) -> list[GameEvent]:
        st = self.state(session)
        events: list[GameEvent] = []
        while st.next_call < len(st.combos) and st.combos[st.next_call].call_time <= t:
            combo = st.combos[st.next_call]
            events.append(Call(combo.call_time, combo.call, combo.group))
            st.next_call += 1
        reach = session.windows.reach
        while st.next_settle < len(st.combos):
            combo = st.combos[st.next_settle]
            if combo.group in st.settled:
                st.next_settle += 1
                continue
            if combo.end + reach >= t:
                break
            events.append(self._settle(st, combo, combo.end + reach, landed=False))
            st.next_settle += 1
        return events

    @staticmethod
    def _settle(st: MeatLockerState, combo: Combo, t: float, landed: bool) -> ComboResult:
        st.settled.add(combo.group)
        if landed:
            st.landed += 1
        return ComboResult(t, combo.group, len(combo.cues), landed)


RULES = MeatLockerRules()
