"""`montage record FILE`: tap a pattern to the click and write it into the level file."""

from __future__ import annotations

import argparse

from game.commands import load_or_report


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("record", help="tap a work interval's pattern into a level file")
    p.add_argument("level", help="level file (it is rewritten in place, comments kept)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    level = load_or_report(args.level)
    if level is None:
        return 2
    from game.app.run import run_game
    from game.app.scenes.record import RecordScene
    return run_game(first_factory=lambda app: RecordScene(app, args.level))
