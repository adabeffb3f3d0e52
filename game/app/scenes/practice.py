"""Practice: start at any interval, slow the tempo to 50-100 %, loop one interval.

A practice run is labelled on screen and on the results, and it never counts for personal
bests or streaks (PlayOptions.practice tells the play scene and the progress store).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pygame

from game.app.gamepad import nav_key
from game.app.scene import Scene
from game.core.bars import bar_time, first_bar
from game.core.difficulty import TIERS
from game.core.level import Level
from game.gfx import chrome
from game.gfx.palette import DIM, GOLD, INK, REST, WORK

W, H = 1280, 720
TEMPO_MIN, TEMPO_MAX, TEMPO_STEP = 50, 100, 5
BAR = pygame.Rect(60, 130, 1160, 34)
ROWS = ("Start at", "Tempo", "Loop this interval", "From bar", "Start practice")
FROM_BAR, START = 3, 4
PREVIEW = pygame.Rect(700, 230, 480, 270)


def interval_name(level: Level, i: int) -> str:
    iv = level.intervals[i]
    n = sum(1 for j in range(i + 1) if level.intervals[j].kind == iv.kind)
    return iv.name or f"{'Work' if iv.is_work else 'Rest'} {n}"


class PracticeScene(Scene):
    def __init__(self, app: Any, level: Level, tier: str | None = None) -> None:
        super().__init__(app)
        self.level = level
        self.tier = tier if tier in TIERS else app.settings.tier
        if self.tier not in TIERS:
            self.tier = "normal"
        works = [i for i, iv in enumerate(level.intervals) if iv.is_work]
        self.start_interval = works[0] if works else 0
        self.bar_in_interval = 0      # practice from a bar inside the chosen interval
        self.tempo = 100
        self.loop = False
        self.row = 0
        self.moved_at = 0
        self.previews: dict[int, pygame.Surface] = {}
        self.backdrop = app.menu_backdrop()
        self.timeline, self.spans = self._build_timeline()

    # -- what the player picked -----------------------------------------------------------
    @property
    def tempo_scale(self) -> float:
        return self.tempo / 100.0

    def options(self) -> Any:
        from game.app.scenes.play import PlayOptions
        return PlayOptions(tier=self.tier, practice=True, tempo_scale=self.tempo_scale,
                           start_interval=self.start_interval, loop_interval=self.loop,
                           start_bar=self.start_bar if self.bar_in_interval else 0)

    @property
    def start_bar(self) -> int:
        """The chosen bar, counted (from 0) across the level's intervals."""
        return first_bar(self.level, self.start_interval) + self.bar_in_interval

    def bpm_range(self) -> tuple[float, float]:
        """The chosen interval's tempo as it will be played (tier and practice tempo)."""
        a, b = self.level.interval_times(self.start_interval)
        tm = self.level.tempo_map
        scale = TIERS[self.tier].tempo_scale * self.tempo_scale
        bpms = [tm.bpm_at_time(a), tm.bpm_at_time(max(a, b - 1e-6))]
        return min(bpms) * scale, max(bpms) * scale

    # -- input ----------------------------------------------------------------------------
    def handle(self, event: pygame.event.Event, stamp_ns: int) -> None:
        if event.type == pygame.KEYDOWN:
            key = event.key
        elif event.type == pygame.CONTROLLERBUTTONDOWN:
            key = nav_key(event)
            if key is None:
                return
        else:
            return
        self.moved_at = stamp_ns
        if key in (pygame.K_UP, pygame.K_w):
            self.row = (self.row - 1) % len(ROWS)
        elif key in (pygame.K_DOWN, pygame.K_s):
            self.row = (self.row + 1) % len(ROWS)
        elif key in (pygame.K_LEFT, pygame.K_a, pygame.K_RIGHT, pygame.K_d):
            self._adjust(-1 if key in (pygame.K_LEFT, pygame.K_a) else 1)
        elif key in (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE):
            if self.row == 2:
                self.loop = not self.loop
            else:
                self.start()
        elif key == pygame.K_ESCAPE:
            self.app.pop()

    def _adjust(self, step: int) -> None:
        if self.row == 0:
            self.start_interval = (self.start_interval + step) % len(self.level.intervals)
            self.bar_in_interval = 0
        elif self.row == FROM_BAR:
            bars = self.level.intervals[self.start_interval].bars
            self.bar_in_interval = (self.bar_in_interval + step) % bars
        elif self.row == 1:
            self.tempo = min(TEMPO_MAX, max(TEMPO_MIN, self.tempo + step * TEMPO_STEP))
        elif self.row == 2:
            self.loop = not self.loop

    def start(self) -> None:
        from game.app.scenes.play import PlayScene
        self.app.push(PlayScene(self.app, self.level, self.options()))

    # -- preview --------------------------------------------------------------------------
    def animating(self, now_ns: int) -> bool:
        """Until the chosen interval's picture is up (the menu then waits for keys)."""
        return self.start_interval not in self.previews

    def ambient_fps(self) -> float:
        return self.backdrop.fps

    def update(self, now_ns: int) -> None:
        """Render the chosen interval's picture once the cursor has rested a moment."""
        i = self.start_interval
        if i in self.previews or now_ns - self.moved_at < 200_000_000:
            return
        from game.app.shot import preview
        a, b = self.level.interval_times(i)
        self.previews[i] = preview(self.level, min(a + 2.05, (a + b) / 2), PREVIEW.size,
                                   self.app.text)

    # -- drawing --------------------------------------------------------------------------
    def _build_timeline(self) -> tuple[pygame.Surface, list[pygame.Rect]]:
        """The level's intervals as blocks, drawn once; their rects for the highlight."""
        surf = pygame.Surface(BAR.size)
        surf.fill((30, 26, 32))
        total = max(1e-6, self.level.duration)
        spans = []
        for i, iv in enumerate(self.level.intervals):
            a, b = self.level.interval_times(i)
            x0 = int(a / total * BAR.w)
            x1 = int(b / total * BAR.w)
            rect = pygame.Rect(x0 + 1, 3, max(2, x1 - x0 - 2), BAR.h - 6)
            pygame.draw.rect(surf, WORK if iv.is_work else REST, rect, border_radius=4)
            spans.append(rect.move(BAR.x, BAR.y))
        if pygame.display.get_surface() is not None:
            surf = surf.convert()
        return surf, spans

    def draw(self, canvas: pygame.Surface) -> Iterator[None] | None:
        text = self.app.text
        self.backdrop.draw(canvas, veil=100)
        chrome.heading(canvas, text, "PRACTICE", text.fit(self.level.title, 17, 700))
        text.blit(canvas, f"tier: {TIERS[self.tier].name}", 16, (W - 60, 44), DIM,
                  anchor="topright")
        canvas.blit(self.timeline, BAR)
        sel = self.spans[self.start_interval]
        pygame.draw.rect(canvas, GOLD, sel.inflate(6, 8), 3, border_radius=6)
        pygame.draw.polygon(canvas, GOLD, [(sel.centerx, BAR.bottom + 6),
                                           (sel.centerx - 8, BAR.bottom + 16),
                                           (sel.centerx + 8, BAR.bottom + 16)])
        if self.bar_in_interval:     # the bar it starts from, on the interval's block
            x = BAR.x + int(bar_time(self.level, self.start_bar) / max(1e-6, self.level.duration)
                            * BAR.w)
            pygame.draw.line(canvas, INK, (x, BAR.y - 2), (x, BAR.bottom + 2), 3)
        if self.loop:
            text.blit(canvas, "LOOP", 14, (sel.centerx, BAR.y - 8), GOLD, True,
                      anchor="midbottom")
        chrome.draw_panel(canvas, (40, 206, 630, 12 + len(ROWS) * 62))
        self._draw_rows(canvas)
        self._draw_preview(canvas)
        text.blit(canvas, "Practice runs are marked PRACTICE, here and on the results, and "
                  "never count for personal bests or streaks.", 16, (60, 630), (255, 200, 140))
        chrome.footer(canvas, text, "Up/Down choose   Left/Right change   Enter start   "
                      "Esc back")
        return None

    def _values(self) -> tuple[str, str, str, str, str]:
        i = self.start_interval
        lo, hi = self.bpm_range()
        bpm = f"{lo:.0f} bpm" if abs(hi - lo) < 0.5 else f"{lo:.0f}-{hi:.0f} bpm"
        from_bar = (f"{self.start_bar + 1}  (bar {self.bar_in_interval + 1} of "
                    f"{self.level.intervals[i].bars} here)")
        return (interval_name(self.level, i), f"{self.tempo} %  ({bpm})",
                "ON" if self.loop else "OFF", from_bar, "")

    def _draw_rows(self, canvas: pygame.Surface) -> None:
        text = self.app.text
        values = self._values()
        for k, label in enumerate(ROWS):
            y = 230 + k * 62
            on = k == self.row
            box = pygame.Rect(50, y - 8, 610, 50)
            if on:
                pygame.draw.rect(canvas, (70, 50, 46), box, border_radius=6)
            if k == START:
                pygame.draw.rect(canvas, GOLD if on else (120, 100, 80), box, 2,
                                 border_radius=6)
                text.blit(canvas, label, 24, box.center, GOLD if on else INK, True,
                          anchor="center")
                continue
            col = GOLD if on else INK
            text.blit(canvas, label, 22, (70, box.centery), col, on, anchor="midleft")
            value = f"<  {values[k]}  >" if on else values[k]
            text.blit(canvas, value, 20, (box.right - 16, box.centery), col, on,
                      anchor="midright")
        iv = self.level.intervals[self.start_interval]
        a, b = self.level.interval_times(self.start_interval)
        secs = (b - a) / (TIERS[self.tier].tempo_scale * self.tempo_scale)
        detail = (f"interval {self.start_interval + 1} of {len(self.level.intervals)}: "
                  f"{'work' if iv.is_work else 'rest'}, {iv.bars} bars, "
                  f"{int(secs) // 60}:{int(secs) % 60:02d}")
        below = 230 + len(ROWS) * 62
        text.blit(canvas, detail, 16, (70, below), DIM)
        if self.loop:
            text.blit(canvas, "Each time it ends it starts again, a bar early to find the "
                      "beat.", 16, (70, below + 24), DIM)

    def _draw_preview(self, canvas: pygame.Surface) -> None:
        chrome.draw_panel(canvas, PREVIEW.inflate(16, 16), radius=8)
        preview = self.previews.get(self.start_interval)
        if preview is not None:
            canvas.blit(preview, PREVIEW)
        else:
            self.app.text.blit(canvas, "...", 30, PREVIEW.center, DIM, True, anchor="center")
        pygame.draw.rect(canvas, (90, 80, 80), PREVIEW, 2)
