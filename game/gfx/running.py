"""The city running stages' shared scenery: the runner in profile and a Steadicam camera.

The camera glides beside the runner: the runner's speed and the camera's speed each follow
the stage's target speed with a critically damped response, worked out in closed form, so
the picture at song time t is a pure function of t and the speed changes (a `shot --at`
frame equals the played one, and nothing is summed frame by frame). The camera is softer
than the runner, so the runner drifts ahead when it speeds up and the camera catches up:
the floating follow of the film's running shots, with no jerk anywhere.

Parallax layers are pre-rendered as wide tileable strips with sub-pixel shifted copies, so
a far layer creeping at a third of a pixel a frame still glides instead of stepping.
Drawing a frame only blits (no Surface is made per frame).
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pygame

from game.core.level import Cue, Level
from game.gfx.text import TextCache

Colour = tuple[int, int, int]
Point = tuple[float, float]

# -- the follow camera ----------------------------------------------------------------------


def _step_distance(tau: float, omega: float) -> float:
    """Distance covered by a unit speed step of a critically damped follower, tau after it.

    Speed response: 1 - (1 + w t) e^(-w t); integrated: t - 2(1 - e^(-w t))/w + t e^(-w t).
    """
    if tau <= 0.0:
        return 0.0
    e = math.exp(-omega * tau)
    return tau - 2.0 * (1.0 - e) / omega + tau * e


def _step_speed(tau: float, omega: float) -> float:
    if tau <= 0.0:
        return 0.0
    return 1.0 - (1.0 + omega * tau) * math.exp(-omega * tau)


class DampedSpeed:
    """A speed that follows piecewise-constant targets with a critically damped response.

    `set(t, v)` changes the target from t on (times must not go backwards; an earlier time
    is inserted in order). `speed(t)` and `distance(t)` are closed-form, so they cost
    O(log n + recent changes) and give the same answer however often they are asked.
    """

    SETTLED = 30.0  # w*t past which a step has fully arrived (e^-30 ~ 1e-13)

    def __init__(self, v0: float = 0.0, omega: float = 3.0) -> None:
        self.v0 = v0
        self.omega = omega
        self._t: list[float] = []
        self._dv: list[float] = []
        # prefix sums for settled steps: sum(dv) and sum(dv * (t_i + 2/w))
        self._sum_dv: list[float] = [0.0]
        self._sum_lag: list[float] = [0.0]
        self._target = v0
        # every change asked for, no-ops too: one that changes nothing now may matter once
        # an earlier change is inserted before it
        self._changes: list[tuple[float, float]] = []

    @property
    def target(self) -> float:
        return self._target

    def set(self, t: float, v: float) -> None:
        if self._changes and t < self._changes[-1][0]:
            self._insert(t, v)
            return
        self._changes.append((t, v))
        self._step(t, v)

    def _step(self, t: float, v: float) -> None:
        dv = v - self._target
        if dv == 0.0:
            return
        self._target = v
        self._t.append(t)
        self._dv.append(dv)
        self._sum_dv.append(self._sum_dv[-1] + dv)
        self._sum_lag.append(self._sum_lag[-1] + dv * (t + 2.0 / self.omega))

    def _insert(self, t: float, v: float) -> None:
        """A change that arrives late: rebuild the steps with it in its place."""
        self._changes.insert(bisect_right([p[0] for p in self._changes], t), (t, v))
        self._t, self._dv, self._sum_dv, self._sum_lag = [], [], [0.0], [0.0]
        self._target = self.v0
        for ti, vi in self._changes:
            self._step(ti, vi)

    def _split(self, t: float) -> int:
        """Index of the first step that has not yet settled at t."""
        return bisect_left(self._t, t - self.SETTLED / self.omega)

    def speed(self, t: float) -> float:
        k = self._split(t)
        v = self.v0 + self._sum_dv[k]
        for i in range(k, len(self._t)):
            v += self._dv[i] * _step_speed(t - self._t[i], self.omega)
        return v

    def distance(self, t: float, t0: float = 0.0) -> float:
        """Metres from t0 to t (t0 must come before every change)."""
        k = self._split(t)
        d = self.v0 * (t - t0) + self._sum_dv[k] * t - self._sum_lag[k]
        for i in range(k, len(self._t)):
            d += self._dv[i] * _step_distance(t - self._t[i], self.omega)
        return d


@dataclass(frozen=True)
class CameraPose:
    """Where things are at one instant: cam_x is the world x (px) at the screen's left
    edge, runner_x the runner's screen x, distance the runner's metres from t0, speed m/s."""

    cam_x: float
    runner_x: float
    distance: float
    speed: float


class FollowCamera:
    """The Steadicam: the operator's speed follows the target speed with a soft critically
    damped response (so the scroll never jerks, never runs backwards, and ends exactly at
    the new pace), and the runner surges ahead of the frame when it speeds up (drops back
    when it slows), a smooth bump that melts away once the operator has caught up. A slow
    float makes the frame breathe (float_px=0 under reduced motion).

    px_per_m: world scale at the runner's depth; anchor_x: where the runner sits on screen
    at a steady pace; lead_px: screen px of surge per m/s of speed change; t0: when the run
    starts (before any speed change).
    """

    def __init__(self, v0: float = 0.0, px_per_m: float = 60.0, anchor_x: float = 420.0,
                 omega: float = 1.6, lead_px: float = 36.0, lead_omega: float = 0.9,
                 float_px: float = 10.0, t0: float = -10.0, max_lead: float = 220.0) -> None:
        self.camera = DampedSpeed(v0, omega)
        self.px_per_m = px_per_m
        self.anchor_x = anchor_x
        self.lead_px = lead_px
        self.lead_omega = lead_omega
        self.float_px = float_px
        self.t0 = t0
        self.max_lead = max_lead

    def set_speed(self, t: float, v: float) -> None:
        """The runner's target speed (m/s) from t on."""
        self.camera.set(t, v)

    def drift(self, t: float) -> float:
        """The operator's float: two slow, incommensurate sways, a few px."""
        if self.float_px <= 0.0:
            return 0.0
        return self.float_px * (0.6 * math.sin(0.9 * t) + 0.4 * math.sin(1.53 * t + 1.1))

    def lead(self, t: float) -> float:
        """Screen px the runner is ahead of its resting place (behind when slowing): each
        speed change adds a bump w*t*e^(1 - w*t), 0 at the change, peak after 1/w s."""
        w = self.lead_omega
        times, dvs = self.camera._t, self.camera._dv
        gap = 0.0
        for i in range(bisect_left(times, t - 30.0 / w), bisect_right(times, t)):
            x = w * (t - times[i])
            gap += dvs[i] * x * math.exp(1.0 - x)
        gap *= self.lead_px
        return self.max_lead * math.tanh(gap / self.max_lead)       # never off the frame

    def at(self, t: float) -> CameraPose:
        d = self.camera.distance(t, self.t0)
        drift = self.drift(t)
        cam_x = d * self.px_per_m - self.anchor_x + drift
        return CameraPose(cam_x, self.anchor_x + self.lead(t) - drift, d,
                          self.camera.speed(t))

    @staticmethod
    def screen_x(pose: CameraPose, world_x: float, factor: float = 1.0) -> float:
        """Screen x of a point at layer px `world_x` on a layer scrolling at `factor`
        (1.0 = the runner's ground, where world px = metres * px_per_m)."""
        return world_x - pose.cam_x * factor


