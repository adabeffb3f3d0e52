"""The gym at dawn, shared by every gym stage: brick walls, light through the windows, the
ring and the coach. Everything here is built once (at a view's load) and then only blitted.

A view composes its background as `gym_backdrop(...)`, then its own props, then
`vignette(...)`; `draw_ring` paints the ring into such a background, and `coach_sprites`
gives the coach's poses to blit each frame (`draw_coach`).
"""

from __future__ import annotations

import math

import numpy as np
import pygame

from game.gfx.draw import noise_texture, vertical_gradient
from game.gfx.text import TextCache

Colour = tuple[int, int, int]
W, H = 1280, 720

#: where the speed bag's window sits; other stages move it to frame their own props
WINDOW = (70, 70, 250, 360)
POSTER = (930, 90, 170, 240)
PIPE_X = 1180
FLOOR_Y = 560


def brick_wall(size: tuple[int, int], seed: int = 7, dim: float = 0.62) -> pygame.Surface:
    """Running-bond brick with mortar, seeded so every frame and every run looks the same;
    `dim` darkens it (a gym before the lights are all on)."""
    w, h = size
    rng = np.random.default_rng(seed)
    arr = np.zeros((w, h, 3), dtype=np.int16)
    arr[:] = (70, 58, 52)  # mortar
    bw, bh, gap = 72, 26, 3
    for row in range(h // bh + 1):
        shift = (bw // 2) * (row % 2)
        for col in range(-1, w // bw + 2):
            x0, y0 = col * bw + shift, row * bh
            base = np.array([128, 58, 44]) + rng.integers(-22, 22, 3) * np.array([1, 0.6, 0.5])
            xs, ys = slice(max(0, x0 + gap), max(0, min(w, x0 + bw))), slice(y0 + gap,
                                                                            min(h, y0 + bh))
            arr[xs, ys] = base.astype(np.int16)
    arr += rng.integers(-10, 11, (w, h, 1)).astype(np.int16)
    arr = (arr * dim).astype(np.int16)
    surf = pygame.Surface(size)
    pygame.surfarray.blit_array(surf, np.clip(arr, 0, 255).astype(np.uint8))
    return surf


def draw_window(bg: pygame.Surface, rect: tuple[int, int, int, int]) -> pygame.Rect:
    """A mullioned window with the dawn sky and far rooftops outside; returns its rect."""
    win = pygame.Rect(rect)
    sky = vertical_gradient(win.size, [(0.0, (64, 60, 110)), (0.55, (214, 120, 110)),
                                       (1.0, (250, 190, 120))])
    bg.blit(sky, win)
    bg.set_clip(win)
    for k in range(6):  # far rooftops and a water tower
        x = win.left + k * 44
        top = win.bottom - 70 - (k * 37) % 60
        pygame.draw.rect(bg, (50, 40, 58), (x, top, 40, 90))
    pygame.draw.rect(bg, (40, 32, 48), (win.left + 150, win.bottom - 150, 34, 26))
    pygame.draw.line(bg, (40, 32, 48), (win.left + 156, win.bottom - 124),
                     (win.left + 156, win.bottom - 90), 3)
    bg.set_clip(None)
    for x in range(win.left, win.right + 1, win.width // 2):
        pygame.draw.line(bg, (40, 34, 30), (x, win.top), (x, win.bottom), 8)
    for y in range(win.top, win.bottom + 1, win.height // 3):
        pygame.draw.line(bg, (40, 34, 30), (win.left, y), (win.right, y), 8)
    pygame.draw.rect(bg, (30, 26, 24), win.inflate(16, 16), 8)
    return win


def draw_light_shaft(bg: pygame.Surface, win: pygame.Rect, foot: tuple[int, int],
                     alpha: int = 38) -> None:
    """Dawn light falling from the window to the floor, between x = foot[0] and foot[1]."""
    shaft = pygame.Surface(bg.get_size(), pygame.SRCALPHA)
    pygame.draw.polygon(shaft, (255, 190, 130, alpha), [(win.left, win.top), (win.right,
                        win.top), (foot[1], bg.get_height()), (foot[0], bg.get_height())])
    bg.blit(shaft, (0, 0))


def draw_floor(bg: pygame.Surface, top: int = FLOOR_Y) -> None:
    """Worn floor boards from `top` down, and the skirting line."""
    h = bg.get_height() - top
    floor = noise_texture((bg.get_width(), h), (92, 64, 42), 10, seed=3)
    for x in range(0, bg.get_width(), 90):
        pygame.draw.line(floor, (58, 40, 28), (x, 0), (x - 60, h), 2)
    bg.blit(floor, (0, top))
    pygame.draw.line(bg, (40, 30, 24), (0, top), (bg.get_width(), top), 4)


def draw_poster(bg: pygame.Surface, text: TextCache, rect: tuple[int, int, int, int]) -> None:
    """A faded fight-night poster (generic words only)."""
    poster = pygame.Rect(rect)
    pygame.draw.rect(bg, (196, 180, 150), poster)
    pygame.draw.rect(bg, (150, 40, 36), poster.inflate(-20, -150).move(0, -60))
    for k, line in enumerate(("FIGHT NIGHT", "MAIN EVENT", "15 ROUNDS")):
        text.blit(bg, line, 20 if k == 0 else 15, (poster.centerx, poster.top + 120 +
                  k * 30), (70, 40, 30), True, anchor="center")
    pygame.draw.rect(bg, (120, 110, 100), poster, 2)


def draw_pipe(bg: pygame.Surface, x: int, bottom: int = FLOOR_Y) -> None:
    """A painted standpipe running up the wall."""
    pygame.draw.line(bg, (80, 80, 86), (x, 0), (x, bottom), 14)
    pygame.draw.line(bg, (120, 120, 128), (x - 4, 0), (x - 4, bottom), 3)


def gym_backdrop(text: TextCache, *, window: tuple[int, int, int, int] | None = WINDOW,
                 shaft_foot: tuple[int, int] = (300, 760), poster: tuple | None = POSTER,
                 pipe_x: int | None = PIPE_X, floor_y: int = FLOOR_Y,
                 size: tuple[int, int] = (W, H)) -> pygame.Surface:
    """The gym's wall, window, dawn light, floor, poster and pipe, without the vignette
    (stages draw their props on top, then call `vignette`). Pass None to leave a part out."""
    bg = pygame.Surface(size)
    bg.blit(brick_wall((size[0], floor_y)), (0, 0))
    if window is not None:
        win = draw_window(bg, window)
        draw_light_shaft(bg, win, shaft_foot)
    draw_floor(bg, floor_y)
    if poster is not None:
        draw_poster(bg, text, poster)
    if pipe_x is not None:
        draw_pipe(bg, pipe_x, floor_y)
    return bg


def vignette(bg: pygame.Surface) -> None:
    """Darken the edges in place, the way a dim room falls off toward the corners."""
    w, h = bg.get_size()
    vig = pygame.Surface((w, h), pygame.SRCALPHA)
    for k in range(12):
        pygame.draw.rect(vig, (0, 0, 0, 18), (0, 0, w, h), 90 - k * 7)
    bg.blit(vig, (0, 0))


def finish(surf: pygame.Surface, alpha: bool = False) -> pygame.Surface:
    """convert() once a display exists, so a built layer is a plain fast blit."""
    if pygame.display.get_surface() is None:
        return surf
    return surf.convert_alpha() if alpha else surf.convert()


# -- the ring ------------------------------------------------------------------------------
def draw_ring(bg: pygame.Surface, left: int, right: int, canvas_y: int, depth: int = 70,
              apron_h: int = 90, post_h: int = 150, corners: tuple[Colour, Colour] = (
                  (150, 40, 36), (40, 70, 140))) -> None:
    """The ring seen from its side: the canvas top going back `depth` pixels, the skirted
    apron face from `canvas_y` down `apron_h`, corner posts with padded turnbuckles and
    three ropes. `left`..`right` is the near edge of the canvas."""
    back = canvas_y - depth
    slant = depth // 2
    top = [(left, canvas_y), (right, canvas_y), (right - slant, back), (left + slant, back)]
    # far posts and far ropes first, so the near ones overlap them
    for x, col in ((left + slant, corners[0]), (right - slant, corners[1])):
        pygame.draw.rect(bg, (150, 150, 156), (x - 6, back - post_h + 20, 12, post_h - 20))
        pygame.draw.rect(bg, col, (x - 9, back - post_h + 20, 18, 36), border_radius=5)
    for k in range(3):
        y = back - post_h + 34 + k * 38
        _rope(bg, (left + slant, y), (right - slant, y), (170, 160, 150), 3)
    pygame.draw.polygon(bg, (196, 188, 170), top)                       # the canvas
    pygame.draw.polygon(bg, (176, 168, 150), [(left + 40, canvas_y - 6), (right - 40,
                        canvas_y - 6), (right - slant - 20, back + 6), (left + slant + 20,
                                                                          back + 6)], 2)
    face = pygame.Rect(left, canvas_y, right - left, apron_h)
    pygame.draw.rect(bg, (36, 44, 70), face)                            # the skirt
    pygame.draw.rect(bg, (60, 70, 104), face.inflate(0, -apron_h + 10).move(0, -apron_h // 2 + 10))
    for x in range(left + 30, right, 60):                               # folds in the skirt
        pygame.draw.line(bg, (28, 34, 56), (x, canvas_y + 14), (x + 4, canvas_y + apron_h), 2)
    pygame.draw.line(bg, (230, 224, 210), (left, canvas_y), (right, canvas_y), 4)  # apron edge
    for x, col in ((left, corners[0]), (right, corners[1])):
        pygame.draw.rect(bg, (170, 170, 176), (x - 8, canvas_y - post_h, 16, post_h + 6))
        pygame.draw.rect(bg, col, (x - 12, canvas_y - post_h, 24, 44), border_radius=6)
    for k in range(3):
        y = canvas_y - post_h + 16 + k * 40
        _rope(bg, (left, y), (right, y), (236, 228, 214), 5)


def _rope(bg: pygame.Surface, a: tuple[int, int], b: tuple[int, int], col: Colour,
          width: int) -> None:
    """A rope with a little sag between its posts."""
    n = 16
    pts = [(a[0] + (b[0] - a[0]) * k / n, a[1] + (b[1] - a[1]) * k / n +
            6 * math.sin(math.pi * k / n)) for k in range(n + 1)]
    pygame.draw.lines(bg, col, False, pts, width)


# -- the coach -----------------------------------------------------------------------------
COACH_POSES = ("watch", "call", "point")
COACH_SIZE = (200, 300)


def _coach(pose: str) -> pygame.Surface:
    """The old trainer facing right: flat cap, grey cardigan over a white shirt, a
    stopwatch on a cord. 'watch' has his arms folded, 'call' a hand cupped to his open
    mouth, 'point' an arm out at the work."""
    s = pygame.Surface(COACH_SIZE, pygame.SRCALPHA)
    cx = 96
    skin, skin_d = (206, 160, 130), (170, 124, 98)
    cardigan, cardigan_d = (104, 104, 110), (74, 74, 80)
    trousers = (52, 50, 56)
    # legs and shoes
    pygame.draw.polygon(s, trousers, [(cx - 30, 200), (cx + 30, 200), (cx + 26, 288),
                                      (cx + 6, 288), (cx, 226), (cx - 6, 288), (cx - 26, 288)])
    pygame.draw.ellipse(s, (26, 22, 20), (cx - 34, 282, 34, 14))
    pygame.draw.ellipse(s, (26, 22, 20), (cx + 2, 282, 38, 14))
    # body: a stoop, belly over the belt
    pygame.draw.polygon(s, cardigan, [(cx - 36, 92), (cx + 34, 92), (cx + 44, 150),
                                      (cx + 38, 206), (cx - 34, 206), (cx - 40, 150)])
    pygame.draw.polygon(s, (226, 222, 212), [(cx - 4, 92), (cx + 16, 92), (cx + 12, 150),
                                             (cx + 2, 150)])              # shirt front
    pygame.draw.line(s, cardigan_d, (cx + 14, 96), (cx + 10, 204), 3)
    for y in range(118, 200, 22):
        pygame.draw.circle(s, (60, 56, 52), (cx + 10, y), 3)
    pygame.draw.line(s, (40, 38, 40), (cx + 2, 96), (cx + 22, 150), 1)     # stopwatch cord
    pygame.draw.circle(s, (200, 200, 206), (cx + 22, 156), 8)
    pygame.draw.circle(s, (60, 60, 66), (cx + 22, 156), 8, 2)
    # head: jowls, big nose, cap
    head = (cx + 6, 58)
    pygame.draw.rect(s, skin_d, (cx - 6, 76, 22, 22))                      # neck
    pygame.draw.ellipse(s, skin, (head[0] - 26, head[1] - 30, 54, 62))
    pygame.draw.ellipse(s, skin_d, (head[0] - 22, head[1] + 10, 44, 22))   # jowls
    pygame.draw.ellipse(s, skin, (head[0] - 20, head[1] + 4, 40, 20))
    pygame.draw.ellipse(s, skin_d, (head[0] + 18, head[1] - 6, 16, 20))    # nose
    pygame.draw.circle(s, (40, 30, 30), (head[0] + 12, head[1] - 8), 3)    # eye
    pygame.draw.line(s, (200, 200, 200), (head[0] + 4, head[1] - 16), (head[0] + 18,
                     head[1] - 14), 3)                                      # brow
    mouth = pygame.Rect(head[0] + 8, head[1] + 14, 18, 4)
    if pose == "call":
        mouth = pygame.Rect(head[0] + 8, head[1] + 10, 16, 14)
        pygame.draw.ellipse(s, (70, 20, 20), mouth)
    else:
        pygame.draw.rect(s, (110, 60, 50), mouth)
    pygame.draw.ellipse(s, (84, 80, 78), (head[0] - 30, head[1] - 36, 60, 26))  # cap
    pygame.draw.ellipse(s, (70, 66, 64), (head[0] + 6, head[1] - 22, 40, 12))   # peak
    pygame.draw.ellipse(s, skin_d, (head[0] - 26, head[1] - 4, 12, 18))          # ear
    # arms
    shoulder_f, shoulder_b = (cx + 28, 102), (cx - 28, 102)
    if pose == "watch":
        pygame.draw.polygon(s, cardigan_d, [(cx - 38, 104), (cx - 26, 150), (cx + 40, 146),
                                            (cx + 40, 130), (cx - 18, 128)])
        pygame.draw.polygon(s, cardigan, [(cx + 36, 104), (cx + 44, 140), (cx - 30, 146),
                                          (cx - 30, 130), (cx + 26, 128)])
        pygame.draw.ellipse(s, skin, (cx - 40, 128, 20, 18))
    else:
        pygame.draw.line(s, cardigan_d, shoulder_b, (cx - 40, 170), 20)     # far arm hangs
        pygame.draw.circle(s, skin_d, (cx - 40, 178), 9)
        if pose == "call":
            elbow, hand = (cx + 56, 130), (head[0] + 30, head[1] + 14)
        else:
            elbow, hand = (cx + 70, 104), (cx + 100, 88)
        pygame.draw.line(s, cardigan, shoulder_f, elbow, 20)
        pygame.draw.line(s, cardigan, elbow, hand, 16)
        pygame.draw.circle(s, skin, hand, 10)
        if pose == "point":
            pygame.draw.line(s, skin, hand, (hand[0] + 16, hand[1] - 6), 5)
    return s


def coach_sprites(scale: float = 1.0, facing: str = "right",
                  tint: float = 1.0) -> dict[str, pygame.Surface]:
    """The coach's poses (COACH_POSES), scaled and facing left or right; `tint` < 1 darkens
    him for a back-lit corner. Build once, blit with `draw_coach`."""
    out: dict[str, pygame.Surface] = {}
    for pose in COACH_POSES:
        spr = _coach(pose)
        if scale != 1.0:
            spr = pygame.transform.smoothscale(spr, (round(COACH_SIZE[0] * scale),
                                                     round(COACH_SIZE[1] * scale)))
        if facing == "left":
            spr = pygame.transform.flip(spr, True, False)
        if tint != 1.0:
            v = max(0, min(255, int(255 * tint)))
            spr.fill((v, v, v, 255), special_flags=pygame.BLEND_RGBA_MULT)
        out[pose] = finish(spr, True)
    return out


def draw_coach(canvas: pygame.Surface, sprites: dict[str, pygame.Surface], pose: str,
               midbottom: tuple[int, int]) -> pygame.Rect:
    """Blit the coach standing at `midbottom` in `pose` (unknown poses fall back to
    'watch'); returns where he is, so a view can place his words clear of him."""
    spr = sprites.get(pose) or sprites["watch"]
    rect = spr.get_rect(midbottom=midbottom)
    canvas.blit(spr, rect)
    return rect
