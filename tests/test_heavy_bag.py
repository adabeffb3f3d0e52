"""Heavy Bag: placed combos (head or body, called a beat ahead), power shots, flurries."""

import json
import subprocess
import sys
from dataclasses import replace

import pytest

from game.core.events import Call, Hit, Miss
from game.core.judge import Judgement
from game.core.loader import load_level, parse_level
from game.core.rating import rate_level
from game.core.session import PlaySession, autoplay
from game.stages import get_stage
from game.stages.heavy_bag import ComboResult

# 120 bpm: a beat is 0.5 s, a bar 2 s, a step (eighth) 0.25 s.
LEVEL = """
id: t
title: T
stage: heavy_bag
tempo: 120
intervals:
  - work: 4
    pattern: "........|l.r.....|b.d.B===|[lr]~~~~~~~"
"""
INTRO = "levels/80_heavy_bag_1_intro.yaml"
HARD = "levels/80_heavy_bag_2_hard.yaml"


@pytest.fixture
def session():
    return PlaySession(parse_level(LEVEL, "t.yaml"), get_stage("heavy_bag"))


def of(events, kind):
    return [e for e in events if isinstance(e, kind)]


def tap(session, action, t):
    evs = session.press(action, t)
    return evs + session.release(action, t + 0.05)


def test_the_coach_calls_where_each_combo_goes_a_beat_ahead(session):
    calls = of(session.advance(7.9), Call)
    assert [(c.time, c.text) for c in calls] == [
        (1.5, "HEAD!"), (3.5, "BODY!"), (5.5, "FLURRY 8, HEAD!")]
    assert [c.group for c in session.cues] == [0, 0, 1, 1, 1, 2]


def test_a_combo_placed_clean_lands(session):
    evs = tap(session, "lead_head", 2.0) + tap(session, "rear_head", 2.5)
    assert [h.judgement for h in of(evs, Hit)] == [Judgement.PERFECT] * 2
    assert [(r.group, r.landed) for r in of(evs, ComboResult)] == [(0, True)]
    assert session.state.landed == 1 and session.state.punches == 2


def test_the_right_hand_to_the_wrong_target_is_wrong_and_breaks_the_combo(session):
    tap(session, "lead_head", 2.0)
    evs = tap(session, "rear_body", 2.5)            # body, where the coach called head
    assert [m.judgement for m in of(evs, Miss)] == [Judgement.WRONG]
    evs = session.advance(3.3)
    assert [(r.group, r.landed) for r in of(evs, ComboResult)] == [(0, False)]
    assert session.state.landed == 0


def test_a_power_dig_must_be_leaned_in_to_its_end(session):
    tap(session, "lead_body", 4.0)
    tap(session, "rear_body", 4.5)
    session.press("lead_body", 5.0)
    evs = session.release("lead_body", 5.4)         # let go half way through the dig
    assert [m.judgement for m in of(evs, Miss)] == [Judgement.DROP]
    assert session.state.power == 0
    assert not [r for r in of(session.advance(6.5), ComboResult) if r.landed]


def test_a_dig_held_through_is_a_power_shot_and_lands_the_combo():
    level = parse_level(LEVEL, "t.yaml")
    s = PlaySession(level, get_stage("heavy_bag"))
    tap(s, "lead_body", 4.0)
    tap(s, "rear_body", 4.5)
    s.press("lead_body", 5.0)
    evs = s.release("lead_body", 6.0)
    assert [h.judgement for h in of(evs, Hit)] == [Judgement.HELD]
    assert s.state.power == 1
    assert [(r.group, r.landed) for r in of(evs, ComboResult)] == [(1, True)]


def test_a_flurry_counts_its_punches_to_the_target(session):
    hands = ("lead_head", "rear_head")
    for k in range(8):
        tap(session, hands[k % 2], 6.0 + k * 0.22)
    evs = session.advance(8.5)
    assert [h.judgement for h in of(evs, Hit)] == [Judgement.PERFECT]
    assert session.state.flurries == 1 and session.state.punches == 8


def test_half_a_flurry_is_not_the_count():
    s = PlaySession(parse_level(LEVEL, "t.yaml"), get_stage("heavy_bag"))
    for k in range(4):
        tap(s, ("lead_head", "rear_head")[k % 2], 6.0 + k * 0.3)
    evs = s.advance(8.5)
    assert [h.judgement for h in of(evs, Hit)] == [Judgement.GOOD]
    assert s.state.flurries == 0


@pytest.mark.parametrize("path", [INTRO, HARD])
def test_builtin_levels_place_punches_with_power_and_flurries(path):
    level = load_level(path)
    assert 60 <= level.duration <= 150
    assert any(iv.is_work for iv in level.intervals)
    assert any(not iv.is_work for iv in level.intervals)
    rules = get_stage("heavy_bag")
    cues = rules.build_cues(level)
    kinds = {c.kind for c in cues}
    assert {"tap", "roll", "hold"} <= kinds and any(c.accent for c in cues)
    targets = {a.rpartition("_")[2] for c in cues for a in c.parts}
    assert targets == {"head", "body"}
    perfect = autoplay(level, rules, sigma_ms=0.0, seed=0)
    assert perfect.score.accuracy >= 99.0
    assert perfect.state.landed == len(perfect.state.combos)
    sloppy = autoplay(level, rules, sigma_ms=60.0, seed=0)
    assert sloppy.score.accuracy < perfect.score.accuracy
    assert sloppy.state.landed < perfect.state.landed


def test_the_hard_level_rates_above_the_intro():
    assert rate_level(load_level(HARD)).rating > rate_level(load_level(INTRO)).rating


def test_play_json_reports_combos_landed():
    out = subprocess.run([sys.executable, "main.py", "play", INTRO, "--autoplay", "--headless",
                          "--json"], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout)
    outcome = result["outcome"]
    assert outcome["combos_landed"] == outcome["combos"] > 0
    assert outcome["power_shots"] > 0 and outcome["flurries"] == 2


def test_the_bag_swings_back_to_the_gloves_on_the_beat_and_further_when_hit_hard():
    from game.app.shot import ensure_display
    from game.gfx.text import TextCache
    from game.stages.heavy_bag.view import VIEW

    ensure_display()
    level = parse_level(LEVEL, "t.yaml")
    stage = get_stage("heavy_bag")
    cues = tuple(stage.build_cues(level))
    view = VIEW(level, stage, cues, TextCache())
    on_beat, off_beat = view.bag_pose(2.0)[0], view.bag_pose(2.25)[0]
    assert on_beat < 0.02 and off_beat > 0.05          # the idle sway keeps the clock
    power = replace(cues[0], accent=True)
    view.on_event(Hit(2.0, power, Judgement.PERFECT, 0.0, "lead_head"))
    hit_hard = view.bag_pose(2.25)[0]
    assert hit_hard > 3 * off_beat
    assert view.bag_pose(3.0)[0] < 0.02                # and back on the next beat
