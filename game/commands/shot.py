"""`montage shot LEVEL --at SECONDS -o out.png`: render one exact frame of play to a PNG;
`montage shot --scene NAME -o out.png`: a menu screen as a player first sees it."""

from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path
from typing import Any

from game.commands import load_or_report, output_path
from game.commands.play import bot_sigma_ms
from game.core.difficulty import TIERS

MARGIN_S = 60.0  # how far before beat 0 / after the last interval a frame may be asked for


def finite_seconds(text: str) -> float:
    """argparse type: a finite number (nan would spin the bot for minutes, inf breaks it)."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if not math.isfinite(value):
        raise argparse.ArgumentTypeError(f"{text!r} is not a finite number of seconds")
    return value


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("shot", help="render the frame at a song time (or a screen) to a PNG")
    p.add_argument("level", nargs="?", help="level file (not with a menu --scene)")
    p.add_argument("--scene", metavar="NAME",
                   help="a screen instead of play, as a player first sees it: title, "
                        "welcome, select, results, settings, stats, daily, calibration, "
                        "record, ... (no level), or editor (with a LEVEL)")
    p.add_argument("--at", type=finite_seconds, metavar="SECONDS",
                   help=f"song time (negative: the count-in; from -{MARGIN_S:g} to "
                        f"{MARGIN_S:g} after the level's end); with --scene editor, the "
                        "cursor goes to the bar sounding then")
    p.add_argument("-o", "--output", required=True, help="PNG file to write")
    p.add_argument("--bot-sigma-ms", type=bot_sigma_ms, default=0.0)
    p.add_argument("--tier", choices=list(TIERS), default="normal")
    p.add_argument("--reduced-motion", action="store_true")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.scene is not None and args.scene not in LEVEL_SCENES:
        if args.level is not None or args.at is not None:
            print("shot --scene draws a screen: give no level and no --at", file=sys.stderr)
            return 2
        return _scene(args)
    if args.level is None:
        print("shot needs a LEVEL and --at SECONDS (or --scene NAME)", file=sys.stderr)
        return 2
    level = load_or_report(args.level)
    if level is None:
        return 2
    if args.scene is not None:
        return _save(LEVEL_SCENES[args.scene](args.level, args.at),
                     output_path(args.output, "frame.png"), args.output)
    if args.at is None:
        print("montage shot: --at SECONDS is needed for the play scene", file=sys.stderr)
        return 2
    low, high = -MARGIN_S, level.duration + MARGIN_S
    if not low <= args.at <= high:
        print(f"--at {args.at:g} is outside {low:g} .. {high:.1f} s (this level lasts "
              f"{level.duration:.1f} s; up to {MARGIN_S:g} s either side)", file=sys.stderr)
        return 2
    out = output_path(args.output, "frame.png")
    from game.app.shot import render_frame
    surf = render_frame(level, args.at, sigma_ms=args.bot_sigma_ms, tier=args.tier,
                        reduced_motion=args.reduced_motion)
    return _save(surf, out, args.output)


def _scene(args: argparse.Namespace) -> int:
    from game.app.scene_shots import SCENES, render_scene
    if args.scene not in SCENES:
        print(f"--scene {args.scene!r} is not a screen; the screens are: "
              f"{', '.join([*SCENES, *LEVEL_SCENES])}", file=sys.stderr)
        return 2
    out = output_path(args.output, "frame.png")
    return _save(render_scene(args.scene, reduced_motion=args.reduced_motion), out,
                 args.output)


def _save(surf: Any, out: Path, shown: str) -> int:
    import pygame
    try:
        pygame.image.save(surf, str(out))
    except (pygame.error, OSError) as e:
        print(f"{out}: cannot write: {e}", file=sys.stderr)
        return 2
    print(shown)
    return 0


def _editor(path: str, at: float | None):
    from game.app.shot import render_editor
    return render_editor(path, at)


#: screens drawn over a level (`shot LEVEL --scene NAME [--at S]`): (level path, --at) ->
#: Surface; the menu screens, which need no level, are in game.app.scene_shots.
LEVEL_SCENES = {"editor": _editor}
