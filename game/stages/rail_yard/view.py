"""The rail yard at dawn, seen from beside the runner: the camera glides along the tracks.

The far city, the elevated line, the yard and the tracks scroll as parallax strips at
their own depths; the camera follows the runner's pace with the Steadicam's soft, floating
lag (game.gfx.running). The low sun flares into the lens and blazes brighter as the run's
power builds. A train thunders over the elevated line while the bricks are held up.
"""

from __future__ import annotations

from collections.abc import Iterator

import pygame

from game.core.events import GameEvent, HoldEnded, HoldStarted
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
from game.stages.rail_yard import art
from game.stages.rail_yard.rules import (
    FEET,
    STRIDE_M,
    Footfall,
    Lift,
    RailYardSnapshot,
    is_lift,
)

SCALE = 0.86                 # the runner's sprite scale
PX_PER_M = 118.0             # at the runner's depth (a 1.8 m runner is ~212 px)
ANCHOR_X = 430.0
JOG = 1.5                    # m/s between efforts
LIFTS = (0.0, 0.35, 0.7, 1.0)
SUN = (958.0, 296.0)         # the low sun just over the rooftops, ahead of the runner
TRAIN_SPEED = 820.0          # px/s across the screen, right to left
AMBIENT_TRAINS = 26.0        # s between trains passing in the distance
GROUND_H = 170               # the tracks' strip; below it the HUD's cue track darkens a plain fill
UNDER_TRACK = (40, 34, 36)
LIFT_UP, LIFT_TOP, LIFT_DOWN = 0.09, 0.22, 0.22   # a quick lift's rise, pause and fall (s)


