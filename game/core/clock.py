"""SongClock: "now in the song" from one monotonic reference, never from summed deltas."""

from __future__ import annotations

import time
from collections.abc import Callable

NS = 1_000_000_000


class SongClock:
    """Song time = (now - reference) - offset, where `reference` is when beat 0 sounds.

    `audio_offset_ms` is the calibrated delay from scheduling a sound to hearing it plus the
    input latency: it shifts judging. `visual_offset_ms` shifts only drawing.
    Pausing freezes song time; resuming re-anchors the reference (optionally with a lead-in,
    so the song replays `lead_in` seconds of count-in before reaching the paused point).
    """

    def __init__(self, reference_ns: int | None = None, *, audio_offset_ms: float = 0.0,
                 visual_offset_ms: float = 0.0,
                 now_ns: Callable[[], int] = time.perf_counter_ns) -> None:
        self._now_ns = now_ns
        self.reference_ns = now_ns() if reference_ns is None else reference_ns
        self.audio_offset_ms = audio_offset_ms
        self.visual_offset_ms = visual_offset_ms
        self._paused_at: float | None = None

    def now_ns(self) -> int:
        return self._now_ns()

    @property
    def paused(self) -> bool:
        return self._paused_at is not None

    def raw_time(self, at_ns: int | None = None) -> float:
        """Seconds since the reference (what the speakers are playing, before offsets)."""
        if self._paused_at is not None:
            return self._paused_at
        ns = self._now_ns() if at_ns is None else at_ns
        return (ns - self.reference_ns) / NS

    def song_time(self, at_ns: int | None = None) -> float:
        """The song time an input stamped at `at_ns` is judged at."""
        return self.raw_time(at_ns) - self.audio_offset_ms / 1000.0

    def visual_time(self, at_ns: int | None = None) -> float:
        """The song time to draw at (shifted by the visual offset)."""
        return self.raw_time(at_ns) - self.visual_offset_ms / 1000.0

    def pause(self, at_ns: int | None = None) -> None:
        if self._paused_at is None:
            self._paused_at = self.raw_time(at_ns)

    def resume(self, at_ns: int | None = None, lead_in: float = 0.0) -> None:
        """Continue from the paused point after `lead_in` seconds (a count-in)."""
        if self._paused_at is None:
            return
        ns = self._now_ns() if at_ns is None else at_ns
        self.reference_ns = ns - round((self._paused_at - lead_in) * NS)
        self._paused_at = None

    def anchor(self, reference_ns: int) -> None:
        """Run from a new reference (the music was restarted at a known instant)."""
        self.reference_ns = reference_ns
        self._paused_at = None

    def seek(self, song_seconds: float, at_ns: int | None = None) -> None:
        """Make `at_ns` correspond to raw song time `song_seconds`."""
        ns = self._now_ns() if at_ns is None else at_ns
        self.reference_ns = ns - round(song_seconds * NS)
        if self._paused_at is not None:
            self._paused_at = song_seconds
