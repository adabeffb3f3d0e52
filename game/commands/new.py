"""`montage new NAME --stage STAGE`: a commented starter level in the custom levels folder.

It loads and checks clean as written, names the JSON Schema on its first line so editors
complete keys and underline mistakes, and appears in stage select under "Custom".
"""

from __future__ import annotations

import argparse
import re
import shlex
from pathlib import Path

from game.core.jsonschema import SCHEMA_PATH, schema_json
from game.core.loader import LevelError, load_level
from game.core.schema import slug
from game.core.stage import StageInfo
from game.paths import montage_command, user_levels_dir
from game.stages import available_stages, get_stage

NAME_RE = re.compile(r"[^\W_][\w -]{0,59}")  # letters and digits of any script


def register(sub: argparse._SubParsersAction) -> None:
    stages = available_stages()
    p = sub.add_parser("new", help="start a new custom level",
                       description="Write a commented starter level NAME.yaml into your "
                                   "custom levels folder (it shows up under Custom in "
                                   "stage select).")
    p.add_argument("name", metavar="NAME",
                   help="file name without .yaml: letters (any script), digits, spaces, "
                        "'-' and '_'")
    p.add_argument("--stage", choices=stages, default=stages[0] if stages else None,
                   help="which stage plays it (default: %(default)s)")
    p.add_argument("--force", action="store_true", help="replace an existing file")
    p.set_defaults(func=run)


def title_of(name: str) -> str:
    words = re.sub(r"[-_ ]+", " ", name).strip()
    return words.title() if words == words.lower() else words


def schema_uri(levels_dir: Path) -> str:
    """The installed docs/level.schema.json, or a fresh copy beside the custom levels."""
    if SCHEMA_PATH.is_file():
        return SCHEMA_PATH.as_uri()
    copy = levels_dir / "level.schema.json"
    copy.write_text(schema_json(), encoding="utf-8")
    return copy.as_uri()


def starter_level(name: str, rules: StageInfo, schema: str, path: Path | None = None) -> str:
    """The text of a new level for `rules`' stage."""
    where = shlex.quote(str(path) if path else f"{name}.yaml")
    montage = montage_command()
    width = max(len(ch) for ch in rules.symbols)
    legend = "\n".join(f"#   {ch:<{width}}  {s.doc or s.action}" for ch, s in rules.symbols.items())
    example = rules.example_pattern
    return f"""# yaml-language-server: $schema={schema}
# {title_of(name)}: a Montage level for the {rules.title} stage.
#   {montage} check {where}
#       errors and warnings, with line:column
#   {montage} play {where} --watch
#       play it; it reloads every time you save
#   {montage} rate {where}
#       expected accuracy of simulated players and a 1-10 difficulty rating
# Every key is explained in docs/levels.md; your editor completes them from line 1.
format: 1
id: {slug(name)}          # unique; progress is saved under it, so keep it
title: "{title_of(name)}"
stage: {rules.name}
author: ""
description: "Two rounds on the {rules.title.lower()}."
tempo: 100                # beats per minute
beats_per_bar: 4
lead_in_bars: 1           # bars of count-in before the first interval
# music: song.ogg         # your own music instead of the generated score: an .ogg, .wav
# offset_ms: 0            # or .flac next to this file, and where its first beat is
#                         # (`{montage} beat song.ogg` measures tempo and offset)

# Pattern symbols for {rules.name}:
{legend}
#   .  a silent step        |  ends a bar        spaces are ignored
# A bar's number of steps sets its subdivision: in 4/4, 4 steps are quarter notes,
# 8 are eighths, 12 triplet eighths, 16 sixteenths. A pattern repeats to fill its
# interval, so a 2-bar pattern plays 4 times in an 8-bar interval.
intervals:
  - work: 8
    name: Round 1
    pattern: "{example}"
  - rest: 4               # rests are counted in bars too
    name: Breathe
  - work: 8
    name: Round 2
    tempo: 110            # a tempo change from this interval on
    pattern: "{example}"
"""


def run(args: argparse.Namespace) -> int:
    name = args.name[:-5] if args.name.endswith(".yaml") else args.name
    if not NAME_RE.fullmatch(name):
        print(f"montage new: {args.name!r} is not a usable name: use letters, digits, "
              "spaces, '-' and '_' (at most 60, starting with a letter or digit)")
        return 2
    if args.stage is None:
        print("montage new: no stage is installed")
        return 2
    folder = user_levels_dir()
    path = folder / f"{name}.yaml"
    if path.exists() and not args.force:
        print(f"montage new: {path} already exists; pass --force to replace it")
        return 1
    path.write_text(starter_level(name, get_stage(args.stage), schema_uri(folder), path),
                    encoding="utf-8")
    try:
        load_level(path)
    except LevelError as e:  # a bug in the template, never the user's fault
        print(e)
        return 1
    print(f"created {path}")
    print(f"next: {montage_command()} play {shlex.quote(str(path))} --watch")
    return 0
