"""The outdoor market, painted once: tenements, produce stands, cobbles, crates and carts.

Strip painters take (surface, dx) so `paint_strip` can wrap them; each seeds its own random
numbers. Obstacles and shoppers are sprites drawn at a few lane scales.
"""

from __future__ import annotations

import math

import numpy as np
import pygame

from game.gfx.draw import lerp_colour

Colour = tuple[int, int, int]

TILE = 1536
FAR_H = 480                  # the tenements strip, sky included (opaque)
STANDS_Y, STANDS_H = 236, 270
STREET_Y, STREET_H = 470, 170
KERB_Y = 476                 # where the far pavement meets the street
LANE_FEET = (600, 552, 506)  # feet y of lanes 0 (near) .. 2 (far)
LANE_SCALE = (0.84, 0.77, 0.70)

AWNINGS = (((196, 52, 46), (238, 226, 206)), ((46, 122, 70), (236, 230, 210)),
           ((40, 84, 150), (232, 224, 200)), ((214, 150, 40), (120, 60, 30)))
PRODUCE = ((238, 136, 36), (200, 36, 40), (120, 170, 60), (240, 210, 70), (110, 40, 90))


def far_strip() -> pygame.Surface:
    """Morning sky over a row of brick tenements: windows, fire escapes, water tanks, and
    shop fronts at street level. Opaque."""
    surf = pygame.Surface((TILE, FAR_H))
    ys = np.linspace(0, 1, FAR_H)
    top, bottom = np.array([150, 184, 214]), np.array([246, 220, 180])
    col = top * (1 - ys[:, None]) + bottom * ys[:, None]
    arr = np.broadcast_to(col[None, :, :], (TILE, FAR_H, 3)).astype(np.uint8).copy()
    pygame.surfarray.blit_array(surf, arr)
    rng = np.random.default_rng(41)
    x = 0
    bricks = ((150, 78, 60), (126, 70, 58), (168, 104, 76), (110, 84, 78), (140, 120, 100))
    while x < TILE:
        w = int(rng.integers(150, 230))
        w = min(w, TILE - x) if TILE - x < 190 else w
        h = int(rng.integers(300, 420))
        top_y = FAR_H - h
        brick = bricks[int(rng.integers(0, len(bricks)))]
        pygame.draw.rect(surf, brick, (x, top_y, w, h))
        pygame.draw.rect(surf, lerp_colour(brick, (40, 30, 30), 0.35), (x, top_y, w, 10))
        pygame.draw.rect(surf, lerp_colour(brick, (255, 240, 220), 0.2), (x, top_y + 10, w, 4))
        pygame.draw.line(surf, lerp_colour(brick, (0, 0, 0), 0.4), (x, top_y), (x, FAR_H), 2)
        for wy in range(top_y + 34, FAR_H - 110, 52):           # rows of windows
            for wx in range(x + 16, x + w - 28, 38):
                lit = rng.random() < 0.12
                glass = (250, 224, 160) if lit else lerp_colour((60, 70, 90), (150, 170, 190),
                                                               float(rng.random()) * 0.5)
                pygame.draw.rect(surf, lerp_colour(brick, (240, 230, 220), 0.35),
                                 (wx - 3, wy - 3, 24, 36))
                pygame.draw.rect(surf, glass, (wx, wy, 18, 30))
                pygame.draw.line(surf, (40, 40, 50), (wx, wy + 15), (wx + 18, wy + 15), 1)
        if rng.random() < 0.7:                                     # a fire escape
            fx = x + w // 2 - 40
            for fy in range(top_y + 60, FAR_H - 120, 52):
                pygame.draw.rect(surf, (40, 36, 40), (fx, fy, 80, 4))
                pygame.draw.line(surf, (40, 36, 40), (fx, fy - 18), (fx + 80, fy - 18), 1)
                for k in range(0, 81, 10):
                    pygame.draw.line(surf, (40, 36, 40), (fx + k, fy - 18), (fx + k, fy), 1)
                pygame.draw.line(surf, (40, 36, 40), (fx + 6, fy), (fx + 70, fy + 50), 3)
        if rng.random() < 0.45:                                    # a water tank on the roof
            tx = x + int(rng.integers(20, max(21, w - 60)))
            pygame.draw.rect(surf, (92, 66, 50), (tx, top_y - 44, 40, 34), border_radius=4)
            pygame.draw.polygon(surf, (70, 52, 44), [(tx - 4, top_y - 44), (tx + 44, top_y - 44),
                                                     (tx + 20, top_y - 62)])
            for k in (4, 32):
                pygame.draw.line(surf, (50, 40, 36), (tx + k, top_y - 10), (tx + k, top_y), 3)
        shop = lerp_colour(brick, (30, 26, 30), 0.55)              # the shop front below
        pygame.draw.rect(surf, shop, (x + 6, FAR_H - 96, w - 12, 96))
        sign = AWNINGS[int(rng.integers(0, len(AWNINGS)))][0]
        pygame.draw.rect(surf, lerp_colour(sign, (30, 30, 30), 0.2), (x + 14, FAR_H - 92, w - 28,
                                                                       18))
        x += w
    # the top of the frame in shade, so the HUD's light words read over the rooftops
    px = pygame.surfarray.pixels3d(surf)
    shade = np.clip(0.5 + 0.5 * np.linspace(0, 1, 230) ** 0.8, 0, 1)[None, :, None]
    px[:, :230, :] = (px[:, :230, :] * shade).astype(np.uint8)
    del px
    return surf


