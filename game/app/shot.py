"""Render the exact frame of a level at a song time (autoplay up to then), headless."""

from __future__ import annotations

import os

import pygame

from game.app.hud import Hud
from game.app.input import Bindings
from game.app.text import TextCache
from game.core.difficulty import windows_for
from game.core.level import Level
from game.core.session import PlaySession, autoplay_inputs
from game.stages import get_rules
from game.stages.views import get_view_class

SIZE = (1280, 720)


def ensure_display() -> pygame.Surface:
    """A 1280x720 display surface; headless (dummy driver) unless a display was opened."""
    surf = pygame.display.get_surface()
    if surf is not None:
        return surf
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    pygame.display.init()
    pygame.font.init()
    return pygame.display.set_mode(SIZE)


def render_frame(level: Level, t: float, *, sigma_ms: float = 0.0, seed: int = 0,
                 tier: str = "normal", reduced_motion: bool = False,
                 text: TextCache | None = None) -> pygame.Surface:
    """The play scene's picture at song time t, after autoplay has played up to t."""
    display = ensure_display()
    rules = get_rules(level.stage)
    session = PlaySession(level, rules, windows_for(tier))
    text = text or TextCache()
    view = get_view_class(level.stage)(level, rules, text, reduced_motion)
    hud = Hud(session, Bindings(rules), text, view.cue_track_y, reduced_motion,
              label="AUTOPLAY")
    for inp in autoplay_inputs(level, rules, sigma_ms, seed):
        if inp.time > t:
            break
        for ev in session.apply(inp):
            view.on_event(ev)
            hud.on_event(ev)
    for ev in session.advance(t):
        view.on_event(ev)
        hud.on_event(ev)
    canvas = pygame.Surface(SIZE).convert(display)
    for _ in view.draw(canvas, t, session):
        pass
    hud.draw(canvas, t)
    return canvas
