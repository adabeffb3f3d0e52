"""Run by test_progress_crash.py: record attempts in a loop, printing each one's id and score
the moment record_attempt() has returned (committed), until killed."""

import random
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from game.progress.store import AttemptRecord, ProgressStore  # noqa: E402

LEVELS = ("speed-bag-rounds", "meat-locker-combos", "museum-steps-climb")
TIERS = ("easy", "normal", "hard", "champion")


def main(path: str, seed: int) -> None:
    rng = random.Random(seed)
    store, _notice = ProgressStore.open(Path(path))
    start = datetime(2025, 1, 1, tzinfo=UTC)
    n = 0
    while True:
        n += 1
        when = start + timedelta(minutes=seed * 10_000 + n)
        rec = AttemptRecord(
            level_id=rng.choice(LEVELS), content_hash=f"{seed:08x}", stage="speed_bag",
            finished_at=when, local_date=when.date(), tier=rng.choice(TIERS),
            score=rng.randrange(1, 10**9), accuracy=rng.uniform(50, 100),
            grade=rng.choice("SABCDF"), judgements={"perfect": rng.randrange(300)},
            max_combo=rng.randrange(300), duration_s=rng.uniform(60, 200),
            practice=rng.random() < 0.1)
        aid = store.record_attempt(rec)
        sys.stdout.write(f"{aid} {rec.score}\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
