"""`montage shot LEVEL --at SECONDS -o out.png`: render one exact frame to a PNG."""

from __future__ import annotations

import argparse
import math
import sys

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
    p = sub.add_parser("shot", help="render the frame at a song time to a PNG")
    p.add_argument("level", help="level file")
    p.add_argument("--at", type=finite_seconds, metavar="SECONDS",
                   help=f"song time (negative: the count-in; from -{MARGIN_S:g} to "
                        f"{MARGIN_S:g} after the level's end); with --scene editor, the "
                        "cursor goes to the bar sounding then")
    p.add_argument("--scene", choices=("play",) + tuple(SCENE_SHOTS), default="play",
                   help="which screen to render (default: the play scene)")
    p.add_argument("-o", "--output", required=True, help="PNG file to write")
    p.add_argument("--bot-sigma-ms", type=bot_sigma_ms, default=0.0)
    p.add_argument("--tier", choices=list(TIERS), default="normal")
    p.add_argument("--reduced-motion", action="store_true")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    level = load_or_report(args.level)
    if level is None:
        return 2
    if args.at is None and args.scene == "play":
        print("montage shot: --at SECONDS is needed for the play scene", file=sys.stderr)
        return 2
    if args.scene != "play":
        return _save(SCENE_SHOTS[args.scene](args.level, args.at),
                     output_path(args.output, "frame.png"), args.output)
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


def _save(surf, out, shown: str) -> int:
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


#: screens other than play that `shot --scene NAME` renders: (level path, --at) -> Surface.
#: (A small registry for now, to be folded into the shared `--scene` one when it lands.)
SCENE_SHOTS = {"editor": _editor}
