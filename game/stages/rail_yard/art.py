"""The rail yard at dawn, painted once: tileable strips for the parallax, the train, the sun.

Every painter takes (surface, dx) and draws its shapes shifted by dx, so `paint_strip`
can wrap them round the strip's edges; each seeds its own random numbers.
"""

from __future__ import annotations

import math

import numpy as np
import pygame

from game.gfx.draw import additive_glow, lerp_colour

Colour = tuple[int, int, int]

TILE = 1536                  # strip width: wider than the screen, tiles seamlessly
HORIZON = 430                # where the sky meets the far ground
DECK_Y = 262                 # the elevated line's deck (rail level), clear of the HUD
GROUND_Y = 470               # top of the yard's ground strip
FEET_Y = 584                 # where the runner's feet land (between the rails)

SKY_STOPS = ((0.0, (22, 30, 58)), (0.38, (70, 74, 112)), (0.66, (176, 122, 118)),
             (0.86, (238, 170, 112)), (1.0, (252, 206, 140)))
HAZE = (150, 118, 124)
STEEL = (40, 38, 50)
STEEL_LIT = (96, 78, 80)


def _sky_column(h: int) -> np.ndarray:
    ys = np.linspace(0.0, 1.0, h)
    pos = np.array([p for p, _ in SKY_STOPS])
    cols = np.array([c for _, c in SKY_STOPS], dtype=float)
    return np.stack([np.interp(ys, pos, cols[:, k]) for k in range(3)], axis=1)


