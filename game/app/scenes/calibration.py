"""Calibration: tap to a click track (audio offset), then to a flash (visual offset).

The click track is played by the audio director with the same reckoning as the soundtrack
(`play_click_track` returns the reference just as `start` does), so the measured offset is
exactly what judging needs. Each step saves as soon as it gives a reliable figure; Esc backs
out at any time. Without sound only the visual step runs.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pygame

from game.app.scene import Scene
from game.core.calibration import (
    MIN_TAPS,
    OffsetEstimate,
    drawing_offset_ms,
    estimate_offset,
    shift_drawing_offset,
)
from game.gfx import chrome

W, H = 1280, 720
BPM = 100.0
PERIOD = 60.0 / BPM
LEAD = 4                      # clicks / flashes to listen to before taps count
SPARE = 12                    # extra beats, so a few missed ones can be made up
FIRST_AT = 1.0                # seconds from the start of a step to its first beat
FLASH_S = 0.09
GUARD_S = 0.7                 # after a step, keys are ignored this long (late taps)
TEXT = (236, 232, 226)
DIM = (170, 166, 176)
GOLD = (255, 214, 90)
BAD = (240, 130, 110)
# the visual step's layout: the closing ring stays between the "step" label (ends near
# y 124) and the progress read-out below it, so nothing is drawn across anything else
RING_CENTRE = (W // 2, 340)
CORE_R = 56                   # the circle that flashes
RING_TRAVEL = 144             # how far out the closing ring starts: at most 200 px radius
VISUAL_PROGRESS_Y = 584       # "listen..." / "tap n/N", its bar 34 px lower

INTRO_AUDIO, AUDIO, AUDIO_RESULT, INTRO_VISUAL, VISUAL, DONE = (
    "intro_audio", "audio", "audio_result", "intro_visual", "visual", "done")



def is_tap(event: pygame.event.Event) -> bool:
    """A fresh key press or a click: what counts as one tap (held-key repeats do not)."""
    return (event.type == pygame.KEYDOWN and not getattr(event, "repeat", False)) or \
        event.type == pygame.MOUSEBUTTONDOWN

class CalibrationScene(Scene):
    wants_fast_polling = True

    def __init__(self, app: Any) -> None:
        super().__init__(app)
        audio = app.audio
        self.sound = audio is not None and getattr(audio, "available", False)
        self.phase = INTRO_AUDIO if self.sound else INTRO_VISUAL
        self.targets: list[float] = []
        self.taps: list[float] = []
        self.ref_ns = 0
        self.guard_ns = 0
        self.audio_result: OffsetEstimate | None = None
        self.visual_result: OffsetEstimate | None = None
        self.visual_delay_ms: float | None = None
        self.saved: list[str] = []
        self.backdrop = app.menu_backdrop()

    # -- steps ----------------------------------------------------------------------------
    def _begin(self, phase: str, now_ns: int) -> None:
        self.phase = phase
        self.taps = []
        self.targets = [FIRST_AT + k * PERIOD for k in range(LEAD + MIN_TAPS + SPARE)]
        if phase == AUDIO:
            accents = [k % 4 == 0 for k in range(len(self.targets))]
            self.ref_ns = self.app.audio.play_click_track(self.targets, accents, now_ns)
        else:
            self.ref_ns = now_ns

    def counted(self) -> list[float]:
        """Taps after the listening beats."""
        first = self.targets[LEAD] - PERIOD / 2
        return [t for t in self.taps if t >= first]

    def _finish(self, now_ns: int) -> None:
        est = estimate_offset(self.counted(), self.targets[LEAD:])
        s = self.app.settings
        if self.phase == AUDIO:
            self.app.audio.pause()
            self.audio_result = est
            if est.reliable:
                new = round(est.offset_ms, 1)
                s.visual_offset_ms = round(shift_drawing_offset(s.visual_offset_ms,
                                                                s.audio_offset_ms, new), 1)
                s.audio_offset_ms = new
                self.app.save_settings()
                self.saved.append("audio")
            self.phase = AUDIO_RESULT
        else:
            self.visual_result = est
            if est.reliable:
                self.visual_delay_ms = est.offset_ms
                s.visual_offset_ms = round(drawing_offset_ms(s.audio_offset_ms,
                                                             est.offset_ms), 1)
                self.app.save_settings()
                self.saved.append("visual")
            self.phase = DONE
        self.guard_ns = now_ns + int(GUARD_S * 1e9)

    # -- input and time -------------------------------------------------------------------
    def handle(self, event: pygame.event.Event, stamp_ns: int) -> None:
        if event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE:
            self.app.pop()
            return
        if not is_tap(event):
            return
        if self.phase in (AUDIO, VISUAL):
            self.taps.append((stamp_ns - self.ref_ns) / 1e9)
            return
        if stamp_ns < self.guard_ns:
            return
        retry = event.type == pygame.KEYDOWN and event.key == pygame.K_r
        if self.phase == INTRO_AUDIO:
            self._begin(AUDIO, stamp_ns)
        elif self.phase == INTRO_VISUAL:
            self._begin(VISUAL, stamp_ns)
        elif self.phase == AUDIO_RESULT:
            if retry:
                self._begin(AUDIO, stamp_ns)
            else:
                self.phase = INTRO_VISUAL
        elif self.phase == DONE:
            if retry:
                self.phase = INTRO_AUDIO if self.sound else INTRO_VISUAL
            else:
                self.app.pop()

    def update(self, now_ns: int) -> None:
        if self.phase not in (AUDIO, VISUAL):
            return
        t = (now_ns - self.ref_ns) / 1e9
        if len(self.counted()) >= MIN_TAPS or t > self.targets[-1] + PERIOD:
            self._finish(now_ns)

    def leave(self) -> None:
        if self.sound and self.phase == AUDIO:
            self.app.audio.pause()

    # -- drawing --------------------------------------------------------------------------
    def draw(self, canvas: pygame.Surface) -> Iterator[None] | None:
        tapping = self.phase in (AUDIO, VISUAL)   # a darker, calmer sky while timing taps
        self.backdrop.draw(canvas, veil=150 if tapping else 80)
        chrome.draw_panel(canvas, (W // 2 - 420, 150, 840, 480), alpha=150 if tapping else 200)
        text = self.app.text
        text.blit(canvas, "CALIBRATION", 44, (W // 2 + 3, 73), (60, 26, 40), True,
                  anchor="center")
        text.blit(canvas, "CALIBRATION", 44, (W // 2, 70), TEXT, True, anchor="center")
        step = {INTRO_AUDIO: "1/2", AUDIO: "1/2", AUDIO_RESULT: "1/2"}.get(
            self.phase, "2/2" if self.sound else "1/1")
        text.blit(canvas, f"step {step}", 20, (W // 2, 112), DIM, anchor="center")
        getattr(self, f"_draw_{self.phase}")(canvas)
        chrome.footer(canvas, text, "Esc: back")
        return None

    def _lines(self, canvas: pygame.Surface, lines: list[tuple[str, tuple[int, int, int]]],
               y: int = 240) -> None:
        for k, (line, colour) in enumerate(lines):
            self.app.text.blit(canvas, line, 26, (W // 2, y + k * 44), colour, anchor="center")

    def _draw_intro_audio(self, canvas: pygame.Surface) -> None:
        self._lines(canvas, [("Sound: listen to the clicks,", TEXT),
                             (f"then tap any key on each click ({MIN_TAPS} taps).", TEXT),
                             ("Keep your eyes closed if it helps.", DIM),
                             ("Press any key to start.", GOLD)])

    def _draw_intro_visual(self, canvas: pygame.Surface) -> None:
        lines = [] if self.sound else [("No sound here, so only the visual step.", BAD)]
        self._lines(canvas, lines + [("Sight: watch the ring close on the circle,", TEXT),
                                     (f"tap any key as it flashes ({MIN_TAPS} taps).", TEXT),
                                     ("Press any key to start.", GOLD)])

    def _progress(self, canvas: pygame.Surface, y: int) -> None:
        n = min(len(self.counted()), MIN_TAPS)
        t = (time.perf_counter_ns() - self.ref_ns) / 1e9
        label = f"tap {n}/{MIN_TAPS}" if t >= self.targets[LEAD] - PERIOD / 2 else "listen..."
        self.app.text.blit(canvas, label, 34, (W // 2, y), GOLD, True, anchor="center")
        box = pygame.Rect(W // 2 - 200, y + 34, 400, 12)
        pygame.draw.rect(canvas, (80, 76, 90), box, 1)
        pygame.draw.rect(canvas, GOLD, (box.x + 2, box.y + 2, int(396 * n / MIN_TAPS), 8))

    def _draw_audio(self, canvas: pygame.Surface) -> None:
        self._lines(canvas, [("Tap on each click.", TEXT)], 250)
        self._progress(canvas, 380)

    def _draw_visual(self, canvas: pygame.Surface) -> None:
        t = (time.perf_counter_ns() - self.ref_ns) / 1e9
        k = max(0, min(len(self.targets) - 1, round((t - FIRST_AT) / PERIOD)))
        since = t - self.targets[k]
        flash = 0.0 <= since < FLASH_S
        pygame.draw.circle(canvas, (255, 250, 235) if flash else (90, 84, 100), RING_CENTRE,
                           CORE_R)
        nxt = next((x for x in self.targets if x > t), None)
        if nxt is not None and nxt - t <= PERIOD:
            radius = CORE_R + int(RING_TRAVEL * (nxt - t) / PERIOD)
            pygame.draw.circle(canvas, (230, 200, 140), RING_CENTRE, radius, 4)
        self._progress(canvas, VISUAL_PROGRESS_Y)

    def _verdict(self, name: str, est: OffsetEstimate | None, saved: bool) -> list[
            tuple[str, tuple[int, int, int]]]:
        if est is None:
            return []
        if est.used < MIN_TAPS * 3 // 4:
            return [(f"{name}: only {est.used} taps counted; not saved.", BAD)]
        lean = "after" if est.offset_ms >= 0 else "before"
        line = (f"{name}: your taps land {abs(est.offset_ms):.0f} ms {lean} the beat "
                f"(spread {est.jitter_ms:.0f} ms)")
        if saved:
            return [(line, TEXT), ("saved", GOLD)]
        return [(line, TEXT), ("too uneven to trust; not saved", BAD)]

    def _draw_audio_result(self, canvas: pygame.Surface) -> None:
        lines = self._verdict("Sound", self.audio_result, "audio" in self.saved)
        if "audio" in self.saved:
            lines.append((f"audio offset {self.app.settings.audio_offset_ms:+.0f} ms", TEXT))
        self._lines(canvas, lines + [("Enter: next step     R: try again", GOLD)], 240)

    def _draw_done(self, canvas: pygame.Surface) -> None:
        s = self.app.settings
        lines = self._verdict("Sound", self.audio_result, "audio" in self.saved)
        lines += self._verdict("Sight", self.visual_result, "visual" in self.saved)
        lines.append((f"audio offset {s.audio_offset_ms:+.0f} ms    "
                      f"drawing offset {s.visual_offset_ms:+.0f} ms", TEXT))
        self._lines(canvas, lines + [("Enter: done     R: again", GOLD)], 200)
