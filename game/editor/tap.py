"""Tap tempo: a key tapped on the beat gives the tempo, from the median gap of the last taps.

The median, not the mean, so one stumble in a run of taps does not pull the tempo; a pause
longer than RESET_S starts a new run.
"""

from __future__ import annotations

from statistics import median

RESET_S = 2.0
KEEP = 8          # the last taps the tempo is read from
MIN_TAPS = 4      # a tempo only after this many taps (three gaps)


class TapTempo:
    def __init__(self) -> None:
        self.taps: list[float] = []
        self.run = object()   # one identity per run: the editor makes one undo step of it

    def tap(self, t: float) -> float | None:
        """Record a tap at `t` seconds; the tempo (bpm) once there are enough taps."""
        if self.taps and (t - self.taps[-1] > RESET_S or t <= self.taps[-1]):
            self.taps = []
            self.run = object()
        self.taps = (self.taps + [t])[-KEEP:]
        return self.bpm

    @property
    def bpm(self) -> float | None:
        if len(self.taps) < MIN_TAPS:
            return None
        gaps = [b - a for a, b in zip(self.taps, self.taps[1:], strict=False)]
        return 60.0 / median(gaps)

    @property
    def count(self) -> int:
        return len(self.taps)
