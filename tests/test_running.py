"""The running scenery: a Steadicam that never jerks, parallax that glides by fractions of
a pixel and tiles without a seam, and a runner whose feet land on the stride clock."""

import numpy as np
import pygame
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from game.app.shot import ensure_display
from game.gfx.running import (
    DampedSpeed,
    FollowCamera,
    ParallaxLayer,
    StrideTrack,
    paint_strip,
    runner_pose,
    runner_set,
)


def per_frame(cam: FollowCamera, t0: float, t1: float, fps: int = 60) -> np.ndarray:
    xs = np.array([cam.at(t0 + k / fps).cam_x for k in range(int((t1 - t0) * fps))])
    return np.diff(xs)


def test_the_scroll_eases_into_a_new_pace_without_a_jerk_or_a_backward_step():
    cam = FollowCamera(v0=1.5, px_per_m=100.0, float_px=0.0)
    cam.set_speed(2.0, 6.0)
    cam.set_speed(12.0, 1.0)
    step = per_frame(cam, 0.0, 24.0)
    assert step.min() > 0                                   # never runs backwards
    assert np.abs(np.diff(step)).max() < 0.6                # px/frame changes gently
    assert step[int(10 * 60)] == pytest.approx(6.0 * 100 / 60, rel=0.01)   # settled at pace
    assert step[int(23 * 60)] == pytest.approx(1.0 * 100 / 60, rel=0.02)


def test_the_runner_surges_ahead_then_the_camera_catches_up():
    cam = FollowCamera(v0=1.5, px_per_m=100.0, anchor_x=400.0, float_px=0.0)
    cam.set_speed(2.0, 6.0)
    xs = [cam.at(t).runner_x for t in (1.0, 3.0, 12.0)]
    assert xs[0] == pytest.approx(400.0)
    assert xs[1] > 460                                      # pulled ahead when it sped up
    assert xs[2] == pytest.approx(400.0, abs=1.0)           # and the frame caught up


def test_the_float_is_a_slow_sway_and_reduced_motion_turns_it_off():
    floating = FollowCamera(v0=3.0, float_px=10.0)
    steady = FollowCamera(v0=3.0, float_px=0.0)
    gaps = [floating.at(t).cam_x - steady.at(t).cam_x for t in np.linspace(0, 20, 400)]
    assert 4.0 < max(np.abs(gaps)) <= 10.0
    assert steady.at(5.0).runner_x == steady.anchor_x


@settings(max_examples=40)
@given(st.lists(st.tuples(st.floats(0.0, 30.0), st.floats(0.0, 9.0)), min_size=1, max_size=8),
       st.floats(0.0, 40.0))
@example([(1.0, 0.0), (2.0, 1.0), (0.0, 1.0)], 3.0)   # a no-op that an earlier change revives
def test_distance_is_the_integral_of_speed_whatever_order_the_changes_come(changes, t):
    ordered = DampedSpeed(2.0, 1.7)
    for at, v in sorted(changes):
        ordered.set(at, v)
    shuffled = DampedSpeed(2.0, 1.7)
    for at, v in reversed(changes):
        shuffled.set(at, v)
    ts = np.linspace(-1.0, t, 4001)
    numeric = np.trapezoid([ordered.speed(x) for x in ts], ts)
    assert ordered.distance(t, -1.0) == pytest.approx(numeric, abs=1e-3 * (1 + abs(numeric)))
    if len({a for a, _ in changes}) == len(changes):        # no two changes at one instant
        assert shuffled.distance(t, -1.0) == pytest.approx(ordered.distance(t, -1.0))


def _layer(subpixel: int) -> tuple[ParallaxLayer, pygame.Surface]:
    ensure_display()

    def paint(surf: pygame.Surface, dx: int) -> None:
        pygame.draw.rect(surf, (255, 255, 255, 255), (dx + 180, 0, 40, 20))   # crosses the edge
    strip = paint_strip(200, 20, paint)
    canvas = pygame.Surface((300, 20)).convert(pygame.display.get_surface())
    return ParallaxLayer(strip, 0, 1.0, subpixel=subpixel), canvas


def frame(layer: ParallaxLayer, canvas: pygame.Surface, cam_x: float) -> np.ndarray:
    canvas.fill((0, 0, 0))
    layer.draw(canvas, cam_x)
    return pygame.surfarray.array3d(canvas)[:, 5, 0].astype(int)


def test_a_strip_tiles_without_a_seam():
    layer, canvas = _layer(1)
    row = frame(layer, canvas, 0.0)
    assert list(np.nonzero(row)[0]) == [*range(0, 20), *range(180, 220)]
    assert np.array_equal(frame(layer, canvas, 200.0), row)     # a whole tile on: the same
    assert np.array_equal(frame(layer, canvas, 170.0)[10:50], np.full(40, 255))


def test_half_a_pixel_of_scroll_shows_between_the_two_whole_pixels():
    layer, canvas = _layer(4)
    a, half, b = (frame(layer, canvas, x) for x in (10.0, 10.5, 11.0))
    edge = 180 - 10 - 1                                     # the shape's left edge
    assert a[edge] == 0 and b[edge] == 255
    assert 100 < half[edge] < 160                           # a blend, not a jump


def test_stride_clock_lands_each_foot_on_its_beat_and_jogs_through_the_gaps():
    track = StrideTrack([(1.0, "left"), (1.5, "right"), (2.0, "left"), (6.0, "right")],
                        idle_period=0.5, max_gap=0.9, start=0.0, end=8.0)
    assert track.at(1.0) == (0.0, "left")
    assert track.at(1.25) == (pytest.approx(0.5), "left")
    assert track.at(1.5)[1] == "right"
    feet = [track.at(t)[1] for t in np.arange(2.0, 6.0, 0.5)]
    assert feet == ["left", "right"] * 4                    # an easy jog through the rest
    assert track.period(3.0) == pytest.approx(0.5)


def test_the_landing_foot_is_forward_and_down_and_lifts_raise_the_hands():
    land = runner_pose(0.0)
    assert land.ankle[0][0] > land.hip[0] + 20              # left foot reaching forward
    assert land.ankle[0][1] > land.ankle[1][1]              # lower than the other
    other = runner_pose(0.5)
    assert other.ankle[1][0] > other.hip[0] + 20            # and half a cycle on, the right
    up = runner_pose(0.0, lift=1.0)
    assert max(h[1] for h in up.hand) < up.head[1]          # both hands over the head


def test_runner_sprites_move_through_the_cycle():
    ensure_display()
    rs = runner_set(0.5, "brick", 8, (0.0, 1.0))
    a = pygame.surfarray.array_alpha(rs.frame(0.0, "left"))
    b = pygame.surfarray.array_alpha(rs.frame(0.5, "left"))
    up = pygame.surfarray.array_alpha(rs.frame(0.0, "left", lift=1.0))
    assert (a != b).mean() > 0.02
    top = lambda m: np.nonzero(m.max(axis=0) > 0)[0][0]     # noqa: E731 - first row used
    assert top(up) < top(a) - 10                            # bricks pressed overhead
    assert rs.frame(0.0, "right") is rs.frames[0][rs.phases // 2]    # the right foot's landing
