"""`montage shot LEVEL --at SECONDS -o out.png`: render one exact frame to a PNG."""

from __future__ import annotations

import argparse

from game.commands import load_or_report


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("shot", help="render the frame at a song time to a PNG")
    p.add_argument("level", help="level file")
    p.add_argument("--at", type=float, required=True, metavar="SECONDS",
                   help="song time (negative: the count-in)")
    p.add_argument("-o", "--output", required=True, help="PNG file to write")
    p.add_argument("--bot-sigma-ms", type=float, default=0.0)
    p.add_argument("--tier", default="normal")
    p.add_argument("--reduced-motion", action="store_true")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    level = load_or_report(args.level)
    if level is None:
        return 2
    import pygame

    from game.app.shot import render_frame
    surf = render_frame(level, args.at, sigma_ms=args.bot_sigma_ms, tier=args.tier,
                        reduced_motion=args.reduced_motion)
    pygame.image.save(surf, args.output)
    print(args.output)
    return 0
