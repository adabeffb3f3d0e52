"""Command line: `montage` opens the game; subcommands serve tests, demos and designers.

Each subcommand lives in `game/commands/<name>.py` with `register(subparsers)`; the module
sets `func` on its parser. Modules are found by name, so new commands need no edit here.
"""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import sys

import game.commands


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="montage", description="Montage: train to the beat.")
    parser.add_argument("--data-dir", help="keep progress and settings here "
                        "(default: the user data folder; env MONTAGE_DATA_DIR)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for info in sorted(pkgutil.iter_modules(game.commands.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"game.commands.{info.name}")
        register = getattr(module, "register", None)
        if register is not None:
            register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    if args.data_dir:
        os.environ["MONTAGE_DATA_DIR"] = args.data_dir
    if args.command is None:
        from game.app.run import run_game
        return run_game(exit_after_first_frame=bool(os.environ.get("MONTAGE_BENCH_FIRST_FRAME")))
    try:
        return int(args.func(args) or 0)
    except BrokenPipeError:  # `montage stats | head`: the reader left, nothing is wrong
        sys.stdout = None  # type: ignore[assignment]
        return 0
