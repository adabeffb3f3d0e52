"""The audio device, fed by our own callback (SDL through pygame._sdl2.audio).

The callback stamps itself, tells the SampleClock which device sample it is filling, and
asks the Mixer for exactly that stretch. pygame.mixer is not used: its channels start a
sound on the next period, which is the jitter the one mixer exists to remove.
"""

from __future__ import annotations

import ctypes
import os
import sys
import threading
import time
from typing import Any

from game.audio.mixer import Mixer
from game.audio.sample_clock import SampleClock

NS = 1_000_000_000
#: libpulse's own knob for a stream's buffer. SDL asks PulseAudio for one period (11.6 ms)
#: of buffer; one late wake-up of its thread then underruns and shifts everything after it
#: (measured on a null sink: steps of 0.7-2.9 ms). At 40 ms the server held 30 ms of ours
#: (pactl), and a callback later than that is a gap: the callback runs Python, so it waits
#: for the GIL as well as for a core. Dropouts in 30 s of play beside one CPU-bound process,
#: machine at load ~10, two runs each: 40 ms 21 and 46, 80 ms 38 and 16, 120 ms 6 and 1.
#: 80 ms (hit sounds ~85 ms after the key). Its latency is a constant
#: (OUTPUT_LATENCY_FRACTION); the callback period, and so the placement of every sound,
#: stays 512 frames. A player's own PULSE_LATENCY_MSEC wins.
PULSE_LATENCY_MS = "80"
#: how much of that buffer is between a callback and the speaker (buffer + sink latency by
#: pactl on a null sink, averaged: 35, 51 and 70 ms for 40, 60 and 80 ms asked)
OUTPUT_LATENCY_FRACTION = 0.87
#: The callback runs Python, so it needs the GIL; by default a thread holding it is asked to
#: let go only every 5 ms, and a busy frame made a callback wait 25 ms (a dropout). 1 ms
#: keeps the wait well inside one period.
SWITCH_INTERVAL_S = 0.001
WARM_CALLBACKS = 100
AUDIO_THREADS = ("SDLAudio", "PulseMainloop")    # SDL's mixing thread, libpulse's I/O thread
AUDIO_NICE = -20
SDL_THREAD_PRIORITY_HIGH = 2


def raise_audio_threads() -> int:
    """Give libpulse's I/O thread the priority SDL gives its own audio thread. SDL raises
    only the thread that calls us; the socket to the server is served by libpulse's
    mainloop thread at normal priority, and one CPU-bound process beside the game then
    starved it for up to 120 ms (heard as gaps). Linux only; where the OS refuses (no
    permission), nothing changes. Returns how many threads were raised."""
    raised = 0
    try:
        tasks = os.listdir("/proc/self/task")
    except OSError:
        return 0
    for tid in tasks:
        try:
            with open(f"/proc/self/task/{tid}/comm") as f:
                name = f.read().strip()
            if name.startswith(AUDIO_THREADS) and \
                    os.getpriority(os.PRIO_PROCESS, int(tid)) > AUDIO_NICE:
                os.setpriority(os.PRIO_PROCESS, int(tid), AUDIO_NICE)
                raised += 1
        except OSError:
            continue
    return raised


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
        self.suspended = False
        self._lowered: tuple[int, int] | None = None   # (thread, nice) before open raised it
        self.latency_frames = chunk   # from a callback's envelope until its sound is heard

    @classmethod
    def open(cls, mixer: Mixer, sr: int, chunk: int) -> Output:
        import pygame._sdl2.audio as sdl_audio
        from pygame._sdl2.sdl2 import INIT_AUDIO, init_subsystem
        os.environ.setdefault("PULSE_LATENCY_MSEC", PULSE_LATENCY_MS)
        sys.setswitchinterval(min(sys.getswitchinterval(), SWITCH_INTERVAL_S))
        init_subsystem(INIT_AUDIO)
        out = cls(mixer, SampleClock(sr), sr, chunk)
        channels = mixer.channels
        # allowed_changes=0: SDL converts to the device's format, so we always write s16
        out._device = sdl_audio.AudioDevice(
            devicename=None, iscapture=False, frequency=sr, audioformat=sdl_audio.AUDIO_S16,
            numchannels=channels, chunksize=chunk, allowed_changes=0, callback=out._fill)
        out._device.pause(0)
        out.latency_frames = output_latency_frames(_audio_driver(), sr, chunk)
        raise_audio_threads()
        out._lowered = _nice_of_this_thread()
        raise_this_thread()
        return out

    def _fill(self, _device: Any, mem: memoryview) -> None:
        stamp = time.perf_counter_ns()
        frames = len(mem) // (2 * self.mixer.channels)
        self.clock.record(stamp, self.mixer.position)
        mem[:] = self.mixer.fill(frames).tobytes()
        done = time.perf_counter_ns()
        if self.callbacks > WARM_CALLBACKS:      # a stream's first second is irregular
            self.max_gap_ns = max(self.max_gap_ns, stamp - self._last_ns)
        self.max_fill_ns = max(self.max_fill_ns, done - stamp)
        if (done - stamp) * 3 * self.sr > frames * NS:
            self.slow_callbacks += 1
        self._last_ns = stamp
        self.callbacks += 1
        if self.trace is not None:
            self.trace.append((stamp, self.mixer.position - frames))

    def suspend(self, paused: bool) -> None:
        """Pause (our callback is no longer called: no Python 86 times a second on a quiet
        menu) or resume; a resumed device starts a new sample-clock timeline."""
        if self._device is None or paused == self.suspended:
            return
        self.suspended = paused
        lib = sdl_library()
        if lib is not None:
            lib.SDL_PauseAudioDevice(ctypes.c_uint32(self._device.deviceid), int(paused))
        else:
            self._device.pause(int(paused))
        if not paused:
            self.clock.restart()

    def close(self) -> None:
        """Stop the device. SDL pauses it under its audio lock, which the audio thread holds
        through a callback, and our callback is waiting for the GIL: pausing from Python
        (pygame keeps the GIL) deadlocked. ctypes lets go of the GIL for the call."""
        if self._device is None:
            return
        lib = sdl_library()
        if lib is not None:
            lib.SDL_PauseAudioDevice(ctypes.c_uint32(self._device.deviceid), 1)
        else:
            self._device.pause(1)
        self._device.close()
        self._device = None
        _restore_nice(self._lowered)


