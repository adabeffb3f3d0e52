"""Remix levels: intervals name their own stage, and the level plays on across the cuts."""

from __future__ import annotations

import json

import pygame
import pytest

from game.app.remix import RemixBindings
from game.app.shot import ensure_display, render_frame
from game.cli import main
from game.core.loader import LevelError, parse_level
from game.core.session import autoplay
from game.stages import get_stage
from tests.golden_util import frame_difference

REMIX = """id: remix-test
title: Remix Test
stage: speed_bag
tempo: 100
intervals:
  - work: 2
    pattern: "l.r.l.r."
  - work: 2
    stage: meat_locker
    pattern: "........|1.2.3..."
  - rest: 1
    stage: museum_steps
  - work: 2
    stage: museum_steps
    pattern: "L.R.L.R."
"""


@pytest.fixture
def level():
    return parse_level(REMIX, "remix.yaml")


def test_each_interval_uses_its_own_stage_and_the_score_runs_through(level):
    assert level.stages == ("speed_bag", "meat_locker", "museum_steps")
    s = autoplay(level, get_stage("speed_bag"))
    assert {c.stage for c in s.cues} == set(level.stages)
    assert [c.action for c in s.cues if c.stage == "meat_locker"][:3] == \
        ["jab", "cross", "lead_hook"]
    summary = s.summary()
    assert summary["accuracy"] == 100.0 and summary["max_combo"] == len(s.cues)
    out = summary["outcome"]["by_stage"]
    assert out["meat_locker"]["combos_landed"] == 1 and out["museum_steps"]["steps"] == 8
    assert summary["stages"] == list(level.stages)


def test_a_remix_pattern_is_checked_against_its_intervals_stage():
    bad = REMIX.replace('pattern: "L.R.L.R."', 'pattern: "1.2.1.2."')
    with pytest.raises(LevelError) as e:
        parse_level(bad, "remix.yaml")
    assert "not a step of stage 'museum_steps'" in e.value.problems[0].message


def test_play_json_lists_the_stages_in_order(tmp_path, capsys):
    f = tmp_path / "remix.yaml"
    f.write_text(REMIX)
    assert main(["play", str(f), "--autoplay", "--headless", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["stages"] == ["speed_bag", "meat_locker", "museum_steps"]


def test_keys_follow_the_stage_whose_cue_is_nearest(level):
    ensure_display()
    s = autoplay(level, get_stage("speed_bag"))
    b = RemixBindings(level, s.cues, 0.09)
    cut = level.interval_times(1)[0]
    first_jab = next(c for c in s.cues if c.action == "jab")

    def key(t, k, down=True):
        b.song_time = t
        ev = pygame.event.Event(pygame.KEYDOWN if down else pygame.KEYUP, key=k, mod=0)
        return b.action_for(ev)

    assert key(cut - 1.0, pygame.K_f) == ("left", True)      # the speed bag's left fist
    assert key(cut - 0.95, pygame.K_f, down=False) == ("left", False)
    assert key(first_jab.time, pygame.K_f) == ("jab", True)  # the same key, now a jab
    # a key held across the cut lets go of what it pressed
    assert key(cut - 0.6, pygame.K_j) == ("right", True)
    assert key(cut + 0.5, pygame.K_j, down=False) == ("right", False)


def test_the_picture_cuts_to_the_next_stage_on_the_bar_line(level):
    cut = level.interval_times(1)[0]
    before, after = render_frame(level, cut - 0.05), render_frame(level, cut + 0.05)
    assert frame_difference(before, after)[1] > 0.3      # another place entirely
    steps_cut = level.interval_times(2)[0]
    assert frame_difference(render_frame(level, steps_cut - 0.05),
                            render_frame(level, steps_cut + 0.05))[1] > 0.3
