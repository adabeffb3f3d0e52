"""Tempo map: beats <-> seconds across tempo changes, exact and O(log n)."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass


@dataclass(frozen=True)
class TempoChange:
    """From `beat` on, the music runs at `bpm`."""

    beat: float
    bpm: float


class TempoMap:
    """Piecewise-constant tempo; segment start times are precomputed once.

    Times are seconds from beat 0. Negative beats (the count-in) extrapolate the first tempo.
    """

    def __init__(self, bpm: float, changes: list[TempoChange] | tuple[TempoChange, ...] = ()):
        if bpm <= 0:
            raise ValueError("bpm must be positive")
        merged: dict[float, float] = {0.0: float(bpm)}
        for ch in sorted(changes, key=lambda c: c.beat):
            if ch.bpm <= 0:
                raise ValueError("bpm must be positive")
            if ch.beat < 0:
                raise ValueError("tempo changes start at beat 0 or later")
            merged[float(ch.beat)] = float(ch.bpm)
        self._beats: list[float] = sorted(merged)
        self._bpms: list[float] = [merged[b] for b in self._beats]
        self._secs: list[float] = [0.0]
        for i in range(1, len(self._beats)):
            span = self._beats[i] - self._beats[i - 1]
            self._secs.append(self._secs[-1] + span * 60.0 / self._bpms[i - 1])

    @property
    def changes(self) -> tuple[TempoChange, ...]:
        return tuple(TempoChange(b, t) for b, t in zip(self._beats, self._bpms, strict=True))

    def bpm_at_beat(self, beat: float) -> float:
        return self._bpms[max(0, bisect_right(self._beats, beat) - 1)]

    def bpm_at_time(self, seconds: float) -> float:
        return self._bpms[max(0, bisect_right(self._secs, seconds) - 1)]

    def beat_length(self, beat: float) -> float:
        """Seconds per beat at `beat`."""
        return 60.0 / self.bpm_at_beat(beat)

    def time_at(self, beat: float) -> float:
        """Seconds from beat 0 to `beat`."""
        i = max(0, bisect_right(self._beats, beat) - 1)
        return self._secs[i] + (beat - self._beats[i]) * 60.0 / self._bpms[i]

    def beat_at(self, seconds: float) -> float:
        """The (fractional) beat sounding `seconds` after beat 0."""
        i = max(0, bisect_right(self._secs, seconds) - 1)
        return self._beats[i] + (seconds - self._secs[i]) * self._bpms[i] / 60.0

    def scaled(self, factor: float) -> TempoMap:
        """The same map with every tempo multiplied by `factor` (difficulty, practice)."""
        return TempoMap(self._bpms[0] * factor,
                        [TempoChange(b, t * factor) for b, t in
                         zip(self._beats[1:], self._bpms[1:], strict=True)])

    def beat_grid(self, start_beat: float, end_beat: float, step: float = 1.0) -> list[float]:
        """Times of every `step` beats from start_beat (inclusive) to end_beat (exclusive)."""
        out: list[float] = []
        n = 0
        while True:
            b = start_beat + n * step
            if b >= end_beat - 1e-9:
                return out
            out.append(self.time_at(b))
            n += 1