def stands_painter(surf: pygame.Surface, dx: int) -> None:
    """A row of produce stands along the far pavement: striped awnings on poles, vendors
    in aprons behind tables heaped with fruit and vegetables, price cards."""
    rng = np.random.default_rng(77)
    h = surf.get_height()
    x = 10
    while x < TILE - 200:
        w = int(rng.integers(220, 290))
        stripe, ground = AWNINGS[int(rng.integers(0, len(AWNINGS)))]
        awn_y = 52
        pole = (60, 50, 44)
        for px in (x + 6, x + w - 12):
            pygame.draw.rect(surf, pole, (dx + px, awn_y, 6, h - awn_y - 20))
        # the vendor behind the table
        vx = dx + x + int(rng.integers(60, w - 60))
        coat = lerp_colour((70, 60, 80), (150, 90, 60), float(rng.random()))
        pygame.draw.rect(surf, coat, (vx - 20, 150, 40, 74), border_radius=10)
        pygame.draw.rect(surf, (236, 232, 220), (vx - 14, 170, 28, 54), border_radius=4)  # apron
        pygame.draw.circle(surf, (196, 140, 108), (vx, 134), 15)
        pygame.draw.rect(surf, (40, 40, 48), (vx - 16, 116, 32, 10), border_radius=4)     # cap
        pygame.draw.rect(surf, (40, 40, 48), (vx - 4, 122, 26, 5))
        arm_up = rng.random() < 0.5                     # calling out, an arm in the air
        if arm_up:
            pygame.draw.line(surf, coat, (vx + 16, 158), (vx + 36, 120), 9)
            pygame.draw.circle(surf, (196, 140, 108), (vx + 38, 116), 6)
        # the awning: stripes and a scalloped valance
        for k, sx in enumerate(range(x, x + w, 22)):
            col = stripe if k % 2 == 0 else ground
            pygame.draw.polygon(surf, col, [(dx + sx, awn_y), (dx + sx + 22, awn_y),
                                            (dx + sx + 26, awn_y + 40), (dx + sx + 4, awn_y + 40)])
            pygame.draw.circle(surf, col, (dx + sx + 15, awn_y + 40), 11)
        pygame.draw.line(surf, lerp_colour(stripe, (0, 0, 0), 0.4), (dx + x, awn_y),
                         (dx + x + w, awn_y), 3)
        # the table and its crates, heaped
        ty = 206
        pygame.draw.rect(surf, (120, 84, 52), (dx + x, ty, w, 14))
        pygame.draw.rect(surf, (92, 62, 40), (dx + x, ty + 14, w, h - ty - 20))
        for cx in range(x + 8, x + w - 50, 56):
            fruit = PRODUCE[int(rng.integers(0, len(PRODUCE)))]
            pygame.draw.rect(surf, (150, 110, 70), (dx + cx, ty - 14, 50, 22))
            pygame.draw.line(surf, (110, 80, 50), (dx + cx, ty - 4), (dx + cx + 50, ty - 4), 2)
            for k in range(7):
                fx = cx + 7 + (k % 4) * 12 + (6 if k >= 4 else 0)
                fy = ty - 18 - (8 if k >= 4 else 0)
                pygame.draw.circle(surf, fruit, (dx + fx, fy), 6)
                pygame.draw.circle(surf, lerp_colour(fruit, (255, 255, 255), 0.45),
                                   (dx + fx - 2, fy - 2), 2)
            if rng.random() < 0.4:                     # a price card on a stick
                pygame.draw.line(surf, (60, 50, 40), (dx + cx + 25, ty - 20), (dx + cx + 25,
                                                                              ty - 42), 2)
                pygame.draw.rect(surf, (250, 246, 236), (dx + cx + 13, ty - 58, 26, 18))
                pygame.draw.line(surf, (200, 40, 40), (dx + cx + 16, ty - 50),
                                 (dx + cx + 34, ty - 48), 2)
        for _ in range(int(rng.integers(1, 3))):       # crates stacked by the table
            cx = dx + x + int(rng.integers(0, w - 40))
            pygame.draw.rect(surf, (156, 116, 74), (cx, h - 50, 40, 30))
            pygame.draw.rect(surf, (112, 80, 50), (cx, h - 50, 40, 30), 2)
            pygame.draw.line(surf, (112, 80, 50), (cx, h - 35), (cx + 40, h - 35), 2)
        x += w + int(rng.integers(16, 40))


