"""Open the window, wire the services (settings, progress, audio) and run the loop."""

from __future__ import annotations

import os
import signal
import sys
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import pygame

from game.app.context import CANVAS_SIZE, App
from game.app.gamepad import Gamepads
from game.app.loop import Loop
from game.app.scene import Scene
from game.app.xkeys import XKeyTimes
from game.core.settings import Settings
from game.gfx.text import TextCache
from game.paths import data_dir, pictures_dir


class Window:
    """The OS window. The game draws on a 1280x720 canvas; a window of another size shows it
    scaled and letterboxed (the canvas is the display surface itself when sizes match)."""

    def __init__(self, settings: Settings) -> None:
        self.fullscreen = settings.fullscreen
        self.vsync = settings.vsync
        self.size = CANVAS_SIZE
        self.key_times: XKeyTimes | None = None
        self._open(CANVAS_SIZE)
        self.offscreen = pygame.Surface(CANVAS_SIZE).convert()
        self.key_times = XKeyTimes.open()     # the X server's own key times (x11 only)

    def _open(self, size: tuple[int, int]) -> None:
        flags = pygame.FULLSCREEN if self.fullscreen else pygame.RESIZABLE
        try:
            self.surface = pygame.display.set_mode((0, 0) if self.fullscreen else size, flags,
                                                   vsync=1 if self.vsync else 0)
        except pygame.error:  # vsync not available with this driver
            self.surface = pygame.display.set_mode((0, 0) if self.fullscreen else size, flags)
        self.size = self.surface.get_size()
        if self.key_times is not None:
            self.key_times.follow_window()

    @property
    def canvas(self) -> pygame.Surface:
        return self.surface if self.size == CANVAS_SIZE else self.offscreen

    def letterbox(self) -> pygame.Rect:
        """Where the canvas lands in the window: as large as fits, aspect kept."""
        w, h = self.size
        cw0, ch0 = CANVAS_SIZE
        if w * ch0 <= h * cw0:      # integer maths: no 1 px gap from float truncation
            cw, ch = w, w * ch0 // cw0
        else:
            cw, ch = h * cw0 // ch0, h
        return pygame.Rect((w - cw) // 2, (h - ch) // 2, cw, ch)

    def resized(self, size: tuple[int, int]) -> None:
        self._open(size)

    def toggle_fullscreen(self) -> None:
        self.fullscreen = not self.fullscreen
        self._open(CANVAS_SIZE)

    def present(self) -> None:
        """Show the canvas (scaled into the letterbox when the window is another size)."""
        self._letterbox()
        pygame.display.flip()

    def _letterbox(self) -> None:
        if self.surface is not self.canvas:
            box = self.letterbox()
            self.surface.fill((0, 0, 0))
            pygame.transform.scale(self.offscreen, box.size, self.surface.subsurface(box))

    def close(self) -> None:
        if self.key_times is not None:
            self.key_times.close()
            self.key_times = None

    def to_canvas(self, pos: tuple[int, int]) -> tuple[int, int]:
        box = self.letterbox()
        return (int((pos[0] - box.x) * CANVAS_SIZE[0] / max(1, box.w)),
                int((pos[1] - box.y) * CANVAS_SIZE[1] / max(1, box.h)))


def open_services(app: App, now_ns: int) -> None:
    """Progress store and audio, each optional: a failure is told once, never a crash."""
    try:
        from game.progress.store import ProgressStore
    except ModuleNotFoundError:
        ProgressStore = None  # noqa: N806
    if ProgressStore is not None:
        try:
            store, notice = ProgressStore.open()
            app.store = store
            app.settings = store.load_settings(legacy_json=store.path.with_name("settings.json"))
            if notice:
                app.toast(notice, now_ns, 10.0)
        except Exception as e:  # noqa: BLE001 - play on without saving, and say so
            app.toast(f"progress cannot be saved: {e}", now_ns, 10.0)
    from game.progress.onboarding import Onboarding
    app.onboarding = Onboarding(app.store)
    try:
        from game.audio.director import AudioDirector
    except ModuleNotFoundError:
        AudioDirector = None  # noqa: N806
    if AudioDirector is not None:
        app.audio = AudioDirector.create(app.settings)
        if not app.audio.available:
            app.toast(f"Sound is off ({app.audio.reason}); the beat dots keep time.", now_ns,
                      8.0)


def draw_toasts(app: App) -> None:
    now = time.perf_counter_ns()
    app.toasts = [t for t in app.toasts if t.until_ns > now]
    bottom = 480
    for toast in app.toasts[-3:]:  # long ones (they name a path) wrap, never run off
        lines = app.text.wrap(toast.text, 18, CANVAS_SIZE[0] - 80, max_lines=3)
        surfs = [app.text.render(line, 18, (255, 236, 200)) for line in lines]
        width = max(s.get_width() for s in surfs)
        height = sum(s.get_height() for s in surfs)
        box = pygame.Rect(0, 0, width, height)
        box.midbottom = (CANVAS_SIZE[0] // 2, bottom)
        pygame.draw.rect(app.canvas, (20, 18, 24), box.inflate(24, 12), border_radius=8)
        y = box.top
        for surf in surfs:
            app.canvas.blit(surf, surf.get_rect(midtop=(box.centerx, y)))
            y += surf.get_height()
        bottom = box.top - 22


def save_screenshot(app: App) -> str:
    path = pictures_dir() / f"montage-{datetime.now():%Y%m%d-%H%M%S}.png"
    pygame.image.save(app.canvas, str(path))
    return str(path)


def display_problem() -> str | None:
    """Why no window can be shown here, or None. Without a display SDL quietly falls back
    to an offscreen driver, and the game would wait forever behind a window nobody sees;
    an SDL_VIDEODRIVER the user set is taken as meant (tests use dummy)."""
    if os.environ.get("SDL_VIDEODRIVER") or not sys.platform.startswith(("linux", "freebsd")):
        return None
    if os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"):
        return None
    return "no display was found (neither DISPLAY nor WAYLAND_DISPLAY is set)"


def make_app(headless: bool = False) -> tuple[App, Window]:
    pygame.display.init()
    prefer_native_framebuffer()
    pygame.font.init()
    pygame.display.set_caption("Montage")
    try:
        settings_path: Path | None = data_dir() / "settings.json"
    except OSError:  # told by open_services; the game plays on with defaults
        settings_path = None
    settings = Settings.load(settings_path) if settings_path is not None else Settings()
    window = Window(settings)
    app = App(canvas=window.canvas, text=TextCache(), settings=settings,
              settings_path=settings_path, headless=headless, window=window)
    return app, window


def prefer_native_framebuffer() -> None:
    """On X11, show the window's surface with X's own shared-memory image, not through an
    OpenGL texture (SDL's default where GL exists). The game draws every pixel itself, so GL
    only adds an upload; where GL is software (llvmpipe: VMs, no GPU driver) its two
    rasterizer threads took 60 % of the CPU, and through Xvfb with XTest the key p99 went
    from 0.7 ms to 2-3 ms (the X server waited for a core). A player's own
    SDL_FRAMEBUFFER_ACCELERATION wins. Set after the driver is known: under SDL's wayland
    driver there is no native framebuffer to fall back to."""
    if pygame.display.get_driver() == "x11":
        os.environ.setdefault("SDL_FRAMEBUFFER_ACCELERATION", "0")


def global_keys(app: App, window: Window) -> Any:
    """Keys and window events that work on every screen."""
    def on_event(ev: pygame.event.Event, stamp: int) -> bool:
        if ev.type == pygame.KEYDOWN and ev.key == pygame.K_F11:
            window.toggle_fullscreen()
            app.canvas = window.canvas
            app.settings.fullscreen = window.fullscreen
            app.save_settings()
            return True
        if ev.type == pygame.KEYDOWN and ev.key == pygame.K_F12:
            try:
                app.toast(f"screenshot saved: {save_screenshot(app)}", stamp)
            except (OSError, pygame.error) as e:  # e.g. a file where the folder should be
                app.toast(f"the screenshot could not be saved: {e}", stamp, 6.0)
            return True
        if ev.type == pygame.VIDEORESIZE and not window.fullscreen:
            window.resized(ev.size)
            app.canvas = window.canvas
            return True
        if ev.type in (pygame.WINDOWFOCUSLOST, pygame.WINDOWMINIMIZED):
            scene = app.scene
            if scene is not None and hasattr(scene, "pause"):
                scene.pause(stamp)
            return False
        return False
    return on_event


class QuitOnSignals:
    """SIGTERM and SIGINT end the game the way closing its window does: the loop stops, the
    audio and the store are closed, and whatever was committed stays. (SDL would turn them
    into a quit event only on some screens; Python's SIGINT would stop it mid-frame.)"""

    SIGNALS = tuple(getattr(signal, n) for n in ("SIGTERM", "SIGINT", "SIGHUP")
                    if hasattr(signal, n))

    def __init__(self, app: App) -> None:
        self.app = app
        self.received: int | None = None
        self._old: dict[int, Any] = {}

    def __enter__(self) -> QuitOnSignals:
        for sig in self.SIGNALS:
            try:
                self._old[sig] = signal.signal(sig, self._on_signal)
            except (ValueError, OSError):  # not the main thread: leave them be
                pass
        return self

    def _on_signal(self, signum: int, _frame: Any) -> None:
        if self.received is not None:  # a second one: the player means it, stop now
            raise SystemExit(128 + signum)
        self.received = signum
        self.app.quit()

    def __exit__(self, *exc: object) -> None:
        for sig, old in self._old.items():
            signal.signal(sig, old)

    @property
    def status(self) -> int:
        """The shell's exit status for a run ended by a signal (0 when none came)."""
        return 128 + self.received if self.received is not None else 0


def run_game(first_factory: Callable[[App], Scene] | None = None,
             exit_after_first_frame: bool = False) -> int:
    why = display_problem()
    if why:
        print(f"montage: error: cannot open the game's window: {why} (hint: run it on a "
              "desktop, or with DISPLAY set to a running X server such as Xvfb)",
              file=sys.stderr)
        return 2
    app, window = make_app()
    with QuitOnSignals(app) as signals:
        status = _run(app, window, first_factory, exit_after_first_frame)
    return status or signals.status


def _run(app: App, window: Window, first_factory: Callable[[App], Scene] | None,
         exit_after_first_frame: bool) -> int:
    open_services(app, time.perf_counter_ns())
    if not app.running:  # a signal came while the services opened
        _close(app, None)
        return 0
    if app.settings.fullscreen != window.fullscreen:  # the store's settings win
        window.toggle_fullscreen()
        app.canvas = window.canvas
    from game.app.scenes.title import TitleScene
    app.switch(TitleScene(app))
    if first_factory is not None:
        app.push(first_factory(app))
    else:   # a first launch is welcomed (a scripted `play LEVEL` goes straight in)
        from game.app.scenes.welcome import maybe_welcome
        maybe_welcome(app)
    loop = Loop(app, window.present, frame_cap=app.settings.frame_cap,
                key_times=window.key_times)
    app.loop = loop
    app.gamepads = pads = Gamepads()
    keys = global_keys(app, window)
    loop.on_event = lambda ev, stamp: pads.on_event(app, ev, stamp) or keys(ev, stamp)
    try:
        if exit_after_first_frame:
            loop.draw_frame(lambda: draw_toasts(app))
            print(time.perf_counter_ns(), flush=True)
        else:
            loop.run(overlay=lambda: draw_toasts(app))
    finally:
        _close(app, pads)
    return 0


def _close(app: App, pads: Gamepads | None) -> None:
    """Leave every scene (a playing one stops its music), then close audio, the store and
    the window. Everything committed is already on disk; this only lets go cleanly."""
    while app.scenes:
        app.scenes.pop().leave()
    if app.audio is not None:
        app.audio.stop()
        app.audio.close()   # before pygame.quit(): SDL must not close it under the GIL
    if pads is not None:
        pads.close()
    if isinstance(app.window, Window):
        app.window.close()
    if app.store is not None:
        app.store.close()
    pygame.quit()