# -- parallax -------------------------------------------------------------------------------


def _finish(surf: pygame.Surface, alpha: bool) -> pygame.Surface:
    """convert() for the display; an alpha surface is also RLE-encoded, so the long runs of
    clear pixels between a layer's shapes cost almost nothing to blit (4x faster here)."""
    if pygame.display.get_surface() is None:
        return surf
    if not alpha:
        return surf.convert()
    out = surf.convert_alpha()
    out.set_alpha(255, pygame.RLEACCEL)
    return out


def _subpixel_copies(strip: pygame.Surface, n: int, alpha: bool) -> list[pygame.Surface]:
    """n copies of a tileable strip, copy k showing the strip k/n px further on (linear
    interpolation, premultiplied so transparent edges do not fringe)."""
    rgb = pygame.surfarray.array3d(strip).astype(np.float32)
    a = pygame.surfarray.array_alpha(strip).astype(np.float32) / 255.0 if alpha else None
    out = [strip]
    for k in range(1, n):
        f = k / n
        if a is None:
            arr = (1 - f) * rgb + f * np.roll(rgb, -1, axis=0)
            s = pygame.Surface(strip.get_size())
            pygame.surfarray.blit_array(s, np.clip(arr + 0.5, 0, 255).astype(np.uint8))
        else:
            pm = rgb * a[:, :, None]
            pm = (1 - f) * pm + f * np.roll(pm, -1, axis=0)
            aa = (1 - f) * a + f * np.roll(a, -1, axis=0)
            col = np.where(aa[:, :, None] > 1e-4, pm / np.maximum(aa, 1e-4)[:, :, None], 0)
            s = pygame.Surface(strip.get_size(), pygame.SRCALPHA)
            pygame.surfarray.blit_array(s, np.clip(col + 0.5, 0, 255).astype(np.uint8))
            alpha_px = pygame.surfarray.pixels_alpha(s)
            alpha_px[:, :] = np.clip(aa * 255 + 0.5, 0, 255).astype(np.uint8)
            del alpha_px
        out.append(_finish(s, alpha))
    return out