def street_strip() -> pygame.Surface:
    """The market street: worn cobbles in rows that grow toward the camera, the far kerb,
    a gutter, cabbage leaves and a flattened box. Opaque."""
    surf = pygame.Surface((TILE, STREET_H))
    surf.fill((96, 88, 84))
    rng = np.random.default_rng(9)
    pygame.draw.rect(surf, (150, 140, 128), (0, 0, TILE, KERB_Y - STREET_Y))     # pavement
    pygame.draw.rect(surf, (180, 170, 156), (0, KERB_Y - STREET_Y, TILE, 4))     # kerb edge
    y = KERB_Y - STREET_Y + 4
    row = 0
    while y < STREET_H:
        hh = int(7 + 12 * (y / STREET_H))
        n = max(1, round(TILE / (hh * 1.9 + 2)))
        step = TILE / n                                 # a whole number of cobbles a tile
        shades = rng.integers(-14, 15, size=n)
        off = (row % 2) * step / 2
        for j in range(-1, n + 1):
            shade = int(shades[j % n])
            base = (112 + shade, 104 + shade, 98 + shade)
            x = round(j * step + off)
            pygame.draw.rect(surf, base, (x, y, round(step) - 2, hh), border_radius=3)
            pygame.draw.line(surf, lerp_colour(base, (255, 255, 255), 0.25),
                             (x + 2, y + 1), (x + round(step) - 5, y + 1), 1)
        y += hh + 2
        row += 1
    for _ in range(10):                                 # litter of a market morning
        x, yy = int(rng.integers(0, TILE - 40)), int(rng.integers(20, STREET_H - 10))
        if rng.random() < 0.6:
            pygame.draw.ellipse(surf, (96, 150, 70), (x, yy, 18, 9))
        else:
            pygame.draw.polygon(surf, (170, 140, 100), [(x, yy), (x + 30, yy - 4),
                                                        (x + 34, yy + 10), (x + 4, yy + 14)])
    return surf


