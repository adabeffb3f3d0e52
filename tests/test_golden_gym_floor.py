"""Golden frames of the sit-ups and the push-ups: `shot` must keep drawing the same pictures,
and the pictures must move when the fighter does."""

import pygame
import pytest

from game.app.shot import render_frame
from game.core.loader import load_level
from game.stages import get_stage
from tests.golden_util import assert_matches_golden, frame_difference

SIT = "levels/2_gym/22_sit_ups_1_intro.yaml"
PUSH = "levels/2_gym/21_push_ups_1_intro.yaml"


def region(surface: pygame.Surface, rect: tuple[int, int, int, int]) -> pygame.Surface:
    """Part of a frame away from the HUD's words and numbers."""
    return surface.subsurface(pygame.Rect(rect)).copy()


def test_sit_ups_frame_matches_golden():
    # the first rep: hung back over the apron, head toward the (upside-down) floor
    assert_matches_golden(render_frame(load_level(SIT), 1.0), "sit_ups_1.0")


def test_push_ups_frame_matches_golden():
    # rep four counted by both voices, the fighter on his way back down
    assert_matches_golden(render_frame(load_level(PUSH), 5.3), "push_ups_5.3")


def test_the_fighter_comes_up_over_the_apron_on_the_lift():
    level = load_level(SIT)
    body = (640, 170, 300, 340)                # around the hip, clear of the HUD
    hung = region(render_frame(level, 1.0), body)
    up = region(render_frame(level, 2.6), body)          # let go at 2.14: sat up
    assert frame_difference(hung, up)[1] > 0.05
    still = region(render_frame(level, 2.7), body)
    assert frame_difference(up, still)[1] < 0.01         # sat up is sat up


def test_the_chest_goes_down_to_the_canvas_and_the_arm_switches():
    level = load_level(PUSH)
    stage = get_stage("push_ups")
    reps = [c for c in stage.build_cues(level) if c.kind == "hold"]
    ring = (440, 290, 640, 180)                # the fighter on the canvas
    top = region(render_frame(level, reps[3].time - 0.02), ring)
    bottom = region(render_frame(level, reps[3].end_time - 0.02), ring)
    assert frame_difference(top, bottom)[1] > 0.03
    left = region(render_frame(level, reps[24].end_time - 0.02), ring)
    right = region(render_frame(level, reps[25].end_time - 0.02), ring)   # same depth
    assert frame_difference(left, right)[1] > 0.05        # facing the other way


@pytest.mark.parametrize("path", [SIT, PUSH, "levels/2_gym/26_sit_ups_2_hard.yaml",
                                  "levels/2_gym/25_push_ups_2_hard.yaml"])
def test_frames_at_10_and_20_seconds_differ(path):
    level = load_level(path)
    a, b = render_frame(level, 10.0), render_frame(level, 20.0)
    assert frame_difference(a, b)[1] > 0.005


def _frame(path: str, inputs: list, t: float) -> pygame.Surface:
    """The frame at t after playing `inputs` with a frame drawn every 1/60 s, as in play."""
    from game.app.rig import Rig
    from game.app.shot import ensure_display
    from game.gfx.text import TextCache
    display = ensure_display()
    rig = Rig(load_level(path), TextCache())
    canvas = pygame.Surface((1280, 720)).convert(display)
    for k in range(int(t * 60) + 1):
        now = min(t, k / 60)
        inputs = rig.play_until(inputs, now)
        for _ in rig.draw(canvas, now):
            pass
    return canvas


@pytest.mark.parametrize(("path", "action", "body"), [
    (SIT, "situp", (640, 170, 300, 340)), (PUSH, "left", (440, 290, 640, 180))])
def test_a_late_press_still_moves_the_fighter(path, action, body):
    """The judge calls it a miss, but the player is holding the key: he goes down."""
    from game.core.events import Input
    late = [Input(action, 0.3)]                      # well outside the Good window
    idle = region(_frame(path, [], 0.9), body)
    held = region(_frame(path, late, 0.9), body)
    assert frame_difference(idle, held)[1] > 0.03
