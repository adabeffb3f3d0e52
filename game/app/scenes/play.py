"""The play scene: one level (or a playlist of them) through the stage rules, live."""

from __future__ import annotations

import gc
import random
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pygame

from game.app.context import App
from game.app.howto import HowToCard, page_for
from game.app.input import key_label
from game.app.remix import RemixBindings
from game.app.rig import Rig
from game.app.scene import Scene
from game.core.bars import bar_count, from_bar, locate, owed
from game.core.bot import bot_inputs
from game.core.clock import SongClock
from game.core.difficulty import TIERS, level_for_tier
from game.core.events import GameEvent
from game.core.level import Level
from game.core.session import Input, PlaySession
from game.stages import get_stage

W, H = 1280, 720
FINISH_HOLD_S = 2.2  # let the last bells ring before the results


@dataclass
class PlayOptions:
    tier: str = "normal"
    autoplay: bool = False
    bot_sigma_ms: float = 0.0
    practice: bool = False
    tempo_scale: float = 1.0
    start_interval: int = 0
    loop_interval: bool = False
    label: str = ""
    save_autoplay: bool = False   # `play --autoplay --save`: record the bot's run, marked
    start_bar: int = 0            # play from this bar of the level (0-based), after a bar
    loop_bars: int = 0            # of count-in; with loop_bars, loop that many bars

    @property
    def play_scale(self) -> float:
        """The factor the level file is played at: the tier's tempo times this run's."""
        return TIERS[self.tier].tempo_scale * self.tempo_scale


