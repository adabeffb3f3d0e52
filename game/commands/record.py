"""`montage record FILE`: tap a pattern to the click and write it into the level file."""

from __future__ import annotations

import argparse

from game.commands import open_in_window


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("record", help="tap a work interval's pattern into a level file")
    p.add_argument("level", help="level file (it is rewritten in place, comments kept)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from game.app.scenes.record import RecordScene
    return open_in_window(args.level, RecordScene)
