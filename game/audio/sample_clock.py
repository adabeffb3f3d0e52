"""SampleClock: which sample the audio device is playing at a perf_counter instant.

The device asks for audio in callbacks. Each callback is stamped (perf_counter_ns) with the
device position of the first sample it fills. A callback can run late (the OS scheduled
another thread, the GIL was held) but never early, so the stamps' lower envelope is the
device's own clock. Per block of callbacks we keep the earliest-running stamp and fit a line
through the last minute of them (least squares, shifted to their median): the slope is the
device's real sample rate (a crystal is off by up to ~0.1 %), the line maps any instant to
a sample and back. Pure: no pygame.
"""

from __future__ import annotations

from collections import deque

NS = 1_000_000_000
BLOCK_S = 0.25          # one envelope point per this much audio (~21 callbacks)
HISTORY_BLOCKS = 240    # the fit spans this many points (a minute)
BREAK_S = 0.004         # a fresh point this far off the fit: the stream restarted or dropped


class SampleClock:
    """See the module docstring. `record` is called by the audio thread, `at`/`time_of` by
    the game: they read one immutable tuple, so no lock is needed."""

    def __init__(self, sr: int) -> None:
        self.sr = sr
        self._points: deque[tuple[int, int]] = deque(maxlen=HISTORY_BLOCKS)
        self._block: tuple[int, int] | None = None   # best (stamp, position) in this block
        self._block_end = 0
        self._fit: tuple[int, float, float] | None = None   # (t0 ns, sample at t0, samples/ns)
        self.breaks = 0

    # -- the audio thread -----------------------------------------------------------------
    def record(self, stamp_ns: int, position: int) -> None:
        """A callback stamped `stamp_ns` is filling the buffer that starts at `position`."""
        if self._block is None or self._lead(stamp_ns, position) > self._lead(*self._block):
            self._block = (stamp_ns, position)
        if not self._points:       # until the first block closes: the best point so far
            self._fit = (self._block[0], float(self._block[1]), self.sr / NS)
        if position >= self._block_end:
            self._close_block()
            self._block_end = position + round(BLOCK_S * self.sr)

    def _lead(self, stamp_ns: int, position: int) -> float:
        """How early a callback ran against the nominal rate (larger: nearer the envelope)."""
        return position - stamp_ns * self.sr / NS

    def restart(self) -> None:
        """The device was paused: its stamps start a new timeline."""
        self._points.clear()
        self._block = None
        self._fit = None
        self._block_end = 0

    def _close_block(self) -> None:
        point, self._block = self._block, None
        if point is None:
            return
        fit = self._fit
        if self._points and fit is not None and \
                abs(self._predict(fit, point[0]) - point[1]) > BREAK_S * self.sr:
            self._points.clear()   # a dropout or a restart moved the timeline: start over
            self.breaks += 1
        self._points.append(point)
        pts = list(self._points)
        t0 = pts[-1][0]
        if len(pts) < 2:
            self._fit = (t0, float(pts[-1][1]), self.sr / NS)
            return
        xs = [t - t0 for t, _ in pts]
        ys = [float(p) for _, p in pts]
        n = len(pts)
        mx, my = sum(xs) / n, sum(ys) / n
        sxx = sum((x - mx) ** 2 for x in xs)
        slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sxx
        # the envelope: each point is already its block's earliest callback; their median
        # sits on it without creeping up as the history grows (a max would)
        lifts = sorted(y - (my + slope * (x - mx)) for x, y in zip(xs, ys, strict=True))
        self._fit = (t0, my - slope * mx + lifts[len(lifts) // 2], slope)

    # -- the game thread ------------------------------------------------------------------
    @staticmethod
    def _predict(fit: tuple[int, float, float], ns: int) -> float:
        t0, p0, slope = fit
        return p0 + (ns - t0) * slope

    @property
    def ready(self) -> bool:
        return self._fit is not None

    def at(self, ns: int) -> float:
        """The device position (samples) at perf_counter instant `ns`."""
        fit = self._fit
        if fit is None:
            raise RuntimeError("no callback yet")
        return self._predict(fit, ns)

    def time_of(self, sample: float) -> int:
        """The perf_counter_ns at which the device reaches `sample`."""
        fit = self._fit
        if fit is None:
            raise RuntimeError("no callback yet")
        t0, p0, slope = fit
        return t0 + round((sample - p0) / slope)

    def rate(self) -> float:
        """The device's real sample rate, in samples per second of perf_counter."""
        fit = self._fit
        return fit[2] * NS if fit is not None else float(self.sr)


def heard_time(clock: SampleClock, ns: int, music_zero: float, output_latency: int) -> float:
    """The raw song time the device plays at `ns`: song time 0 was mixed on device sample
    `music_zero` and is heard `output_latency` samples after the callback envelope."""
    return (clock.at(ns) - output_latency - music_zero) / clock.sr
