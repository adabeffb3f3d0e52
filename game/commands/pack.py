"""`montage pack DIR -o NAME.montagepack`: share a folder of levels and their music."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from game.commands import CommandError, emit, output_path


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("pack", help="make a level pack (.montagepack) to share",
                       description="Check every level in DIR and write them, the music files "
                                   "they name and a manifest (levels, music, authors, "
                                   "licence) into one .montagepack file (a zip). "
                                   "`montage install` puts it into a custom levels folder.")
    p.add_argument("folder", metavar="DIR", help="the folder with the pack's levels (*.yaml)")
    p.add_argument("-o", "--output", metavar="NAME.montagepack",
                   help="where to write it (default: DIR.montagepack beside the folder)")
    p.add_argument("--name", help="the pack's name (default: the folder's name)")
    p.add_argument("--licence", "--license", dest="licence",
                   help="the terms others may use it under, e.g. 'CC-BY-4.0' (the music's "
                        "terms too); default: the folder's LICENCE file, if it has one")
    p.add_argument("--author", action="append", default=[],
                   help="an author besides the levels' own (may be given more than once)")
    p.add_argument("--json", action="store_true", help="print the manifest as JSON")
    p.set_defaults(func=run)


def default_licence(folder: Path) -> str:
    """What the manifest says when --licence is not given."""
    from game.core.pack import EXTRAS
    for name in EXTRAS:
        if name.upper().startswith(("LICENCE", "LICENSE")) and (folder / name).is_file():
            return f"see {name}"
    return "unspecified: ask the authors before sharing it further"


def run(args: argparse.Namespace) -> int:
    from game.core.pack import SUFFIX, PackError, build_pack

    folder = Path(args.folder)
    name = args.name or folder.resolve().name
    raw = args.output or str(folder.resolve().with_suffix(SUFFIX))
    if not raw.endswith(SUFFIX):
        raw += SUFFIX
    out = output_path(raw, f"pack{SUFFIX}")
    licence = args.licence or default_licence(folder)
    if not args.licence:
        print(f"note: no --licence given; the manifest says {licence!r}", file=sys.stderr)
    try:
        manifest = build_pack(folder, out, name, licence, args.author)
    except PackError as e:
        for problem in e.problems:
            print(problem, file=sys.stderr)
        raise CommandError(e.message, file=str(folder), hint=e.hint) from None
    if args.json:
        emit({"pack": str(out), "manifest": manifest}, True)
        return 0
    music = len(manifest["music"])
    print(f"wrote {out}: {len(manifest['levels'])} levels, {music} music file"
          f"{'s' if music != 1 else ''}, {out.stat().st_size / 1e6:.1f} MB "
          f"(licence: {manifest['licence']})")
    return 0
