"""The Museum steps at dawn: 72 stone steps in perspective, the city over the parapet.

A small 3-D model (steps, landings, parapet, the museum at the top) is projected every frame
from a camera that follows the climber, so the steps flow down the screen as they are
climbed and the park drops away to reveal the skyline. At the top, a whip pan turns to the
city spread out below, and the climber raises both arms.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pygame

from game.core.events import Fanfare, GameEvent, HoldEnded, HoldStarted
from game.core.level import Cue, Level
from game.core.stage import StageInfo
from game.gfx.draw import additive_glow, ease_out, lerp_colour, radial_glow
from game.gfx.stage_view import H, StageView, W
from game.stages.museum_steps import STAIR_SYMBOLS, STAIRS, StepsSnapshot, Stride

Colour = tuple[int, int, int]
Point = tuple[float, float]

RISE, RUN = 0.165, 0.40         # metres per step
LANDING = 3.0                   # metres of flat landing where the level rests
TERRACE = 46.0                  # from the top step to the museum
CAM_BACK, CAM_UP = 7.4, 2.65    # the camera follows behind and above the climber
FOCAL, HORIZON, CX = 760.0, 318.0, 640.0
NEAR = 1.2
EDGE_X = 7.5                    # the right-hand parapet, metres right of the camera
PARAPET = 0.75
RUNNER_X = -0.9                 # the climber runs a little left of the camera
SKY_H = 560                     # rows of the sky layer
DAWN_STEPS = 6                  # sky layers pre-rendered from night blue to sunrise
DAWN_LEVELS = 32                # cached blends between them
TWEEN = 0.14                    # s for the camera to settle on a new step
PAN_TIME = 0.5
JOINTS = (-11.4, -6.6, -1.8, 3.0)   # metres: where the stone blocks meet
PIGEON_STEP = 36                    # where the pigeons sit, until the climber comes


def _finish(surf: pygame.Surface, alpha: bool = True) -> pygame.Surface:
    if pygame.display.get_surface() is None:
        return surf
    return surf.convert_alpha() if alpha else surf.convert()


def _mix(a: np.ndarray | tuple, b: np.ndarray | tuple, f: np.ndarray | float) -> np.ndarray:
    return np.asarray(a, float) + (np.asarray(b, float) - np.asarray(a, float)) * f


# -- painted layers -----------------------------------------------------------------------
@lru_cache(maxsize=4)
def _sky_shapes(w: int, h: int, horizon: float, seed: int
                ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Where the clouds (two tints) and the stars are: the same at every hour of the dawn."""
    rng = np.random.default_rng(seed)
    xx = np.arange(w, dtype=np.float32)[:, None]
    bands = [np.zeros((w, h), np.float32), np.zeros((w, h), np.float32)]
    for k in range(7):
        cy = rng.uniform(20, horizon - 35)
        cx = rng.uniform(-100, w)
        length, thick = rng.uniform(150, 350), rng.uniform(2.5, 7)
        y0, y1 = max(0, int(cy - 30)), min(h, int(cy + 30))
        yy = np.arange(y0, y1, dtype=np.float32)[None, :]
        band = np.exp(-((yy - cy - (xx - cx) * 0.03) / thick) ** 2) * \
            np.clip(1 - np.abs((xx - cx - length / 2) / (length / 2)), 0, 1) ** 0.6
        bands[k % 2][:, y0:y1] = np.maximum(bands[k % 2][:, y0:y1], band)
    stars = (rng.random((w, h)) > 0.997) & (np.arange(h)[None, :] < horizon * 0.7)
    return bands[0], bands[1], stars


def sky_layer(dawn: float, size: tuple[int, int] = (W, SKY_H), sun: Point = (1190, 300),
              horizon: float = HORIZON, seed: int = 3) -> pygame.Surface:
    """Night blue overhead warming to a sunrise low on the city side; clouds lit from below.
    Painted at half size (it is all soft light) and scaled up."""
    full = size
    w, h = size[0] // 2, size[1] // 2
    sun_full = sun
    sun, horizon = (sun[0] / 2, sun[1] / 2), horizon / 2
    ys = np.linspace(0, 1, h)[None, :, None]
    top = _mix((14, 18, 46), (70, 104, 168), dawn)
    mid = _mix((40, 40, 86), (196, 150, 170), dawn)
    low = _mix((82, 58, 92), (255, 190, 130), dawn)
    hy = horizon / h
    grad = np.where(ys < hy * 0.6, _mix(top, mid, ys / (hy * 0.6)),
                    _mix(mid, low, np.clip((ys - hy * 0.6) / (hy * 0.4), 0, 1)))
    xx = np.arange(w)[:, None]
    yy = np.arange(h)[None, :]
    d = np.sqrt(((xx - sun[0]) / 450.0) ** 2 + ((yy - sun[1]) / 190.0) ** 2)
    glow = np.clip(1 - d, 0, 1)[:, :, None] ** 2 * (0.35 + 0.65 * dawn)
    col = grad * (1 - glow) + _mix((200, 90, 80), (255, 214, 150), dawn) * glow
    # long thin clouds, dark at night, lit pink and gold as the sun comes up
    gold, pink, stars = _sky_shapes(w, h, horizon, seed)
    for band, lit in ((gold, (255, 210, 160)), (pink, (255, 170, 150))):
        tint = _mix((52, 48, 80), lit, dawn)
        col = col + (tint - col) * (band * 0.75)[:, :, None]
    small = pygame.Surface((w, h))
    pygame.surfarray.blit_array(small, np.clip(col, 0, 255).astype(np.uint8))
    surf = pygame.transform.smoothscale(small, full)
    if dawn < 0.4:
        star = lerp_colour((120, 120, 170), (230, 230, 255), 1 - dawn / 0.4)
        for x, y in zip(*np.nonzero(stars), strict=True):
            surf.fill(star, (int(x) * 2, int(y) * 2, 1 + (x + y) % 2, 1 + (x + y) % 2))
    # the sun itself, half risen behind the city
    if dawn > 0.15:
        r = 26
        sy = sun_full[1] + 40 * (1 - dawn)
        pygame.draw.circle(surf, lerp_colour((240, 150, 90), (255, 236, 190), dawn),
                           (sun_full[0], int(sy)), r)
    return surf


