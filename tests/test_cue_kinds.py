"""Every kind of cue is judged by the core: early, late, drop and wrong, for each kind."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from game.core.events import (
    ChordPart,
    Held,
    HitBy,
    HoldEnded,
    HoldStarted,
    Input,
    Judged,
    RollProgress,
    Stray,
    Wrong,
)
from game.core.judge import Judgement
from game.core.loader import parse_level
from game.core.session import PlaySession, autoplay, simulate
from game.stages import get_stage

BAG = get_stage("speed_bag")


def level(pattern: str, bars: int = 1, tempo: int = 120):
    """One work interval at 120 bpm: a beat is 0.5 s, a 8-step bar's step 0.25 s."""
    return parse_level(f"id: k\ntitle: K\nstage: speed_bag\ntempo: {tempo}\nlead_in_bars: 0\n"
                       f"intervals:\n  - work: {bars}\n    pattern: \"{pattern}\"\n", "k.yaml")


def session(pattern: str, **kw) -> PlaySession:
    return PlaySession(level(pattern, **kw), BAG)


def of(events, kind):
    return [e for e in events if isinstance(e, kind)]


def judged(events):
    return [(type(e).__name__, e.judgement.value) for e in events if isinstance(e, Judged)]


# -- tap ------------------------------------------------------------------------------------
@pytest.mark.parametrize("offset,word", [(-0.04, "great"), (0.08, "good"), (0.0, "perfect")])
def test_tap_early_late_on_time(offset, word):
    s = session("l.......")
    assert judged(s.press("left", offset)) == [("Hit", word)]


def test_tap_wrong_and_missed():
    s = session("l...r...")
    assert judged(s.press("right", 0.01)) == [("Wrong", "wrong")]
    assert judged(s.advance(2.0)) == [("Miss", "miss")]


# -- hold -----------------------------------------------------------------------------------
def test_hold_head_is_a_tap_and_the_body_is_held_to_the_tail():
    s = session("l===....")          # held from 0 to 1.0 s
    evs = s.press("left", -0.03)
    assert judged(evs) == [("Hit", "great")] and of(evs, HoldStarted)
    assert judged(s.advance(0.9)) == []
    evs = s.advance(1.0)
    assert judged(evs) == [("Held", "held")] and of(evs, HoldEnded)[0].completed


def test_letting_go_early_is_a_drop_and_the_head_keeps_its_judgement():
    s = session("l===....")
    s.press("left", 0.0)
    evs = s.release("left", 0.5)
    assert judged(evs) == [("Drop", "drop")] and not of(evs, HoldEnded)[0].completed
    assert s.score.counts["perfect"] == 1 and s.score.combo == 0


def test_a_hold_missed_or_wrong_costs_head_and_body():
    s = session("l===....")
    assert judged(s.press("right", 0.0)) == [("Wrong", "wrong"), ("Drop", "drop")]
    s = session("l===....")
    assert judged(s.advance(2.0)) == [("Miss", "miss"), ("Drop", "drop")]


def test_a_chord_can_be_held():
    s = session("[lr]===....")
    assert s.cues[0].kind == "hold" and s.cues[0].parts == ("left", "right")
    s.press("left", 0.0)
    evs = s.press("right", 0.01)
    assert judged(evs) == [("Hit", "perfect")] and of(evs, HoldStarted)
    assert judged(s.release("right", 0.5)) == [("Drop", "drop")]   # either hand lets it go


def test_a_hold_on_one_hand_while_the_other_taps():
    s = session("l=[=r]=[=r]=[=r]=[=r]")    # the left held for the bar, the right taps 4
    assert [c.kind for c in s.cues] == ["hold", "tap", "tap", "tap", "tap"]
    taps = s.cues[1:]
    s.press("left", 0.0)
    for c in taps:
        s.press("right", c.time)
        s.release("right", c.time + 0.05)
    assert of(s.advance(2.0), Held)
    assert s.score.counts["perfect"] == 5 and s.score.strays == 0


def test_hold_and_taps_of_other_actions_interleave():
    lv = parse_level("id: k\ntitle: K\nstage: speed_bag\ntempo: 120\nlead_in_bars: 0\n"
                     "intervals:\n  - work: 1\n    pattern: \"l===\"\n  - work: 1\n"
                     "    pattern: \"r.r.r.r.\"\n", "k.yaml")
    s = autoplay(lv, BAG)
    assert s.score.accuracy == 100.0


# -- release --------------------------------------------------------------------------------
@pytest.mark.parametrize("lift,word", [(1.0, "perfect"), (0.96, "great"), (1.08, "good")])
def test_release_is_judged_on_the_lift(lift, word):
    s = session("l===^...")            # the lift is judged at 1.0 s
    s.press("left", 0.0)
    evs = s.release("left", lift)
    assert ("Held", "held") in judged(evs) and ("Hit", word) in judged(evs)


def test_lifting_too_early_drops_the_hold_and_misses_the_lift():
    s = session("l===^...")
    s.press("left", 0.0)
    assert judged(s.release("left", 0.4)) == [("Drop", "drop")]
    assert judged(s.advance(2.0)) == [("Miss", "miss")]


