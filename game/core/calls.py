"""The coach's calls and the combos they announce: what is due to be called by a time, and
which combos time has settled. Shared by every stage that calls combos ahead of them."""

from __future__ import annotations

from dataclasses import dataclass, field


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