def skyline(surf: pygame.Surface, base: Point, width: float, height: float, dawn: float,
            seed: int = 9) -> None:
    """The city: towers of every height, a tall tower with a crown in the middle, windows
    going dark as day comes."""
    rng = np.random.default_rng(seed)
    x0, y0 = base
    far = lerp_colour((34, 30, 60), (150, 130, 160), dawn)
    near = lerp_colour((24, 22, 44), (104, 92, 122), dawn)
    for layer, col in ((0, far), (1, near)):
        x = x0
        while x < x0 + width:
            bw = rng.uniform(0.025, 0.06) * width
            bh = rng.uniform(0.2, 0.62 if layer == 0 else 0.48) * height
            top = y0 - bh
            pygame.draw.rect(surf, col, (x, top, bw + 1, bh))
            if rng.random() < 0.3:      # a stepped top or a mast
                pygame.draw.rect(surf, col, (x + bw * 0.25, top - bh * 0.08, bw * 0.5, bh * 0.1))
            if layer == 1 and dawn < 0.8:
                lit = lerp_colour((255, 214, 140), col, dawn / 0.8)
                for _ in range(int(bh * bw / 260)):
                    wx = x + 2 + rng.uniform(0, bw - 4)
                    wy = top + 3 + rng.uniform(0, bh - 6)
                    if rng.random() < 0.45:
                        surf.fill(lit, (wx, wy, 2, 2))
            x += bw + rng.uniform(0, 0.01) * width
    # the tower with its crown, in the middle of the city
    tx = x0 + width * 0.52
    th = height * 1.05
    tower = lerp_colour((30, 26, 52), (126, 108, 128), dawn)
    pygame.draw.rect(surf, tower, (tx - 0.03 * width, y0 - th * 0.55, 0.06 * width, th * 0.55))
    pygame.draw.rect(surf, tower, (tx - 0.02 * width, y0 - th * 0.8, 0.04 * width, th * 0.26))
    pygame.draw.polygon(surf, tower, [(tx - 0.014 * width, y0 - th * 0.8),
                                      (tx + 0.014 * width, y0 - th * 0.8), (tx, y0 - th)])
    pygame.draw.circle(surf, lerp_colour((230, 200, 150), (255, 240, 210), dawn),
                       (tx, y0 - th * 0.68), max(2, int(0.009 * width)))


def trees_layer(size: tuple[int, int], dawn: float, seed: int = 21, road: bool = True
                ) -> pygame.Surface:
    """The park below the steps: rounded canopies in morning shadow, a pale road through."""
    w, h = size
    rng = np.random.default_rng(seed)
    surf = pygame.Surface(size, pygame.SRCALPHA)
    ground = lerp_colour((30, 40, 44), (92, 104, 96), dawn)
    surf.fill((*ground, 255), (0, 40, w, h - 40))
    for row in range(7):
        y = 36 + row * 26
        base = lerp_colour((18, 26, 32), (52, 74, 62), dawn * (0.8 + 0.04 * row))
        for _ in range(int(w / 7)):
            x = rng.uniform(-10, w + 10)
            r = rng.uniform(5, 11) * (1 + 0.18 * row)
            col = lerp_colour(base, (0, 0, 0), rng.uniform(0, 0.3))
            cy = y + rng.uniform(-9, 9)
            pygame.draw.circle(surf, col, (x, cy), r)
            if rng.random() < 0.25:              # the sun catches the tops of the crowns
                lit = lerp_colour(col, (226, 170, 110), 0.1 + 0.2 * dawn)
                pygame.draw.circle(surf, lit, (x + r * 0.3, cy - r * 0.3), r * 0.55)
    if road:
        pygame.draw.polygon(surf, lerp_colour((60, 60, 70), (190, 176, 160), dawn),
                            [(w * 0.3, 44), (w * 0.36, 44), (w * 0.6, h), (w * 0.1, h)])
    haze = pygame.Surface((w, 60), pygame.SRCALPHA)
    for k in range(60):
        a = int(110 * (1 - k / 60) ** 2)
        haze.fill((*lerp_colour((120, 100, 130), (255, 214, 180), dawn), a), (0, k, w, 1))
    surf.blit(haze, (0, 20))
    return surf


def museum_facade(scale: float, dawn: float = 0.8) -> pygame.Surface:
    """A columned front with a pediment, lit warm by the sunrise. `scale` is px per metre."""
    wm, hm = 56.0, 27.0
    w, h = int(wm * scale), int(hm * scale)
    s = pygame.Surface((w, h), pygame.SRCALPHA)
    stone = lerp_colour((120, 104, 120), (236, 196, 150), dawn)
    shade = lerp_colour((70, 60, 84), (170, 120, 100), dawn)
    dark = lerp_colour((40, 34, 56), (96, 66, 70), dawn)

    def m(x: float, y: float) -> tuple[float, float]:
        return x * scale, h - y * scale

    pygame.draw.polygon(s, stone, [m(1, 18), m(wm - 1, 18), m(wm / 2, 25.5)])   # pediment
    pygame.draw.polygon(s, shade, [m(4, 18.6), m(wm - 4, 18.6), m(wm / 2, 23.8)])
    pygame.draw.rect(s, stone, (*m(0, 18.6), wm * scale, 1.8 * scale))         # entablature
    pygame.draw.rect(s, dark, (*m(5, 16.8), (wm - 10) * scale, 14.8 * scale))  # the portico
    for k in range(8):                                                          # columns
        cx = 7.5 + k * (wm - 15) / 7
        pygame.draw.rect(s, stone, (*m(cx - 0.9, 16.8), 1.8 * scale, 14.8 * scale))
        pygame.draw.rect(s, shade, (*m(cx + 0.35, 16.8), 0.55 * scale, 14.8 * scale))
        pygame.draw.rect(s, stone, (*m(cx - 1.2, 17.2), 2.4 * scale, 0.5 * scale))
    for side in (0, wm - 5):                                                    # wings
        pygame.draw.rect(s, stone, (*m(side, 16.8), 5 * scale, 14.8 * scale))
        pygame.draw.rect(s, shade, (*m(side + 1.5, 12), 2 * scale, 4 * scale))
    for k in range(3):                                                          # its own steps
        pygame.draw.rect(s, lerp_colour(stone, shade, k * 0.3),
                         (*m(3 - k, 2 - k * 0.66), (wm - 6 + 2 * k) * scale, 0.7 * scale))
    # low sun from the right: the stone warms across the front, the portico deepens upward
    rgb = pygame.surfarray.pixels3d(s)
    gx = np.linspace(0.8, 1.08, w)[:, None, None]
    gy = np.linspace(1.0, 0.9, h)[None, :, None]
    rgb[:] = np.clip(rgb * gx * gy, 0, 255).astype(np.uint8)
    del rgb
    return s


@dataclass(frozen=True)
class Limb:
    a: Point
    b: Point
    c: Point
    width: float


