"""Streaks count finished daily sessions on the player's own calendar, across midnight and
time-zone changes, and history is never rewritten by travelling."""

from datetime import date, datetime, timedelta, timezone

import pytest

from game.progress.store import ProgressStore
from game.progress.streak import Completion, streaks

NEW_YORK = timezone(timedelta(hours=-4))
TOKYO = timezone(timedelta(hours=9))
HAWAII = timezone(timedelta(hours=-10))
BERLIN = timezone(timedelta(hours=2))


def done(moment: datetime) -> Completion:
    """A session finished at `moment`, on the player's local calendar day there."""
    return Completion.at_moment(moment.date(), moment)


def day(d: int, hour: int = 18, minute: int = 0, tz=BERLIN) -> datetime:
    return datetime(2025, 5, d, hour, minute, tzinfo=tz)


def test_consecutive_days_build_a_streak_and_a_gap_breaks_it():
    history = [done(day(1)), done(day(2)), done(day(3)), done(day(5)), done(day(6))]
    assert streaks(history, date(2025, 5, 6)) == (2, 3)


def test_two_sessions_on_one_day_count_once():
    history = [done(day(1, 8)), done(day(1, 20)), done(day(2))]
    assert streaks(history, date(2025, 5, 2)) == (2, 2)


def test_the_streak_lives_until_the_end_of_the_next_day():
    history = [done(day(1)), done(day(2))]
    assert streaks(history, date(2025, 5, 3)) == (2, 2)    # not done yet today: still alive
    assert streaks(history, date(2025, 5, 4)) == (0, 2)    # a whole day missed


def test_just_before_and_just_after_midnight_are_two_days():
    history = [done(day(1, 23, 59)), done(day(2, 0, 1))]
    assert streaks(history, date(2025, 5, 2)) == (2, 2)


def test_no_sessions_no_streak():
    assert streaks([], date(2025, 5, 2)) == (0, 0)


def test_flying_east_over_a_vanished_day_keeps_the_streak():
    # Finished on the 1st in New York at 20:00, flew to Tokyo: it is the 3rd when you land.
    history = [done(day(1, 20, tz=NEW_YORK)), done(day(3, 10, tz=TOKYO))]
    assert streaks(history, date(2025, 5, 3)) == (2, 2)


def test_a_day_really_skipped_is_not_forgiven_in_one_time_zone():
    history = [done(day(1, 23, 30, tz=NEW_YORK)), done(day(3, 0, 30, tz=NEW_YORK))]
    assert streaks(history, date(2025, 5, 3)) == (1, 1)


def test_flying_west_the_recorded_day_stays_and_is_not_counted_twice():
    tokyo = done(day(2, 0, 30, tz=TOKYO))                  # the 2nd in Tokyo ...
    hawaii = done(day(1, 7, 0, tz=HAWAII))                 # ... then the 1st again, in Hawaii
    assert tokyo.at < hawaii.at
    assert tokyo.local_date == date(2025, 5, 2)
    history = [tokyo, hawaii, done(day(2, 19, tz=HAWAII))]  # the 2nd already counted
    assert streaks(history, date(2025, 5, 2)) == (2, 2)


def test_time_zone_change_since_the_last_session_does_not_kill_the_streak():
    history = [done(day(1, 21, tz=NEW_YORK)), done(day(2, 21, tz=NEW_YORK))]
    landed = day(4, 9, tz=TOKYO)        # still the 3rd in New York
    assert streaks(history, landed.date()) == (0, 2)       # by calendar dates alone
    assert streaks(history, landed.date(), now=landed) == (2, 2)
    a_day_later = day(5, 9, tz=TOKYO)   # the 4th in New York: a whole day went by
    assert streaks(history, a_day_later.date(), now=a_day_later) == (0, 2)


def test_store_keeps_local_dates_through_a_time_zone_change(tmp_path):
    path = tmp_path / "p.sqlite3"
    s, _ = ProgressStore.open(path)
    late_in_berlin = day(1, 23, 30)                        # 21:30 UTC on the 1st
    s.mark_daily_complete(late_in_berlin.date(), late_in_berlin)
    s.mark_daily_complete(date(2025, 5, 2), day(2, 18))
    s.close()
    s, _ = ProgressStore.open(path)
    assert [c.local_date for c in s.daily_completions()] == [date(2025, 5, 1),
                                                             date(2025, 5, 2)]
    assert s.daily_completions()[0].at == late_in_berlin
    assert s.streak(date(2025, 5, 3)) == (2, 2)
    assert s.streak(date(2025, 5, 4)) == (0, 2)
    s.close()


@pytest.mark.parametrize("tz", [NEW_YORK, TOKYO, HAWAII, BERLIN])
def test_a_month_of_daily_sessions_is_a_month_long_streak_in_any_zone(tz):
    start = datetime(2025, 1, 1, 23, 0, tzinfo=tz)
    history = [done(start + timedelta(days=k, minutes=(k * 37) % 120 - 60))
               for k in range(31)]
    assert streaks(history, date(2025, 1, 31)) == (31, 31)
