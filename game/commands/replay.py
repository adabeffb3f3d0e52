"""`montage replay ID`: watch a stored run in the window (arrows seek, space pauses);
`--verify` re-simulates it headless and holds it to the recorded score and every
judgement; `--inputs` exports what was pressed."""

from __future__ import annotations

import argparse
import json
import sys

from game.commands import CommandError, emit


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("replay", help="play, verify or export one stored replay")
    p.add_argument("id", type=int, help="the replay's id (see `montage replays`)")
    p.add_argument("--verify", action="store_true",
                   help="re-simulate headless: verified only if the score and every "
                   "judgement match (exit 1 when not)")
    p.add_argument("--inputs", action="store_true", help="print the stored inputs")
    p.add_argument("--json", action="store_true", help="one JSON object on stdout")
    p.set_defaults(func=run)


def load(attempt_id: int):
    """(attempt, replay) for an id, or CommandError saying why not."""
    from game.commands import open_store
    from game.core.replay import ReplayError
    store = open_store()
    try:
        rec = store.attempt(attempt_id)
        try:
            replay = store.replay(attempt_id) if rec is not None else None
        except ReplayError as e:
            raise CommandError(f"replay {attempt_id} cannot be read: {e}") from e
    finally:
        store.close()
    if rec is None:
        raise CommandError(f"there is no run with id {attempt_id}",
                           hint="`montage replays` lists the stored ones")
    if replay is None:
        raise CommandError(f"run {attempt_id} kept no replay (it was recorded before "
                           "replays were kept)", hint="`montage replays` lists the ones "
                           "that did")
    return rec, replay


def inputs_json(attempt_id: int, rec, replay) -> dict:
    from game.core.events import Input
    from game.core.session import Tick
    entries = [{"t": round(e.time, 6), "action": e.action, "pressed": e.pressed}
               for e in replay.inputs if isinstance(e, Input)]
    return {"id": attempt_id, "level": rec.level_id, "tier": rec.tier,
            "content_hash": replay.content_hash, "game_version": replay.game_version,
            "tempo_scale": replay.tempo_scale, "start_time": replay.start_time,
            "presses": replay.presses, "inputs": entries,
            "ticks": [round(e.time, 6) for e in replay.inputs if isinstance(e, Tick)]}


def run(args: argparse.Namespace) -> int:
    from game.progress.replay_source import LevelChanged, ReplaySourceError, find_level
    rec, replay = load(args.id)
    if args.inputs:
        out = inputs_json(args.id, rec, replay)
        if args.json:
            print(json.dumps(out))
        else:
            for e in out["inputs"]:
                print(f"{e['t']:12.6f}  {'press  ' if e['pressed'] else 'release'}  "
                      f"{e['action']}")
        return 0
    try:
        level = find_level(replay)
    except ReplaySourceError as e:
        if args.verify:
            out = {"id": args.id, "level": rec.level_id, "verified": False,
                   "reason": str(e), "level_changed": isinstance(e, LevelChanged),
                   "recorded_score": rec.score}
            if args.json:
                print(json.dumps(out))
            else:
                print(f"montage replay: not verified: {e}", file=sys.stderr)
            return 1
        raise CommandError(str(e)) from e
    if args.verify:
        from game.core.replay import verify
        from game.stages import get_stage
        result = verify(level, replay, get_stage(level.stage), rec.score, rec.judgements)
        out = {"id": args.id, "level": rec.level_id, "tier": rec.tier, **result.to_json()}
        if args.json:
            print(json.dumps(out))
        else:
            emit(out, False)
        return 0 if result.verified else 1
    from game.app.run import run_game
    from game.app.scenes.replay import ReplayScene
    return run_game(first_factory=lambda app: ReplayScene(app, level, replay, rec))
