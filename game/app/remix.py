"""Input across a remix's cuts: each stage keeps its own key map, and a key is read by the
stage whose cue it is most likely meant for.

Near a cut a press could belong to the last cue before it or the first after it: the stage
whose own action (for that key) has a cue nearest the press takes it. A release always
goes to the action its press went to, so a key held across a cut lets go cleanly.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Mapping

import pygame

from game.app.input import Bindings
from game.core.level import Cue, Level
from game.stages import get_stage


class RemixBindings:
    """Bindings for every stage a level plays, switched by song time."""

    def __init__(self, level: Level, cues: tuple[Cue, ...], reach: float,
                 overrides: Mapping[str, list[str]] | None = None,
                 pad_overrides: Mapping[str, list[str]] | None = None) -> None:
        self.level = level
        self.reach = reach
        self.stages = {name: Bindings(get_stage(name), overrides, pad_overrides)
                       for name in dict.fromkeys(level.stages)}
        self._times: dict[tuple[str, str], list[float]] = {}
        for c in cues:
            for a in c.parts:
                self._times.setdefault((c.stage or level.stage, a), []).append(c.time)
        self._down: dict[tuple[int, int], str] = {}
        self.song_time = 0.0     # the play scene sets it before asking (the press's time)

    def for_stage(self, stage: str) -> Bindings:
        return self.stages.get(stage) or next(iter(self.stages.values()))

    def action_for(self, event: pygame.event.Event) -> tuple[str, bool] | None:
        ident = _ident(event)
        if ident is not None and _is_release(event) and ident in self._down:
            action = self._down.pop(ident)
            return action, False
        best: tuple[float, tuple[str, bool]] | None = None
        t = self.song_time
        names = dict.fromkeys((self.level.stage_at_time(t - self.reach),
                               self.level.stage_at_time(t),
                               self.level.stage_at_time(t + self.reach)))
        for name in names:
            hit = self.for_stage(name).action_for(event)
            if hit is None:
                continue
            d = self._distance(name, hit[0], t)
            if name == self.level.stage_at_time(t):
                d -= 1e-6     # a tie goes to the stage now playing
            if best is None or d < best[0]:
                best = (d, hit)
        if best is None:
            return None
        if ident is not None and best[1][1]:
            self._down[ident] = best[1][0]
        return best[1]

    def _distance(self, stage: str, action: str, t: float) -> float:
        times = self._times.get((stage, action), [])
        k = bisect_left(times, t)
        near = [abs(times[j] - t) for j in (k - 1, k) if 0 <= j < len(times)]
        return min(near, default=float("inf"))

    def label(self, action: str) -> str:
        return self.for_stage(self.level.stage_at_time(self.song_time)).label(action)

    def pad_label(self, action: str) -> str:
        return self.for_stage(self.level.stage_at_time(self.song_time)).pad_label(action)


def _ident(event: pygame.event.Event) -> tuple[int, int] | None:
    if event.type in (pygame.KEYDOWN, pygame.KEYUP):
        return (0, event.key)
    if event.type in (pygame.CONTROLLERBUTTONDOWN, pygame.CONTROLLERBUTTONUP):
        return (1, event.button)
    if event.type == pygame.CONTROLLERAXISMOTION:
        return (2, event.axis)
    return None


def _is_release(event: pygame.event.Event) -> bool:
    return event.type in (pygame.KEYUP, pygame.CONTROLLERBUTTONUP) or (
        event.type == pygame.CONTROLLERAXISMOTION and event.value < 8000)
