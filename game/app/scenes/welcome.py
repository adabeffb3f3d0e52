"""First launch: a welcome, a short tap-by-ear calibration, then a guided first round.

The welcome sits over the title and walks the steps as each one hands back to it: the
calibration scene pops, the first round's results are left with Esc, and the welcome then
closes onto the title. It is marked done as soon as the player starts or skips it, so it
shows once whatever happens after. The first round is the slow level `game.core.first_round`
makes from the stage that teaches first; its how-to card comes up before it like any
stage's first play.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pygame

from game.app.scene import Scene
from game.app.scenes.calibration import is_tap
from game.core.calibration import (
    OffsetEstimate,
    median_estimate,
    shift_drawing_offset,
)
from game.core.first_round import first_round_level, first_round_stage
from game.gfx import chrome
from game.gfx.keycap import Keycaps
from game.gfx.palette import DIM, GOLD, INK

W, H = 1280, 720
BAD = (240, 130, 110)
WELCOME, CALIBRATING, FIRST_ROUND, DONE = "welcome", "calibrating", "first_round", "done"


def maybe_welcome(app: Any) -> bool:
    """Push the welcome over the title on a first launch; True when it was shown."""
    ob = app.onboarding
    if ob is None or ob.welcomed:
        return False
    app.push(WelcomeScene(app))
    return True


class WelcomeScene(Scene):
    def __init__(self, app: Any) -> None:
        super().__init__(app)
        self.step = WELCOME
        self.backdrop = app.menu_backdrop()
        self.keycaps = Keycaps(app.text)
        from game.stages import discover
        self.stage = first_round_stage(discover().values())

    def ambient_fps(self) -> float:
        return self.backdrop.fps if self.step == WELCOME else 0.0

    def enter(self) -> None:
        """Back on top: the step that was running has handed over, so take the next."""
        if self.step == CALIBRATING:
            self._first_round()
        elif self.step == FIRST_ROUND:
            self.step = DONE
            self.app.pop()

    def _begin(self) -> None:
        self.app.onboarding.mark_welcomed()
        self.step = CALIBRATING
        self.app.push(FirstCalibrationScene(self.app))

    def _first_round(self) -> None:
        if self.stage is None:          # no stage teaches a first round: straight to title
            self.step = DONE
            self.app.pop()
            return
        from game.app.scenes.play import PlayOptions, PlayScene
        self.step = FIRST_ROUND
        self.app.push(PlayScene(self.app, first_round_level(self.stage),
                                PlayOptions(label="FIRST ROUND")))

    def handle(self, event: pygame.event.Event, stamp_ns: int) -> None:
        if event.type != pygame.KEYDOWN or self.step != WELCOME:
            return
        if event.key in (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE):
            self._begin()
        elif event.key == pygame.K_ESCAPE:
            self.app.onboarding.mark_welcomed()
            self.step = DONE
            self.app.pop()

    def draw(self, canvas: pygame.Surface) -> Iterator[None] | None:
        self.backdrop.draw(canvas, veil=70)
        text = self.app.text
        text.blit(canvas, "MONTAGE", 96, (W // 2, 96), (255, 244, 220), True, anchor="center")
        text.blit(canvas, "train to the beat", 24, (W // 2, 156), (255, 226, 190),
                  anchor="center")
        box = chrome.draw_panel(canvas, pygame.Rect(W // 2 - 380, 196, 760, 370))
        text.blit(canvas, "Welcome to the gym.", 34, (box.centerx, box.y + 44), INK, True,
                  anchor="center")
        lines = ["Every round is work and rest, with a bell, and the music keeps the time.",
                 "A minute to get you ready:"]
        y = box.y + 92
        for line in lines:
            text.blit(canvas, line, 20, (box.centerx, y), INK, anchor="center")
            y += 30
        steps = [("1", "Tap along to a few clicks, so the game hears you on time."),
                 ("2", f"A slow first round of {self.stage.title if self.stage else 'training'}"
                       ", with the keys drawn on every cue.")]
        y += 20
        for num, line in steps:
            pygame.draw.circle(canvas, GOLD, (box.x + 70, y), 16)
            text.blit(canvas, num, 20, (box.x + 70, y), (30, 24, 20), True, anchor="center")
            text.blit(canvas, text.fit(line, 21, box.width - 130), 21, (box.x + 100, y), INK,
                      anchor="midleft")
            y += 50
        y = box.bottom - 44      # below the toasts' corner (a sound-off notice sits at 480)
        x = box.centerx - 170
        for key, words, col in (("ENTER", "let's go", GOLD), ("ESC", "skip to the menu", DIM)):
            cap = self.keycaps.get(key, 34)
            canvas.blit(cap, cap.get_rect(midleft=(x, y)))
            text.blit(canvas, words, 22, (x + cap.get_width() + 12, y), col, True,
                      anchor="midleft")
            x += 220
        chrome.footer(canvas, text, "You can calibrate again (C) and change keys (O) from the "
                      "title at any time.")
        return None


class FirstCalibrationScene(Scene):
    """Tap by ear: four clicks to listen to, then a dozen taps; their median is the offset.

    The click track comes from the audio director with the same reckoning as the music, so
    the figure is what judging needs (as in the full calibration, title C). Without sound
    there is nothing to tap to by ear: it says so and moves on."""

    BPM = 100.0
    LEAD = 4
    TAPS = 12
    SPARE = 6
    FIRST_AT = 1.0
    GUARD_S = 1.0           # taps that run on past the last click are not an answer

    def __init__(self, app: Any) -> None:
        super().__init__(app)
        self.sound = app.audio is not None and getattr(app.audio, "available", False)
        self.phase = "intro" if self.sound else "silent"
        self.period = 60.0 / self.BPM
        self.targets = [self.FIRST_AT + k * self.period
                        for k in range(self.LEAD + self.TAPS + self.SPARE)]
        self.taps: list[float] = []
        self.ref_ns = 0
        self.guard_ns = 0
        self.result: OffsetEstimate | None = None
        self.saved = False
        self.backdrop = app.menu_backdrop()
        self.keycaps = Keycaps(app.text)

    @property
    def wants_fast_polling(self) -> bool:  # type: ignore[override]
        """Taps are stamped at 1 kHz while the clicks play; the pages around them idle."""
        return self.phase == "tapping"

    def ambient_fps(self) -> float:
        return self.backdrop.fps

    def counted(self) -> list[float]:
        first = self.targets[self.LEAD] - self.period / 2
        return [t for t in self.taps if t >= first]

    def start(self, now_ns: int) -> None:
        self.phase = "tapping"
        self.taps = []
        accents = [k % 4 == 0 for k in range(len(self.targets))]
        self.ref_ns = self.app.audio.play_click_track(self.targets, accents, now_ns)

    def finish(self, now_ns: int) -> None:
        if self.sound:
            self.app.audio.pause()
        est = median_estimate(self.counted(), self.targets[self.LEAD:])
        self.result = est
        self.saved = est.reliable
        if est.reliable:
            s = self.app.settings
            new = round(est.offset_ms, 1)
            s.visual_offset_ms = round(shift_drawing_offset(s.visual_offset_ms,
                                                            s.audio_offset_ms, new), 1)
            s.audio_offset_ms = new
            self.app.save_settings()
        self.phase = "result"
        self.guard_ns = now_ns + int(self.GUARD_S * 1e9)

    def handle(self, event: pygame.event.Event, stamp_ns: int) -> None:
        if event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE:
            self.app.pop()
            return
        if not is_tap(event):
            return
        if self.phase == "tapping":
            self.taps.append((stamp_ns - self.ref_ns) / 1e9)
        elif stamp_ns < self.guard_ns:
            return
        elif self.phase == "intro":
            self.start(stamp_ns)
        elif self.phase == "result" and event.type == pygame.KEYDOWN and \
                event.key == pygame.K_r:
            self.start(stamp_ns)
        elif self.phase in ("result", "silent") and event.type == pygame.KEYDOWN and \
                event.key in (pygame.K_RETURN, pygame.K_KP_ENTER):   # not a stray tap
            self.app.pop()

    def update(self, now_ns: int) -> None:
        if self.phase != "tapping":
            return
        t = (now_ns - self.ref_ns) / 1e9
        if len(self.counted()) >= self.TAPS or t > self.targets[-1] + self.period:
            self.finish(now_ns)

    def leave(self) -> None:
        if self.sound and self.phase == "tapping":
            self.app.audio.pause()

    def draw(self, canvas: pygame.Surface) -> Iterator[None] | None:
        self.backdrop.draw(canvas, veil=150 if self.phase == "tapping" else 110)
        text = self.app.text
        chrome.heading(canvas, text, "TAP ALONG", "step 1 of 2: so the game hears you on time")
        box = chrome.draw_panel(canvas, pygame.Rect(W // 2 - 400, 170, 800, 330))
        getattr(self, f"_draw_{self.phase}")(canvas, box)
        chrome.footer(canvas, text, "Esc: skip this step (calibrate later from the title, C)")
        return None

    def _say(self, canvas: pygame.Surface, lines: list[tuple[str, tuple[int, int, int]]],
             box: pygame.Rect, y: int) -> int:
        for line, col in lines:
            self.app.text.blit(canvas, line, 24, (box.centerx, y), col, anchor="center")
            y += 40
        return y

    def _keys(self, canvas: pygame.Surface, box: pygame.Rect, y: int,
              items: list[tuple[str, str]]) -> None:
        x = box.centerx - 110 * len(items)
        for key, words in items:
            cap = self.keycaps.get(key, 32)
            canvas.blit(cap, cap.get_rect(midleft=(x, y)))
            self.app.text.blit(canvas, words, 21, (x + cap.get_width() + 10, y), GOLD, True,
                               anchor="midleft")
            x += 230

    def _draw_intro(self, canvas: pygame.Surface, box: pygame.Rect) -> None:
        y = self._say(canvas, [("You will hear four clicks: just listen.", INK),
                               (f"Then tap any key on each click, {self.TAPS} times.", INK),
                               ("Closing your eyes helps: this is by ear.", DIM)],
                      box, box.y + 70)
        self._keys(canvas, box, y + 60, [("SPACE", "any key starts")])

    def _draw_silent(self, canvas: pygame.Surface, box: pygame.Rect) -> None:
        y = self._say(canvas, [("No sound here, so there is nothing to tap to by ear.", BAD),
                               ("The first round keeps time with the beat dots at the top.",
                                INK),
                               ("Calibrate later from the title (C) once sound works.", DIM)],
                      box, box.y + 70)
        self._keys(canvas, box, y + 60, [("ENTER", "on to the first round")])

    def _draw_tapping(self, canvas: pygame.Surface, box: pygame.Rect) -> None:
        t = (time.perf_counter_ns() - self.ref_ns) / 1e9
        listening = t < self.targets[self.LEAD] - self.period / 2
        n = min(len(self.counted()), self.TAPS)
        text = self.app.text
        text.blit(canvas, "listen..." if listening else "tap on each click", 30,
                  (box.centerx, box.y + 90), GOLD, True, anchor="center")
        # one dot per click: heard, tapped, to come
        k_now = round((t - self.FIRST_AT) / self.period)
        x0 = box.centerx - (self.LEAD + self.TAPS - 1) * 14
        for k in range(self.LEAD + self.TAPS):
            x = x0 + k * 28
            counted = k >= self.LEAD and k - self.LEAD < n
            col = GOLD if counted else (120, 114, 130) if k <= k_now else (60, 56, 70)
            pygame.draw.circle(canvas, col, (x, box.y + 200), 9 if k == k_now else 7)
        text.blit(canvas, f"{n} / {self.TAPS}", 34, (box.centerx, box.y + 280), INK, True,
                  anchor="center")

    def _draw_result(self, canvas: pygame.Surface, box: pygame.Rect) -> None:
        est = self.result
        s = self.app.settings
        if est is None or est.used < 8:
            lines = [(f"Only {0 if est is None else est.used} taps counted: nothing saved.",
                      BAD)]
        else:
            lean = "after" if est.offset_ms >= 0 else "before"
            lines = [(f"Your taps land {abs(est.offset_ms):.0f} ms {lean} the click "
                      f"(spread {est.jitter_ms:.0f} ms).", INK)]
            lines.append((f"Saved: audio offset {s.audio_offset_ms:+.0f} ms.", GOLD)
                         if self.saved else ("Too uneven to trust: nothing saved.", BAD))
        y = self._say(canvas, lines, box, box.y + 90)
        self._keys(canvas, box, y + 70, [("ENTER", "first round"), ("R", "tap again")])
