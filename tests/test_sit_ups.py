"""Sit-ups over the apron: down on a hold, up on the beat when you let go; a rep is all three."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from game.core.events import Drop, Held, Hit, HoldStarted, Miss, Stray
from game.core.judge import Judgement
from game.core.lint import lint_level
from game.core.loader import load_level, parse_level
from game.core.rating import rate_level
from game.core.session import Input, PlaySession, autoplay, simulate
from game.stages import get_stage
from game.stages.sit_ups import ACTION, Rep

ROOT = Path(__file__).resolve().parents[1]
INTRO = "levels/2_gym/22_sit_ups_1_intro.yaml"
HARD = "levels/2_gym/26_sit_ups_2_hard.yaml"
LEVELS = (INTRO, HARD)

# 120 bpm, a beat is 0.5 s: down on 0.0, lift on 1.5; down on 2.0, lift on 3.5; a bare `s`
# at 4.0 is a quick bob (a tap), and `s===` at 6.0 a hang to 7.0 with no judged lift.
LEVEL = """
id: t
title: T
stage: sit_ups
tempo: 120
intervals:
  - work: 2
    pattern: "s==^|s==^"
  - work: 2
    pattern: "s.......|s===...."
"""


@pytest.fixture
def session():
    return PlaySession(parse_level(LEVEL, "t.yaml"), get_stage("sit_ups"))


def of(events, kind):
    return [e for e in events if isinstance(e, kind)]


def test_down_on_the_beat_kept_down_and_up_on_the_lift_is_a_rep(session):
    evs = session.press(ACTION, 0.01)
    assert [h.judgement for h in of(evs, Hit)] == [Judgement.PERFECT] and of(evs, HoldStarted)
    session.advance(0.5)
    assert session.snapshot.down
    evs = session.release(ACTION, 1.52)
    assert [type(e) for e in evs if isinstance(e, (Hit, Miss))] == [Held, Hit]
    assert [(r.made, r.count) for r in of(evs, Rep)] == [(True, 1)]
    session.advance(1.6)
    assert not session.snapshot.down
    assert session.state.reps == 1 and session.state.streak == 1


def test_coming_up_early_drops_the_hold_and_loses_the_rep_once(session):
    session.press(ACTION, 0.0)
    evs = session.release(ACTION, 0.8)                 # up a beat and a half too soon
    assert of(evs, Drop)
    assert [r.made for r in of(evs, Rep)] == [False]
    evs = session.advance(2.0)                         # the lift at 1.5 goes by unmet
    assert [m.judgement for m in of(evs, Miss)] == [Judgement.MISS]
    assert not of(evs, Rep)                            # one rep, one verdict
    assert session.state.reps == 0 and session.state.lost == 1


def test_staying_down_past_the_beat_is_no_rep(session):
    session.press(ACTION, 0.0)
    evs = session.advance(1.8)
    assert of(evs, Held)                               # the hang was long enough ...
    assert [(m.cue.kind, m.judgement) for m in of(evs, Miss)] == [("release", Judgement.MISS)]
    assert [r.made for r in of(evs, Rep)] == [False]   # ... but he never came up on it
    assert session.state.reps == 0


def test_mashing_the_key_makes_no_sit_ups(session):
    evs = []
    for k in range(16):                                # a tap every 0.1 s through two reps
        evs += session.press(ACTION, k * 0.1) + session.release(ACTION, k * 0.1 + 0.04)
    evs += session.advance(4.0)
    assert session.state.reps == 0
    assert of(evs, Drop) and of(evs, Stray)


def test_a_bare_s_is_a_quick_one_and_a_hang_without_a_lift_counts_when_held(session):
    for t0, t1 in ((0.0, 1.5), (2.0, 3.5)):
        session.press(ACTION, t0)
        session.release(ACTION, t1)
    evs = session.press(ACTION, 4.02) + session.release(ACTION, 4.1)
    assert [r.made for r in of(evs, Rep)] == [True]
    session.press(ACTION, 6.0)
    evs = session.advance(8.1)
    assert of(evs, Held) and [r.made for r in of(evs, Rep)] == [True]
    assert session.summary()["outcome"] == {"reps": 4, "planned": 4, "lost": 0,
                                            "best_streak": 4}


@settings(max_examples=50, deadline=None)
@given(st.lists(st.tuples(st.floats(min_value=-1.0, max_value=8.5),
                          st.floats(min_value=0.01, max_value=2.0)), max_size=20))
def test_every_rep_is_settled_once_whatever_the_player_does(presses):
    level = parse_level(LEVEL, "t.yaml")
    inputs = []
    for t, hold in sorted(presses):
        inputs += [Input(ACTION, t), Input(ACTION, t + hold, pressed=False)]
    session = simulate(level, get_stage("sit_ups"), sorted(inputs, key=lambda i: i.time))
    state = session.state
    assert state.reps + state.lost == state.planned == 4
    holds = sum(c.kind == "hold" for c in session.cues)
    assert session.score.judged == len(session.cues) + holds


@pytest.mark.parametrize("path", LEVELS)
def test_builtin_levels_check_clean_with_work_and_rest(path):
    level = load_level(path)
    assert lint_level(level) == []
    assert 60 <= level.duration <= 150
    kinds = {iv.kind for iv in level.intervals}
    assert kinds == {"work", "rest"}
    cues = get_stage("sit_ups").build_cues(level)
    assert {c.kind for c in cues} == {"hold", "release"}      # holds with judged lifts only
    assert all(c.lift for c in cues if c.kind == "hold")


@pytest.mark.parametrize("path", LEVELS)
def test_the_perfect_bot_makes_every_rep_and_a_sloppy_one_does_not(path):
    level = load_level(path)
    stage = get_stage("sit_ups")
    perfect = autoplay(level, stage)
    assert perfect.score.accuracy >= 99.0
    assert perfect.state.reps == perfect.state.planned
    sloppy = autoplay(level, stage, sigma_ms=60.0, seed=3)
    assert sloppy.score.accuracy < perfect.score.accuracy
    assert sloppy.state.reps < perfect.state.reps


def test_the_hard_level_rates_above_the_intro():
    intro = rate_level(load_level(INTRO), runs=20)
    hard = rate_level(load_level(HARD), runs=20)
    assert hard.rating > intro.rating
    assert hard.load > intro.load


def test_play_json_reports_the_sit_ups():
    env = dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy")
    out = subprocess.run([sys.executable, str(ROOT / "main.py"), "play", HARD, "--autoplay",
                          "--headless", "--json"], cwd=ROOT, env=env, capture_output=True,
                         text=True, timeout=240)
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout)
    assert result["outcome"]["reps"] == result["outcome"]["planned"] == 60
    assert result["cue_kinds"] == {"hold": 60, "release": 60}
    from game.app.scenes.results import outcome_lines
    assert outcome_lines(get_stage("sit_ups"), result["outcome"]) == [
        "60 sit-ups", "60 in the best run"]


def test_the_descriptor_keeps_the_lift_audible_and_the_hang_quiet():
    stage = get_stage("sit_ups")
    assert stage.hit_sound(ACTION, "release") == "crunch"
    assert stage.hit_sound(ACTION, "hold") is None
    from game.audio.synth import SR
    from game.stages.sit_ups.sounds import SOUNDS
    wave = SOUNDS["crunch"][0]()
    assert 0.2 < len(wave) / SR < 0.5
    assert abs(float(abs(wave).max()) - 1.0) < 1e-3