class _Pen:
    """pygame.draw at a scale, so a figure drawn once in design units can be supersampled."""

    def __init__(self, k: float, size: tuple[int, int]) -> None:
        self.k = k
        self.surf = pygame.Surface((int(size[0] * k), int(size[1] * k)), pygame.SRCALPHA)

    def _p(self, p: Point) -> Point:
        return p[0] * self.k, p[1] * self.k

    def line(self, col: Colour, a: Point, b: Point, width: float) -> None:
        pygame.draw.line(self.surf, col, self._p(a), self._p(b), max(1, int(width * self.k)))

    def circle(self, col: Colour, c: Point, r: float) -> None:
        pygame.draw.circle(self.surf, col, self._p(c), r * self.k)

    def polygon(self, col: Colour, pts: list[Point]) -> None:
        pygame.draw.polygon(self.surf, col, [self._p(q) for q in pts])

    def rect(self, col: Colour, r: tuple, border_radius: int = 0) -> None:
        x, y, w, h = r
        pygame.draw.rect(self.surf, col, (x * self.k, y * self.k, w * self.k, h * self.k),
                         border_radius=int(border_radius * self.k))

    def ellipse(self, col: Colour, r: tuple) -> None:
        x, y, w, h = r
        pygame.draw.ellipse(self.surf, col, (x * self.k, y * self.k, w * self.k, h * self.k))


def runner_surface(pose: str, scale: float = 1.0) -> pygame.Surface:
    """The climber from behind: grey sweats dark with sweat down the back, a knit cap,
    black high-tops. Poses: l_up, r_up, pass, hips, stumble, arms_up, pump, knees."""
    w, h = 170, 300
    pen = _Pen(2.0 * scale, (w, h))             # drawn at twice the size, then smoothed
    fx, fy = 85, 292                        # between the feet
    sweat, shadow, light = (120, 120, 128), (78, 78, 88), (164, 158, 152)
    soft = (138, 136, 140)
    skin, shoe, cap = (176, 126, 96), (26, 26, 30), (36, 36, 42)
    hip_y, sh_y, head_y = 170, 96, 66
    legs: list[Limb]
    arms: list[Limb]
    lean = 0.0
    if pose in ("l_up", "r_up"):
        up = -1 if pose == "l_up" else 1
        legs = [Limb((fx + 12 * up, hip_y), (fx + 17 * up, hip_y + 40), (fx + 14 * up, hip_y + 78),
                     1.0),
                Limb((fx - 12 * up, hip_y), (fx - 13 * up, hip_y + 58), (fx - 10 * up, fy - 8),
                     1.0)]
        arms = [Limb((fx - 30 * up, sh_y + 4), (fx - 44 * up, sh_y + 40), (fx - 36 * up, sh_y + 6),
                     1.0),
                Limb((fx + 30 * up, sh_y + 4), (fx + 46 * up, sh_y + 40), (fx + 48 * up, sh_y + 76),
                     1.0)]
        lean = 6
    elif pose == "pass":
        legs = [Limb((fx - 12, hip_y), (fx - 10, hip_y + 54), (fx - 8, fy - 16), 1.0),
                Limb((fx + 12, hip_y), (fx + 12, hip_y + 50), (fx + 10, fy - 30), 1.0)]
        arms = [Limb((fx - 32, sh_y + 4), (fx - 46, sh_y + 38), (fx - 34, sh_y + 30), 1.0),
                Limb((fx + 32, sh_y + 4), (fx + 46, sh_y + 38), (fx + 36, sh_y + 32), 1.0)]
        lean = 4
    elif pose == "stumble":
        hip_y, sh_y, head_y = 190, 140, 112
        legs = [Limb((fx - 12, hip_y), (fx - 30, hip_y + 48), (fx - 26, fy - 4), 1.0),
                Limb((fx + 12, hip_y), (fx + 26, hip_y + 34), (fx + 20, fy - 30), 1.0)]
        arms = [Limb((fx - 30, sh_y + 4), (fx - 52, sh_y + 60), (fx - 56, fy - 18), 1.0),
                Limb((fx + 30, sh_y + 4), (fx + 66, sh_y - 8), (fx + 80, sh_y - 34), 1.0)]
    elif pose in ("arms_up", "pump"):
        hi = 12 if pose == "pump" else 0
        legs = [Limb((fx - 13, hip_y), (fx - 24, hip_y + 58), (fx - 30, fy - 6), 1.0),
                Limb((fx + 13, hip_y), (fx + 24, hip_y + 58), (fx + 30, fy - 6), 1.0)]
        arms = [Limb((fx - 30, sh_y + 2), (fx - 52, sh_y - 34 - hi), (fx - 62, sh_y - 76 - hi),
                     1.0),
                Limb((fx + 30, sh_y + 2), (fx + 52, sh_y - 34 - hi), (fx + 62, sh_y - 76 - hi),
                     1.0)]
    elif pose == "knees":
        hip_y, sh_y, head_y = 176, 132, 104
        legs = [Limb((fx - 13, hip_y), (fx - 22, hip_y + 50), (fx - 20, fy - 6), 1.0),
                Limb((fx + 13, hip_y), (fx + 22, hip_y + 50), (fx + 20, fy - 6), 1.0)]
        arms = [Limb((fx - 30, sh_y + 4), (fx - 30, sh_y + 36), (fx - 22, hip_y + 44), 1.0),
                Limb((fx + 30, sh_y + 4), (fx + 30, sh_y + 36), (fx + 22, hip_y + 44), 1.0)]
    else:  # hips: hands on hips, getting the breath back
        legs = [Limb((fx - 12, hip_y), (fx - 16, hip_y + 60), (fx - 18, fy - 6), 1.0),
                Limb((fx + 12, hip_y), (fx + 16, hip_y + 60), (fx + 18, fy - 6), 1.0)]
        arms = [Limb((fx - 30, sh_y + 4), (fx - 54, sh_y + 40), (fx - 24, hip_y - 2), 1.0),
                Limb((fx + 30, sh_y + 4), (fx + 54, sh_y + 40), (fx + 24, hip_y - 2), 1.0)]

    def limb(lb: Limb, w1: float, w2: float, end: Colour, end_r: float) -> None:
        for (p, q, wd) in ((lb.a, lb.b, w1), (lb.b, lb.c, w2)):
            pen.line(shadow, p, q, int(wd + 4))
            pen.circle(shadow, q, (wd + 4) / 2)
        for (p, q, wd) in ((lb.a, lb.b, w1), (lb.b, lb.c, w2)):
            pen.line(sweat, p, q, int(wd))
            pen.circle(sweat, q, wd / 2)
            pen.line(soft, (p[0] + wd * 0.2, p[1]), (q[0] + wd * 0.2, q[1]),
                             max(1, int(wd * 0.45)))
        pen.circle(end, lb.c, end_r)

    for lb in legs:
        limb(lb, 27, 21, shoe, 11)
        sole = (lb.c[0] - 9, lb.c[1] + 2, 18, 6)
        pen.rect((210, 206, 196), sole, border_radius=2)
    torso = [(fx - 38, sh_y + lean), (fx + 38, sh_y + lean), (fx + 27, hip_y + 6),
             (fx - 27, hip_y + 6)]
    pen.polygon(shadow, [(x + (2 if x > fx else -2), y) for x, y in torso])
    pen.polygon(sweat, torso)
    pen.polygon(soft, [(fx + 12, sh_y + lean + 2), (fx + 36, sh_y + lean + 2),
                                  (fx + 26, hip_y), (fx + 14, hip_y)])
    pen.line(light, (fx + 37, sh_y + lean + 3), (fx + 27, hip_y), 2)
    pen.polygon((86, 84, 92), [(fx - 9, sh_y + lean + 4), (fx + 9, sh_y + lean + 4),
                                          (fx + 4, hip_y - 16), (fx, hip_y - 4),
                                          (fx - 4, hip_y - 16)])            # sweat down the back
    pen.rect(shadow, (fx - 25, hip_y - 4, 50, 10), border_radius=3)   # waistband
    pen.ellipse((110, 110, 118), (fx - 20, sh_y + lean - 12, 40, 20))  # the hood
    pen.rect(skin, (fx - 9, head_y + lean + 10, 18, 18), border_radius=5)  # nape
    pen.ellipse(skin, (fx - 17, head_y + lean + 2, 7, 12))                 # ears
    pen.ellipse(skin, (fx + 10, head_y + lean + 2, 7, 12))
    pen.ellipse(cap, (fx - 15, head_y + lean - 16, 30, 32))                # cap
    pen.rect((58, 58, 66), (fx - 15, head_y + lean + 4, 30, 8),
                     border_radius=3)                                                 # turn-up
    pen.line((70, 70, 80), (fx + 5, head_y + lean - 12), (fx + 11, head_y + lean),
                     2)
    for lb in arms:
        limb(lb, 21, 18, skin, 10)
    return pygame.transform.smoothscale(pen.surf, (int(w * scale), int(h * scale)))


