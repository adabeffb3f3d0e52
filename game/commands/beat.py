"""`montage beat FILE [-o LEVEL.yaml]`: the tempo and first beat of a music file, and a
starter level on that grid that plays the file (game.audio.beat does the listening)."""

from __future__ import annotations

import argparse
import os
import shlex
import shutil
import sys
from pathlib import Path

from game.commands import CommandError, emit, output_path

BEATS_PER_BAR = 4
LEAD_IN_BARS = 1
WORK_BARS, REST_BARS = 8, 4


def register(sub: argparse._SubParsersAction) -> None:
    from game.stages import available_stages
    stages = available_stages()
    p = sub.add_parser("beat", help="find a music file's tempo and first beat; start a level",
                       description="Listen to an .ogg, .wav or .flac file: its tempo (bpm) and "
                                   "the time of its first beat. With -o, write a starter "
                                   "level on that grid that plays the file as its music.")
    p.add_argument("file", metavar="FILE", help="the music (.ogg, .wav or .flac)")
    p.add_argument("-o", "--output", metavar="LEVEL.yaml",
                   help="write a starter level here (the music is copied next to it if it "
                        "is not in that folder already)")
    p.add_argument("--stage", choices=stages, default=stages[0] if stages else None,
                   help="the starter level's stage (default: %(default)s)")
    p.add_argument("--force", action="store_true", help="replace an existing level file")
    p.add_argument("--json", action="store_true", help="print the result as one JSON object")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from game.audio.beat import NoBeat, track
    from game.audio.decode import decode
    from game.core.musicfile import MusicFileError, sniff

    src = Path(args.file)
    try:
        info = sniff(src)
        pcm, rate = decode(src, info)
    except MusicFileError as e:
        raise CommandError(f"{src}: the file {e}", file=str(src),
                           hint="give an .ogg (Vorbis), .wav or .flac file") from None
    try:
        beat = track(pcm, rate)
    except NoBeat as e:
        raise CommandError(f"{src}: no steady beat found ({e})", file=str(src),
                           hint="a piece with a clear pulse (drums, a click) works best; "
                                "set tempo and offset_ms by hand otherwise") from None
    result = {"file": str(src), "tempo": round(beat.tempo, 2),
              "first_beat_s": round(beat.first_beat, 4), "beats": beat.beats,
              "confidence": round(beat.confidence, 3), "duration_s": round(beat.duration, 2),
              "downbeat": beat.downbeat}
    if args.output:
        result["level"] = str(write_starter(src, beat, Path(args.output), args.stage,
                                            args.force))
    emit(result, args.json)
    if args.output and not args.json:
        print(f"next: montage play {shlex.quote(result['level'])} --watch", file=sys.stderr)
    return 0


def grid(first_beat: float, downbeat: int, tempo: float, duration: float
         ) -> tuple[float, list[tuple[str, int]]]:
    """(offset_ms, [(kind, bars)]): the level's first bar on the first downbeat that leaves
    the count-in over the music, then work and rest to the end of the file."""
    from game.core import schema
    beat_s = 60.0 / tempo
    bar_s = BEATS_PER_BAR * beat_s
    offset = first_beat + downbeat * beat_s
    while offset < LEAD_IN_BARS * bar_s - 1e-6:
        offset += bar_s
    bars = min(int((duration - offset) / bar_s), int(schema.MAX_LEVEL_SECONDS / bar_s))
    plan: list[tuple[str, int]] = []
    left = bars
    while left > 0 and len(plan) < schema.MAX_INTERVALS:
        work = min(WORK_BARS, left)
        plan.append(("work", work))
        left -= work
        if left > REST_BARS and len(plan) < schema.MAX_INTERVALS:
            plan.append(("rest", REST_BARS))
            left -= REST_BARS
    return round(offset * 1000.0, 1), plan


def write_starter(src: Path, beat, out_raw: Path, stage: str, force: bool) -> Path:
    from game.commands.new import schema_uri, slug, title_of
    from game.core.loader import LevelError, load_level
    from game.stages import get_stage

    out = output_path(str(out_raw), "my_level.yaml")
    if out.exists() and not force:
        raise CommandError(f"{out} already exists; pass --force to replace it", file=str(out))
    offset_ms, plan = grid(beat.first_beat, beat.downbeat, beat.tempo, beat.duration)
    if not plan:
        raise CommandError(f"{src}: the music is too short for a bar after its count-in",
                           file=str(src))
    folder = out.parent.resolve()
    music = src.resolve()
    if not music.is_relative_to(folder):
        copy = folder / src.name
        if copy.exists() and not _same(copy, music):
            raise CommandError(f"{copy} already exists and is another file",
                               file=str(copy), hint="rename one of them")
        if not copy.exists():
            shutil.copyfile(music, copy)
            print(f"copied {src.name} next to the level, into {folder}", file=sys.stderr)
        music = copy
    name = music.relative_to(folder).as_posix()
    rules = get_stage(stage)
    lines = [f"# yaml-language-server: $schema={schema_uri(folder)}",
             f"# Made by `montage beat` from {src.name}: {beat.tempo:.2f} bpm, first beat at "
             f"{beat.first_beat:.3f} s ({beat.beats} beats on the grid, confidence "
             f"{beat.confidence:.0%}).",
             "# offset_ms puts the first interval on a downbeat, with one bar of count-in "
             "over the music before it.",
             "format: 1", f"id: {slug(src.stem)}", f'title: "{title_of(src.stem)}"',
             f"stage: {rules.name}", 'author: ""',
             f"tempo: {round(beat.tempo, 2)}", f"beats_per_bar: {BEATS_PER_BAR}",
             f"lead_in_bars: {LEAD_IN_BARS}", f'music: "{name}"', f"offset_ms: {offset_ms}",
             "intervals:"]
    for n, (kind, bars) in enumerate(plan, start=1):
        lines.append(f"  - {kind}: {bars}")
        if kind == "work":
            lines.append(f"    name: Round {(n + 1) // 2}")
            lines.append(f'    pattern: "{rules.example_pattern}"')
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    try:
        load_level(out)
    except LevelError as e:  # a bug here, never the designer's
        raise CommandError(f"the starter level does not load: {e}", file=str(out)) from None
    return out


def _same(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b) or (a.stat().st_size == b.stat().st_size
                                          and a.read_bytes() == b.read_bytes())
    except OSError:
        return False


