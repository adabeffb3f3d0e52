"""Market Run: feet on the beat, swerves round the crates in your lane, carts to let by;
dodges and crashes are counted, and the street ahead always lines up with the pattern."""

import json

import pytest

from game.app.shot import render_frame
from game.cli import main
from game.core.events import Dodge, HitBy, Miss
from game.core.judge import Judgement
from game.core.loader import load_level, parse_level
from game.core.session import PlaySession, autoplay
from game.stages import get_stage
from game.stages.market_run import LANES, Bump, Stride, Swerve, plan_lanes
from tests.golden_util import frame_difference

INTRO = "levels/20_market_run_1_intro.yaml"
HARD = "levels/20_market_run_2_hard.yaml"

# 120 bpm, a bar 2 s: swerve up at 0.75 s, a cart down the lane below at 2.75 s (you are in
# the top lane then, so it comes down the middle one), swerve back down at 4.75 s.
LEVEL = """
id: t
title: T
stage: market_run
tempo: 120
intervals:
  - work: 4
    pattern: "l.rul.r.|l.r!dl.r.|l.rdl.r.|l.r.l.r."
  - rest: 1
"""
UP_AT, CART_AT, DOWN_AT = 0.75, 2.75, 4.75


@pytest.fixture
def session():
    return PlaySession(parse_level(LEVEL, "t.yaml"), get_stage("market_run"))


def of(events, kind):
    return [e for e in events if isinstance(e, kind)]


def test_lanes_follow_the_pattern_from_the_middle_and_never_leave_the_street():
    cues = get_stage("market_run").build_cues(parse_level(LEVEL, "t.yaml"))
    plan = plan_lanes(cues)
    moves = [plan[c.index] for c in sorted(cues, key=lambda c: c.time) if c.index in plan]
    assert moves == [(1, 2), (2, 2), (2, 1)]      # up, a cart (nobody moves), down


def test_a_swerve_on_time_is_a_dodge_into_the_next_lane(session):
    evs = session.press("up", UP_AT + 0.01)
    sw = of(evs, Swerve)
    assert [(s.lane_from, s.lane, s.crashed) for s in sw] == [(1, 2, False)]
    assert session.state.lane == 2 and session.state.dodges == 1


def test_a_late_swerve_is_a_crash_but_the_runner_still_comes_out_in_the_new_lane(session):
    evs = session.advance(UP_AT + 0.2)
    assert [m.judgement for m in of(evs, Miss) if m.cue.action == "up"] == [Judgement.MISS]
    assert [(s.lane, s.crashed) for s in of(evs, Swerve)] == [(2, True)]
    assert session.state.crashes == 1 and session.state.lane == 2


def test_a_cart_left_alone_goes_by_and_one_swerved_into_is_a_crash(session):
    session.press("up", UP_AT)
    evs = session.advance(CART_AT + 0.2)
    assert of(evs, Dodge) and [(b.lane, b.crashed) for b in of(evs, Bump)] == [(1, False)]
    other = PlaySession(parse_level(LEVEL, "t.yaml"), get_stage("market_run"))
    other.press("up", UP_AT)
    evs = other.press("down", CART_AT + 0.01)          # straight into the cart
    assert [h.judgement for h in of(evs, HitBy)] == [Judgement.HIT_BY]
    assert [b.crashed for b in of(evs, Bump)] == [True]
    assert other.state.crashes == 1 and other.state.lane == 2      # it bounced you back


def test_feet_count_strides_and_a_missed_beat_is_a_stumble(session):
    evs = session.press("left", 0.0) + session.advance(0.7)       # the right foot never came
    assert [s.stumbled for s in of(evs, Stride)] == [False, True]
    assert session.state.strides == 1 and session.state.stumbles == 1


@pytest.mark.parametrize("path", [INTRO, HARD])
def test_builtin_levels_have_avoid_cues_and_swerves_that_stay_on_the_street(path):
    level = load_level(path)
    assert 60 <= level.duration <= 150
    assert any(not iv.is_work for iv in level.intervals)
    cues = get_stage("market_run").build_cues(level)
    plan = plan_lanes(cues)
    avoids = [c for c in cues if c.kind == "avoid"]
    swerves = [c for c in cues if c.kind == "tap" and c.action in ("up", "down")]
    assert avoids and swerves
    assert all(plan[c.index][0] != plan[c.index][1] for c in swerves)   # never into a wall
    for c in avoids:                                   # a cart always has a lane to come down
        lane = plan[c.index][0] + (1 if c.action == "up" else -1)
        assert 0 <= lane < LANES


@pytest.mark.parametrize("path", [INTRO, HARD])
def test_the_perfect_bot_dodges_everything_and_a_sloppy_one_crashes(path):
    level = load_level(path)
    rules = get_stage("market_run")
    perfect = autoplay(level, rules)
    assert perfect.score.accuracy >= 99.0
    out = perfect.summary()["outcome"]
    cues = rules.build_cues(level)
    movers = sum(c.action in ("up", "down") for c in cues)
    assert out["crashes"] == 0 and out["dodges"] == movers
    sloppy = autoplay(level, rules, sigma_ms=60.0, seed=4)
    assert sloppy.score.accuracy < perfect.score.accuracy
    assert sloppy.summary()["outcome"]["crashes"] > 0


def test_rate_puts_rush_hour_above_opening_time(capsys):
    ratings = []
    for path in (INTRO, HARD):
        assert main(["rate", "--json", "--runs", "12", path]) == 0
        ratings.append(json.loads(capsys.readouterr().out)["rating"])
    assert ratings[0] < ratings[1], ratings


def test_play_json_reports_distance_and_dodges(capsys):
    assert main(["play", HARD, "--autoplay", "--headless", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["cue_kinds"]["avoid"] > 0
    out = result["outcome"]
    assert out["dodges"] > 0 and out["crashes"] == 0 and out["distance"] > 100


def test_frames_move_on_down_the_street():
    level = load_level(INTRO)
    a, b = render_frame(level, 10.0), render_frame(level, 20.0)
    assert frame_difference(a, b)[1] > 0.05


def test_keys_and_words():
    info = get_stage("market_run")
    keys = [k for a in info.actions for k in info.default_keys[a]]
    assert len(keys) == len(set(keys))
    assert info.word("hit_by", "HIT!") == "CART!"
    assert info.hit_sound("up") == "swerve" and info.hit_sound("left") == "cobble"
    assert info.order == 20 and info.stats_shape != get_stage("rail_yard").stats_shape
