"""App: what every scene is handed (canvas, text, settings, services, the scene stack)."""

from __future__ import annotations

import sqlite3
import time
from dataclasses import dataclass, field
from typing import Any

import pygame

from game.app.scene import Scene
from game.core.settings import Settings
from game.gfx.text import TextCache

CANVAS_SIZE = (1280, 720)


@dataclass
class Toast:
    text: str
    until_ns: int


@dataclass
class App:
    canvas: pygame.Surface
    text: TextCache
    settings: Settings
    settings_path: Any = None
    store: Any = None          # progress store (game.progress), or None
    audio: Any = None          # audio director (game.audio), or None when silent
    headless: bool = False
    scenes: list[Scene] = field(default_factory=list)
    running: bool = True
    toasts: list[Toast] = field(default_factory=list)
    window: Any = None         # the OS window (game.app.run.Window); None headless
    loop: Any = None           # the running Loop, so a new frame cap applies at once
    gamepads: Any = None       # connected controllers (game.app.gamepad.Gamepads)
    onboarding: Any = None     # what a new player was shown (game.progress.onboarding);
    #                            None: show nothing (tests, shots, a scripted `play`)
    backdrop: Any = None       # the menus' dawn (game.gfx.chrome.Backdrop), made on first use

    def menu_backdrop(self) -> Any:
        """The dawn every menu draws: one for the whole run, so it keeps rising as the
        player goes from screen to screen (and reduced motion applies the moment it is set)."""
        if self.backdrop is None:
            from game.gfx.chrome import Backdrop
            self.backdrop = Backdrop(reduced_motion=lambda: self.settings.reduced_motion)
        return self.backdrop

    @property
    def scene(self) -> Scene | None:
        return self.scenes[-1] if self.scenes else None

    def switch(self, scene: Scene) -> None:
        """Replace the whole stack with one scene."""
        while self.scenes:
            self.scenes.pop().leave()
        self.scenes.append(scene)
        scene.enter()

    def push(self, scene: Scene) -> None:
        self.scenes.append(scene)
        scene.enter()

    def switch_top(self, scene: Scene) -> None:
        """Replace only the top scene (play -> results keeps the menus underneath)."""
        if self.scenes:
            self.scenes.pop().leave()
        self.scenes.append(scene)
        scene.enter()

    def pop(self) -> None:
        if self.scenes:
            self.scenes.pop().leave()
        if self.scenes:
            self.scenes[-1].enter()
        else:
            self.running = False

    def quit(self) -> None:
        self.running = False

    def toast(self, text: str, now_ns: int, seconds: float = 4.0) -> None:
        """A short message over whatever scene is showing."""
        self.toasts.append(Toast(text, now_ns + int(seconds * 1e9)))

    def save_settings(self) -> None:
        """Into the progress store when there is one, else the settings file; a store or
        disk that cannot take them is told, not a crash (they apply for this session)."""
        try:
            if self.store is not None:
                self.store.save_settings(self.settings)
            elif self.settings_path is not None:
                self.settings.save(self.settings_path)
        except (sqlite3.Error, OSError) as e:
            self.toast(f"settings apply now but could not be saved ({e})",
                       time.perf_counter_ns(), 6.0)
