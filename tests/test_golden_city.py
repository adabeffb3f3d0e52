"""Golden frames of the city runs (Rail Yard, Market Run): `shot` must keep drawing the same
pictures, and the pictures must change when the runner does something."""

import pygame

from game.app.rig import Rig
from game.app.shot import ensure_display, render_frame
from game.core.loader import load_level
from game.core.session import autoplay_inputs
from game.gfx.text import TextCache
from tests.golden_util import assert_matches_golden, frame_difference

YARD = "tests/golden/levels/10_rail_yard_1_intro.yaml"
MARKET_HARD = "tests/golden/levels/14_market_run_2_hard.yaml"
MARKET = "tests/golden/levels/11_market_run_1_intro.yaml"


def frame_without(path: str, t: float, skip) -> pygame.Surface:
    """The frame at t (no camera float) after the perfect bot, minus the inputs `skip` picks."""
    display = ensure_display()
    level = load_level(path)
    rig = Rig(level, TextCache(), reduced_motion=True)
    inputs = [i for i in autoplay_inputs(level, rig.rules) if not skip(i)]
    rig.play_until(inputs, t)
    canvas = pygame.Surface((1280, 720)).convert(display)
    for _ in rig.draw(canvas, t):
        pass
    return canvas


def region(surface: pygame.Surface, rect: tuple[int, int, int, int]) -> pygame.Surface:
    return surface.subsurface(pygame.Rect(rect)).copy()


def test_rail_yard_frame_matches_golden():
    # bricks held overhead, feet still landing, the train thundering over the yard
    assert_matches_golden(render_frame(load_level(YARD), 45.0), "rail_yard_45.0")


def test_market_run_frame_matches_golden():
    # the middle of a swerve round a barrow, stands and shoppers going by
    assert_matches_golden(render_frame(load_level(MARKET), 22.5), "market_run_22.5")


def test_the_bricks_go_up_only_when_the_lift_lands():
    body = (330, 300, 240, 200)                # the runner's arms and head, under the HUD
    lifted = region(frame_without(YARD, 20.86, lambda i: False), body)
    unlifted = region(frame_without(YARD, 20.86, lambda i: i.action.endswith("brick")), body)
    assert frame_difference(lifted, unlifted)[1] > 0.02
    # and with the same inputs the same moment is the same picture
    again = region(frame_without(YARD, 20.86, lambda i: False), body)
    assert frame_difference(lifted, again)[1] == 0.0


def test_a_missed_swerve_knocks_the_obstacle_over():
    street = (200, 400, 700, 220)
    t = 14.75
    level = load_level(MARKET_HARD)
    swerve = min((c for c in Rig(level, TextCache()).session.cues
                  if c.action in ("up", "down") and c.kind == "tap" and c.time > 14.0),
                 key=lambda c: c.time)
    clean = region(frame_without(MARKET_HARD, t, lambda i: False), street)
    crashed = region(frame_without(MARKET_HARD, t, lambda i: i.action == swerve.action
                                   and abs(i.time - swerve.time) < 0.05), street)
    assert frame_difference(clean, crashed)[1] > 0.02
