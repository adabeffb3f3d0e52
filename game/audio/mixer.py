"""The one mixer: every sound the game makes (music, cue sounds, bell, count-in, the coach,
hit sounds) is placed at a device sample and summed into the one stream the device plays.

A sound started with pygame's mixer begins on the mixer's next period, so onsets jitter by
a whole buffer (11.6 ms at 512 frames). Here a voice starts on its own sample, whatever
buffer it falls in: scheduled sounds land exactly, reactive ones at a constant latency.
Pure numpy; `fill` runs on the audio thread, everything else on the game's.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

import numpy as np

F32 = np.float32
SCALE = F32(1.0 / 32768.0)


@dataclass(eq=False)
class Voice:
    """One sound in flight: `pcm[i]` plays at device sample `start + i`."""

    pcm: np.ndarray          # (n, 2) int16 or float32 (float: full scale 1.0)
    start: int
    bus: str = "effects"
    gain: float = 1.0
    fade_at: int | None = None   # from this sample the voice fades out ...
    fade_len: int = 1            # ... over this many, then ends

    @property
    def end(self) -> int:
        stop = self.start + len(self.pcm)
        return stop if self.fade_at is None else min(stop, self.fade_at + self.fade_len)


class Mixer:
    """Voices on named buses (`music`, `effects`), mixed to int16 (frames, channels)."""

    def __init__(self, channels: int = 2) -> None:
        self.channels = channels
        self.position = 0            # the next device sample `fill` will produce
        self._voices: list[Voice] = []
        self._gains: dict[str, float] = {"music": 1.0, "effects": 1.0}
        self._lock = threading.Lock()
        self.late = 0                # voices asked to start on a sample already mixed
        self.peak = 0.0              # loudest output sample before clipping (1.0 = full)
        self._silence = np.zeros((0, channels), np.int16)

    def play(self, pcm: np.ndarray, at: int, bus: str = "effects", gain: float = 1.0,
             late_ok: bool = True) -> Voice | None:
        """Start `pcm` on device sample `at`. A sample already mixed can't be changed: the
        voice then starts on the next one (`late_ok`) or is dropped; either is counted."""
        with self._lock:
            if at < self.position:
                self.late += 1
                if not late_ok:
                    return None
                at = self.position
            voice = Voice(pcm, at, bus, gain)
            self._voices.append(voice)
            return voice

    def fade_out(self, bus: str, samples: int, at: int | None = None) -> None:
        """Every voice on `bus` fades out over `samples`, from `at` (default: now)."""
        with self._lock:
            start = max(self.position, at if at is not None else self.position)
            for v in self._voices:
                if v.bus == bus and (v.fade_at is None or v.fade_at > start):
                    v.fade_at, v.fade_len = start, max(1, samples)

    def stop(self, bus: str) -> None:
        with self._lock:
            self._voices = [v for v in self._voices if v.bus != bus]

    def set_gain(self, bus: str, gain: float) -> None:
        self._gains[bus] = gain

    def busy(self, bus: str | None = None) -> bool:
        with self._lock:
            return any(bus is None or v.bus == bus for v in self._voices)

    def fill(self, frames: int) -> np.ndarray:
        """The next `frames` device samples, int16 (frames, channels); advances `position`."""
        with self._lock:
            p, q = self.position, self.position + frames
            self.position = q
            voices = [v for v in self._voices if v.start < q and v.end > p]
            self._voices = [v for v in self._voices if v.end > q]
        if not voices:              # menus: most callbacks are silence, keep them cheap
            if self._silence.shape[0] != frames:
                self._silence = np.zeros((frames, self.channels), np.int16)
            return self._silence
        out = np.zeros((frames, 2), F32)
        for v in voices:
            a, b = max(v.start, p), min(v.end, q)
            seg = v.pcm[a - v.start:b - v.start]
            gain = F32(self._gains.get(v.bus, 1.0) * v.gain)
            if seg.dtype == np.int16:
                gain *= SCALE
            part = seg * gain
            if v.fade_at is not None and b > v.fade_at:
                idx = np.arange(a, b, dtype=F32)
                env = np.clip(1.0 - (idx - F32(v.fade_at)) / F32(v.fade_len), 0.0, 1.0)
                part = part * env[:, None]
            out[a - p:b - p] += part
        self.peak = max(self.peak, float(np.abs(out).max()))
        if self.channels == 1:
            out = out.mean(axis=1, keepdims=True)
        return np.rint(np.clip(out, -1.0, 32767 / 32768) * 32768).astype(np.int16)
