"""Command line: `montage` opens the game; subcommands serve tests, demos and designers.

Each subcommand lives in `game/commands/<name>.py` with `register(subparsers)`; the module
sets `func` on its parser. Modules are found by name, so new commands need no edit here.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import pkgutil
import sys
from typing import NoReturn

import game.commands
from game.commands import CommandError, print_failure
from game.paths import FolderError


class Parser(argparse.ArgumentParser):
    """argparse, but a usage error under --json is one JSON object too (still exit 2)."""

    json_errors = False

    def error(self, message: str) -> NoReturn:
        if self.json_errors:
            print(json.dumps({"error": {"file": "", "line": 1, "column": 1,
                                        "message": f"{self.prog}: {message}"}}))
            sys.exit(2)
        super().error(message)


def build_parser(json_errors: bool = False) -> argparse.ArgumentParser:
    parser = Parser(prog="montage", description="Montage: train to the beat.")
    parser.json_errors = json_errors
    parser.add_argument("--data-dir", help="keep progress and settings here "
                        "(default: the user data folder; env MONTAGE_DATA_DIR)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for info in sorted(pkgutil.iter_modules(game.commands.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"game.commands.{info.name}")
        register = getattr(module, "register", None)
        if register is not None:
            register(sub)
    for command in sub.choices.values():
        command.json_errors = json_errors
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    args = build_parser(json_errors="--json" in argv).parse_args(argv)
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
    except (CommandError, FolderError) as e:
        err = e if isinstance(e, CommandError) else CommandError(str(e), file=str(e.path),
                                                                 hint=e.hint)
        return print_failure([err.to_json()], bool(getattr(args, "json", False)),
                             f"montage {args.command}: {err}")