class RailYardView(StageView):
    cue_track_y = 628
    rest_anchor = (930, 290)
    call_anchor = (W // 2, 118)

    def __init__(self, level: Level, stage: StageInfo, cues: tuple[Cue, ...], text: TextCache,
                 reduced_motion: bool = False) -> None:
        super().__init__(level, stage, cues, text, reduced_motion)
        feet = [c for c in cues if c.kind == "tap" and c.action in FEET]
        self.stride = StrideTrack([(c.time, c.action) for c in feet], idle_period=0.5,
                                  max_gap=1.0, start=-level.lead_in - 4.0,
                                  end=level.duration + 0.6)
        self.camera = FollowCamera(v0=JOG, px_per_m=PX_PER_M, anchor_x=ANCHOR_X,
                                   float_px=0.0 if reduced_motion else 9.0,
                                   t0=-level.lead_in - 10.0)
        self._plan_speeds(feet)
        self.parallax = Parallax([
            ParallaxLayer(art.far_strip(), 0, 0.04, subpixel=4, alpha=False),
            ParallaxLayer(paint_strip(art.TILE, art.GROUND_Y - 150, self._shifted(
                art.viaduct_painter, -150)), 150, 0.2),
            ParallaxLayer(paint_strip(art.TILE, 200, art.yard_painter), art.GROUND_Y - 196,
                          0.5),
            ParallaxLayer(art.ground_strip(GROUND_H), art.GROUND_Y, 1.0, alpha=False),
        ])
        self.runner = runner_set(SCALE, "brick", 16, LIFTS)
        self.train = _finish(art.train_surface())
        self.trains = self._train_times(cues, level, self.train.get_width())
        self.sun = _finish(art.sun_disc())
        self.glows = [_finish(g, False) for g in art.sun_glows()]
        self.ghosts = [_finish(g, False) for g in art.flare_ghosts()]
        self.streak = _finish(art.streak(), False)
        self.breath = [_finish(b) for b in art.breath_frames()]
        self.lift_cues = [c for c in cues if is_lift(c)]
        self.warm = Warmup([*self.parallax.surfaces(), *self.runner.surfaces(), self.train,
                            self.sun, *self.breath])
        # what the events said
        self.lift_at: float | None = None          # a quick lift went up
        self.hold_from: float | None = None
        self.hold_to: float | None = None
        self.stumble_at = -99.0
        self.last_foot: Footfall | None = None

    @staticmethod
    def _shifted(painter, dy: int):
        """A painter drawn dy px higher (the strip starts below the screen's top)."""
        def paint(surf: pygame.Surface, dx: int) -> None:
            tmp = pygame.Surface((surf.get_width(), surf.get_height() - dy), pygame.SRCALPHA)
            painter(tmp, dx)
            surf.blit(tmp, (0, dy))
        return paint

    def _plan_speeds(self, feet: list[Cue]) -> None:
        """The pace of each interval: a stride per foot cue; an easy jog in the rests; a
        walk to a stop at the end."""
        level = self.level
        for i, iv in enumerate(level.intervals):
            a, b = level.interval_times(i)
            n = sum(1 for c in feet if c.interval == i)
            v = STRIDE_M * n / max(0.5, b - a) if iv.is_work and n else JOG
            self.camera.set_speed(a, v)
        self.camera.set_speed(level.duration, JOG)        # ease down, then stop: the operator
        self.camera.set_speed(level.duration + 1.6, 0.0)  # glides on a little past the runner

    @staticmethod
    def _train_times(cues: tuple[Cue, ...], level: Level,
                     width: float) -> list[tuple[float, float]]:
        """(when the nose enters, how fast) for every train: one over each held lift, its
        middle over the runner at the middle of the hold whatever the tempo, and now and
        then one far off in the quiet."""
        cross = (W / 2 + width / 2) / TRAIN_SPEED      # nose on screen to middle over the runner
        out = [((c.time + c.end_time) / 2 - cross, TRAIN_SPEED)
               for c in cues if c.kind == "hold"]
        t = 3.0
        while t < level.duration:
            if all(abs(t - s) > 8.0 for s, _ in out):
                out.append((t, TRAIN_SPEED * 0.55))
            t += AMBIENT_TRAINS
        return sorted(out)

    def on_event(self, event: GameEvent) -> None:
        if isinstance(event, Lift) and event.made and event.cue.kind != "hold":
            self.lift_at = event.time
        elif isinstance(event, HoldStarted):
            self.hold_from, self.hold_to = event.time, None
        elif isinstance(event, HoldEnded):
            self.hold_to = event.time
        elif isinstance(event, Footfall):
            self.last_foot = event
            if event.stumbled:
                self.stumble_at = event.time

    # -- per frame ----------------------------------------------------------------------------
    def _lift(self, t: float) -> float:
        """How high the bricks are, 0 (at the chest) .. 1 (pressed overhead)."""
        up = 0.0
        if self.hold_from is not None and t >= self.hold_from:
            end = self.hold_to
            if end is None or t < end:
                up = min(1.0, (t - self.hold_from) / LIFT_UP)
            elif t - end < LIFT_DOWN:
                up = 1.0 - (t - end) / LIFT_DOWN
        if self.lift_at is not None and t >= self.lift_at:
            a = t - self.lift_at
            if a < LIFT_UP:
                up = max(up, a / LIFT_UP)
            elif a < LIFT_UP + LIFT_TOP:
                up = 1.0
            elif a < LIFT_UP + LIFT_TOP + LIFT_DOWN:
                up = max(up, 1.0 - (a - LIFT_UP - LIFT_TOP) / LIFT_DOWN)
        return up

    def draw(self, canvas: pygame.Surface, t: float, snap: RailYardSnapshot | None
             ) -> Iterator[None]:
        self.warm(canvas)
        pose = self.camera.at(t)
        power = snap.power if isinstance(snap, RailYardSnapshot) else 0.0
        self.parallax.draw(canvas, pose.cam_x, 0, 1)
        yield      # the loop polls between phases: each full-width layer is ~0.3 ms
        canvas.blit(self.sun, self.sun.get_rect(center=(round(SUN[0]), round(SUN[1]))))
        self.parallax.draw(canvas, pose.cam_x, 1, 2)
        self._draw_trains(canvas, t)
        yield
        self.parallax.draw(canvas, pose.cam_x, 2, 4)
        canvas.fill(UNDER_TRACK, (0, art.GROUND_Y + GROUND_H, W, H - art.GROUND_Y - GROUND_H))
        self._draw_runner(canvas, t, pose.runner_x)
        yield
        self._draw_sun(canvas, t, power, pose.runner_x)
        self._draw_counter(canvas, snap)

    def _draw_trains(self, canvas: pygame.Surface, t: float) -> None:
        tw = self.train.get_width()
        for start, speed in self.trains:
            x = W - (t - start) * speed
            if x < -tw or x > W:
                continue
            canvas.blit(self.train, (round(x), art.DECK_Y - self.train.get_height() + 6))

    def _draw_runner(self, canvas: pygame.Surface, t: float, x: float) -> None:
        rs = self.runner
        if t > self.level.duration + 2.6:
            spr = rs.stand[int(t / 1.4) % 2]
        elif 0 <= t - self.stumble_at < 0.3:
            spr = rs.stumble[min(2, int((t - self.stumble_at) / 0.1))]
        else:
            phase, lead = self.stride.at(t)
            spr = rs.frame(phase, lead, self._lift(t))
        rs.blit(canvas, spr, x, art.FEET_Y)
        foot = self.last_foot
        if foot is not None and foot.cue.action == "left" and 0 <= t - foot.time < 0.6 \
                and not self.reduced_motion:          # a breath every other stride
            k = min(len(self.breath) - 1, int((t - foot.time) / 0.6 * len(self.breath)))
            b = self.breath[k]
            age = t - foot.time
            canvas.blit(b, b.get_rect(center=(round(x + 40 - age * 120),
                                              round(art.FEET_Y - 214 - age * 14))))

    def _draw_sun(self, canvas: pygame.Surface, t: float, power: float, runner_x: float
                  ) -> None:
        k = min(len(self.glows) - 1, int(power * len(self.glows)))
        g = self.glows[k]
        sx, sy = SUN
        canvas.blit(g, g.get_rect(center=(round(sx), round(sy))),
                    special_flags=pygame.BLEND_RGB_ADD)
        canvas.blit(self.streak, self.streak.get_rect(center=(round(sx), round(sy))),
                    special_flags=pygame.BLEND_RGB_ADD)
        # ghosts along the line from the sun through the lens centre; the runner's body
        # passing in front of the sun dims them
        cx, cy = W / 2 + (runner_x - ANCHOR_X) * 0.15, H / 2
        dim = 0.0 if abs(runner_x - sx) > 120 else 1.0
        if dim:
            return
        for f, ghost in zip((0.55, 1.25, 1.7, 2.15), self.ghosts, strict=True):
            gx, gy = sx + (cx - sx) * f, sy + (cy - sy) * f
            canvas.blit(ghost, ghost.get_rect(center=(round(gx), round(gy))),
                        special_flags=pygame.BLEND_RGB_ADD)

    def _draw_counter(self, canvas: pygame.Surface, snap: RailYardSnapshot | None) -> None:
        if snap is None:
            return
        r = blit_number(canvas, self.text, round(snap.distance), 34, (22, 102), (240, 236, 226))
        r = self.text.blit(canvas, "M", 14, (r.right + 6, r.bottom - 20), (190, 184, 180), True)
        r = blit_number(canvas, self.text, snap.bricks, 34, (r.right + 22, 102), (236, 150, 110))
        self.text.blit(canvas, "BRICKS", 14, (r.right + 6, r.bottom - 20), (190, 184, 180), True)
        pygame.draw.rect(canvas, (30, 26, 34), (22, 146, 200, 8), border_radius=3)
        pygame.draw.rect(canvas, (255, 184, 100), (22, 146, round(200 * snap.power), 8),
                         border_radius=3)
        self.text.blit(canvas, "POWER", 12, (230, 143), (190, 184, 180), True)


def _finish(surf: pygame.Surface, alpha: bool = True) -> pygame.Surface:
    if pygame.display.get_surface() is None:
        return surf
    return surf.convert_alpha() if alpha else surf.convert()


VIEW = RailYardView
