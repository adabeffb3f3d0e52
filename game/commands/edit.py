"""`montage edit FILE`: the timeline editor; it saves into the file in place, comments kept."""

from __future__ import annotations

import argparse

from game.commands import load_or_report


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("edit", help="edit a level's bars on a grid (saved in place, "
                                    "comments kept)")
    p.add_argument("level", help="level file")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    level = load_or_report(args.level)
    if level is None:
        return 2
    from game.app.run import run_game
    from game.app.scenes.editor import EditorScene
    return run_game(first_factory=lambda app: EditorScene(app, args.level))
