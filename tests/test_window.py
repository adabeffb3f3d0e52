"""The resizable window letterboxes the 1280x720 canvas: as large as fits, aspect kept,
centred, black bars; window positions map back onto the canvas."""

import pygame
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from game.app.context import CANVAS_SIZE
from game.app.run import Window
from game.core.settings import Settings


@pytest.fixture(scope="module")
def window():
    pygame.display.init()
    w = Window(Settings())
    yield w
    w.resized(CANVAS_SIZE)


@pytest.mark.parametrize("size, box", [
    ((1280, 720), (0, 0, 1280, 720)),
    ((1920, 1080), (0, 0, 1920, 1080)),
    ((1000, 1000), (0, 219, 1000, 562)),     # tall: bars above and below
    ((2000, 720), (360, 0, 1280, 720)),      # wide: bars left and right
    ((640, 480), (0, 60, 640, 360)),
])
def test_letterbox_for_window_sizes(window, size, box):
    window.resized(size)
    assert window.size == size
    assert tuple(window.letterbox()) == box


def test_the_canvas_is_the_window_only_at_its_own_size(window):
    window.resized(CANVAS_SIZE)
    assert window.canvas is window.surface
    window.resized((1600, 900))
    assert window.canvas is not window.surface
    assert window.canvas.get_size() == CANVAS_SIZE


def test_to_canvas_maps_window_points_onto_the_canvas(window):
    window.resized((2000, 720))
    assert window.to_canvas((360, 0)) == (0, 0)
    assert window.to_canvas((1000, 360)) == (640, 360)
    assert window.to_canvas((1640, 720)) == CANVAS_SIZE
    window.resized((1920, 1080))
    assert window.to_canvas((960, 540)) == (640, 360)
    assert window.to_canvas((1919, 1079)) == (1279, 719)


def test_present_scales_the_canvas_between_black_bars(window):
    window.resized((1000, 1000))
    window.canvas.fill((200, 40, 40))
    window.present()
    box = window.letterbox()
    assert window.surface.get_at(box.center)[:3] == (200, 40, 40)
    assert window.surface.get_at((500, box.top - 5))[:3] == (0, 0, 0)
    assert window.surface.get_at((500, box.bottom + 5))[:3] == (0, 0, 0)


@settings(max_examples=200, deadline=None)
@given(st.integers(160, 5000), st.integers(120, 3000))
def test_letterbox_fits_keeps_16_9_and_fills_one_side(window, w, h):
    window.size = (w, h)     # the geometry only; no need to reopen the window each time
    box = window.letterbox()
    assert pygame.Rect(0, 0, w, h).contains(box)
    assert box.w == w or box.h == h
    assert abs(box.w / box.h - 16 / 9) < 0.02
    assert abs(box.left - (w - box.right)) <= 1 and abs(box.top - (h - box.bottom)) <= 1


def test_fullscreen_toggles_and_back_to_a_window_at_canvas_size(window):
    window.resized((1000, 1000))
    window.toggle_fullscreen()
    assert window.fullscreen
    box = window.letterbox()
    assert abs(box.w / box.h - 16 / 9) < 0.02
    window.toggle_fullscreen()
    assert not window.fullscreen and window.size == CANVAS_SIZE
