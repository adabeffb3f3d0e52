"""One-arm push-ups toward fifty: a hold and a lift per rep, counted aloud by two voices,
the arm switching at twenty-five, the tempo slowing as the reps climb."""

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from game.audio.synth import SR
from game.core.events import Call, Fanfare, Hit, Miss, Wrong
from game.core.judge import Judgement
from game.core.lint import lint_level
from game.core.loader import load_level, parse_level
from game.core.rating import rate_level
from game.core.session import Input, PlaySession, autoplay, autoplay_inputs, simulate
from game.stages import get_stage
from game.stages.push_ups import GOAL, Rep, count_words

ROOT = Path(__file__).resolve().parents[1]
INTRO = "levels/2_gym/21_push_ups_1_intro.yaml"
HARD = "levels/2_gym/25_push_ups_2_hard.yaml"
LEVELS = (INTRO, HARD)

# 120 bpm in 2/4: a rep a bar (1 s), down on the beat and up on the next (p=^.)
LEVEL = """
id: t
title: T
stage: push_ups
tempo: 120
beats_per_bar: 2
intervals:
  - work: 26
    pattern: "p=^."
  - rest: 2
  - work: 26
    pattern: "p=^."
"""


@pytest.fixture
def level():
    return parse_level(LEVEL, "t.yaml")


@pytest.fixture
def stage():
    return get_stage("push_ups")


def of(events, kind):
    return [e for e in events if isinstance(e, kind)]


def heads(cues):
    return [c for c in cues if c.kind == "hold"]


def test_reps_one_to_25_are_the_left_arms_and_the_right_takes_over(level, stage):
    cues = stage.build_cues(level)
    reps = heads(cues)
    assert len(reps) == 52
    assert [c.action for c in reps] == ["left"] * 25 + ["right"] * 25 + ["left"] * 2
    assert [c.group for c in reps] == list(range(1, 53))
    for c in cues:                                   # every lift on the arm that went down
        if c.kind == "release":
            hold = next(h for h in reps if abs(h.end_time - c.time) < 1e-9)
            assert (c.action, c.group) == (hold.action, hold.group)


def test_a_rep_is_counted_aloud_when_it_is_down_held_and_up_on_the_beat(level, stage):
    session = PlaySession(level, stage)
    session.press("left", 0.0)
    evs = session.release("left", 0.51)
    assert [type(e).__name__ for e in evs if isinstance(e, (Hit, Miss))] == ["Held", "Hit"]
    assert [(r.number, r.count, r.made, r.arm) for r in of(evs, Rep)] == [(1, 1, True, "left")]
    # the count sound plays on the lift (the release hit), the hold itself is silent
    assert stage.hit_sound("left", "release") == "count_voices"
    assert stage.hit_sound("left", "hold") is None


def test_the_wrong_arm_is_no_rep_and_the_count_does_not_move(level, stage):
    session = PlaySession(level, stage)
    evs = session.press("right", 0.0)
    assert [m.judgement for m in of(evs, Wrong)] == [Judgement.WRONG]
    assert [(r.made, r.count) for r in of(evs, Rep)] == [(False, 0)]
    session.release("right", 0.5)
    assert session.state.reps == 0 and session.state.lost == 1


def test_the_coach_calls_the_switch_between_rep_25_and_26(level, stage):
    session = simulate(level, stage, [])
    cues = heads(session.cues)
    session = PlaySession(level, stage)
    calls = [e for e in session.advance(cues[25].time) if isinstance(e, Call)]
    assert [c.text for c in calls] == ["OTHER ARM!"]
    assert cues[24].end_time < calls[0].time < cues[25].time
    assert session.snapshot.arm == "right"


def test_the_fiftieth_rep_is_a_fanfare_and_only_the_fiftieth(level, stage):
    session = PlaySession(level, stage)
    events = []
    for inp in autoplay_inputs(level, stage):
        events += session.apply(inp)
    events += session.advance(session.end_time + 1)
    fanfares = of(events, Fanfare)
    assert len(fanfares) == 1
    fiftieth = [r for r in of(events, Rep) if r.count == GOAL]
    assert len(fiftieth) == 1 and fanfares[0].time == fiftieth[0].time
    assert session.summary()["outcome"] == {"reps": 52, "of": 50, "left_arm": 27,
                                            "right_arm": 25, "lost": 0, "planned": 52}