def paint_strip(width: int, height: int, painter: Callable[[pygame.Surface, int], None],
                alpha: bool = True, fill: Colour | None = None) -> pygame.Surface:
    """A tileable strip: `painter(surface, dx)` is called for dx in (-width, 0, width) so a
    shape crossing either edge comes round the other side. It must draw the same every call
    (seed its own random numbers inside)."""
    surf = pygame.Surface((width, height), pygame.SRCALPHA if alpha else 0)
    surf.fill((*fill, 255) if fill is not None else (0, 0, 0, 0))
    for dx in (-width, 0, width):
        painter(surf, dx)
    return surf


class ParallaxLayer:
    """One tileable strip at screen row y, scrolling at `factor` times the camera."""

    def __init__(self, strip: pygame.Surface, y: int, factor: float, subpixel: int = 4,
                 alpha: bool | None = None) -> None:
        if alpha is None:
            alpha = bool(strip.get_flags() & pygame.SRCALPHA)
        self.width, self.height = strip.get_size()
        self.y = y
        self.factor = factor
        self.n = max(1, subpixel)
        self.copies = _subpixel_copies(_finish(strip, alpha), self.n, alpha)
        self._area = pygame.Rect(0, 0, 0, self.height)

    def offset(self, cam_x: float) -> float:
        return (cam_x * self.factor) % self.width

    def draw(self, canvas: pygame.Surface, cam_x: float) -> None:
        off = self.offset(cam_x)
        i = math.floor(off)
        k = min(self.n - 1, int((off - i) * self.n + 0.5))
        if k == self.n - 1 and (off - i) * self.n + 0.5 >= self.n:  # rounds up to the next px
            i, k = i + 1, 0
        strip = self.copies[k]
        cw = canvas.get_width()
        x, src = 0, i % self.width
        area = self._area
        while x < cw:
            w = min(self.width - src, cw - x)
            area.x, area.w = src, w
            canvas.blit(strip, (x, self.y), area)
            x += w
            src = 0


class Parallax:
    """Layers back to front; draw a range of them so a view can yield between."""

    def __init__(self, layers: Sequence[ParallaxLayer]) -> None:
        self.layers = list(layers)

    def surfaces(self) -> list[pygame.Surface]:
        return [c for layer in self.layers for c in layer.copies]

    def draw(self, canvas: pygame.Surface, cam_x: float, first: int = 0,
             last: int | None = None) -> None:
        for layer in self.layers[first:last]:
            layer.draw(canvas, cam_x)


class Warmup:
    """SDL RLE-encodes a surface on its first blit to a destination, and again whenever the
    destination changes (about 1 ms for a wide strip, 0.1 ms for a sprite). A view calls this
    at the top of draw(): the first frame on a new canvas pays for every surface at once
    (during the count-in), instead of a hitch each time a sprite first appears mid-run."""

    def __init__(self, surfaces: Iterable[pygame.Surface]) -> None:
        self.surfaces = [s for s in surfaces if s.get_flags() & pygame.RLEACCEL]
        self._canvas: pygame.Surface | None = None
        self._px = pygame.Rect(0, 0, 1, 1)

    def __call__(self, canvas: pygame.Surface) -> None:
        if canvas is self._canvas:
            return
        self._canvas = canvas
        for s in self.surfaces:
            canvas.blit(s, (0, 0), self._px)


def blit_number(canvas: pygame.Surface, text: TextCache, value: int, size: int,
                pos: tuple[int, int], colour: Colour, bold: bool = True) -> pygame.Rect:
    """A counter that changes every stride, drawn from cached digits (rendering each new
    number would cost a font render on a quarter of the frames)."""
    x, y = pos
    rect = pygame.Rect(x, y, 0, 0)
    for ch in str(value):
        r = text.blit(canvas, ch, size, (x, y), colour, bold)
        x = r.right
        rect.union_ip(r)
    return rect


