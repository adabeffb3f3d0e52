"""Beneath the stone arches by the river: the runner on the towpath, the camera gliding
beside, the far bank through the arches. When the cue track goes dark the frame tightens
and darkens with it, a stretch of solitude run by ear.

The Steadicam, the parallax and the runner are the city runs' shared ones
(game.gfx.running), so the runs cut together as one film; the stone, the water and the
lamps are this stage's own (art.py).
"""

from __future__ import annotations

import math
from collections.abc import Iterator

import pygame

from game.core.events import GameEvent
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
from game.gfx.stage_view import H, StageView, W
from game.gfx.text import TextCache
from game.stages.bridge_run import art
from game.stages.bridge_run.rules import (
    DARK_BARS,
    FEET,
    STEP_M,
    BridgeSnapshot,
    Stride,
    dark_amount,
)

PX_PER_M = 110.0          # at the runner's depth: a 1.8 m runner is ~200 px tall
RUNNER_SCALE = 0.8
GROUND_Y = 604            # the runner's feet
ANCHOR_X = 470.0          # where the runner sits in frame at a steady pace
REST_SPEED = 1.3          # m/s: walking it out by the water
SPLASH_S = 0.3
#: scroll factors, far to near: far bank, water, arcade, towpath, a pier by the lens
FACTORS = (0.05, 0.2, 0.6, 1.0, 2.2)
DARKEN = 105              # how much the scene dims (of 255) with the track fully dark
LETTERBOX = 56            # px the frame closes in, top and bottom


def interval_speeds(level: Level, cues: tuple[Cue, ...]) -> list[tuple[float, float]]:
    """(song time, target m/s) at each interval start (see gfx.running.interval_speeds)."""
    return shared_speeds(level, cues, FEET, STEP_M, REST_SPEED)


