"""The gym at dawn: the fighter on his back on the ring apron, a partner beside the ring
lifting the medicine ball overhead and driving it down into his middle.

The wind-up is the clock: the ball goes up slowly, waits at the top and comes down fast, so
the player braces (both keys) as it lands and lets the breath out on the exhale. A braced
middle bounces the ball back into the partner's hands; an unbraced one folds, and the
screen shakes (not with reduced motion).
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Iterator

import numpy as np
import pygame

from game.core.events import GameEvent, Hit, HoldEnded, HoldStarted
from game.core.level import Cue, Level
from game.core.stage import StageInfo
from game.gfx import gym
from game.gfx.draw import additive_glow, ease_out
from game.gfx.stage_view import StageView
from game.stages.medicine_ball.rules import BallSnapshot, Throw, Winded

CANVAS_Y = 430                       # the near edge of the ring's canvas
BELLY = (420, 386)                   # where the ball lands
CHEST_HOLD = (496, 256)              # the partner holds the ball here between throws
OVERHEAD = (470, 112)                # ...and lifts it to here
PARTNER_AT = (512, 384)              # his feet, on the canvas behind the fighter
PARTNER_SCALE = 0.86
COACH_AT = (1010, 632)
DRIVE = 0.22                         # seconds from the top of the wind-up to the impact
CATCH = 0.45                         # seconds from the impact back into his hands
BALL_R = 30
SKIN = (226, 178, 146)
PARTNER_SKIN = (120, 82, 60)


def ball_surface() -> pygame.Surface:
    """A worn leather medicine ball, lit from the window on the left."""
    d = BALL_R * 2
    yy, xx = np.mgrid[0:d, 0:d]
    nx, ny = (xx - BALL_R + 0.5) / BALL_R, (yy - BALL_R + 0.5) / BALL_R
    r2 = nx ** 2 + ny ** 2
    nz = np.sqrt(np.clip(1 - r2, 0, 1))
    light = np.clip(0.3 + 0.8 * (-0.55 * nx - 0.45 * ny + 0.7 * nz), 0.15, 1.2)
    rgb = np.stack([110 * light, 66 * light, 38 * light], axis=-1)
    surf = pygame.Surface((d, d), pygame.SRCALPHA)
    px = pygame.surfarray.pixels3d(surf)
    px[:, :, :] = np.clip(rgb.transpose(1, 0, 2), 0, 255).astype(np.uint8)
    del px
    al = pygame.surfarray.pixels_alpha(surf)
    al[:, :] = np.where(r2.T <= 1.0, 255, 0).astype(np.uint8)
    del al
    pygame.draw.arc(surf, (60, 34, 20), (6, -BALL_R // 2, d - 12, d + BALL_R), 3.6, 5.8, 2)
    pygame.draw.arc(surf, (60, 34, 20), (-BALL_R // 2, 8, d + BALL_R, d - 16), 5.2, 7.4, 2)
    return gym.finish(surf, True)


def partner_surface() -> pygame.Surface:
    """The sparring partner without his arms (drawn each frame to the ball), facing left."""
    s = pygame.Surface((170, 300), pygame.SRCALPHA)
    cx = 84
    pygame.draw.polygon(s, (70, 72, 80), [(cx - 34, 170), (cx + 32, 170), (cx + 30, 288),
                                          (cx + 8, 288), (cx, 206), (cx - 8, 288),
                                          (cx - 30, 288)])                 # sweatpants
    pygame.draw.ellipse(s, (30, 28, 28), (cx - 40, 282, 34, 14))
    pygame.draw.ellipse(s, (30, 28, 28), (cx + 2, 282, 34, 14))
    pygame.draw.polygon(s, (40, 54, 92), [(cx - 40, 70), (cx + 38, 70), (cx + 34, 176),
                                          (cx - 34, 176)])                 # t-shirt
    pygame.draw.line(s, (30, 40, 70), (cx - 34, 172), (cx + 34, 172), 4)
    pygame.draw.rect(s, PARTNER_SKIN, (cx - 10, 50, 22, 24))              # neck
    pygame.draw.ellipse(s, PARTNER_SKIN, (cx - 26, 4, 50, 56))            # head
    pygame.draw.ellipse(s, (30, 24, 22), (cx - 26, 0, 50, 26))            # short hair
    pygame.draw.ellipse(s, (100, 66, 48), (cx - 34, 24, 14, 14))          # nose, to the left
    pygame.draw.circle(s, (20, 16, 16), (cx - 14, 24), 3)                 # eye
    pygame.draw.ellipse(s, (100, 66, 48), (cx + 10, 22, 12, 18))          # ear
    s = pygame.transform.smoothscale(s, (round(170 * PARTNER_SCALE), round(300 * PARTNER_SCALE)))
    return gym.finish(s, True)


class MedicineBallView(StageView):
    cue_track_y = 640
    rest_anchor = (1075, 204)       # on the wall right of the ring, above the coach

    def __init__(self, level: Level, stage: StageInfo, cues: tuple[Cue, ...], text,
                 reduced_motion: bool = False) -> None:
        super().__init__(level, stage, cues, text, reduced_motion)
        self.background = self._build_background()
        self.ball = ball_surface()
        self.partner = partner_surface()
        self.coach = gym.coach_sprites(0.9, facing="left", tint=0.9)
        self.thud = additive_glow(60, (255, 190, 130), 0.8)
        self.breath = additive_glow(22, (110, 120, 130), 0.7)
        self.holding: dict[int, float] = {}      # brace cue index -> when the brace began
        self.released = -99.0                    # when the last brace let go
        self.exhaled: list[float] = []           # exhales on time
        self.winded: dict[int, float] = {}       # brace cue index -> when he was winded
        self.last_winded = -99.0
        self._throw_starts: tuple[float, ...] = ()

    def _build_background(self) -> pygame.Surface:
        bg = gym.gym_backdrop(self.text, window=(70, 50, 250, 300), shaft_foot=(360, 840),
                              poster=None, pipe_x=1250)
        gym.draw_ring(bg, 110, 860, CANVAS_Y, depth=80, apron_h=130, post_h=160)
        gym.vignette(bg)
        return gym.finish(bg)

    # -- reacting -----------------------------------------------------------------------
    def on_event(self, event: GameEvent) -> None:
        if isinstance(event, HoldStarted):
            self.holding[event.cue.index] = event.time
        elif isinstance(event, HoldEnded):
            self.holding.pop(event.cue.index, None)
            self.released = event.time
        elif isinstance(event, Winded):
            self.winded[event.brace] = event.time
            self.last_winded = event.time
        elif isinstance(event, Hit) and event.cue.kind == "release":
            self.exhaled.append(event.time)
            if len(self.exhaled) > 4:
                del self.exhaled[:-4]

    # -- per frame ----------------------------------------------------------------------
    def _throw_at(self, t: float, snap: BallSnapshot) -> Throw | None:
        """The throw being wound up, driven or caught at t."""
        if len(self._throw_starts) != len(snap.throws):
            self._throw_starts = tuple(th.windup_start for th in snap.throws)
        k = bisect_right(self._throw_starts, t) - 1
        if k < 0:
            return None
        th = snap.throws[k]
        return th if t < th.impact + CATCH else None

    def ball_pos(self, t: float, th: Throw | None) -> tuple[float, float]:
        """Where the ball is: held, lifted, driven down onto the belly, bouncing back."""
        if th is None:
            return CHEST_HOLD
        drive = min(DRIVE, 0.4 * th.windup)
        top = th.impact - drive
        if t < top:                                  # the lift, and a wait at the top
            u = ease_out(min(1.0, (t - th.windup_start) / max(0.05, 0.75 * (top -
                                                                         th.windup_start))))
            return (CHEST_HOLD[0] + (OVERHEAD[0] - CHEST_HOLD[0]) * u,
                    CHEST_HOLD[1] + (OVERHEAD[1] - CHEST_HOLD[1]) * u)
        if t < th.impact:                            # driven down, accelerating
            u = ((t - top) / drive) ** 2
            return (OVERHEAD[0] + (BELLY[0] - OVERHEAD[0]) * u,
                    OVERHEAD[1] + (BELLY[1] - OVERHEAD[1]) * u)
        u = (t - th.impact) / CATCH                  # the bounce back into his hands
        braced = th.brace not in self.winded
        hop = (70 if braced else 24) * math.sin(math.pi * min(1.0, u))
        return (BELLY[0] + (CHEST_HOLD[0] - BELLY[0]) * u,
                BELLY[1] + (CHEST_HOLD[1] - BELLY[1]) * u - hop)

    def _fighter(self, canvas: pygame.Surface, t: float, th: Throw | None) -> None:
        """The fighter on his back, head to the left: curled up tight while braced."""
        braced = bool(self.holding)
        since = t - (min(self.holding.values()) if braced else self.released)
        curl = min(1.0, since / 0.08) if braced else max(0.0, 1 - since / 0.2)
        dent = 0.0
        if th is not None and 0 <= t - th.impact < 0.3:
            hurt = th.brace in self.winded
            dent = (14 if hurt else 5) * (1 - (t - th.impact) / 0.3)
        fold = 0.0
        if 0 <= t - self.last_winded < 0.9:
            fold = math.sin(math.pi * (t - self.last_winded) / 0.9)
            curl = max(curl, 0.7 * fold)
        hips = (520, CANVAS_Y - 24)
        shoulders = (320, CANVAS_Y - 26 - 30 * curl)
        head = (272 - 8 * curl, CANVAS_Y - 40 - 50 * curl)
        knees = (622, CANVAS_Y - 96 - 16 * fold)
        feet = (706 - 22 * fold, CANVAS_Y - 12)
        shorts, shirt = (150, 36, 34), (120, 122, 128)
        pygame.draw.line(canvas, SKIN, knees, feet, 22)                      # shins
        pygame.draw.ellipse(canvas, (236, 232, 226), (feet[0] - 14, feet[1] - 12, 42, 20))
        pygame.draw.line(canvas, SKIN, hips, knees, 26)                      # thighs
        pygame.draw.circle(canvas, SKIN, knees, 13)
        thigh = ((hips[0] * 2 + knees[0]) / 3, (hips[1] * 2 + knees[1]) / 3)
        pygame.draw.line(canvas, shorts, hips, thigh, 40)                    # shorts
        mid = ((hips[0] + shoulders[0]) / 2, (hips[1] + shoulders[1]) / 2 + dent)
        belly = [(hips[0], hips[1] - 24), (mid[0], mid[1] - 30 + 5 * curl),
                 (shoulders[0], shoulders[1] - 24), (shoulders[0] - 8, shoulders[1] + 22),
                 (hips[0], hips[1] + 22)]
        pygame.draw.polygon(canvas, shirt, belly)                            # sweatshirt
        if curl > 0.5:      # the tensed middle: creases in the shirt
            for k in range(3):
                x = mid[0] - 30 + 30 * k
                pygame.draw.line(canvas, (90, 92, 100), (x, mid[1] - 18), (x + 6, mid[1]), 2)
        pygame.draw.circle(canvas, shorts, hips, 22)
        pygame.draw.circle(canvas, SKIN, (round(head[0]), round(head[1])), 26)   # head
        pygame.draw.arc(canvas, (50, 36, 30), (head[0] - 26, head[1] - 26, 52, 52),
                        0.3, 2.9, 8)                                           # hair
        pygame.draw.line(canvas, SKIN, shoulders, head, 14)                   # neck
        # arms: gripping the canvas edge when braced, flat out when not
        elbow = (shoulders[0] + 30, shoulders[1] + 24)
        hand = (shoulders[0] + 62, CANVAS_Y - 4) if curl > 0.3 else (shoulders[0] - 60,
                                                                      CANVAS_Y - 12)
        pygame.draw.line(canvas, shirt, shoulders, elbow, 16)
        pygame.draw.line(canvas, SKIN, elbow, hand, 12)
        pygame.draw.circle(canvas, (220, 214, 200), hand, 9)                  # taped fist

    def _partner(self, canvas: pygame.Surface, ball: tuple[float, float]) -> None:
        """The partner behind the fighter, both hands on the ball (drawn before the fighter,
        the ball after him: it lands on his front)."""
        rect = self.partner.get_rect(midbottom=PARTNER_AT)
        sh_y = rect.top + round(80 * PARTNER_SCALE)
        far, near = (rect.left + round(104 * PARTNER_SCALE), sh_y), (rect.left + round(
            50 * PARTNER_SCALE), sh_y)
        self._arm(canvas, far, (ball[0] + 20, ball[1] + 4), (96, 64, 46), None)
        canvas.blit(self.partner, rect)
        self._arm(canvas, near, (ball[0] - 20, ball[1] + 6), PARTNER_SKIN, (40, 54, 92))

    @staticmethod
    def _arm(canvas: pygame.Surface, shoulder: tuple[float, float], hand: tuple[float, float],
             skin: tuple[int, int, int], sleeve: tuple[int, int, int] | None) -> None:
        dx, dy = hand[0] - shoulder[0], hand[1] - shoulder[1]
        elbow = (shoulder[0] + dx / 2 + 22, shoulder[1] + dy / 2 + 10)   # elbows out
        if sleeve is not None:
            pygame.draw.line(canvas, sleeve, shoulder, ((shoulder[0] + elbow[0]) / 2,
                                                        (shoulder[1] + elbow[1]) / 2), 17)
        pygame.draw.line(canvas, skin, shoulder, elbow, 13)
        pygame.draw.line(canvas, skin, elbow, hand, 12)
        pygame.draw.circle(canvas, skin, (round(hand[0]), round(hand[1])), 8)

    def draw(self, canvas: pygame.Surface, t: float, snap: object) -> Iterator[None]:
        shake = (0, 0)
        if not self.reduced_motion and 0 <= t - self.last_winded < 0.4:
            k = 1 - (t - self.last_winded) / 0.4
            shake = (round(9 * k * math.sin(t * 95)), round(6 * k * math.cos(t * 71)))
        canvas.blit(self.background, shake)
        yield
        th = self._throw_at(t, snap) if isinstance(snap, BallSnapshot) else None
        ball = self.ball_pos(t, th)
        self._partner(canvas, ball)
        self._fighter(canvas, t, th)
        canvas.blit(self.ball, (round(ball[0]) - BALL_R, round(ball[1]) - BALL_R))
        if th is not None and 0 <= t - th.impact < 0.12 and th.brace not in self.winded:
            canvas.blit(self.thud, (BELLY[0] - 60, BELLY[1] - 40),
                        special_flags=pygame.BLEND_RGB_ADD)
        for when in self.exhaled:            # the breath let out, drifting up
            dt = t - when
            if 0 <= dt < 0.6:
                x, y = 250 - 60 * dt, CANVAS_Y - 90 - 90 * dt
                canvas.blit(self.breath, (x - 22, y - 22), special_flags=pygame.BLEND_RGB_ADD)
        yield
        winded = 0 <= t - self.last_winded < 0.9
        gym.draw_coach(canvas, self.coach, "call" if winded else "watch", COACH_AT)
        if winded and not self.reduced_motion and t - self.last_winded < 0.12:
            canvas.fill((60, 0, 0), special_flags=pygame.BLEND_RGB_ADD)


VIEW = MedicineBallView
