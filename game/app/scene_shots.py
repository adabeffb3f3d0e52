"""Scenes as a player first sees them, drawn without a window (`montage shot --scene NAME`).

Each name maps to a small factory that builds its scene on a fresh app: an empty data
folder (no progress, no custom levels, default settings), no sound, and a fixed day, so a
shot is the same picture on every machine and golden frames can pin it.

To add a screen, register a factory at the end of this module::

    @scene_shot("editor", "the level editor on a new level")
    def _editor(ctx: ShotContext) -> Scene:
        return EditorScene(ctx.app, ctx.starter_level())

Menus that use `game.gfx.chrome.Backdrop` (as `self.backdrop`) are held at SHOT_T seconds
of their dawn, so the motion is frozen at a representative moment.
"""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pygame

from game.app.context import CANVAS_SIZE, App
from game.app.scene import Scene
from game.core.settings import Settings
from game.gfx.text import TextCache

SHOT_T = 12.0                 # seconds into a menu's dawn that a shot shows
SHOT_DAY = date(2026, 3, 2)   # golden frames are drawn on this day (a Monday)


@dataclass
class ShotContext:
    """What a factory builds its scene from."""

    app: App
    today: date
    folder: Path              # the fresh data folder; custom levels live in folder/levels

    def campaign(self) -> list:
        from game.core.catalogue import catalogue
        return [e.level for e in catalogue(None)[0] if e.level is not None]

    def starter_level(self) -> Path:
        """A new custom level (what `montage new` writes) for the campaign's first stage."""
        from game.commands.new import starter_level
        from game.stages import get_stage
        path = self.folder / "levels" / "my_level.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        rules = get_stage(self.campaign()[0].stage)
        path.write_text(starter_level("My Level", rules, "level.schema.json", path),
                        encoding="utf-8")
        return path


Factory = Callable[[ShotContext], Scene]
SCENES: dict[str, tuple[Factory, str]] = {}


def scene_shot(name: str, about: str) -> Callable[[Factory], Factory]:
    """Register `name` for `shot --scene` (a later registration of a name replaces it)."""
    def add(factory: Factory) -> Factory:
        SCENES[name] = (factory, about)
        return factory
    return add


def names() -> list[str]:
    return list(SCENES)


@contextmanager
def fresh_folders() -> Iterator[Path]:
    """A new, empty data folder (custom levels inside it) for the time of one shot; the
    player's own folders are never read or written."""
    keys = ("MONTAGE_DATA_DIR", "MONTAGE_LEVELS_DIR")
    old = {k: os.environ.get(k) for k in keys}
    with tempfile.TemporaryDirectory(prefix="montage-shot-") as tmp:
        folder = Path(tmp)
        os.environ["MONTAGE_DATA_DIR"] = str(folder)
        os.environ["MONTAGE_LEVELS_DIR"] = str(folder / "levels")
        try:
            yield folder
        finally:
            for k, v in old.items():
                if v is None:
                    os.environ.pop(k, None)
                else:
                    os.environ[k] = v


def render_scene(name: str, today: date | None = None, t: float = SHOT_T,
                 reduced_motion: bool = False) -> pygame.Surface:
    """The first frame the player sees of scene `name` (KeyError for an unknown name)."""
    factory = SCENES[name][0]
    from game.app.shot import ensure_display
    from game.progress.store import ProgressStore
    display = ensure_display()
    canvas = pygame.Surface(CANVAS_SIZE).convert(display)
    with fresh_folders() as folder:
        store, _notice = ProgressStore.open(folder / "progress.sqlite3")
        try:
            app = App(canvas=canvas, text=TextCache(),
                      settings=Settings(reduced_motion=reduced_motion), store=store,
                      headless=True)
            scene = factory(ShotContext(app, today or date.today(), folder))
            app.push(scene)
            hold(scene, t)
            out = app.scene or scene   # a factory may have pushed on top of its scene
            hold(out, t)
            out.update(time.perf_counter_ns() + 10**9)   # a second on: previews are up
            drawn = out.draw(canvas)
            if drawn is not None:
                for _ in drawn:
                    pass
        finally:
            store.close()
    return canvas


