"""Along the river in the morning: the runner on the embankment, the camera gliding beside,
the tall ship moored across the water, creeping so slowly past that she is there from the
first stride to the last. A plaque on the railing every hundred metres; the breath shows
in the cold air when the runner breathes out.

The Steadicam, the parallax and the runner are the city runs' shared ones
(game.gfx.running); the river, the ship and the embankment are this stage's (art.py).
"""

from __future__ import annotations

import math
from collections.abc import Iterator

import pygame

from game.core.events import GameEvent, HoldStarted
from game.core.level import Cue, Level
from game.core.stage import StageInfo
from game.gfx.running import (
    FollowCamera,
    Parallax,
    ParallaxLayer,
    StrideTrack,
    draw_striding,
    runner_set,
)
from game.gfx.running import interval_speeds as shared_speeds
from game.gfx.stage_view import StageView, W
from game.gfx.text import TextCache
from game.stages.river_run import art
from game.stages.river_run.rules import FEET, STEP_M, Breath, RiverSnapshot, Stride

PX_PER_M = 110.0
RUNNER_SCALE = 0.8
GROUND_Y = 604
ANCHOR_X = 440.0
REST_SPEED = 1.6          # m/s: an easy jog between the efforts
SHIP_DRIFT = 420.0        # px the ship slides across the frame over the whole level
SHIP_START_X = 1060.0     # her bowsprit's screen x at the start
MOUTH = (26, -150)        # from the runner's feet, at RUNNER_SCALE
PUFF_EVERY = 0.14
PUFF_LIFE = 1.1
MARKER_M = 100
NEAR_FACTOR = 2.2         # a plane tree by the lens whips past, and is soon gone


def interval_speeds(level: Level, cues: tuple[Cue, ...]) -> list[tuple[float, float]]:
    """(song time, target m/s) at each interval start (see gfx.running.interval_speeds)."""
    return shared_speeds(level, cues, FEET, STEP_M, REST_SPEED)


