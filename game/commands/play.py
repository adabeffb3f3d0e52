"""`montage play LEVEL`: play one level (in a window, or headless with the bot)."""

from __future__ import annotations

import argparse

from game.commands import emit, load_or_report
from game.core.difficulty import TIERS, windows_for
from game.core.session import autoplay
from game.stages import get_rules


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("play", help="play a level file")
    p.add_argument("level", help="level file")
    p.add_argument("--autoplay", action="store_true", help="the bot plays")
    p.add_argument("--headless", action="store_true",
                   help="no window, no waiting for real time (needs --autoplay)")
    p.add_argument("--json", action="store_true", help="print the result as one JSON object")
    p.add_argument("--bot-sigma-ms", type=float, default=0.0, help="bot timing noise (ms)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--tier", choices=list(TIERS), default="normal")
    p.add_argument("--save", action="store_true",
                   help="record this run in progress (autoplay runs are marked as such)")
    p.add_argument("--watch", action="store_true",
                   help="reload the level whenever the file is saved")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    level = load_or_report(args.level)
    if level is None:
        return 2
    if args.headless:
        if not args.autoplay:
            print("--headless needs --autoplay (nobody is there to press keys)")
            return 2
        tier = TIERS[args.tier]
        played = level.with_tempo_scale(tier.tempo_scale) if tier.tempo_scale != 1 else level
        session = autoplay(played, get_rules(level.stage), args.bot_sigma_ms, args.seed,
                           windows_for(args.tier))
        summary = session.summary()
        summary["tier"] = args.tier
        if args.save:
            summary["saved_as"] = save_autoplay(level, summary, args.tier)
        emit(summary, args.json)
        return 0
    from game.app.run import run_game
    from game.app.scenes.play import PlayOptions, PlayScene
    from game.app.scenes.watch import WatchScene

    def first(app):  # built once the window exists
        options = PlayOptions(tier=args.tier, autoplay=args.autoplay,
                              bot_sigma_ms=args.bot_sigma_ms)
        if args.watch:
            return WatchScene(app, args.level, options)
        return PlayScene(app, level, options)
    return run_game(first_factory=first)


def save_autoplay(level, summary: dict, tier: str) -> int | None:
    """Record an autoplay run, marked as autoplay (only with --save)."""
    try:
        from game.progress.store import ProgressStore, attempt_from_summary
    except ModuleNotFoundError:
        return None
    store, _notice = ProgressStore.open()
    try:
        return store.record_attempt(attempt_from_summary(summary, level, tier, autoplay=True))
    finally:
        store.close()
