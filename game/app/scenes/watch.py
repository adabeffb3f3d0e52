"""`play FILE --watch`: the level reloads when its file is saved; the current interval
restarts. An invalid save shows its errors over the paused game; the last good version
stays playable."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pygame

from game.app.scene import Scene
from game.app.scenes.play import PlayOptions, PlayScene
from game.core.loader import LevelError, Problem, load_level

CHECK_EVERY_NS = 250_000_000


class WatchScene(Scene):
    wants_fast_polling = True

    def __init__(self, app, path: str, options: PlayOptions) -> None:
        super().__init__(app)
        self.path = Path(path)
        self.options = options
        self.problems: list[Problem] = []
        self.mtime = self._mtime()
        self.next_check = 0
        self.reloads = 0
        self.play: PlayScene | None = None
        try:  # a file broken from the start waits for its first good save
            self.play = PlayScene(app, load_level(self.path), options)
        except LevelError as e:
            self.problems = e.problems

    def _mtime(self) -> float:
        try:
            return os.stat(self.path).st_mtime_ns
        except OSError:
            return -1

    def _current_interval(self) -> int:
        if self.play is None or not self.play.started:
            return self.options.start_interval
        t = self.play.clock.raw_time()
        i = self.play.level.interval_at_time(t)
        return max(0, min(i, len(self.play.level.intervals) - 1))

    def check(self, now_ns: int) -> None:
        """Reload if the file changed since we last looked."""
        m = self._mtime()
        if m == self.mtime:
            return
        self.mtime = m
        try:
            level = load_level(self.path)
        except LevelError as e:
            self.problems = e.problems
            if self.play is not None:
                self.play.pause(now_ns)
            return
        self.problems = []
        interval = min(self._current_interval(), len(level.intervals) - 1)
        if self.play is not None:
            self.play.leave()
        opts = PlayOptions(**{**self.options.__dict__, "start_interval": interval})
        self.play = PlayScene(self.app, level, opts)
        self.reloads += 1
        self.app.toast(f"reloaded {self.path.name}: interval {interval + 1}", now_ns, 2.5)

    def leave(self) -> None:
        if self.play is not None:
            self.play.leave()

    def handle(self, event: pygame.event.Event, stamp_ns: int) -> None:
        if self.play is not None:
            self.play.handle(event, stamp_ns)
        elif event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE:
            self.app.pop()

    def pause(self, now_ns: int) -> None:
        if self.play is not None:
            self.play.pause(now_ns)

    def update(self, now_ns: int) -> None:
        if now_ns >= self.next_check:
            self.next_check = now_ns + CHECK_EVERY_NS
            self.check(now_ns)
        if self.play is None:
            return
        if self.problems and not self.play.paused:
            self.play.pause(now_ns)
        self.play.update(now_ns)

    def draw(self, canvas: pygame.Surface) -> Iterator[None]:
        if self.play is not None:
            yield from self.play.draw(canvas)
        else:
            canvas.fill((18, 16, 22))
            self.app.text.blit(canvas, f"watching {self.path.name}", 28, (640, 300),
                               (235, 230, 220), True, anchor="center")
            self.app.text.blit(canvas, "it will start as soon as it loads   Esc quit", 18,
                               (640, 340), (170, 170, 180), anchor="center")
        if self.problems:
            shown = self.problems[:8]
            box = pygame.Rect(80, 440, 1120, 60 + 24 * len(shown))  # below the pause menu
            pygame.draw.rect(canvas, (40, 16, 16), box, border_radius=10)
            pygame.draw.rect(canvas, (235, 90, 80), box, 2, border_radius=10)
            keep = "the last good version stays loaded" if self.play is not None else \
                "nothing to play yet"
            self.app.text.blit(canvas, f"{self.path.name} has errors - fix and save; {keep}",
                               20, (box.x + 20, box.y + 14), (255, 200, 190), True)
            for k, p in enumerate(shown):
                line = self.app.text.fit(f"{p.line}:{p.column}: {p.message}", 16, 1080)
                self.app.text.blit(canvas, line, 16, (box.x + 20, box.y + 46 + k * 24),
                                   (240, 220, 215))
