"""What the title menu offers; features that are not installed simply don't appear."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any


def _scene(module: str, cls: str) -> Any | None:
    try:
        return getattr(importlib.import_module(module), cls)
    except (ModuleNotFoundError, AttributeError):
        return None


def title_items(app: Any) -> list[tuple[str, str, Callable[[], None]]]:
    from game.app.scenes.select import SelectScene
    # Play first: a new player's first Enter opens the route (a stage, with its how-to),
    # not a seven-minute daily session
    items: list[tuple[str, str, Callable[[], None]]] = [
        ("p", "Play", lambda: app.push(SelectScene(app)))]
    daily = _scene("game.app.scenes.daily", "start_daily")
    if daily is not None and app.store is not None:
        items.append(("t", "Today's montage", lambda: daily(app)))
    for key, label, module, cls in (("g", "Stats", "game.app.scenes.stats", "StatsScene"),
                                    ("c", "Calibrate", "game.app.scenes.calibration",
                                     "CalibrationScene"),
                                    ("o", "Settings", "game.app.scenes.settings",
                                     "SettingsScene")):
        scene_cls = _scene(module, cls)
        if scene_cls is not None:
            items.append((key, label, lambda c=scene_cls: app.push(c(app))))
    items.append(("q", "Quit", app.quit))
    return items
