"""Golden frames of the bridge and the river runs, each paired with a test that the picture
moves when it should: the arcade glides past, the breath shows, the ship stays steady."""

import pygame

from game.app.rig import Rig
from game.app.shot import SIZE, ensure_display, render_frame
from game.core.loader import load_level
from game.core.session import Input, autoplay_inputs
from game.gfx.stage_view import W
from game.gfx.text import TextCache
from game.stages import get_stage
from tests.golden_util import assert_matches_golden, frame_difference

BRIDGE = "tests/golden/levels/15_bridge_run_2_hard.yaml"
RIVER = "tests/golden/levels/32_river_run_1_intro.yaml"


def frame(level, t: float, inputs: list[Input]) -> tuple[pygame.Surface, Rig]:
    """The frame at t after the given inputs (render_frame, with inputs of our choosing)."""
    display = ensure_display()
    rig = Rig(level, TextCache(), label="AUTOPLAY")
    rig.play_until(inputs, t)
    canvas = pygame.Surface(SIZE).convert(display)
    for _ in rig.draw(canvas, t):
        pass
    return canvas, rig


def region(surface: pygame.Surface, rect: tuple[int, int, int, int]) -> pygame.Surface:
    return surface.subsurface(pygame.Rect(rect)).copy()


def test_bridge_run_frames_match_golden():
    level = load_level(BRIDGE)
    assert_matches_golden(render_frame(level, 7.3), "bridge_run_7.3")      # the track shows
    assert_matches_golden(render_frame(level, 15.6), "bridge_run_15.6")    # dark, by ear


def test_the_arcade_glides_past_the_runner():
    level = load_level(BRIDGE)
    arches = (560, 60, 700, 180)           # stone and openings over the water, above the HUD
    a = region(render_frame(level, 30.0), arches)
    b = region(render_frame(level, 30.5), arches)
    assert frame_difference(a, b)[1] > 0.05


def test_river_run_frame_matches_golden():
    # breathing out at the end of the first run's fourth bar, the ship across the water
    assert_matches_golden(render_frame(load_level(RIVER), 10.5), "river_run_10.5")


def test_the_breath_shows_in_the_air_only_when_the_runner_breathes_out():
    level = load_level(RIVER)
    inputs = autoplay_inputs(level, get_stage("river_run"))
    breath = next(i for i in inputs if i.action == "breath")
    t = breath.time + 0.6
    held, rig = frame(level, t, inputs)
    x = round(rig.view.camera.at(t).runner_x)
    behind = (x - 170, 400, 200, 80)       # the air behind the runner's head
    no_breath = [i for i in inputs if i.action != "breath"]
    skipped, _ = frame(level, t, no_breath)
    assert frame_difference(region(held, behind), region(skipped, behind))[1] > 0.02
    before, _ = frame(level, breath.time - 0.3, inputs)
    after, _ = frame(level, breath.time - 0.3, no_breath)
    assert frame_difference(before, after)[1] == 0.0     # nothing else tells them apart
    # a breath not taken shows nothing, even after one that was
    second = [i for i in inputs if i.action == "breath"][2]
    first_only = [i for i in inputs if i.action != "breath" or i.time < second.time - 0.1]
    t2 = second.time + 0.6
    one, rig = frame(level, t2, first_only)
    none, _ = frame(level, t2, no_breath)
    x2 = round(rig.view.camera.at(t2).runner_x)
    air = (x2 - 170, 400, 200, 80)
    assert frame_difference(region(one, air), region(none, air))[0] == 0.0


def test_the_tall_ship_stays_in_frame_from_the_first_stride_to_the_last():
    for path in (RIVER, "tests/golden/levels/35_river_run_2_hard.yaml"):
        level = load_level(path)
        _, rig = frame(level, 0.0, [])
        view = rig.view
        xs = [view.ship_left(view.camera.at(t).cam_x)
              for t in (-level.lead_in, level.duration / 2, level.duration + 4.0)]
        assert xs == sorted(xs, reverse=True)            # she slides slowly astern
        width = view.ship.get_width()
        assert all(100 < x and x + width < W for x in xs)    # and never leaves the frame
        assert 250 < xs[0] - xs[-1] < 600
