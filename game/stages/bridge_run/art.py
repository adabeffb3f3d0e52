"""The painted layers under the bridge, built once: the far bank at first light, the river,
the arcade of stone arches the towpath runs through, the flagstones, the near piers.

Every layer that scrolls is a tileable strip (its right edge meets its left), so the
parallax (game.gfx.running) can wrap it for as long as the run lasts. Screen pixels.
"""

from __future__ import annotations

import numpy as np
import pygame

from game.gfx.draw import additive_glow, lerp_colour, noise_texture, vertical_gradient
from game.gfx.running import paint_strip

Colour = tuple[int, int, int]
W, H = 1280, 720

HORIZON = 300          # where the far bank meets the water
PATH_Y = 486           # the far edge of the towpath (the quay kerb)
ARCH_SPAN = 760        # px from one pier to the next (the arcade's tile width)
PIER_W = 120
SPRING_Y = 250         # where an arch springs from its pier
CROWN_Y = 46           # the top of an arch's opening
LAMP = (PIER_W // 2 + 30, SPRING_Y + 24)   # the pier lamp's flame, in arcade tile px
FAR_TILE = 1600        # the far bank repeats after this many pixels
PATH_TILE = 960
NEAR_TILE = 5600       # a near pier whips past the lens once per this many pixels
STONE = (92, 86, 90)
COLOURKEY = (255, 0, 255)


def _finish(surf: pygame.Surface, alpha: bool = False) -> pygame.Surface:
    if pygame.display.get_surface() is None:
        return surf
    return surf.convert_alpha() if alpha else surf.convert()


def far_bank() -> pygame.Surface:
    """Sky at first light over the far bank's warehouses, a few windows still lit. Opaque,
    FAR_TILE wide, HORIZON + 8 tall."""
    h = HORIZON + 8
    sky = vertical_gradient((FAR_TILE, h), [(0.0, (20, 24, 40)), (0.55, (52, 56, 78)),
                                            (0.9, (104, 92, 100)), (1.0, (120, 100, 96))])

    def paint(surf: pygame.Surface, dx: int) -> None:
        if dx != 0:
            return          # each building draws its own wrapped copies below
        surf.blit(sky, (0, 0))
        rng = np.random.default_rng(30)
        x = 0.0
        while x < FAR_TILE:
            bw, bh = rng.uniform(60, 170), rng.uniform(40, 120)
            col = lerp_colour((30, 30, 44), (44, 42, 58), rng.uniform(0, 1))
            roof, chimney = rng.random() < 0.4, rng.random() < 0.25
            lights = [(rng.uniform(4, bw - 8), rng.uniform(6, bh - 10), rng.uniform(0, 0.5))
                      for _ in range(int(bw * bh / 700)) if rng.random() < 0.35]
            for off in (-FAR_TILE, 0, FAR_TILE):     # a building on the seam wraps round
                bx = x + off
                if bx > FAR_TILE or bx + bw < 0:
                    continue
                top = HORIZON - bh
                pygame.draw.rect(surf, col, (bx, top, bw + 1, bh + 8))
                if roof:
                    pygame.draw.polygon(surf, col, [(bx, top), (bx + bw, top),
                                                    (bx + bw / 2, top - 18)])
                if chimney:
                    pygame.draw.rect(surf, col, (bx + bw * 0.7, top - 40, 9, 42))
                for wx, wy, f in lights:
                    surf.fill(lerp_colour((255, 200, 120), col, f), (bx + wx, top + wy, 4, 5))
            x += bw + rng.uniform(0, 20)
            if x > FAR_TILE - 40:
                break

    return paint_strip(FAR_TILE, h, paint, alpha=False, fill=(0, 0, 0))


def river_strip() -> pygame.Surface:
    """The river from the far bank to the quay: dark, with the sky's last light laid on it
    in long ripples. Opaque, FAR_TILE wide."""
    h = PATH_Y - HORIZON
    water = vertical_gradient((FAR_TILE, h), [(0.0, (66, 64, 80)), (0.25, (34, 38, 54)),
                                              (1.0, (14, 18, 28))])

    # every ripple is drawn at x and one tile either side, so those on the seam wrap
    strip = pygame.Surface((FAR_TILE, h))
    strip.blit(water, (0, 0))
    for dx in (0, -FAR_TILE, FAR_TILE):
        rng = np.random.default_rng(31)
        for _ in range(420):
            y = rng.uniform(2, h - 4)
            depth = y / h
            length = rng.uniform(20, 90) * (0.4 + depth)
            x = rng.uniform(0, FAR_TILE) + dx
            col = lerp_colour((120, 112, 130), (40, 46, 64), depth)
            pygame.draw.line(strip, col, (x, y), (x + length, y), 1)
    return strip


def glint() -> pygame.Surface:
    """A lamp's reflection on the water: a short warm streak, for BLEND_RGB_ADD."""
    surf = pygame.Surface((70, 4))
    for k in range(70):
        f = 1 - abs(k - 35) / 35
        surf.fill(lerp_colour((0, 0, 0), (150, 106, 56), f ** 1.5), (k, 0, 1, 4))
    return _finish(surf)


def _arch_geometry(w: int, h: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    xx = np.arange(w)[:, None].astype(np.float32)
    yy = np.arange(h)[None, :].astype(np.float32)
    cx = (PIER_W + ARCH_SPAN) / 2
    rx, ry = (ARCH_SPAN - PIER_W) / 2, SPRING_Y - CROWN_Y
    dx = (xx - cx) / rx
    curve = SPRING_Y - ry * np.sqrt(np.clip(1 - dx ** 2, 0, 1))
    opening = (xx >= PIER_W) & (yy >= curve) & (yy < PATH_Y)
    return xx, yy, opening, np.sqrt(((xx - cx) / (rx + 28)) ** 2
                                    + ((yy - SPRING_Y) / (ry + 28)) ** 2)


def arcade() -> pygame.Surface:
    """One span of the arcade: a pier, the arch over the opening and the masonry above,
    voussoirs round the arch, a lamp on the pier. Colour-keyed where the opening shows the
    river (hard edges blit cheaper keyed than with alpha); ARCH_SPAN wide, PATH_Y tall."""
    w, h = ARCH_SPAN, PATH_Y
    base = noise_texture((w, h), STONE, 10, seed=32)
    arr = pygame.surfarray.array3d(base).astype(np.float32)
    xx, yy, opening, ring_d = _arch_geometry(w, h)
    # courses of ashlar: a joint every 34 px, the blocks staggered course by course
    joints = (yy % 34 < 2) | (((xx + 60 * ((yy // 34) % 2)) % 120) < 2)
    arr -= np.where(joints, 26, 0)[:, :, None]
    # darker toward the top: the bridge deck is overhead
    arr *= (np.clip(1.0 - (h - yy) / h * 0.55, 0.35, 1.0) * 0.62)[:, :, None]
    cx = (PIER_W + ARCH_SPAN) / 2
    ring = (ring_d <= 1.0) & (yy <= SPRING_Y + 2) & ~opening & (xx >= PIER_W - 20)
    angle = np.degrees(np.arctan2(SPRING_Y - yy, xx - cx))
    voussoir = (angle // 9) % 2 == 0
    arr *= np.where(ring & voussoir, 1.2, np.where(ring, 1.06, 1.0))[:, :, None]
    # the pier's face catches the lamp
    lamp = np.exp(-(((xx - LAMP[0]) / 90) ** 2 + ((yy - LAMP[1]) / 130) ** 2))
    arr += np.where(~opening, lamp, 0)[:, :, None] * np.array([70.0, 48.0, 22.0])
    out = np.clip(arr, 0, 255).astype(np.uint8)
    out[opening] = COLOURKEY
    surf = pygame.Surface((w, h))
    pygame.surfarray.blit_array(surf, out)
    # a plinth where the pier meets the quay, and the iron lamp on its bracket
    pygame.draw.rect(surf, (46, 42, 46), (0, PATH_Y - 40, PIER_W + 8, 40))
    pygame.draw.rect(surf, (64, 60, 62), (0, PATH_Y - 44, PIER_W + 8, 6))
    lx, ly = LAMP
    pygame.draw.line(surf, (22, 20, 22), (PIER_W // 2 - 6, ly - 14), (lx, ly - 14), 4)
    pygame.draw.rect(surf, (22, 20, 22), (lx - 9, ly - 14, 18, 30))
    pygame.draw.rect(surf, (255, 222, 160), (lx - 5, ly - 9, 10, 20))
    pygame.draw.polygon(surf, (22, 20, 22), [(lx - 12, ly - 14), (lx + 12, ly - 14),
                                             (lx, ly - 24)])
    surf.set_colorkey(COLOURKEY, pygame.RLEACCEL)   # hard edges: keyed, run-length encoded
    return surf


def lamp_glow(radius: int = 170) -> pygame.Surface:
    """A pier lamp's warm pool of light in the damp air, for BLEND_RGB_ADD."""
    return additive_glow(radius, (110, 78, 36), 0.8)


def towpath() -> pygame.Surface:
    """Damp flagstones from the quay kerb to the bottom of the frame, a wet sheen near the
    kerb. Opaque, PATH_TILE wide (every joint spacing divides it, so it tiles)."""
    w, h = PATH_TILE, H - PATH_Y
    surf = noise_texture((w, h), (58, 54, 56), 9, seed=33)
    pygame.draw.rect(surf, (84, 80, 82), (0, 0, w, 10))          # the kerb
    pygame.draw.line(surf, (112, 106, 106), (0, 1), (w, 1), 2)
    rows = [10, 30, 58, 94, 142, 200, h]
    for k, (y, y2) in enumerate(zip(rows, rows[1:], strict=False)):
        pygame.draw.line(surf, (36, 34, 36), (0, y), (w, y), 2)
        step = (80, 96, 120, 160, 192, 240)[k]                    # wider flags nearer us
        for x in range(-(k % 2) * step // 2, w + step, step):
            pygame.draw.line(surf, (38, 36, 38), (x, y), (x - 5 * k, y2), 2)
    sheen = pygame.Surface((w, 44), pygame.SRCALPHA)
    for k in range(44):
        sheen.fill((130, 126, 150, int(34 * (1 - k / 44))), (0, k, w, 1))
    surf.blit(sheen, (0, 11))
    return surf


def near_pier() -> pygame.Surface:
    """A pier of the bridge itself right by the lens, sweeping past once a tile: a dark
    mass with a sliver of lit edge. Colour-keyed around it; NEAR_TILE wide."""
    surf = pygame.Surface((NEAR_TILE, H))
    surf.fill(COLOURKEY)
    x0 = NEAR_TILE - 300
    body = noise_texture((130, H), (24, 22, 26), 5, seed=34)
    surf.blit(body, (x0, 0))
    for y in range(0, H, 46):
        pygame.draw.line(surf, (14, 12, 16), (x0, y), (x0 + 130, y), 2)
    pygame.draw.rect(surf, (44, 40, 46), (x0, 0, 6, H))
    surf.set_colorkey(COLOURKEY, pygame.RLEACCEL)   # hard edges: keyed, run-length encoded
    return surf


def edge_shadow(width: int = 220) -> tuple[pygame.Surface, pygame.Surface]:
    """Left and right darkness for the tightening frame (alpha ramps), faded in with a
    surface alpha, so only the edges cost an alpha blit."""
    left = pygame.Surface((width, H), pygame.SRCALPHA)
    for k in range(width):
        left.fill((3, 3, 8, int(240 * (1 - k / width) ** 1.5)), (k, 0, 1, H))
    right = pygame.transform.flip(left, True, False)
    return _finish(left, True), _finish(right, True)
