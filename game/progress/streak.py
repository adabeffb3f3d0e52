"""Streaks: a day counts when its daily session is finished, on the player's local calendar.

Each completion keeps the local date it was finished on and the UTC offset of that moment,
so history is never rewritten when the player changes time zone. A jump across time zones
can make a calendar day vanish (flying east) or repeat (flying west); two completions are
still consecutive when, seen from either one's own time zone, they fall on neighbouring
days. Without a time-zone change this is exactly "consecutive calendar days".

Planned rest days (weekdays the player set aside in the week's plan) never break a streak:
a gap made only of them is bridged. They do not add to it either.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import UTC, date, datetime, timedelta, timezone
from typing import NamedTuple

ONE_DAY = timedelta(days=1)


class Completion(NamedTuple):
    local_date: date
    completed_at: str       # ISO 8601, UTC
    utc_offset_s: int = 0   # the player's UTC offset at that moment

    @classmethod
    def at_moment(cls, local_date: date, moment: datetime) -> Completion:
        offset = moment.utcoffset() or timedelta(0)
        return cls(local_date, moment.astimezone(UTC).isoformat(),
                   int(offset.total_seconds()))

    @property
    def at(self) -> datetime:
        """The moment of completion, in the time zone the player was in."""
        tz = timezone(timedelta(seconds=self.utc_offset_s))
        return datetime.fromisoformat(self.completed_at).astimezone(tz)


def _day_in(moment: datetime, zone_of: datetime) -> date:
    """The calendar day of `moment` for someone living in `zone_of`'s UTC offset."""
    offset = zone_of.utcoffset() or timedelta(0)
    return moment.astimezone(timezone(offset)).date()


def rested_between(first: date, last: date, rest: Collection[int]) -> bool:
    """Every day strictly between the two is a planned rest day (weekday in `rest`)."""
    day = first + ONE_DAY
    while day < last:
        if day.weekday() not in rest:
            return False
        day += ONE_DAY
    return True


def follows(a: Completion, b: Completion, rest: Collection[int] = ()) -> bool:
    """b (a later calendar day than a) continues a's streak."""
    if b.local_date - a.local_date <= ONE_DAY:
        return True
    if rest and rested_between(a.local_date, b.local_date, rest):
        return True
    if a.utc_offset_s == b.utc_offset_s:  # same time zone: plain calendar days decide
        return False
    return (_day_in(b.at, a.at) - a.local_date <= ONE_DAY
            or b.local_date - _day_in(a.at, b.at) <= ONE_DAY)


def still_alive(last: Completion, today: date, now: datetime | None = None,
                rest: Collection[int] = ()) -> bool:
    """The streak ending at `last` can still be extended today (or already was)."""
    if today - last.local_date <= ONE_DAY:
        return True
    if rest and rested_between(last.local_date, today, rest):
        return True
    if now is None:
        return False
    return _day_in(now, last.at) - last.local_date <= ONE_DAY


def streaks(completions: list[Completion], today: date,
            now: datetime | None = None, rest: Collection[int] = ()) -> tuple[int, int]:
    """(current, best). The current streak survives until the end of the day after the
    last completion: finishing yesterday's session and not yet today's keeps it alive."""
    days = sorted({c.local_date: c for c in reversed(completions)}.values(),
                  key=lambda c: c.local_date)
    if not days:
        return 0, 0
    best = run = 1
    for prev, cur in zip(days, days[1:], strict=False):
        run = run + 1 if follows(prev, cur, rest) else 1
        best = max(best, run)
    current = run if still_alive(days[-1], today, now, rest) else 0
    return current, best
