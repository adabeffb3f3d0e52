"""Calibration: the maths on synthetic taps with a known offset and jitter, and the scene
that turns taps into saved settings."""

import random

import pygame
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from game.app.context import App
from game.app.scene import Scene
from game.app.scenes.calibration import (
    AUDIO,
    AUDIO_RESULT,
    DONE,
    FIRST_AT,
    INTRO_AUDIO,
    INTRO_VISUAL,
    LEAD,
    PERIOD,
    VISUAL,
    CalibrationScene,
)
from game.core.calibration import (
    MIN_TAPS,
    drawing_offset_ms,
    estimate_offset,
    shift_drawing_offset,
)
from game.core.settings import Settings
from game.gfx.text import TextCache

BEATS = [1.0 + k * 0.6 for k in range(40)]


def taps_for(offset_ms, jitter_ms, n=20, seed=1, first=4):
    rng = random.Random(seed)
    return [b + offset_ms / 1000 + rng.gauss(0, jitter_ms / 1000)
            for b in BEATS[first:first + n]]


def test_known_offset_is_found_despite_a_double_tap_and_a_lapse():
    taps = taps_for(42.0, 8.0, n=20)
    taps += [BEATS[10] + 0.042 + 0.11, BEATS[15] - 0.2]      # a double tap, a lapse
    est = estimate_offset(sorted(taps), BEATS)
    assert est.offset_ms == pytest.approx(42.0, abs=5.0)
    assert 4.0 <= est.jitter_ms <= 12.0
    assert est.rejected == 2 and est.used == 20
    assert est.reliable


@settings(max_examples=120, derandomize=True, deadline=None)
@given(offset=st.floats(-200.0, 200.0), jitter=st.floats(0.0, 12.0),
       n=st.integers(MIN_TAPS, 30), seed=st.integers(0, 10_000))
def test_offset_estimate_is_within_the_noise(offset, jitter, n, seed):
    est = estimate_offset(taps_for(offset, jitter, n, seed), BEATS)
    assert abs(est.offset_ms - offset) <= 5 * jitter / n ** 0.5 + 0.5
    assert est.reliable


def test_guesses_and_too_few_taps_are_not_trusted():
    rng = random.Random(3)
    random_taps = sorted(rng.uniform(1.0, 20.0) for _ in range(20))
    assert not estimate_offset(random_taps, BEATS).reliable
    assert not estimate_offset(taps_for(30.0, 5.0, n=6), BEATS).reliable
    assert not estimate_offset([], BEATS).reliable
    # tapping on the off-beats is not a 300 ms latency
    assert not estimate_offset(taps_for(300.0, 4.0), BEATS).reliable


def test_drawing_follows_what_is_heard():
    # heard 30 ms late (audio + input), a flash tapped 40 ms late (display + input):
    # draw 10 ms ahead so a cue is seen when it is heard
    assert drawing_offset_ms(30.0, 40.0) == pytest.approx(-10.0)
    # recalibrating the audio later keeps the picture in step with the new figure
    assert shift_drawing_offset(-10.0, 30.0, 45.0) == pytest.approx(5.0)


# -- the scene ---------------------------------------------------------------------------------
class FakeDirector:
    """Stands in for the mixer: the click track 'sounds' 25 ms after it is started."""

    available = True

    def __init__(self):
        self.paused = 0

    def play_click_track(self, times, accents, now_ns):
        self.clicks = list(times)
        return now_ns + 25_000_000

    def pause(self):
        self.paused += 1


@pytest.fixture
def app(tmp_path):
    pygame.font.init()
    a = App(canvas=pygame.Surface((1280, 720)), text=TextCache(), settings=Settings(),
            settings_path=tmp_path / "settings.json", audio=FakeDirector())
    a.switch(Scene(a))
    return a


def key(k=pygame.K_SPACE):
    return pygame.event.Event(pygame.KEYDOWN, key=k, mod=0, unicode=" ", scancode=0)


def tap_step(scene, offset_ms, jitter_ms=6.0, seed=2):
    rng = random.Random(seed)
    start = scene.ref_ns
    for k in range(LEAD, LEAD + MIN_TAPS):
        at = FIRST_AT + k * PERIOD + (offset_ms + rng.gauss(0, jitter_ms)) / 1000
        stamp = start + round(at * 1e9)
        scene.update(stamp)
        scene.handle(key(), stamp)
        scene.update(stamp + 1000)
        scene.draw(scene.app.canvas)
    return stamp


def test_tapping_both_steps_saves_both_offsets(app):
    scene = CalibrationScene(app)
    app.push(scene)
    assert scene.phase == INTRO_AUDIO
    scene.draw(app.canvas)
    scene.handle(key(), 1_000_000_000)
    assert scene.phase == AUDIO
    scene.draw(app.canvas)
    end = tap_step(scene, 35.0)
    assert scene.phase == AUDIO_RESULT and app.audio.paused == 1
    assert app.settings.audio_offset_ms == pytest.approx(35.0, abs=5.0)
    assert Settings.load(app.settings_path).audio_offset_ms == app.settings.audio_offset_ms
    scene.draw(app.canvas)
    scene.handle(key(), end + 2_000_000_000)
    assert scene.phase == INTRO_VISUAL
    scene.handle(key(), end + 3_000_000_000)
    assert scene.phase == VISUAL
    tap_step(scene, 60.0, seed=5)
    assert scene.phase == DONE
    scene.draw(app.canvas)
    expected = app.settings.audio_offset_ms - scene.visual_delay_ms
    assert scene.visual_delay_ms == pytest.approx(60.0, abs=5.0)
    assert app.settings.visual_offset_ms == pytest.approx(expected, abs=0.05)
    saved = Settings.load(app.settings_path)
    assert saved.visual_offset_ms == app.settings.visual_offset_ms


def test_uneven_taps_are_not_saved_and_can_be_retried(app):
    scene = CalibrationScene(app)
    app.push(scene)
    scene.handle(key(), 1_000_000_000)
    tap_step(scene, 20.0, jitter_ms=90.0)
    assert scene.phase == AUDIO_RESULT
    assert app.settings.audio_offset_ms == 0.0 and not app.settings_path.exists()
    scene.draw(app.canvas)
    scene.handle(key(pygame.K_r), scene.guard_ns + 1)
    assert scene.phase == AUDIO and scene.taps == []


def test_without_sound_only_the_visual_step_runs(app):
    app.audio.available = False
    scene = CalibrationScene(app)
    app.push(scene)
    assert scene.phase == INTRO_VISUAL
    scene.draw(app.canvas)


def test_escape_backs_out_at_any_time(app):
    scene = CalibrationScene(app)
    app.push(scene)
    scene.handle(key(), 1_000_000_000)
    scene.handle(key(pygame.K_ESCAPE), 1_500_000_000)
    assert app.scene is not scene
    assert app.audio.paused == 1          # the click track stops with it
