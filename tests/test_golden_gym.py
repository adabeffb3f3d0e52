"""Golden frames of the Heavy Bag and the Medicine Ball: `shot` must keep drawing the same
pictures, and the pictures must move when the player does."""

import pygame
import pytest

from game.app.shot import render_frame
from game.core.loader import load_level
from tests.golden_util import assert_matches_golden, frame_difference

BAG = "levels/2_gym/24_heavy_bag_1_intro.yaml"
BALL = "levels/2_gym/23_medicine_ball_1_intro.yaml"
GYM_LEVELS = [BAG, "levels/2_gym/29_heavy_bag_2_hard.yaml", BALL,
              "levels/2_gym/27_medicine_ball_2_hard.yaml"]


def region(surface: pygame.Surface, rect: tuple[int, int, int, int]) -> pygame.Surface:
    """Part of a frame away from the HUD's words and numbers."""
    return surface.subsurface(pygame.Rect(rect)).copy()


def test_heavy_bag_frame_matches_golden():
    # round 2, a power shot to the head a moment after it landed
    assert_matches_golden(render_frame(load_level(BAG), 35.88), "heavy_bag_35.88")


def test_medicine_ball_frame_matches_golden():
    # the first ball, just landed on a braced middle
    assert_matches_golden(render_frame(load_level(BALL), 3.05), "medicine_ball_3.05")


def test_the_bag_swings_away_when_it_is_hit():
    level = load_level(BAG)
    bag = (250, 260, 220, 230)              # the bag below the HUD's words
    before = region(render_frame(level, 35.8), bag)       # on the beat: back at the gloves
    after = region(render_frame(level, 36.1), bag)        # half a beat after a power shot
    assert frame_difference(before, after)[1] > 0.05


def test_the_ball_comes_down_from_overhead_onto_the_middle():
    level = load_level(BALL)
    throw = (380, 90, 160, 320)              # the partner's reach, over the fighter
    overhead = region(render_frame(level, 2.7), throw)
    landed = region(render_frame(level, 3.02), throw)
    assert frame_difference(overhead, landed)[1] > 0.05


@pytest.mark.parametrize("path", GYM_LEVELS)
def test_frames_ten_seconds_apart_differ(path):
    level = load_level(path)
    assert frame_difference(render_frame(level, 10.0), render_frame(level, 20.0))[1] > 0.01
