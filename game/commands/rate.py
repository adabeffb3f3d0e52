"""`montage rate FILE...`: how simulated players of four skills fare, and a 1-10 rating."""

from __future__ import annotations

import argparse
import json

from game.commands import CommandError, print_failure, problem_json
from game.core.loader import LevelError, load_level
from game.core.rating import RUNS, SKILLS_MS, Rating, rate_level


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("rate", help="rate a level's difficulty with simulated players",
                       description="Play each level with simulated people whose timing spread "
                                   "at a moderate tempo is 15, 30, 45 and 60 ms (and who "
                                   "tire, rush and slip as people do: docs/difficulty.md), "
                                   "and report expected accuracy, pass rate and a 1-10 "
                                   "rating.")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--json", action="store_true", help="one JSON object per file, one a line")
    p.add_argument("--runs", type=int, default=RUNS, help="runs per skill (default %(default)s)")
    p.add_argument("--seed", type=int, default=0, help="first random seed")
    p.set_defaults(func=run)


def report(path: str, r: Rating) -> str:
    lines = [f"{path}: {r.title} ({r.stage}, {r.cues} cues)",
             "  player timing   expected accuracy   pass rate"]
    for s in r.skills:
        lines.append(f"  sigma {s.sigma_ms:>3.0f} ms    {s.accuracy:>12.1f} %   "
                     f"{100 * s.pass_rate:>7.0f} %")
    lines.append(f"  load {r.load:.2f} weighted cues/s; a player with {r.passing_spread_ms:.0f} ms "
                 "of spread just passes")
    lines.append(f"  rating {r.rating:.1f} / 10")
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    if args.runs < 1:
        raise CommandError("--runs must be at least 1")
    status = 0
    for path in args.files:
        try:
            level = load_level(path)
        except LevelError as e:
            status = 2
            if args.json:  # one object per file, as for a rated one
                print_failure([problem_json(p) for p in e.problems], True, "",
                              extra={"file": path})
            else:
                print(e)
            continue
        r = rate_level(level, runs=args.runs, skills=SKILLS_MS, seed=args.seed)
        if args.json:
            print(json.dumps({"file": path, **r.to_dict()}))
        else:
            print(report(path, r))
    return status
