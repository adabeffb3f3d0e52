"""`montage check FILE...`: validate level files; exit 2 when any has an error."""

from __future__ import annotations

import argparse

from game.core.loader import LevelError, load_level


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("check", help="validate level files")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    status = 0
    for path in args.files:
        try:
            load_level(path)
        except LevelError as e:
            status = 2
            for problem in e.problems:
                print(problem)
        else:
            print(f"{path}: ok")
    return status
