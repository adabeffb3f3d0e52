"""Title: the city at dawn, the Museum steps, and one key to start training."""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterator

import pygame

from game.app.scene import Scene
from game.gfx import chrome
from game.gfx.draw import ease_out
from game.gfx.palette import GOLD, INK

W, H = 1280, 720
PULSE_S = 2.0       # after a key the cursor nudges this long, then holds still
MENU = pygame.Rect(40, 214, 460, 0)     # the menu's card (its height follows the items)


def museum_layer() -> pygame.Surface:
    """The Museum on its hill and the steps widening toward us, with the figure at the top,
    arms raised: the film's last image, in front of the moving city."""
    key = (255, 0, 255)
    layer = pygame.Surface((W, H))    # solid shapes: a colour key blits far faster than alpha
    layer.fill(key)
    museum = pygame.Rect(390, 360, 500, 110)
    pygame.draw.polygon(layer, (150, 112, 116), [(museum.left - 20, museum.top),
                        (museum.centerx, museum.top - 46), (museum.right + 20, museum.top)])
    pygame.draw.rect(layer, (140, 104, 110), museum)
    for k in range(10):
        x = museum.left + 20 + k * 50
        pygame.draw.rect(layer, (186, 150, 146), (x, museum.top + 8, 18, museum.height - 8))
    for k in range(17):
        y = 470 + k * 15
        half = 260 + k * 30
        shade = 132 + (k % 2) * 16 - k * 3
        pygame.draw.rect(layer, (shade, shade - 26, shade - 30), (W // 2 - half, y, 2 * half,
                                                                  15))
    fx, fy = W // 2, 462
    ink = (30, 22, 30)
    pygame.draw.line(layer, ink, (fx, fy), (fx, fy - 34), 9)
    pygame.draw.circle(layer, ink, (fx, fy - 42), 7)
    pygame.draw.line(layer, ink, (fx - 3, fy - 30), (fx - 22, fy - 62), 5)
    pygame.draw.line(layer, ink, (fx + 3, fy - 30), (fx + 22, fy - 62), 5)
    pygame.draw.line(layer, ink, (fx - 3, fy), (fx - 9, fy + 8), 5)
    pygame.draw.line(layer, ink, (fx + 3, fy), (fx + 9, fy + 8), 5)
    if pygame.display.get_surface() is not None:
        layer = layer.convert()
    layer.set_colorkey(key, pygame.RLEACCEL)
    return layer


class TitleScene(Scene):
    """Dawn over the city behind the Museum steps; the first item plays, so a new player's
    first Enter goes to the route's first stop (never a seven-minute session)."""

    def __init__(self, app) -> None:
        super().__init__(app)
        self.items: list[tuple[str, str, Callable[[], None]]] = []
        self.sel = 0
        self.moved_ns = time.perf_counter_ns()
        self.status = ""
        self.backdrop = app.menu_backdrop()
        self.museum = museum_layer()

    def enter(self) -> None:
        from game.app import menus
        self.items = menus.title_items(self.app)
        self.sel = min(self.sel, len(self.items) - 1)
        self.status = self._status()

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
        return now_ns - self.moved_ns < PULSE_S * 1e9 and not self.backdrop.reduced_motion

    def ambient_fps(self) -> float:
        return self.backdrop.fps

    def draw(self, canvas: pygame.Surface) -> Iterator[None] | None:
        text = self.app.text
        self.backdrop.draw(canvas)
        canvas.blit(self.museum, (0, 0))
        t = self.backdrop.seconds()
        rise = 0 if self.backdrop.reduced_motion else round(8 * (1 - ease_out(t / 3.0)))
        text.blit(canvas, "MONTAGE", 110, (W // 2 + 3, 104 + rise), (60, 26, 40), True,
                  anchor="center")
        text.blit(canvas, "MONTAGE", 110, (W // 2, 100 + rise), (255, 244, 220), True,
                  anchor="center")
        text.blit(canvas, "train to the beat", 26, (W // 2, 170 + rise), (255, 230, 200),
                  anchor="center")
        box = MENU.copy()
        box.height = 40 + 48 * len(self.items)
        chrome.draw_panel(canvas, box, alpha=180)
        age = (time.perf_counter_ns() - self.moved_ns) / 1e9
        swing = 0.0 if self.backdrop.reduced_motion else 4 * max(0.0, 1.0 - age / PULSE_S)
        for k, (key, label, _a) in enumerate(self.items):
            on = k == self.sel
            y = box.top + 20 + k * 48
            col = GOLD if on else INK
            if on:
                pulse = int(swing * math.sin(age * 6))
                pygame.draw.rect(canvas, (70, 46, 48), (box.left + 14, y - 6, box.width - 28,
                                                        42), border_radius=8)
                pygame.draw.polygon(canvas, col, [(70 + pulse, y + 6), (86 + pulse, y + 16),
                                                  (70 + pulse, y + 26)])
            text.blit(canvas, label, 30, (100, y), col, on)
            if key:
                text.blit(canvas, f"[{key.upper()}]", 18, (480, y + 8), (200, 186, 196),
                          anchor="topright")
        if self.status:
            chrome.footer(canvas, text, self.status)
        return None
