"""Run by test_replays.py: save attempts with their replays in a loop, every few through a
database that refuses them (so they go to the journal and are written at the next save),
printing each one's score and a checksum of its inputs the moment save_attempt() returned,
until killed."""

import random
import sys
import zlib
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from game.core.events import Input  # noqa: E402
from game.core.replay import Replay, encode_inputs  # noqa: E402
from game.progress.store import AttemptRecord, ProgressStore  # noqa: E402


def replay_for(rng: random.Random) -> Replay:
    t, inputs = 0.0, []
    for _ in range(rng.randrange(20, 400)):
        t += rng.uniform(0.05, 0.6)
        action = rng.choice(("left", "right"))
        inputs += [Input(action, round(t, 6), True), Input(action, round(t + 0.04, 6), False)]
    return Replay(level_id="speed-bag-rounds", content_hash="abc", game_version="test",
                  tier="normal", assist=False, tempo_scale=1.0, start_time=None,
                  inputs=tuple(inputs), trace=((0, "perfect", ""),), cue_digest="d",
                  source="")


def checksum(replay: Replay) -> int:
    return zlib.crc32(encode_inputs(replay.inputs))


def main(path: str, seed: int) -> None:
    rng = random.Random(seed)
    store, _notice = ProgressStore.open(Path(path))
    start = datetime(2025, 1, 1, tzinfo=UTC)
    n = 0
    while True:
        n += 1
        when = start + timedelta(minutes=seed * 10_000 + n)
        refuse = rng.random() < 0.25
        store.conn.execute(f"PRAGMA query_only = {'ON' if refuse else 'OFF'}")
        replay = replay_for(rng)
        rec = AttemptRecord(
            level_id="speed-bag-rounds", content_hash="abc", stage="speed_bag",
            finished_at=when, local_date=when.date(), tier="normal",
            score=rng.randrange(1, 10**9), accuracy=90.0, grade="A",
            judgements={"perfect": 1}, replay=replay)
        _aid, _notice = store.save_attempt(rec)
        sys.stdout.write(f"{rec.score} {checksum(replay)}\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