def far_strip(height: int = GROUND_Y) -> pygame.Surface:
    """The dawn sky and the city far off in the haze: one opaque strip (the sky is the same
    all along, so it may scroll with the skyline)."""
    col = _sky_column(height)
    arr = np.broadcast_to(col[None, :, :], (TILE, height, 3)).astype(np.uint8).copy()
    surf = pygame.Surface((TILE, height))
    pygame.surfarray.blit_array(surf, arr)
    rng = np.random.default_rng(7)
    layers = ((0.55, 46, 120, 0.25), (0.75, 30, 80, 0.0))     # (haze mix, min h, max h, gap)
    for mix, lo, hi, _ in layers:
        colour = lerp_colour((58, 50, 70), HAZE, mix)
        x = 0
        while x < TILE:
            w = int(rng.integers(26, 70))
            h = int(rng.integers(lo, hi))
            if x + w > TILE:
                w = TILE - x
            pygame.draw.rect(surf, colour, (x, HORIZON - h, w, h + height - HORIZON))
            if rng.random() < 0.25 and w > 30:                  # a water tank or a spire
                pygame.draw.rect(surf, colour, (x + w // 3, HORIZON - h - 14, w // 3, 14))
            if rng.random() < 0.15:
                cx = x + w // 2
                pygame.draw.polygon(surf, colour, [(cx - 4, HORIZON - h), (cx, HORIZON - h - 34),
                                                   (cx + 4, HORIZON - h)])
            x += w + int(rng.integers(0, 8))
        lo, hi = lo - 12, hi - 40
    # two chimneys breathing thin smoke into the cold air
    smoke = pygame.Surface((TILE, height), pygame.SRCALPHA)
    for cx in (420, 1180):
        pygame.draw.rect(surf, lerp_colour((58, 50, 70), HAZE, 0.5), (cx, HORIZON - 150, 14, 150))
        for k in range(24):                     # a thin wisp drifting back on the air
            f = k / 24
            pygame.draw.circle(smoke, (*lerp_colour((160, 146, 160), (214, 170, 156), f),
                                       int(46 * (1 - f))),
                               (cx + 7 - k * 8, HORIZON - 154 - k * 3 - 7 * math.sin(k / 3)),
                               5 + k * 1.3)
    surf.blit(smoke, (0, 0))
    return surf


def viaduct_painter(surf: pygame.Surface, dx: int) -> None:
    """The elevated line on its steel trestles: a lattice deck, bents down to the yard."""
    top, deck_h = DECK_Y, 30
    h = surf.get_height()
    pygame.draw.rect(surf, STEEL, (dx, top, TILE, deck_h))
    pygame.draw.line(surf, STEEL_LIT, (dx, top + deck_h - 2), (dx + TILE, top + deck_h - 2), 2)
    for x in range(0, TILE, 24):               # the lattice: a zigzag of struts
        pygame.draw.line(surf, (62, 56, 70), (dx + x, top + 4), (dx + x + 12, top + deck_h - 4), 2)
        pygame.draw.line(surf, (62, 56, 70), (dx + x + 12, top + deck_h - 4),
                         (dx + x + 24, top + 4), 2)
    pygame.draw.rect(surf, (30, 28, 38), (dx, top - 6, TILE, 6))          # the rail and guard
    for x in range(0, TILE, 8):
        pygame.draw.line(surf, (30, 28, 38), (dx + x, top - 14), (dx + x, top - 6), 1)
    pygame.draw.line(surf, (30, 28, 38), (dx, top - 14), (dx + TILE, top - 14), 2)
    for bx in range(96, TILE, 256):             # the bents: two legs and cross bracing
        for leg in (0, 44):
            x0 = dx + bx + leg
            pygame.draw.rect(surf, STEEL, (x0, top + deck_h, 12, h - top - deck_h))
            pygame.draw.line(surf, STEEL_LIT, (x0 + 10, top + deck_h), (x0 + 10, h), 2)
        for y in range(top + deck_h + 10, h - 20, 60):
            pygame.draw.line(surf, STEEL, (dx + bx + 6, y), (dx + bx + 50, y + 50), 3)
            pygame.draw.line(surf, STEEL, (dx + bx + 50, y), (dx + bx + 6, y + 50), 3)
        pygame.draw.polygon(surf, STEEL, [(dx + bx - 30, top + deck_h), (dx + bx + 86,
                                          top + deck_h), (dx + bx + 56, top + deck_h + 22),
                                          (dx + bx, top + deck_h + 22)])     # the knee brace


def yard_painter(surf: pygame.Surface, dx: int) -> None:
    """The yard beyond the tracks: freight cars left on a siding, signal masts, a shed."""
    rng = np.random.default_rng(31)
    h = surf.get_height()
    base = h - 8
    x = 20
    while x < TILE - 260:
        kind = rng.random()
        if kind < 0.6:                               # a boxcar
            w = int(rng.integers(200, 240))
            body = lerp_colour((80, 46, 44), (60, 58, 70), float(rng.random()))
            lit = lerp_colour(body, (230, 150, 100), 0.28)
            pygame.draw.rect(surf, body, (dx + x, base - 96, w, 78))
            pygame.draw.rect(surf, lit, (dx + x + w - 6, base - 96, 6, 78))     # sun on its end
            pygame.draw.rect(surf, lerp_colour(body, (0, 0, 0), 0.3), (dx + x, base - 100, w, 6))
            for k in range(1, 9):
                xx = dx + x + k * w // 9
                pygame.draw.line(surf, lerp_colour(body, (0, 0, 0), 0.25), (xx, base - 92),
                                 (xx, base - 22), 1)
            pygame.draw.rect(surf, lerp_colour(body, (0, 0, 0), 0.4),
                             (dx + x + w // 2 - 26, base - 86, 52, 62))          # the door
            for wx in (x + 30, x + w - 30):
                pygame.draw.circle(surf, (24, 22, 28), (dx + wx - 12, base - 10), 9)
                pygame.draw.circle(surf, (24, 22, 28), (dx + wx + 12, base - 10), 9)
            x += w + 14
        elif kind < 0.8:                             # a signal mast
            pygame.draw.rect(surf, (34, 32, 40), (dx + x + 10, base - 170, 6, 170))
            pygame.draw.rect(surf, (26, 24, 30), (dx + x, base - 186, 26, 44), border_radius=6)
            lamp = (230, 70, 50) if rng.random() < 0.5 else (90, 220, 140)
            pygame.draw.circle(surf, lamp, (dx + x + 13, base - 174), 5)
            pygame.draw.circle(surf, (60, 60, 60), (dx + x + 13, base - 156), 5)
            x += 70
        else:                                        # a low shed with a lit window
            w = int(rng.integers(140, 200))
            pygame.draw.rect(surf, (52, 46, 58), (dx + x, base - 70, w, 70))
            pygame.draw.polygon(surf, (44, 40, 50), [(dx + x - 6, base - 70),
                                                     (dx + x + w + 6, base - 70),
                                                     (dx + x + w - 14, base - 92),
                                                     (dx + x + 14, base - 92)])
            pygame.draw.rect(surf, (236, 190, 110), (dx + x + 20, base - 52, 24, 18))
            x += w + 30
    pygame.draw.rect(surf, (46, 40, 48), (dx, base - 2, TILE, 10))           # the siding


def ground_strip(height: int) -> pygame.Surface:
    """The tracks the runner runs: ballast, sleepers and two rails glinting in the sun, a
    second track nearer the camera. Opaque."""
    rng = np.random.default_rng(5)
    w = TILE
    ys = np.linspace(0, 1, height)[None, :, None]
    base = np.array([98, 84, 82]) * (1 - ys) + np.array([62, 54, 56]) * ys
    arr = base + rng.integers(-16, 17, size=(w, height, 1))
    arr = np.clip(arr, 0, 255).astype(np.uint8)
    surf = pygame.Surface((w, height))
    pygame.surfarray.blit_array(surf, arr)
    g = GROUND_Y
    far_rail, near_rail = 556 - g, 604 - g
    for x in range(0, w, 48):                       # sleepers under the runner's track
        pygame.draw.polygon(surf, (56, 42, 36), [(x, far_rail - 4), (x + 24, far_rail - 4),
                                                 (x + 30, near_rail + 8), (x + 2, near_rail + 8)])
        pygame.draw.line(surf, (84, 64, 54), (x, far_rail - 4), (x + 24, far_rail - 4), 2)
    for y, lit in ((far_rail, (214, 170, 140)), (near_rail, (236, 196, 160))):
        pygame.draw.rect(surf, (44, 40, 44), (0, y - 2, w, 8))
        pygame.draw.line(surf, lit, (0, y - 2), (w, y - 2), 2)              # the rail's head
    pygame.draw.rect(surf, (70, 60, 62), (0, 0, w, 10))                     # the far cess
    back = 496 - g                                  # a far track, thin
    pygame.draw.line(surf, (150, 124, 118), (0, back), (w, back), 2)
    pygame.draw.line(surf, (150, 124, 118), (0, back + 14), (w, back + 14), 2)
    for x in range(0, w, 32):
        pygame.draw.line(surf, (64, 52, 50), (x, back + 2), (x + 4, back + 14), 3)
    return surf


def train_surface(cars: int = 4) -> pygame.Surface:
    """The elevated train in silhouette against the dawn: lit windows, a headlamp."""
    car_w, car_h, gap = 300, 64, 10
    w = cars * (car_w + gap)
    surf = pygame.Surface((w, car_h + 16), pygame.SRCALPHA)
    for k in range(cars):
        x = k * (car_w + gap)
        pygame.draw.rect(surf, (34, 32, 42), (x, 4, car_w, car_h - 8), border_radius=8)
        pygame.draw.rect(surf, (70, 62, 70), (x + 4, 4, car_w - 8, 4), border_radius=2)
        pygame.draw.rect(surf, (24, 22, 30), (x, car_h - 22, car_w, 14))        # the skirt
        for wx in range(x + 24, x + car_w - 36, 42):
            pygame.draw.rect(surf, (226, 182, 112), (wx, 18, 24, 16), border_radius=2)
            pygame.draw.rect(surf, (250, 222, 160), (wx + 2, 20, 8, 12))
        for bx in (x + 40, x + car_w - 40):
            pygame.draw.circle(surf, (20, 20, 24), (bx - 12, car_h + 4), 8)
            pygame.draw.circle(surf, (20, 20, 24), (bx + 12, car_h + 4), 8)
        if k < cars - 1:
            pygame.draw.rect(surf, (24, 22, 28), (x + car_w, 24, gap, 20))
    pygame.draw.circle(surf, (255, 240, 200), (8, 40), 6)                  # the headlamp
    return surf


def flare_ghosts(strengths: tuple[float, ...] = (0.5, 0.35, 0.42, 0.3)
                 ) -> list[pygame.Surface]:
    """Lens ghosts for the low sun: soft rings and discs of warm and cool light (additive)."""
    colours = ((255, 170, 90), (140, 200, 255), (255, 220, 150), (200, 120, 255))
    radii = (46, 26, 70, 18)
    return [additive_glow(r, c, s) for r, c, s in zip(radii, colours, strengths, strict=True)]


def sun_glows(levels: int = 6) -> list[pygame.Surface]:
    """The sun's glare from a pale disc to a blaze as the run's power builds (additive)."""
    return [additive_glow(int(150 + 60 * k / (levels - 1)), (255, 176, 96),
                          0.55 + 0.45 * k / (levels - 1)) for k in range(levels)]


def streak(width: int = 900) -> pygame.Surface:
    """The horizontal streak a low sun draws across the lens (additive)."""
    surf = pygame.Surface((width, 9))
    xs = np.linspace(-1, 1, width)
    ys = np.linspace(-1, 1, 9)
    f = np.clip(1 - np.abs(xs), 0, 1)[:, None] ** 2 * np.exp(-(ys[None, :] * 2.2) ** 2)
    arr = (f[:, :, None] * np.array([120, 80, 50])[None, None, :] * 0.8)
    pygame.surfarray.blit_array(surf, arr.astype(np.uint8))
    return surf


def breath_frames(count: int = 6) -> list[pygame.Surface]:
    """A breath in the cold air, growing and thinning."""
    from game.gfx.draw import radial_glow
    return [radial_glow(int(8 + 18 * k / (count - 1)), (226, 230, 240),
                        0.7 * (1 - k / (count - 1)) ** 1.4) for k in range(count)]


def sun_disc(radius: int = 30) -> pygame.Surface:
    """The sun itself, just clear of the rooftops: a pale disc with a soft warm rim."""
    surf = pygame.Surface((radius * 4, radius * 4), pygame.SRCALPHA)
    c = radius * 2
    for k in range(8, 0, -1):
        a = int(22 * (9 - k))
        pygame.draw.circle(surf, (255, 214, 150, min(255, a)), (c, c), radius + k * 3)
    pygame.draw.circle(surf, (255, 246, 220, 255), (c, c), radius)
    return surf
