"""`montage stats [--json]`: the player's progress as text, or one JSON object."""

from __future__ import annotations

import argparse
import json
import sys

from game.commands import CommandError


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("stats", help="print a summary of your training")
    p.add_argument("--json", action="store_true", help="one JSON object on stdout")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from game.core.catalogue import catalogue
    from game.progress.attempt import local_now
    from game.progress.stats import summarize
    from game.progress.store import ProgressStore, StoreError

    try:
        store, notice = ProgressStore.open()
    except StoreError as e:
        raise CommandError(f"cannot read progress: {e}") from e
    if notice:
        print(notice, file=sys.stderr)
    now = local_now()
    campaign, _custom = catalogue(None)
    campaign_ids = {e.level.id for e in campaign if e.level is not None}
    try:
        summary = summarize(store, now.date(), campaign_ids=campaign_ids, now=now)
    finally:
        store.close()
    if args.json:
        out = summary.to_json()
        out["campaign_levels"] = len(campaign_ids)
        print(json.dumps(out))
    else:
        print(summary.to_text())
    return 0
