"""The gym at dawn, in the ring: one-arm push-ups on the canvas, the coach counting with the
fighter toward fifty; the arm switches at the halfway and the arm starts to shake."""

from __future__ import annotations

import math
from collections.abc import Iterator

import pygame

from game.core.events import Call, Fanfare, GameEvent, HoldEnded, HoldStarted
from game.core.level import Cue, Level
from game.core.stage import StageInfo
from game.gfx import gym
from game.gfx.draw import additive_glow
from game.gfx.stage_view import StageView
from game.stages.push_ups.art import DEPTHS, GROUND, SCALE, SPRITE, bubble, fighter_frames
from game.stages.push_ups.rules import GOAL, SWITCH_EVERY, PushUpSnapshot, Rep

CANVAS_Y = 480                     # the ring's near canvas edge
RING = (330, 1236)
SPRITE_W = round(SPRITE[0] * SCALE)
FIGHTER_AT = (380, CANVAS_Y - 30 - round(GROUND * SCALE))   # the sprite's top-left
HEAD_IN = round(70 * SCALE)        # the head's x from the sprite's leading edge
COACH_AT = (178, 616)              # his feet, on the floor left of the ring
COACH_BUBBLE = (212, 300)
FIGHTER_BUBBLE = {"left": (FIGHTER_AT[0] + HEAD_IN - 96, 226),
                  "right": (FIGHTER_AT[0] + SPRITE_W - HEAD_IN - 20, 226)}
BUBBLE_S = 0.7                     # how long a count stays in its bubble
UP_S = 0.22                        # pushing up, seconds
SHADOW, COUNT, DONE = (20, 16, 24), (255, 240, 220), (255, 214, 120)
COUNT_COLOURS = (SHADOW, COUNT, DONE)
COACH_INK, FIGHTER_INK, AGAIN_INK = (40, 30, 24), (30, 40, 70), (170, 40, 30)