# -- the stride clock -----------------------------------------------------------------------


class StrideTrack:
    """Which foot last landed and how far through the stride the runner is, at any t.

    `landings` are (time, foot) in time order ("left"/"right"): the beats the feet land on.
    Gaps longer than `max_gap` (a rest, the count-in) are filled with an easy jog every
    `idle_period` s, alternating feet, so the runner never freezes mid-stride.
    """

    def __init__(self, landings: Sequence[tuple[float, str]], idle_period: float = 0.42,
                 max_gap: float = 0.9, start: float = -4.0, end: float | None = None) -> None:
        times: list[float] = []
        feet: list[str] = []
        prev_t, prev_f = start, "right"
        last = end if end is not None else (landings[-1][0] + 4.0 if landings else start + 8)
        for t, foot in [*landings, (last, "")]:
            gap = t - prev_t
            if gap > max_gap:
                n = max(1, round(gap / idle_period))
                for j in range(1, n):
                    prev_f = "left" if prev_f == "right" else "right"
                    times.append(prev_t + gap * j / n)
                    feet.append(prev_f)
            if foot:
                times.append(t)
                feet.append(foot)
                prev_f = foot
            prev_t = t
        self.times = times
        self.feet = feet
        self.idle_period = idle_period

    def at(self, t: float) -> tuple[float, str]:
        """(phase 0..1 from the last landing to the next, the foot that last landed)."""
        k = bisect_right(self.times, t) - 1
        if k < 0:
            return 0.0, "right"
        if k + 1 >= len(self.times):
            return ((t - self.times[k]) / self.idle_period) % 1.0, self.feet[k]
        a, b = self.times[k], self.times[k + 1]
        return min(0.999, (t - a) / max(1e-6, b - a)), self.feet[k]

    def period(self, t: float) -> float:
        k = bisect_right(self.times, t) - 1
        if 0 <= k < len(self.times) - 1:
            return self.times[k + 1] - self.times[k]
        return self.idle_period


# -- the runner -----------------------------------------------------------------------------

THIGH, SHIN, UPPER, FORE = 52.0, 52.0, 36.0, 34.0   # design units (the figure is ~250 tall)
SWEATS = (128, 128, 134)
SWEATS_DARK = (88, 88, 96)
SWEATS_LIGHT = (166, 164, 166)
SKIN = (172, 122, 94)
SHOE = (28, 28, 32)
BRICK = (150, 62, 44)

# leg keyframes over one gait cycle, from this foot's strike: (phase, thigh deg fwd, knee)
_LEG_KEYS = ((0.00, 26, 12), (0.14, 8, 38), (0.34, -24, 14), (0.50, -12, 82),
             (0.62, 14, 112), (0.80, 46, 62), (0.92, 36, 20), (1.00, 26, 12))


def _interp_keys(keys: tuple, p: float) -> tuple[float, float]:
    p %= 1.0
    for (p0, a0, b0), (p1, a1, b1) in zip(keys, keys[1:], strict=False):
        if p0 <= p <= p1:
            f = (p - p0) / (p1 - p0)
            f = f * f * (3 - 2 * f)                      # smooth in and out of each key
            return a0 + (a1 - a0) * f, b0 + (b1 - b0) * f
    return keys[0][1], keys[0][2]


@dataclass(frozen=True)
class Pose:
    """Joint positions in design units; x forward (the runner faces right), y down, the
    ground at y=0 under the hips. near = the left side (facing the camera)."""

    hip: Point
    shoulder: Point
    head: Point
    knee: tuple[Point, Point]        # (left, right)
    ankle: tuple[Point, Point]
    toe: tuple[Point, Point]
    elbow: tuple[Point, Point]
    hand: tuple[Point, Point]
    lean: float                      # torso lean forward, degrees


def _polar(o: Point, length: float, deg: float) -> Point:
    """A point `length` from o at `deg` from straight down, positive = forward."""
    r = math.radians(deg)
    return o[0] + length * math.sin(r), o[1] + length * math.cos(r)


