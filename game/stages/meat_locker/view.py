"""The cold room: a side of beef swinging on its hook, breath fogging in blue light.

The beef is a damped pendulum driven by the hits (a sum of decaying sines, one per impulse),
so its pose is a pure function of the events and the time: shots and golden frames agree.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import pygame

from game.core.events import Call, GameEvent, Hit, Miss, Stray
from game.core.level import Cue, Level
from game.core.stage import StageInfo
from game.gfx.draw import additive_glow, damped, lerp_colour, radial_glow, vertical_gradient
from game.gfx.keycap import Keycaps
from game.gfx.stage_view import H, StageView, W
from game.stages.meat_locker import ComboResult, MeatLockerSnapshot, punch_number

Colour = tuple[int, int, int]

PIVOT = (640, 46)            # where the big hook hangs from its trolley
MEAT_W, MEAT_H = 230, 372    # the side of beef before any pose
HOOK_H = 44
SWING_MAX, SWING_STEP = 18.0, 2.0
DEPTHS = (-0.5, 0.0, 0.5, 1.0)  # toward the viewer .. pushed far back
FREQ, DECAY = 0.62, 0.9      # pendulum: a heavy thing, slow to settle
FOG: Colour = (120, 140, 160)
LEFT_REST, RIGHT_REST = (450, 548), (830, 548)
FIST_SCALES = (1.0, 0.86, 0.74)
SHOULDERS = {"straight": (300, H + 60), "hook": (600, 600), "upper": (240, H + 90)}
STRIP_Y = 474

# What each punch does to the beef: (swing degrees, push back, lift px) per unit strength,
# and where it lands on the beef: (fraction of its length, sideways px).
IMPULSE = {
    "jab": ((0.9, 0.55, 0.0), (0.52, -30)),
    "cross": ((-1.2, 0.8, 0.0), (0.55, 30)),
    "lead_hook": ((9.0, 0.08, 0.0), (0.46, -92)),
    "rear_hook": ((-10.0, 0.1, 0.0), (0.48, 92)),
    "lead_uppercut": ((1.0, 0.25, 26.0), (0.78, -36)),
    "rear_uppercut": ((-1.2, 0.3, 30.0), (0.78, 36)),
}
STRENGTH = {"perfect": 1.0, "great": 0.85, "good": 0.65}


@dataclass(frozen=True)
class Pose:
    swing: float   # degrees, + swings the bottom to the right
    push: float    # + the bottom swings away from us, - toward us
    lift: float    # px the beef jumps up on its hook


@dataclass(frozen=True)
class Punch:
    time: float
    action: str
    landed: bool
    strength: float


def _finish(surf: pygame.Surface, alpha: bool = True) -> pygame.Surface:
    if pygame.display.get_surface() is None:
        return surf
    return surf.convert_alpha() if alpha else surf.convert()


def _smooth_noise(shape: tuple[int, int], scale: int, rng: np.random.Generator) -> np.ndarray:
    """Blobby noise in 0..1: coarse random grid, upsampled bilinearly."""
    w, h = shape
    gw, gh = w // scale + 2, h // scale + 2
    g = rng.random((gw, gh))
    xs = np.linspace(0, gw - 1.001, w)
    ys = np.linspace(0, gh - 1.001, h)
    x0, y0 = xs.astype(int), ys.astype(int)
    fx, fy = (xs - x0)[:, None], (ys - y0)[None, :]
    a = g[x0][:, y0]
    b = g[x0 + 1][:, y0]
    c = g[x0][:, y0 + 1]
    d = g[x0 + 1][:, y0 + 1]
    return (a * (1 - fx) * (1 - fy) + b * fx * (1 - fy) + c * (1 - fx) * fy + d * fx * fy)


def _smoothstep(x: np.ndarray) -> np.ndarray:
    x = np.clip(x, 0.0, 1.0)
    return x * x * (3 - 2 * x)


def beef_surface(width: int, height: int, seed: int = 4) -> pygame.Surface:
    """A side of beef hung by the hind shank, seen from its cut side: the round on top, the
    ribs low down, white fat along the outer edge and the split spine along the inner one."""
    rng = np.random.default_rng(seed)
    ys = np.linspace(0.0, 1.0, height)
    knots = (0.0, 0.05, 0.12, 0.2, 0.3, 0.4, 0.5, 0.6, 0.75, 0.88, 0.96, 1.0)
    left = np.interp(ys, knots, (0.42, 0.35, 0.19, 0.06, 0.04, 0.13, 0.19, 0.17, 0.14, 0.15, 0.26,
                                 0.46))
    right = np.interp(ys, knots, (0.56, 0.6, 0.65, 0.71, 0.75, 0.78, 0.8, 0.82, 0.84, 0.86,
                                  0.86, 0.84))
    kernel = np.hanning(31) / np.hanning(31).sum()
    left = np.convolve(np.pad(left, 15, mode="edge"), kernel, "valid")
    right = np.convolve(np.pad(right, 15, mode="edge"), kernel, "valid")
    xs = np.linspace(0.0, 1.0, width)[:, None]
    lf, rt = left[None, :], right[None, :]
    u = (xs - lf) / np.maximum(rt - lf, 1e-3)             # 0 outer (fat) edge .. 1 spine
    edge_px = np.minimum(xs - lf, rt - xs) * width
    yy = ys[None, :] * height
    y = ys[None, :]
    cut = (0.9 + 0.1 * np.clip(u, 0, 1) - y) * height       # the saw cut slants across
    alpha = np.clip(np.minimum(edge_px, cut) + 0.5, 0, 1)

    grain = _smooth_noise((width, height), 4, rng)
    blotch = _smooth_noise((width, height), 26, rng)
    meat = np.array([122, 30, 36], float)
    deep = np.array([74, 12, 24], float)
    fleck = np.array([200, 150, 150], float)
    fat = np.array([222, 212, 196], float)
    bone = np.array([226, 220, 204], float)
    col = meat * (0.75 + 0.35 * blotch[:, :, None]) + (deep - meat) * (0.4 * grain[:, :, None])
    marbling = _smoothstep((grain - 0.8) / 0.08) * _smoothstep((0.5 - y) / 0.1) * 0.45
    col += (fleck - col) * marbling[:, :, None]
    # ribs curving across the cut face, pale bone under a film of meat
    slope = (1 - u) * 70 + 16 * np.sin(u * math.pi)         # down and out from the spine
    rib = _smoothstep((np.sin((yy - slope) / 30 * 2 * math.pi) - 0.2) / 0.6)
    rib *= _smoothstep((y - 0.5) / 0.06) * _smoothstep((u - 0.2) / 0.1) * (u < 0.87)
    col += (np.array([196, 156, 148], float) - col) * (rib * 0.75)[:, :, None]
    col *= (1 - 0.25 * _smoothstep((y - 0.5) / 0.06) * (1 - rib) * (u > 0.25))[:, :, None]
    # kidney suet: a lump of white fat on the inside of the loin
    suet = _smoothstep(1 - np.hypot((u - 0.66) / 0.2, (y - 0.44) / 0.07))
    col += (fat * 0.85 - col) * (suet * 0.6 * (0.6 + 0.4 * blotch))[:, :, None]
    # fat cap along the outer edge, thicker on the round
    thick = 0.16 + 0.08 * np.sin(ys * 7.0)[None, :] + 0.1 * _smoothstep((0.4 - y) / 0.2)
    fat_mix = _smoothstep((thick - u) / 0.06) * (0.9 + 0.1 * grain)
    col += (fat * (0.88 + 0.12 * blotch[:, :, None]) - col) * fat_mix[:, :, None]
    # the split spine: vertebrae knobs with dark joints, from the loin down
    spine = _smoothstep((u - 0.86) / 0.03) * _smoothstep((y - 0.3) / 0.04)
    knob = np.abs(np.sin(yy / 22 * math.pi)) ** 0.7
    vert = bone * (0.7 + 0.3 * knob[:, :, None]) * (0.55 + 0.45 * np.sin(
        np.clip((u - 0.86) / 0.14, 0, 1) * math.pi)[:, :, None])
    col += (vert - col) * (spine * (0.3 + 0.7 * knob))[:, :, None]
    # the hock: bone end at the top where the hook goes through
    hock = _smoothstep(1 - np.hypot((u - 0.5) / 0.4, (y - 0.02) / 0.035))
    col += (bone - col) * hock[:, :, None]
    # round shading, light from above, a cold blue rim on the outer edge
    shade = (0.5 + 0.5 * np.sin(np.clip(u, 0, 1) * math.pi) ** 0.5) * (1.08 - 0.32 * y)
    col = col * shade[:, :, None]
    rim = np.clip(1 - (xs - lf) * width / 6, 0, 1)[:, :, None]
    col += (np.array([160, 196, 230], float) - col) * rim * 0.45
    frost = _smoothstep((rng.random((width, height)) - 0.996) / 0.003) * 0.45
    col += (np.array([225, 235, 245], float) - col) * frost[:, :, None]
    col = col * np.array([0.86, 0.9, 1.0])[None, None, :]     # the cold light
    surf = pygame.Surface((width, height), pygame.SRCALPHA)
    pygame.surfarray.blit_array(surf, np.clip(col, 0, 255).astype(np.uint8))
    a = pygame.surfarray.pixels_alpha(surf)
    a[:, :] = (alpha * 255).astype(np.uint8)
    del a
    return surf


def hook_and_beef(meat: pygame.Surface) -> pygame.Surface:
    """The meat hanging from a steel hook whose eye is at the top centre (the pivot), right
    above the meat's centre of mass, so at rest it hangs plumb."""
    w, h = meat.get_size()
    a = pygame.surfarray.array_alpha(meat).astype(float)
    mass_x = int(round((a.sum(axis=1) * np.arange(w)).sum() / max(1.0, a.sum())))
    half = max(mass_x, w - mass_x)
    s = pygame.Surface((2 * half, h + HOOK_H), pygame.SRCALPHA)
    cx = half
    s.blit(meat, (half - mass_x, HOOK_H - 6))
    steel, hi = (120, 130, 142), (200, 212, 224)
    pygame.draw.circle(s, steel, (cx, 6), 6, 3)
    pygame.draw.line(s, steel, (cx, 11), (cx, HOOK_H - 2), 5)
    pygame.draw.line(s, hi, (cx - 1, 12), (cx - 1, HOOK_H - 4), 1)
    pygame.draw.arc(s, steel, (cx - 2, HOOK_H - 16, 26, 26), math.pi, 2 * math.pi, 5)
    pygame.draw.line(s, steel, (cx + 22, HOOK_H - 4), (cx + 20, HOOK_H + 8), 4)
    return s