class PlayScene(Scene):
    @property
    def wants_fast_polling(self) -> bool:  # type: ignore[override]
        """Play polls fast; the pause menu (and a how-to card) waits like any menu."""
        return not self.paused and self.howto is None

    def __init__(self, app: App, level: Level, options: PlayOptions | None = None,
                 on_finish: Callable[[PlaySession], None] | None = None) -> None:
        super().__init__(app)
        self.options = options or PlayOptions()
        self.base_level = level
        self.level = level_for_tier(level, self.options.tier, self.options.tempo_scale)
        self.rules = get_stage(self.level.stage)
        self.on_finish = on_finish
        self.paused = False
        self.pause_menu = 0
        self.resume_at: float | None = None
        self.finished_at_ns: int | None = None
        self.done = False
        self.audio = app.audio
        self.job = self.audio.prepare(self.level) if self.audio is not None and \
            self.audio.available else None
        self.started = False
        self.howto: HowToCard | None = None
        self._setup()
        self.howto = self._howto()

    def _howto(self) -> HowToCard | None:
        """A card for each stage of the level the player has not been taught yet."""
        ob = self.app.onboarding
        if ob is None or self.options.autoplay:
            return None
        names = [n for n in dict.fromkeys(self.level.stages) if ob.needs_howto(n)]
        if not names:
            return None
        pages = []
        for name in names:
            keys = self.bindings.for_stage(name) if isinstance(self.bindings, RemixBindings) \
                else self.bindings
            labels = {a: [key_label(k) for k in keys.keys_for.get(a, [])] or [keys.label(a)]
                      for a in get_stage(name).actions}
            pages.append(page_for(get_stage(name), labels, self.session.cues))
        return HowToCard(self.app.text, pages, self.app.settings.reduced_motion)

    def _setup(self) -> None:
        s = self.app.settings
        start, cues = None, None
        self.from_bar = None
        if self.options.start_bar > 0 or self.options.loop_bars > 0:
            bar = min(self.options.start_bar, bar_count(self.level) - 1)  # a reload may shrink it
            self.from_bar = from_bar(self.level, bar, self.options.loop_bars)
            start = self.from_bar.start_time
            cues = owed(self.rules.build_cues(self.level), self.from_bar)
        elif self.options.start_interval > 0:
            iv = self.level.intervals[self.options.start_interval]  # a bar early, on the beat
            start = self.level.tempo_map.time_at(iv.start_beat - self.level.beats_per_bar)
        silent = self.audio is None or not self.audio.available
        label = self.options.label or ("AUTOPLAY" if self.options.autoplay else "")
        if self.options.practice:
            label = (label + "  PRACTICE").strip()
        if s.timing_assist:
            label = (label + "  TIMING ASSIST").strip()
        self.rig = Rig(self.level, self.app.text, tier=self.options.tier,
                       assist=s.timing_assist, reduced_motion=s.reduced_motion,
                       bindings=s.bindings, silent=silent, label=label, start_time=start,
                       pad_bindings=s.pad_bindings,
                       pad_labels=bool(getattr(self.app.gamepads, "pads", None)),
                       ghost=self._ghost(start), cues=cues)
        self.session, self.view, self.hud = self.rig.session, self.rig.view, self.rig.hud
        if self.from_bar is not None:   # the bar before is a count-in: heard, counted, unplayed
            self.resume_at = self.from_bar.cue_time
        self.bindings = self.rig.bindings
        self.bot: deque[Input] = deque()
        if self.options.autoplay:
            rng = random.Random(1)
            self.bot = deque(b for b in bot_inputs(
                self.session.cues, rng, self.options.bot_sigma_ms / 1000.0)
                if b.time >= self.session.now)
        self.clock = SongClock(audio_offset_ms=s.audio_offset_ms,
                               visual_offset_ms=s.visual_offset_ms)
        self.clock.pause()
        self.started = False

    def _ghost(self, start: float | None):
        """The personal best beside a full run by the player (setting `ghost`)."""
        o = self.options
        if not self.app.settings.ghost or self.app.store is None or o.autoplay or \
                o.practice or start is not None:
            return None
        from game.app.ghost import ghost_for
        return ghost_for(self.app.store, self.base_level, o.tier,
                         bool(self.app.settings.timing_assist), o.play_scale)

    # -- lifecycle ------------------------------------------------------------------------
    def _start(self, now_ns: int) -> None:
        # everything built so far lives for the whole level: keep the collector off it, so
        # a full collection can't stall input polling mid-song (done before the anchor)
        gc.collect()
        gc.freeze()
        # a fixed update step may carry an old stamp (the scene was built mid-frame):
        # anchor the song on the real present so the count-in is whole
        now_ns = max(now_ns, time.perf_counter_ns())
        t0 = self.session.now
        self._tell_audio_problems()
        if self.audio is not None and self.audio.available and self.job is not None \
                and self.job.done and not self.job.error:
            ref = self.audio.start(t0, now_ns)
        else:
            ref = now_ns - int(t0 * 1e9)
        self.clock = SongClock(ref, audio_offset_ms=self.app.settings.audio_offset_ms,
                               visual_offset_ms=self.app.settings.visual_offset_ms)
        self.started = True

    def _tell_audio_problems(self) -> None:
        """A level that plays silent, or whose music could not be cached, says so once."""
        job, now = self.job, time.perf_counter_ns()
        if job is None:
            return
        if job.error and job.error != "cancelled":
            self.app.toast(f"no music for this level ({job.error}); the beat dots keep time",
                           now, 8.0)
        for note in job.notes:
            self.app.toast(note, now, 8.0)
        job.notes = []

    def leave(self) -> None:
        gc.unfreeze()
        if self.audio is not None:
            self.audio.stop()

    def restart(self) -> None:
        if self.audio is not None:
            self.audio.stop()
        self.paused = False
        self.resume_at = None
        self.finished_at_ns = None
        self.done = False
        self._setup()

    def pause(self, now_ns: int) -> None:
        if self.paused or not self.started or self.session.finished:
            return
        self.paused = True
        self.pause_menu = 0
        t = self.clock.song_time(now_ns)
        for action in sorted(self.session.held):  # keys let go while paused are not seen
            self._dispatch(self.session.release(action, t))
        self.clock.pause(now_ns)
        if self.audio is not None:
            self.audio.pause()

    def resume(self, now_ns: int) -> None:
        """Continue after a one-bar count-in, so the player can find the beat again."""
        t = self.clock.raw_time()
        bar = self.level.beats_per_bar * 60.0 / self.level.tempo_map.bpm_at_time(max(0.0, t))
        self.paused = False
        self.resume_at = t
        if self.audio is not None and self.audio.available and self.started:
            self.clock.anchor(self.audio.start(t - bar, now_ns))
        else:
            self.clock.resume(now_ns, lead_in=bar)

    # -- input and rules ------------------------------------------------------------------
    def _dispatch(self, events: list[GameEvent]) -> None:
        self.rig.dispatch(events)
        if self.audio is not None:
            self.audio.on_events(events, self.session.score.combo)

    def handle(self, event: pygame.event.Event, stamp_ns: int) -> None:
        if self.howto is not None:
            said = self.howto.handle(event)
            if said == "start":
                self.app.onboarding.mark_taught(self.howto.stages)
                self.howto = None
            elif said == "back":
                self.app.pop()
            return
        if event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE:
            if self.paused:
                self.resume(stamp_ns)
            else:
                self.pause(stamp_ns)
            return
        if self.paused:
            self._pause_menu_key(event, stamp_ns)
            return
        if not self.started or self.options.autoplay:
            return
        if isinstance(self.bindings, RemixBindings):   # each stage of a remix has its keys
            self.bindings.song_time = self.clock.song_time(stamp_ns)
        hit = self.bindings.action_for(event)
        if hit is None:
            return
        action, pressed = hit
        if event.type == pygame.KEYDOWN and getattr(event, "repeat", False):
            return
        if self.resume_at is not None and \
                self.clock.raw_time(stamp_ns) < self.resume_at - self.session.windows.reach:
            return  # the count-in bar after a pause is for listening
        t = self.clock.song_time(stamp_ns)
        self._dispatch(self.session.press(action, t) if pressed else
                       self.session.release(action, t))

    def _pause_menu_key(self, event: pygame.event.Event, now_ns: int) -> None:
        if event.type != pygame.KEYDOWN:
            return
        if event.key in (pygame.K_UP, pygame.K_w):
            self.pause_menu = (self.pause_menu - 1) % 3
        elif event.key in (pygame.K_DOWN, pygame.K_s):
            self.pause_menu = (self.pause_menu + 1) % 3
        elif event.key in (pygame.K_RETURN, pygame.K_SPACE, pygame.K_KP_ENTER):
            [self.resume, lambda _n: self.restart(), lambda _n: self.app.pop()][
                self.pause_menu](now_ns)
        elif event.key == pygame.K_r:
            self.restart()
        elif event.key == pygame.K_q:
            self.app.pop()

    def update(self, now_ns: int) -> None:
        if self.howto is not None:   # the song waits until the player has read the card
            return
        if not self.started:
            if self.job is None or self.job.done:
                self._start(now_ns)
            return
        if self.paused:
            return
        if self.audio is not None:      # follow the samples the device has really played
            self.audio.sync_clock(self.clock, now_ns)
        t = self.clock.song_time(now_ns)
        while self.bot and self.bot[0].time <= t:
            self._dispatch(self.session.apply(self.bot.popleft()))
        if (self.options.loop_interval or self.options.loop_bars) and self._loop_interval(t):
            return  # a fresh run of the interval: don't advance it to the old run's time
        self._dispatch(self.session.advance(t))
        if self.session.finished:
            if self.finished_at_ns is None:
                self.finished_at_ns = now_ns
            elif now_ns - self.finished_at_ns > FINISH_HOLD_S * 1e9:
                self._finish()

    def _loop_interval(self, t: float) -> bool:
        if self.options.loop_bars and self.from_bar is not None:
            end = self.from_bar.end_time
        elif self.from_bar is not None:   # from a bar, looping the interval it is in
            i, _k = locate(self.level, self.from_bar.bar)
            end = self.level.interval_times(i)[1]
        else:
            _a, end = self.level.interval_times(self.options.start_interval)
        if t < end:
            return False
        self.restart()
        return True

    def _finish(self) -> None:
        if self.done:
            return
        self.done = True
        if self.on_finish is not None:
            self.on_finish(self.session)
        else:
            from game.app.progress_hooks import record_result
            from game.app.scenes.results import ResultsScene
            notes = record_result(self.app, self.session, self.base_level, self.options)
            self.app.switch_top(ResultsScene(self.app, self.session, self.base_level,
                                             self.options, notes))

    # -- drawing --------------------------------------------------------------------------
    def draw(self, canvas: pygame.Surface) -> Iterator[None]:
        if self.howto is not None:
            self.howto.draw(canvas)
            yield
            return
        if not self.started:
            yield from self._draw_loading(canvas)
            return
        t = self.clock.visual_time()
        yield from self.rig.draw(canvas, t)
        raw = self.clock.raw_time()
        if self.resume_at is not None and raw < self.resume_at:
            beat = 60.0 / self.level.tempo_map.bpm_at_time(max(0.0, t))
            left = int((self.resume_at - raw) / beat) + 1
            self.app.text.blit(canvas, str(left), 120, (W // 2, 300), (255, 240, 210), True,
                               anchor="center")
        if self.paused:
            self._draw_pause(canvas)

    def _draw_loading(self, canvas: pygame.Surface) -> Iterator[None]:
        canvas.fill((16, 14, 18))
        p = self.job.progress if self.job is not None else 1.0
        self.app.text.blit(canvas, "Warming up the band...", 28, (W // 2, 320),
                           (230, 220, 200), True, anchor="center")
        pygame.draw.rect(canvas, (60, 60, 66), (W // 2 - 200, 360, 400, 14), 1)
        pygame.draw.rect(canvas, (220, 170, 90), (W // 2 - 198, 362, int(396 * p), 10))
        yield

    def _draw_pause(self, canvas: pygame.Surface) -> None:
        canvas.fill((90, 90, 90), special_flags=pygame.BLEND_RGB_MULT)
        self.app.text.blit(canvas, "PAUSED", 60, (W // 2, 230), (245, 240, 230), True,
                           anchor="center")
        for k, item in enumerate(("Resume (one-bar count-in)", "Restart", "Quit")):
            on = k == self.pause_menu
            self.app.text.blit(canvas, ("> " if on else "  ") + item, 28,
                               (W // 2, 320 + k * 46), (255, 214, 90) if on else
                               (200, 200, 205), on, anchor="center")
        self.app.text.blit(canvas, "Esc resume   R restart   Q quit", 16, (W // 2, 480),
                           (160, 160, 170), anchor="center")