def runner_pose(cycle: float, lift: float = 0.0, stumble: float = 0.0,
                stride: float = 1.0) -> Pose:
    """The running pose at `cycle` 0..1 (0 = the left foot lands, 0.5 = the right).

    lift 0..1 raises both hands overhead (pressing what they hold); stumble 0..1 pitches
    the runner forward, arms out; stride scales the leg swing (a jog is shorter).
    """
    bob = 4.0 * (1 - math.cos(4 * math.pi * (cycle - 0.14))) / 2      # high in flight
    lean = 9.0 + 22.0 * stumble - 4.0 * lift
    hip = (0.0, -(THIGH + SHIN) * 0.93 - bob + 8.0 * stumble)
    shoulder = _polar(hip, -62.0, -lean)                 # up the spine
    head = _polar(shoulder, -26.0, -lean - 6)
    knees, ankles, toes = [], [], []
    for side_phase in (cycle, cycle + 0.5):
        thigh, knee = _interp_keys(_LEG_KEYS, side_phase)
        thigh *= stride
        knee = knee * (0.6 + 0.4 * stride)
        k = _polar(hip, THIGH, thigh)
        a = _polar(k, SHIN, thigh - knee)
        p = side_phase % 1.0
        toe_deg = 90 - 35 * max(0.0, math.sin(math.pi * min(1.0, max(0.0, (p - 0.3) / 0.5))))
        knees.append(k)
        ankles.append(a)
        toes.append(_polar(a, 15.0, toe_deg))
    elbows, hands = [], []
    for side_phase in (cycle + 0.5, cycle):              # arms swing against the legs
        swing, _ = _interp_keys(_LEG_KEYS, side_phase)
        swing = (swing - 10) * 1.1 * (1 - lift) * (1 - 0.5 * stumble)
        up_deg = swing * (1 - lift) + 172 * lift + 60 * stumble
        e = _polar(shoulder, UPPER, up_deg)
        fore = up_deg + 95 * (1 - lift) + 12 * lift
        elbows.append(e)
        hands.append(_polar(e, FORE, fore))
    return Pose(hip, shoulder, head, (knees[0], knees[1]), (ankles[0], ankles[1]),
                (toes[0], toes[1]), (elbows[0], elbows[1]), (hands[0], hands[1]), lean)


def stand_pose(breath: float = 0.0, item: bool = False) -> Pose:
    """Standing tall between efforts: hands at the sides (or the bricks hanging)."""
    hip = (0.0, -(THIGH + SHIN) + 1.0)
    shoulder = _polar(hip, -62.0 - 1.5 * breath, -3)
    head = _polar(shoulder, -26.0, -5)
    knees = (_polar(hip, THIGH, 4), _polar(hip, THIGH, -4))
    ankles = (_polar(knees[0], SHIN, 0), _polar(knees[1], SHIN, -2))
    toes = (_polar(ankles[0], 15, 90), _polar(ankles[1], 15, 90))
    elbows = (_polar(shoulder, UPPER, 6), _polar(shoulder, UPPER, -4))
    bend = 10 if item else 40
    hands = (_polar(elbows[0], FORE, 6 + bend), _polar(elbows[1], FORE, -4 + bend))
    return Pose(hip, shoulder, head, knees, ankles, toes, elbows, hands, 3.0)


SPRITE_W, SPRITE_H = 200, 300        # design units; the feet's ground at (FOOT_X, FOOT_Y)
FOOT_X, FOOT_Y = 90, 288


class _Pen:
    """pygame.draw in design units at a supersampled scale, origin at the feet."""

    def __init__(self, k: float) -> None:
        self.k = k
        self.surf = pygame.Surface((int(SPRITE_W * k), int(SPRITE_H * k)), pygame.SRCALPHA)

    def p(self, q: Point) -> Point:
        return (FOOT_X + q[0]) * self.k, (FOOT_Y + q[1]) * self.k

    def capsule(self, col: Colour, a: Point, b: Point, wa: float, wb: float) -> None:
        """A tapered limb segment with round ends."""
        pa, pb = self.p(a), self.p(b)
        dx, dy = pb[0] - pa[0], pb[1] - pa[1]
        n = math.hypot(dx, dy) or 1.0
        nx, ny = -dy / n, dx / n
        ra, rb = wa * self.k / 2, wb * self.k / 2
        pygame.draw.polygon(self.surf, col, [(pa[0] + nx * ra, pa[1] + ny * ra),
                                             (pb[0] + nx * rb, pb[1] + ny * rb),
                                             (pb[0] - nx * rb, pb[1] - ny * rb),
                                             (pa[0] - nx * ra, pa[1] - ny * ra)])
        pygame.draw.circle(self.surf, col, pa, ra)
        pygame.draw.circle(self.surf, col, pb, rb)

    def circle(self, col: Colour, c: Point, r: float) -> None:
        pygame.draw.circle(self.surf, col, self.p(c), r * self.k)

    def polygon(self, col: Colour, pts: Sequence[Point]) -> None:
        pygame.draw.polygon(self.surf, col, [self.p(q) for q in pts])


