"""Today's montage: warm-up -> peak -> finale from the unlocked stages, 5-8 minutes on every
tier, work:rest between 2:1 and 4:1, rounds that ramp, the same all day, new every day."""

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from game.core.difficulty import TIERS
from game.core.loader import builtin_level_paths, load_level
from game.core.session import autoplay
from game.progress.daily import compose_daily, todays_montage
from game.progress.store import AttemptRecord, ProgressStore
from game.stages import get_stage

FINALE_STAGE = "museum_steps"   # the stage whose descriptor takes the finale role

LEVELS = [load_level(p) for p in builtin_level_paths()]
IDS = [lv.id for lv in LEVELS]
STEPS = [lv for lv in LEVELS if lv.stage == FINALE_STAGE]


def shape(session):
    """Everything a player would notice about a session."""
    return [(lv.id, lv.stage, [(iv.kind, iv.bars, iv.pattern, iv.tempo, iv.tempo_end)
                               for iv in lv.intervals]) for lv in session.parts]


def work_start_tempos(level):
    return [level.tempo_map.bpm_at_beat(iv.start_beat) for iv in level.intervals if iv.is_work]


@settings(max_examples=150, deadline=None)
@given(day=st.dates(date(2000, 1, 1), date(2100, 12, 31)),
       opened=st.integers(1, len(LEVELS)),
       scale=st.sampled_from([0.85, 0.94, 1.0, 1.09, 1.25]))
def test_sessions_stay_within_time_and_ratio_bounds(day, opened, scale):
    session = compose_daily(day, LEVELS, IDS[:opened],
                            {lv.stage: scale for lv in LEVELS})
    for tier in TIERS:
        assert 300.0 <= session.seconds_at(tier) <= 480.0, tier
    assert 2.0 <= session.ratio <= 4.0
    assert session.roles == ("warm-up", "peak", "finale")
    assert {lv.stage for lv in session.parts} <= {lv.stage for lv in LEVELS[:opened]}
    for part in session.parts:
        tempos = work_start_tempos(part)
        assert tempos == sorted(tempos), "rounds within a part ramp up, never down"


def test_same_day_same_session_and_every_day_a_new_one():
    start = date(2025, 1, 1)
    assert shape(compose_daily(start, LEVELS, IDS)) == shape(compose_daily(start, LEVELS, IDS))
    shapes = [shape(compose_daily(start + timedelta(days=k), LEVELS, IDS)) for k in range(60)]
    assert all(a != b for a, b in zip(shapes, shapes[1:], strict=False))
    assert len({repr(s) for s in shapes}) == len(shapes)


@pytest.mark.skipif(not STEPS, reason="the museum steps stage has no level yet")
def test_the_finale_is_on_the_steps_once_they_are_open():
    session = compose_daily(date(2025, 7, 4), LEVELS, IDS)
    assert session.parts[-1].stage == FINALE_STAGE
    last = session.parts[-1].intervals[-1]
    assert last.pattern == STEPS[-1].intervals[-1].pattern  # it ends on the climax


def test_without_the_steps_the_finale_is_the_hardest_open_stage():
    no_steps = [lv for lv in LEVELS if lv.stage != FINALE_STAGE]
    ids = [lv.id for lv in no_steps]
    session = compose_daily(date(2025, 7, 4), no_steps, ids)
    assert session.parts[-1].stage == no_steps[-1].stage
    only_first = compose_daily(date(2025, 7, 4), LEVELS, IDS[:1])
    assert {p.stage for p in only_first.parts} == {LEVELS[0].stage}


def test_nothing_unlocked_still_gives_a_session_from_the_first_level():
    session = compose_daily(date(2025, 7, 4), LEVELS, [])
    assert {p.stage for p in session.parts} == {LEVELS[0].stage}


def test_the_overload_scale_speeds_up_that_stage_only():
    day = date(2025, 8, 1)
    plain = compose_daily(day, LEVELS, IDS)
    pushed = compose_daily(day, LEVELS, IDS, {FINALE_STAGE: 1.2})
    for a, b in zip(plain.parts, pushed.parts, strict=True):
        if a.stage == FINALE_STAGE:
            assert b.bpm > a.bpm * 1.1
        else:   # same tempos and patterns; bar counts may be refitted to the time bounds
            assert b.bpm == a.bpm and a.id == b.id
            assert [(iv.kind, iv.pattern, iv.tempo, iv.tempo_end) for iv in a.intervals] == \
                [(iv.kind, iv.pattern, iv.tempo, iv.tempo_end) for iv in b.intervals]


def test_builtin_levels_ramp_round_by_round():
    for lv in LEVELS:
        tempos = work_start_tempos(lv)
        assert tempos == sorted(tempos), lv.id


def test_every_part_plays_through_the_normal_rules():
    session = compose_daily(date(2025, 2, 14), LEVELS, IDS)
    for part in session.parts:
        rules = get_stage(part.stage)
        played = autoplay(part, rules)
        summary = played.summary()
        assert played.finished and summary["grade"] == "S"
        works = {c.interval for c in played.cues}
        assert works == {i for i, iv in enumerate(part.intervals) if iv.is_work}
    assert len({part.id for part in session.parts}) == 3


def clear(store, level_id: str, stage: str, when: datetime) -> None:
    store.record_attempt(AttemptRecord(level_id=level_id, content_hash="x", stage=stage,
                                       finished_at=when, local_date=when.date(), tier="normal",
                                       score=1, accuracy=99.0, grade="S"))


def test_todays_montage_is_fixed_for_the_day_and_moves_on_tomorrow(tmp_path):
    s, _ = ProgressStore.open(tmp_path / "p.sqlite3")
    today = date(2025, 9, 1)
    morning = todays_montage(s, LEVELS, today)
    assert {p.stage for p in morning.parts} == {LEVELS[0].stage}
    clear(s, LEVELS[0].id, LEVELS[0].stage, datetime(2025, 9, 1, 12, tzinfo=UTC))
    assert shape(todays_montage(s, LEVELS, today)) == shape(morning)   # unlocking at noon
    tomorrow = todays_montage(s, LEVELS, today + timedelta(days=1))
    assert LEVELS[1].stage in {p.stage for p in tomorrow.parts}
    # yesterday's strong clear pushes that stage's tempo a notch today
    first = [p for p in tomorrow.parts if p.stage == LEVELS[0].stage]
    again = compose_daily(today + timedelta(days=1), LEVELS, IDS[:2])
    plain = [p for p in again.parts if p.stage == LEVELS[0].stage]
    assert first[0].bpm == pytest.approx(plain[0].bpm * 1.03, rel=1e-3)
    s.close()
