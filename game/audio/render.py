"""Score -> samples, block by block, so a 30-minute level never holds more than a few seconds
of float audio: each block is mixed in float32, soft-limited and written out as int16 stereo.

The horn stem is stored as its own int16 bars (the difference the horns make to the limited
full mix), so base + horns is exactly the limited full mix and adding or removing a bar of
horns at play time is exact integer arithmetic, never an overflow.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np

from game.audio.score import Score
from game.audio.synth import F32, SUSTAINED, Bank, ramp

BLOCK = 1 << 16
KNEE = 0.86            # the limiter leaves everything below this untouched
MASTER = 0.7           # headroom for the downbeats where stabs, kick, crash and bell meet
FULL_SCALE = 32767


@dataclass
class Soundtrack:
    """A rendered level: the base mix and the horn bars, int16 stereo."""

    sr: int
    start_time: float        # song time of frame 0
    base: np.ndarray         # (frames, 2) int16
    horns: np.ndarray        # (horn frames, 2) int16: the horn bars back to back
    horn_index: np.ndarray   # (bars, 3) int64: start frame, end frame, offset into horns
    peak: float = 0.0        # highest level of the full mix before the limiter
    limited: float = 0.0     # fraction of samples the limiter touched

    @property
    def frames(self) -> int:
        return len(self.base)

    @property
    def duration(self) -> float:
        return self.frames / self.sr

    def frame_of(self, song_time: float) -> int:
        return round((song_time - self.start_time) * self.sr)

    def full_mix(self) -> np.ndarray:
        """Base with every horn bar in: what a player on a perfect combo hears."""
        out = np.array(self.base, dtype=np.int16)
        for start, end, off in self.horn_index:
            out[start:end] += self.horns[off:off + end - start]
        return out


def soft_limit(x: np.ndarray, knee: float = KNEE) -> int:
    """Bend peaks above `knee` smoothly toward (never to) full scale, in place."""
    mask = np.abs(x) > knee
    count = int(np.count_nonzero(mask))
    if count:
        v = x[mask]
        room = 1.0 - knee
        x[mask] = np.sign(v) * (knee + room * np.tanh((np.abs(v) - knee) / room))
    return count


def _pan_gains(pan: float) -> tuple[float, float]:
    return min(1.0, 1.0 - pan), min(1.0, 1.0 + pan)


class Placer:
    """Adds the notes of a score that overlap a block of frames into stereo buffers."""

    def __init__(self, score: Score, bank: Bank, stems: Iterable[str] | None = None,
                 split_horns: bool = False) -> None:
        wanted = set(stems) if stems is not None else None
        self.notes = [n for n in score.notes if wanted is None or n.stem in wanted]
        self.split_horns = split_horns
        need: dict[tuple, int] = {}
        for n in self.notes:
            if n.key[0] in SUSTAINED:
                need[n.key] = max(need.get(n.key, 0), n.length + n.release)
        for key, length in need.items():
            bank.get(key, length)
        self.samples = [bank.get(n.key, n.length + n.release) for n in self.notes]
        self.starts = np.array([n.start for n in self.notes], np.int64)
        self.ends = np.array([n.start + (n.length + n.release if n.length else len(s))
                              for n, s in zip(self.notes, self.samples, strict=True)], np.int64)
        self._fades: dict[int, np.ndarray] = {}

    def fade(self, n: int) -> np.ndarray:
        f = self._fades.get(n)
        if f is None:
            f = (1.0 - ramp(n)).astype(F32)
            self._fades[n] = f
        return f

    def block(self, b0: int, b1: int) -> tuple[np.ndarray, np.ndarray | None]:
        """(base, horns) float32 (n, 2) for frames [b0, b1); horns None if silent or not
        split off."""
        n = b1 - b0
        center = np.zeros(n, F32)
        side = np.zeros((2, n), F32)
        horns: np.ndarray | None = None
        for j in np.nonzero((self.starts < b1) & (self.ends > b0))[0]:
            note, src = self.notes[j], self.samples[j]
            mono: np.ndarray | None = center
            stereo = side
            if self.split_horns and note.stem == "horns":
                if horns is None:
                    horns = np.zeros((2, n), F32)
                mono, stereo = None, horns
            body = min(note.length or len(src), len(src))
            rel = min(note.release, len(src) - body) if note.length else 0
            seg = self._segment(src, 0, body, note.start, note.gain, b0, b1, None)
            if seg is not None:
                self._place(mono, stereo, seg[0], seg[1], note.pan, b0)
            if rel > 0:
                seg = self._segment(src, body, body + rel, note.start, note.gain, b0, b1,
                                    self.fade(rel))
                if seg is not None:
                    self._place(mono, stereo, seg[0], seg[1], note.pan, b0)
        out = np.empty((n, 2), F32)
        out[:, 0] = center + side[0]
        out[:, 1] = center + side[1]
        return out, (horns.T.copy() if horns is not None else None)

    @staticmethod
    def _segment(src: np.ndarray, s0: int, s1: int, start: int, gain: float, b0: int, b1: int,
                 env: np.ndarray | None) -> tuple[int, np.ndarray] | None:
        """The part of src[s0:s1] (src[0] placed at frame `start`) inside the block, scaled."""
        lo = max(start + s0, b0)
        hi = min(start + s1, b1)
        if hi <= lo:
            return None
        seg = src[lo - start:hi - start] * F32(gain * MASTER)
        if env is not None:
            seg *= env[lo - start - s0:hi - start - s0]
        return lo, seg

    @staticmethod
    def _place(mono: np.ndarray | None, stereo: np.ndarray, lo: int, seg: np.ndarray,
               pan: float, b0: int) -> None:
        a, b = lo - b0, lo - b0 + len(seg)
        if pan == 0.0 and mono is not None:
            mono[a:b] += seg
            return
        gl, gr = _pan_gains(pan)
        stereo[0, a:b] += seg * F32(gl) if gl != 1.0 else seg
        stereo[1, a:b] += seg * F32(gr) if gr != 1.0 else seg


def render_stems(score: Score, bank: Bank | None = None,
                 stems: Iterable[str] | None = None) -> np.ndarray:
    """The chosen stems mixed as float32 (frames, 2), unlimited: for analysis and tests."""
    bank = bank or Bank(score.sr)
    placer = Placer(score, bank, stems)
    out = np.empty((score.frames, 2), F32)
    for b0 in range(0, score.frames, BLOCK):
        b1 = min(score.frames, b0 + BLOCK)
        out[b0:b1] = placer.block(b0, b1)[0]
    return out


def horn_layout(score: Score) -> np.ndarray:
    """(bars, 3) start frame, end frame, offset into the packed horn array."""
    index = np.zeros((len(score.horn_bars), 3), np.int64)
    off = 0
    for k, (start, end) in enumerate(score.horn_bars):
        end = min(end, score.frames)
        index[k] = (start, end, off)
        off += max(0, end - start)
    return index


def render_soundtrack(score: Score, bank: Bank | None = None, base: np.ndarray | None = None,
                      horns: np.ndarray | None = None,
                      progress: Callable[[float], None] | None = None) -> Soundtrack:
    """Render the base mix and the horn bars as int16 stereo into `base` and `horns` (made
    here if not given, e.g. memory-mapped files from the cache)."""
    bank = bank or Bank(score.sr)
    index = horn_layout(score)
    horn_frames = int(index[-1, 2] + index[-1, 1] - index[-1, 0]) if len(index) else 0
    if base is None:
        base = np.empty((score.frames, 2), np.int16)
    if horns is None:
        horns = np.empty((horn_frames, 2), np.int16)
    placer = Placer(score, bank, split_horns=True)
    starts = [int(s) for s in index[:, 0]]
    ends = [int(e) for e in index[:, 1]]
    peak, limited = 0.0, 0
    for b0 in range(0, score.frames, BLOCK):
        b1 = min(score.frames, b0 + BLOCK)
        mix, horn = placer.block(b0, b1)
        full = mix + horn if horn is not None else None
        peak = max(peak, float(np.max(np.abs(full if full is not None else mix))))
        limited += soft_limit(mix)
        base_i = np.rint(mix * FULL_SCALE).astype(np.int16)
        base[b0:b1] = base_i
        first, last = bisect_right(ends, b0), bisect_left(starts, b1)
        if first < last:
            if full is not None:
                limited += soft_limit(full)
                diff = np.rint(full * FULL_SCALE).astype(np.int32) - base_i
                diff = np.clip(diff, -FULL_SCALE, FULL_SCALE).astype(np.int16)
            else:
                diff = np.zeros_like(base_i)
            for k in range(first, last):
                start, end, off = starts[k], ends[k], int(index[k, 2])
                lo, hi = max(start, b0), min(end, b1)
                if hi > lo:
                    horns[off + lo - start:off + hi - start] = diff[lo - b0:hi - b0]
        if progress is not None:
            progress(b1 / score.frames)
    if progress is not None:
        progress(1.0)
    return Soundtrack(score.sr, score.start_time, base, horns, index, peak,
                      limited / max(1, 2 * score.frames))