def glove_surface(size: int = 124) -> pygame.Surface:
    """A worn leather bag glove from behind (right hand, thumb inside; the left mirrors it)."""
    s = pygame.Surface((size, size), pygame.SRCALPHA)
    k = size / 124
    body = pygame.Rect(int(10 * k), int(6 * k), int(104 * k), int(86 * k))
    pygame.draw.ellipse(s, (40, 16, 12), body.inflate(6, 6))
    pygame.draw.ellipse(s, (122, 40, 30), body)
    pygame.draw.ellipse(s, (150, 58, 42), body.inflate(-26 * k, -30 * k).move(-8 * k, -10 * k))
    pygame.draw.ellipse(s, (188, 92, 70), (int(30 * k), int(16 * k), int(34 * k), int(14 * k)))
    thumb = pygame.Rect(int(4 * k), int(40 * k), int(34 * k), int(46 * k))
    pygame.draw.ellipse(s, (104, 34, 26), thumb)
    cuff = pygame.Rect(int(30 * k), int(80 * k), int(66 * k), int(40 * k))
    pygame.draw.rect(s, (40, 16, 12), cuff.inflate(4, 2), border_radius=int(10 * k))
    pygame.draw.rect(s, (104, 34, 26), cuff, border_radius=int(9 * k))     # laced cuff
    pygame.draw.line(s, (150, 60, 44), (cuff.left + 6, cuff.top + 4), (cuff.left + 6,
                     cuff.bottom - 6), 2)
    for j in range(4):
        y = cuff.top + 8 + j * 8 * k
        pygame.draw.line(s, (226, 220, 206), (cuff.centerx - 6 * k, y),
                         (cuff.centerx + 6 * k, y + 5 * k), 2)
        pygame.draw.line(s, (226, 220, 206), (cuff.centerx + 6 * k, y),
                         (cuff.centerx - 6 * k, y + 5 * k), 2)
    return s