def puff_frames(count: int = 6, colour: Colour = (236, 226, 214)) -> list[pygame.Surface]:
    """A small cloud growing and thinning: breath in the cold air, dust off a step."""
    out = []
    for k in range(count):
        age = k / (count - 1)
        r = int(10 + 26 * age)
        g = radial_glow(r, colour, 0.9 * (1 - age) ** 1.5)
        out.append(g)
    return out


# -- the view -----------------------------------------------------------------------------
class MuseumStepsView(StageView):
    cue_track_y = 640
    rest_anchor = (250, 340)      # over the steps on the left, clear of the climber

    def __init__(self, level: Level, stage: StageInfo, cues: tuple[Cue, ...], text,
                 reduced_motion: bool = False):
        super().__init__(level, stage, cues, text, reduced_motion)
        self.made_it = False
        self.landings = self._landings(level, cues)
        self.step_y = self._step_depths()
        self.depths = np.array(self.step_y[1:])      # nosing depth of steps 1..72
        self.holds = [c for c in cues if c.kind == "hold"]
        self.skies = []
        for k in range(DAWN_STEPS):
            sky = sky_layer(k / (DAWN_STEPS - 1))
            skyline(sky, (860, HORIZON + 6), 440, 150, k / (DAWN_STEPS - 1))
            self.skies.append(_finish(sky, alpha=False))
        self._sky = self.skies[0].copy()
        self._sky_next = self.skies[0].copy()
        self._sky_level = -1
        self._pending: tuple[int, int] | None = None
        self.trees = [_finish(trees_layer((620, 260), d)) for d in (0.2, 0.75)]
        self.museums = [_finish(museum_facade(sc)) for sc in np.geomspace(8.0, 15.5, 7)]
        self.museum_scales = list(np.geomspace(8.0, 15.5, 7))
        poses = ("l_up", "r_up", "pass", "hips", "stumble", "arms_up", "pump", "knees")
        self.runner = {p: _finish(runner_surface(p)) for p in poses}
        self.hero = {p: _finish(runner_surface(p, 1.3)) for p in ("arms_up", "pump", "knees",
                                                                  "hips")}
        self.panorama = self._build_panorama()
        self.dust = [_finish(p) for p in puff_frames()]
        self.breath = [_finish(p) for p in puff_frames(6, (220, 228, 240))]
        self.sun_flare = additive_glow(150, (255, 200, 130), 0.8)
        self.stone = np.random.default_rng(2).uniform(-1, 1, STAIRS + 2)
        self.light = self._build_light()
        # what the events told us
        self.q_from, self.q_to, self.q_at = 0.0, 0.0, -99.0
        self.last_stride: Stride | None = None
        self.stumble_at = -99.0
        self.hold_started: float | None = None
        self.hold_result: tuple[float, bool] | None = None
        self._now = 0.0
        self.max_steps = 0
        rng = np.random.default_rng(12)
        self.pigeons = [(float(rng.uniform(-5.0, 2.5)), int(rng.integers(36, 42)),
                         float(rng.uniform(-1, 1))) for _ in range(8)]
        self.flushed_at: float | None = None       # when the climber put the pigeons up

    # -- geometry ---------------------------------------------------------------------------
    @staticmethod
    def _landings(level: Level, cues: list) -> list[int]:
        """Steps after which the flight ends in a landing: wherever the level rests."""
        out = []
        for i, iv in enumerate(level.intervals):
            if iv.is_work:
                continue
            n = sum(1 for c in cues if c.symbol in STAIR_SYMBOLS and c.interval < i)
            if 0 < n < STAIRS and n not in out:
                out.append(n)
        return out

    def _step_depths(self) -> list[float]:
        """Depth of each step's nosing (index 0 is the foot of the stairs)."""
        out = [0.0]
        for k in range(1, STAIRS + 1):
            out.append(out[-1] + RUN + (LANDING if (k - 1) in self.landings else 0.0))
        return out

    def _bends(self, vis: np.ndarray) -> list[int]:
        """Indices (into the visible steps) where the right edge bends at a landing."""
        first = int(vis[0])
        out = []
        for n in reversed(self.landings):
            for k in (n, n - 1):                 # both ends of the landing's flat
                if 0 <= k - first < len(vis) and k - first not in out:
                    out.append(k - first)
        return sorted(out, reverse=True)

    def _pos(self, q: float) -> tuple[float, float]:
        """Depth and height of the climber at (fractional) step q."""
        q = max(0.0, min(float(STAIRS), q))
        k = int(q)
        if k >= STAIRS:
            return self.step_y[STAIRS], STAIRS * RISE
        f = q - k
        y = self.step_y[k] + (self.step_y[k + 1] - self.step_y[k]) * f
        return y, (k + f) * RISE

    # -- painted once -----------------------------------------------------------------------
    def _build_panorama(self) -> pygame.Surface:
        """From the top, looking out: the steps falling away, the parkway running to the
        tower, the city and the sun coming up behind it."""
        hz = 300
        pano = sky_layer(1.0, (W, H), sun=(640, hz - 10), horizon=hz, seed=5)
        skyline(pano, (300, hz + 4), 680, 190, 0.95, seed=13)
        pano.fill((186, 160, 144), (0, hz + 120, W, H - hz - 120))
        trees = trees_layer((W, 200), 0.95, seed=8, road=False)
        pano.blit(trees, (0, hz - 34))
        # the parkway: a straight boulevard between rows of trees, flags, running to the tower
        vx = 640

        def along(f: float, off: float) -> Point:
            """A point on the ground: f 0 at the tower .. 1 at the foot of the steps."""
            return vx + off * (0.03 + 0.97 * f), hz + 8 + (470 - hz) * f ** 1.6

        road = [along(0, -14), along(0, 14), along(1, 150), along(1, -150)]
        pygame.draw.polygon(pano, (170, 150, 140), road)
        pygame.draw.polygon(pano, (196, 172, 150), [along(0, -3), along(0, 3), along(1, 40),
                                                    along(1, -40)])
        for side in (-1, 1):
            lawn = [along(0, side * 16), along(0, side * 120), along(1, side * 900),
                    along(1, side * 152)]
            pygame.draw.polygon(pano, (74, 96, 70), lawn)
            for k in range(26):
                f = (k / 25) ** 1.3
                x, y = along(f, side * 175)
                r = 3 + f * 26
                pygame.draw.circle(pano, (40, 60, 48), (x, y - r * 0.9), r)
                pygame.draw.circle(pano, (96, 110, 76), (x + r * 0.3, y - r * 1.2), r * 0.45)
            for k in range(12):
                f = (k / 11) ** 1.2
                x, y = along(f, side * 158)
                ht = 4 + f * 50
                pygame.draw.line(pano, (80, 76, 84), (x, y), (x, y - ht), 1 + int(f * 2))
                colour = ((196, 58, 48), (58, 86, 164), (226, 196, 86))[k % 3]
                fw = 2 + f * 14
                pygame.draw.rect(pano, colour, (x + (0 if side > 0 else -fw), y - ht, fw,
                                                2 + f * 9))
        # the oval plaza and its fountain at the foot of the steps
        pygame.draw.ellipse(pano, (168, 150, 140), (300, 456, 680, 110))
        pygame.draw.ellipse(pano, (120, 146, 164), (500, 482, 280, 52))
        pygame.draw.ellipse(pano, (150, 180, 196), (520, 488, 240, 38))
        pygame.draw.ellipse(pano, (236, 240, 246), (620, 480, 40, 22))
        # the steps below, seen from the top: treads falling away, stone in the first sun
        for k in range(12):
            f = k / 11
            y0 = 566 + k * 10 + k * k * 0.9
            tread = lerp_colour((176, 152, 140), (226, 196, 170), f)
            pygame.draw.rect(pano, tread, (0, y0, W, 10 + k * 2))
            pygame.draw.line(pano, lerp_colour((236, 214, 190), (255, 236, 210), f), (0, y0),
                             (W, y0), 1)
            pygame.draw.line(pano, lerp_colour((110, 92, 96), (150, 120, 112), f), (0, y0 + 1),
                             (W, y0 + 1), 2)
        for side in (-1, 1):
            x0 = 640 + side * 700
            pygame.draw.polygon(pano, (126, 106, 108), [(x0, 560), (x0 - side * 200, 560),
                                                        (x0 - side * 80, H), (x0, H)])
        pano.blit(additive_glow(340, (150, 90, 40), 0.8), (640 - 340, hz - 350),
                  special_flags=pygame.BLEND_RGB_ADD)
        return _finish(pano, alpha=False)

    @staticmethod
    def _build_light() -> pygame.Surface:
        """A multiply layer over the stone: shade away from the sun, the parapet's shadow,
        grain. Light is fixed to the camera, so one static layer serves the whole climb."""
        rng = np.random.default_rng(6)
        xs = np.arange(W)[:, None].astype(float)
        ys = np.arange(H)[None, :].astype(float)
        f = 0.72 + 0.3 * np.clip(xs / 1000.0, 0, 1) ** 0.8 + 0 * ys
        # the parapet runs roughly along this line; its shadow falls to the left of it
        line_x = 760 + (ys - 150) * (520 / 360)
        dist = line_x - xs
        f *= 1 - 0.22 * np.clip(1 - dist / 90.0, 0, 1) * (dist > 0)
        f = np.where(dist < -6, 1.0, f)                   # past the wall: leave the park alone
        f *= 1 - 0.18 * np.clip((ys - 520) / 200.0, 0, 1)
        f *= 1 + rng.normal(0, 0.035, (W, H))
        arr = np.clip(f * 255, 0, 255).astype(np.uint8)
        surf = pygame.Surface((W, H))
        pygame.surfarray.blit_array(surf, np.stack([arr] * 3, axis=2))
        return _finish(surf, alpha=False)

    # -- reacting ---------------------------------------------------------------------------
    def on_event(self, event: GameEvent) -> None:
        if isinstance(event, Stride):
            now_q = self._q_display(event.time)
            self.q_from, self.q_to, self.q_at = now_q, float(event.steps), event.time
            self.last_stride = event
            self.max_steps = max(self.max_steps, event.steps)
            if self.flushed_at is None and event.steps >= PIGEON_STEP - 7:
                self.flushed_at = event.time
            if event.stumbled:
                self.stumble_at = event.time
        elif isinstance(event, HoldStarted):
            self.hold_started = event.time
        elif isinstance(event, Fanfare):
            self.made_it = True
        elif isinstance(event, HoldEnded):
            self.hold_result = (event.time, event.completed and self.made_it)

    def _q_display(self, t: float) -> float:
        """The camera's step: eased toward the last climbed step; across a landing, a walk
        through the rest."""
        f = ease_out((t - self.q_at) / TWEEN) if t >= self.q_at else 0.0
        q = self.q_from + (self.q_to - self.q_from) * f
        target = int(self.q_to)
        if target in self.landings:
            i = self.level.interval_at_time(t)
            if 0 <= i < len(self.level.intervals) and not self.level.intervals[i].is_work:
                a, b = self.level.interval_times(i)
                q += 0.85 * ease_out((t - a) / max(0.1, b - a))
        return q

    def _dawn(self, t: float, q: float) -> float:
        progress = max(0.0, min(1.0, t / max(1.0, self.level.duration)))
        return max(0.0, min(1.0, 0.3 * progress + 0.7 * q / STAIRS))

    # -- per frame --------------------------------------------------------------------------
    def draw(self, canvas: pygame.Surface, t: float, snap: StepsSnapshot | None
             ) -> Iterator[None]:
        self._now = t
        state = snap if isinstance(snap, StepsSnapshot) else None
        steps = state.steps if state is not None else 0
        pan = self._pan(t, steps >= (state.top if state is not None else STAIRS))
        if pan < 1.0:
            q = self._q_display(t)
            dawn = self._dawn(t, q)
            shake = 0
            if not self.reduced_motion and 0 <= t - self.stumble_at < 0.2:
                shake = int(6 * math.sin((t - self.stumble_at) * 60) * (1 - (t - self.stumble_at)
                                                                        / 0.2))
            self._draw_far(canvas, q, dawn)
            yield
            self._draw_near(canvas, q, dawn, shake)
            self._draw_runner(canvas, t, shake)
            self._draw_counter(canvas, steps, state.top if state is not None else STAIRS,
                               state.pace_level if state is not None else 0.0)
            yield
        if pan > 0.0:
            self._draw_summit(canvas, t, pan)

    def _pan(self, t: float, at_top: bool) -> float:
        """0..1 through the whip pan to the city; only for a climber who made the top."""
        if not self.holds or not at_top:  # the rules say who stands on the top step
            return 0.0
        start = self.holds[0].time - 0.12
        if t < start:
            return 0.0
        return 1.0 if self.reduced_motion else ease_out((t - start) / PAN_TIME)

    # the sky, the city, the park and the museum
    def _draw_far(self, canvas: pygame.Surface, q: float, dawn: float) -> None:
        level = int(dawn * (DAWN_LEVELS - 1) + 0.5)
        if self._sky_level < 0:                   # the first frame: blend it all now
            self._blend_sky(self._sky, level, 0, SKY_H)
            self._sky_level = level
        elif level != self._sky_level:            # later: a band a frame, then swap
            if self._pending is None or self._pending[0] != level:
                self._pending = (level, 0)
            lvl, row = self._pending
            band = SKY_H // 4
            self._blend_sky(self._sky_next, lvl, row, band)
            if row + band >= SKY_H:
                self._sky, self._sky_next = self._sky_next, self._sky
                self._sky_level, self._pending = lvl, None
            else:
                self._pending = (lvl, row + band)
        canvas.blit(self._sky, (0, 0))
        _, zc = self._cam(q)
        drop = FOCAL * (zc - CAM_UP) / 80.0       # the park sinks as the climber rises
        trees = self.trees[0 if dawn < 0.5 else 1]
        canvas.blit(trees, (660, HORIZON - 62 + drop))
        canvas.fill((0, 0, 0), (0, SKY_H, W, H - SKY_H))

    def _blend_sky(self, target: pygame.Surface, level: int, row: int, rows: int) -> None:
        """Rows of the sky at a dawn level, blended from the two nearest painted skies."""
        x = level / (DAWN_LEVELS - 1) * (DAWN_STEPS - 1)
        k = min(DAWN_STEPS - 2, int(x))
        area = pygame.Rect(0, row, W, rows)
        target.blit(self.skies[k], area, area)
        top = self.skies[k + 1]
        top.set_alpha(int((x - k) * 255))
        target.blit(top, area, area)
        top.set_alpha(None)

    def _cam(self, q: float) -> tuple[float, float]:
        y, z = self._pos(q)
        return y - CAM_BACK, z + CAM_UP

    def _proj(self, x: float, y: float, z: float, cam: tuple[float, float]) -> Point:
        d = max(NEAR, y - cam[0])
        return CX + FOCAL * x / d, HORIZON - FOCAL * (z - cam[1]) / d

    def _draw_near(self, canvas: pygame.Surface, q: float, dawn: float, shake: int) -> None:
        cam = self._cam(q)
        top_y = self.step_y[STAIRS]
        top_z = STAIRS * RISE
        lit = lerp_colour((112, 114, 140), (238, 204, 168), dawn)
        riser = lerp_colour((48, 48, 70), (126, 98, 98), dawn)
        nose = lerp_colour((150, 152, 180), (255, 232, 200), dawn)
        joint = lerp_colour(riser, (0, 0, 0), 0.35)
        # the museum and the terrace in front of it
        d_m = top_y + TERRACE - cam[0]
        scale = FOCAL / d_m
        k = min(range(len(self.museum_scales)), key=lambda i: abs(self.museum_scales[i] - scale))
        mus = self.museums[k]
        base = self._proj(-3.0, top_y + TERRACE, top_z, cam)
        canvas.blit(mus, mus.get_rect(midbottom=(base[0] + shake, base[1] + 2)))
        far = self._proj(0, top_y + TERRACE, top_z, cam)[1]
        near = self._proj(0, top_y, top_z, cam)[1]
        if near > far:
            xr = self._proj(EDGE_X, top_y + TERRACE, top_z, cam)[0]
            xn = self._proj(EDGE_X, top_y, top_z, cam)[0]
            pave = lerp_colour(lit, riser, 0.25)
            pygame.draw.polygon(canvas, pave, [(-10, far), (xr + shake, far), (xn + shake, near),
                                               (-10, near)])
            seam = lerp_colour(pave, riser, 0.5)
            for jx in (-16.0, -10.0, -4.0, 2.0):        # flagstone seams run to the museum
                a = self._proj(jx, top_y, top_z, cam)
                b = self._proj(jx, top_y + TERRACE, top_z, cam)
                pygame.draw.line(canvas, seam, (a[0] + shake, a[1]), (b[0] + shake, b[1]), 1)
            for dz in (3.0, 7.0, 13.0, 22.0, 34.0):
                yy = self._proj(0, top_y + dz, top_z, cam)[1]
                pygame.draw.line(canvas, seam, (-10, yy), (self._proj(EDGE_X, top_y + dz,
                                 top_z, cam)[0] + shake, yy), 1)
        # the steps, far to near, as filled rows (fast): the tread if we look down on it,
        # then the riser; rows end at the right-hand edge, under the parapet
        d = self.depths - cam[0]
        vis = np.nonzero(d >= NEAR)[0]
        if len(vis):
            d = d[vis]
            z = (vis + 1) * RISE
            y_nose = HORIZON - FOCAL * (z - cam[1]) / d
            y_base = HORIZON - FOCAL * (z - RISE - cam[1]) / d
            d_back = np.append(d[1:], d[-1] + TERRACE)
            y_back = HORIZON - FOCAL * (z - cam[1]) / d_back
            xe = np.minimum(W, CX + FOCAL * EDGE_X / d + shake + 2)
            self._fill_steps(canvas, vis.tolist(), d.tolist(), y_nose.tolist(),
                             y_base.tolist(), y_back.tolist(), xe.tolist(), lit, riser, nose,
                             joint, shake)
        # the plaza in front of the first step
        _, y0 = self._proj(0, self.step_y[1], 0, cam)
        if y0 < H:
            canvas.fill(lerp_colour(lit, riser, 0.4), (0, int(y0), W, H - int(y0)))
        self._draw_parapet(canvas, cam, dawn, shake)
        self._draw_pigeons(canvas, cam, shake)
        top = int(max(0, min(H, self._proj(0, self.step_y[STAIRS], STAIRS * RISE, cam)[1])))
        canvas.blit(self.light, (0, top), area=pygame.Rect(0, top, W, H - top),
                    special_flags=pygame.BLEND_RGB_MULT)

    def _fill_steps(self, canvas: pygame.Surface, ks: list[int], ds: list[float],
                    y_nose: list[float], y_base: list[float], y_back: list[float],
                    xe: list[float], lit: Colour, riser: Colour, nose: Colour, joint: Colour,
                    shake: int) -> None:
        """Far to near, each step as filled rows (fast): its tread if we look down on it,
        then its riser. Far steps too thin to tell apart are filled together."""
        fill = canvas.fill
        last = 1e9
        band_top, band_x = None, 0.0
        n = len(ks)
        for i in range(n - 1, -1, -1):
            yn, yb, yk, x = y_nose[i], y_base[i], y_back[i], int(xe[i])
            tread = yk < yn - 0.5 and i < n - 1
            if not tread and yb - yn < 2.0:            # a sliver: add it to the band
                if band_top is None:
                    band_top = yn
                band_x = max(band_x, x)
                if yb - band_top < 6:
                    continue
                fill(riser, (0, int(band_top), int(band_x), int(yb) - int(band_top) + 1))
                band_top = None
                continue
            if band_top is not None:
                fill(riser, (0, int(band_top), int(band_x), int(yn) - int(band_top) + 1))
                band_top = None
            if tread:
                fill(lit, (0, int(yk), x, int(yn) - int(yk) + 1))
            j = self.stone[ks[i]] * 6
            col = (max(0, riser[0] + j), max(0, riser[1] + j), riser[2] + j)
            fill(col, (0, int(yn), x, int(yb) - int(yn) + 1))
            if yb - yn > 12:                         # joints between the stone blocks
                for jx in JOINTS:
                    jxp = CX + FOCAL * (jx + (ks[i] % 2) * 1.2) / ds[i] + shake
                    if jxp < x - 4:
                        fill(joint, (int(jxp), int(yn) + 2, 1, int(yb - yn) - 2))
            if abs(last - yn) >= 2.5:
                fill(nose, (0, int(yn), x, 2 if yb - yn > 6 else 1))
                last = yn
        if band_top is not None:
            fill(riser, (0, int(band_top), int(band_x), int(y_base[0]) - int(band_top) + 1))

    def _draw_pigeons(self, canvas: pygame.Surface, cam: tuple[float, float],
                      shake: int) -> None:
        """A few pigeons on the steps; they clatter up and away as the climber comes."""
        t = self._now
        body, head = (70, 72, 86), (110, 116, 132)
        for x, k, phase in self.pigeons:
            y, z = self.step_y[k] + 0.15, k * RISE
            up = 0.0
            if self.flushed_at is not None and t >= self.flushed_at:
                dt = t - self.flushed_at - (phase + 1) * 0.08
                if dt > 0:
                    if dt > 2.5:
                        continue
                    x, y, up = x + phase * 3 * dt, y + 4 * dt, 3.5 * dt + 2 * dt * dt
            d = y - cam[0]
            if d < NEAR + 1:
                continue
            sx, sy = self._proj(x, y, z + up, cam)
            r = max(1.5, FOCAL * 0.14 / d)
            if up > 0:                                  # wings beating
                flap = r * (1.6 if int(t * 12 + phase * 5) % 2 else -0.6)
                pygame.draw.line(canvas, body, (sx - r * 2.2, sy - flap), (sx, sy), 2)
                pygame.draw.line(canvas, body, (sx + r * 2.2, sy - flap), (sx, sy), 2)
            else:
                pygame.draw.ellipse(canvas, body, (sx - r + shake, sy - r * 1.1, r * 2.2, r * 1.3))
                pygame.draw.circle(canvas, head, (sx + r * 0.9 * (1 if phase > 0 else -1) + shake,
                                                  sy - r * 1.1), r * 0.5)

    def _draw_parapet(self, canvas: pygame.Surface, cam: tuple[float, float], dawn: float,
                      shake: int) -> None:
        """The stone wall along the right side, following the flights and the landings."""
        face = lerp_colour((70, 66, 90), (176, 140, 126), dawn)
        top = lerp_colour((120, 120, 146), (246, 212, 176), dawn)
        near_y = cam[0] + max(NEAR, FOCAL * EDGE_X / (W + 20 - CX))   # where it leaves the screen
        profile = [(min(near_y, self.step_y[0]) - 50.0, 0.0), (self.step_y[0], 0.0)]
        for n in self.landings:
            profile += [(self.step_y[n], n * RISE), (self.step_y[n] + LANDING, n * RISE)]
        profile += [(self.step_y[STAIRS], STAIRS * RISE),
                    (self.step_y[STAIRS] + TERRACE * 0.5, STAIRS * RISE)]
        pts = [(y, z) for y, z in profile if y >= near_y]
        if pts and pts[0][0] > near_y:           # clip the wall where it passes the camera
            zs = np.interp(near_y, [p[0] for p in profile], [p[1] for p in profile])
            pts.insert(0, (near_y, float(zs)))
        for (y0, z0), (y1, z1) in zip(pts, pts[1:], strict=False):
            a0 = self._proj(EDGE_X, y0, z0, cam)
            a1 = self._proj(EDGE_X, y1, z1, cam)
            b0 = self._proj(EDGE_X, y0, z0 + PARAPET, cam)
            b1 = self._proj(EDGE_X, y1, z1 + PARAPET, cam)
            c0 = self._proj(EDGE_X + 0.7, y0, z0 + PARAPET, cam)
            c1 = self._proj(EDGE_X + 0.7, y1, z1 + PARAPET, cam)
            sh = (shake, 0)
            poly = [(p[0] + sh[0], p[1]) for p in (a0, a1, b1, b0)]
            pygame.draw.polygon(canvas, face, poly)
            pygame.draw.polygon(canvas, top, [(p[0] + shake, p[1]) for p in (b0, b1, c1, c0)])
            pygame.draw.line(canvas, lerp_colour(face, (0, 0, 0), 0.4), (a0[0] + shake, a0[1]),
                             (a1[0] + shake, a1[1]), 2)
            pygame.draw.line(canvas, lerp_colour(top, (255, 255, 255), 0.3),
                             (c0[0] + shake, c0[1]), (c1[0] + shake, c1[1]), 2)

    def _runner_pose(self, t: float) -> tuple[str, float]:
        """Which drawing of the climber, and how far it bobs."""
        i = self.level.interval_at_time(t)
        beat = 60.0 / self.level.tempo_map.bpm_at_time(max(0.0, t))
        if self.hold_started is not None:
            return ("pump" if int((t - self.hold_started) / beat) % 2 else "arms_up"), 0.0
        if 0 <= t - self.stumble_at < 0.35:
            return "stumble", 0.0
        st = self.last_stride
        resting = 0 <= i < len(self.level.intervals) and not self.level.intervals[i].is_work
        if st is None or (t - st.time > beat * 2.2) or resting:
            breathe = math.sin(t * 2 * math.pi / (beat * 4)) * 3
            return "hips", 0.0 if self.reduced_motion else breathe
        dt = t - st.time
        gap = beat * (0.5 if st.cue.symbol in STAIR_SYMBOLS else 1.0)
        if dt < gap * 0.55:
            pose = "l_up" if st.cue.action == "left" else "r_up"
        else:
            pose = "pass"
        bob = -8 * math.sin(min(1.0, dt / max(0.1, gap)) * math.pi)
        return pose, 0.0 if self.reduced_motion else bob

    def _draw_runner(self, canvas: pygame.Surface, t: float, shake: int) -> None:
        pose, bob = self._runner_pose(t)
        spr = self.runner[pose]
        feet = (CX + FOCAL * RUNNER_X / CAM_BACK + shake, HORIZON + FOCAL * CAM_UP / CAM_BACK)
        pygame.draw.ellipse(canvas, (30, 26, 34), (feet[0] - 40, feet[1] - 8, 80, 14))
        canvas.blit(spr, spr.get_rect(midbottom=(feet[0], feet[1] + 8 + bob)))
        st = self.last_stride
        if st is not None and 0 <= t - st.time < 0.4 and not self.reduced_motion:
            k = min(len(self.dust) - 1, int((t - st.time) / 0.4 * len(self.dust)))
            side = -14 if st.cue.action == "left" else 14
            d = self.dust[k]
            canvas.blit(d, d.get_rect(center=(feet[0] + side, feet[1] - 4)))
            if st.cue.action == "left":                 # a breath every other stride
                b = self.breath[k]
                canvas.blit(b, b.get_rect(center=(feet[0] + 18 + (t - st.time) * 40,
                                                  feet[1] - 224 - (t - st.time) * 30)))

    def _draw_counter(self, canvas: pygame.Surface, steps: int, top: int,
                      pace: float) -> None:
        """How high: the step number and a little ladder of the climb so far, out of the
        level's own top step (the rules know how many stairs it has); and the pace a stumble
        throws away."""
        x, y = 22, 112
        self.text.blit(canvas, f"{steps}", 44, (x + 2, y + 2), (20, 16, 24), True)
        r = self.text.blit(canvas, f"{steps}", 44, (x, y), (255, 236, 200), True)
        self.text.blit(canvas, f"/ {top} STEPS", 16, (r.right + 8, r.bottom - 24),
                       (220, 210, 200), True)
        bar = pygame.Rect(x, y + 52, 150, 6)
        pygame.draw.rect(canvas, (30, 26, 34), bar)
        pygame.draw.rect(canvas, (255, 200, 110),
                         (bar.x, bar.y, int(bar.w * min(1.0, steps / max(1, top))), bar.h))
        for n in self.landings:
            if n >= top:                 # a rest after the last stair is no landing mid-climb
                continue
            lx = bar.x + int(bar.w * n / top)
            pygame.draw.line(canvas, (120, 170, 230), (lx, bar.y - 3), (lx, bar.bottom + 2), 2)
        self.text.blit(canvas, "PACE", 12, (x, bar.bottom + 8), (200, 190, 180), True)
        for k in range(8):               # eight notches: full pace after eight clean strides
            lit = k < round(pace * 8)
            pygame.draw.rect(canvas, (120, 220, 150) if lit else (40, 36, 44),
                             (x + 42 + k * 14, bar.bottom + 10, 11, 8))

    # the top: the city spread out below
    def _draw_summit(self, canvas: pygame.Surface, t: float, pan: float) -> None:
        x = int(W * (1 - pan))
        canvas.blit(self.panorama, (x, 0))
        if pan < 1.0:
            for k in range(9):                          # motion streaks of the whip pan
                y = 40 + k * 76
                pygame.draw.line(canvas, (255, 230, 200), (x - 160 * (1 - pan), y), (x, y), 2)
            return
        result = self.hold_result
        if self.hold_started is None:
            pose = "knees" if result is not None else "hips"
        elif result is not None and not result[1]:
            pose = "knees"
        else:
            beat = 60.0 / self.level.tempo_map.bpm_at_time(max(0.0, t))
            pose = "pump" if int((t - self.hold_started) / beat) % 2 else "arms_up"
        spr = self.hero[pose]
        canvas.blit(spr, spr.get_rect(midbottom=(560, H - 66)))
        if result is not None and result[1] and not self.reduced_motion:
            dt = t - result[0]
            strength = max(0.0, 1 - dt / 1.5)
            if strength > 0:
                flare = self.sun_flare
                canvas.blit(flare, (640 - 150, 290 - 150), special_flags=pygame.BLEND_RGB_ADD)


VIEW = MuseumStepsView
