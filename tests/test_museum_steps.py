"""Museum Steps: a foot on every beat up 72 steps; stumbles cost a step; arms up at the top."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from game.core.bot import bot_inputs
from game.core.events import Fanfare, Hit, HoldEnded, HoldStarted, Miss, Stray
from game.core.judge import Judgement
from game.core.loader import load_level, parse_level
from game.core.session import Input, PlaySession, autoplay, simulate
from game.stages import get_stage
from game.stages.museum_steps import STAIRS, Stride

# 120 bpm: a beat is 0.5 s. Two flat strides, six stair steps, then the summit bar at 4 s.
LEVEL = """
id: t
title: T
stage: museum_steps
tempo: 120
intervals:
  - work: 1
    pattern: "l.r.L.R."
  - work: 1
    pattern: "L.R.L.R."
  - work: 2
    pattern: "H.......|........"
"""
HOLD_AT, HOLD_END = 4.0, 6.0


@pytest.fixture
def level():
    return parse_level(LEVEL, "t.yaml")


@pytest.fixture
def session(level):
    return PlaySession(level, get_stage("museum_steps"))


def of(events, kind):
    return [e for e in events if isinstance(e, kind)]


def climb(session, upto: int):
    """Clean feet on the first `upto` foot cues."""
    for c in session.cues[:upto]:
        session.press(c.action, c.time)
        session.release(c.action, c.time + 0.05)


def test_clean_feet_climb_stairs_but_strides_on_the_flat_do_not(session):
    climb(session, 2)
    assert session.state.steps == 0 and session.state.pace == 2
    climb_evs = session.press("left", 1.0)
    assert of(climb_evs, Stride)[0].steps == 1
    session.press("right", 1.5)
    assert session.state.steps == 2


def test_a_wrong_foot_is_a_stumble_that_loses_a_step(session):
    climb(session, 5)                                  # two strides, three steps up
    assert session.state.steps == 3
    evs = session.press("left", 2.5)                   # the right foot was due
    assert [m.judgement for m in of(evs, Miss)] == [Judgement.WRONG]
    stride = of(evs, Stride)[0]
    assert stride.stumbled and stride.steps == 2
    assert session.state.pace == 0 and session.state.stumbles == 1


def test_a_missed_beat_is_a_stumble_too(session):
    climb(session, 4)
    evs = session.advance(2.2)                         # the left foot at 2.0 never came
    assert [m.judgement for m in of(evs, Miss)] == [Judgement.MISS]
    assert of(evs, Stride)[0].stumbled
    assert session.state.steps == 1


def test_a_stumble_on_the_flat_costs_pace_not_steps(session):
    evs = session.press("right", 0.0)
    assert of(evs, Stride)[0].stumbled
    assert session.state.steps == 0 and session.state.pace == 0


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["left", "right"]),
                          st.floats(min_value=-2.0, max_value=7.0)), max_size=40))
def test_the_climb_stays_on_the_stairs(presses):
    level = parse_level(LEVEL, "t.yaml")
    inputs = []
    for action, t in presses:
        inputs += [Input(action, t), Input(action, t + 0.03, pressed=False)]
    session = simulate(level, get_stage("museum_steps"), inputs)
    state = session.state
    assert 0 <= state.steps <= 6
    holds = sum(c.kind == "hold" for c in session.cues)
    # every cue judged once, and a hold's body once more
    assert session.score.judged == len(session.cues) + holds


def test_arms_up_held_for_the_bar_reaches_the_summit(session):
    climb(session, 8)
    evs = session.press("left", HOLD_AT - 0.03) + session.press("right", HOLD_AT + 0.01)
    assert not of(evs, Stray)
    assert [e.time for e in of(evs, HoldStarted)] == [HOLD_AT + 0.01]
    evs = session.advance(HOLD_END - 0.1)
    assert not of(evs, HoldEnded)                      # still holding
    evs = session.advance(HOLD_END)
    assert [e.completed for e in of(evs, HoldEnded)] == [True]
    assert [h.judgement for h in of(evs, Hit)] == [Judgement.HELD]
    assert of(evs, Fanfare)
    assert session.state.summit
    # a chord takes its worst part: the left arm went up 30 ms early
    assert session.score.counts["great"] == 1 and session.score.counts["held"] == 1


def test_dropping_the_arms_early_loses_the_summit(session):
    climb(session, 8)
    session.press("left", HOLD_AT)
    head = session.press("right", HOLD_AT)
    assert [h.judgement for h in of(head, Hit)] == [Judgement.PERFECT]   # the raise keeps it
    evs = session.release("right", HOLD_AT + 1.0)
    assert [e.completed for e in of(evs, HoldEnded)] == [False]
    assert [m.judgement for m in of(evs, Miss)] == [Judgement.DROP]
    assert not of(evs, Fanfare)
    assert not session.state.summit
    assert session.score.accuracy < 100.0


def test_one_arm_is_not_enough(session):
    climb(session, 8)
    evs = session.press("left", HOLD_AT)
    evs += session.advance(HOLD_END + 0.5)
    assert not of(evs, HoldStarted)
    assert [m.judgement for m in of(evs, Miss)] == [Judgement.MISS, Judgement.DROP]
    assert not session.state.summit


def test_autoplay_raises_both_arms_and_lets_go_after_the_bar(level):
    rules = get_stage("museum_steps")
    hold = [c for c in rules.build_cues(level) if c.kind == "hold"][0]
    inputs = bot_inputs(rules.build_cues(level), __import__("random").Random(1), 0.0)
    arms = [i for i in inputs if i.time >= hold.time - 0.2]
    assert {(i.action, i.pressed) for i in arms} == {("left", True), ("right", True),
                                                     ("left", False), ("right", False)}
    assert all(i.time > hold.end_time for i in arms if not i.pressed)


def test_builtin_climb_is_72_steps_accelerating_to_a_sprint_and_a_summit():
    level = load_level("levels/03_museum_steps.yaml")
    assert 90 <= level.duration <= 180
    assert any(not iv.is_work for iv in level.intervals)
    rules = get_stage("museum_steps")
    cues = rules.build_cues(level)
    stairs = [c for c in cues if c.symbol in "LR"]
    assert len(stairs) == STAIRS + 4            # four beats to spare for a stumble or two
    assert all(a.action != b.action for a, b in zip(stairs, stairs[1:], strict=False))
    gaps = [b.time - a.time for a, b in zip(stairs, stairs[1:], strict=False)]
    bpm = [level.tempo_map.bpm_at_time(c.time) for c in stairs]
    assert bpm == sorted(bpm) and bpm[-1] > bpm[0] * 1.2        # the tempo builds
    beat_at_top = 60.0 / bpm[-1]
    assert max(gaps[-8:]) < beat_at_top * 0.6                    # double time near the top
    assert cues[-1].kind == "hold"
    session = autoplay(level, rules, sigma_ms=10.0, seed=2)
    assert session.state.steps == STAIRS and session.state.summit
    assert session.summary()["judgements"]["miss"] == 0


def test_a_climber_short_of_the_top_does_not_get_the_summit():
    from game.core.loader import load_level
    from game.core.session import autoplay_inputs
    level = load_level("levels/03_museum_steps.yaml")
    rules = get_stage("museum_steps")
    inputs = autoplay_inputs(level, rules)
    stairs = [c for c in rules.build_cues(level) if c.symbol in "LR"]
    skip = {stairs[0].time, stairs[20].time, stairs[40].time}   # more than can be made up
    inputs = [i for i in inputs if all(abs(i.time - t) > 0.06 for t in skip)]
    session = simulate(level, rules, inputs)
    assert session.state.steps < STAIRS and session.state.stumbles == 3
    assert not session.state.summit          # no pan to the city, no crowd


def test_two_stumbles_on_the_builtin_climb_can_still_be_made_up():
    from game.core.loader import load_level
    from game.core.session import autoplay_inputs
    level = load_level("levels/03_museum_steps.yaml")
    rules = get_stage("museum_steps")
    stairs = [c for c in rules.build_cues(level) if c.symbol in "LR"]
    skip = {stairs[3].time, stairs[30].time}
    inputs = [i for i in autoplay_inputs(level, rules)
              if all(abs(i.time - t) > 0.06 for t in skip)]
    session = simulate(level, rules, inputs)
    assert session.state.stumbles == 2
    assert session.state.steps == STAIRS and session.state.summit
