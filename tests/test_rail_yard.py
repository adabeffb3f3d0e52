"""Rail Yard: feet on every beat down the tracks, bricks lifted when called, held over
running feet; the run builds power, and the results count metres and bricks."""

import json

import pytest

from game.app.shot import render_frame
from game.cli import main
from game.core.events import Call, Drop, Held, Hit, HoldEnded, Miss, Wrong
from game.core.judge import Judgement
from game.core.loader import load_level, parse_level
from game.core.session import PlaySession, autoplay
from game.stages import get_stage
from game.stages.rail_yard import BRICKS, Footfall, Lift
from game.stages.rail_yard.rules import STRIDE_M
from tests.golden_util import frame_difference

INTRO = "levels/10_rail_yard_1_intro.yaml"
HARD = "levels/10_rail_yard_2_hard.yaml"

# 120 bpm: a beat is 0.5 s, a bar 2 s. Bar 1: feet, then both bricks on the "and" of beat 2
# (1.75 s). Bar 2: feet, and H holds both bricks from 2.75 s to 3.75 s over two footfalls.
LEVEL = """
id: t
title: T
stage: rail_yard
tempo: 120
intervals:
  - work: 1
    pattern: "l.r[ab]l.r."
  - work: 1
    pattern: "l.rHl.r."
  - rest: 1
"""
CHORD_AT, HOLD_AT, HOLD_END = 0.75, 2.75, 3.75


@pytest.fixture
def session():
    return PlaySession(parse_level(LEVEL, "t.yaml"), get_stage("rail_yard"))


def of(events, kind):
    return [e for e in events if isinstance(e, kind)]


def tap(session, action, t):
    return session.press(action, t) + session.release(action, t + 0.04)


def test_clean_feet_cover_ground_and_build_power(session):
    evs = tap(session, "left", 0.0) + tap(session, "right", 0.5)
    falls = of(evs, Footfall)
    assert [f.stumbled for f in falls] == [False, False]
    assert session.state.distance == pytest.approx(2 * STRIDE_M)
    assert falls[1].power > falls[0].power > 0


def test_a_wrong_foot_stumbles_and_knocks_the_power_back(session):
    for t, foot in ((0.0, "left"), (0.5, "right")):
        tap(session, foot, t)
    before = session.state.power
    evs = tap(session, "right", 1.0)                  # the right foot again: left was due
    assert [m.judgement for m in of(evs, Wrong)] == [Judgement.WRONG]
    assert of(evs, Footfall)[0].stumbled
    assert session.state.power < before and session.state.stumbles == 1


def test_both_bricks_up_together_is_a_lift_of_two(session):
    session.advance(CHORD_AT - 0.1)
    evs = session.press("left_brick", CHORD_AT - 0.01) + \
        session.press("right_brick", CHORD_AT + 0.012)
    lifts = of(evs, Lift)
    assert [(lf.made, lf.bricks) for lf in lifts] == [(True, 2)]
    assert session.state.bricks == 2


def test_one_brick_is_not_the_called_lift(session):
    session.advance(CHORD_AT - 0.1)
    evs = session.press("left_brick", CHORD_AT)
    evs += session.advance(CHORD_AT + 0.3)
    assert [lf.made for lf in of(evs, Lift)] == [False]
    assert [m.judgement for m in of(evs, Miss)] == [Judgement.MISS]
    assert session.state.bricks == 0


def test_the_coach_calls_each_lift_a_bar_ahead():
    session = PlaySession(parse_level(LEVEL, "t.yaml"), get_stage("rail_yard"))
    calls = of(session.advance(HOLD_AT - 2.0 + 0.01), Call)
    assert [(round(c.time, 2), c.text) for c in calls] == [(CHORD_AT - 2.0, "BRICKS UP!"),
                                                          (HOLD_AT - 2.0, "PRESS AND HOLD!")]


def test_a_held_press_counts_when_held_through_while_the_feet_keep_landing(session):
    for t, foot in ((2.0, "left"), (2.5, "right")):
        tap(session, foot, t)
    session.press("left_brick", HOLD_AT)
    session.press("right_brick", HOLD_AT)
    feet = tap(session, "left", 3.0) + tap(session, "right", 3.5)   # bricks still up
    assert [f.stumbled for f in of(feet, Footfall)] == [False, False]
    assert not of(feet, Lift)
    evs = session.release("left_brick", HOLD_END + 0.02) + \
        session.release("right_brick", HOLD_END + 0.02)
    assert [h.judgement for h in of(evs, Held)] == [Judgement.HELD]
    assert [(lf.made, lf.bricks) for lf in of(evs, Lift)] == [(True, 2)]


