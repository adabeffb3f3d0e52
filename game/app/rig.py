"""A level wired for display: rules session + stage view + HUD, fed the same events.

The play scene, `shot` and the benchmark all use this, so what they draw is the same thing.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

import pygame

from game.app.hud import Hud
from game.app.input import Bindings
from game.core.difficulty import windows_for
from game.core.events import GameEvent
from game.core.level import Level
from game.core.session import Input, PlaySession
from game.gfx.text import TextCache
from game.stages import get_stage


class Rig:
    def __init__(self, level: Level, text: TextCache, *, tier: str = "normal",
                 assist: bool = False, reduced_motion: bool = False,
                 bindings: Mapping[str, list[str]] | None = None, silent: bool = False,
                 label: str = "", start_time: float | None = None,
                 pad_bindings: Mapping[str, list[str]] | None = None,
                 pad_labels: bool = False) -> None:
        self.level = level
        self.rules = self.stage = get_stage(level.stage)
        self.session = PlaySession(level, self.stage, windows_for(tier, assist), start_time)
        self.view = self.stage.view_class()(level, self.stage, self.session.cues, text,
                                            reduced_motion)
        self.bindings = Bindings(self.stage, bindings, pad_bindings)
        self.hud = Hud(self.session, self.bindings, text, self.view.cue_track_y,
                       reduced_motion, silent=silent, label=label,
                       rest_anchor=self.view.rest_anchor, pad_labels=pad_labels,
                       track_visibility=self.view.track_visibility)

    def dispatch(self, events: list[GameEvent]) -> None:
        for ev in events:
            self.view.on_event(ev)
            self.hud.on_event(ev)

    def play_until(self, inputs: list[Input], t: float) -> list[Input]:
        """Apply the inputs up to song time t, then let time reach t; returns the rest."""
        k = 0
        while k < len(inputs) and inputs[k].time <= t:
            self.dispatch(self.session.apply(inputs[k]))
            k += 1
        self.dispatch(self.session.advance(t))
        return inputs[k:]

    def draw(self, canvas: pygame.Surface, t: float) -> Iterator[None]:
        yield from self.view.draw(canvas, t, self.session.snapshot)
        yield from self.hud.draw(canvas, t)
