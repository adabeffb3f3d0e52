"""River Run: a long steady run, breaths held out with the cues, the distance recorded."""

import json

import pytest

from game.app.shot import render_frame
from game.cli import main
from game.core.events import Drop, Held, HoldEnded, Miss
from game.core.judge import Judgement
from game.core.loader import load_level, parse_level
from game.core.session import PlaySession, autoplay
from game.stages import get_stage
from game.stages.river_run import STEP_M, Breath, Stride
from tests.golden_util import frame_difference

INTRO = "levels/3_climb/33_river_run_1_intro.yaml"
HARD = "levels/3_climb/35_river_run_2_hard.yaml"

# 120 bpm: a beat is 0.5 s. Bar 1: four steps; bar 2: breathe out from 2.0 s for two beats,
# then two steps; bar 3: breathe out over the whole bar while the feet keep going.
LEVEL = """
id: t
title: T
stage: river_run
tempo: 120
intervals:
  - work: 3
    pattern: "l.r.l.r.|b===l.r.|b[=r][=l][=r][=l][=r][=l][^r]"
"""
BREATH_AT, BREATH_END = 2.0, 3.0


@pytest.fixture
def session():
    return PlaySession(parse_level(LEVEL, "t.yaml"), get_stage("river_run"))


def of(events, kind):
    return [e for e in events if isinstance(e, kind)]


def test_the_breath_has_its_own_key_under_the_thumbs():
    stage = get_stage("river_run")
    assert stage.actions == ("left", "right", "breath")
    assert stage.default_keys["breath"][0] == "space"
    assert stage.default_keys["left"][0] == "f" and stage.default_keys["right"][0] == "j"
    pads = [b for a in stage.actions for b in stage.pad_keys[a]]
    assert len(pads) == len(set(pads))                   # no button does two things


def test_clean_steps_add_up_to_the_distance(session):
    for c in session.cues[:4]:
        evs = session.press(c.action, c.time)
        session.release(c.action, c.time + 0.05)
        assert of(evs, Stride)[0].distance_m == pytest.approx(session.state.strides * STEP_M)
    assert session.rules.outcome(session.state)["distance_m"] == pytest.approx(4 * STEP_M)


def test_a_wrong_foot_is_a_stumble(session):
    session.press("left", 0.0)
    evs = session.press("left", 0.5)
    assert [m.judgement for m in of(evs, Miss)] == [Judgement.WRONG]
    assert of(evs, Stride)[0].stumbled and session.state.pace == 0


def test_a_breath_let_out_to_its_end_counts(session):
    session.press("breath", BREATH_AT + 0.01)
    evs = session.advance(BREATH_END - 0.05)
    assert not of(evs, Breath)
    evs = session.release("breath", BREATH_END + 0.01) + session.advance(BREATH_END + 0.2)
    assert [b.held for b in of(evs, Breath)] == [True]
    assert of(evs, Held)
    assert session.state.breaths == 1
    assert session.snapshot.exhale_from == -1.0          # and the runner breathes in again


def test_a_breath_cut_short_is_dropped_and_not_counted(session):
    session.press("breath", BREATH_AT)
    assert session.snapshot.exhale_from == BREATH_AT      # the view shows the breath
    evs = session.release("breath", BREATH_AT + 0.4)
    assert [e.completed for e in of(evs, HoldEnded)] == [False]
    assert of(evs, Drop) and [b.held for b in of(evs, Breath)] == [False]
    assert session.state.breaths == 0
    assert get_stage("river_run").word("drop", "DROP") == "SHORT BREATH"


def test_the_feet_keep_running_while_the_breath_is_held(session):
    cues = session.cues
    hold = [c for c in cues if c.action == "breath" and c.kind == "hold"][1]
    feet = [c for c in cues if c.action != "breath" and hold.time < c.time < hold.end_time + 1e-6
            and c.kind == "tap"]
    assert len(feet) == 7
    session.press("breath", hold.time)
    for c in feet:
        evs = session.press(c.action, c.time)
        session.release(c.action, c.time + 0.05)
        assert not of(evs, Stride)[0].stumbled
    lift = session.release("breath", hold.end_time)
    assert [b.held for b in of(lift, Breath)] == [True]


def test_a_steadier_stride_shows_in_the_spread():
    level = load_level(INTRO)
    stage = get_stage("river_run")
    steady = autoplay(level, stage, sigma_ms=8.0, seed=4).summary()["outcome"]
    ragged = autoplay(level, stage, sigma_ms=30.0, seed=4).summary()["outcome"]
    assert steady["stride_spread_ms"] < ragged["stride_spread_ms"]
    assert 4.0 < steady["stride_spread_ms"] < 14.0


@pytest.mark.parametrize("path", [INTRO, HARD])
def test_builtin_levels_are_a_long_run_a_perfect_bot_clears(path):
    level = load_level(path)
    assert 60 <= level.duration <= 150
    assert any(not iv.is_work for iv in level.intervals)
    stage = get_stage("river_run")
    perfect = autoplay(level, stage)
    assert perfect.score.accuracy >= 99.0
    out = perfect.summary()["outcome"]
    assert out["breaths"] == out["breaths_of"] > 4
    assert out["distance_m"] == pytest.approx(out["strides"] * STEP_M, abs=0.05)
    sloppy = autoplay(level, stage, sigma_ms=60.0, seed=1)
    assert sloppy.score.accuracy < perfect.score.accuracy


def test_the_hard_run_is_longer_faster_and_breathes_on_the_move():
    intro, hard = load_level(INTRO), load_level(HARD)
    stage = get_stage("river_run")
    cues = stage.build_cues(hard)
    assert hard.duration > intro.duration
    assert any(c.kind == "release" and c.action == "breath" for c in cues)   # judged lifts
    holds = [c for c in cues if c.kind == "hold"]
    assert any(any(f.time > h.time and f.time < h.end_time for f in cues
                   if f.action in ("left", "right")) for h in holds)


def test_rate_rises_from_intro_to_hard(capsys):
    assert main(["rate", "--json", "--runs", "12", INTRO, HARD]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert rows[0]["rating"] < rows[1]["rating"]


def test_play_json_records_the_distance_run(capsys):
    assert main(["play", HARD, "--autoplay", "--headless", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["stage"] == "river_run"
    assert result["outcome"]["distance_m"] > 400
    assert ("distance_m", "metres run") in get_stage("river_run").outcome_fields


@pytest.mark.parametrize("path", [INTRO, HARD])
def test_frames_at_10_and_20_seconds_differ(path):
    level = load_level(path)
    mean, frac = frame_difference(render_frame(level, 10.0), render_frame(level, 20.0))
    assert mean > 3.0 and frac > 0.05