def test_never_lifting_keeps_the_hold_but_misses_the_lift():
    s = session("l===^...")
    s.press("left", 0.0)
    evs = s.advance(2.0)
    assert sorted(judged(evs)) == [("Held", "held"), ("Miss", "miss")]


# -- avoid ----------------------------------------------------------------------------------
def test_an_avoid_left_alone_is_a_dodge():
    s = session("!l......")
    assert judged(s.advance(1.0)) == [("Dodge", "dodge")]
    assert s.score.combo == 1


def test_pressing_an_avoid_is_a_hit_by():
    s = session("!l......")
    evs = s.press("left", 0.02)
    assert of(evs, HitBy) and s.score.combo == 0
    assert judged(s.advance(1.0)) == []           # judged once


def test_the_other_key_near_an_avoid_is_only_a_stray():
    s = session("!l......")
    assert of(s.press("right", 0.0), Stray)
    assert judged(s.advance(1.0)) == [("Dodge", "dodge")]


# -- roll -----------------------------------------------------------------------------------
def test_a_roll_counts_presses_toward_its_target():
    s = session("l~~~....")              # 4 presses wanted between 0 and 1.0 s
    assert s.cues[0].kind == "roll" and s.cues[0].target == 4
    evs = []
    for t in (0.0, 0.2, 0.4, 0.6):
        evs += s.press("left", t) + s.release("left", t + 0.05)
    assert [e.count for e in of(evs, RollProgress)] == [1, 2, 3, 4]
    assert judged(s.advance(2.0)) == [("Hit", "perfect")]


@pytest.mark.parametrize("presses,word", [(3, "great"), (2, "good"), (1, "miss")])
def test_a_short_roll_scores_less(presses, word):
    s = session("l~~~....")
    for k in range(presses):
        s.press("left", 0.1 * k)
        s.release("left", 0.1 * k + 0.04)
    assert judged(s.advance(2.0))[0][1] == word


def test_a_wrong_hand_in_a_roll_is_a_stray_not_a_count():
    s = session("l~~~....")
    assert of(s.press("right", 0.3), Stray)


# -- chord ----------------------------------------------------------------------------------
def test_a_chord_waits_for_every_part_and_takes_the_worst():
    s = session("[lr].......")
    evs = s.press("left", -0.01)
    assert of(evs, ChordPart) and not judged(evs)
    assert judged(s.press("right", 0.045)) == [("Hit", "great")]


def test_a_chord_missing_a_part_is_a_miss_and_a_third_key_is_wrong():
    s = session("[lr].......")
    s.press("left", 0.0)
    assert judged(s.advance(1.0)) == [("Miss", "miss")]
    lv = parse_level("id: k\ntitle: K\nstage: museum_steps\ntempo: 120\nlead_in_bars: 0\n"
                     "intervals:\n  - work: 1\n    pattern: \"L.[lr].\"\n", "k.yaml")
    assert [c.kind for c in PlaySession(lv, get_stage("museum_steps")).cues] == ["tap", "chord"]


def test_a_wrong_key_on_a_chord_is_wrong():
    lv = parse_level("id: k\ntitle: K\nstage: meat_locker\ntempo: 120\nlead_in_bars: 0\n"
                     "intervals:\n  - work: 1\n    pattern: \"[12].......\"\n", "k.yaml")
    s = PlaySession(lv, get_stage("meat_locker"))
    assert of(s.press("lead_hook", 0.0), Wrong)


# -- every kind, any input ------------------------------------------------------------------
MIXED = ("l.r.[lr].r===^.!l.|L~~~r.l.[lr]===..!r", "r.l.r.l.|l=[=r]=[^r].r~~~")


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["left", "right"]), st.booleans(),
                          st.floats(min_value=-0.5, max_value=9.0)), max_size=60),
       st.sampled_from(MIXED))
def test_any_inputs_judge_each_cue_exactly_once_and_the_score_is_pure(inputs, pattern):
    lv = level(pattern, bars=4)
    play = [Input(a, t, p) for a, p, t in inputs]
    a, b = simulate(lv, BAG, play), simulate(lv, BAG, list(reversed(play)))
    assert a.score.score == b.score.score and a.score.counts == b.score.counts
    events: list = []
    s = PlaySession(lv, BAG)
    for inp in sorted(play, key=lambda i: (i.time, i.pressed, i.action)):
        events += s.apply(inp)
    events += s.advance(s.end_time + 1.0)
    heads = {}
    bodies = {}
    for e in of(events, Judged):
        book = bodies if e.phase == "body" else heads
        book[e.cue.index] = book.get(e.cue.index, 0) + 1
    assert heads == {c.index: 1 for c in s.cues}
    assert bodies == {c.index: 1 for c in s.cues if c.kind == "hold"}
    assert s.score.judged == len(s.cues) + len(bodies)
    last = [e for e in events if isinstance(e, Judged | Stray)][-1]
    assert (last.score, last.combo) == (s.score.score, s.score.combo)


def test_the_perfect_bot_makes_every_kind():
    s = autoplay(level(MIXED[0], bars=4), BAG)
    assert {c.kind for c in s.cues} == {"tap", "chord", "hold", "release", "roll", "avoid"}
    assert s.score.accuracy == 100.0, s.summary()["judgements"]
    assert s.score.counts[Judgement.DODGE.value] > 0 and s.score.counts["held"] > 0