class PushUpsView(StageView):
    cue_track_y = 632
    rest_anchor = (1040, 196)

    def __init__(self, level: Level, stage: StageInfo, cues: tuple[Cue, ...], text,
                 reduced_motion: bool = False) -> None:
        super().__init__(level, stage, cues, text, reduced_motion)
        bg = gym.gym_backdrop(text, window=(640, 40, 240, 230), shaft_foot=(620, 1000),
                              poster=(1040, 80, 150, 210), pipe_x=1250)
        gym.draw_ring(bg, RING[0], RING[1], CANVAS_Y, depth=80, apron_h=80, post_h=150)
        self._draw_towel(bg)
        gym.vignette(bg)
        self.background = gym.finish(bg)
        self.frames = dict(zip(("left", "right"), fighter_frames(), strict=True))
        self.coach = gym.coach_sprites(scale=0.9, facing="right")
        self.bubbles = {"coach": bubble((128, 62), (250, 246, 232), "left"),
                        "left": bubble((104, 50), (226, 236, 250), "right"),
                        "right": bubble((104, 50), (226, 236, 250), "left")}
        self.shadow = self._shadow()
        self.glow = additive_glow(150, (255, 214, 140), 0.6)
        self.moves: list[tuple[float, float, float]] = []    # (when, to depth, seconds)
        self.last_rep: Rep | None = None
        self.call_at = -9.0
        self.fanfare_at: float | None = None
        self.hold_len = {c.index: c.end_time - c.time for c in cues if c.kind == "hold"}
        self._warm_text(max(GOAL, sum(c.kind in ("tap", "hold") for c in cues)))

    def _warm_text(self, most: int) -> None:
        """Render every count once now, so a rep's frame never waits on the font."""
        for n in range(most + 1):
            for colour in COUNT_COLOURS:
                self.text.render(f"{n}", 52, colour, True)
            self.text.render(f"{n}!", 28, COACH_INK, True)
            self.text.render(f"{n}", 24, FIGHTER_INK, True)
        self.text.render("AGAIN!", 22, AGAIN_INK, True)

    # -- building once ------------------------------------------------------------------
    @staticmethod
    def _draw_towel(bg: pygame.Surface) -> None:
        """A towel over the bottom rope and a water bottle on the apron, by the far post."""
        x = RING[1] - 70
        pygame.draw.polygon(bg, (220, 214, 196), [(x, CANVAS_Y - 58), (x + 40, CANVAS_Y - 56),
                                                  (x + 36, CANVAS_Y - 12), (x + 4, CANVAS_Y - 14)])
        for k in range(3):
            pygame.draw.line(bg, (180, 60, 50), (x + 2, CANVAS_Y - 26 + k * 5),
                             (x + 38, CANVAS_Y - 24 + k * 5), 2)
        pygame.draw.rect(bg, (90, 140, 170), (RING[0] + 40, CANVAS_Y - 40, 16, 34),
                         border_radius=4)
        pygame.draw.rect(bg, (230, 230, 236), (RING[0] + 44, CANVAS_Y - 48, 8, 9))

    @staticmethod
    def _shadow() -> pygame.Surface:
        s = pygame.Surface((360, 20), pygame.SRCALPHA)
        pygame.draw.ellipse(s, (20, 16, 14, 110), s.get_rect())
        return gym.finish(s, True)

    # -- reacting -----------------------------------------------------------------------
    def on_event(self, event: GameEvent) -> None:
        if isinstance(event, HoldStarted):
            length = self.hold_len.get(event.cue.index, 0.5)
            self.moves.append((event.time, 1.0, max(0.18, min(0.7, 0.7 * length))))
        elif isinstance(event, HoldEnded):
            self.moves.append((event.time, 0.0, UP_S))
        elif isinstance(event, Rep):
            self.last_rep = event
        elif isinstance(event, Call):
            self.call_at = event.time
        elif isinstance(event, Fanfare):
            self.fanfare_at = event.time
        if len(self.moves) > 6:
            del self.moves[:-6]

    # -- per frame ----------------------------------------------------------------------
    def _follow_key(self, t: float, down: bool) -> None:
        """A press the judge did not take (late, early, the wrong arm) still lowers him,
        and letting go pushes him up: the key's state overrides a stale pose."""
        lowering = bool(self.moves) and self.moves[-1][1] > 0.5
        if down != lowering and (not self.moves or t >= self.moves[-1][0]):
            self.moves.append((t, 1.0, 0.4) if down else (t, 0.0, UP_S))
            del self.moves[:-6]

    def _depth(self, t: float) -> float:
        """0 arms straight .. 1 chest down, easing between the moves the events started."""
        depth = 0.0
        for when, to, dur in self.moves:
            if when > t:
                break
            k = min(1.0, (t - when) / dur)
            depth = depth + (to - depth) * (1 - (1 - k) ** 2)
        return depth

    def _resting(self, t: float) -> bool:
        i = self.level.interval_at_time(t)
        return 0 <= i < len(self.level.intervals) and not self.level.intervals[i].is_work

    def draw(self, canvas: pygame.Surface, t: float, snap: PushUpSnapshot | None
             ) -> Iterator[None]:
        canvas.blit(self.background, (0, 0))
        yield
        arm = snap.arm if snap is not None else "left"
        reps = snap.reps if snap is not None else 0
        if snap is not None:
            self._follow_key(t, snap.down)
        depth = self._depth(t)
        if self._resting(t) and depth < 0.05 and t > 0:
            depth = 0.9                                   # down on the canvas for a breath
        frame = self.frames[arm][min(DEPTHS - 1, round(depth * (DEPTHS - 1)))]
        x, y = FIGHTER_AT
        tired = ((reps - 1) % SWITCH_EVERY + 1) / SWITCH_EVERY if reps else 0.0
        if not self.reduced_motion and 0.3 < depth < 0.98 and tired > 0.3:
            x += round(math.sin(t * 53.0) * 2.5 * tired)      # the working arm shakes
            y += round(math.sin(t * 41.0 + 1.3) * 1.5 * tired)
        canvas.blit(self.shadow, (FIGHTER_AT[0] + (SPRITE_W - 360) // 2, CANVAS_Y - 40))
        canvas.blit(frame, (x, y))
        self._draw_sweat(canvas, t, arm, depth, tired)
        self._draw_coach(canvas, t)
        yield
        self._draw_count(canvas, t, reps, arm)
        self._draw_bubbles(canvas, t, arm)

    def _draw_sweat(self, canvas: pygame.Surface, t: float, arm: str, depth: float,
                    tired: float) -> None:
        """Drops falling from the brow once the arm is tiring (a fixed rhythm, no state)."""
        if tired < 0.4 or self.reduced_motion:
            return
        hx = FIGHTER_AT[0] + (HEAD_IN if arm == "left" else SPRITE_W - HEAD_IN)
        hy = FIGHTER_AT[1] + (GROUND - 110 + depth * 46) * SCALE
        for k in range(3):
            phase = (t * 1.3 + k * 0.37) % 1.0
            if phase > 0.6:
                continue
            dx = (k - 1) * 7
            pygame.draw.circle(canvas, (190, 220, 240),
                               (round(hx + dx), round(hy + phase * (CANVAS_Y - 36 - hy) / 0.6)),
                               2)

    def _draw_coach(self, canvas: pygame.Surface, t: float) -> None:
        pose = "watch"
        rep = self.last_rep
        if rep is not None and 0 <= t - rep.time < BUBBLE_S:
            pose = "call"
        if 0 <= t - self.call_at < 1.2 or (self.fanfare_at is not None and
                                           t - self.fanfare_at >= 0):
            pose = "point"
        gym.draw_coach(canvas, self.coach, pose, COACH_AT)

    def _draw_count(self, canvas: pygame.Surface, t: float, reps: int, arm: str) -> None:
        """The count so far out of fifty, with the halfway marked where the arm switches."""
        x, y = 22, 108
        done = self.fanfare_at is not None and t >= self.fanfare_at
        if done and not self.reduced_motion and t - self.fanfare_at < 2.0:
            canvas.blit(self.glow, (x + 40 - 150, y + 30 - 150),
                        special_flags=pygame.BLEND_RGB_ADD)
        colour = DONE if done else COUNT
        self.text.blit(canvas, f"{reps}", 52, (x + 2, y + 2), SHADOW, True)
        r = self.text.blit(canvas, f"{reps}", 52, (x, y), colour, True)
        self.text.blit(canvas, f"/ {GOAL} PUSH-UPS", 16, (r.right + 8, r.bottom - 26),
                       (220, 210, 200), True)
        bar = pygame.Rect(x, y + 60, 200, 8)
        pygame.draw.rect(canvas, (30, 26, 34), bar)
        pygame.draw.rect(canvas, colour, (bar.x, bar.y, int(bar.w * min(1.0, reps / GOAL)),
                                          bar.h))
        mid = bar.x + bar.w * SWITCH_EVERY // GOAL
        pygame.draw.line(canvas, (120, 170, 230), (mid, bar.y - 4), (mid, bar.bottom + 3), 2)
        label = "LEFT ARM" if arm == "left" else "RIGHT ARM"
        self.text.blit(canvas, label, 14, (x, bar.bottom + 8), (200, 190, 180), True)

    def _draw_bubbles(self, canvas: pygame.Surface, t: float, arm: str) -> None:
        """The two voices: the coach calls the number, the fighter grinds it out after him."""
        rep = self.last_rep
        if rep is None or not 0 <= t - rep.time < BUBBLE_S:
            return
        rise = 0 if self.reduced_motion else round(6 * (t - rep.time) / BUBBLE_S)
        bx, by = COACH_BUBBLE
        canvas.blit(self.bubbles["coach"], (bx, by - rise))
        word, col = (f"{rep.count}!", COACH_INK) if rep.made else ("AGAIN!", AGAIN_INK)
        self.text.blit(canvas, word, 28 if rep.made else 22, (bx + 64, by + 31 - rise), col,
                       True, anchor="center")
        if rep.made and t - rep.time >= 0.07:        # a beat behind the coach, like the sound
            fx, fy = FIGHTER_BUBBLE[arm]
            canvas.blit(self.bubbles[arm], (fx, fy - rise))
            self.text.blit(canvas, f"{rep.count}", 24, (fx + 52, fy + 25 - rise),
                           FIGHTER_INK, True, anchor="center")


VIEW = PushUpsView
