"""Subcommands of `montage` (one module each, each with `register(subparsers)`).

The helpers here are what every command does the same way: report a level's problems, fail
with one clear message (one JSON object under --json, exit 2), print results.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any


class CommandError(Exception):
    """A command cannot go on; cli.main prints it (as JSON under --json) and exits 2."""

    def __init__(self, message: str, file: str = "", line: int = 1, column: int = 1,
                 hint: str = "") -> None:
        super().__init__(message)
        self.message, self.file, self.line, self.column, self.hint = (
            message, file, line, column, hint)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"file": self.file, "line": self.line, "column": self.column,
                               "message": self.message}
        if self.hint:
            out["hint"] = self.hint
        return out

    def __str__(self) -> str:
        hint = f" (hint: {self.hint})" if self.hint else ""
        return f"error: {self.message}{hint}"


def problem_json(problem: Any) -> dict[str, Any]:
    """A loader Problem as the `error` object every --json failure prints."""
    out = {"file": problem.file, "line": problem.line, "column": problem.column,
           "message": problem.message}
    if problem.hint:
        out["hint"] = problem.hint
    return out


def print_failure(errors: list[dict[str, Any]], as_json: bool, text: str,
                  extra: dict[str, Any] | None = None) -> int:
    """The first error as `error` (all of them as `errors`) under --json, else `text` on
    stderr; returns exit status 2."""
    if as_json:
        print(json.dumps({**(extra or {}), "error": errors[0], "errors": errors}))
    else:
        print(text, file=sys.stderr)
    return 2


def load_or_report(path: str, as_json: bool = False) -> Any | None:
    """The level at `path`, or None after printing its problems (file:line:col each, or
    one JSON object under --json)."""
    from game.core.loader import LevelError, load_level
    try:
        return load_level(path)
    except LevelError as e:
        if as_json:
            print_failure([problem_json(p) for p in e.problems], True, "")
        else:
            print(e)
        return None


def emit(result: dict, as_json: bool) -> None:
    """One JSON object, or one `key: value` line per entry for people."""
    if as_json:
        print(json.dumps(result))
    else:
        for k, v in result.items():
            print(f"{k}: {v}")


def output_path(raw: str, example: str) -> Path:
    """Where a command writes its file. A folder is refused (CommandError); a folder that
    does not exist yet is made, and said so on stderr (a typo in the path shows at once)."""
    out = Path(raw)
    if out.is_dir():
        raise CommandError(f"cannot write {out}: it is a folder", file=str(out),
                           hint=f"give a file name such as {out / example}")
    parent = out.parent
    if not parent.is_dir():
        try:
            parent.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            why = "a part of it is a file" if isinstance(e, FileExistsError | NotADirectoryError) \
                else e.strerror or str(e)
            raise CommandError(f"{out}: cannot create its folder: {why}", file=str(out)) from e
        print(f"created the folder {parent}", file=sys.stderr)
    return out


def open_store() -> Any:
    """The progress store, or CommandError; a notice (a file moved aside) goes to stderr."""
    from game.progress.store import ProgressStore, StoreError
    try:
        store, notice = ProgressStore.open()
    except StoreError as e:
        raise CommandError(f"cannot read progress: {e}") from e
    if notice:
        print(notice, file=sys.stderr)
    return store


def open_in_window(path: str, make_scene: Any) -> int:
    """Check the level file first (errors as file:line:col, exit 2), then run the game with
    `make_scene(app, path)` as its first screen: `edit` and `record` work on the file."""
    if load_or_report(path) is None:
        return 2
    from game.app.run import run_game
    return run_game(first_factory=lambda app: make_scene(app, path))
