"""Stage registry: each stage is a pure rules module here plus a view in `views/`.

Found by name, so adding a stage is adding two modules and a name.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from game.core.stage import StageRules

STAGE_NAMES: tuple[str, ...] = ("speed_bag", "meat_locker", "museum_steps")


def available_stages() -> tuple[str, ...]:
    """Stage names whose rules module is present (stages land one by one)."""
    out = []
    for name in STAGE_NAMES:
        try:
            importlib.import_module(f"game.stages.{name}")
        except ModuleNotFoundError:
            continue
        out.append(name)
    return tuple(out)


def get_rules(name: str) -> StageRules:
    module = importlib.import_module(f"game.stages.{name}")
    return module.RULES
