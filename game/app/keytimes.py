"""When a key really went down: the window system's own time for it, matched to the event
the game handles.

A key is otherwise stamped at the poll that sees it, and on a shared 2-core machine a poll
can be late by milliseconds whatever the loop does: measured through Xvfb, a 0.4 ms sleep
took 2-3 ms (p99) while a frame was being presented on another thread, even with that
thread at nice 19 (the present and the X server then fill both cores). The X server puts
its own time on every key event, from CLOCK_MONOTONIC (the clock perf_counter_ns reads) in
whole milliseconds, when it receives the key: nothing the game's process does can delay
that. So a key's time is that millisecond's middle, never later than the poll that saw it.

This module is the pure part (no X, no pygame): turning a 32-bit millisecond server time
into perf_counter_ns, and pairing the server's key events with the game's. Both see the
same keys in the same order; the pairing learns which server keycode each game scancode
is from unambiguous cases, and a key it cannot pair keeps its poll stamp.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

MS = 1_000_000
WRAP_MS = 1 << 32            # X's Time is a 32-bit count of milliseconds
MAX_AGE_NS = 40 * MS         # a server event the game has not seen this long after: not ours
MAX_LEAD_NS = 1_000 * MS     # a server time further than this from now: another clock
BAD_CLOCK_LIMIT = 3          # after this many in a row, the server's clock is not ours


def server_ms_to_ns(server_ms: int, now_ns: int) -> int:
    """The instant (perf_counter_ns) a 32-bit millisecond server time names: the middle of
    that millisecond, in the 2^32 ms epoch nearest to now."""
    now_ms = now_ns // MS
    back = (now_ms - server_ms) % WRAP_MS
    if back > WRAP_MS // 2:
        back -= WRAP_MS
    return (now_ms - back) * MS + MS // 2


@dataclass
class ServerKey:
    down: bool
    code: int                # the server's keycode
    at_ns: int
    taken: bool = False


@dataclass
class Owed:
    """A game key event handled before its server event was read: that one, when it comes,
    is already spoken for (else the next press of the key would take it)."""
    down: bool
    code: int | None         # None: the key's server keycode is not learnt yet
    scancode: int
    poll_ns: int


class KeyTimeMatcher:
    """Server key events in, the game's key events' times out."""

    def __init__(self) -> None:
        self.pending: deque[ServerKey] = deque()
        self.owed: deque[Owed] = deque()
        self.code_of: dict[int, int] = {}        # game scancode -> server keycode (learnt)
        self._votes: dict[tuple[int, int], int] = {}
        self.usable = True
        self._bad_clock = 0

    def add(self, down: bool, code: int, server_ms: int, now_ns: int) -> None:
        """A key event read from the server (autorepeats already dropped)."""
        at = server_ms_to_ns(server_ms, now_ns)
        if not -MS <= now_ns - at <= MAX_LEAD_NS:
            self._bad_clock += 1
            if self._bad_clock >= BAD_CLOCK_LIMIT:
                self.usable = False         # e.g. a remote X server: poll stamps only
                self.pending.clear()
            return
        self._bad_clock = 0
        learnt = set(self.code_of.values())
        for o in self.owed:
            if o.down == down and at - MS // 2 <= o.poll_ns and \
                    (o.code == code or (o.code is None and code not in learnt)):
                self.owed.remove(o)
                if o.code is None:
                    self._vote(o.scancode, code)
                return
        self.pending.append(ServerKey(down, code, at))

    def time_of(self, down: bool, scancode: int, poll_ns: int) -> int:
        """When the game's key event (seen at `poll_ns`) happened: its server time where it
        pairs with one, else `poll_ns`."""
        while self.pending and (self.pending[0].taken or
                                poll_ns - self.pending[0].at_ns > MAX_AGE_NS):
            self.pending.popleft()
        while self.owed and poll_ns - self.owed[0].poll_ns > MAX_AGE_NS:
            self.owed.popleft()
        if not self.usable:
            return poll_ns
        wanted = self.code_of.get(scancode)
        cands = [k for k in self.pending
                 if not k.taken and k.down == down and k.at_ns - MS // 2 <= poll_ns]
        if wanted is not None:
            fits = [k for k in cands if k.code == wanted]
        else:
            learnt = set(self.code_of.values())
            free = [k for k in cands if k.code not in learnt]
            fits = free if len({k.code for k in free}) == 1 else []
            if fits:
                self._vote(scancode, fits[0].code)
            elif free:                  # two keys it could be: not this time
                return poll_ns
        if not fits:
            self.owed.append(Owed(down, wanted, scancode, poll_ns))
            return poll_ns
        for k in fits:                  # any earlier ones are presses already handled
            k.taken = True
        return min(fits[-1].at_ns, poll_ns)

    def _vote(self, scancode: int, code: int) -> None:
        """Learn a key's server keycode once it has been the only one it could be twice."""
        n = self._votes.get((scancode, code), 0) + 1
        self._votes[(scancode, code)] = n
        if n >= 2 and code not in self.code_of.values():
            self.code_of[scancode] = code
