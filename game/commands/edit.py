"""`montage edit FILE`: the timeline editor; it saves into the file in place, comments kept."""

from __future__ import annotations

import argparse

from game.commands import open_in_window


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("edit", help="edit a level's bars on a grid (saved in place, "
                                    "comments kept)")
    p.add_argument("level", help="level file")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from game.app.scenes.editor import EditorScene
    return open_in_window(args.level, EditorScene)
