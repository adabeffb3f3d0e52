"""Bridge Run: strides on the towpath; the cue track goes dark for stretches and the player
runs by ear; the quietest music of the montage; the distance run goes to results."""

import json
from dataclasses import replace

import numpy as np
import pygame
import pytest

from game.app.shot import ensure_display, render_frame
from game.cli import main
from game.core.events import Miss
from game.core.judge import Judgement
from game.core.loader import load_level, parse_level
from game.core.session import PlaySession, autoplay
from game.gfx.text import TextCache
from game.stages import discover, get_stage
from game.stages.bridge_run import STEP_M, Stride, dark_amount
from tests.golden_util import frame_difference

INTRO = "levels/30_bridge_run_1_intro.yaml"
HARD = "levels/30_bridge_run_2_hard.yaml"

# 120 bpm: a beat is 0.5 s, a bar 2 s. With dark_bars 2, bars 2-3 and 6-7 of the run are dark.
LEVEL = """
id: t
title: T
stage: bridge_run
tempo: 120
dark_bars: 2
intervals:
  - work: 8
    pattern: "l.r.l.r."
  - rest: 2
"""


@pytest.fixture
def level():
    return parse_level(LEVEL, "t.yaml")


@pytest.fixture
def session(level):
    return PlaySession(level, get_stage("bridge_run"))


def of(events, kind):
    return [e for e in events if isinstance(e, kind)]


def test_feet_sit_under_the_fingers_and_the_shoulders():
    stage = get_stage("bridge_run")
    assert stage.default_keys["left"][0] == "f" and stage.default_keys["right"][0] == "j"
    assert stage.pad_keys["left"][0] == "leftshoulder"
    assert stage.pad_keys["right"][0] == "rightshoulder"


def test_clean_strides_cover_ground(session):
    for c in session.cues[:6]:
        evs = session.press(c.action, c.time + 0.01)
        assert not of(evs, Stride)[0].stumbled
    assert session.state.strides == 6
    assert session.rules.outcome(session.state)["distance_m"] == pytest.approx(6 * STEP_M)


def test_a_wrong_foot_is_a_stumble_that_covers_no_ground(session):
    session.press("left", 0.0)
    evs = session.press("left", 0.5)                  # the right foot was due
    assert [m.judgement for m in of(evs, Miss)] == [Judgement.WRONG]
    assert of(evs, Stride)[0].stumbled
    assert session.state.strides == 1 and session.state.pace == 0
    assert session.state.stumbles == 1


def test_the_track_goes_dark_every_other_stretch_of_bars_with_a_smooth_fade(level):
    assert dark_amount(level, 1.0) == 0.0                        # bars 0-1 show the track
    assert dark_amount(level, 4.0) == 0.0                        # the fade starts at bar 2
    assert dark_amount(level, 4.25) == pytest.approx(0.5)        # half a beat in
    assert dark_amount(level, 5.0) == 1.0                        # by ear
    assert 0.0 < dark_amount(level, 7.8) < 1.0                   # coming back
    assert dark_amount(level, 9.0) == 0.0                        # bars 4-5 light again
    assert dark_amount(level, 13.0) == 1.0                       # bars 6-7 dark
    assert dark_amount(level, 17.0) == 0.0                       # rests are never dark
    fade = [dark_amount(level, 4.0 + k * 0.05) for k in range(11)]
    assert fade == sorted(fade)                                  # no flicker in the fade
    assert dark_amount(replace(level, options={"dark_bars": 0}), 5.0) == 0.0


def test_strides_run_by_ear_are_counted(level):
    session = autoplay(level, get_stage("bridge_run"))
    out = session.rules.outcome(session.state)
    # two dark stretches of 8 steps, less the step on which each one starts to fade
    assert out["by_ear"] == out["by_ear_of"] == 14
    assert out["strides"] == 32 and out["distance_m"] == pytest.approx(32 * STEP_M)


def test_the_view_fades_the_hud_track_with_the_dark_stretches(level):
    ensure_display()
    stage = get_stage("bridge_run")
    session = PlaySession(level, stage)
    view = stage.view_class()(level, stage, session.cues, TextCache())
    assert view.track_visibility(1.0) == 1.0
    assert view.track_visibility(5.0) == 0.0
    assert view.track_visibility(4.25) == pytest.approx(0.5)


