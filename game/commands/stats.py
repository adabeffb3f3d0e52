"""`montage stats [--json]`: the player's progress as text, or one JSON object."""

from __future__ import annotations

import argparse
import json

from game.commands import open_store


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("stats", help="print a summary of your training")
    p.add_argument("--json", action="store_true", help="one JSON object on stdout")
    p.add_argument("--weight-kg", type=weight_arg, default=None, metavar="KG",
                   help="body weight for the kcal range (default: the one in settings; "
                        "without one, minutes only)")
    p.set_defaults(func=run)


def weight_arg(text: str) -> float:
    """A body weight in kilos, within what the estimate takes."""
    from game.core.effort import WEIGHT_RANGE_KG, valid_weight
    try:
        kg = valid_weight(float(text))
    except ValueError:
        kg = None
    if kg is None:
        lo, hi = WEIGHT_RANGE_KG
        raise argparse.ArgumentTypeError(f"{text!r} is not a body weight: give kilos from "
                                         f"{lo:g} to {hi:g}, e.g. --weight-kg 70")
    return kg


def run(args: argparse.Namespace) -> int:
    from game.core.catalogue import catalogue
    from game.progress.attempt import local_now
    from game.progress.effort import summarize_effort
    from game.progress.stats import summarize

    store = open_store()
    now = local_now()
    campaign, _custom = catalogue(None)
    campaign_ids = {e.level.id for e in campaign if e.level is not None}
    try:
        summary = summarize(store, now.date(), campaign_ids=campaign_ids, now=now)
        effort = summarize_effort(store, now.date(), store.load_settings())
    finally:
        store.close()
    if args.json:
        out = summary.to_json()
        out["campaign_levels"] = len(campaign_ids)
        out["effort"] = effort.to_json(args.weight_kg)
        print(json.dumps(out))
    else:
        from game.progress.effort_text import effort_text
        print(summary.to_text())
        print()
        print(effort_text(effort, args.weight_kg))
    return 0
