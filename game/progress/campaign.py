"""The campaign: built-in levels in path order under levels/ (chapter folders, then NN_
file names), each opened by clearing the one before it with grade C or better. The first
is always open."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from game.core.level import Level
from game.core.loader import campaign_key


class ClearedSource(Protocol):
    def cleared_level_ids(self) -> set[str]: ...


def campaign_order(levels: Iterable[Level]) -> list[Level]:
    """Levels sorted by their path under levels/ (chapters, then NN_ prefixes), ties by id."""
    return sorted(levels, key=lambda lv: (campaign_key(lv.source), lv.id))


def unlocked_ids(levels: Iterable[Level], cleared: set[str]) -> list[str]:
    """Ids open to play, in campaign order: the first, and each one after a cleared one."""
    ordered = campaign_order(levels)
    out: list[str] = []
    for k, lv in enumerate(ordered):
        if k == 0 or ordered[k - 1].id in cleared:
            out.append(lv.id)
        else:
            break
    return out


def unlocked(store: ClearedSource, levels: Iterable[Level]) -> list[str]:
    """Ids open to play according to the player's progress."""
    return unlocked_ids(levels, store.cleared_level_ids())


def next_to_unlock(levels: Iterable[Level], cleared: set[str]) -> Level | None:
    """The first locked level (what clearing the current one will open), or None."""
    ordered = campaign_order(levels)
    open_ids = set(unlocked_ids(ordered, cleared))
    return next((lv for lv in ordered if lv.id not in open_ids), None)