def test_the_frame_darkens_and_closes_in_when_the_track_goes_dark():
    level = load_level(INTRO)
    bar = level.beats_per_bar * 60.0 / level.bpm
    t = 3.0 * bar                                    # the middle of the first dark stretch
    assert dark_amount(level, t) == 1.0
    lit = replace(level, options={"dark_bars": 0})
    scene = (300, 200, 700, 260)                     # arches and water, clear of the HUD
    dark_frame = render_frame(level, t).subsurface(scene)
    lit_frame = render_frame(lit, t).subsurface(scene)
    lum = [float(pygame.surfarray.array3d(f).mean()) for f in (dark_frame, lit_frame)]
    assert lum[0] < lum[1] * 0.75
    bar = (720, 0, 360, 40)                          # the letterbox, between HUD words
    closed = pygame.surfarray.array3d(render_frame(level, t).subsurface(bar))
    open_ = pygame.surfarray.array3d(render_frame(lit, t).subsurface(bar))
    assert int(closed.max()) < 10 and float(open_.mean()) > float(closed.mean()) + 12


@pytest.mark.parametrize("path", [INTRO, HARD])
def test_builtin_levels_are_a_run_with_rests_that_a_perfect_bot_clears(path):
    level = load_level(path)
    assert 60 <= level.duration <= 150
    assert any(iv.is_work for iv in level.intervals)
    assert any(not iv.is_work for iv in level.intervals)
    stage = get_stage("bridge_run")
    perfect = autoplay(level, stage)
    assert perfect.score.accuracy >= 99.0
    sloppy = autoplay(level, stage, sigma_ms=60.0, seed=1)
    assert sloppy.score.accuracy < perfect.score.accuracy
    out = perfect.summary()["outcome"]
    assert out["by_ear"] > 0 and out["distance_m"] > 100


def test_the_hard_run_is_faster_and_darker_than_the_intro():
    intro, hard = load_level(INTRO), load_level(HARD)
    stage = get_stage("bridge_run")
    n_intro, n_hard = (len(stage.build_cues(lv)) / lv.duration for lv in (intro, hard))
    assert n_hard > 1.5 * n_intro
    assert hard.options["dark_bars"] > intro.options["dark_bars"]


def test_rate_rises_from_intro_to_hard(capsys):
    assert main(["rate", "--json", "--runs", "12", INTRO, HARD]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert rows[0]["rating"] < rows[1]["rating"]


def test_play_json_reports_the_distance(capsys):
    assert main(["play", INTRO, "--autoplay", "--headless", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["stage"] == "bridge_run" and result["accuracy"] >= 99.0
    assert result["outcome"]["distance_m"] == pytest.approx(result["outcome"]["strides"]
                                                            * STEP_M, abs=0.05)
    assert get_stage("bridge_run").outcome_fields[0][0] == "distance_m"


@pytest.mark.parametrize("path", [INTRO, HARD])
def test_frames_at_10_and_20_seconds_differ(path):
    level = load_level(path)
    mean, frac = frame_difference(render_frame(level, 10.0), render_frame(level, 20.0))
    assert mean > 3.0 and frac > 0.02       # the arcade has moved on (both may be dark)


def test_the_bridge_plays_the_quietest_music_of_the_montage():
    from game.audio.render import render_soundtrack
    from game.audio.score import compose
    book = discover()
    assert book["bridge_run"].music_energy == min(s.music_energy for s in book.values())
    level = load_level(INTRO)

    def rms(stage: str) -> float:
        track = render_soundtrack(compose(replace(level, stage=stage), 22050))
        x = track.full_mix().astype(np.float64) / 32767
        return float(np.sqrt((x ** 2).mean()))

    quiet, full = rms("bridge_run"), rms("speed_bag")
    assert book["speed_bag"].music_energy == 1.0
    assert quiet < 0.7 * full                     # a good 3 dB down, and sparser
    score = compose(level, 22050)
    full_score = compose(replace(level, stage="speed_bag"), 22050)
    assert max(score.intensities) < max(full_score.intensities)
    clicks = [n for n in score.notes if n.stem == "cues"]          # the bells keep time
    assert clicks == [n for n in full_score.notes if n.stem == "cues"]


def test_dark_bars_belongs_to_bridge_levels_in_the_schema_as_in_the_loader():
    from game.core.loader import LevelError, document_data
    from tests.test_schema import SCHEMA, errors
    text = open(HARD, encoding="utf-8").read()
    assert not errors(document_data(text), SCHEMA)
    moved = text.replace("stage: bridge_run", "stage: speed_bag")
    assert errors(document_data(moved), SCHEMA)          # the editor underlines it
    with pytest.raises(LevelError, match="unknown key 'dark_bars'"):
        parse_level(moved, "moved.yaml")
