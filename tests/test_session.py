"""A level played through the speed bag rules: intervals, bells, count-in, misses, the end."""

import pytest

from game.core.events import Bell, CountIn, Hit, IntervalStarted, LevelFinished, Miss, Stray
from game.core.judge import Judgement
from game.core.loader import load_level, parse_level
from game.core.session import Input, PlaySession, autoplay, simulate
from game.stages import get_stage

LEVEL = """
id: t
title: T
stage: speed_bag
tempo: 120
intervals:
  - work: 1
    pattern: "l.r.L.R."
  - rest: 1
  - work: 1
    tempo: 240
    pattern: "lrl rlr lrl rlr"
"""


@pytest.fixture
def level():
    return parse_level(LEVEL, "t.yaml")


def test_cues_follow_the_pattern_and_tempo(level):
    cues = get_stage("speed_bag").build_cues(level)
    assert [c.action for c in cues[:4]] == ["left", "right", "left", "right"]
    assert [c.time for c in cues[:4]] == pytest.approx([0.0, 0.5, 1.0, 1.5])
    assert [c.accent for c in cues[:4]] == [False, False, True, True]
    triplets = cues[4:]
    assert len(triplets) == 12
    assert triplets[0].time == pytest.approx(4.0)           # 2 bars at 120
    assert triplets[1].time - triplets[0].time == pytest.approx(0.25 / 3 * 4 / 4 * 1)


def test_events_in_order(level):
    s = PlaySession(level, get_stage("speed_bag"))
    evs = s.advance(-0.01)
    assert [e.beat for e in evs if isinstance(e, CountIn)] == [1, 2, 3, 4]
    evs = s.advance(0.0)
    assert any(isinstance(e, IntervalStarted) and e.index == 0 for e in evs)
    assert sum(isinstance(e, Bell) for e in evs) == 1
    evs = s.press("left", 0.01)
    hit = [e for e in evs if isinstance(e, Hit)][0]
    assert hit.judgement is Judgement.PERFECT and hit.offset == pytest.approx(0.01)
    evs = s.press("left", 0.52)           # wrong hand on the right-hand cue
    assert [e.judgement for e in evs if isinstance(e, Miss)] == [Judgement.WRONG]
    evs = s.press("right", 0.75)          # nothing within reach
    assert any(isinstance(e, Stray) for e in evs)
    evs = s.advance(10.0)
    assert sum(isinstance(e, Miss) for e in evs) == 2 + 12
    assert [e.rings for e in evs if isinstance(e, Bell)] == [1, 1, 3]
    assert isinstance(evs[-1], LevelFinished)
    assert s.finished


def test_outcome_is_a_pure_function_of_the_inputs(level):
    rules = get_stage("speed_bag")
    inputs = [Input("left", 0.012), Input("right", 0.49), Input("left", 1.2)]
    a = simulate(level, rules, inputs).summary()
    b = simulate(level, rules, list(reversed(inputs))).summary()
    assert a == b
    assert a["judgements"]["perfect"] == 2 and a["judgements"]["miss"] == 14


def test_builtin_speed_bag_level_ramps_and_autoplays_clean():
    level = load_level("levels/2_gym/28_speed_bag_2_hard.yaml")
    assert 90 <= level.duration <= 180
    works = [iv for iv in level.intervals if iv.is_work]
    rests = [iv for iv in level.intervals if not iv.is_work]
    assert len(works) >= 3 and rests
    rules = get_stage("speed_bag")
    cues = rules.build_cues(level)
    density = []
    for i, iv in enumerate(level.intervals):
        if iv.is_work:
            a, b = level.interval_times(i)
            density.append(sum(c.interval == i for c in cues) / (b - a))
    assert density == sorted(density), "each round is busier than the last"
    tempos = [level.tempo_map.bpm_at_beat(iv.start_beat) for iv in works]
    assert tempos == sorted(tempos)
    perfect = autoplay(level, rules).summary()
    assert perfect["accuracy"] == 100.0 and perfect["max_combo"] == len(cues)
    sloppy = autoplay(level, rules, sigma_ms=40, seed=3).summary()
    assert sloppy["accuracy"] < perfect["accuracy"]


def test_starting_mid_level_owes_nothing_for_earlier_cues():
    level = load_level("levels/2_gym/28_speed_bag_2_hard.yaml")
    start = level.interval_times(4)[0] - 2.5
    s = PlaySession(level, get_stage("speed_bag"), start_time=start)
    s.advance(start + 0.1)
    assert s.score.judged == 0
    assert all(c.time >= start for c in s.cues)
    assert all(c.interval >= 4 for c in s.cues)
