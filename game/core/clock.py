"""SongClock: "now in the song" from one monotonic reference, never from summed deltas.

The reference is re-synced smoothly to the samples the audio device has played (`sync`): a
sound card whose crystal runs 0.1 % fast is 1.8 s ahead after half an hour, and the judge
must follow the music, not the CPU's clock.
"""

from __future__ import annotations

import time
from collections.abc import Callable

NS = 1_000_000_000
RESYNC_JUMP_S = 0.05     # an error this large is a restart or a dropout: jump, don't slew
SLEW_TAU_S = 1.0         # a smaller error is corrected by a rate change over about this long
MAX_RATE_DEV = 0.005     # never run more than 0.5 % off real time while slewing


class SongClock:
    """Song time = (now - reference) * rate - offset, where `reference` is when beat 0 sounds
    and `rate` (1 until synced) is song seconds per second of perf_counter.

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
        self.rate = 1.0

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
        return (ns - self.reference_ns) * self.rate / NS

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
        self.reference_ns = ns - round((self._paused_at - lead_in) * NS / self.rate)
        self._paused_at = None

    def anchor(self, reference_ns: int) -> None:
        """Run from a new reference (the music was restarted at a known instant), at the
        nominal rate until the next `sync`."""
        self.reference_ns = reference_ns
        self.rate = 1.0
        self._paused_at = None

    def seek(self, song_seconds: float, at_ns: int | None = None) -> None:
        """Make `at_ns` correspond to raw song time `song_seconds`."""
        ns = self._now_ns() if at_ns is None else at_ns
        self.reference_ns = ns - round(song_seconds * NS / self.rate)
        if self._paused_at is not None:
            self._paused_at = song_seconds

    def sync(self, at_ns: int, heard: float, heard_rate: float = 1.0) -> float:
        """Follow the audio: at `at_ns` the device is playing raw song time `heard`, advancing
        `heard_rate` song seconds per second. A small error is slewed away by running a
        little fast or slow (song time stays continuous and monotonic); a large one is a
        jump. Returns the error before the correction (seconds, + = the clock was behind)."""
        if self._paused_at is not None:
            return 0.0
        error = heard - self.raw_time(at_ns)
        if abs(error) > RESYNC_JUMP_S:
            self.rate = heard_rate
            self.reference_ns = at_ns - round(heard * NS / heard_rate)
            return error
        now = self.raw_time(at_ns)
        rate = heard_rate + error / SLEW_TAU_S
        self.rate = min(1.0 + MAX_RATE_DEV, max(1.0 - MAX_RATE_DEV, rate))
        self.reference_ns = at_ns - round(now * NS / self.rate)
        return error
