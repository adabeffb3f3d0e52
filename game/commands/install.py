"""`montage install PACK`: check a level pack and put it into the custom levels folder."""

from __future__ import annotations

import argparse
import sys

from game.commands import CommandError, emit


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("install", help="install a level pack into your custom levels",
                       description="Check every level in a .montagepack and install the pack "
                                   "into its own folder in the custom levels folder "
                                   "(MONTAGE_LEVELS_DIR): all of it, or, if anything is "
                                   "wrong, none of it.")
    p.add_argument("pack", metavar="PACK", help="a .montagepack file")
    p.add_argument("--force", action="store_true", help="replace the pack if it is installed")
    p.add_argument("--json", action="store_true", help="print the result as one JSON object")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from game.core.pack import PackError, install_pack
    from game.paths import user_levels_dir

    try:
        done = install_pack(args.pack, user_levels_dir(), force=args.force)
    except PackError as e:
        for problem in e.problems:
            print(problem, file=sys.stderr)
        raise CommandError(e.message, file=args.pack, hint=e.hint) from None
    m = done.manifest
    result = {"installed": str(done.folder), "pack": m["name"], "id": m["id"],
              "levels": [str(p) for p in done.levels], "authors": m["authors"],
              "licence": m["licence"], "replaced": done.replaced}
    if args.json:
        emit(result, True)
    else:
        by = f" by {', '.join(m['authors'])}" if m["authors"] else ""
        print(f"installed {m['name']!r}{by} ({len(done.levels)} levels, licence: "
              f"{m['licence']}) into {done.folder}")
        print("they are in stage select under Custom (F5 reloads the list)")
    return 0
