"""The gym upside down: the camera hangs with the fighter over the edge of the ring apron.
Holding lowers him back until his head hangs toward the floor; letting go brings him up
through the frame toward the camera, hands behind his head."""

from __future__ import annotations

from collections.abc import Iterator

import pygame

from game.core.events import GameEvent, HoldEnded, HoldStarted
from game.core.level import Cue, Level
from game.core.stage import StageInfo
from game.gfx import gym
from game.gfx.stage_view import StageView
from game.stages.sit_ups.art import (
    ANGLES,
    COACH_FEET,
    HIP,
    backdrop,
    screen,
    torso_frames,
)
from game.stages.sit_ups.rules import Rep, SitUpSnapshot

HANG, UP, REST = -75.0, 95.0, 8.0    # world angles of the torso: hung, sat up, lying back
UP_S = 0.3                           # coming up, seconds
SHADOW, COUNT = (20, 16, 24), (255, 240, 220)


class SitUpsView(StageView):
    cue_track_y = 640
    rest_anchor = (290, 440)

    def __init__(self, level: Level, stage: StageInfo, cues: tuple[Cue, ...], text,
                 reduced_motion: bool = False) -> None:
        super().__init__(level, stage, cues, text, reduced_motion)
        self.background = backdrop(text)
        self.frames = torso_frames()
        coach = gym.coach_sprites(scale=0.9, facing="left")
        self.coach = {k: gym.finish(pygame.transform.flip(v, False, True), True)
                      for k, v in coach.items()}
        self.hip = screen(HIP)
        self.moves: list[tuple[float, float, float]] = []   # (when, to angle, seconds)
        self.last_rep: Rep | None = None
        self.hold_len = {c.index: c.end_time - c.time for c in cues if c.kind == "hold"}
        for n in range(sum(c.kind in ("tap", "hold") for c in cues) + 1):
            for colour in (SHADOW, COUNT):      # every count once now: no font work mid-rep
                text.render(f"{n}", 52, colour, True)

    def on_event(self, event: GameEvent) -> None:
        if isinstance(event, HoldStarted):
            length = self.hold_len.get(event.cue.index, 0.6)
            self.moves.append((event.time, HANG, max(0.2, min(0.6, 0.75 * length))))
        elif isinstance(event, HoldEnded):
            self.moves.append((event.time, UP, UP_S))
        elif isinstance(event, Rep):
            self.last_rep = event
        if len(self.moves) > 6:
            del self.moves[:-6]

    def _follow_key(self, t: float, down: bool) -> None:
        """A press the judge did not take (late, early) still lowers him, and letting go
        brings him up: the key's state, from the snapshot, overrides a stale pose."""
        lowering = bool(self.moves) and self.moves[-1][1] == HANG
        if down != lowering and (not self.moves or t >= self.moves[-1][0]):
            self.moves.append((t, HANG, 0.4) if down else (t, UP, UP_S))
            del self.moves[:-6]

    def _angle(self, t: float) -> float:
        """The torso's world angle at t, easing toward where the last events sent it."""
        i = self.level.interval_at_time(t)
        resting = t < 0 or (0 <= i < len(self.level.intervals)
                            and not self.level.intervals[i].is_work)
        angle = UP
        for when, to, dur in self.moves:
            if when > t:
                break
            k = min(1.0, (t - when) / dur)
            angle += (to - angle) * (1 - (1 - k) ** 2)
        if resting and angle > 60:            # between sets he lies back on the apron
            angle = REST
        return angle

    def draw(self, canvas: pygame.Surface, t: float, snap: SitUpSnapshot | None
             ) -> Iterator[None]:
        canvas.blit(self.background, (0, 0))
        yield
        if snap is not None:
            self._follow_key(t, snap.down)
        angle = self._angle(t)
        key = min(ANGLES, key=lambda a: abs(a - angle))
        spr = self.frames[key]
        canvas.blit(spr, spr.get_rect(center=self.hip))
        rep = self.last_rep
        pose = "watch"
        if rep is not None and 0 <= t - rep.time < 0.6:
            pose = "call" if rep.made else "point"
        self._coach(canvas, pose)
        yield
        self._draw_count(canvas, t, snap)

    def _coach(self, canvas: pygame.Surface, pose: str) -> None:
        """The coach on the floor, hung upside down with the rest of the gym."""
        spr = self.coach.get(pose) or self.coach["watch"]
        canvas.blit(spr, spr.get_rect(midtop=screen(COACH_FEET)))

    def _draw_count(self, canvas: pygame.Surface, t: float, snap: SitUpSnapshot | None
                    ) -> None:
        """Sit-ups made, out of the level's, with the run of clean ones as notches."""
        if snap is None:
            return
        x, y = 22, 108
        self.text.blit(canvas, f"{snap.reps}", 52, (x + 2, y + 2), SHADOW, True)
        r = self.text.blit(canvas, f"{snap.reps}", 52, (x, y), COUNT, True)
        self.text.blit(canvas, f"/ {snap.planned} SIT-UPS", 16, (r.right + 8, r.bottom - 26),
                       (230, 220, 210), True)
        bar = pygame.Rect(x, y + 60, 200, 8)
        pygame.draw.rect(canvas, (30, 26, 34), bar)
        pygame.draw.rect(canvas, (236, 128, 200),
                         (bar.x, bar.y, int(bar.w * snap.reps / max(1, snap.planned)), bar.h))
        self.text.blit(canvas, "RUN", 12, (x, bar.bottom + 8), (220, 210, 200), True)
        for k in range(10):                   # ten notches: a clean run of ten
            lit = k < min(10, snap.streak)
            pygame.draw.rect(canvas, (120, 220, 150) if lit else (40, 36, 44),
                             (x + 34 + k * 14, bar.bottom + 10, 11, 8))


VIEW = SitUpsView
