"""Find the level a stored replay was recorded on, exactly as it was, or say why not.

A replay is only as good as its level: the same inputs on an edited level would score a
different run. So the level is looked up by where it was played from and by its id, and
taken only when its content hash is the recorded one. A part of a daily montage is no file:
it is composed again from that day's plan, which the replay keeps.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from game.core.level import Level
from game.core.replay import Replay

DAILY_PREFIX = "daily:"


class ReplaySourceError(Exception):
    """The replay's level cannot be had as it was; the message says why, for the player."""


class LevelChanged(ReplaySourceError):
    """The level is there, but its content has changed since the run was recorded."""


def daily_source(plan: object) -> str:
    """The `source` of a daily part's replay: the day's plan, to compose the part again."""
    return DAILY_PREFIX + json.dumps(plan, sort_keys=True)


def _campaign() -> list[Level]:
    from game.core.catalogue import catalogue
    return [e.level for e in catalogue(None)[0] if e.level is not None]


def _daily(replay: Replay) -> list[Level]:
    try:
        plan = json.loads(replay.source[len(DAILY_PREFIX):])
        day = date.fromisoformat(plan["date"])
        unlocked = [str(x) for x in plan["unlocked"]]
        scales = {str(k): float(v) for k, v in plan["scales"].items()}
    except (ValueError, KeyError, TypeError, AttributeError) as e:
        raise ReplaySourceError(f"this run was a part of a daily montage whose plan was "
                                f"not kept ({e}): it cannot be composed again") from e
    from game.progress.daily import compose_daily
    return [lv for lv in compose_daily(day, _campaign(), unlocked, scales).parts
            if lv.id == replay.level_id]


def _candidates(replay: Replay) -> list[tuple[str, Level]]:
    from game.core.catalogue import load_entries
    from game.paths import user_levels_dir
    out: list[tuple[str, Level]] = []
    src = Path(replay.source) if replay.source else None
    if src is not None and src.is_file():
        out += [(str(src), e.level) for e in load_entries([src], custom=False)
                if e.level is not None and e.level.id == replay.level_id]
    try:
        folder: Path | None = user_levels_dir()
    except OSError:
        folder = None
    from game.core.catalogue import catalogue
    campaign, custom = catalogue(folder)
    out += [(str(e.path), e.level) for e in campaign + custom
            if e.level is not None and e.level.id == replay.level_id]
    return out


def find_level(replay: Replay) -> Level:
    """The level as written (before tier scaling) whose content is the recorded one.
    LevelChanged when the level is found but differs; ReplaySourceError when it is gone."""
    if replay.source.startswith(DAILY_PREFIX):
        found = [("today's montage", lv) for lv in _daily(replay)]
    else:
        found = _candidates(replay)
    for _where, lv in found:
        if lv.content_hash == replay.content_hash:
            return lv
    if found:
        where, lv = found[0]
        raise LevelChanged(f"the level {replay.level_id!r} ({where}) has changed since this "
                           f"run was recorded (content {replay.content_hash[:12]} then, "
                           f"{lv.content_hash[:12]} now): replaying it would score a "
                           "different level, so it is not replayed")
    where = replay.source or "no file"
    raise ReplaySourceError(f"the level {replay.level_id!r} this run was recorded on is "
                            f"not found ({where}): it may have been moved or deleted")
