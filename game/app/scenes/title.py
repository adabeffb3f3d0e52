"""Title: the city at dawn, the Museum steps, and one key to start training."""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterator

import numpy as np
import pygame

from game.app.scene import Scene
from game.gfx.draw import additive_glow, vertical_gradient

W, H = 1280, 720
PULSE_S = 2.0       # after a key the cursor pulses this long, then holds still (idle CPU)


def skyline(size: tuple[int, int], colour: tuple[int, int, int], seed: int,
            min_h: int, max_h: int) -> pygame.Surface:
    """A row of city blocks with lit windows, transparent above the roofs."""
    w, h = size
    rng = np.random.default_rng(seed)
    surf = pygame.Surface(size, pygame.SRCALPHA)
    x = 0
    while x < w:
        bw = int(rng.integers(34, 90))
        bh = int(rng.integers(min_h, max_h))
        pygame.draw.rect(surf, colour, (x, h - bh, bw, bh))
        if rng.random() < 0.25:
            pygame.draw.rect(surf, colour, (x + bw // 3, h - bh - 24, bw // 3, 24))
        for wy in range(h - bh + 8, h - 6, 12):
            for wx in range(x + 5, x + bw - 6, 10):
                if rng.random() < 0.12:
                    pygame.draw.rect(surf, (250, 210, 140), (wx, wy, 4, 5))
        x += bw + int(rng.integers(0, 8))
    return surf


class TitleScene(Scene):
    def __init__(self, app) -> None:
        super().__init__(app)
        self.items: list[tuple[str, str, Callable[[], None]]] = []
        self.sel = 0
        self.moved_ns = time.perf_counter_ns()
        self.status = ""
        self.background = self._build()

    def _build(self) -> pygame.Surface:
        bg = vertical_gradient((W, H), [(0.0, (38, 34, 80)), (0.45, (196, 104, 110)),
                                        (0.7, (252, 178, 110)), (1.0, (252, 220, 160))])
        bg.blit(additive_glow(240, (120, 80, 30)), (W // 2 - 240, 330),
                special_flags=pygame.BLEND_RGB_ADD)
        bg.blit(skyline((W, 300), (120, 80, 110), 3, 60, 220), (0, 230))
        bg.blit(skyline((W, 260), (70, 46, 74), 5, 40, 160), (0, 330))
        # the Museum: columns and a pediment above the steps
        museum = pygame.Rect(390, 330, 500, 120)
        pygame.draw.polygon(bg, (178, 150, 140), [(museum.left - 20, museum.top),
                            (museum.centerx, museum.top - 50), (museum.right + 20,
                                                                museum.top)])
        pygame.draw.rect(bg, (168, 140, 132), museum)
        for k in range(10):
            x = museum.left + 20 + k * 50
            pygame.draw.rect(bg, (206, 180, 166), (x, museum.top + 8, 18, museum.height - 8))
        # the steps, widening toward us
        for k in range(18):
            y = 450 + k * 15
            half = 260 + k * 30
            shade = 150 + (k % 2) * 18 - k * 3
            pygame.draw.rect(bg, (shade, shade - 18, shade - 30), (W // 2 - half, y, 2 * half,
                                                                   15))
        # the figure at the top, arms raised
        fx, fy = W // 2, 442
        pygame.draw.line(bg, (30, 24, 30), (fx, fy), (fx, fy - 34), 9)
        pygame.draw.circle(bg, (30, 24, 30), (fx, fy - 42), 7)
        pygame.draw.line(bg, (30, 24, 30), (fx - 3, fy - 30), (fx - 22, fy - 62), 5)
        pygame.draw.line(bg, (30, 24, 30), (fx + 3, fy - 30), (fx + 22, fy - 62), 5)
        pygame.draw.line(bg, (30, 24, 30), (fx - 3, fy), (fx - 9, fy + 8), 5)
        pygame.draw.line(bg, (30, 24, 30), (fx + 3, fy), (fx + 9, fy + 8), 5)
        self.app.text.blit(bg, "MONTAGE", 110, (W // 2, 100), (255, 244, 220), True,
                           anchor="center")
        self.app.text.blit(bg, "train to the beat", 26, (W // 2, 168), (255, 230, 200),
                           anchor="center")
        return bg.convert() if pygame.display.get_surface() else bg

    def enter(self) -> None:
        from game.app import menus
        self.items = menus.title_items(self.app)
        self.sel = min(self.sel, len(self.items) - 1)
        self.status = self._status()
        self.panel = pygame.Surface((460, 40 + 48 * len(self.items)), pygame.SRCALPHA)
        pygame.draw.rect(self.panel, (12, 10, 18, 170), self.panel.get_rect(), border_radius=14)

    def _status(self) -> str:
        """One line about the player's training: the streak and whether today is done."""
        store = self.app.store
        if store is None:
            return ""
        from datetime import date
        try:
            current, best = store.streak(date.today())
            done = store.daily_done(date.today())
        except Exception:  # noqa: BLE001 - the title must come up whatever the store says
            return ""
        today = "today's montage: done" if done else "today's montage: waiting for you"
        return f"streak {current} day{'s' if current != 1 else ''} (best {best})   {today}"

    def handle(self, event: pygame.event.Event, stamp_ns: int) -> None:
        if event.type != pygame.KEYDOWN:
            return
        self.moved_ns = stamp_ns
        if event.key in (pygame.K_UP, pygame.K_w):
            self.sel = (self.sel - 1) % len(self.items)
        elif event.key in (pygame.K_DOWN, pygame.K_s):
            self.sel = (self.sel + 1) % len(self.items)
        elif event.key in (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE):
            self.items[self.sel][2]()
        elif event.key == pygame.K_ESCAPE:  # no instant quit: Esc (or a pad's B) goes to Quit
            self.sel = len(self.items) - 1
        else:
            for key, _label, action in self.items:
                if key and event.unicode and event.unicode.lower() == key:
                    action()
                    return

    def animating(self, now_ns: int) -> bool:
        return now_ns - self.moved_ns < PULSE_S * 1e9

    def draw(self, canvas: pygame.Surface) -> Iterator[None] | None:
        canvas.blit(self.background, (0, 0))
        canvas.blit(self.panel, (40, 220))
        age = (time.perf_counter_ns() - self.moved_ns) / 1e9
        swing = 4 * max(0.0, 1.0 - age / PULSE_S)    # the cursor nudges, then settles
        for k, (key, label, _a) in enumerate(self.items):
            on = k == self.sel
            y = 240 + k * 48
            col = (255, 214, 90) if on else (235, 228, 220)
            if on:
                pulse = int(swing * math.sin(age * 6))
                pygame.draw.polygon(canvas, col, [(70 + pulse, y + 6), (86 + pulse, y + 16),
                                                  (70 + pulse, y + 26)])
            self.app.text.blit(canvas, label, 30, (100, y), col, on)
            if key:
                self.app.text.blit(canvas, f"[{key.upper()}]", 18, (480, y + 8),
                                   (190, 180, 190), anchor="topright")
        if self.status:
            self.app.text.blit(canvas, self.status, 18, (70, 232 + 48 * len(self.items)),
                               (255, 226, 180), True)
        return None
