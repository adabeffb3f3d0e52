"""`montage render-audio LEVEL -o FILE.wav`: the level's soundtrack, count-in and bells
included, as a WAV file for designers to listen to and share."""

from __future__ import annotations

import argparse
import sys

from game.commands import CommandError, load_or_report, output_path


def register(sub: argparse._SubParsersAction) -> None:
    from game.core.difficulty import TIERS
    p = sub.add_parser("render-audio", help="write a level's soundtrack to a WAV file",
                       description="Render the soundtrack a level plays with (count-in, music, "
                                   "bells) to a 16-bit stereo WAV file: its own music file "
                                   "if it names one, else the generated score. The horn layer "
                                   "that joins on a high combo is in unless --no-horns.")
    p.add_argument("level", metavar="LEVEL", help="a level file (.yaml)")
    p.add_argument("-o", "--output", required=True, metavar="FILE.wav")
    p.add_argument("--tier", choices=sorted(TIERS), default="normal",
                   help="play speed of a difficulty tier (default normal)")
    p.add_argument("--no-horns", action="store_true", help="leave the reactive horn layer out")
    p.add_argument("--no-cache", action="store_true", help="render afresh, store nothing")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from game.audio.cache import load_or_render
    from game.audio.wav import write_wav
    from game.core.difficulty import TIERS
    from game.core.musicfile import MusicFileError

    level = load_or_report(args.level)
    if level is None:
        return 2
    out = output_path(args.output, "soundtrack.wav")
    scale = TIERS[args.tier].tempo_scale
    if abs(scale - 1.0) > 1e-9:
        level = level.with_tempo_scale(scale)
    notes: list[str] = []
    try:
        st = load_or_render(level, use_cache=not args.no_cache, notes=notes, fallback=False)
    except MusicFileError as e:
        assert level.music is not None
        line, col = level.extra.get("marks", {}).get("music", (1, 1))
        raise CommandError(f"{level.source}:{line}:{col}: the music file "
                           f"{level.music.name!r} {e}", file=level.source,
                           line=line, column=col,
                           hint="convert it to .ogg, .wav or .flac again, or remove the "
                                "'music:' line to hear the generated score") from None
    for note in notes:
        print(f"note: {note}", file=sys.stderr)
    pcm = st.base if args.no_horns else st.full_mix()
    try:
        write_wav(out, pcm, st.sr)
    except OSError as e:
        print(f"{out}: cannot write: {e.strerror or e}")
        return 2
    music = f", music {level.music.name}" if level.music is not None else ""
    print(f"{out}: {len(pcm) / st.sr:.1f} s, {st.sr} Hz stereo, "
          f"{out.stat().st_size / 1e6:.1f} MB (level {level.id}{music})")
    return 0
