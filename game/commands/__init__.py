"""Subcommands of `montage` (one module each, each with `register(subparsers)`).

The helpers here are what every command does the same way.
"""

from __future__ import annotations

import json
from typing import Any


def load_or_report(path: str) -> Any | None:
    """The level at `path`, or None after printing its problems (file:line:col each)."""
    from game.core.loader import LevelError, load_level
    try:
        return load_level(path)
    except LevelError as e:
        print(e)
        return None


def emit(result: dict, as_json: bool) -> None:
    """One JSON object, or one `key: value` line per entry for people."""
    if as_json:
        print(json.dumps(result))
    else:
        for k, v in result.items():
            print(f"{k}: {v}")
