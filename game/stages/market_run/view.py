"""The market street from beside the runner: stands, awnings, crates and carts glide by.

Tenements, the row of produce stands and the cobbles scroll as parallax strips; the camera
floats alongside at the runner's pace (game.gfx.running). Every swerve cue puts a crate
stack, a barrow or a dropped basket in the lane the runner is leaving, just ahead of them,
and every avoid cue sends a vendor's cart down the lane beside them at that beat: the
street's obstacles are the pattern, laid out where the runner will meet them.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass

import pygame

from game.core.events import GameEvent
from game.core.level import Cue, Level
from game.core.stage import StageInfo
from game.gfx.running import (
    FollowCamera,
    Parallax,
    ParallaxLayer,
    StrideTrack,
    Warmup,
    blit_number,
    paint_strip,
    runner_set,
)
from game.gfx.stage_view import H, StageView, W
from game.gfx.text import TextCache
from game.stages.market_run import art
from game.stages.market_run.rules import (
    FEET,
    LANES,
    START_LANE,
    STRIDE_M,
    Bump,
    MarketSnapshot,
    Stride,
    Swerve,
    plan_lanes,
)

PX_PER_M = 110.0
ANCHOR_X = 440.0
JOG = 1.6
SWERVE_S = 0.2               # how long a lane change takes on screen
AHEAD_S = 0.24               # an obstacle stands where the runner would be this long after
CART_SPEED = 160.0           # px/s a pushed cart comes down the street, toward the runner
DEBRIS_S = 0.8
UNDER_TRACK = (58, 52, 50)
SHOPPERS = 9
SHOPPER_WRAP = W + 600


@dataclass(frozen=True)
class Obstacle:
    x: float          # world px (ground layer) of its centre at the cue
    lane: int
    kind: int         # index into the view's obstacle kinds
    cue: int          # the cue it belongs to
    time: float       # the cue's time
    moving: bool      # a pushed cart (avoid cue) rolls toward the runner


class MarketRunView(StageView):
    cue_track_y = 628
    rest_anchor = (940, 300)
    call_anchor = (W // 2, 118)

    def __init__(self, level: Level, stage: StageInfo, cues: tuple[Cue, ...], text: TextCache,
                 reduced_motion: bool = False) -> None:
        super().__init__(level, stage, cues, text, reduced_motion)
        feet = [c for c in cues if c.kind == "tap" and c.action in FEET]
        self.stride = StrideTrack([(c.time, c.action) for c in feet], idle_period=0.46,
                                  max_gap=1.0, start=-level.lead_in - 4.0,
                                  end=level.duration + 0.6)
        self.camera = FollowCamera(v0=JOG, px_per_m=PX_PER_M, anchor_x=ANCHOR_X,
                                   float_px=0.0 if reduced_motion else 8.0,
                                   t0=-level.lead_in - 10.0)
        for i, iv in enumerate(level.intervals):
            a, b = level.interval_times(i)
            n = sum(1 for c in feet if c.interval == i)
            self.camera.set_speed(a, STRIDE_M * n / max(0.5, b - a) if iv.is_work and n
                                  else JOG)
        self.camera.set_speed(level.duration, JOG)        # ease down, then stop: the operator
        self.camera.set_speed(level.duration + 1.6, 0.0)  # glides on a little past the runner
        self.parallax = Parallax([
            ParallaxLayer(art.far_strip(), 0, 0.22, alpha=False),
            ParallaxLayer(art.street_strip(), art.STREET_Y, 1.0, alpha=False),
            ParallaxLayer(paint_strip(art.TILE, art.STANDS_H, art.stands_painter),
                          art.STANDS_Y, 0.62),
        ])
        k = len(art.LANE_SCALE) - 1
        self.lane_scales = [art.LANE_SCALE[0] + (art.LANE_SCALE[-1] - art.LANE_SCALE[0]) * j / 4
                            for j in range(5)]
        self.runners = [runner_set(round(s, 3), "", 16, (0.0,)) for s in self.lane_scales]
        kinds = (*art.OBSTACLES, "cart")
        self.sprites = [[_finish(art.obstacle(kind, art.LANE_SCALE[lane])) for lane in range(k + 1)]
                        for kind in kinds]
        self.knocked = [[_finish(art.knocked(s)) for s in row] for row in self.sprites]
        self.cart_kind = len(kinds) - 1
        self.obstacles = self._lay_out(cues)
        self.obstacle_x = [o.x for o in self.obstacles]
        self.debris = [_finish(art.debris_piece(j, 0.8)) for j in range(5)]
        coats = ((80, 90, 130), (140, 70, 60), (70, 110, 80), (150, 130, 90), (90, 70, 100))
        self.shopper_frames = [[_finish(art.shopper(0.62, c, f, bool(j % 2))) for f in (0, 1)]
                               for j, c in enumerate(coats)]
        self.shoppers = [(j * SHOPPER_WRAP / SHOPPERS + 37 * (j % 3), (-1) ** j * (30 + 9 * j),
                          j % len(coats)) for j in range(SHOPPERS)]
        self.warm = Warmup([*self.parallax.surfaces(),
                            *(s for rs in self.runners for s in rs.surfaces()),
                            *(s for row in self.sprites + self.knocked for s in row),
                            *self.debris, *(f for fs in self.shopper_frames for f in fs)])
        # what the events said
        self.swerve: tuple[float, int, int] = (-99.0, START_LANE, START_LANE)
        first = next((o for o in self.obstacles if not o.moving), None)
        if first is not None:
            self.swerve = (-99.0, first.lane, first.lane)
        self.stumble_at = -99.0
        self.smashed: dict[int, float] = {}        # cue index -> when it was barged through
        self.bumped: dict[int, float] = {}         # cue index -> when the cart was hit

    def _runner_world(self, t: float) -> float:
        pose = self.camera.at(t)
        return pose.cam_x + pose.runner_x

    def _lay_out(self, cues: tuple[Cue, ...]) -> list[Obstacle]:
        """An obstacle for every swerve (in the lane left behind) and a cart for every avoid
        cue (in the lane beside), where the runner meets them."""
        plan = plan_lanes(cues)
        out = []
        for c in cues:
            if c.index not in plan:
                continue
            before, _after = plan[c.index]
            if c.kind == "avoid":
                lane = min(LANES - 1, max(0, before + (1 if c.action == "up" else -1)))
                out.append(Obstacle(self._runner_world(c.time), lane, self.cart_kind, c.index,
                                    c.time, True))
            elif c.kind == "tap":
                out.append(Obstacle(self._runner_world(c.time + AHEAD_S), before,
                                    c.index % len(art.OBSTACLES), c.index, c.time, False))
        return sorted(out, key=lambda o: o.x)

    def on_event(self, event: GameEvent) -> None:
        if isinstance(event, Swerve):
            self.swerve = (event.time, event.lane_from, event.lane)
            if event.crashed:
                self.smashed[event.cue.index] = event.time
                self.stumble_at = event.time
        elif isinstance(event, Bump) and event.crashed:
            self.bumped[event.cue.index] = event.time
            self.stumble_at = event.time
        elif isinstance(event, Stride) and event.stumbled:
            self.stumble_at = event.time

    # -- per frame ----------------------------------------------------------------------------
    def _lane(self, t: float) -> float:
        at, a, b = self.swerve
        f = art.ease((t - at) / SWERVE_S) if t >= at else 0.0
        return a + (b - a) * f

    def draw(self, canvas: pygame.Surface, t: float, snap: MarketSnapshot | None
             ) -> Iterator[None]:
        self.warm(canvas)
        pose = self.camera.at(t)
        self.parallax.draw(canvas, pose.cam_x, 0, 2)
        canvas.fill(UNDER_TRACK, (0, art.STREET_Y + art.STREET_H, W,
                                  H - art.STREET_Y - art.STREET_H))
        yield      # the loop polls between phases: two full-width layers are ~0.6 ms
        self.parallax.draw(canvas, pose.cam_x, 2, 3)
        self._draw_shoppers(canvas, t, pose.cam_x)
        yield
        lane = self._lane(t)
        visible = self._visible(pose.cam_x)
        drawn = False
        for lane_k in range(LANES - 1, -1, -1):
            if not drawn and lane_k < lane - 0.01:
                self._draw_runner(canvas, t, pose.runner_x, lane)
                drawn = True
            for o in visible:
                if o.lane == lane_k:
                    self._draw_obstacle(canvas, t, o, pose.cam_x)
        if not drawn:
            self._draw_runner(canvas, t, pose.runner_x, lane)
        self._draw_debris(canvas, t, pose.cam_x)
        yield
        self._draw_counter(canvas, snap, lane)

    def _visible(self, cam_x: float) -> list[Obstacle]:
        lo = bisect_left(self.obstacle_x, cam_x - 400)
        hi = bisect_left(self.obstacle_x, cam_x + W + 400 + CART_SPEED * 8)
        return self.obstacles[lo:hi]

    def _draw_obstacle(self, canvas: pygame.Surface, t: float, o: Obstacle, cam_x: float
                       ) -> None:
        x = o.x - cam_x
        if o.moving:
            x -= CART_SPEED * (t - o.time)
        spr = self.sprites[o.kind][o.lane]
        hit = self.smashed.get(o.cue)
        if hit is not None and t >= hit:
            spr = self.knocked[o.kind][o.lane]
        wob = 0
        bump = self.bumped.get(o.cue)
        if bump is not None and 0 <= t - bump < 0.4 and not self.reduced_motion:
            wob = round(5 * math.sin((t - bump) * 50) * (1 - (t - bump) / 0.4))
        if x < -spr.get_width() or x > W + spr.get_width():
            return
        canvas.blit(spr, spr.get_rect(midbottom=(round(x) + wob, art.LANE_FEET[o.lane] + 6)))

    def _draw_runner(self, canvas: pygame.Surface, t: float, x: float, lane: float) -> None:
        rs = self.runners[min(4, max(0, round(lane * 2)))]
        feet_y = _interp(art.LANE_FEET, lane)
        if t > self.level.duration + 2.6:
            spr = rs.stand[int(t / 1.4) % 2]
        elif 0 <= t - self.stumble_at < 0.3:
            spr = rs.stumble[min(2, int((t - self.stumble_at) / 0.1))]
        else:
            phase, lead = self.stride.at(t)
            spr = rs.frame(phase, lead)
        rs.blit(canvas, spr, x, feet_y)

    def _draw_debris(self, canvas: pygame.Surface, t: float, cam_x: float) -> None:
        for cue, at in self.smashed.items():
            age = t - at
            if not 0 <= age < DEBRIS_S:
                continue
            o = next((o for o in self.obstacles if o.cue == cue), None)
            if o is None:
                continue
            x0, y0 = o.x - cam_x, art.LANE_FEET[o.lane] - 50
            for j, piece in enumerate(self.debris):
                vx = 160 + 70 * j
                vy = -260 + 60 * j
                px = x0 + vx * age
                py = y0 + vy * age + 700 * age * age
                if py > art.LANE_FEET[o.lane] + 4:
                    continue
                canvas.blit(piece, (round(px), round(py)))

    def _draw_shoppers(self, canvas: pygame.Surface, t: float, cam_x: float) -> None:
        y = art.KERB_Y + 2
        for x0, v, who in self.shoppers:
            x = (x0 + v * t - cam_x) % SHOPPER_WRAP - 300
            if -60 < x < W + 60:
                frames = self.shopper_frames[who]
                spr = frames[int(t * 2.4 + x0) % 2]
                canvas.blit(spr, spr.get_rect(midbottom=(round(x), y)))

    def _draw_counter(self, canvas: pygame.Surface, snap: MarketSnapshot | None,
                      lane: float) -> None:
        if snap is None:
            return
        r = blit_number(canvas, self.text, round(snap.distance), 34, (22, 102), (240, 236, 226))
        r = self.text.blit(canvas, "M", 14, (r.right + 6, r.bottom - 20), (200, 194, 190), True)
        r = blit_number(canvas, self.text, snap.dodges, 34, (r.right + 22, 102), (140, 230, 150))
        r = self.text.blit(canvas, "DODGES", 14, (r.right + 6, r.bottom - 20), (200, 194, 190),
                           True)
        if snap.crashes:
            r = blit_number(canvas, self.text, snap.crashes, 34, (r.right + 22, 102),
                            (250, 110, 90))
            self.text.blit(canvas, "CRASHES", 14, (r.right + 6, r.bottom - 20), (200, 194, 190),
                           True)
        for k in range(LANES):                 # which lane: far at the top
            y = 150 + (LANES - 1 - k) * 10
            on = round(lane) == k
            pygame.draw.rect(canvas, (250, 200, 70) if on else (90, 80, 80), (22, y, 46, 6),
                             border_radius=2)
        self.text.blit(canvas, "LANE", 12, (76, 158), (200, 194, 190), True)


def _interp(values: tuple[int, ...], x: float) -> float:
    i = min(len(values) - 2, max(0, int(x)))
    f = x - i
    return values[i] + (values[i + 1] - values[i]) * f


def _finish(surf: pygame.Surface) -> pygame.Surface:
    if pygame.display.get_surface() is None:
        return surf
    out = surf.convert_alpha()
    out.set_alpha(255, pygame.RLEACCEL)
    return out


VIEW = MarketRunView
