"""Medicine Ball: brace both hands as the ball lands, hold through it, breathe out on time."""

import json
import subprocess
import sys

import pygame
import pytest

from game.core.events import Hit, Miss
from game.core.judge import Judgement
from game.core.loader import load_level, parse_level
from game.core.rating import rate_level
from game.core.session import PlaySession, autoplay
from game.stages import get_stage
from game.stages.medicine_ball import Winded, WindUp, throws_for

# 120 bpm: a beat is 0.5 s, a step (eighth) 0.25 s. Balls land at 2.0, 3.25 and 6.0 s.
LEVEL = """
id: t
title: T
stage: medicine_ball
tempo: 120
intervals:
  - work: 4
    pattern: "........|[lr]==^.[lr]=^|........|[lr]==^...."
"""
INTRO = "levels/2_gym/23_medicine_ball_1_intro.yaml"
HARD = "levels/2_gym/27_medicine_ball_2_hard.yaml"


@pytest.fixture
def level():
    return parse_level(LEVEL, "t.yaml")


@pytest.fixture
def session(level):
    return PlaySession(level, get_stage("medicine_ball"))


def of(events, kind):
    return [e for e in events if isinstance(e, kind)]


def brace(session, at, until, hands=("left", "right")):
    evs = []
    for h in hands:
        evs += session.press(h, at)
    for h in hands:
        evs += session.release(h, until)
    return evs


def test_a_brace_is_a_chord_hold_with_a_judged_exhale(session):
    kinds = [(c.kind, c.parts, c.time) for c in session.cues]
    assert kinds[:2] == [("hold", ("left", "right"), 2.0), ("release", ("left", "right"), 2.75)]


def test_the_wind_up_is_longer_after_a_longer_breather(level, session):
    throws = throws_for(level, session.cues)
    assert [th.impact for th in throws] == [2.0, 3.25, 6.0]
    # a beat's breather gets the shortest wind-up (one beat), four and a half beats half that
    assert [th.windup for th in throws[1:]] == pytest.approx([0.5, 1.125])
    evs = session.advance(6.0)
    ups = of(evs, WindUp)
    assert [(u.impact, u.time) for u in ups] == [(th.impact, th.windup_start) for th in throws]
    assert all(u.time < u.impact for u in ups)


def test_braced_through_and_breathed_out_on_time(session):
    evs = brace(session, 2.0, 2.75)
    assert [h.judgement for h in of(evs, Hit)] == [Judgement.PERFECT, Judgement.HELD,
                                                   Judgement.PERFECT]
    assert not of(evs, Winded)
    assert session.state.braced == 1 and session.state.exhales == 1


def test_no_brace_leaves_you_winded(session):
    evs = session.advance(2.5)
    assert [m.judgement for m in of(evs, Miss)] == [Judgement.MISS, Judgement.DROP]
    assert len(of(evs, Winded)) == 1                 # once per ball, not per judgement
    assert session.state.winded == 1 and session.state.braced == 0


def test_one_hand_is_not_a_brace(session):
    session.press("left", 2.0)
    evs = session.advance(2.4)
    assert of(evs, Winded) and session.state.braced == 0


def test_letting_the_brace_go_early_is_winded_too(session):
    session.press("left", 2.0)
    session.press("right", 2.0)
    evs = session.release("left", 2.3)
    assert [m.judgement for m in of(evs, Miss)] == [Judgement.DROP]
    assert [w.brace for w in of(evs, Winded)] == [0]


def test_holding_on_past_the_exhale_misses_the_breath(session):
    evs = brace(session, 2.0, 2.75 + 0.4)
    assert of(evs, Miss)[-1].cue.kind == "release"
    assert session.state.braced == 1 and session.state.exhales == 0


@pytest.mark.parametrize("path", [INTRO, HARD])
def test_builtin_levels_are_braces_with_judged_exhales(path):
    level = load_level(path)
    assert 60 <= level.duration <= 150
    assert any(not iv.is_work for iv in level.intervals)
    rules = get_stage("medicine_ball")
    cues = rules.build_cues(level)
    holds = [c for c in cues if c.kind == "hold"]
    assert holds and all(c.lift and c.parts == ("left", "right") for c in holds)
    assert sum(c.kind == "release" for c in cues) == len(holds)
    windups = {round(th.windup, 2) for th in throws_for(level, cues)}
    assert len(windups) >= 3                         # the partner varies his wind-up
    perfect = autoplay(level, rules, sigma_ms=0.0, seed=0)
    assert perfect.score.accuracy >= 99.0 and perfect.state.winded == 0
    sloppy = autoplay(level, rules, sigma_ms=60.0, seed=0)
    assert sloppy.score.accuracy < perfect.score.accuracy
    assert sloppy.state.braced < perfect.state.braced


def test_the_hard_level_rates_above_the_intro():
    assert rate_level(load_level(HARD)).rating > rate_level(load_level(INTRO)).rating


def test_play_json_reports_braced_hits():
    out = subprocess.run([sys.executable, "main.py", "play", INTRO, "--autoplay", "--headless",
                          "--json"], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    outcome = json.loads(out.stdout)["outcome"]
    assert outcome["braced"] == outcome["balls"] > 0 and outcome["winded"] == 0


@pytest.mark.parametrize("reduced", [False, True])
def test_winded_shakes_the_gym_unless_motion_is_reduced(level, reduced):
    from game.app.shot import ensure_display
    from game.gfx.text import TextCache
    from game.stages.medicine_ball.view import VIEW

    ensure_display()
    stage = get_stage("medicine_ball")
    cues = tuple(stage.build_cues(level))
    snap = stage.rules.snapshot(stage.rules.new_state(level, cues))

    def frame(winded: bool) -> pygame.Surface:
        view = VIEW(level, stage, cues, TextCache(), reduced_motion=reduced)
        if winded:
            view.on_event(Winded(2.15, 0))
        canvas = pygame.Surface((1280, 720))
        for _ in view.draw(canvas, 2.2, snap):
            pass
        return canvas.subsurface((900, 40, 360, 300)).copy()   # bare wall, right of the ring

    same = pygame.image.tobytes(frame(False), "RGB") == pygame.image.tobytes(frame(True), "RGB")
    assert same == reduced
