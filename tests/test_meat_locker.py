"""Meat Locker: combos called a bar ahead, thrown on the beats; a wrong punch is its own miss."""

import random

import pytest

from game.core.bot import bot_inputs
from game.core.events import Call, Hit, Miss
from game.core.judge import Judgement
from game.core.loader import load_level, parse_level
from game.core.session import PlaySession, autoplay
from game.stages import get_stage
from game.stages.meat_locker import ComboResult, call_text

LEVEL = """
id: t
title: T
stage: meat_locker
tempo: 120
intervals:
  - work: 4
    pattern: "........|1.2.3...|1.1.2...|12121212"
"""


@pytest.fixture
def session():
    level = parse_level(LEVEL, "t.yaml")
    return PlaySession(level, get_stage("meat_locker"))


def of(events, kind):
    return [e for e in events if isinstance(e, kind)]


def test_default_keys_put_each_hand_under_its_fingers():
    keys = get_stage("meat_locker").default_keys
    assert [keys[a][0] for a in ("jab", "lead_hook", "lead_uppercut")] == ["f", "d", "s"]
    assert [keys[a][0] for a in ("cross", "rear_hook", "rear_uppercut")] == ["j", "k", "l"]


def test_each_bar_is_one_combo_called_a_bar_ahead(session):
    cues = session.cues
    assert [c.group for c in cues] == [0, 0, 0, 1, 1, 1] + [2] * 8
    calls = of(session.advance(5.99), Call)
    # 2 s bars at 120 bpm: the first combo starts at 2 s and is called at 0 s
    assert [(c.time, c.text, c.group) for c in calls] == [
        (0.0, "ONE-TWO-THREE!", 0), (2.0, "ONE-ONE-TWO!", 1), (4.0, "ONE-TWO x4!", 2)]


def test_call_words_follow_the_number_system():
    assert call_text(["jab", "cross", "lead_hook", "rear_hook", "lead_uppercut",
                      "rear_uppercut"]) == "ONE-TWO-THREE-FOUR-FIVE-SIX!"
    assert call_text(["jab", "cross", "lead_uppercut", "cross"] * 2) == \
        "ONE-TWO-FIVE-TWO x2!"
    assert call_text(["jab", "cross", "jab", "jab", "cross", "lead_hook", "cross"]) == "FLURRY!"


def test_a_clean_combo_lands(session):
    evs = []
    for t, punch in ((2.0, "jab"), (2.5, "cross"), (3.0, "lead_hook")):
        evs += session.press(punch, t + 0.01)
    assert [h.judgement for h in of(evs, Hit)] == [Judgement.PERFECT] * 3
    results = of(evs, ComboResult)
    assert [(r.group, r.landed, r.time) for r in results] == [(0, True, 3.01)]
    assert session.state.landed == 1


def test_the_wrong_punch_is_its_own_miss_and_breaks_the_combo(session):
    session.press("jab", 2.0)
    evs = session.press("rear_hook", 2.5)           # a 4 thrown where the 2 was called
    assert [m.judgement for m in of(evs, Miss)] == [Judgement.WRONG]
    assert session.score.combo == 0
    evs = session.press("lead_hook", 3.0) + session.advance(3.2)
    assert [(r.group, r.landed) for r in of(evs, ComboResult)] == [(0, False)]
    assert session.state.landed == 0
    assert session.score.counts["wrong"] == 1


def test_a_punch_not_thrown_is_a_miss(session):
    session.press("jab", 2.0)
    session.press("cross", 2.5)
    evs = session.advance(3.2)
    assert [m.judgement for m in of(evs, Miss)] == [Judgement.MISS]
    assert [r.landed for r in of(evs, ComboResult)] == [False]


def test_builtin_level_climbs_from_one_two_to_a_flurry():
    level = load_level("levels/02_meat_locker.yaml")
    assert 90 <= level.duration <= 180
    works = [iv for iv in level.intervals if iv.is_work]
    assert len(works) >= 4 and any(not iv.is_work for iv in level.intervals)
    tempos = [iv.tempo or level.bpm for iv in works]
    assert tempos == sorted(tempos) and len(set(tempos)) == len(tempos)
    rules = get_stage("meat_locker")
    combos = rules.rules.combos(level, rules.build_cues(level))
    sizes = [len(c.cues) for c in combos]
    assert combos[0].numbers == (1, 2)
    assert max(sizes[: len(sizes) // 3]) <= 4 and max(sizes) >= 8
    assert sizes[-1] >= 8 and "x" in combos[-1].call           # ends in a flurry
    assert {n for c in combos for n in c.numbers} == {1, 2, 3, 4, 5, 6}
    session = autoplay(level, rules, sigma_ms=10.0, seed=3)
    assert session.state.landed == len(combos)
    assert session.summary()["judgements"]["miss"] == 0


def test_the_beef_swings_the_way_it_is_hit():
    """A hook swings it sideways, a straight pushes it back, an uppercut lifts it; a whiff
    leaves it hanging still."""
    from game.app.shot import ensure_display
    from game.gfx.text import TextCache
    from game.stages.meat_locker.view import SWING_MAX, VIEW

    ensure_display()
    level = parse_level(LEVEL, "t.yaml")
    rules = get_stage("meat_locker")

    def pose_after(punch: str, judgement=Judgement.PERFECT):
        cues = tuple(rules.build_cues(level))
        view = VIEW(level, rules, cues, TextCache())
        cue = cues[0]
        ev = (Hit(2.0, cue, judgement, 0.0, punch) if judgement.is_hit
              else Miss(2.0, cue, judgement, 0.0, punch))
        view.on_event(ev)
        return max((view.pose(2.0 + k / 50) for k in range(1, 30)),
                   key=lambda p: abs(p.swing) + abs(p.push) + abs(p.lift))

    def sway(p):      # each movement as a fraction of how far the beef can go that way
        return abs(p.swing) / SWING_MAX, abs(p.push), p.lift / 30.0

    hook, jab, upper = (sway(pose_after(a)) for a in ("lead_hook", "jab", "rear_uppercut"))
    assert hook[0] > 3 * max(hook[1], hook[2]) and hook[0] > 0.25
    assert jab[1] > 3 * max(jab[0], jab[2]) and jab[1] > 0.25
    assert upper[2] > 3 * upper[0] and upper[2] > 0.25
    assert pose_after("lead_hook").swing * pose_after("rear_hook").swing < 0
    assert max(sway(pose_after("rear_hook", Judgement.WRONG))) < 0.01   # a whiff


def test_practice_from_a_later_round_lands_every_combo():
    from game.core.loader import load_level
    from game.core.session import PlaySession
    level = load_level("levels/02_meat_locker.yaml")
    rules = get_stage("meat_locker")
    iv = level.intervals[4]
    start = level.tempo_map.time_at(iv.start_beat - level.beats_per_bar)
    session = PlaySession(level, rules, start_time=start)
    events = []
    for inp in bot_inputs(session.cues, random.Random(0), 0.0):
        events += session.apply(inp)
    events += session.advance(session.end_time + 1)
    results = [e for e in events if isinstance(e, ComboResult)]
    assert results and all(r.landed for r in results)
    calls = [e for e in events if isinstance(e, Call)]
    assert all(c.time >= start for c in calls)       # no burst of stale calls at the start
