"""`montage rate FILE...`: how simulated players of four skills fare, and a 1-10 rating."""

from __future__ import annotations

import argparse
import json

from game.commands import CommandError, print_failure, problem_json
from game.core.loader import LevelError, load_level
from game.core.rating import RUNS, SKILLS_MS, Rating, campaign_curve, rate_level


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("rate", help="rate a level's difficulty with simulated players",
                       description="Play each level with simulated people whose timing spread "
                                   "at a moderate tempo is 15, 30, 45 and 60 ms (and who "
                                   "tire, rush and slip as people do: docs/difficulty.md), "
                                   "and report expected accuracy, pass rate and a 1-10 "
                                   "rating.")
    p.add_argument("files", nargs="*", metavar="FILE",
                   help="level files (with --campaign: default, the built-in campaign)")
    p.add_argument("--campaign", action="store_true",
                   help="the files are a campaign in play order: also report its difficulty "
                        "curve (Spearman's rho of position against each skill's pass rate)")
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
    if not args.files and not args.campaign:
        raise CommandError("name at least one level FILE (or --campaign for the built-in one)")
    if not args.files:
        from game.core.loader import builtin_level_paths
        args.files = [str(p) for p in builtin_level_paths()]
    status = 0
    rated: list[Rating] = []
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
        rated.append(r)
        if args.json:
            print(json.dumps({"file": path, **r.to_dict()}), flush=True)
        else:
            print(report(path, r), flush=True)
    if args.campaign:
        curve = campaign_curve(rated)
        if args.json:
            print(json.dumps({"curve": curve}))
        else:
            print(curve_report(curve))
    return status


def curve_report(curve: dict) -> str:
    lines = [f"campaign of {curve['levels']} levels, in play order:",
             "  player timing   rho(position, pass rate)   first level   last level"]
    for s in curve["skills"]:
        lines.append(f"  sigma {s['sigma_ms']:>3.0f} ms    {s['spearman_rho']:>+14.2f}"
                     f"            {100 * s['first_pass_rate']:>6.0f} %   "
                     f"{100 * s['last_pass_rate']:>7.0f} %")
    lines.append("  (rho near -1: each level is passed less often than the one before)")
    return "\n".join(lines)
