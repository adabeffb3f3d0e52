"""Golden frames of the Meat Locker and the Museum Steps: `shot` must keep drawing the same
pictures, and the pictures must move when the player does."""

import pygame

from game.app.shot import render_frame
from game.core.loader import load_level
from tests.golden_util import assert_matches_golden, frame_difference

MEAT = "tests/golden/levels/34_meat_locker_2_hard.yaml"
STEPS = "tests/golden/levels/36_museum_steps_2_hard.yaml"


def test_meat_locker_frame_matches_golden():
    # round 2, the lead hook of ONE-TWO-THREE landing on a beef already rocking
    assert_matches_golden(render_frame(load_level(MEAT), 32.31), "meat_locker_32.31")


def test_museum_steps_frames_match_golden():
    level = load_level(STEPS)
    assert_matches_golden(render_frame(level, 88.3), "museum_steps_88.3")      # the last flight
    assert_matches_golden(render_frame(level, 95.8), "museum_steps_95.8")      # the summit


def region(surface: pygame.Surface, rect: tuple[int, int, int, int]) -> pygame.Surface:
    """Part of a frame away from the HUD's words and numbers."""
    return surface.subsurface(pygame.Rect(rect)).copy()


def test_the_beef_rocks_when_a_combo_lands():
    level = load_level(MEAT)
    beef = (420, 240, 440, 220)            # the body of the beef, below the HUD's words
    still = region(render_frame(level, 2.55), beef)     # called, not thrown yet
    rocked = region(render_frame(level, 3.55), beef)    # ONE-TWO landed a moment ago
    _mean, frac = frame_difference(still, rocked)
    assert frac > 0.05
    calm = region(render_frame(level, 2.4), beef)
    assert frame_difference(still, calm)[1] < 0.01      # nothing moves it but punches


def test_the_steps_move_down_the_screen_as_you_climb():
    level = load_level(STEPS)
    stairs = (0, 150, 420, 300)            # the flight ahead, left of the climber
    low = region(render_frame(level, 56.0), stairs)
    higher = region(render_frame(level, 62.0), stairs)
    _mean, frac = frame_difference(low, higher)
    assert frac > 0.05
