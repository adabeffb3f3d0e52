"""Off-the-keyboard rounds: real exercise between today's montage parts, led by the coach.

They are training, never a game score: each finished round is one row of its own table
(minutes and moves count toward the workout; nothing reaches scores, bests or grades).
Each exercise names its Compendium activities (2024) and a MET range from them: see
docs/effort.md.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, Protocol


@dataclass(frozen=True)
class Exercise:
    """One off-the-keyboard round: timed (`seconds`) or counted (`reps`)."""

    key: str
    title: str
    cue: str            # what the coach says
    seconds: float = 0.0
    reps: int = 0
    noun: str = "reps"
    met_low: float = 0.0
    met_high: float = 0.0
    activity: str = ""  # the Compendium codes the range comes from

    @property
    def timed(self) -> bool:
        return self.reps == 0


EXERCISES: tuple[Exercise, ...] = (
    Exercise("shadowboxing", "Shadowboxing", "Hands up. Jab, cross, keep moving.",
             seconds=30, noun="seconds", met_low=5.8, met_high=9.3,
             activity="Boxing, punching bag (15110) to Boxing, simulated boxing round, "
                      "exercise (15125); no code names shadowboxing"),
    Exercise("pushups", "Push-ups", "Down to the floor. Ten, slow and full.", reps=10,
             met_low=3.8, met_high=7.5,
             activity="Calisthenics, moderate (02022) to vigorous effort (02020)"),
    Exercise("squats", "Squats", "Feet wide, sit back, stand tall. Fifteen.", reps=15,
             met_low=3.0, met_high=6.5,
             activity="Body weight resistance exercises, general (02056) to high "
                      "intensity (02057)"),
    Exercise("plank", "Plank", "Forearms down, body straight. Hold it.", seconds=30,
             noun="seconds", met_low=2.8, met_high=3.8,
             activity="Calisthenics, light effort, e.g. plank (02024) to moderate (02022)"),
)
BY_KEY = {e.key: e for e in EXERCISES}


@dataclass(frozen=True)
class TrainingRecord:
    exercise: str
    local_date: date
    finished_at: datetime     # aware
    seconds: float
    count: int
    met_low: float
    met_high: float


class TrainingStore(Protocol):
    conn: sqlite3.Connection

    def transaction(self) -> Any: ...


def record_training(store: TrainingStore, rec: TrainingRecord) -> int:
    """Commit one finished round; returns its id."""
    with store.transaction() as conn:
        cur = conn.execute(
            "INSERT INTO training (local_date, finished_at, exercise, seconds, count, "
            "met_low, met_high) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (rec.local_date.isoformat(), rec.finished_at.astimezone(UTC).isoformat(),
             rec.exercise, float(rec.seconds), int(rec.count), float(rec.met_low),
             float(rec.met_high)))
        return int(cur.lastrowid or 0)


def save_training(store: TrainingStore, rec: TrainingRecord) -> str | None:
    """Record a round, or say why it could not be (a locked or full database); a round is
    a small thing to lose, so it is not journalled like a run."""
    try:
        record_training(store, rec)
    except sqlite3.Error as e:
        return f"this round could not be saved ({e})"
    return None


def training_rows(conn: sqlite3.Connection, since: date | None = None) -> list[TrainingRecord]:
    where, args = ("WHERE local_date >= ?", (since.isoformat(),)) if since else ("", ())
    return [TrainingRecord(ex, date.fromisoformat(d), datetime.fromisoformat(at), s, n, lo, hi)
            for d, at, ex, s, n, lo, hi in conn.execute(
                "SELECT local_date, finished_at, exercise, seconds, count, met_low, met_high "
                f"FROM training {where} ORDER BY id", args)]
