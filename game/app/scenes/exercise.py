"""An off-the-keyboard round between today's montage parts: the coach leads one real
exercise on screen with a timer and a count, and the player confirms with a key.

Keys: Enter starts, then Enter (or Space on a timed round) confirms it done; during a
counted round Space (or F/J) counts a rep, the coach's pace count runs alongside; Esc skips
(nothing is recorded). A confirmed round is training, recorded apart from game scores
(game.progress.training).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from datetime import date, datetime
from typing import Any

import pygame

from game.app.scene import Scene
from game.gfx.draw import vertical_gradient
from game.gfx.palette import DIM, GOLD, INK
from game.progress.training import EXERCISES, Exercise, TrainingRecord, save_training

W, H = 1280, 720
REP_PACE_S = 2.5          # the coach's count: one rep every so often
COUNT_KEYS = (pygame.K_SPACE, pygame.K_f, pygame.K_j)
CONFIRM_KEYS = (pygame.K_RETURN, pygame.K_KP_ENTER)


def round_for(day: date, gap: int) -> Exercise:
    """The round between part `gap` and the next: a different one each gap and each day,
    the same all day (like today's montage)."""
    return EXERCISES[(day.toordinal() + gap) % len(EXERCISES)]


class ExerciseScene(Scene):
    """ready -> go -> done (or skipped); `on_done(recorded)` runs when the scene leaves."""

    def __init__(self, app: Any, exercise: Exercise,
                 on_done: Callable[[bool], None] | None = None,
                 clock_ns: Callable[[], int] = time.perf_counter_ns) -> None:
        super().__init__(app)
        self.exercise = exercise
        self.on_done = on_done
        self.clock_ns = clock_ns
        self.phase = "ready"
        self.started_ns = 0
        self.reps = 0
        self.recorded = False
        self.final: tuple[float, int] = (0.0, 0)   # what was confirmed
        self.notice: str | None = None
        self.background = vertical_gradient((W, H), [(0.0, (24, 30, 40)), (1.0, (40, 70, 60))])

    # -- time and counts ------------------------------------------------------------------
    def elapsed(self, now_ns: int | None = None) -> float:
        if self.phase == "ready":
            return 0.0
        now = self.clock_ns() if now_ns is None else now_ns
        return max(0.0, (now - self.started_ns) / 1e9)

    def remaining(self, now_ns: int | None = None) -> float:
        """Seconds left on a timed round (0 once it is up)."""
        return max(0.0, self.exercise.seconds - self.elapsed(now_ns))

    def coach_count(self, now_ns: int | None = None) -> int:
        """The coach's pace count on a counted round, up to the target."""
        return min(self.exercise.reps, int(self.elapsed(now_ns) / REP_PACE_S))

    def result(self, now_ns: int | None = None) -> tuple[float, int]:
        """(seconds, count) to record: a timed round counts the seconds held; a counted one
        the reps the player counted, or the target when they confirm without counting."""
        secs = self.elapsed(now_ns)
        if self.exercise.timed:
            held = min(secs, self.exercise.seconds)
            return held, round(held)
        return secs, self.reps or self.exercise.reps

    # -- input ----------------------------------------------------------------------------
    def handle(self, event: pygame.event.Event, stamp_ns: int) -> None:
        if event.type != pygame.KEYDOWN:
            return
        if event.key == pygame.K_ESCAPE:
            self._leave()
        elif self.phase == "ready" and event.key in CONFIRM_KEYS + (pygame.K_SPACE,):
            self.phase, self.started_ns = "go", stamp_ns
        elif self.phase == "go":
            if not self.exercise.timed and event.key in COUNT_KEYS:
                self.reps += 1
            elif event.key in CONFIRM_KEYS or (self.exercise.timed and
                                               event.key == pygame.K_SPACE):
                self._confirm(stamp_ns)
        elif self.phase == "done" and event.key in CONFIRM_KEYS + (pygame.K_SPACE,):
            self._leave()

    def _confirm(self, now_ns: int) -> None:
        secs, count = self.final = self.result(now_ns)
        self.phase = "done"
        store = self.app.store
        if store is None:
            self.notice = "progress is not saved on this computer: the round was not kept"
            return
        moment = datetime.now().astimezone()
        ex = self.exercise
        self.notice = save_training(store, TrainingRecord(
            ex.key, moment.date(), moment, secs, count, ex.met_low, ex.met_high))
        self.recorded = self.notice is None

    def _leave(self) -> None:
        self.app.pop()
        if self.on_done is not None:
            self.on_done(self.recorded)

    def animating(self, now_ns: int) -> bool:
        return self.phase == "go"

    # -- drawing --------------------------------------------------------------------------
    def draw(self, canvas: pygame.Surface) -> Iterator[None] | None:
        text = self.app.text
        ex = self.exercise
        canvas.blit(self.background, (0, 0))
        text.blit(canvas, "OFF THE KEYBOARD", 22, (W // 2, 60), DIM, True, anchor="center")
        text.blit(canvas, ex.title.upper(), 64, (W // 2, 130), INK, True, anchor="center")
        text.blit(canvas, f"Coach: \u201c{ex.cue}\u201d", 26, (W // 2, 200), GOLD,
                  anchor="center")
        now = self.clock_ns()
        if self.phase == "ready":
            goal = f"{ex.seconds:.0f} seconds" if ex.timed else f"{ex.reps} {ex.noun}"
            text.blit(canvas, goal, 48, (W // 2, 340), INK, True, anchor="center")
            text.blit(canvas, "Get away from the keys. Enter: start    Esc: skip this round",
                      22, (W // 2, 620), DIM, anchor="center")
        elif self.phase == "go":
            self._draw_go(canvas, now)
        else:
            _secs, count = self.final
            done = (f"{count} {ex.noun}" if not ex.timed else f"{count} seconds held")
            text.blit(canvas, f"Done: {done}", 48, (W // 2, 340), (150, 220, 160), True,
                      anchor="center")
            text.blit(canvas, self.notice or "Kept as training (never as a score).", 22,
                      (W // 2, 410), DIM, anchor="center")
            text.blit(canvas, "Enter: back to today's montage", 22, (W // 2, 620), DIM,
                      anchor="center")
        return None

    def _draw_go(self, canvas: pygame.Surface, now: int) -> None:
        text = self.app.text
        ex = self.exercise
        box = pygame.Rect(340, 300, 600, 36)
        pygame.draw.rect(canvas, (30, 36, 44), box, border_radius=18)
        if ex.timed:
            left = self.remaining(now)
            frac = 1.0 - left / ex.seconds if ex.seconds else 1.0
            big = f"{left:0.0f} s" if left > 0 else "TIME"
            text.blit(canvas, big, 96, (W // 2, 420), INK, True, anchor="center")
            hint = ("Hold it. Enter (or Space) when you are done" if left > 0 else
                    "Time! Enter (or Space) to confirm")
        else:
            coach = self.coach_count(now)
            frac = min(1.0, max(self.reps, coach) / ex.reps) if ex.reps else 1.0
            text.blit(canvas, f"{self.reps} / {ex.reps}", 96, (W // 2, 420), INK, True,
                      anchor="center")
            text.blit(canvas, f"coach counts {coach}   -   {self.elapsed(now):0.0f} s", 22,
                      (W // 2, 490), DIM, anchor="center")
            hint = "Space: count a rep    Enter: done"
        fill = box.copy()
        fill.width = max(box.height, round(box.width * min(1.0, frac)))
        pygame.draw.rect(canvas, (150, 220, 160), fill, border_radius=18)
        text.blit(canvas, hint + "    Esc: skip", 22, (W // 2, 620), DIM, anchor="center")


def push_round(app: Any, day: date, gap: int, on_done: Callable[[bool], None]) -> None:
    """Start the off-keyboard round for this gap of today's montage."""
    app.push(ExerciseScene(app, round_for(day, gap), on_done))
