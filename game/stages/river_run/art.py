"""The river in the early morning, painted once: the far bank's skyline in the haze, the
tall ship moored at the far quay, the water, the embankment's railing and lamps, the
paving, the plane trees by the lens, the runner's breath.

Scrolling layers are tileable strips (game.gfx.running.paint_strip); the ship is a sprite
placed by the view. Screen pixels.
"""

from __future__ import annotations

import math

import numpy as np
import pygame

from game.gfx.draw import lerp_colour, noise_texture, vertical_gradient
from game.gfx.running import paint_strip

Colour = tuple[int, int, int]
W, H = 1280, 720

QUAY_Y = 338            # the far quay's top edge, where the ship is moored
WATER_Y = 350           # the river's far edge
RAIL_Y = 440            # the top of the near railing
PATH_Y = 500            # the embankment path's far edge
SKY_TILE = 1800
QUAY_TILE = 1400
RAIL_TILE = 960         # a lamp post every tile; railing posts divide it evenly
TREE_TILE = 5200
COLOURKEY = (255, 0, 255)
HULL = (58, 36, 30)
SAIL = (226, 218, 200)
SPAR = (46, 34, 28)


def _finish(surf: pygame.Surface, alpha: bool = False) -> pygame.Surface:
    if pygame.display.get_surface() is None:
        return surf
    return surf.convert_alpha() if alpha else surf.convert()


def sky() -> pygame.Surface:
    """Morning haze over the far bank: pale sky, a low city in blue-grey, warm light near
    the water. Opaque, SKY_TILE wide, down to the quay."""
    h = QUAY_Y + 4
    grad = vertical_gradient((SKY_TILE, h), [(0.0, (34, 52, 92)), (0.3, (84, 108, 150)),
                                             (0.62, (190, 180, 184)), (0.86, (238, 204, 166)),
                                             (1.0, (232, 196, 160))])

    def paint(surf: pygame.Surface, dx: int) -> None:
        if dx == 0:
            surf.blit(grad, (0, 0))
        rng = np.random.default_rng(40)
        x = 0.0
        while x < SKY_TILE - 30:
            bw, bh = rng.uniform(30, 90), rng.uniform(20, 110) * (1 + 0.6 * rng.random() ** 4)
            col = lerp_colour((150, 160, 182), (176, 180, 196), rng.uniform(0, 1))
            pygame.draw.rect(surf, col, (x + dx, QUAY_Y - 14 - bh, bw, bh + 14))
            if rng.random() < 0.15:     # a spire
                pygame.draw.polygon(surf, col, [(x + dx + bw * 0.3, QUAY_Y - 14 - bh),
                                                (x + dx + bw * 0.7, QUAY_Y - 14 - bh),
                                                (x + dx + bw * 0.5, QUAY_Y - 60 - bh)])
            x += bw + rng.uniform(-6, 14)
        for _ in range(3):              # long thin clouds
            cx, cy = rng.uniform(0, SKY_TILE), rng.uniform(170, 230)
            for j in range(8):
                pygame.draw.ellipse(surf, (200, 192, 200), (cx + dx + j * 34 - 130,
                                                            cy + math.sin(j) * 4, 110, 12))

    return paint_strip(SKY_TILE, h, paint, alpha=False, fill=(0, 0, 0))


def far_quay() -> pygame.Surface:
    """The far quay wall and its warehouses, hazy. Alpha strip, QUAY_TILE wide."""
    h = 90

    def paint(surf: pygame.Surface, dx: int) -> None:
        rng = np.random.default_rng(41)
        x = 0.0
        while x < QUAY_TILE - 20:
            bw, bh = rng.uniform(70, 160), rng.uniform(26, 60)
            col = lerp_colour((120, 112, 120), (150, 134, 130), rng.uniform(0, 1))
            top = h - 12 - bh
            pygame.draw.rect(surf, col, (x + dx, top, bw, bh))
            pygame.draw.polygon(surf, col, [(x + dx, top), (x + dx + bw, top),
                                            (x + dx + bw / 2, top - 14)])
            for wx in range(int(x + 8), int(x + bw - 8), 16):
                pygame.draw.rect(surf, lerp_colour(col, (70, 64, 72), 0.5),
                                 (wx + dx, top + 10, 6, 9))
            x += bw + rng.uniform(10, 60)
        pygame.draw.rect(surf, (110, 100, 98), (dx, h - 14, QUAY_TILE, 14))
        for bx in range(20, QUAY_TILE, 140):   # bollards on the quay edge
            pygame.draw.rect(surf, (60, 54, 54), (bx + dx, h - 20, 6, 7))

    return paint_strip(QUAY_TILE, h, paint, alpha=True)


