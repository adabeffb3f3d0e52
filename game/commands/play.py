"""`montage play LEVEL`: play one level (in a window, or headless with the bot)."""

from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path

from game.commands import CommandError, emit, load_or_report
from game.core.bars import autoplay_from, bar_count, from_bar
from game.core.difficulty import TIERS, windows_for
from game.core.session import autoplay
from game.stages import get_stage


def bot_sigma_ms(text: str) -> float:
    """argparse type: bot timing noise, a finite number of milliseconds >= 0 (nan would
    make a perfect run, a negative spread means nothing)."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of milliseconds") from None
    if not math.isfinite(value) or value < 0:
        raise argparse.ArgumentTypeError(f"{text!r}: give a finite number of milliseconds, "
                                         "0 or more")
    return value


def bar_number(text: str) -> int:
    """argparse type: a bar number, counted from 1."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a bar number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r}: bars are counted from 1")
    return value


def check_bar(level, bar: int) -> None:
    """A --from bar past the level's end is a clear error, not a silent start."""
    n = bar_count(level)
    if bar > n:
        raise CommandError(f"--from {bar}: {level.source or 'the level'} has bars 1 to {n}",
                           file=level.source or "", hint=f"give a bar from 1 to {n}")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("play", help="play a level file")
    p.add_argument("level", help="level file")
    p.add_argument("--autoplay", action="store_true", help="the bot plays")
    p.add_argument("--headless", action="store_true",
                   help="no window, no waiting for real time (needs --autoplay)")
    p.add_argument("--json", action="store_true", help="print the result as one JSON object")
    p.add_argument("--bot-sigma-ms", type=bot_sigma_ms, default=0.0,
                   help="bot timing noise (ms, 0 or more)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--tier", choices=list(TIERS), default="normal")
    p.add_argument("--save", action="store_true",
                   help="record this run in progress (autoplay runs are marked as such)")
    p.add_argument("--watch", action="store_true",
                   help="reload the level whenever the file is saved")
    p.add_argument("--from", dest="from_bar", type=bar_number, default=1, metavar="BAR",
                   help="start at this bar (counted from 1 across the intervals) after a "
                        "bar of count-in; such a run counts as practice")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    level = load_or_report(args.level, args.json)
    if level is None and not (args.watch and not args.headless and Path(args.level).is_file()):
        return 2  # (a watched file may start broken: the window waits for a good save)
    if args.headless:
        if not args.autoplay:
            raise CommandError("--headless needs --autoplay (nobody is there to press keys)",
                               hint="add --autoplay, or leave out --headless to play")
        check_bar(level, args.from_bar)
        tier = TIERS[args.tier]
        played = level.with_tempo_scale(tier.tempo_scale) if tier.tempo_scale != 1 else level
        if args.from_bar > 1:
            session = autoplay_from(played, get_stage(level.stage), args.from_bar - 1,
                                    args.bot_sigma_ms, args.seed, windows_for(args.tier))
        else:
            session = autoplay(played, get_stage(level.stage), args.bot_sigma_ms, args.seed,
                               windows_for(args.tier))
        summary = session.summary()
        summary["tier"] = args.tier
        if args.from_bar > 1:
            start = from_bar(played, args.from_bar - 1)
            summary |= {"from_bar": args.from_bar, "start_s": round(start.start_time, 4),
                        "first_cue_s": round(start.cue_time, 4)}
        if args.save and args.from_bar > 1:
            raise CommandError("--save keeps whole runs only; a run from a bar is practice",
                               hint="leave out --from, or --save")
        if level.music is not None:
            summary["music"] = level.music.name
        if args.save:
            from game.app.progress_hooks import replay_for
            replay = replay_for(session, level, args.tier, assist=False,
                                tempo_scale=tier.tempo_scale)
            summary["saved_as"], notice = save_autoplay(level, summary, args.tier, replay)
            if summary["saved_as"] is None and notice:  # kept for later, not saved: exit 2
                raise CommandError(f"cannot save progress: {notice}")
            if notice:  # a damaged progress file was moved aside: say where it went
                print(notice, file=sys.stderr)
                summary["notice"] = notice
        emit(summary, args.json)
        return 0
    from game.app.run import run_game
    from game.app.scenes.play import PlayOptions, PlayScene
    from game.app.scenes.watch import WatchScene

    if level is not None:
        check_bar(level, args.from_bar)

    def first(app):  # built once the window exists
        options = PlayOptions(tier=args.tier, autoplay=args.autoplay,
                              bot_sigma_ms=args.bot_sigma_ms, save_autoplay=args.save,
                              start_bar=args.from_bar - 1, practice=args.from_bar > 1,
                              label=f"FROM BAR {args.from_bar}" if args.from_bar > 1 else "")
        if args.watch:
            return WatchScene(app, args.level, options)
        return PlayScene(app, level, options)
    return run_game(first_factory=first)


def save_autoplay(level, summary: dict, tier: str, replay=None
                  ) -> tuple[int | None, str | None]:
    """Record an autoplay run, marked as autoplay (only with --save): (its id or None,
    what to tell the player: a damaged file moved aside, or the run kept for later because
    the database cannot take it now). FolderError when the data folder is unusable."""
    try:
        from game.progress.store import ProgressStore, attempt_from_summary
    except ModuleNotFoundError:
        return None, None
    from game.paths import data_dir
    from game.progress.store import FILE_NAME, StoreError, keep_without_store
    rec = attempt_from_summary(summary, level, tier, autoplay=True, replay=replay)
    path = data_dir() / FILE_NAME
    try:
        store, notice = ProgressStore.open(path)
    except StoreError as e:
        return None, keep_without_store(rec, str(e), path)
    try:
        rid, kept = store.save_attempt(rec)
    finally:
        store.close()
    return rid, " ".join(x for x in (notice, kept) if x) or None
