"""`montage check FILE...`: validate level files; errors exit 2, warnings alone exit 0.

Every line is `file:line:column: error|warning: message (hint: ...)`, the shape editors'
problem matchers and CI annotate, then one summary line per file.
"""

from __future__ import annotations

import argparse

from game.core.lint import lint_level
from game.core.loader import LevelError, load_level


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("check", help="validate level files (errors and warnings)",
                       description="Check level files: every error and every warning about "
                                   "how the level will play, with file:line:column and a hint. "
                                   "Exit status 2 if any file has an error, else 0.")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--no-warnings", action="store_true", help="report errors only")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    status = 0
    for path in args.files:
        try:
            level = load_level(path)
        except LevelError as e:
            status = 2
            for problem in e.problems:
                print(problem)
            n = len(e.problems)
            print(f"{path}: {n} error{'s' if n != 1 else ''}")
            continue
        warnings = [] if args.no_warnings else lint_level(level)
        for w in warnings:
            print(w)
        n = len(warnings)
        print(f"{path}: ok" + (f", {n} warning{'s' if n != 1 else ''}" if n else ""))
    return status
