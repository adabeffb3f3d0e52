"""TempoMap: beats <-> seconds across tempo changes, exact to a microsecond."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from game.core.timing import TempoChange, TempoMap


def test_constant_tempo():
    tm = TempoMap(120)
    assert tm.time_at(4) == pytest.approx(2.0, abs=1e-6)
    assert tm.beat_at(2.0) == pytest.approx(4.0, abs=1e-9)


def test_tempo_changes_accumulate():
    tm = TempoMap(60, [TempoChange(4, 120), TempoChange(8, 240)])
    assert tm.time_at(4) == pytest.approx(4.0, abs=1e-6)     # 4 beats at 60
    assert tm.time_at(8) == pytest.approx(6.0, abs=1e-6)     # + 4 beats at 120
    assert tm.time_at(12) == pytest.approx(7.0, abs=1e-6)    # + 4 beats at 240
    assert tm.bpm_at_beat(7.9) == 120
    assert tm.bpm_at_time(6.5) == 240


def test_count_in_extrapolates_first_tempo():
    tm = TempoMap(100, [TempoChange(4, 200)])
    assert tm.time_at(-4) == pytest.approx(-2.4, abs=1e-6)
    assert tm.beat_at(-1.2) == pytest.approx(-2.0, abs=1e-9)


def test_scaled_map_is_faster_everywhere():
    tm = TempoMap(100, [TempoChange(8, 150)])
    fast = tm.scaled(1.1)
    assert fast.time_at(16) == pytest.approx(tm.time_at(16) / 1.1, abs=1e-6)


@given(st.floats(40, 300), st.lists(st.tuples(st.floats(0.25, 500), st.floats(20, 400)),
                                    max_size=40), st.floats(-8, 2000))
def test_round_trip_within_a_microsecond(bpm, changes, beat):
    tm = TempoMap(bpm, [TempoChange(b, t) for b, t in changes])
    assert abs(tm.beat_at(tm.time_at(beat)) - beat) * 60 / 20 < 1e-6
    secs = tm.time_at(beat)
    assert abs(tm.time_at(tm.beat_at(secs)) - secs) < 1e-6


def test_beat_grid_follows_changes():
    tm = TempoMap(60, [TempoChange(2, 120)])
    assert tm.beat_grid(0, 4) == pytest.approx([0.0, 1.0, 2.0, 2.5], abs=1e-9)