def test_bricks_down_early_drop_the_lift(session):
    session.press("left_brick", HOLD_AT)
    session.press("right_brick", HOLD_AT)
    evs = session.release("right_brick", HOLD_AT + 0.4)
    assert [e.completed for e in of(evs, HoldEnded)] == [False]
    assert [d.judgement for d in of(evs, Drop)] == [Judgement.DROP]
    assert [lf.made for lf in of(evs, Lift)] == [False]
    assert session.state.bricks == 0 and session.state.lifts_made == 0


@pytest.mark.parametrize("path", [INTRO, HARD])
def test_builtin_levels_are_feet_with_chord_lifts_and_holds_over_running_feet(path):
    level = load_level(path)
    assert 60 <= level.duration <= 150
    assert any(iv.is_work for iv in level.intervals)
    assert any(not iv.is_work for iv in level.intervals)
    cues = get_stage("rail_yard").build_cues(level)
    kinds = {c.kind for c in cues}
    assert {"tap", "chord", "hold"} <= kinds
    assert all(set(c.parts) == set(BRICKS) for c in cues if c.kind in ("chord", "hold"))
    holds = [c for c in cues if c.kind == "hold"]
    # the feet keep going under every hold
    assert all(any(h.time < c.time < h.end_time and c.action in ("left", "right")
                   for c in cues) for h in holds)


@pytest.mark.parametrize("path", [INTRO, HARD])
def test_the_perfect_bot_clears_every_lift_and_a_sloppy_one_does_not(path):
    level = load_level(path)
    rules = get_stage("rail_yard")
    perfect = autoplay(level, rules)
    assert perfect.score.accuracy >= 99.0
    out = perfect.summary()["outcome"]
    assert out["lifts_made"] == out["lifts_called"] and out["stumbles"] == 0
    assert out["bricks"] > 0 and out["distance"] > 100
    sloppy = autoplay(level, rules, sigma_ms=60.0, seed=4)
    assert sloppy.score.accuracy < perfect.score.accuracy
    worse = sloppy.summary()["outcome"]
    assert worse["stumbles"] > 0 and worse["distance"] < out["distance"]
    assert worse["bricks"] <= out["bricks"]


def test_rate_puts_the_hard_run_above_the_intro(capsys):
    ratings = []
    for path in (INTRO, HARD):
        assert main(["rate", "--json", "--runs", "12", path]) == 0
        ratings.append(json.loads(capsys.readouterr().out)["rating"])
    assert ratings[0] < ratings[1], ratings


def test_play_json_reports_metres_and_bricks(capsys):
    assert main(["play", INTRO, "--autoplay", "--headless", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)["outcome"]
    assert out["bricks"] == 16 and out["lifts_made"] == out["lifts_called"] == 8
    assert out["distance"] == pytest.approx(128 * STRIDE_M, abs=0.1)


def test_descriptor_puts_feet_and_hands_on_separate_fingers():
    info = get_stage("rail_yard")
    keys = [k for a in info.actions for k in info.default_keys[a]]
    assert len(keys) == len(set(keys))
    assert set(info.pad_keys) == set(info.actions)
    assert info.order == 10 and dict(info.outcome_fields)["bricks"] == "bricks lifted"


def test_frames_move_on_through_the_yard():
    level = load_level(INTRO)
    a, b = render_frame(level, 10.0), render_frame(level, 20.0)
    assert frame_difference(a, b)[1] > 0.05


def test_a_hit_sound_for_every_kind_of_cue():
    info = get_stage("rail_yard")
    assert info.hit_sound("left", "tap") == "ballast"
    assert info.hit_sound("left_brick", "chord") == "brick_knock"
    assert info.hit_sound("left_brick", "hold") == "el_train"
    from game.audio.sfx import stage_sounds
    sounds = stage_sounds()
    for name in ("ballast", "brick_knock", "el_train"):
        x = sounds[name][0](22050)
        assert len(x) > 1000 and abs(x).max() == pytest.approx(1.0, abs=1e-3)


def test_hits_are_events_with_the_right_kind(session):
    evs = tap(session, "left", 0.0)
    assert [h.cue.kind for h in of(evs, Hit)] == ["tap"]


def test_a_train_thunders_over_the_yard_during_every_held_lift():
    from game.app.rig import Rig
    from game.app.shot import ensure_display
    from game.gfx.text import TextCache
    from game.stages.rail_yard.view import W
    ensure_display()
    level = load_level(HARD)
    rig = Rig(level, TextCache())
    view = rig.view
    tw = view.train.get_width()
    for hold in (c for c in rig.session.cues if c.kind == "hold"):
        mid = (hold.time + hold.end_time) / 2
        xs = [W - (mid - start) * speed for start, speed in view.trains]
        assert any(x < W / 2 < x + tw for x in xs), hold.time    # on screen over the runner