def _shade(c: Colour, f: float) -> Colour:
    return (int(c[0] * f), int(c[1] * f), int(c[2] * f))


def _draw_item(pen: _Pen, item: str, hand: Point, elbow: Point, far: bool) -> None:
    if item != "brick":
        return
    ang = math.atan2(hand[1] - elbow[1], hand[0] - elbow[0])
    ux, uy = math.cos(ang), math.sin(ang)           # along the forearm
    vx, vy = -uy, ux
    cx, cy = hand[0] + ux * 3, hand[1] + uy * 3
    hl, hw = 7.0, 15.0                              # a brick held end-on across the fist
    pts = [(cx + ux * s * hl + vx * r * hw, cy + uy * s * hl + vy * r * hw)
           for s, r in ((-1, -1), (1, -1), (1, 1), (-1, 1))]
    col = _shade(BRICK, 0.72 if far else 1.0)
    pen.polygon(_shade(col, 0.6), [(x + 1.2, y + 1.2) for x, y in pts])
    pen.polygon(col, pts)
    pen.polygon(_shade(col, 1.25), [pts[0], pts[1], (pts[1][0] + vx * 4, pts[1][1] + vy * 4),
                                    (pts[0][0] + vx * 4, pts[0][1] + vy * 4)])


def draw_runner(pose: Pose, item: str = "", scale: float = 1.0) -> pygame.Surface:
    """The runner in profile, facing right: grey sweatpants and a hooded sweatshirt with the
    hood up, dark shoes; `item` ("brick" or "") in each hand. Drawn at twice the size and
    smoothed down."""
    pen = _Pen(2.0 * scale)
    sides = ((1, 0.72), (0, 1.0))                   # far (right) side first, darker
    for i, f in sides[:1]:
        _draw_leg(pen, pose, i, f)
        _draw_arm(pen, pose, i, f, item)
    _draw_torso(pen, pose)
    for i, f in sides[1:]:
        _draw_leg(pen, pose, i, f)
    _draw_head(pen, pose)
    for i, f in sides[1:]:
        _draw_arm(pen, pose, i, f, item)
    return pygame.transform.smoothscale(pen.surf, (int(SPRITE_W * scale),
                                                   int(SPRITE_H * scale)))


def _draw_leg(pen: _Pen, pose: Pose, i: int, f: float) -> None:
    k, a, toe = pose.knee[i], pose.ankle[i], pose.toe[i]
    hip = (pose.hip[0] + (3 if i else -3), pose.hip[1])
    pen.capsule(_shade(SWEATS_DARK, f), hip, k, 25, 20)
    pen.capsule(_shade(SWEATS_DARK, f), k, a, 20, 15)
    pen.capsule(_shade(SWEATS, f), hip, k, 21, 17)
    pen.capsule(_shade(SWEATS, f), k, a, 17, 13)
    heel = (a[0] - (toe[0] - a[0]) * 0.35, a[1] - (toe[1] - a[1]) * 0.35 + 2)
    pen.capsule(_shade(SHOE, f), heel, toe, 11, 9)
    pen.capsule(_shade((200, 196, 188), f), (heel[0], heel[1] + 4), (toe[0], toe[1] + 4),
                3, 3)


def _draw_arm(pen: _Pen, pose: Pose, i: int, f: float, item: str) -> None:
    s, e, h = pose.shoulder, pose.elbow[i], pose.hand[i]
    pen.capsule(_shade(SWEATS_DARK, f), s, e, 18, 15)
    pen.capsule(_shade(SWEATS, f), s, e, 15, 12)
    pen.capsule(_shade(SWEATS, f), e, h, 12, 10)
    pen.circle(_shade(SWEATS_LIGHT, f), (h[0] - (h[0] - e[0]) * 0.2, h[1] - (h[1] - e[1]) * 0.2),
               5.5)                                  # the cuff
    pen.circle(_shade(SKIN, f), h, 6.5)
    _draw_item(pen, item, h, e, i == 1)


