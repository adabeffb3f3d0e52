"""Watch a stored run: the real view (Rig) fed the recorded inputs as song time passes.
Left/Right seek (Shift: a bar's worth less, 1 s), Space pauses, Esc leaves.

Seeking forward plays the inputs up to the new time; seeking back builds the Rig afresh
and plays up to it (the rules only run forwards), which takes a moment on a long level.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pygame

from game.app.context import App
from game.app.rig import Rig
from game.app.scene import Scene
from game.core.clock import SongClock
from game.core.events import GameEvent
from game.core.level import Level
from game.core.replay import Replay, played_level
from game.core.session import Entry

W, H = 1280, 720
SEEK_S = 5.0
FINE_SEEK_S = 1.0
END_HOLD_S = 1.5


class ReplayScene(Scene):
    wants_fast_polling = True

    def __init__(self, app: App, level: Level, replay: Replay, attempt: Any = None) -> None:
        super().__init__(app)
        self.replay = replay
        self.attempt = attempt
        self.level = played_level(level, replay)
        self.paused = False
        self.audio = app.audio if app.audio is not None and app.audio.available else None
        self.job = self.audio.prepare(self.level) if self.audio is not None else None
        self.started = False
        self.rest: list[Entry] = []
        self._build(None)
        self.clock = SongClock(audio_offset_ms=0.0, visual_offset_ms=0.0)
        self.clock.pause()
        self.t = self.rig.session.now

    # -- the rig ------------------------------------------------------------------------
    def _build(self, upto: float | None) -> None:
        s = self.app.settings
        who = f"REPLAY  {self.replay.tier.upper()}"
        self.rig = Rig(self.level, self.app.text, tier=self.replay.tier,
                       assist=self.replay.assist, reduced_motion=s.reduced_motion,
                       bindings=s.bindings, silent=self.audio is None, label=who,
                       start_time=self.replay.start_time, pad_bindings=s.pad_bindings)
        self.rest = list(self.replay.inputs)
        if upto is not None:
            self.rest = self.rig.play_until(self.rest, upto)

    @property
    def start(self) -> float:
        return self.rig.session.start_time

    @property
    def end(self) -> float:
        return self.rig.session.end_time + END_HOLD_S

    # -- time ---------------------------------------------------------------------------
    def _run_from(self, t: float, now_ns: int) -> None:
        """Song time t plays at now_ns (music restarted there when there is music)."""
        if self.audio is not None and self.job is not None and self.job.done \
                and not self.job.error:
            self.clock.anchor(self.audio.start(t, now_ns))
        else:
            self.clock.anchor(now_ns - int(t * 1e9))

    def seek(self, to: float, now_ns: int) -> None:
        to = min(self.end, max(self.start, to))
        if to < self.t:
            self._build(to)
        else:
            self.rest = self.rig.play_until(self.rest, to)
        self.t = to
        if self.paused:
            self.clock.pause()
            self.clock.seek(to)
            if self.audio is not None:
                self.audio.pause()
        else:
            self._run_from(to, now_ns)

    def toggle_pause(self, now_ns: int) -> None:
        if self.paused:
            self.paused = False
            self._run_from(self.t, now_ns)
            return
        self.paused = True
        self.clock.pause(now_ns)
        if self.audio is not None:
            self.audio.pause()

    # -- the loop -----------------------------------------------------------------------
    def handle(self, event: pygame.event.Event, stamp_ns: int) -> None:
        if event.type != pygame.KEYDOWN:
            return
        fine = bool(event.mod & pygame.KMOD_SHIFT)
        step = FINE_SEEK_S if fine else SEEK_S
        if event.key == pygame.K_SPACE:
            self.toggle_pause(stamp_ns)
        elif event.key == pygame.K_RIGHT:
            self.seek(self.t + step, stamp_ns)
        elif event.key == pygame.K_LEFT:
            self.seek(self.t - step, stamp_ns)
        elif event.key == pygame.K_HOME:
            self.seek(self.start, stamp_ns)
        elif event.key in (pygame.K_ESCAPE, pygame.K_q):
            self.app.pop()

    def update(self, now_ns: int) -> None:
        if not self.started:
            if self.job is None or self.job.done:
                self.started = True
                self._run_from(self.t, max(now_ns, time.perf_counter_ns()))
            return
        if self.paused:
            return
        t = self.clock.song_time(now_ns)
        if t >= self.end:       # the end: hold the last picture, paused
            t = self.end
            self.paused = True
            self.clock.pause(now_ns)
            if self.audio is not None:
                self.audio.pause()
        self.rest = self.rig.play_until(self.rest, t, hear=self._hear)
        self.t = max(self.t, t)

    def _hear(self, events: list[GameEvent]) -> None:
        """The run's hit sounds (and the music's horns following its combo) as it plays;
        a seek plays its inputs silently."""
        if self.audio is not None:
            self.audio.on_events(events, self.rig.session.score.combo)

    def leave(self) -> None:
        if self.audio is not None:
            self.audio.stop()

    def draw(self, canvas: pygame.Surface) -> Iterator[None]:
        yield from self.rig.draw(canvas, self.t)
        self._draw_bar(canvas)

    def _draw_bar(self, canvas: pygame.Surface) -> None:
        """Where in the run, and the keys: top centre, clear of the HUD and cue track."""
        x, y, w = W // 2 - 165, 50, 330      # between the HUD's panels (they end at 456)
        span = max(1e-6, self.end - self.start)
        frac = min(1.0, max(0.0, (self.t - self.start) / span))
        pygame.draw.rect(canvas, (20, 18, 24), (x - 10, y - 8, w + 20, 46), border_radius=6)
        pygame.draw.rect(canvas, (60, 60, 66), (x, y, w, 6))
        pygame.draw.rect(canvas, (255, 214, 90), (x, y, int(w * frac), 6))
        m, s = divmod(max(0.0, self.t), 60)
        state = "PAUSED   " if self.paused else "" if self.started else "MUSIC LOADING   "
        self.app.text.blit(canvas, f"{state}{int(m)}:{s:04.1f}   Left/Right seek   Space "
                           "pause   Esc leave", 15, (W // 2, y + 12), (220, 220, 225),
                           anchor="midtop")
