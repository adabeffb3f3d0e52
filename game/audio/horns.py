"""The horn layer that follows the player: it joins on a high combo and a miss drops it.

The horns are a stem of their own, stored as int16 bars (render.Soundtrack.horns). Rather than
play them on a second mixer channel (two channels started by two calls can land in different
mixer callbacks, a flam of a whole audio buffer for the rest of the song), they are added to,
or taken out of, the one playing buffer, bar by bar, a little ahead of the mixer's read
position. The sum is exact integer arithmetic on bars that are silent at their bar lines,
so the horns stay sample-locked to the drums and switch without a click.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Callable, Sequence

import numpy as np

HORN_COMBO = 8          # hits in a row before the horns join
CUT_RAMP_S = 0.008      # a dropped bar fades out this fast (no click)


class HornGate:
    """Decides whether the horns should sound in a bar, from the combo and the last miss."""

    def __init__(self, bars: Sequence[tuple[float, float]], threshold: int = HORN_COMBO) -> None:
        self.bars = sorted(bars)
        self._starts = [b[0] for b in self.bars]
        self.threshold = threshold
        self.combo = 0
        self.quiet_until = -math.inf

    def update(self, combo: int) -> None:
        self.combo = combo

    def miss(self, t: float) -> None:
        """Silent for the rest of the bar holding t and for the whole bar after it."""
        k = bisect_right(self._starts, t) - 1
        if k >= 0 and t < self.bars[k][1]:
            start, end = self.bars[k]
            until = end + (end - start)
        else:
            near = self.bars[min(max(k, 0), len(self.bars) - 1)] if self.bars else (0.0, 2.0)
            until = t + (near[1] - near[0])
        self.quiet_until = max(self.quiet_until, until - 1e-6)

    def wanted(self, bar_start: float) -> bool:
        return self.combo >= self.threshold and bar_start >= self.quiet_until


class LiveHorns:
    """Adds and removes horn bars in a playing int16 buffer (a view of the mixer's sound).

    `live[i]` is soundtrack frame `first_frame + i`. Only frames the mixer has not read yet
    may be touched: the caller says how far it has read.
    """

    OFF, ON, CUT = 0, 1, 2

    def __init__(self, horns: np.ndarray, index: np.ndarray, live: np.ndarray,
                 first_frame: int, sr: int) -> None:
        self.horns = horns
        self.starts = [int(s) for s in index[:, 0]]
        self.ends = [int(e) for e in index[:, 1]]
        self.offsets = [int(o) for o in index[:, 2]]
        self.live = live
        self.first = first_frame
        self.state = np.zeros(len(self.starts), np.int8)
        self.ramp_n = max(1, int(CUT_RAMP_S * sr))
        self._ramp = np.linspace(0.0, 1.0, self.ramp_n, dtype=np.float32)[:, None]

    def _span(self, k: int, from_frame: int) -> tuple[int, int, int] | None:
        """(live start, live end, horns offset) of bar k from `from_frame` on, clipped."""
        lo = max(self.starts[k], from_frame, self.first)
        hi = min(self.ends[k], self.first + len(self.live))
        if hi <= lo:
            return None
        return lo - self.first, hi - self.first, self.offsets[k] + lo - self.starts[k]

    def _set(self, k: int, on: bool) -> None:
        span = self._span(k, self.starts[k])
        if span is not None:
            a, b, off = span
            seg = self.horns[off:off + b - a]
            if on:
                self.live[a:b] += seg
            else:
                self.live[a:b] -= seg
        self.state[k] = self.ON if on else self.OFF

    def _cut(self, k: int, frame: int) -> None:
        """Fade bar k out from `frame`: take away a rising share of it, then all of it."""
        span = self._span(k, frame)
        if span is not None:
            a, b, off = span
            seg = self.horns[off:off + b - a]
            r = min(self.ramp_n, b - a)
            self.live[a:a + r] -= (seg[:r] * self._ramp[:r]).astype(np.int16)
            self.live[a + r:b] -= seg[r:]
        self.state[k] = self.CUT

    def update(self, read_frame: int, horizon_frame: int, wanted: Callable[[int], bool]) -> None:
        """Bars not yet read take the wanted state up to the horizon; a bar already playing
        can only be cut (horns join on a bar line, never mid-bar)."""
        k = bisect_right(self.starts, read_frame) - 1
        if k >= 0 and read_frame < self.ends[k] and self.state[k] == self.ON and not wanted(k):
            self._cut(k, read_frame)
        k += 1
        while k < len(self.starts) and self.starts[k] <= horizon_frame:
            want = wanted(k)
            if self.state[k] == self.OFF and want:
                self._set(k, True)
            elif self.state[k] == self.ON and not want:
                self._set(k, False)
            k += 1