# -- obstacles ------------------------------------------------------------------------------
def _crates(scale: float) -> pygame.Surface:
    w, h = int(120 * scale), int(130 * scale)
    s = pygame.Surface((w, h), pygame.SRCALPHA)
    pygame.draw.ellipse(s, (20, 16, 16, 90), (0, h - 14 * scale, w, 14 * scale))
    k = scale
    boxes = ((4, 66, 56, 58), (60, 66, 56, 58), (30, 10, 56, 58))
    for bx, by, bw, bh in boxes:
        r = (bx * k, by * k, bw * k, bh * k)
        pygame.draw.rect(s, (170, 124, 78), r)
        pygame.draw.rect(s, (112, 78, 48), r, max(1, int(3 * k)))
        for f in (0.33, 0.66):
            yy = (by + bh * f) * k
            pygame.draw.line(s, (120, 86, 52), (bx * k, yy), ((bx + bw) * k, yy),
                             max(1, int(2 * k)))
        for j in range(4):                              # fruit peeping over the top
            pygame.draw.circle(s, PRODUCE[(bx + j) % len(PRODUCE)],
                               ((bx + 8 + j * 13) * k, (by + 2) * k), 6 * k)
    return s


def _barrow(scale: float, vendor: bool) -> pygame.Surface:
    """A two-wheeled barrow heaped with apples; pushed by its vendor when `vendor`."""
    k = scale
    w, h = int((200 if vendor else 150) * k), int(160 * k)
    s = pygame.Surface((w, h), pygame.SRCALPHA)
    pygame.draw.ellipse(s, (20, 16, 16, 90), (0, h - 14 * k, w, 14 * k))
    bx = 6
    pygame.draw.polygon(s, (120, 70, 40), [(bx * k, 70 * k), (132 * k, 70 * k), (124 * k, 112 * k),
                                           (14 * k, 112 * k)])
    pygame.draw.rect(s, (90, 50, 30), (bx * k, 66 * k, 128 * k, 8 * k))
    for j in range(16):
        pygame.draw.circle(s, (206, 40, 44) if j % 3 else (120, 170, 60),
                           ((18 + (j % 8) * 14) * k, (62 - (j // 8) * 10) * k), 8 * k)
    pygame.draw.circle(s, (40, 32, 30), (44 * k, 124 * k), 22 * k)
    pygame.draw.circle(s, (120, 100, 80), (44 * k, 124 * k), 22 * k, max(1, int(4 * k)))
    pygame.draw.line(s, (90, 50, 30), (130 * k, 90 * k), (164 * k, 80 * k), max(1, int(5 * k)))
    if vendor:                                          # the vendor behind, pushing
        cx = 176
        pygame.draw.rect(s, (70, 80, 110), ((cx - 16) * k, 44 * k, 32 * k, 62 * k),
                         border_radius=int(8 * k))
        pygame.draw.rect(s, (236, 232, 220), ((cx - 12) * k, 60 * k, 24 * k, 40 * k))
        pygame.draw.circle(s, (196, 140, 108), (cx * k, 30 * k), 13 * k)
        pygame.draw.rect(s, (40, 40, 48), ((cx - 14) * k, 14 * k, 28 * k, 9 * k))
        pygame.draw.line(s, (70, 80, 110), ((cx - 12) * k, 60 * k), (164 * k, 80 * k),
                         max(1, int(8 * k)))
        for lx in (-8, 8):
            pygame.draw.line(s, (50, 50, 60), ((cx + lx) * k, 104 * k),
                             ((cx + lx * 1.6) * k, 150 * k), max(1, int(9 * k)))
    return s


def _hand_truck(scale: float) -> pygame.Surface:
    k = scale
    w, h = int(90 * k), int(140 * k)
    s = pygame.Surface((w, h), pygame.SRCALPHA)
    pygame.draw.ellipse(s, (20, 16, 16, 90), (0, h - 12 * k, w, 12 * k))
    for j, col in enumerate(((190, 160, 110), (170, 140, 96), (196, 170, 120))):
        pygame.draw.rect(s, col, (14 * k, (86 - j * 34) * k, 56 * k, 34 * k))
        pygame.draw.rect(s, (120, 96, 60), (14 * k, (86 - j * 34) * k, 56 * k, 34 * k),
                         max(1, int(2 * k)))
        pygame.draw.line(s, (200, 60, 50), (24 * k, (96 - j * 34) * k), (50 * k,
                                                                        (96 - j * 34) * k), 2)
    pygame.draw.line(s, (60, 60, 70), (72 * k, 6 * k), (72 * k, 124 * k), max(1, int(5 * k)))
    pygame.draw.line(s, (60, 60, 70), (12 * k, 124 * k), (74 * k, 124 * k), max(1, int(4 * k)))
    pygame.draw.circle(s, (30, 30, 34), (70 * k, 126 * k), 11 * k)
    return s


def _basket(scale: float) -> pygame.Surface:
    """A basket knocked over, oranges rolling out across the cobbles."""
    k = scale
    w, h = int(130 * k), int(70 * k)
    s = pygame.Surface((w, h), pygame.SRCALPHA)
    pygame.draw.ellipse(s, (20, 16, 16, 80), (0, h - 10 * k, w, 10 * k))
    pygame.draw.ellipse(s, (160, 120, 60), (8 * k, 14 * k, 58 * k, 48 * k))
    for yy in range(20, 60, 8):
        pygame.draw.line(s, (120, 86, 40), (12 * k, yy * k), (62 * k, yy * k), max(1, int(2 * k)))
    pygame.draw.ellipse(s, (90, 60, 30), (44 * k, 18 * k, 20 * k, 40 * k))
    for ox, oy in ((70, 50), (86, 56), (102, 52), (78, 40), (116, 58), (60, 56)):
        pygame.draw.circle(s, (240, 140, 30), (ox * k, oy * k), 8 * k)
        pygame.draw.circle(s, (255, 200, 120), ((ox - 2) * k, (oy - 3) * k), 2.5 * k)
    return s


OBSTACLES = ("crates", "barrow", "hand_truck", "basket")


def obstacle(kind: str, scale: float) -> pygame.Surface:
    if kind == "crates":
        return _crates(scale)
    if kind == "barrow":
        return _barrow(scale, False)
    if kind == "hand_truck":
        return _hand_truck(scale)
    if kind == "basket":
        return _basket(scale)
    if kind == "cart":
        return _barrow(scale, True)
    raise ValueError(kind)


def knocked(surf: pygame.Surface, angle: float = -24.0) -> pygame.Surface:
    """The obstacle after the runner barged through it: tipped over."""
    return pygame.transform.rotate(surf, angle)


def shopper(scale: float, coat: Colour, frame: int, bag: bool) -> pygame.Surface:
    """A shopper walking the pavement (two frames of a stroll), a bag on one arm."""
    k = scale
    w, h = int(60 * k), int(170 * k)
    s = pygame.Surface((w, h), pygame.SRCALPHA)
    spread = 10 if frame else 2
    for lx in (-spread, spread):
        pygame.draw.line(s, (50, 46, 56), (30 * k, 100 * k), ((30 + lx) * k, 164 * k),
                         max(1, int(9 * k)))
    pygame.draw.rect(s, coat, (16 * k, 40 * k, 28 * k, 66 * k), border_radius=int(8 * k))
    pygame.draw.circle(s, (200, 150, 118), (30 * k, 28 * k), 12 * k)
    pygame.draw.circle(s, lerp_colour(coat, (30, 30, 30), 0.5), (30 * k, 20 * k), 10 * k)
    if bag:
        pygame.draw.rect(s, (230, 220, 190), (40 * k, 70 * k, 16 * k, 22 * k),
                         border_radius=int(3 * k))
        pygame.draw.circle(s, (120, 170, 60), (48 * k, 70 * k), 5 * k)
    return s


def debris_piece(kind: int, scale: float) -> pygame.Surface:
    """A bit of a smashed crate: a plank or a piece of fruit."""
    k = scale
    if kind == 0:
        s = pygame.Surface((int(34 * k), int(8 * k)), pygame.SRCALPHA)
        s.fill((170, 124, 78))
        return s
    s = pygame.Surface((int(16 * k), int(16 * k)), pygame.SRCALPHA)
    pygame.draw.circle(s, PRODUCE[kind % len(PRODUCE)], (8 * k, 8 * k), 7 * k)
    return s


def ease(x: float) -> float:
    x = min(1.0, max(0.0, x))
    return 0.5 - 0.5 * math.cos(math.pi * x)
