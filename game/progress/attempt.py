"""One finished attempt, as the store keeps it: built from a play session's summary."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from game.core.difficulty import TIERS
from game.core.level import Level


def local_now() -> datetime:
    """The current moment in the player's time zone (aware), as the OS sees it right now."""
    return datetime.now().astimezone()


@dataclass(frozen=True)
class AttemptRecord:
    """A finished run. `local_date` is the player's calendar day when it finished, kept as
    recorded so a later time-zone change never moves it to another day."""

    level_id: str
    content_hash: str
    stage: str
    finished_at: datetime          # aware
    local_date: date
    tier: str
    score: int
    accuracy: float
    grade: str
    judgements: dict[str, int] = field(default_factory=dict)
    max_combo: int = 0
    duration_s: float = 0.0
    strays: int = 0
    tempo_scale: float = 1.0       # relative to the level file: tier x overload x practice
    practice: bool = False
    autoplay: bool = False
    assist: bool = False
    daily: bool = False
    cue_kinds: dict[str, int] = field(default_factory=dict)   # cues played, per kind
    outcome: dict = field(default_factory=dict)               # the stage's own figures
    effort: dict = field(default_factory=dict)    # seconds worked/rested, moves per stage
    # (a play's per-interval timeline is left out: results draw it, history needs totals)

    def __post_init__(self) -> None:
        if self.finished_at.tzinfo is None:
            raise ValueError("finished_at must be an aware datetime")
        if self.tier not in TIERS:
            raise ValueError(f"unknown tier {self.tier!r}")

    @property
    def counts_as_progress(self) -> bool:
        """Unlocks, bests and the coach only listen to real, full runs by the player."""
        return not (self.practice or self.autoplay)


def attempt_from_summary(summary: dict, level: Level, tier: str, *, practice: bool = False,
                         autoplay: bool = False, assist: bool = False, daily: bool = False,
                         now: datetime | None = None, overload: float = 1.0,
                         duration_s: float | None = None) -> AttemptRecord:
    """An AttemptRecord from PlaySession.summary(); `level` is the level as written (before
    tier or overload scaling), so its id and content hash name the file that was played."""
    when = now if now is not None else local_now()
    if when.tzinfo is None:
        when = when.astimezone()
    return AttemptRecord(
        level_id=level.id, content_hash=level.content_hash, stage=level.stage,
        finished_at=when, local_date=when.date(), tier=tier,
        score=int(summary["score"]), accuracy=float(summary["accuracy"]),
        grade=str(summary["grade"]),
        judgements={str(k): int(v) for k, v in summary.get("judgements", {}).items()},
        max_combo=int(summary.get("max_combo", 0)),
        duration_s=float(summary.get("duration_s", 0.0) if duration_s is None else duration_s),
        strays=int(summary.get("strays", 0)),
        tempo_scale=round(TIERS[tier].tempo_scale * overload, 6),
        practice=practice, autoplay=autoplay, assist=assist, daily=daily,
        cue_kinds={str(k): int(v) for k, v in summary.get("cue_kinds", {}).items()},
        outcome=dict(summary.get("outcome", {})),
        effort={k: v for k, v in summary.get("effort", {}).items() if k != "intervals"})
