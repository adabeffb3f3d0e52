"""The stage registry: every folder here with a `STAGE` descriptor is a stage.

Found by discovery, in the film's order (`StageInfo.order`, then name), so adding a stage
is adding its folder. The registry installs itself into the core on import; the core looks
stages up through that hook and never imports this package.
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache
from pathlib import Path

from game.core.stage import StageBook, StageInfo, install_book


@cache
def discover() -> StageBook:
    """name -> StageInfo for every stage folder, in montage order."""
    found: list[StageInfo] = []
    for mod in pkgutil.iter_modules([str(Path(__file__).parent)]):
        if not mod.ispkg:
            continue
        module = importlib.import_module(f"{__name__}.{mod.name}")
        info = getattr(module, "STAGE", None)
        if isinstance(info, StageInfo):
            if info.name != mod.name:
                raise RuntimeError(f"stage folder {mod.name!r} describes {info.name!r}")
            found.append(info)
    found.sort(key=lambda s: (s.order, s.name))
    return {s.name: s for s in found}


def available_stages() -> tuple[str, ...]:
    return tuple(discover())


def get_stage(name: str) -> StageInfo:
    try:
        return discover()[name]
    except KeyError:
        raise KeyError(f"no stage named {name!r}") from None


install_book(discover)
