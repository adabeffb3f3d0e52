"""Render the exact frame of a level at a song time (autoplay up to then), headless."""

from __future__ import annotations

import os

import pygame

from game.app.rig import Rig
from game.core.level import Level
from game.core.session import autoplay_inputs
from game.gfx.text import TextCache

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
    rig = Rig(level, text or TextCache(), tier=tier, reduced_motion=reduced_motion,
              label="AUTOPLAY")
    rig.play_until(autoplay_inputs(level, rig.rules, sigma_ms, seed), t)
    canvas = pygame.Surface(SIZE).convert(display)
    for _ in rig.draw(canvas, t):
        pass
    return canvas


def preview(level: Level, t: float, size: tuple[int, int],
            text: TextCache | None = None) -> pygame.Surface:
    """A thumbnail of the frame at song time t, for menus (built once, then only blitted)."""
    return pygame.transform.smoothscale(render_frame(level, t, text=text), size)


def render_editor(path: str, at: float | None = None) -> pygame.Surface:
    """The editor's screen for a level file, headless; the cursor on the bar sounding at
    song time `at` (the first work bar when None)."""
    from game.app.context import App
    from game.app.scenes.editor import EditorScene
    from game.core.bars import bar_at_time
    from game.core.settings import Settings
    display = ensure_display()
    canvas = pygame.Surface(SIZE).convert(display)
    app = App(canvas=canvas, text=TextCache(), settings=Settings(), headless=True)
    scene = EditorScene(app, path)
    if at is not None:
        scene.model.go(bar_at_time(scene.model.base, at), 0)
        scene._follow()
    scene.draw(canvas)
    return canvas
