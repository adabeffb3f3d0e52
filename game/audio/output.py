"""The audio device, fed by our own callback (SDL through pygame._sdl2.audio).

The callback stamps itself, tells the SampleClock which device sample it is filling, and
asks the Mixer for exactly that stretch. pygame.mixer is not used: its channels start a
sound on the next period, which is the jitter the one mixer exists to remove.
"""

from __future__ import annotations

import os
import time
from typing import Any

from game.audio.mixer import Mixer
from game.audio.sample_clock import SampleClock

NS = 1_000_000_000
#: libpulse's own knob for a stream's buffer. SDL asks PulseAudio for one period (11.6 ms)
#: of buffer; one late wake-up of its thread then underruns and shifts everything after it
#: (measured on a null sink: steps of 0.7-2.9 ms). 30 ms of buffer ends that; the callback
#: period, and so the placement of every sound, stays 512 frames.
PULSE_LATENCY_MS = "30"


class Output:
    """An open device. `open` raises on any failure (the director then plays silent)."""

    def __init__(self, mixer: Mixer, clock: SampleClock, sr: int, chunk: int) -> None:
        self.mixer = mixer
        self.clock = clock
        self.sr = sr
        self.chunk = chunk
        self.callbacks = 0
        self.max_gap_ns = 0           # longest wait between two callbacks
        self.slow_callbacks = 0       # callbacks that took over a third of their period
        self.max_fill_ns = 0          # longest callback (it may wait for the GIL)
        self._last_ns = 0
        self._device: Any = None
        self.trace: list[tuple[int, int]] | None = None   # (stamp, position) per callback

    @classmethod
    def open(cls, mixer: Mixer, sr: int, chunk: int) -> Output:
        import pygame._sdl2.audio as sdl_audio
        from pygame._sdl2.sdl2 import INIT_AUDIO, init_subsystem
        os.environ.setdefault("PULSE_LATENCY_MSEC", PULSE_LATENCY_MS)
        init_subsystem(INIT_AUDIO)
        out = cls(mixer, SampleClock(sr), sr, chunk)
        channels = mixer.channels
        # allowed_changes=0: SDL converts to the device's format, so we always write s16
        out._device = sdl_audio.AudioDevice(
            devicename=None, iscapture=False, frequency=sr, audioformat=sdl_audio.AUDIO_S16,
            numchannels=channels, chunksize=chunk, allowed_changes=0, callback=out._fill)
        out._device.pause(0)
        return out

    def _fill(self, _device: Any, mem: memoryview) -> None:
        stamp = time.perf_counter_ns()
        frames = len(mem) // (2 * self.mixer.channels)
        self.clock.record(stamp, self.mixer.position)
        mem[:] = self.mixer.fill(frames).tobytes()
        done = time.perf_counter_ns()
        if self._last_ns:
            self.max_gap_ns = max(self.max_gap_ns, stamp - self._last_ns)
        self.max_fill_ns = max(self.max_fill_ns, done - stamp)
        if (done - stamp) * 3 * self.sr > frames * NS:
            self.slow_callbacks += 1
        self._last_ns = stamp
        self.callbacks += 1
        if self.trace is not None:
            self.trace.append((stamp, self.mixer.position - frames))

    def close(self) -> None:
        if self._device is not None:
            self._device.pause(1)
            self._device.close()
            self._device = None
