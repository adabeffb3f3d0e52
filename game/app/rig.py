"""A level wired for display: rules session + stage view + HUD, fed the same events.

The play scene, `shot` and the benchmark all use this, so what they draw is the same thing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping

import pygame

from game.app.ghost import Ghost
from game.app.hud import Hud
from game.app.input import Bindings
from game.app.remix import RemixBindings
from game.core.difficulty import windows_for
from game.core.events import GameEvent
from game.core.level import Cue, Level
from game.core.session import Input, PlaySession
from game.gfx.stage_view import StageView
from game.gfx.text import TextCache
from game.stages import get_stage


class Rig:
    def __init__(self, level: Level, text: TextCache, *, tier: str = "normal",
                 assist: bool = False, reduced_motion: bool = False,
                 bindings: Mapping[str, list[str]] | None = None, silent: bool = False,
                 label: str = "", start_time: float | None = None,
                 pad_bindings: Mapping[str, list[str]] | None = None,
                 pad_labels: bool = False, ghost: Ghost | None = None,
                 cues: tuple[Cue, ...] | None = None) -> None:
        self.level = level
        self.rules = self.stage = get_stage(level.stage)
        self.session = PlaySession(level, self.stage, windows_for(tier, assist), start_time,
                                   cues)
        # one view per stage the level plays; a remix cuts between them on bar lines
        self.views = {name: info.view_class()(level, info, self.session.ctxs[name].cues, text,
                                              reduced_motion)
                      for name, info in self.session.stages.items()}
        self.view = self.views[self.stage.name]
        self.bindings: Bindings | RemixBindings = (
            RemixBindings(level, self.session.cues, self.session.windows.reach, bindings,
                          pad_bindings) if level.is_remix
            else Bindings(self.stage, bindings, pad_bindings))
        for name, view in self.views.items():
            own = getattr(self.bindings, "for_stage", None)
            keys = own(name) if own is not None else self.bindings
            view.set_key_labels({a: keys.pad_label(a) if pad_labels else keys.label(a)
                                 for a in self.session.stages[name].actions})
        self.hud = Hud(self.session, self.bindings, text, self.view.cue_track_y,
                       reduced_motion, silent=silent, label=label,
                       rest_anchor=self.view.rest_anchor, pad_labels=pad_labels,
                       call_anchor=self.view.call_anchor, popup_anchor=self.view.popup_anchor,
                       track_visibility=self._track_visibility, ghost=ghost)
        self._stage_at = level.stage_at_time

    def view_at(self, t: float) -> StageView:
        """The view of the stage playing at song time t."""
        return self.views.get(self._stage_at(t), self.view)

    def _track_visibility(self, t: float) -> float:
        return self.view_at(t).track_visibility(t)

    def dispatch(self, events: list[GameEvent]) -> None:
        for ev in events:
            cue = getattr(ev, "cue", None)
            if cue is not None and len(self.views) > 1:
                self.views.get(cue.stage, self.view).on_event(ev)
            else:
                for view in self.views.values():
                    view.on_event(ev)
            self.hud.on_event(ev)

    def play_until(self, inputs: list[Input], t: float,
                   hear: Callable[[list[GameEvent]], None] | None = None) -> list[Input]:
        """Apply the inputs up to song time t, then let time reach t; returns the rest.
        `hear` is handed every step's events too (a replay's sounds)."""
        def step(events: list[GameEvent]) -> None:
            self.dispatch(events)
            if hear is not None:
                hear(events)
        k = 0
        while k < len(inputs) and inputs[k].time <= t:
            step(self.session.apply(inputs[k]))
            k += 1
        step(self.session.advance(t))
        return inputs[k:]

    def draw(self, canvas: pygame.Surface, t: float) -> Iterator[None]:
        name = self._stage_at(t)
        view = self.views.get(name, self.view)
        self.hud.place_track(view.cue_track_y)
        self.hud.rest_anchor = view.rest_anchor
        self.hud.call_anchor = view.call_anchor
        self.hud.popup_anchor = view.popup_anchor
        yield from view.draw(canvas, t, self.session.snapshot_of(name))
        yield from self.hud.draw(canvas, t)