def test_a_missed_rep_leaves_the_count_short_of_the_fanfare(level, stage):
    bot = autoplay_inputs(level, stage)
    skip_one = [i for i in bot if not 9.9 < i.time < 10.6]        # rep 11 never happens
    session = simulate(level, stage, skip_one)
    assert session.state.reps == 51 and session.state.fanfare    # the spare reps make it up
    short = simulate(level, stage, [i for i in skip_one if i.time < 51.9])   # and 2 fewer
    assert short.state.reps == 49 and not short.state.fanfare


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["left", "right"]),
                          st.floats(min_value=-1.0, max_value=60.0),
                          st.floats(min_value=0.02, max_value=1.5)), max_size=40))
def test_every_rep_is_settled_once_whatever_the_player_does(presses):
    level = parse_level(LEVEL, "t.yaml")
    inputs = []
    for action, t, hold in presses:
        inputs += [Input(action, t), Input(action, t + hold, pressed=False)]
    session = simulate(level, get_stage("push_ups"), inputs)
    st_ = session.state
    assert st_.reps + st_.lost == st_.planned == 52
    assert sum(st_.by_arm.values()) == st_.reps


def test_count_words():
    assert [count_words(n) for n in (1, 13, 20, 25, 50)] == [
        "ONE", "THIRTEEN", "TWENTY", "TWENTY-FIVE", "FIFTY"]


@pytest.mark.parametrize("path", LEVELS)
def test_builtin_levels_are_fifty_reps_slowing_down_with_rests(path, stage):
    level = load_level(path)
    assert lint_level(level) == []
    assert 60 <= level.duration <= 150
    assert {iv.kind for iv in level.intervals} == {"work", "rest"}
    work = [iv for iv in level.intervals if iv.is_work]
    assert all(iv.tempo_end is not None and iv.tempo_end < iv.tempo for iv in work)
    cues = stage.build_cues(level)
    reps = heads(cues)
    assert len(reps) == GOAL and all(c.lift for c in reps)
    assert {c.kind for c in cues} == {"hold", "release"}
    for iv_index in {c.interval for c in reps}:       # fatigue: each set slows rep by rep
        bpm = [level.tempo_map.bpm_at_time(c.time) for c in reps if c.interval == iv_index]
        assert bpm == sorted(bpm, reverse=True) and bpm[-1] < bpm[0]
    assert [c.action for c in reps] == ["left"] * 25 + ["right"] * 25


@pytest.mark.parametrize("path", LEVELS)
def test_the_perfect_bot_reaches_fifty_and_a_sloppy_one_does_not(path, stage):
    level = load_level(path)
    perfect = autoplay(level, stage)
    assert perfect.score.accuracy >= 99.0
    assert perfect.summary()["outcome"]["reps"] == GOAL
    sloppy = autoplay(level, stage, sigma_ms=60.0, seed=5)
    assert sloppy.score.accuracy < perfect.score.accuracy
    assert sloppy.state.reps < GOAL


def test_the_hard_level_rates_above_the_intro():
    intro = rate_level(load_level(INTRO), runs=20)
    hard = rate_level(load_level(HARD), runs=20)
    assert hard.rating > intro.rating


def test_play_json_reports_reps_out_of_fifty():
    env = dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy")
    out = subprocess.run([sys.executable, str(ROOT / "main.py"), "play", HARD, "--autoplay",
                          "--headless", "--json"], cwd=ROOT, env=env, capture_output=True,
                         text=True, timeout=240)
    assert out.returncode == 0, out.stderr
    outcome = json.loads(out.stdout)["outcome"]
    assert (outcome["reps"], outcome["of"]) == (50, 50)
    assert (outcome["left_arm"], outcome["right_arm"]) == (25, 25)
    from game.app.scenes.results import outcome_lines
    assert outcome_lines(get_stage("push_ups"), outcome) == [
        "50 push-ups of 50", "25 on the left arm", "25 on the right arm"]


def _f0(x: np.ndarray) -> float:
    """The fundamental of a short voiced stretch, by autocorrelation (60-300 Hz)."""
    x = x - x.mean()
    ac = np.correlate(x, x, "full")[len(x) - 1:]
    lo, hi = SR // 300, SR // 60
    return SR / (lo + int(np.argmax(ac[lo:hi])))


def test_two_voices_count_each_rep_the_coach_low_and_the_fighter_higher_behind_him():
    from game.stages.push_ups.sounds import SOUNDS, count_voices
    assert "count_voices" in SOUNDS
    wave = count_voices()
    assert abs(float(np.abs(wave).max()) - 1.0) < 1e-3
    coach_only = wave[int(0.02 * SR):int(0.065 * SR)]       # before the fighter comes in
    fighter_only = wave[int(0.262 * SR):int(0.285 * SR)]    # after the coach has stopped
    assert 85 < _f0(coach_only) < 125
    assert 135 < _f0(fighter_only) < 175