class BridgeRunView(StageView):
    cue_track_y = 640
    rest_anchor = (920, 220)      # in the arch's opening over the water, clear of the runner

    def __init__(self, level: Level, stage: StageInfo, cues: tuple[Cue, ...],
                 text: TextCache, reduced_motion: bool = False) -> None:
        super().__init__(level, stage, cues, text, reduced_motion)
        self.dark_bars = int(level.options.get("dark_bars", DARK_BARS))
        arcade = ParallaxLayer(art.arcade(), 0, FACTORS[2], subpixel=1, alpha=False)
        near = ParallaxLayer(art.near_pier(), 0, FACTORS[4], subpixel=1, alpha=False)
        self.arcade = arcade
        self.parallax = Parallax([
            ParallaxLayer(art.far_bank(), 0, FACTORS[0]),
            ParallaxLayer(art.river_strip(), art.HORIZON, FACTORS[1]),
            arcade,
            ParallaxLayer(art.towpath(), art.PATH_Y, FACTORS[3], subpixel=2),
        ])
        self.near = near
        self.glow = art.lamp_glow()
        self.glint = art.glint()
        self.shadows = art.edge_shadow()
        speeds = interval_speeds(level, cues)
        self.camera = FollowCamera(v0=REST_SPEED, px_per_m=PX_PER_M, anchor_x=ANCHOR_X,
                                   float_px=0.0 if reduced_motion else 9.0,
                                   t0=-level.lead_in - 2.0)
        for t, v in speeds:
            self.camera.set_speed(t, v)
        self.camera.set_speed(level.duration, REST_SPEED)
        feet = [(c.time, c.action) for c in cues if c.action in FEET and c.kind != "release"]
        self.stride = StrideTrack(feet, idle_period=0.46, max_gap=1.0,
                                  start=-level.lead_in - 2.0, end=level.duration + 6.0)
        self.runner = runner_set(scale=RUNNER_SCALE)
        self.stumbles: list[float] = []
        self.splashes: list[tuple[float, float]] = []     # time, world x of the landing

    def track_visibility(self, t: float) -> float:
        return 1.0 - dark_amount(self.level, t, self.dark_bars)

    def on_event(self, event: GameEvent) -> None:
        if not isinstance(event, Stride):
            return
        if event.stumbled:
            self.stumbles.append(event.time)
            del self.stumbles[:-4]
            return
        pose = self.camera.at(event.time)
        self.splashes.append((event.time, pose.cam_x + pose.runner_x))
        del self.splashes[:-6]

    # -- per frame ----------------------------------------------------------------------
    def draw(self, canvas: pygame.Surface, t: float, snap: BridgeSnapshot | None
             ) -> Iterator[None]:
        pose = self.camera.at(t)
        self.parallax.draw(canvas, pose.cam_x, 0, 2)
        yield
        self.parallax.draw(canvas, pose.cam_x, 2, 4)
        self._draw_lamps(canvas, pose.cam_x, t)
        dark = dark_amount(self.level, t, self.dark_bars)
        if dark > 0.004:            # dim all but the letterbox bars, which go black anyway
            m = 255 - round(DARKEN * dark)
            bar = round(LETTERBOX * dark)
            canvas.fill((m, m, m), (0, bar, W, H - 2 * bar), special_flags=pygame.BLEND_RGB_MULT)
        yield
        self._draw_runner(canvas, t, pose.runner_x)
        self._draw_splashes(canvas, t, pose.cam_x)
        self.near.draw(canvas, pose.cam_x)
        if dark > 0.004:
            self._tighten(canvas, dark)
        if snap is not None:
            self._draw_distance(canvas, snap)

    def _draw_lamps(self, canvas: pygame.Surface, cam_x: float, t: float) -> None:
        """Each pier lamp's pool of light on the stone and its broken streak on the water."""
        off = self.arcade.offset(cam_x)
        r = self.glow.get_width() // 2
        gw = self.glint.get_width()
        for k in range(3):
            x = art.LAMP[0] + k * art.ARCH_SPAN - off
            if x < -r or x > W + r:
                continue
            canvas.blit(self.glow, (x - r, art.LAMP[1] - r), special_flags=pygame.BLEND_RGB_ADD)
            for j in range(5):              # the reflection breaks up on the slow swell
                y = 402 + j * 16
                sway = 0.0 if self.reduced_motion else 7 * math.sin(1.3 * t + j * 1.9 + k)
                canvas.blit(self.glint, (x - gw // 2 + sway + (j % 2) * 9, y),
                            special_flags=pygame.BLEND_RGB_ADD)

    def _draw_runner(self, canvas: pygame.Surface, t: float, x: float) -> None:
        draw_striding(canvas, self.runner, self.stride, self.stumbles, t, x, GROUND_Y)

    def _draw_splashes(self, canvas: pygame.Surface, t: float, cam_x: float) -> None:
        """Damp flagstones: a few drops kick up where a clean stride lands."""
        for when, wx in self.splashes:
            dt = t - when
            if not 0 <= dt < SPLASH_S:
                continue
            x0 = wx - cam_x
            fade = 1 - dt / SPLASH_S
            col = (round(90 + 80 * fade), round(96 + 80 * fade), round(110 + 80 * fade))
            for k in range(5):
                vx = (k - 2) * 55
                vy = -160 - 40 * (k % 3)
                px = x0 + vx * dt
                py = GROUND_Y + vy * dt + 900 * dt * dt
                if py <= GROUND_Y + 2:
                    canvas.fill(col, (round(px), round(py), 2, 2))

    def _tighten(self, canvas: pygame.Surface, dark: float) -> None:
        """The frame closes in: the letterbox bars, and darkness from the sides between."""
        left, right = self.shadows
        a = round(255 * dark)
        left.set_alpha(a)
        right.set_alpha(a)
        bar = round(LETTERBOX * dark)
        area = pygame.Rect(0, bar, left.get_width(), H - 2 * bar)
        canvas.blit(left, (0, bar), area)
        canvas.blit(right, (W - right.get_width(), bar), area)
        if bar:
            canvas.fill((4, 4, 8), (0, 0, W, bar))
            canvas.fill((4, 4, 8), (0, H - bar, W, bar))

    def _draw_distance(self, canvas: pygame.Surface, snap: BridgeSnapshot) -> None:
        rect = self.text.blit(canvas, f"{snap.distance_m:.0f}", 40, (22, 104), (236, 230, 214),
                              True)
        self.text.blit(canvas, "METRES", 14, (rect.right + 8, rect.bottom - 22),
                       (170, 166, 176), True)
        if snap.by_ear:
            self.text.blit(canvas, f"{snap.by_ear} BY EAR", 14, (24, rect.bottom + 4),
                           (180, 170, 220), True)


VIEW = BridgeRunView
