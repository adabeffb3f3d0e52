"""AudioDirector: plays the soundtrack against the SongClock reference, fires sound effects
on GameEvents and keeps the horn layer in step with play, all through the one Mixer.

Every sound is placed at a device sample (game.audio.mixer): the music and the click track
on the sample their song time falls on, reactive sounds (hits, misses) a fixed
`reactive_latency_s` after the event, never rounded to the device's period. The device's
own sample clock (game.audio.sample_clock) re-syncs the song clock (`sync_clock`).

Without an audio device (or if it will not open) it is a silent director: every method
still works and returns what the caller needs, so the game runs with its visual metronome
and nothing crashes.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Iterable

import numpy as np

from game.audio.horns import HornGate, LiveHorns
from game.audio.job import SoundtrackJob
from game.audio.mixer import Mixer
from game.audio.output import Output
from game.audio.render import Soundtrack
from game.audio.sample_clock import SampleClock, heard_time
from game.audio.sfx import click_track, effect_gain, effects, stage_hit_effect
from game.audio.synth import SR
from game.core.clock import SongClock
from game.core.events import (
    Bell,
    Call,
    CountIn,
    Dodge,
    Fanfare,
    GameEvent,
    Held,
    Hit,
    Miss,
    Stray,
)
from game.core.level import Level
from game.core.settings import Settings

BUFFER = 512                # device period (frames): small, for a tight beat
OUTPUT_BUFFERS = 1.0        # a sample is heard about one period after its callback's envelope
REACTIVE_MARGIN_S = 0.003   # beyond one period: room for a callback that runs early
NS = 1_000_000_000
FEED_PERIOD_S = 0.02        # how often the horn layer catches up with the music
HORIZON_S = 0.35            # horn bars are decided this far beyond what has been mixed
SYNC_PERIOD_S = 0.05        # how often the song clock is compared with the device
STOP_FADE_MS = 250
IDLE_SUSPEND_S = 3.0        # silent this long outside play: the device is paused
PAUSE_FADE_MS = 5           # a hard stop mid-wave clicks


class AudioDirector:
    """See the module docstring. Build with `create` (a real device) or `offline` (a mixer
    nobody drains but the caller: tests, renders); neither raises."""

    def __init__(self, settings: Settings, available: bool = False, reason: str = "",
                 sr: int = SR, channels: int = 2, chunk: int = BUFFER) -> None:
        self.settings = settings
        self.available = available
        self.reason = reason
        self.sr = sr
        self.channels = channels
        self.chunk = chunk
        self.lead_samples = chunk + math.ceil(REACTIVE_MARGIN_S * sr)
        self._set_output_latency(round(OUTPUT_BUFFERS * chunk))
        self.stage = ""
        self.mixer = Mixer(channels)
        self.clock = SampleClock(sr)
        self.output: Output | None = None
        self._job: SoundtrackJob | None = None
        self._soundtrack: Soundtrack | None = None
        self._sounds: dict[str, np.ndarray] = {}
        self._live: np.ndarray | None = None
        self._music_zero = 0.0     # device sample on which song time 0 is (or would be) mixed
        self._live_start = 0       # device sample of live[0]
        self._live_first = 0       # soundtrack frame of live[0]
        self._horns: LiveHorns | None = None
        self._gate = HornGate([])
        self._lock = threading.Lock()
        self._feeder: threading.Thread | None = None
        self._stop_feed = threading.Event()
        self._playing = False
        self._last_sync_ns = 0
        self._last_sound_ns = 0
        self.idle_suspend_s = IDLE_SUSPEND_S
        self.sync_errors_ms: list[float] = []
        self._volumes = (settings.master_volume, settings.music_volume, settings.effects_volume)

    # -- construction ---------------------------------------------------------------------
    @classmethod
    def create(cls, settings: Settings) -> AudioDirector:
        """Open the device; on any failure, a silent director that says why."""
        director = cls(settings, True)
        try:
            director.output = Output.open(director.mixer, director.sr, director.chunk)
            director.clock = director.output.clock
            director._set_output_latency(director.output.latency_frames)
        except Exception as e:  # noqa: BLE001 - any device failure means: play silent
            return cls.silent(settings, f"no audio device: {e}")
        director._build_effects()
        director.set_volumes(*director._volumes)
        director._start_idle_watch()
        return director

    def _set_output_latency(self, frames: int) -> None:
        """A sample mixed at the callback envelope is heard `frames` later (the device's
        buffer): one constant, so the song clock follows what is heard, not what is mixed."""
        self.output_latency = frames
        self.latency_s = frames / self.sr
        self.reactive_latency_s = self.lead_samples / self.sr + self.latency_s

    @classmethod
    def offline(cls, settings: Settings, sr: int = SR) -> AudioDirector:
        """A director whose mixer the caller drains (`mixer.fill`) and whose sample clock
        the caller stamps: the same placement, no device."""
        director = cls(settings, True, "", sr)
        director._build_effects()
        director.set_volumes(*director._volumes)
        return director

    @classmethod
    def silent(cls, settings: Settings, reason: str) -> AudioDirector:
        return cls(settings, False, reason or "sound is off")

    # -- a quiet device on menus ----------------------------------------------------------
    def _start_idle_watch(self) -> None:
        self._last_sound_ns = time.perf_counter_ns()
        self._closed = threading.Event()
        threading.Thread(target=self._idle_watch, name="montage-audio-idle",
                         daemon=True).start()

    def _idle_watch(self) -> None:
        """Pause the device once nothing has sounded for IDLE_SUSPEND_S (our callback runs
        Python 86 times a second: 1.5-2 % of a core on a quiet title)."""
        while not self._closed.wait(0.5):
            out = self.output
            if out is None or out.suspended or self._playing or self.mixer.busy():
                continue
            if time.perf_counter_ns() - self._last_sound_ns > self.idle_suspend_s * NS:
                out.suspend(True)

    def _wake(self) -> None:
        """A sound is wanted: make sure the device runs (its clock restarts)."""
        self._last_sound_ns = time.perf_counter_ns()
        if self.output is not None and self.output.suspended:
            self.output.suspend(False)

    def close(self) -> None:
        closed = getattr(self, "_closed", None)
        if closed is not None:
            closed.set()
        self._stop_playback()
        if self.output is not None:
            self.output.close()
            self.output = None

    def _build_effects(self) -> None:
        for name, mono in effects(self.sr).items():
            self._sounds[name] = np.repeat((mono * 0.9).astype(np.float32)[:, None], 2, axis=1)

    # -- where samples are ----------------------------------------------------------------
    def sample_at(self, ns: int) -> float:
        """The device sample being filled at perf_counter instant `ns`."""
        if self.clock.ready:
            return self.clock.at(ns)
        return float(self.mixer.position)      # no callback yet: the device has not started

    def time_of(self, sample: float) -> int:
        """When `sample` is heard (perf_counter_ns), output latency included."""
        heard = sample + self.output_latency
        if self.clock.ready:
            return self.clock.time_of(heard)
        return time.perf_counter_ns() + round((heard - self.mixer.position) / self.sr * NS)

    def reactive_sample(self, now_ns: int) -> int:
        """Where a sound asked for at `now_ns` starts: a fixed lead after the device's
        position, the same for every sound wherever the period boundary falls."""
        return math.ceil(self.sample_at(now_ns)) + self.lead_samples

    def heard_time(self, ns: int) -> float:
        """The raw song time the device is playing at `ns` (by its own sample clock)."""
        if not self.clock.ready:
            return (self.sample_at(ns) - self.output_latency - self._music_zero) / self.sr
        return heard_time(self.clock, ns, self._music_zero, self.output_latency)

    def sync_clock(self, clock: SongClock, now_ns: int) -> None:
        """Re-sync `clock` to the samples the device has played (every SYNC_PERIOD_S)."""
        if not self._playing or clock.paused or not self.clock.ready:
            return
        if now_ns - self._last_sync_ns < SYNC_PERIOD_S * NS:
            return
        self._last_sync_ns = now_ns
        error = clock.sync(now_ns, self.heard_time(now_ns), self.clock.rate() / self.sr)
        if len(self.sync_errors_ms) < 100_000:
            self.sync_errors_ms.append(error * 1000.0)

    # -- the soundtrack -------------------------------------------------------------------
    def prepare(self, level: Level) -> SoundtrackJob:
        """Render (or load) the level's soundtrack on a worker thread."""
        self.stage = level.stage
        with self._lock:
            self._gate = HornGate([])
        if not self.available:
            return SoundtrackJob.finished()
        self._wake()            # the clock warms up while the soundtrack renders
        if self._job is not None and not self._job.done:
            self._job.cancel()
        self._job = SoundtrackJob(level, self.sr).start()
        return self._job

    def _ready(self) -> Soundtrack | None:
        job = self._job
        if job is None or not job.done or job.error or job.result is None:
            return None
        return job.result

    def start(self, song_time: float, now_ns: int) -> int:
        """Play the soundtrack so that `song_time` sounds as soon as it can (one reactive
        latency after `now_ns`); returns the perf_counter_ns at which beat 0 sounds, at the
        nominal rate (`sync_clock` follows the device from there)."""
        fallback = now_ns - round(song_time * NS)
        st = self._ready() if self.available else None
        if st is None:
            return fallback
        self._stop_playback()
        self._wake()
        k = st.frame_of(song_time)
        if k >= st.frames:
            return fallback
        live = np.array(st.base[max(k, 0):])          # a copy: the horns are added into it
        if k < 0:
            live = np.concatenate([np.zeros((-k, 2), np.int16), live])
        at = self.reactive_sample(now_ns)
        exact = st.start_time + k / st.sr
        with self._lock:
            bars = [(st.start_time + s / st.sr, st.start_time + e / st.sr)
                    for s, e, _ in st.horn_index]
            gate = HornGate(bars, self._gate.threshold)
            gate.combo, gate.quiet_until = self._gate.combo, self._gate.quiet_until
            self._gate = gate
            self._horns = LiveHorns(st.horns, st.horn_index, live, k, st.sr)
            self._soundtrack = st
            self._live, self._live_start, self._live_first = live, at, k
            self._music_zero = at - exact * self.sr
            # nothing is mixed yet: decide the first bars now
            self._horns.update(k, k + round(HORIZON_S * st.sr), self._wanted)
            self._playing = True
        self.mixer.play(live, at, bus="music")
        self._last_sync_ns = 0
        self._start_feeder()
        return self.time_of(at) - round(exact * NS)

    def _wanted(self, k: int) -> bool:
        return self._gate.wanted(self._gate.bars[k][0]) if k < len(self._gate.bars) else False

    def _start_feeder(self) -> None:
        if self._horns is None or not len(self._horns.starts) or self.output is None:
            return
        self._stop_feed = threading.Event()
        self._feeder = threading.Thread(target=self._feed, args=(self._stop_feed,),
                                        name="montage-horns", daemon=True)
        self._feeder.start()

    def _feed(self, stop: threading.Event) -> None:
        """Keep the horn bars ahead of the mixer's read position in step with the gate."""
        while not stop.wait(FEED_PERIOD_S):
            self.feed_horns()

    def feed_horns(self) -> None:
        """One step of the horn feeder (also callable directly, e.g. by tests): every sample
        from the mixer's position on may still change."""
        with self._lock:
            st, horns = self._soundtrack, self._horns
            if st is None or horns is None or not self._playing:
                return
            read = self._live_first + self.mixer.position - self._live_start
            horns.update(read, read + round(HORIZON_S * st.sr), self._wanted)

    def _stop_playback(self, fade_ms: int = PAUSE_FADE_MS) -> None:
        self._stop_feed.set()
        if self._feeder is not None and self._feeder is not threading.current_thread():
            self._feeder.join(1.0)
        self._feeder = None
        self.mixer.fade_out("music", round(fade_ms * self.sr / 1000))
        with self._lock:
            self._playing = False
            self._horns = None
        self._live = None

    def pause(self) -> None:
        """Stop the music where it is; `start` plays it again from any song time."""
        self._stop_playback()

    def stop(self) -> None:
        """Leaving play: the music fades out quickly; an effect still ringing (the crowd at
        the summit) finishes on its own."""
        self._stop_playback(fade_ms=STOP_FADE_MS)

    @property
    def live(self) -> np.ndarray | None:
        """The music voice's samples (the horns are edited into it), for inspection."""
        return self._live

    # -- effects and the reactive layer ---------------------------------------------------
    def on_events(self, events: Iterable[GameEvent], combo: int) -> None:
        """What a step of play (or of a replay) produced, in order."""
        for event in events:
            self.on_event(event, combo)

    def on_event(self, event: GameEvent, combo: int) -> None:
        """Sound effects for what just happened, and the horn gate."""
        with self._lock:
            self._gate.update(combo)
            if isinstance(event, Miss | Stray):
                self._gate.miss(event.time)
        if not self.available:
            return
        name = self._effect_for(event)
        if name is not None:
            self._play(name, event.time if isinstance(event, Call) else None)

    def _effect_for(self, event: GameEvent) -> str | None:
        if isinstance(event, Held | Dodge):
            return None
        if isinstance(event, Hit):
            return stage_hit_effect(event.cue.stage or self.stage, event.action, event.cue.kind)
        if isinstance(event, Miss):
            return "whiff"
        if isinstance(event, Stray):
            return "stray"
        if isinstance(event, Call):
            return "call"
        if isinstance(event, Fanfare):
            return "crowd"
        if self._playing:
            return None     # the soundtrack carries the count-in and the bells, on the beat
        if isinstance(event, Bell):
            return "bell3" if event.rings > 1 else "bell"
        if isinstance(event, CountIn):
            return "click_accent" if event.beat == 1 else "click"
        return None

    def _play(self, name: str, song_time: float | None = None,
              now_ns: int | None = None) -> None:
        """Effect `name` on its song time's sample when that is still ahead of the mixer,
        else at the reactive latency from now."""
        pcm = self._sounds.get(name)
        if pcm is None:
            return
        self._wake()
        at = self.reactive_sample(time.perf_counter_ns() if now_ns is None else now_ns)
        if song_time is not None and self._playing:
            exact = math.ceil(self._music_zero + song_time * self.sr)
            if exact >= self.mixer.position:
                at = exact
        self.mixer.play(pcm, at, bus="effects", gain=effect_gain(name))

    def click(self, accent: bool = False) -> None:
        """A metronome click, now."""
        if self.available:
            self._play("click_accent" if accent else "click")

    def play_click_track(self, times: list[float], accents: list[bool], now_ns: int) -> int:
        """Clicks at `times` (s) on the music bus; returns the perf_counter_ns at which
        time 0 sounds, by the same reckoning as `start` (calibration relies on that)."""
        if not self.available:
            return now_ns
        self._stop_playback()
        self._wake()
        mono = click_track(times, accents, self.sr)
        pcm = np.repeat((mono * 0.9).astype(np.float32)[:, None], 2, axis=1)
        at = self.reactive_sample(now_ns)
        self.mixer.play(pcm, at, bus="music")
        return self.time_of(at)

    def set_volumes(self, master: float, music: float, effects: float) -> None:
        self._volumes = (master, music, effects)
        self.mixer.set_gain("music", max(0.0, min(1.0, master * music)))
        self.mixer.set_gain("effects", max(0.0, min(1.0, master * effects)))
