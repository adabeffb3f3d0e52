"""Drawing helpers shared by views: built once at load time, then only blitted."""

from __future__ import annotations

import math

import numpy as np
import pygame

Colour = tuple[int, int, int]


def _finish(surf: pygame.Surface, alpha: bool) -> pygame.Surface:
    if pygame.display.get_surface() is None:
        return surf
    return surf.convert_alpha() if alpha else surf.convert()


def vertical_gradient(size: tuple[int, int], stops: list[tuple[float, Colour]]) -> pygame.Surface:
    """An opaque surface shading through colour stops (position 0..1 from the top)."""
    w, h = size
    ys = np.linspace(0.0, 1.0, h)
    pos = np.array([p for p, _ in stops])
    cols = np.array([c for _, c in stops], dtype=float)
    rgb = np.stack([np.interp(ys, pos, cols[:, k]) for k in range(3)], axis=1)
    arr = np.broadcast_to(rgb[None, :, :], (w, h, 3)).astype(np.uint8)
    surf = pygame.Surface(size)
    pygame.surfarray.blit_array(surf, arr)
    return _finish(surf, False)


def radial_glow(radius: int, colour: Colour, strength: float = 1.0) -> pygame.Surface:
    """A soft round light with alpha falling off to the edge (for lamps, sparks, dawn sun)."""
    d = radius * 2
    yy, xx = np.mgrid[0:d, 0:d]
    r = np.sqrt((xx - radius + 0.5) ** 2 + (yy - radius + 0.5) ** 2) / radius
    a = np.clip(1.0 - r, 0.0, 1.0) ** 2 * 255 * strength
    surf = pygame.Surface((d, d), pygame.SRCALPHA)
    surf.fill((*colour, 0))
    alpha = pygame.surfarray.pixels_alpha(surf)
    alpha[:, :] = np.clip(a.T, 0, 255).astype(np.uint8)
    del alpha
    return _finish(surf, True)


def noise_texture(size: tuple[int, int], base: Colour, amount: int = 14,
                  seed: int = 1) -> pygame.Surface:
    """Grainy fill for brick, concrete, stone: colour + seeded per-pixel noise."""
    rng = np.random.default_rng(seed)
    w, h = size
    n = rng.integers(-amount, amount + 1, size=(w, h, 1))
    arr = np.clip(np.array(base)[None, None, :] + n, 0, 255).astype(np.uint8)
    surf = pygame.Surface(size)
    pygame.surfarray.blit_array(surf, arr)
    return _finish(surf, False)


def lerp_colour(a: Colour, b: Colour, f: float) -> Colour:
    f = min(1.0, max(0.0, f))
    return (round(a[0] + (b[0] - a[0]) * f), round(a[1] + (b[1] - a[1]) * f),
            round(a[2] + (b[2] - a[2]) * f))


def ease_out(x: float) -> float:
    x = min(1.0, max(0.0, x))
    return 1 - (1 - x) ** 3


def damped(t: float, freq: float, decay: float) -> float:
    """A struck thing's displacement after an impulse at t=0: decaying sine, 0 for t<0."""
    if t < 0:
        return 0.0
    return math.exp(-decay * t) * math.sin(2 * math.pi * freq * t)


def additive_glow(radius: int, colour: Colour, strength: float = 1.0) -> pygame.Surface:
    """An opaque glow for BLEND_RGB_ADD: black edges add nothing, the centre adds colour."""
    d = radius * 2
    yy, xx = np.mgrid[0:d, 0:d]
    r = np.sqrt((xx - radius + 0.5) ** 2 + (yy - radius + 0.5) ** 2) / radius
    f = (np.clip(1.0 - r, 0.0, 1.0) ** 2 * strength).T[:, :, None]
    arr = np.clip(f * np.array(colour)[None, None, :], 0, 255).astype(np.uint8)
    surf = pygame.Surface((d, d))
    pygame.surfarray.blit_array(surf, arr)
    return _finish(surf, False)
