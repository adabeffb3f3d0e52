"""The coach's tempo overload: up a notch the day after a strong clear, eased after a
failure or a long break, held otherwise, always with a reason the player can read."""

from datetime import UTC, date, datetime, timedelta

import pytest

from game.progress.overload import MAX_SCALE, MIN_SCALE, STEP, overload_for, overload_from_days
from game.progress.store import AttemptRecord, ProgressStore

TODAY = date(2025, 6, 10)


def ago(n: int) -> date:
    return TODAY - timedelta(days=n)


def test_first_day_on_a_stage_is_as_written():
    o = overload_from_days([], TODAY)
    assert (o.scale, o.change) == (1.0, 0)
    assert "as written" in o.reason


def test_a_strong_clear_steps_the_tempo_up_the_next_day():
    o = overload_from_days([(ago(1), ["C", "A"])], TODAY)
    assert o.scale == pytest.approx(1.0 + STEP) and o.change == 1
    assert "yesterday" in o.reason and "A" in o.reason and "103%" in o.reason


def test_a_failed_day_eases_it():
    o = overload_from_days([(ago(1), ["D", "F"])], TODAY)
    assert o.scale == pytest.approx(1.0 - STEP) and o.change == -1
    assert "eased" in o.reason and "97%" in o.reason


def test_a_plain_clear_holds_and_says_what_would_step_it_up():
    o = overload_from_days([(ago(2), ["S"]), (ago(1), ["B"])], TODAY)
    assert o.scale == pytest.approx(1.0 + STEP) and o.change == 0
    assert "holds" in o.reason and "An A or better" in o.reason


def test_todays_results_wait_until_tomorrow():
    days = [(ago(1), ["A"]), (TODAY, ["S", "S"])]
    assert overload_from_days(days, TODAY).scale == pytest.approx(1.0 + STEP)
    tomorrow = TODAY + timedelta(days=1)
    assert overload_from_days(days, tomorrow).scale == pytest.approx(1.0 + 2 * STEP)


def test_the_scale_stays_within_its_clamp():
    strong = [(ago(n), ["S"]) for n in range(40, 0, -1)]
    top = overload_from_days(strong, TODAY)
    assert top.scale <= MAX_SCALE and top.change == 0 and "the top" in top.reason
    weak = [(ago(n), ["F"]) for n in range(40, 0, -1)]
    bottom = overload_from_days(weak, TODAY)
    assert bottom.scale == pytest.approx(MIN_SCALE) and "the floor" in bottom.reason


def test_a_long_break_eases_you_back_in():
    o = overload_from_days([(ago(12), ["S"]), (ago(11), ["S"])], TODAY)
    assert o.scale == pytest.approx(1.0 + STEP) and o.change == -1
    assert "10 days off" in o.reason


def test_unpacks_as_scale_and_reason():
    scale, reason = overload_from_days([(ago(1), ["S"])], TODAY)
    assert scale == pytest.approx(1.03) and reason


def attempt(stage: str, grade: str, when: date, **kw) -> AttemptRecord:
    at = datetime(when.year, when.month, when.day, 18, tzinfo=UTC)
    return AttemptRecord(level_id=f"{stage}-level", content_hash="x", stage=stage,
                         finished_at=at, local_date=when, tier="normal", score=1,
                         accuracy=90.0, grade=grade, **kw)


def test_from_the_store_only_the_players_real_runs_of_that_stage_count(tmp_path):
    s, _ = ProgressStore.open(tmp_path / "p.sqlite3")
    s.record_attempt(attempt("speed_bag", "A", ago(2)))
    s.record_attempt(attempt("speed_bag", "S", ago(1), autoplay=True))   # the bot's
    s.record_attempt(attempt("speed_bag", "S", ago(1), practice=True))   # practice
    s.record_attempt(attempt("meat_locker", "F", ago(1)))                # another stage
    s.record_attempt(attempt("speed_bag", "A", ago(1), daily=True))      # today's montage
    assert overload_for(s, "speed_bag", TODAY).scale == pytest.approx(1.0 + 2 * STEP)
    assert overload_for(s, "meat_locker", TODAY).scale == pytest.approx(1.0 - STEP)
    assert overload_for(s, "museum_steps", TODAY).scale == 1.0
    s.close()
