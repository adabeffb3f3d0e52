"""The menus' shared look: dawn over the city, and the panels, cards and headings on it.

Every menu (title, select, results, settings, stats, daily, calibration, record) draws the
same world the film opens on, so leaving a stage never drops the player into flat boxes.

Use it like this (in a scene of game/app)::

    from game.gfx import chrome
    self.backdrop = app.menu_backdrop()   # one dawn for the whole run: it keeps rising as
                                          # the player goes from screen to screen
    def ambient_fps(self) -> float:       # the loop redraws the menu this often between keys
        return self.backdrop.fps
    def draw(self, canvas):
        self.backdrop.draw(canvas, veil=90)           # sky, sun, skylines, a dark veil
        chrome.heading(canvas, text, "RESULTS", "Speed Bag, Normal")
        chrome.draw_panel(canvas, pygame.Rect(40, 120, 560, 520))
        chrome.footer(canvas, text, "Enter again   Esc back")

(`chrome.Backdrop(reduced_motion=...)` makes a backdrop of your own, e.g. outside an App.)
The backdrop reads its own clock (seconds since it was built); `hold(t)` freezes it at t so a
`shot --scene` or a golden frame is the same picture every run. With reduced motion (a bool,
or a callable read at every frame, so the setting applies at once) it is one still morning
frame and `fps` is 0.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from functools import lru_cache

import numpy as np
import pygame

from game.gfx.draw import Colour, additive_glow, ease_out, lerp_colour, vertical_gradient
from game.gfx.palette import DIM, GOLD, INK
from game.gfx.text import TextCache

W, H = 1280, 720
DAWN_S = 60.0            # the sun takes this long to clear the rooftops; the morning then holds
#: A menu is redrawn this often between keys. Everything in the dawn moves at most about a
#: pixel a redraw at this rate (the nearest roofs 8 px/s, the sun at most ~11 px/s early on),
#: so it looks as smooth as 15 fps did with faster drift, at half the cost: a menu left open
#: is the game's most common state, and its CPU is a laptop's battery (issue 19: <= 3 %).
AMBIENT_FPS = 8
STILL_T = 45.0           # the one frame shown with reduced motion (sun up, sky warm)
SKY_STEPS = 96           # the sky's colour is re-blended this many times over the dawn

PRE_DAWN: list[tuple[float, Colour]] = [(0.0, (16, 16, 44)), (0.45, (58, 40, 88)),
                                        (0.72, (150, 76, 96)), (1.0, (214, 120, 96))]
SUNRISE: list[tuple[float, Colour]] = [(0.0, (40, 52, 110)), (0.4, (190, 110, 120)),
                                       (0.68, (252, 176, 112)), (1.0, (255, 222, 160))]
PANEL_FILL = (14, 11, 20)
PANEL_EDGE = (255, 196, 130)
ACCENT = (255, 150, 90)   # the dawn's orange: headings' rule, route lines
VEIL = (8, 6, 14)         # the night colour a veil darkens the backdrop toward


def skyline(size: tuple[int, int], colour: Colour, seed: int, min_h: int, max_h: int,
            lit: float = 0.12, key: Colour = (255, 0, 255)) -> pygame.Surface:
    """A row of city blocks (water towers, a few lit windows), colour-keyed above the roofs.

    The row wraps: its right edge meets its left, so it can scroll forever."""
    w, h = size
    rng = np.random.default_rng(seed)
    surf = pygame.Surface(size)
    surf.fill(key)
    x = 0
    while x < w:
        bw = min(int(rng.integers(34, 96)), w - x)
        bh = int(rng.integers(min_h, max_h))
        pygame.draw.rect(surf, colour, (x, h - bh, bw, bh))
        roll = rng.random()
        if roll < 0.18:                                     # a water tower on legs
            cx = x + bw // 2
            pygame.draw.rect(surf, colour, (cx - 9, h - bh - 26, 18, 16))
            pygame.draw.polygon(surf, colour, [(cx - 11, h - bh - 26), (cx, h - bh - 34),
                                               (cx + 11, h - bh - 26)])
            pygame.draw.line(surf, colour, (cx - 7, h - bh - 10), (cx - 7, h - bh), 2)
            pygame.draw.line(surf, colour, (cx + 7, h - bh - 10), (cx + 7, h - bh), 2)
        elif roll < 0.3:                                    # a stepped top
            pygame.draw.rect(surf, colour, (x + bw // 4, h - bh - 18, bw // 2, 18))
        for wy in range(h - bh + 8, h - 6, 12):
            for wx in range(x + 5, x + bw - 6, 10):
                if rng.random() < lit:
                    pygame.draw.rect(surf, (250, 206, 140), (wx, wy, 4, 5))
        x += bw + int(rng.integers(0, 8))
    surf.set_colorkey(key, pygame.RLEACCEL)
    return surf


def _cloud(width: int, seed: int) -> pygame.Surface:
    """A soft, flat dawn cloud: overlapping ellipses with alpha."""
    rng = np.random.default_rng(seed)
    h = width // 4
    surf = pygame.Surface((width, h), pygame.SRCALPHA)
    for _ in range(7):
        cw = int(rng.integers(width // 4, width // 2))
        ch = int(rng.integers(h // 3, h - 4))
        cx = int(rng.integers(0, width - cw))
        pygame.draw.ellipse(surf, (255, 200, 190, 46), (cx, h - ch, cw, ch))
    return surf


class Backdrop:
    """Dawn over the city: the sky brightens, the sun rises behind three skylines that drift
    at their own depths (parallax), and a few clouds cross. Built once, then only blitted.

    `veil` (0-255) darkens everything so text on top reads; `horizon` is the y of the
    nearest roofs' feet (screens put their content above or over it).
    """

    def __init__(self, *, reduced_motion: bool | Callable[[], bool] = False, veil: int = 0,
                 seed: int = 3, horizon: int = H,
                 clock: Callable[[], int] = time.perf_counter_ns) -> None:
        self._reduced = reduced_motion
        self.clock = clock
        self.start_ns = clock()
        self._held: float | None = None
        self.horizon = horizon
        display = pygame.display.get_surface() is not None
        self.sky_a = vertical_gradient((W, H), PRE_DAWN)
        self.sky_b = vertical_gradient((W, H), SUNRISE)
        self._sky_now = self.sky_a.copy()
        self._sky_step = -1
        self.glow = additive_glow(260, (150, 90, 40))
        self.sun = pygame.Surface((90, 90), pygame.SRCALPHA)
        pygame.draw.circle(self.sun, (255, 236, 190, 235), (45, 45), 44)
        self.layers: list[tuple[pygame.Surface, float, int]] = []   # (surface, px/s, top y)
        for k, (col, lo, hi, speed, lit) in enumerate((
                ((112, 74, 108), 80, 250, 1.5, 0.05),
                ((72, 48, 80), 50, 190, 4.0, 0.1),
                ((38, 26, 44), 30, 120, 8.0, 0.16))):
            layer_h = hi + 40
            surf = skyline((W, layer_h), col, seed + 11 * k, lo, hi, lit)
            self.layers.append((surf.convert() if display else surf, speed, horizon - layer_h))
            self.layers[-1][0].set_colorkey((255, 0, 255), pygame.RLEACCEL)
        self.clouds = [(_cloud(w, seed + 40 + i), x, y, s) for i, (w, x, y, s) in enumerate(
            ((300, 140, 90, 3.0), (220, 700, 150, 2.0), (360, 1010, 60, 4.0)))]
        if display:
            self.clouds = [(c.convert_alpha(), x, y, s) for c, x, y, s in self.clouds]
            self.sun = self.sun.convert_alpha()
        self.veil_alpha = veil

    @property
    def reduced_motion(self) -> bool:
        return bool(self._reduced() if callable(self._reduced) else self._reduced)

    @property
    def moving(self) -> bool:
        """True unless reduced motion (or hold) keeps the picture still."""
        return self._held is None and not self.reduced_motion

    @property
    def fps(self) -> float:
        """How often a menu showing this backdrop should be redrawn between keys."""
        return AMBIENT_FPS if self.moving else 0.0

    def hold(self, t: float) -> None:
        """Freeze the dawn at t seconds (shots and golden frames)."""
        self._held = t

    def seconds(self) -> float:
        if self.reduced_motion:
            return STILL_T
        if self._held is not None:
            return self._held
        return (self.clock() - self.start_ns) / 1e9

    def dawn(self, t: float) -> float:
        """0 (before first light) .. 1 (sun clear of the roofs), eased."""
        return ease_out(0.1 + 0.9 * min(1.0, t / DAWN_S))

    def _sky(self, step: int) -> pygame.Surface:
        """The sky at a dawn step: blended once per step (the sky changes slowly), so a
        frame blits one opaque surface instead of blending two."""
        if step != self._sky_step:
            self._sky_step = step
            self._sky_now.blit(self.sky_a, (0, 0))
            self.sky_b.set_alpha(round(255 * step / SKY_STEPS))
            self._sky_now.blit(self.sky_b, (0, 0))
        return self._sky_now

    def sun_pos(self, t: float) -> tuple[int, int]:
        p = self.dawn(t)
        return (int(W * 0.76), int(self.horizon - 60 - 340 * p))

    def draw(self, canvas: pygame.Surface, t: float | None = None,
             veil: int | None = None) -> None:
        """The whole backdrop (opaque: no need to clear the canvas first) at t seconds (its
        own clock by default), under a dark veil of `veil` alpha (the one built with by
        default) so text on top reads."""
        t = self.seconds() if t is None else t
        p = self.dawn(t)
        canvas.blit(self._sky(round(p * SKY_STEPS)), (0, 0))
        sx, sy = self.sun_pos(t)
        canvas.blit(self.glow, (sx - 260, sy - 260), special_flags=pygame.BLEND_RGB_ADD)
        canvas.blit(self.sun, (sx - 45, sy - 45))
        for surf, x0, y, speed in self.clouds:
            span = W + surf.get_width()
            x = (x0 + t * speed) % span - surf.get_width()
            canvas.blit(surf, (int(x), y))
        for surf, speed, top in self.layers:
            x = int(-(t * speed) % W)
            canvas.blit(surf, (x - W, top))
            canvas.blit(surf, (x, top))
        alpha = self.veil_alpha if veil is None else veil
        if alpha > 0:
            darken(canvas, alpha)


def darken(canvas: pygame.Surface, alpha: int, colour: Colour = VEIL) -> None:
    """Blend `colour` over the whole canvas at `alpha`, as a multiply and an add: the same
    picture as blitting a full-screen surface with that alpha, in a third of the time
    (measured 0.19 vs 0.62 ms at 1280x720), and the veil is on every menu frame."""
    keep = 255 - alpha
    canvas.fill((keep, keep, keep), special_flags=pygame.BLEND_RGB_MULT)
    canvas.fill(tuple(round(c * alpha / 255) for c in colour), special_flags=pygame.BLEND_RGB_ADD)


@lru_cache(maxsize=64)
def panel(size: tuple[int, int], alpha: int = 196, radius: int = 14,
          edge: Colour | None = PANEL_EDGE, fill: Colour = PANEL_FILL) -> pygame.Surface:
    """A translucent dark card with a thin warm edge, cached by its arguments."""
    surf = pygame.Surface(size, pygame.SRCALPHA)
    rect = surf.get_rect()
    pygame.draw.rect(surf, (*fill, alpha), rect, border_radius=radius)
    if edge is not None:
        pygame.draw.rect(surf, (*edge, 70), rect, 1, border_radius=radius)
    if pygame.display.get_surface() is not None:
        surf = surf.convert_alpha()
    return surf


def draw_panel(canvas: pygame.Surface, rect: pygame.Rect | tuple[int, int, int, int], *,
               alpha: int = 196, selected: bool = False, radius: int = 14) -> pygame.Rect:
    """A panel at rect; a selected one gets a gold edge."""
    rect = pygame.Rect(rect)
    canvas.blit(panel(rect.size, alpha, radius), rect)
    if selected:
        pygame.draw.rect(canvas, GOLD, rect, 2, border_radius=radius)
    return rect


def heading(canvas: pygame.Surface, text: TextCache, title: str, subtitle: str = "", *,
            x: int = 60, y: int = 26, size: int = 36) -> int:
    """A screen's title with the dawn's orange rule under it; returns the y below it."""
    rect = text.blit(canvas, title, size, (x, y), INK, True)
    pygame.draw.line(canvas, ACCENT, (x, rect.bottom + 4), (x + max(60, rect.width // 3),
                                                           rect.bottom + 4), 3)
    bottom = rect.bottom + 10
    if subtitle:
        sub = text.blit(canvas, subtitle, 17, (x, bottom + 2), (255, 214, 170))
        bottom = sub.bottom + 4
    return bottom


def footer(canvas: pygame.Surface, text: TextCache, hint: str, y: int = H - 30) -> None:
    """The key hints along the bottom, on a dark strip so they read over any sky."""
    canvas.blit(panel((W, 40), 170, 0, None), (0, y - 20))
    text.blit(canvas, text.fit(hint, 16, W - 60), 16, (W // 2, y), (214, 208, 214),
              anchor="center")


def label_value(canvas: pygame.Surface, text: TextCache, label: str, value: str,
                pos: tuple[int, int], width: int = 120, size: int = 18,
                value_colour: Colour = INK) -> None:
    """One 'label   value' row, as on every stats card."""
    text.blit(canvas, label, size, pos, DIM)
    text.blit(canvas, value, size, (pos[0] + width, pos[1]), value_colour)


def glint(t: float, period: float = 2.4) -> float:
    """0..1 pulse for a selection marker (call with the backdrop's seconds)."""
    return 0.5 + 0.5 * math.sin(2 * math.pi * t / period)


def tint(colour: Colour, towards: Colour, f: float) -> Colour:
    return lerp_colour(colour, towards, f)