def raise_this_thread() -> bool:
    """Ask for a high priority for the calling (game) thread, as SDL does for its audio
    thread (setpriority, or rtkit on a desktop). The callback needs the GIL, and the game
    thread holds it between polls: preempted by another process while holding it, it made
    the callback wait 30-130 ms (priority inversion, heard as gaps)."""
    lib = sdl_library()
    if lib is None:
        return False
    return lib.SDL_SetThreadPriority(SDL_THREAD_PRIORITY_HIGH) == 0


def output_latency_frames(driver: str, sr: int, chunk: int) -> int:
    """Frames between a callback's envelope and the speaker: PulseAudio's buffer (what we
    asked for) where it is the driver, else one period (what SDL asks of other drivers)."""
    if driver == "pulseaudio":
        try:
            ms = float(os.environ.get("PULSE_LATENCY_MSEC", PULSE_LATENCY_MS))
        except ValueError:
            ms = float(PULSE_LATENCY_MS)
        return max(chunk, round(ms / 1000.0 * OUTPUT_LATENCY_FRACTION * sr))
    return chunk


def _audio_driver() -> str:
    lib = sdl_library()
    if lib is None:
        return ""
    lib.SDL_GetCurrentAudioDriver.restype = ctypes.c_char_p
    name = lib.SDL_GetCurrentAudioDriver()
    return name.decode() if name else ""


def _nice_of_this_thread() -> tuple[int, int] | None:
    try:
        tid = threading.get_native_id()
        return tid, os.getpriority(os.PRIO_PROCESS, tid)
    except (OSError, AttributeError):
        return None


def _restore_nice(saved: tuple[int, int] | None) -> None:
    """Give the opening thread its own priority back: a process that closes the audio
    (a test run, the bench) otherwise kept running at the game's priority, and every
    process it started after (a CPU burner, a test's game) inherited it."""
    if saved is None:
        return
    try:
        os.setpriority(os.PRIO_PROCESS, saved[0], saved[1])
    except OSError:
        pass


def sdl_library() -> ctypes.CDLL | None:
    """The SDL2 that pygame has loaded (Linux: found in /proc/self/maps), or None."""
    try:
        with open("/proc/self/maps") as f:
            paths = {line.split()[-1] for line in f if "/" in line}
    except OSError:
        return None
    for path in sorted(paths):
        if os.path.basename(path).startswith("libSDL2-"):
            try:
                return ctypes.CDLL(path)
            except OSError:
                return None
    return None