def tall_ship(scale: float = 1.0) -> pygame.Surface:
    """A three-masted tall ship moored with her sails furled: a dark hull with a gilt band
    and gun ports, a bowsprit, yards across each mast and the rigging down to the rails.
    Drawn at 2x and scaled down for smooth lines; the waterline is the bottom edge."""
    k = 2 * scale
    w, h = int(560 * k), int(290 * k)
    s = pygame.Surface((w, h), pygame.SRCALPHA)

    def p(x: float, y: float) -> tuple[float, float]:
        return x * k, y * k

    deck = 244
    hull = [p(40, deck - 8), p(470, deck - 4), p(500, deck - 16), p(480, 290), p(70, 290),
            p(30, deck - 22)]
    pygame.draw.polygon(s, HULL, hull)
    pygame.draw.line(s, (176, 140, 70), p(36, deck + 6), p(488, deck + 8), max(1, int(3 * k)))
    for gx in range(80, 460, 30):
        pygame.draw.rect(s, (30, 20, 18), (*p(gx, deck + 18), 9 * k, 7 * k))
    pygame.draw.polygon(s, (72, 46, 38), [p(30, deck - 22), p(80, deck - 30), p(90, deck - 8),
                                          p(40, deck - 8)])           # the raised stern
    pygame.draw.line(s, SPAR, p(490, deck - 14), p(556, deck - 44), max(1, int(4 * k)))
    masts = ((150, 30), (280, 8), (400, 40))
    for mx, top in masts:
        pygame.draw.line(s, SPAR, p(mx, deck), p(mx, top), max(1, int(5 * k)))
        span = 110 - top * 0.6
        for j, yy in enumerate((top + 26, top + 82, top + 140)):
            half = span * (0.55 + 0.2 * j) / 2
            pygame.draw.line(s, SPAR, p(mx - half, yy), p(mx + half, yy), max(1, int(3 * k)))
            pygame.draw.ellipse(s, SAIL, (*p(mx - half, yy - 2), 2 * half * k, 8 * k))
        pygame.draw.line(s, (40, 30, 26), p(mx, top), p(mx - 70, deck - 6), max(1, int(k)))
        pygame.draw.line(s, (40, 30, 26), p(mx, top), p(mx + 70, deck - 6), max(1, int(k)))
        pygame.draw.polygon(s, (170, 40, 40), [p(mx, top), p(mx + 18, top + 4), p(mx, top + 8)])
    pygame.draw.line(s, (40, 30, 26), p(150, 30), p(280, 8), max(1, int(k)))
    pygame.draw.line(s, (40, 30, 26), p(280, 8), p(400, 40), max(1, int(k)))
    pygame.draw.line(s, (40, 30, 26), p(400, 40), p(556, deck - 44), max(1, int(k)))
    out = pygame.transform.smoothscale(s, (w // 2, h // 2))
    # the morning haze sits on her too: lift her colours toward the sky
    out.fill((38, 36, 40, 0), special_flags=pygame.BLEND_RGBA_ADD)
    return _finish(out, True)


def water() -> pygame.Surface:
    """The river from the far quay to the embankment: the sky's light on the far water,
    deeper green-grey near us, long ripples. Opaque, SKY_TILE wide."""
    h = RAIL_Y + 30 - WATER_Y
    strip = vertical_gradient((SKY_TILE, h), [(0.0, (200, 186, 170)), (0.2, (120, 132, 140)),
                                              (1.0, (52, 68, 74))])
    for dx in (0, -SKY_TILE, SKY_TILE):
        rng = np.random.default_rng(42)
        for _ in range(500):
            y = rng.uniform(2, h - 2)
            depth = y / h
            x = rng.uniform(0, SKY_TILE) + dx
            col = lerp_colour((226, 214, 196), (84, 100, 108), depth ** 0.7)
            pygame.draw.line(strip, col, (x, y), (x + rng.uniform(14, 70) * (0.4 + depth), y))
    return _finish(strip)


def sparkles(n: int = 36, seed: int = 43) -> list[tuple[float, float, float]]:
    """Where the sun glints on the water: (x 0..SKY_TILE, y, twinkle phase)."""
    rng = np.random.default_rng(seed)
    return [(float(rng.uniform(0, SKY_TILE)), float(WATER_Y + 4 + rng.uniform(0, 40) ** 1.1),
             float(rng.uniform(0, 2 * math.pi))) for _ in range(n)]


def railing() -> pygame.Surface:
    """The embankment's granite coping and iron railing, a lamp post every tile; keyed
    between the bars. RAIL_TILE wide, from 200 px above the railing to the path."""
    top = 200
    h = PATH_Y - RAIL_Y + top
    surf = pygame.Surface((RAIL_TILE, h))
    surf.fill(COLOURKEY)
    y0 = top                                   # the railing's top bar
    iron = (34, 36, 40)
    pygame.draw.line(surf, iron, (0, y0), (RAIL_TILE, y0), 4)
    pygame.draw.line(surf, iron, (0, y0 + 34), (RAIL_TILE, y0 + 34), 3)
    for x in range(0, RAIL_TILE, 16):
        pygame.draw.line(surf, iron, (x, y0), (x, h - 22), 2)
        pygame.draw.circle(surf, iron, (x, y0 - 3), 3)
    for x in range(0, RAIL_TILE, 120):         # posts
        pygame.draw.rect(surf, iron, (x - 4, y0 - 10, 9, h - y0 - 12))
    coping = noise_texture((RAIL_TILE, 26), (150, 146, 140), 8, seed=44)
    surf.blit(coping, (0, h - 26))
    pygame.draw.line(surf, (186, 182, 174), (0, h - 26), (RAIL_TILE, h - 26), 2)
    # the lamp post: a fluted column, a crossbar and two lanterns
    lx = RAIL_TILE // 2
    pygame.draw.rect(surf, iron, (lx - 7, 14, 14, h - 40))
    pygame.draw.rect(surf, iron, (lx - 12, h - 70, 24, 44))
    pygame.draw.line(surf, iron, (lx - 34, 30), (lx + 34, 30), 4)
    for sx in (-34, 34):
        pygame.draw.polygon(surf, iron, [(lx + sx - 9, 30), (lx + sx + 9, 30),
                                         (lx + sx + 6, 58), (lx + sx - 6, 58)])
        pygame.draw.rect(surf, (210, 204, 180), (lx + sx - 4, 36, 8, 18))
    pygame.draw.circle(surf, iron, (lx, 10), 6)
    surf.set_colorkey(COLOURKEY, pygame.RLEACCEL)   # hard edges: keyed, run-length encoded
    return surf


def paving() -> pygame.Surface:
    """The embankment path: pale stone slabs, wider toward us. Opaque, RAIL_TILE wide."""
    w, h = RAIL_TILE, H - PATH_Y
    surf = noise_texture((w, h), (150, 140, 128), 8, seed=45)
    shade = vertical_gradient((w, h), [(0.0, (255, 255, 255)), (1.0, (190, 186, 184))])
    surf.blit(shade, (0, 0), special_flags=pygame.BLEND_RGB_MULT)
    rows = [0, 22, 52, 92, 146, 220]
    for k, (y, y2) in enumerate(zip(rows, rows[1:], strict=False)):
        pygame.draw.line(surf, (112, 104, 96), (0, y), (w, y), 2)
        step = (80, 96, 120, 160, 240)[k]
        for x in range(-(k % 2) * step // 2, w + step, step):
            pygame.draw.line(surf, (116, 108, 100), (x, y), (x - 6 * k, y2), 2)
    pygame.draw.rect(surf, (100, 96, 92), (0, 0, w, 5))        # the railing's shadow line
    return surf


def plane_tree() -> pygame.Surface:
    """A plane tree's trunk close by the lens (its crown out of frame), mottled bark; keyed
    around it. TREE_TILE wide, the full frame tall."""
    surf = pygame.Surface((TREE_TILE, H))
    surf.fill(COLOURKEY)
    x0 = TREE_TILE - 260
    rng = np.random.default_rng(46)
    pygame.draw.polygon(surf, (46, 44, 36), [(x0, 0), (x0 + 70, 0), (x0 + 80, H),
                                             (x0 - 8, H)])
    for _ in range(46):                          # the bark's paler patches, in shadow
        px, py = x0 + rng.uniform(2, 60), rng.uniform(0, H)
        pygame.draw.ellipse(surf, (66, 64, 50), (px, py, rng.uniform(8, 18),
                                                 rng.uniform(12, 30)))
    pygame.draw.line(surf, (84, 80, 64), (x0 + 66, 0), (x0 + 76, H), 3)   # the lit side
    surf.set_colorkey(COLOURKEY, pygame.RLEACCEL)   # hard edges: keyed, run-length encoded
    return surf


def puffs(steps: int = 6) -> list[pygame.Surface]:
    """The runner's breath in the cold air: soft white clouds, growing and thinning."""
    out = []
    for k in range(steps):
        r = 9 + 6 * k
        surf = pygame.Surface((2 * r, 2 * r), pygame.SRCALPHA)
        alpha = 190 * (1 - k / steps) + 20
        for j in range(r, 0, -1):
            a = int(alpha * (1 - j / r) ** 0.8)
            pygame.draw.circle(surf, (236, 240, 246, a), (r, r), j)
        out.append(_finish(surf, True))
    return out


def marker(text_surface: pygame.Surface) -> pygame.Surface:
    """A small enamel distance plaque for the railing (drawn once per hundred metres)."""
    w, h = text_surface.get_width() + 16, text_surface.get_height() + 8
    surf = pygame.Surface((w, h))
    surf.fill((28, 48, 92))
    pygame.draw.rect(surf, (226, 222, 210), (0, 0, w, h), 2)
    surf.blit(text_surface, (8, 4))
    return _finish(surf)
