"""Progressive overload, like a coach: a stage's tempo steps up a notch the day after a strong
clear, eases a notch after a day of failing it (or a long break), and holds otherwise.

The scale is a pure function of the player's history (the grades of each earlier day on the
stage), so it is the same all day, needs no stored state and can always be explained.
Today's own results only count from tomorrow.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from game.core.judge import PASSING_GRADES

STEP = 0.03
MIN_SCALE, MAX_SCALE = 0.85, 1.25
STRONG_GRADES = ("S", "A")
LAYOFF_DAYS = 7           # this many days off in a row and the coach eases you back in
GRADE_ORDER = "SABCDF"


class StageHistory(Protocol):
    def stage_days(self, stage: str) -> list[tuple[date, list[str]]]: ...


@dataclass(frozen=True)
class Overload:
    """Today's tempo scale for a stage, the change from the day before, and why."""

    scale: float
    change: int      # notches since the last day played: +1, 0 or -1
    reason: str

    def __iter__(self):  # (scale, reason), as a tuple would
        return iter((self.scale, self.reason))


def best_grade(grades: Iterable[str]) -> str:
    return min(grades, key=lambda g: GRADE_ORDER.index(g) if g in GRADE_ORDER else 99,
               default="F")


def _clamp(scale: float) -> float:
    return round(min(MAX_SCALE, max(MIN_SCALE, scale)), 4)


def _day_name(day: date, today: date) -> str:
    gap = (today - day).days
    if gap == 1:
        return "yesterday"
    if gap < 7:
        return f"on {day:%A}"
    return f"on {day:%d %B}".replace(" 0", " ")


def _pct(scale: float) -> str:
    return f"{scale * 100:.0f}%"


def overload_from_days(days: Iterable[tuple[date, Iterable[str]]], today: date) -> Overload:
    """Walk the days before today in order, stepping the scale as a coach would."""
    past = sorted(((d, best_grade(g)) for d, g in days if d < today), key=lambda x: x[0])
    if not past:
        return Overload(1.0, 0, "First day on this stage: the tempo is as written.")
    scale = 1.0
    last_day: date | None = None
    change = 0
    for day, grade in past:
        if last_day is not None and (day - last_day).days - 1 >= LAYOFF_DAYS:
            scale = _clamp(scale - STEP)
        before = scale
        if grade in STRONG_GRADES:
            scale = _clamp(scale + STEP)
        elif grade not in PASSING_GRADES:
            scale = _clamp(scale - STEP)
        change = (scale > before) - (scale < before)
        last_day = day
    assert last_day is not None
    day, grade = past[-1]
    when = _day_name(day, today)
    off = (today - last_day).days - 1
    if off >= LAYOFF_DAYS:
        eased = _clamp(scale - STEP)
        moved = eased < scale
        return Overload(eased, -1 if moved else 0,
                        f"Welcome back after {off} days off: " + (
                            f"tempo eased to {_pct(eased)} to find your feet." if moved else
                            f"tempo stays at {_pct(eased)}, the floor."))
    if grade in STRONG_GRADES:
        text = (f"Tempo up to {_pct(scale)}: a strong {grade} {when}. Time to push."
                if change > 0 else
                f"Tempo stays at {_pct(scale)}, the top: a strong {grade} {when}.")
    elif grade in PASSING_GRADES:
        text = (f"Tempo holds at {_pct(scale)}: cleared with a {grade} {when}. "
                "An A or better steps it up.")
        change = 0
    else:
        text = (f"Tempo eased to {_pct(scale)}: grade {grade} {when}. Find the rhythm again."
                if change < 0 else
                f"Tempo stays at {_pct(scale)}, the floor: grade {grade} {when}.")
    return Overload(scale, change, text)


def overload_for(store: StageHistory, stage: str, today: date) -> Overload:
    """Today's overload for a stage from the player's recorded history."""
    return overload_from_days(store.stage_days(stage), today)


def stage_scales(store: StageHistory, stages: Iterable[str], today: date) -> dict[str, float]:
    """Today's tempo scale per stage (for the daily session)."""
    return {s: overload_for(store, s, today).scale for s in stages}


def scales_by_moment(days: Iterable[tuple[date, Iterable[str]]], moments: Iterable[date]
                     ) -> list[float]:
    """overload_from_days(days, m).scale for each of the sorted `moments`, in one walk over
    the history (the stats plot asks for a scale per week over years of days)."""
    past = sorted(((d, best_grade(g)) for d, g in days), key=lambda x: x[0])
    out: list[float] = []
    scale, last_day, k = 1.0, None, 0
    for moment in moments:
        while k < len(past) and past[k][0] < moment:
            day, grade = past[k]
            if last_day is not None and (day - last_day).days - 1 >= LAYOFF_DAYS:
                scale = _clamp(scale - STEP)
            if grade in STRONG_GRADES:
                scale = _clamp(scale + STEP)
            elif grade not in PASSING_GRADES:
                scale = _clamp(scale - STEP)
            last_day = day
            k += 1
        if last_day is None:
            out.append(1.0)
        elif (moment - last_day).days - 1 >= LAYOFF_DAYS:
            out.append(_clamp(scale - STEP))
        else:
            out.append(scale)
    return out