def _draw_torso(pen: _Pen, pose: Pose) -> None:
    hip, sh = pose.hip, pose.shoulder
    r = math.radians(pose.lean)
    fx, fy = math.cos(r), math.sin(r)           # forward, perpendicular to the spine

    def at(base: Point, f: float, dy: float = 0.0) -> Point:
        return base[0] + fx * f, base[1] + fy * f + dy

    mid = ((sh[0] + hip[0]) / 2, (sh[1] + hip[1]) / 2)
    body = [at(sh, -19), at(mid, -18), at(hip, -16, 4), at(hip, 15, 4), at(mid, 17),
            at(sh, 16, 6)]
    pen.polygon(SWEATS_DARK, [(x - 1.5, y + 1) for x, y in body])
    pen.polygon(SWEATS, body)
    pen.capsule(SWEATS_LIGHT, at(sh, -16, 2), at(mid, -16), 3, 3)       # the sun on the back
    pen.capsule(SWEATS_LIGHT, at(mid, -16), at(hip, -14, 2), 3, 2)
    # sweat soaking dark down the chest and the back, the waistband, the pouch pocket
    pen.polygon(_shade(SWEATS, 0.8), [at(sh, 6, 10), at(sh, 14, 9), at(mid, 15),
                                      at(mid, 6, -2)])
    pen.polygon(_shade(SWEATS, 0.84), [at(sh, -10, 6), at(sh, -3, 8), at(mid, -6),
                                       at(mid, -14)])
    pen.capsule(SWEATS_DARK, at(hip, -15, 2), at(hip, 14, 2), 6, 6)
    mx, my = (sh[0] + hip[0] * 2) / 3, (sh[1] + hip[1] * 2) / 3
    pen.polygon(_shade(SWEATS, 0.85), [(mx + fx * 2, my), (mx + fx * 14, my + 2),
                                       (hip[0] + fx * 13, hip[1] - 6),
                                       (hip[0] + fx * 2, hip[1] - 6)])
    pen.circle(_shade(SWEATS, 0.92), at(sh, 0, 4), 10)                  # the near shoulder


def _draw_head(pen: _Pen, pose: Pose) -> None:
    h, sh = pose.head, pose.shoulder
    x, y = h
    pen.polygon(SWEATS_DARK, [(x - 16, y - 2), (x - 4, y + 8), (sh[0] + 4, sh[1] + 2),
                              (sh[0] - 18, sh[1] + 4)])                   # the hood's drape
    hood = [(x - 19, y + 6), (x - 21, y - 6), (x - 14, y - 16), (x - 2, y - 20),
            (x + 9, y - 17), (x + 16, y - 10), (x + 17, y + 4), (x + 10, y + 16),
            (x - 8, y + 17)]
    pen.polygon(SWEATS_DARK, [(px - 1.5, py + 1.5) for px, py in hood])
    pen.polygon(SWEATS, hood)
    pen.capsule(SWEATS_LIGHT, (x - 18, y - 4), (x - 10, y - 15), 3.5, 3.5)   # lit crown
    pen.polygon((40, 36, 40), [(x + 3, y - 12), (x + 12, y - 13), (x + 17, y - 4),
                               (x + 16, y + 10), (x + 9, y + 15), (x + 2, y + 12)])  # opening
    pen.polygon(SKIN, [(x + 6, y - 9), (x + 13, y - 9), (x + 16, y - 2), (x + 20, y + 2),
                       (x + 16, y + 4), (x + 16, y + 9), (x + 12, y + 13), (x + 7, y + 12)])
    pen.polygon(_shade(SKIN, 0.78), [(x + 6, y - 9), (x + 9, y - 8), (x + 9, y + 11),
                                     (x + 7, y + 12)])                    # in the hood's shade
    pen.circle(_shade(SKIN, 0.5), (x + 13, y - 3), 1.6)                   # an eye
    pen.capsule(_shade(SKIN, 0.6), (x + 11, y - 6), (x + 15, y - 6), 1.2, 1.2)   # the brow
    pen.capsule(SWEATS_DARK, (x + 3, y - 12), (x + 3, y + 12), 3, 3)      # the hood's rim
    pen.circle((220, 216, 206), (x + 8, y + 18), 1.8)                     # a drawstring


