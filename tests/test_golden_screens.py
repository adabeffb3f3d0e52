"""Every screen as a player first sees it (`shot --scene NAME`): a real 1280x720 picture,
the same one every run (golden frames), each screen unlike the others, and the dawn behind
the menus moving unless reduced motion holds it still."""

import numpy as np
import pygame
import pytest

from game.app.scene_shots import SCENES, SHOT_DAY, render_scene
from tests.golden_util import assert_matches_golden, frame_difference

SCREENS = ["title", "welcome", "select", "results", "settings", "stats", "daily",
           "calibration", "record", "practice", "tap-along", "how-to"]


@pytest.fixture(scope="module")
def frames():
    return {name: render_scene(name, today=SHOT_DAY) for name in SCREENS}


def test_every_screen_named_in_the_issue_can_be_shot():
    assert set(SCREENS) <= set(SCENES)


@pytest.mark.parametrize("name", SCREENS)
def test_each_screen_is_a_real_frame_and_matches_its_golden(frames, name):
    frame = frames[name]
    assert frame.get_size() == (1280, 720)
    rgb = pygame.surfarray.array3d(frame).reshape(-1, 3)
    colours = len(np.unique(rgb[::7], axis=0))
    assert colours > 400, f"{name}: only {colours} colours: a flat fill, not a screen"
    flat = pygame.Surface((1280, 720))
    flat.fill(tuple(int(c) for c in rgb.mean(axis=0)))
    assert frame_difference(frame, flat)[0] > 6.0, f"{name}: hardly differs from a fill"
    assert_matches_golden(frame, f"screen_{name}")


def test_screens_differ_from_each_other(frames):
    """A golden that could not fail is worthless: each screen is its own picture."""
    names = SCREENS
    for i, a in enumerate(names):
        for b in names[i + 1:]:
            assert frame_difference(frames[a], frames[b])[1] > 0.05, f"{a} looks like {b}"


def test_the_dawn_moves_on_the_title_unless_motion_is_reduced():
    early, late = (render_scene("title", today=SHOT_DAY, t=t) for t in (2.0, 30.0))
    assert frame_difference(early, late)[1] > 0.05          # the sun rose, the city drifted
    still = [render_scene("title", today=SHOT_DAY, t=t, reduced_motion=True)
             for t in (2.0, 30.0)]
    assert frame_difference(*still) == (0.0, 0.0)


def test_shot_scene_command_writes_the_screen(tmp_path, capsys):
    from game.cli import main
    out = tmp_path / "title.png"
    assert main(["shot", "--scene", "select", "-o", str(out)]) == 0
    assert pygame.image.load(str(out)).get_size() == (1280, 720)
    assert main(["shot", "--scene", "nowhere", "-o", str(out)]) == 2
    assert "title, welcome, select" in capsys.readouterr().err
