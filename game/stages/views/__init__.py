"""Stage views (pygame): one module per stage, `<stage>_view.py`, exposing `VIEW`."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from game.stages.views.base import StageView


def get_view_class(stage: str) -> type[StageView]:
    return importlib.import_module(f"game.stages.views.{stage}_view").VIEW