def hold(scene: Scene, t: float) -> None:
    """Freeze a scene's ambient motion at t (its chrome backdrop, a cursor's nudge)."""
    backdrop = getattr(scene, "backdrop", None)
    if backdrop is not None and hasattr(backdrop, "hold"):
        backdrop.hold(t)
    if hasattr(scene, "moved_ns"):
        scene.moved_ns = -10**15        # long ago: the cursor has settled


# -- the game's screens -------------------------------------------------------------------

@scene_shot("title", "the title menu on a first launch")
def _title(ctx: ShotContext) -> Scene:
    from game.app.scenes.title import TitleScene
    return TitleScene(ctx.app)


@scene_shot("welcome", "what a first launch shows: the welcome over the title")
def _welcome(ctx: ShotContext) -> Scene:
    from game.app.scenes.welcome import WelcomeScene
    return WelcomeScene(ctx.app)


@scene_shot("select", "stage select: the route through the campaign")
def _select(ctx: ShotContext) -> Scene:
    from game.app.scenes.select import SelectScene
    return SelectScene(ctx.app)


@scene_shot("results", "the results of a first round of the campaign's first level")
def _results(ctx: ShotContext) -> Scene:
    from game.app.scenes.results import ResultsScene
    from game.core.difficulty import windows_for
    from game.core.session import autoplay_inputs, simulate
    from game.stages import get_stage
    level = ctx.campaign()[0]
    stage = get_stage(level.stage)
    session = simulate(level, stage, autoplay_inputs(level, stage, 30.0, 1),
                       windows_for("normal"))
    return ResultsScene(ctx.app, session, level, reveal=False)   # the grade has landed


@scene_shot("settings", "settings, as opened from the title")
def _settings(ctx: ShotContext) -> Scene:
    from game.app.scenes.settings import SettingsScene
    return SettingsScene(ctx.app)


@scene_shot("stats", "stats with no training yet")
def _stats(ctx: ShotContext) -> Scene:
    from game.app.scenes.stats import StatsScene
    return StatsScene(ctx.app, today=ctx.today)


@scene_shot("daily", "today's montage before its first part")
def _daily(ctx: ShotContext) -> Scene:
    from game.app.scenes.daily import DailyScene
    from game.progress.daily import todays_montage
    plan = todays_montage(ctx.app.store, ctx.campaign(), ctx.today)
    return DailyScene(ctx.app, plan, today=ctx.today)


class _SoundCard:
    """Stands in for a working sound device: calibration's first screen only asks whether
    there is one (nothing plays until a key is pressed)."""

    available = True

    def pause(self) -> None:
        """Nothing is playing."""


@scene_shot("calibration", "calibration, its first step (with sound)")
def _calibration(ctx: ShotContext) -> Scene:
    from game.app.scenes.calibration import CalibrationScene
    ctx.app.audio = _SoundCard()
    return CalibrationScene(ctx.app)


@scene_shot("record", "recording into a new custom level")
def _record(ctx: ShotContext) -> Scene:
    from game.app.scenes.record import RecordScene
    return RecordScene(ctx.app, ctx.starter_level())


@scene_shot("practice", "practice on the campaign's first level")
def _practice(ctx: ShotContext) -> Scene:
    from game.app.scenes.practice import PracticeScene
    return PracticeScene(ctx.app, ctx.campaign()[0])


@scene_shot("tap-along", "the first launch's tap-by-ear calibration, its first page")
def _tap_along(ctx: ShotContext) -> Scene:
    from game.app.scenes.welcome import FirstCalibrationScene
    ctx.app.audio = _SoundCard()
    return FirstCalibrationScene(ctx.app)


@scene_shot("how-to", "the how-to card before the guided first round")
def _how_to(ctx: ShotContext) -> Scene:
    from game.app.scenes.play import PlayOptions, PlayScene
    from game.core.first_round import first_round_level, first_round_stage
    from game.progress.onboarding import Onboarding
    from game.stages import discover
    ctx.app.onboarding = Onboarding(ctx.app.store)
    stage = first_round_stage(discover().values())
    level = first_round_level(stage) if stage else ctx.campaign()[0]
    return PlayScene(ctx.app, level, PlayOptions(label="FIRST ROUND"))
