"""Golden frame of the speed bag: `shot` must keep drawing the same picture."""

import pygame

from game.app.shot import render_frame
from game.core.loader import load_level
from tests.golden_util import assert_matches_golden, frame_difference


def test_speed_bag_frame_matches_golden():
    level = load_level("levels/2_gym/28_speed_bag_2_hard.yaml")
    assert_matches_golden(render_frame(level, 3.16), "speed_bag_3.16")


def test_frames_differ_when_the_bag_moves():
    """A golden test that could not fail would be worthless: the bag must visibly move."""
    level = load_level("levels/2_gym/28_speed_bag_2_hard.yaml")
    rest = render_frame(level, 2.99)
    struck = render_frame(level, 3.16)
    mean, frac = frame_difference(rest, struck)
    assert frac > 0.01


def test_shot_command_writes_a_png(tmp_path):
    from game.cli import main
    out = tmp_path / "f.png"
    level = "levels/2_gym/28_speed_bag_2_hard.yaml"
    assert main(["shot", level, "--at", "10", "-o", str(out)]) == 0
    assert pygame.image.load(str(out)).get_size() == (1280, 720)
