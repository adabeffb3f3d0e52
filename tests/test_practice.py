"""Practice: pick an interval, a tempo and looping, then play it marked as practice."""

import pygame
import pytest

from game.app.context import App
from game.app.scene import Scene
from game.app.scenes.play import PlayScene
from game.app.scenes.practice import TEMPO_MAX, TEMPO_MIN, PracticeScene
from game.app.shot import ensure_display
from game.core.loader import parse_level
from game.core.settings import Settings
from game.gfx.text import TextCache

LEVEL = """
id: drills
title: Drills
stage: speed_bag
tempo: 120
lead_in_bars: 1
intervals:
  - work: 2
    name: warm-up
    pattern: "l.r.l.r."
  - rest: 1
  - work: 2
    name: doubles
    tempo: 160
    pattern: "lrl.rlr."
  - rest: 1
"""


def key(k):
    return pygame.event.Event(pygame.KEYDOWN, key=k, mod=0, unicode="", scancode=0)


@pytest.fixture
def app():
    return App(canvas=ensure_display(), text=TextCache(), settings=Settings(), headless=True)


@pytest.fixture
def level():
    return parse_level(LEVEL, "drills.yaml")


def test_chosen_interval_tempo_and_loop_reach_the_play_scene(app, level):
    under = Scene(app)
    app.switch(under)
    practice = PracticeScene(app, level, tier="normal")
    app.push(practice)
    for k in (pygame.K_RIGHT, pygame.K_RIGHT,                 # start at 'doubles'
              pygame.K_DOWN, pygame.K_LEFT, pygame.K_LEFT,     # tempo 90 %
              pygame.K_DOWN, pygame.K_RETURN,                  # loop on
              pygame.K_DOWN, pygame.K_RETURN):                 # start
        practice.handle(key(k), 0)
    play = app.scene
    assert isinstance(play, PlayScene)
    o = play.options
    assert (o.practice, o.start_interval, o.loop_interval) == (True, 2, True)
    assert o.tempo_scale == pytest.approx(0.9)
    assert play.level.tempo_map.bpm_at_time(play.level.interval_times(2)[0]) == \
        pytest.approx(144.0)
    assert "PRACTICE" in play.hud.label
    a, _b = play.level.interval_times(2)
    bar = 4 * 60 / play.level.bpm
    assert play.session.now == pytest.approx(a - bar)         # a bar before 'doubles'
    app.pop()
    assert app.scene is practice                              # Esc from play comes back here
    practice.handle(key(pygame.K_ESCAPE), 0)
    assert app.scene is under


def test_tempo_moves_in_5_percent_steps_between_50_and_100(app, level):
    practice = PracticeScene(app, level)
    practice.row = 1
    seen = []
    for _ in range(14):
        practice.handle(key(pygame.K_LEFT), 0)
        seen.append(practice.tempo)
    assert seen[:3] == [95, 90, 85] and seen[-1] == TEMPO_MIN
    for _ in range(14):
        practice.handle(key(pygame.K_RIGHT), 0)
    assert practice.tempo == TEMPO_MAX


def test_the_tier_tempo_combines_with_the_practice_tempo(app, level):
    practice = PracticeScene(app, level, tier="hard")
    practice.tempo = 50
    assert practice.bpm_range()[0] == pytest.approx(120 * 1.08 * 0.5)
    assert practice.options().tier == "hard"


def test_a_looped_interval_starts_again_when_it_ends(app, level):
    practice = PracticeScene(app, level)
    app.switch(practice)
    practice.loop = True
    practice.start()
    play = app.scene
    play.update(1_000_000_000)
    first = play.session
    a, b = play.level.interval_times(0)
    end_ns = play.clock.reference_ns + round((b + 0.01) * 1e9)
    play.update(end_ns)
    assert play.session is not first
    assert play.session.now < a and play.session.score.judged == 0


def test_the_screen_draws_with_its_preview(app, level):
    practice = PracticeScene(app, level)
    app.switch(practice)
    practice.update(10**12)
    assert practice.start_interval in practice.previews
    practice.draw(app.canvas)
