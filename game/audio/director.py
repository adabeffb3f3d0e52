"""AudioDirector: the only user of pygame.mixer. Plays the soundtrack against the SongClock
reference, fires sound effects on GameEvents and keeps the horn layer in step with play.

Without an audio device (or if the mixer will not start) it is a silent director: every
method still works and returns what the caller needs, so the game runs with its visual
metronome and nothing crashes.
"""

from __future__ import annotations

import threading
import time

import numpy as np

from game.audio.horns import HornGate, LiveHorns
from game.audio.job import SoundtrackJob
from game.audio.render import Soundtrack
from game.audio.sfx import click_track, effect_gain, effects, stage_hit_effect
from game.audio.synth import SR
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

BUFFER = 512                # mixer buffer (frames): small, for a tight beat
LATENCY_BUFFERS = 1.5       # a sound is heard ~1.5 buffers after it is started
NS = 1_000_000_000
FEED_PERIOD_S = 0.02        # how often the horn layer catches up with the music
READ_AHEAD_S = 0.1          # beyond the output latency: what the mixer may have read already
HORIZON_S = 0.35            # horn bars are decided this far beyond what has been read
STOP_FADE_MS = 250


class AudioDirector:
    """See the module docstring. Build with `create`; it never raises."""

    def __init__(self, settings: Settings, available: bool = False, reason: str = "",
                 sr: int = SR, channels: int = 2) -> None:
        self.settings = settings
        self.available = available
        self.reason = reason
        self.sr = sr
        self.channels = channels
        self.latency_s = LATENCY_BUFFERS * BUFFER / sr
        self.stage = ""
        self._job: SoundtrackJob | None = None
        self._soundtrack: Soundtrack | None = None
        self._sounds: dict = {}
        self._music = None
        self._live_sound = None
        self._live: np.ndarray | None = None
        self._horns: LiveHorns | None = None
        self._gate = HornGate([])
        self._ref_ns = 0
        self._lock = threading.Lock()
        self._feeder: threading.Thread | None = None
        self._stop_feed = threading.Event()
        self._playing = False
        self._volumes = (settings.master_volume, settings.music_volume, settings.effects_volume)

    # -- construction ---------------------------------------------------------------------
    @classmethod
    def create(cls, settings: Settings) -> AudioDirector:
        """Open the mixer; on any failure, a silent director that says why."""
        try:
            import pygame
            if pygame.mixer.get_init() is None:
                pygame.mixer.init(frequency=SR, size=-16, channels=2, buffer=BUFFER,
                                  allowedchanges=0)
            init = pygame.mixer.get_init()
            if init is None:
                raise RuntimeError("the mixer did not start")
            freq, size, channels = init
            if size != -16 or channels not in (1, 2):
                raise RuntimeError(f"unsupported output format ({size} bits, {channels} ch)")
            pygame.mixer.set_num_channels(16)
            pygame.mixer.set_reserved(1)
            director = cls(settings, True, "", freq, channels)
            director._music = pygame.mixer.Channel(0)
            director._build_effects()
            director.set_volumes(*director._volumes)
            return director
        except Exception as e:  # noqa: BLE001 - any mixer failure means: play silent
            return cls.silent(settings, f"no audio device: {e}")

    @classmethod
    def silent(cls, settings: Settings, reason: str) -> AudioDirector:
        return cls(settings, False, reason or "sound is off")

    def _sound(self, stereo: np.ndarray):
        """A pygame Sound from int16 (n, 2) samples, in the mixer's channel layout."""
        import pygame
        if self.channels == 1:
            stereo = stereo.mean(axis=1).astype(np.int16)
        return pygame.sndarray.make_sound(np.ascontiguousarray(stereo))

    def _build_effects(self) -> None:
        for name, mono in effects(self.sr).items():
            pcm = np.rint(mono * 32767 * 0.9).astype(np.int16)
            self._sounds[name] = self._sound(np.repeat(pcm[:, None], 2, axis=1))

    # -- the soundtrack -------------------------------------------------------------------
    def prepare(self, level: Level) -> SoundtrackJob:
        """Render (or load) the level's soundtrack on a worker thread."""
        self.stage = level.stage
        with self._lock:
            self._gate = HornGate([])
        if not self.available:
            return SoundtrackJob.finished()
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
        """Play the soundtrack so that `song_time` sounds about now; returns the
        perf_counter_ns at which beat 0 sounds (output latency included)."""
        fallback = now_ns - round(song_time * NS)
        st = self._ready() if self.available else None
        if st is None:
            return fallback
        self._stop_playback()
        k = st.frame_of(song_time)
        if k >= st.frames:
            return fallback
        pcm = st.base[max(k, 0):]
        if k < 0:
            pcm = np.concatenate([np.zeros((-k, 2), np.int16), pcm])
        sound = self._sound(pcm)
        import pygame
        live = pygame.sndarray.samples(sound)
        with self._lock:
            bars = [(st.start_time + s / st.sr, st.start_time + e / st.sr)
                    for s, e, _ in st.horn_index]
            gate = HornGate(bars, self._gate.threshold)
            gate.combo, gate.quiet_until = self._gate.combo, self._gate.quiet_until
            self._gate = gate
            self._horns = LiveHorns(st.horns, st.horn_index, live, k, st.sr) \
                if self.channels == 2 else None
            self._soundtrack = st
            if self._horns is not None:     # nothing is read yet: decide the first bars now
                self._horns.update(k, k + round(HORIZON_S * st.sr), self._wanted)
        self._live_sound, self._live = sound, live
        assert self._music is not None
        self._music.play(sound)
        played = time.perf_counter_ns()
        exact = st.start_time + k / st.sr
        self._ref_ns = played + round(self.latency_s * NS) - round(exact * NS)
        self._playing = True
        self._start_feeder()
        return self._ref_ns

    def _wanted(self, k: int) -> bool:
        return self._gate.wanted(self._gate.bars[k][0]) if k < len(self._gate.bars) else False

    def _start_feeder(self) -> None:
        if self._horns is None or not len(self._horns.starts):
            return
        self._stop_feed = threading.Event()
        self._feeder = threading.Thread(target=self._feed, args=(self._stop_feed,),
                                        name="montage-horns", daemon=True)
        self._feeder.start()

    def _feed(self, stop: threading.Event) -> None:
        """Keep the horn bars ahead of the mixer's read position in step with the gate."""
        while not stop.wait(FEED_PERIOD_S):
            self.feed_horns(time.perf_counter_ns())

    def feed_horns(self, now_ns: int) -> None:
        """One step of the horn feeder (also callable directly, e.g. by tests)."""
        with self._lock:
            st, horns = self._soundtrack, self._horns
            if st is None or horns is None or not self._playing:
                return
            heard = (now_ns - self._ref_ns) / NS
            ahead = self.latency_s + READ_AHEAD_S + max(0.0, self.settings.audio_offset_ms
                                                        / 1000.0)
            read = st.frame_of(heard + ahead)
            horns.update(read, read + round(HORIZON_S * st.sr), self._wanted)

    def _stop_playback(self, fade_ms: int = 0) -> None:
        self._stop_feed.set()
        if self._feeder is not None and self._feeder is not threading.current_thread():
            self._feeder.join(1.0)
        self._feeder = None
        if self._music is not None:
            if fade_ms > 0 and self._music.get_busy():
                self._music.fadeout(fade_ms)
            else:
                self._music.stop()
        with self._lock:
            self._playing = False
            self._horns = None
        self._live_sound = self._live = None

    def pause(self) -> None:
        """Stop the music where it is; `start` plays it again from any song time."""
        self._stop_playback()

    def stop(self) -> None:
        """Leaving play: the music fades out quickly; an effect still ringing (the crowd at
        the summit) finishes on its own."""
        self._stop_playback(fade_ms=STOP_FADE_MS)

    @property
    def live(self) -> np.ndarray | None:
        """The samples playing now (a view of the mixer's buffer), for inspection."""
        return self._live

    # -- effects and the reactive layer ---------------------------------------------------
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
            self._play(name)

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

    def _play(self, name: str) -> None:
        sound = self._sounds.get(name)
        if sound is not None:
            sound.play()

    def click(self, accent: bool = False) -> None:
        """A metronome click, now."""
        if self.available:
            self._play("click_accent" if accent else "click")

    def play_click_track(self, times: list[float], accents: list[bool], now_ns: int) -> int:
        """Clicks at `times` (s) on the music channel; returns the perf_counter_ns at which
        time 0 sounds, by the same reckoning as `start` (calibration relies on that)."""
        if not self.available or self._music is None:
            return now_ns
        self._stop_playback()
        mono = click_track(times, accents, self.sr)
        pcm = np.rint(mono * 32767 * 0.9).astype(np.int16)
        sound = self._sound(np.repeat(pcm[:, None], 2, axis=1))
        self._live_sound = sound
        self._music.play(sound)
        return time.perf_counter_ns() + round(self.latency_s * NS)

    def set_volumes(self, master: float, music: float, effects: float) -> None:
        self._volumes = (master, music, effects)
        if not self.available:
            return
        if self._music is not None:
            self._music.set_volume(max(0.0, min(1.0, master * music)))
        for name, sound in self._sounds.items():
            sound.set_volume(max(0.0, min(1.0, master * effects * effect_gain(name))))
