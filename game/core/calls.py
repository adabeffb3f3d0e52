"""The coach's calls and the combos they announce: what is due to be called by a time, and
which combos time has settled. Shared by every stage that calls combos ahead of them."""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace

from game.core.level import Cue, Level


@dataclass
class CallSheet:
    """Calls in time order (`call_times`) for combos that end at `ends`.

    A run started mid-level (practice, a --watch reload) hears only the calls still to
    come: the first `due` skips the ones before `start_time`.
    """

    call_times: tuple[float, ...]
    ends: tuple[float, ...]
    next_call: int = -1
    next_settle: int = 0
    settled: set[int] = field(default_factory=set)   # positions already settled

    def due(self, t: float, start_time: float) -> list[int]:
        """Positions whose call comes by t, each once."""
        if self.next_call < 0:
            self.next_call = 0
            while self.next_call < len(self.call_times) and \
                    self.call_times[self.next_call] < start_time - 1e-9:
                self.next_call += 1
        out = []
        while self.next_call < len(self.call_times) and self.call_times[self.next_call] <= t:
            out.append(self.next_call)
            self.next_call += 1
        return out

    def settle(self, k: int) -> bool:
        """Mark position k settled; False when it already was."""
        if k in self.settled:
            return False
        self.settled.add(k)
        return True

    def expired(self, t: float, grace: float) -> list[int]:
        """Unsettled positions whose combo ended more than `grace` before t (now settled)."""
        out = []
        while self.next_settle < len(self.ends):
            k = self.next_settle
            if k not in self.settled:
                if self.ends[k] + grace >= t:
                    break
                self.settled.add(k)
                out.append(k)
            self.next_settle += 1
        return out


def group_by_bar(level: Level, cues: list[Cue]) -> list[Cue]:
    """Each bar's cues as one combo (`Cue.group`), numbered through the list: the combo a
    coach calls is the bar it is thrown in."""
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


def cues_by_group(cues: tuple[Cue, ...] | list[Cue]) -> list[tuple[Cue, ...]]:
    """The combos' cues in group order, each in time order."""
    by_group: dict[int, list[Cue]] = {}
    for c in cues:
        by_group.setdefault(c.group, []).append(c)
    return [tuple(sorted(by_group[g], key=lambda c: c.time)) for g in sorted(by_group)]