def puff_frames(count: int = 8) -> list[pygame.Surface]:
    """Breath in cold air: a soft cloud growing and thinning as it drifts."""
    out = []
    rng = np.random.default_rng(11)
    blobs = [(rng.uniform(-0.5, 0.5), rng.uniform(-0.3, 0.3), rng.uniform(0.45, 0.8))
             for _ in range(6)]
    for k in range(count):
        age = k / (count - 1)
        r = int(26 + 70 * age)
        d = r * 2
        yy, xx = np.mgrid[0:d, 0:d].astype(float)
        a = np.zeros((d, d))
        for bx, by, br in blobs:
            cx, cy = r + bx * r * 0.8, r + by * r * 0.6
            rr = np.sqrt((xx - cx) ** 2 + (yy - cy) ** 2) / (br * r)
            a = np.maximum(a, np.clip(1 - rr, 0, 1) ** 1.6)
        a = a * 150 * (1 - age) ** 1.3
        surf = pygame.Surface((d, d), pygame.SRCALPHA)
        surf.fill((225, 235, 245, 0))
        al = pygame.surfarray.pixels_alpha(surf)
        al[:, :] = np.clip(a.T, 0, 255).astype(np.uint8)
        del al
        out.append(_finish(surf))
    return out


class MeatLockerView(StageView):
    cue_track_y = 620
    rest_anchor = (1050, 330)     # over the right-hand rail, clear of the beef and the coach

    def __init__(self, level: Level, stage: StageInfo, cues: tuple[Cue, ...], text,
                 reduced_motion: bool = False):
        super().__init__(level, stage, cues, text, reduced_motion)
        self.meat = beef_surface(MEAT_W, MEAT_H)
        self.background = self._build_background()
        self.sprites = self._build_sprites()
        glove = glove_surface()
        self.gloves = self._build_gloves(glove)
        self.puffs = puff_frames()
        self.small_puffs = [_finish(pygame.transform.rotozoom(p, 0, 0.32)) for p in self.puffs]
        self.glint = additive_glow(46, (150, 190, 240), 0.9)
        self.punches: list[Punch] = []
        self.results: dict[int, str] = {}          # cue index -> judgement
        self.landed_at: dict[int, float] = {}      # combo group -> when it landed
        self.last_call = -99.0
        self.keycaps = Keycaps(text)

    # -- building once ------------------------------------------------------------------
    def _build_sprites(self) -> list[list[tuple[pygame.Surface, tuple[int, int]]]]:
        """[depth][swing] -> (sprite, its top-left relative to the pivot)."""
        base = hook_and_beef(self.meat)
        w, h = base.get_size()
        n = int(2 * SWING_MAX / SWING_STEP) + 1
        table = []
        for depth in DEPTHS:
            scale = 1.0 - 0.08 * depth
            squash = 1.0 - 0.2 * abs(depth)
            body = pygame.transform.smoothscale(base, (int(w * scale), int(h * scale * squash)))
            light = 1.0 - 0.22 * max(0.0, depth) + 0.08 * max(0.0, -depth)
            body.fill((min(255, int(255 * light)),) * 3 + (255,),
                      special_flags=pygame.BLEND_RGBA_MULT)
            bw, bh = body.get_size()
            padded = pygame.Surface((bw, bh * 2), pygame.SRCALPHA)
            padded.blit(body, (0, bh))                  # the pivot is now the centre
            row = []
            for k in range(n):
                angle = -SWING_MAX + k * SWING_STEP
                rot = pygame.transform.rotate(padded, angle)
                box = rot.get_bounding_rect()
                spr = rot.subsurface(box).copy()
                cx, cy = rot.get_width() / 2, rot.get_height() / 2
                row.append((_finish(spr), (int(box.x - cx), int(box.y - cy))))
            table.append(row)
        return table

    def _build_gloves(self, glove: pygame.Surface) -> dict[tuple[str, str, int], pygame.Surface]:
        """(hand, form, scale index) -> sprite; forms: straight, hook, upper."""
        out: dict[tuple[str, str, int], pygame.Surface] = {}
        for hand in ("left", "right"):
            g = glove if hand == "right" else pygame.transform.flip(glove, True, False)
            side = 1 if hand == "left" else -1
            for form, angle in (("straight", 0), ("hook", -68 * side), ("upper", 16 * side)):
                for k, sc in enumerate(FIST_SCALES):
                    spr = pygame.transform.rotozoom(g, angle, sc)
                    out[(hand, form, k)] = _finish(spr)
        return out

    def _build_background(self) -> pygame.Surface:
        bg = pygame.Surface((W, H))
        vx = 640                                  # the vanishing point is (640, 236)
        back = pygame.Rect(388, 96, 504, 300)     # the far wall
        # ceiling, walls, floor as perspective planes
        ceil = vertical_gradient((W, back.top + 1), [(0, (14, 18, 26)), (1, (40, 50, 62))])
        bg.blit(ceil, (0, 0))
        floor = vertical_gradient((W, H - back.bottom), [(0, (70, 84, 96)), (0.35, (44, 52, 62)),
                                                         (1, (20, 24, 30))])
        bg.blit(floor, (0, back.bottom))
        wall_l = [(0, 0), (back.left, back.top), (back.left, back.bottom), (0, H)]
        wall_r = [(W, 0), (back.right, back.top), (back.right, back.bottom), (W, H)]
        pygame.draw.polygon(bg, (52, 64, 78), wall_l)
        pygame.draw.polygon(bg, (48, 60, 74), wall_r)
        ceiling = [(0, 0), (W, 0), (back.right, back.top), (back.left, back.top)]
        pygame.draw.polygon(bg, (26, 32, 42), ceiling)
        # insulated panels on the side walls: seams converge on the vanishing point
        for k in range(9):
            f = (k / 8) ** 1.7
            xl = int(back.left * f)
            top = int(back.top * f)
            bot = int(H - (H - back.bottom) * f)
            for x, col in ((xl, (36, 46, 58)), (W - xl, (34, 42, 54))):
                pygame.draw.line(bg, col, (x, top if x < vx else top),
                                 (x, bot), 3)
                pygame.draw.line(bg, (74, 90, 106), (x + (2 if x < vx else -2), top + 3),
                                 (x + (2 if x < vx else -2), bot - 3), 1)
        for frac in (0.22, 0.78):                 # a steel rub rail along each wall
            yl0, yl1 = int(frac * H), int(back.top + frac * back.height)
            pygame.draw.line(bg, (86, 100, 114), (0, yl0), (back.left, yl1), 4)
            pygame.draw.line(bg, (86, 100, 114), (W, yl0), (back.right, yl1), 4)
        # the far wall: panels, the cooling unit, a door ajar with warm light, the coach
        pygame.draw.rect(bg, (58, 70, 84), back)
        for x in range(back.left, back.right, 42):
            pygame.draw.line(bg, (44, 54, 66), (x, back.top), (x, back.bottom), 2)
        unit = pygame.Rect(back.left + 40, back.top + 10, 230, 58)
        pygame.draw.rect(bg, (84, 96, 108), unit, border_radius=4)
        for k in range(3):
            c = (unit.left + 40 + k * 75, unit.centery)
            pygame.draw.circle(bg, (34, 40, 48), c, 22)
            for a in range(0, 360, 30):
                r = math.radians(a)
                pygame.draw.line(bg, (70, 80, 92), c, (c[0] + 21 * math.cos(r),
                                                       c[1] + 21 * math.sin(r)), 1)
            pygame.draw.circle(bg, (100, 112, 124), c, 22, 2)
        for k in range(16):                       # frost on the coils
            pygame.draw.line(bg, (190, 210, 226), (unit.left + 6 + k * 14, unit.bottom),
                             (unit.left + 6 + k * 14, unit.bottom + 4 + (k * 7) % 9), 2)
        door = pygame.Rect(back.right - 170, back.top + 74, 120, back.bottom - back.top - 74)
        gap = door.copy()
        gap.width = 44
        light = vertical_gradient(gap.size, [(0, (250, 196, 120)), (1, (200, 130, 70))])
        bg.blit(light, gap)
        pygame.draw.rect(bg, (120, 132, 140), door.move(40, 0).inflate(-40, 0))
        pygame.draw.rect(bg, (88, 98, 106), door.move(40, 0).inflate(-40, 0), 3)
        pygame.draw.rect(bg, (60, 62, 66), (door.right - 6, door.centery - 30, 14, 60))
        spill = pygame.Surface((W, H), pygame.SRCALPHA)
        for k in range(6):
            pygame.draw.polygon(spill, (255, 180, 100, 7), [(gap.left, gap.bottom),
                                (gap.right, gap.bottom), (gap.right + 60 + k * 26, 470 + k * 30),
                                (gap.left - 10 - k * 10, 470 + k * 30)])
        bg.blit(spill, (0, 0))
        self._coach(bg, (gap.centerx + 2, gap.bottom))
        self.coach_mouth = (gap.centerx + 12, gap.bottom - 140)
        # strip curtain by the door
        for k in range(7):
            x = door.left - 66 + k * 9
            pygame.draw.line(bg, (150, 170, 184), (x, door.top), (x + (k % 2), door.bottom), 6)
            pygame.draw.line(bg, (196, 214, 226), (x - 2, door.top), (x - 2, door.bottom), 1)
        # the sign and the thermometer sit low on the wall, left of the beef: the band from
        # y 160 to 225 across the middle is where the HUD shows the coach's call
        sign = (back.left + 86, back.top + 176)
        self.text.blit(bg, "COLD STORAGE  2", 15, sign, (196, 70, 56), True, anchor="center")
        self.text.blit(bg, "KEEP DOOR CLOSED", 11, (sign[0], sign[1] + 20), (170, 180, 188),
                       True, anchor="center")
        dial = (sign[0], sign[1] + 60)            # thermometer: below freezing
        pygame.draw.circle(bg, (210, 210, 200), dial, 16)
        pygame.draw.circle(bg, (60, 60, 64), dial, 16, 2)
        pygame.draw.line(bg, (180, 40, 30), dial, (dial[0] - 8, dial[1] + 10), 2)
        # meat rails along the ceiling, with sides of beef receding into the fog
        far_meat = self.meat
        for rail_x in (250, 1030):
            fx = vx + (rail_x - vx) * 0.36
            pygame.draw.line(bg, (96, 106, 118), (rail_x, 20), (fx, back.top + 2), 6)
            pygame.draw.line(bg, (150, 160, 170), (rail_x, 16), (fx, back.top), 2)
            for k, z in enumerate((0.92, 0.74, 0.56, 0.38)):
                s = 0.24 + 0.5 * z ** 1.6
                x = vx + (rail_x - vx) * (0.36 + 0.64 * z ** 1.3)
                y = back.top + (20 - back.top) * z ** 1.3
                size = (int(MEAT_W * s), int(MEAT_H * s))
                side = pygame.transform.smoothscale(far_meat, size)
                if (k + (rail_x > vx)) % 2:
                    side = pygame.transform.flip(side, True, False)
                side = _fog_tint(side, FOG, min(0.85, (1 - z) * 0.9 + 0.12),
                                 dark=0.55 + 0.3 * (1 - z))
                hook = int(30 * s)
                pygame.draw.line(bg, (110, 120, 130), (x, y), (x, y + hook), max(1, int(4 * s)))
                bg.blit(side, (x - size[0] // 2, y + hook - 2))
        pygame.draw.line(bg, (96, 106, 118), (640, 0), (vx, back.top), 5)  # centre rail
        pygame.draw.rect(bg, (70, 78, 88), (PIVOT[0] - 24, PIVOT[1] - 24, 48, 16),
                         border_radius=3)                                # our trolley
        pygame.draw.circle(bg, (140, 150, 160), (PIVOT[0] - 12, PIVOT[1] - 26), 7, 2)
        pygame.draw.circle(bg, (140, 150, 160), (PIVOT[0] + 12, PIVOT[1] - 26), 7, 2)
        pygame.draw.line(bg, (120, 130, 140), (PIVOT[0], PIVOT[1] - 10), PIVOT, 4)
        # caged lamps: cold light pooling on the fog and the wet floor
        for lx, ly, r in ((420, 150, 200), (860, 150, 200), (640, 118, 150)):
            pygame.draw.line(bg, (30, 34, 40), (lx, 0 if ly > 130 else 0), (lx, ly - 12), 2)
            bg.blit(additive_glow(r, (70, 100, 130), 0.9), (lx - r, ly - r),
                    special_flags=pygame.BLEND_RGB_ADD)
            pygame.draw.circle(bg, (230, 240, 250), (lx, ly), 8)
            for a in (-6, 0, 6):
                pygame.draw.line(bg, (60, 66, 74), (lx + a, ly - 10), (lx + a * 1.6, ly + 10), 1)
            pool = radial_glow(170, (130, 160, 190), 0.35)
            pool = pygame.transform.smoothscale(pool, (420, 70))
            bg.blit(pool, (lx - 210 + (lx - 640) * 0.4, 560 + (ly - 150) // 3))
        # floor: drain, wet streaks, sawdust, a few dark stains
        rng = np.random.default_rng(5)
        pygame.draw.ellipse(bg, (16, 18, 22), (590, 600, 100, 26))
        for k in range(6):
            pygame.draw.line(bg, (40, 46, 52), (598 + k * 16, 603), (598 + k * 16, 622), 2)
        for _ in range(260):
            x, y = int(rng.uniform(0, W)), int(rng.uniform(back.bottom + 10, H))
            c = int(rng.uniform(60, 110))
            bg.set_at((x, y), (c + 30, c + 20, c))
        # haze: thicker at the back and low down
        haze = pygame.Surface((W, H), pygame.SRCALPHA)
        yy = np.linspace(0, 1, H)
        band = np.clip(1 - np.abs(yy - 0.5) / 0.35, 0, 1) ** 1.5 * 70
        arr = np.broadcast_to(band[None, :], (W, H))
        xs = np.abs(np.linspace(-1, 1, W))[:, None]
        a = np.clip(arr * (1.2 - xs), 0, 255).astype(np.uint8)
        haze.fill((*FOG, 0))
        al = pygame.surfarray.pixels_alpha(haze)
        al[:, :] = a
        del al
        bg.blit(haze, (0, 0))
        # frost creeping in from the edges, and a vignette
        px = pygame.surfarray.pixels3d(bg)
        blob = _smooth_noise((W, H), 18, rng) * 0.6 + _smooth_noise((W, H), 5, rng) * 0.4
        xn = np.abs(np.linspace(-1, 1, W))[:, None]
        yn = np.linspace(0, 1, H)[None, :]
        edge = np.clip((xn - 0.7) / 0.3, 0, 1) ** 1.5 + np.clip((0.12 - yn) / 0.12, 0, 1) * 0.6
        frost = _smoothstep((blob * 0.5 + edge - 0.75) / 0.3)[:, :, None] * 0.35
        frost += (rng.random((W, H, 1)) > 0.997) * frost * 1.5            # glints of ice
        grain = rng.normal(0.0, 5.0, (W, H, 1))                            # film grain
        out = px * (1 - frost) + np.array([176, 198, 214]) * np.minimum(frost, 1) + grain
        px[:] = np.clip(out, 0, 255).astype(np.uint8)
        yy2, xx2 = np.mgrid[0:H, 0:W]
        r = np.sqrt(((xx2 - 640) / 760.0) ** 2 + ((yy2 - 330) / 470.0) ** 2)
        vig = np.clip(1.15 - r * 0.75, 0.35, 1.0).T[:, :, None]
        px[:] = (px * vig).astype(np.uint8)
        del px
        return _finish(bg, alpha=False)

    @staticmethod
    def _coach(bg: pygame.Surface, feet: tuple[int, int]) -> None:
        """The coach in the doorway: flat cap, overcoat, hands in pockets."""
        x, y = feet
        dark = (22, 20, 24)
        pygame.draw.polygon(bg, dark, [(x - 20, y), (x - 18, y - 70), (x - 22, y - 118),
                                       (x - 12, y - 132), (x + 12, y - 132), (x + 22, y - 118),
                                       (x + 18, y - 70), (x + 20, y)])
        pygame.draw.circle(bg, dark, (x, y - 142), 11)
        pygame.draw.ellipse(bg, dark, (x - 15, y - 156, 30, 10))
        pygame.draw.line(bg, (230, 170, 100), (x + 21, y - 118), (x + 19, y - 70), 1)

    # -- reacting -----------------------------------------------------------------------
    def on_event(self, event: GameEvent) -> None:
        if isinstance(event, Hit):
            strength = STRENGTH.get(event.judgement.value, 0.6)
            self.punches.append(Punch(event.time, event.action, True, strength))
            self.results[event.cue.index] = event.judgement.value
        elif isinstance(event, Miss):
            self.results[event.cue.index] = event.judgement.value
            if event.action:
                self.punches.append(Punch(event.time, event.action, False, 0.0))
        elif isinstance(event, Stray) and event.action in IMPULSE:
            self.punches.append(Punch(event.time, event.action, False, 0.0))
        elif isinstance(event, ComboResult) and event.landed:
            self.landed_at[event.group] = event.time
        elif isinstance(event, Call):
            self.last_call = event.time
        if len(self.punches) > 24:
            del self.punches[:-24]

    # -- the pendulum -------------------------------------------------------------------
    def pose(self, t: float) -> Pose:
        swing = push = lift = 0.0
        for p in self.punches:
            dt = t - p.time
            if not p.landed or dt < 0 or dt > 8.0:
                continue
            (sw, pu, li), _ = IMPULSE[p.action]
            osc = damped(dt, FREQ, DECAY)
            swing += sw * p.strength * osc
            push += pu * p.strength * osc
            lift += li * p.strength * damped(dt, 1.6, 3.2)
        if self.reduced_motion:
            swing, push, lift = swing * 0.4, push * 0.4, lift * 0.4
        return Pose(max(-SWING_MAX, min(SWING_MAX, swing)), max(-0.5, min(1.0, push)),
                    max(0.0, lift))

    def _beef_point(self, pose: Pose, along: float, side: float) -> tuple[float, float]:
        """Screen position of a point on the beef (fraction of its length, px sideways)."""
        a = math.radians(pose.swing)
        length = (HOOK_H + MEAT_H * along) * (1 - 0.2 * abs(pose.push))
        x = PIVOT[0] + math.sin(a) * length + math.cos(a) * side
        y = PIVOT[1] - pose.lift + math.cos(a) * length - math.sin(a) * side
        return x, y

    # -- per frame ----------------------------------------------------------------------
    def draw(self, canvas: pygame.Surface, t: float, snap: MeatLockerSnapshot | None
             ) -> Iterator[None]:
        pose = self.pose(t)
        shake = 0
        last = self.punches[-1] if self.punches else None
        if (last and last.landed and not self.reduced_motion and 0 <= t - last.time < 0.05
                and last.action in ("cross", "rear_hook", "rear_uppercut")):
            shake = 2
        canvas.blit(self.background, (0, shake))
        self._draw_coach_breath(canvas, t)
        yield
        self._draw_beef(canvas, pose)
        self._draw_impacts(canvas, t, pose)
        yield
        self._draw_fists(canvas, t, pose)
        self._draw_breath(canvas, t)
        self._draw_strip(canvas, t, snap)

    def _draw_beef(self, canvas: pygame.Surface, pose: Pose) -> None:
        d = min(range(len(DEPTHS)), key=lambda k: abs(DEPTHS[k] - pose.push))
        k = int(round((pose.swing + SWING_MAX) / SWING_STEP))
        spr, (ox, oy) = self.sprites[d][k]
        # its shadow on the wet floor follows the swing
        bx, _ = self._beef_point(pose, 1.0, 0)
        sw = int(220 - 60 * abs(pose.push))
        pygame.draw.ellipse(canvas, (18, 20, 26), (bx - sw // 2, 578, sw, 22))
        canvas.blit(spr, (PIVOT[0] + ox, PIVOT[1] + oy - int(pose.lift)))

    def _draw_impacts(self, canvas: pygame.Surface, t: float, pose: Pose) -> None:
        """A cold flash, frost shaken loose and the thud echoing round the room."""
        for p in self.punches[-4:]:
            dt = t - p.time
            if not p.landed or not 0 <= dt < 0.9:
                continue
            _, (along, side) = IMPULSE[p.action]
            x, y = self._beef_point(pose, along, side * 0.7)
            if dt < 0.09:
                canvas.blit(self.glint, (x - 46, y - 46), special_flags=pygame.BLEND_RGB_ADD)
            if not self.reduced_motion:
                for echo in range(3):                     # the room answers, fainter each time
                    e = dt - echo * 0.16
                    if 0 <= e < 0.4:
                        rw, rh = int(30 + e * 360), int(12 + e * 130)
                        f = (1 - e / 0.4) ** 1.5 * (1 - echo * 0.3) * p.strength
                        col = lerp_colour((52, 62, 76), (150, 180, 210), f)
                        pygame.draw.ellipse(canvas, col, (x - rw, y - rh, 2 * rw, 2 * rh), 1)
                seed = int(p.time * 1000)
                for k in range(9):                        # frost flakes falling
                    a = ((seed * 31 + k * 97) % 360) / 57.3
                    vx = math.cos(a) * (50 + (k * 23) % 60)
                    px = x + vx * dt
                    py = y + math.sin(a) * 40 * dt + 260 * dt * dt
                    if py < 600:
                        c = lerp_colour((60, 70, 80), (235, 242, 250), 1 - dt / 0.9)
                        pygame.draw.circle(canvas, c, (px, py), 2)

    def _fist_state(self, hand: str, t: float, pose: Pose
                    ) -> tuple[float, float, str, int, bool]:
        """Where a fist is: x, y, form, scale index, and whether it is whiffing."""
        rest = LEFT_REST if hand == "left" else RIGHT_REST
        side = -1 if hand == "left" else 1
        for p in reversed(self.punches):
            if (p.action in ("jab", "lead_hook", "lead_uppercut")) != (hand == "left"):
                continue
            dt = t - p.time
            if not 0 <= dt < 0.24:
                break
            k = 1.0 if dt < 0.07 else (1 - (dt - 0.07) / 0.17) ** 1.5
            _, (along, lateral) = IMPULSE[p.action]
            tx, ty = self._beef_point(pose, along, lateral)
            if not p.landed:                              # a whiff sails past the beef
                across = "hook" in p.action              # a hook sweeps across in front
                tx += (-side if across else side) * 170
                ty += 40
            form = ("hook" if "hook" in p.action else
                    "upper" if "uppercut" in p.action else "straight")
            if form == "hook":                            # wide loop in from the side
                cx, cy = rest[0] + side * 210, rest[1] - 150
            elif form == "upper":                         # scoop up from below
                cx, cy = rest[0] - side * 30, rest[1] + 60
            else:
                cx, cy = (rest[0] + tx) / 2, (rest[1] + ty) / 2
            u = k
            x = (1 - u) ** 2 * rest[0] + 2 * (1 - u) * u * cx + u * u * tx
            y = (1 - u) ** 2 * rest[1] + 2 * (1 - u) * u * cy + u * u * ty
            scale = min(len(FIST_SCALES) - 1, int(k * len(FIST_SCALES)))
            return x, y, form if k > 0.3 else "straight", scale, not p.landed
        bob = 0.0 if self.reduced_motion else 5 * math.sin(
            t * math.pi * self.level.bpm / 60.0 + (0 if hand == "left" else math.pi))
        return rest[0], rest[1] + bob, "straight", 0, False

    def _draw_fists(self, canvas: pygame.Surface, t: float, pose: Pose) -> None:
        for hand in ("left", "right"):
            x, y, form, sc, whiff = self._fist_state(hand, t, pose)
            side = -1 if hand == "left" else 1
            sx, sy = SHOULDERS[form]
            shoulder = (640 + side * sx, sy)
            wrist = (x - side * 4, y + 40 * FIST_SCALES[sc])
            self._draw_sleeve(canvas, shoulder, wrist, 44 * FIST_SCALES[sc], side)
            spr = self.gloves[(hand, form, sc)]
            canvas.blit(spr, spr.get_rect(center=(x, y)))
            if whiff:
                side = -1 if hand == "left" else 1
                for k in range(3):
                    r = pygame.Rect(0, 0, 150 + k * 30, 90 + k * 20)
                    r.center = (int(x - side * 40), int(y + 10))
                    pygame.draw.arc(canvas, (200, 214, 230), r, 0.4 + 1.4 * (side < 0),
                                    1.6 + 1.4 * (side < 0), 2)

    @staticmethod
    def _draw_sleeve(canvas: pygame.Surface, shoulder: tuple[float, float],
                     wrist: tuple[float, float], half: float, side: int) -> None:
        """A grey sweatshirt sleeve from off-screen to the wrist, shaded like a cylinder."""
        dx, dy = wrist[0] - shoulder[0], wrist[1] - shoulder[1]
        n = math.hypot(dx, dy) or 1.0
        nx, ny = -dy / n, dx / n                          # across the arm
        wide = 150.0

        def band(a: float, b: float, col: Colour) -> None:
            pygame.draw.polygon(canvas, col, [
                (shoulder[0] + nx * wide * a, shoulder[1] + ny * wide * a),
                (shoulder[0] + nx * wide * b, shoulder[1] + ny * wide * b),
                (wrist[0] + nx * half * b, wrist[1] + ny * half * b),
                (wrist[0] + nx * half * a, wrist[1] + ny * half * a)])

        lit = -side                                       # the lamp is above, in the middle
        band(-1, 1, (34, 36, 42))
        band(-0.75 * lit, 0.45 * lit, (66, 68, 78))
        band(0.05 * lit, 0.35 * lit, (96, 98, 108))
        for k in (0.08, 0.16):                            # ribbed cuff at the wrist
            cx, cy = wrist[0] - dx * k, wrist[1] - dy * k
            w = half * (1 + k * 2)
            pygame.draw.line(canvas, (28, 30, 34), (cx - nx * w, cy - ny * w),
                             (cx + nx * w, cy + ny * w), 2)

    def _draw_strip(self, canvas: pygame.Surface, t: float, snap: MeatLockerSnapshot | None
                    ) -> None:
        """The called combo on a strip of hand tape: each punch's number with the key that
        throws it under it, then how it went."""
        st = snap
        if not isinstance(st, MeatLockerSnapshot) or not st.combos:
            return
        combo = st.combo_at(t, 0.45)
        if combo is None or combo.call_time > t:
            return
        n = len(combo.cues)
        step = 46 if n <= 6 else 38
        x0 = PIVOT[0] - (n - 1) * step / 2
        landed = self.landed_at.get(combo.group)
        tape = (236, 230, 214) if landed is None else (255, 214, 90)
        width = (n - 1) * step + 56
        top, height = STRIP_Y - 30, 64
        pygame.draw.rect(canvas, (30, 30, 34), (x0 - 30, top + 2, width + 4, height),
                         border_radius=6)
        pygame.draw.rect(canvas, tape, (x0 - 28, top, width, height), border_radius=5)
        nxt = next((c for c in combo.cues if c.index not in self.results), None)
        num_y, key_y = STRIP_Y - 10, STRIP_Y + 18
        for j, cue in enumerate(combo.cues):
            x = x0 + j * step
            res = self.results.get(cue.index)
            col = (40, 34, 30)
            if res in ("perfect", "great", "good"):
                col = (150, 110, 20) if landed is None else (120, 70, 10)
            elif res in ("miss", "wrong"):
                col = (180, 40, 36)
            label = str(punch_number(cue.action))
            self.text.blit(canvas, label, 28, (x, num_y), col, True, anchor="center")
            self.keycaps.blit(canvas, self.key_label(cue.action), (x, key_y), 25, step - 8)
            if res in ("miss", "wrong"):
                pygame.draw.line(canvas, (180, 40, 36), (x - 14, num_y - 12),
                                 (x + 14, key_y + 10), 3)
            elif cue is nxt and cue.time - t < 1.2:
                pygame.draw.line(canvas, (196, 52, 40), (x - 14, key_y + 14),
                                 (x + 14, key_y + 14), 3)

    def _draw_breath(self, canvas: pygame.Surface, t: float) -> None:
        """Each punch is thrown on a breath out; at rest, slow breaths with the HUD's count."""
        n = len(self.puffs)
        life = 0.9
        for p in self.punches[-3:]:
            dt = t - p.time
            if 0 <= dt < life:
                spr = self.puffs[min(n - 1, int(dt / life * n))]
                canvas.blit(spr, spr.get_rect(center=(640 + (p.time * 97 % 60 - 30),
                                                      600 - dt * 90)))
        i = self.level.interval_at_time(t)
        if 0 <= i < len(self.level.intervals) and not self.level.intervals[i].is_work:
            beat = self.level.tempo_map.beat_at(t)
            phase = (beat / 4.0) % 1.0
            if phase >= 0.5:                              # the HUD's "breathe out"
                dt = (phase - 0.5) * 4 * 60.0 / self.level.tempo_map.bpm_at_time(t)
                k = min(n - 1, int(dt / 1.6 * n))
                spr = self.puffs[k]
                canvas.blit(spr, spr.get_rect(center=(640, 610 - dt * 60)))

    def _draw_coach_breath(self, canvas: pygame.Surface, t: float) -> None:
        """The coach's shout fogs in the doorway as he calls the combo."""
        dt = t - self.last_call
        if 0 <= dt < 1.0 and not self.reduced_motion:
            spr = self.small_puffs[min(len(self.small_puffs) - 1, int(dt * len(self.puffs)))]
            x, y = self.coach_mouth
            canvas.blit(spr, spr.get_rect(midleft=(x + dt * 24, y - dt * 10)))


def _fog_tint(surf: pygame.Surface, fog: Colour, amount: float, dark: float = 1.0
              ) -> pygame.Surface:
    """Blend a sprite's colours toward the fog (alpha kept): things far off fade into it."""
    out = surf.copy()
    rgb = pygame.surfarray.pixels3d(out)
    rgb[:] = (rgb * dark * (1 - amount) + np.array(fog) * dark * amount).astype(np.uint8)
    del rgb
    return out


VIEW = MeatLockerView
