"""A frame presented on its own thread (X11): keys that arrive while the frame is being sent
are stamped when they arrive, not when the present returns; they are handled once it has
returned (nothing reopens the window under the present); a failing present is not lost."""

import threading
import time

import pygame
import pytest

from game.app.context import App
from game.app.loop import Loop
from game.app.present import Presenter
from game.app.scene import Scene
from game.app.shot import ensure_display
from game.core.settings import Settings
from game.gfx.text import TextCache

PRESENT_S = 0.2        # a very slow present, so a loaded machine cannot blur the point


class Recorder(Scene):
    wants_fast_polling = True

    def __init__(self, app: App) -> None:
        super().__init__(app)
        self.keys: list[tuple[int, int]] = []      # (stamp, when handled)

    def handle(self, event: pygame.event.Event, stamp_ns: int) -> None:
        if event.type == pygame.KEYDOWN:
            self.keys.append((stamp_ns, time.perf_counter_ns()))


def loop_with(show):
    app = App(canvas=ensure_display(), text=TextCache(), settings=Settings(), headless=True)
    scene = Recorder(app)
    app.switch(scene)
    presenter = Presenter(show)
    return Loop(app, presenter.present, frame_cap=60), scene, presenter


def test_a_key_during_a_slow_present_is_stamped_when_it_arrives():
    started, shown = threading.Event(), []

    def show():
        started.set()
        time.sleep(PRESENT_S)
        shown.append(time.perf_counter_ns())
        return True
    loop, scene, presenter = loop_with(show)
    sent = []

    def press():
        started.wait(5)
        time.sleep(0.02)
        sent.append(time.perf_counter_ns())
        pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_f, mod=0))
    t = threading.Thread(target=press)
    t.start()
    loop.draw_frame()
    t.join(5)
    presenter.close()
    assert len(scene.keys) == 1 and shown
    stamp, handled = scene.keys[0]
    assert stamp - sent[0] < PRESENT_S * 1e9 / 2      # stamped during the present
    assert handled >= shown[0]                          # handled after it


def test_a_present_that_fails_fails_in_the_loop():
    def show():
        raise ValueError("broken present")
    loop, _scene, presenter = loop_with(show)
    with pytest.raises(ValueError, match="broken present"):
        loop.draw_frame()
    presenter.close()


def test_a_frame_lost_to_a_resize_is_only_that_frame():
    calls = []

    def show():
        calls.append(1)
        if len(calls) == 1:
            raise pygame.error("Window surface is invalid")
        return True
    loop, _scene, presenter = loop_with(show)
    loop.draw_frame()
    assert not presenter.shown
    loop.draw_frame()
    presenter.close()
    assert len(calls) == 2 and loop.frames == 2 and presenter.shown