class RiverRunView(StageView):
    cue_track_y = 628
    rest_anchor = (1010, 250)     # over the water, right of the ship's masts at the start

    def __init__(self, level: Level, stage: StageInfo, cues: tuple[Cue, ...],
                 text: TextCache, reduced_motion: bool = False) -> None:
        super().__init__(level, stage, cues, text, reduced_motion)
        t0 = -level.lead_in - 2.0
        self.camera = FollowCamera(v0=REST_SPEED, px_per_m=PX_PER_M, anchor_x=ANCHOR_X,
                                   float_px=0.0 if reduced_motion else 9.0, t0=t0)
        for t, v in interval_speeds(level, cues):
            self.camera.set_speed(t, v)
        self.camera.set_speed(level.duration, REST_SPEED)
        self.cam_start = self.camera.at(-level.lead_in).cam_x
        travel = max(1.0, self.camera.at(level.duration + 2.0).cam_x - self.cam_start)
        far = SHIP_DRIFT / travel                  # the far bank's scroll factor
        self.far_factor = far
        self.water_factor = 0.22
        quay = ParallaxLayer(art.far_quay(), art.QUAY_Y - 78, far)
        rail = ParallaxLayer(art.railing(), art.RAIL_Y - 200, 1.0, subpixel=1, alpha=False)
        tree = ParallaxLayer(art.plane_tree(), 0, NEAR_FACTOR, subpixel=1, alpha=False)
        self.back = Parallax([ParallaxLayer(art.sky(), 0, far * 0.5)])
        self.middle = Parallax([quay])
        self.water = ParallaxLayer(art.water(), art.WATER_Y, self.water_factor)
        self.front = Parallax([rail, ParallaxLayer(art.paving(), art.PATH_Y, 1.0,
                                                   subpixel=2)])
        self.tree = tree
        self.ship = art.tall_ship(1.0)
        self.sparkles = art.sparkles()
        self.puff_sprites = art.puffs()
        feet = [(c.time, c.action) for c in cues if c.action in FEET and c.kind != "release"]
        self.stride = StrideTrack(feet, idle_period=0.4, max_gap=0.9, start=t0,
                                  end=level.duration + 6.0)
        self.runner = runner_set(scale=RUNNER_SCALE)
        # one plaque a hundred metres, from where the runner is at the first beat
        self.zero_m = self.camera.at(0.0).distance
        total = self.camera.at(level.duration).distance - self.zero_m
        self.markers = [art.marker(text.render(f"{n * MARKER_M} m", 14, (236, 232, 220), True))
                        for n in range(1, int(total // MARKER_M) + 2)]
        self.stumbles: list[float] = []
        self.breaths: list[tuple[int, float, float]] = []   # (cue, start, end) breaths out

    def on_event(self, event: GameEvent) -> None:
        if isinstance(event, Stride) and event.stumbled:
            self.stumbles.append(event.time)
            del self.stumbles[:-4]
        elif isinstance(event, HoldStarted) and event.cue.action == "breath":
            self.breaths.append((event.cue.index, event.time, event.cue.end_time))
            del self.breaths[:-3]
        elif isinstance(event, Breath) and not event.held:
            for k, (cue, start, _end) in enumerate(self.breaths):
                if cue == event.cue.index:      # let go early: the breath stops there
                    self.breaths[k] = (cue, start, event.time)

    # -- per frame ----------------------------------------------------------------------
    def draw(self, canvas: pygame.Surface, t: float, snap: RiverSnapshot | None
             ) -> Iterator[None]:
        pose = self.camera.at(t)
        cam = pose.cam_x
        self.back.draw(canvas, cam)
        self.middle.draw(canvas, cam)
        canvas.blit(self.ship, (round(self.ship_left(cam)),
                                art.WATER_Y + 2 - self.ship.get_height()))
        self.water.draw(canvas, cam)
        self._draw_sparkles(canvas, t, cam)
        yield
        self.front.draw(canvas, cam)
        self._draw_markers(canvas, cam)
        yield
        self._draw_runner(canvas, t, pose.runner_x)
        self._draw_breath(canvas, t, cam)
        self.tree.draw(canvas, cam)
        if snap is not None:
            self._draw_distance(canvas, snap)

    def ship_left(self, cam_x: float) -> float:
        """The ship's left edge on screen: she creeps astern with the far bank, so slowly
        that she is in frame from the first stride to the last."""
        bowsprit = SHIP_START_X - (cam_x - self.cam_start) * self.far_factor
        return bowsprit - self.ship.get_width() * 0.9

    def _draw_sparkles(self, canvas: pygame.Surface, t: float, cam: float) -> None:
        """The low sun glinting on the far water, each glint winking on and off."""
        off = (cam * self.water_factor) % art.SKY_TILE
        speed = 0.8 if self.reduced_motion else 2.6
        for x, y, phase in self.sparkles:
            sx = (x - off) % art.SKY_TILE
            if sx > W:
                continue
            f = math.sin(speed * t + phase)
            if f > 0.55:
                g = round(180 * (f - 0.55) / 0.45)
                canvas.fill((g, g, round(g * 0.8)), (round(sx), round(y), 9, 2),
                            special_flags=pygame.BLEND_RGB_ADD)

    def _draw_markers(self, canvas: pygame.Surface, cam: float) -> None:
        for n, plaque in enumerate(self.markers, start=1):
            x = (self.zero_m + n * MARKER_M) * PX_PER_M - cam
            if -80 < x < W + 10:
                canvas.blit(plaque, (round(x), art.RAIL_Y + 8))

    def _draw_runner(self, canvas: pygame.Surface, t: float, x: float) -> None:
        draw_striding(canvas, self.runner, self.stride, self.stumbles, t, x, GROUND_Y)

    def _draw_breath(self, canvas: pygame.Surface, t: float, cam: float) -> None:
        """Clouds of breath left hanging in the air behind the runner as it breathes out."""
        sprites = self.puff_sprites
        for _cue, start, end in self.breaths:
            if t < start or t > end + PUFF_LIFE:
                continue
            k0 = max(0, math.ceil((t - PUFF_LIFE - start) / PUFF_EVERY))
            k1 = int((min(t, end) - start) / PUFF_EVERY)
            for k in range(k0, k1 + 1):
                born = start + k * PUFF_EVERY
                age = t - born
                if not 0 <= age < PUFF_LIFE:
                    continue
                at = self.camera.at(born)
                wx = at.cam_x + at.runner_x + MOUTH[0]
                spr = sprites[min(len(sprites) - 1, int(age / PUFF_LIFE * len(sprites)))]
                r = spr.get_width() // 2
                canvas.blit(spr, (round(wx - cam - r + 30 * age),
                                  round(GROUND_Y + MOUTH[1] - r - 26 * age)))

    def _draw_distance(self, canvas: pygame.Surface, snap: RiverSnapshot) -> None:
        rect = self.text.blit(canvas, f"{snap.distance_m:.0f}", 40, (22, 104), (240, 236, 226),
                              True)
        self.text.blit(canvas, "METRES", 14, (rect.right + 8, rect.bottom - 22),
                       (190, 196, 214), True)
        if snap.breaths:
            self.text.blit(canvas, f"{snap.breaths} BREATHS", 14, (24, rect.bottom + 4),
                           (170, 206, 236), True)


VIEW = RiverRunView
