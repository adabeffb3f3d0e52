"""`montage replays [--json]`: the runs whose inputs were kept, to replay or verify."""

from __future__ import annotations

import argparse
import json

from game.commands import open_store


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("replays", help="list the stored replays (id, level, tier, date, "
                       "score)")
    p.add_argument("--json", action="store_true", help="one JSON object on stdout")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    store = open_store()
    try:
        rows = store.replays()
    finally:
        store.close()
    items = [{"id": r.attempt_id, "level": r.attempt.level_id, "tier": r.attempt.tier,
              "date": r.attempt.finished_at.isoformat(), "score": r.attempt.score,
              "grade": r.attempt.grade, "presses": r.presses,
              "autoplay": r.attempt.autoplay, "practice": r.attempt.practice,
              "daily": r.attempt.daily, "game_version": r.game_version} for r in rows]
    if args.json:
        print(json.dumps({"replays": items}))
        return 0
    if not items:
        print("no replays yet: every run you finish from now on keeps one")
        return 0
    print(f"{'id':>5}  {'level':<28} {'tier':<9} {'date':<16} {'score':>8}  grade")
    for it, r in zip(items, rows, strict=True):
        flags = " ".join(f for f, on in (("autoplay", it["autoplay"]),
                                         ("practice", it["practice"]),
                                         ("daily", it["daily"])) if on)
        when = r.attempt.finished_at.astimezone().strftime("%Y-%m-%d %H:%M")
        print(f"{it['id']:>5}  {it['level'][:28]:<28} {it['tier']:<9} {when:<16} "
              f"{it['score']:>8,}  {it['grade']:<5} {flags}".rstrip())
    return 0