@dataclass(frozen=True)
class RunnerSet:
    """Pre-rendered runner sprites: `frames[lift][k]` for k in 0..phases-1 over a whole
    gait cycle, plus stumble and standing poses. All sprites share one size and anchor."""

    frames: tuple[tuple[pygame.Surface, ...], ...]
    stumble: tuple[pygame.Surface, ...]
    stand: tuple[pygame.Surface, ...]
    lifts: tuple[float, ...]
    anchor: tuple[int, int]          # the ground point between the feet, in sprite px
    shadow: pygame.Surface

    @property
    def phases(self) -> int:
        return len(self.frames[0])

    def surfaces(self) -> list[pygame.Surface]:
        return [*(f for row in self.frames for f in row), *self.stumble, *self.stand,
                self.shadow]

    def frame(self, phase: float, lead: str = "left", lift: float = 0.0) -> pygame.Surface:
        """The sprite `phase` 0..1 of the way from `lead`'s landing to the other foot's."""
        cycle = (phase % 1.0) * 0.5 + (0.0 if lead == "left" else 0.5)
        k = int(cycle * self.phases + 0.5) % self.phases
        j = min(range(len(self.lifts)), key=lambda i: abs(self.lifts[i] - lift))
        return self.frames[j][k]

    def blit(self, canvas: pygame.Surface, sprite: pygame.Surface, x: float, ground_y: float
             ) -> None:
        """Draw a sprite with its feet at (x, ground_y), its shadow under it."""
        sw = self.shadow.get_width()
        canvas.blit(self.shadow, (round(x - sw / 2), round(ground_y - self.shadow.get_height()
                                                          / 2)))
        canvas.blit(sprite, (round(x - self.anchor[0]), round(ground_y - self.anchor[1])))


@lru_cache(maxsize=8)
def runner_set(scale: float = 1.0, item: str = "", phases: int = 16,
               lifts: tuple[float, ...] = (0.0,), stride: float = 1.0) -> RunnerSet:
    """Build (once per arguments) the runner's sprites for a stage."""
    def fin(s: pygame.Surface) -> pygame.Surface:
        return _finish(s, True)
    frames = tuple(tuple(fin(draw_runner(runner_pose(k / phases, lf, 0.0, stride), item, scale))
                         for k in range(phases)) for lf in lifts)
    stumble = tuple(fin(draw_runner(runner_pose(c, 0.0, 1.0, 0.7), item, scale))
                    for c in (0.1, 0.35, 0.6))
    stand = tuple(fin(draw_runner(stand_pose(b, bool(item)), item, scale)) for b in (0.0, 1.0))
    sw, sh = int(110 * scale), int(18 * scale)
    shadow = pygame.Surface((sw, sh), pygame.SRCALPHA)
    for r in range(6):
        f = 1 - r / 6
        pygame.draw.ellipse(shadow, (10, 8, 12, int(34 * (1 - f) + 10)),
                            (sw * (1 - f) / 2, sh * (1 - f) / 2, sw * f, sh * f))
    return RunnerSet(frames, stumble, stand, lifts, (int(FOOT_X * scale), int(FOOT_Y * scale)),
                     fin(shadow))


def interval_speeds(level: Level, cues: Sequence[Cue], feet: Iterable[str], step_m: float,
                    rest_speed: float) -> list[tuple[float, float]]:
    """(song time, target m/s) at each interval start: a work interval runs at its cadence
    (foot cues a second) times a step length; a rest walks at `rest_speed`."""
    feet = frozenset(feet)
    out = []
    for i, iv in enumerate(level.intervals):
        a, b = level.interval_times(i)
        steps = sum(1 for c in cues if c.interval == i and c.action in feet
                    and c.kind != "release")
        v = steps / max(1e-6, b - a) * step_m if iv.is_work and steps else rest_speed
        out.append((a, v))
    return out


STUMBLE_S = 0.34    # how long a stumble's three frames take


def draw_striding(canvas: pygame.Surface, runner: RunnerSet, stride: StrideTrack,
                  stumbles: Sequence[float], t: float, x: float, ground_y: float) -> None:
    """The runner at t: a recent stumble's frames, else the stride's running pose."""
    for when in reversed(stumbles):
        dt = t - when
        if 0 <= dt < STUMBLE_S:
            runner.blit(canvas, runner.stumble[min(2, int(dt / STUMBLE_S * 3))], x, ground_y)
            return
    phase, lead = stride.at(t)
    runner.blit(canvas, runner.frame(phase, lead), x, ground_y)
