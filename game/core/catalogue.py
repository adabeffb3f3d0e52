"""The levels a player can pick: the built-in campaign and the custom folder (with errors)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from game.core.level import Level
from game.core.loader import LevelError, Problem, builtin_level_paths, load_level

MAX_CUSTOM_LEVELS = 500


@dataclass
class Entry:
    path: Path
    level: Level | None
    problems: list[Problem] = field(default_factory=list)
    custom: bool = False
    warnings: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.level is not None


def load_entries(paths: list[Path], custom: bool) -> list[Entry]:
    from game.core.lint import lint_level
    out = []
    for p in paths:
        try:
            level = load_level(p)
            out.append(Entry(p, level, custom=custom,
                             warnings=lint_level(level) if custom else []))
        except LevelError as e:
            out.append(Entry(p, None, e.problems, custom=custom))
    return out


def catalogue(custom_dir: Path | None) -> tuple[list[Entry], list[Entry]]:
    """(campaign in file order, custom levels sorted by name, then the installed packs'
    levels, each pack in its own folder)."""
    campaign = load_entries(builtin_level_paths(), custom=False)
    custom: list[Entry] = []
    if custom_dir is not None and custom_dir.is_dir():
        paths = sorted(custom_dir.glob("*.yaml")) + sorted(custom_dir.glob("*.yml"))
        # installed packs: one folder each (a hidden one is an install in progress)
        paths += sorted(p for pattern in ("*/*.yaml", "*/*.yml")
                        for p in custom_dir.glob(pattern) if not p.parent.name.startswith("."))
        custom = load_entries(paths[:MAX_CUSTOM_LEVELS], custom=True)
        if len(paths) > MAX_CUSTOM_LEVELS:  # a folder of thousands would freeze the menu
            left = len(paths) - MAX_CUSTOM_LEVELS
            custom.append(Entry(custom_dir, None, [Problem(
                str(custom_dir), 1, 1, f"{left} more level files are not listed: at most "
                f"{MAX_CUSTOM_LEVELS} are read", hint="move the ones you do not play into "
                "another folder")], custom=True))
    _warn_shared_ids(campaign, custom)
    return campaign, custom


def _warn_shared_ids(campaign: list[Entry], custom: list[Entry]) -> None:
    """Progress is kept by level id: a custom level must not share one (with the campaign
    or with another custom level), or their bests mix; say so where the designer looks."""
    owners: dict[str, Path] = {e.level.id: e.path for e in campaign if e.level is not None}
    for e in custom:
        if e.level is None:
            continue
        other = owners.get(e.level.id)
        if other is not None:
            line, col = e.level.extra.get("marks", {}).get("id", (1, 1))
            e.warnings.insert(0, Problem(str(e.path), line, col,
                                         f"id {e.level.id!r} is also used by {other.name}: "
                                         "they would share progress", severity="warning",
                                         hint="give this level an id of its own"))
        else:
            owners[e.level.id] = e.path
