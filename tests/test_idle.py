"""Quiet menus: a title left alone is redrawn only at its slow dawn rate (about once a
second with reduced motion) and polled at 60 Hz, not 2 kHz; a key still redraws it at
once; play keeps polling fast; memory stays flat."""

import time
import tracemalloc

import pygame

from game.app.loop import IDLE_POLL_S, IDLE_REDRAW_S, Loop
from game.app.run import draw_toasts, make_app
from game.app.scenes import title as title_module
from game.app.scenes.title import TitleScene
from game.gfx.chrome import AMBIENT_FPS


def run_for(loop, seconds):
    end = time.perf_counter_ns() + int(seconds * 1e9)
    loop.run(until=lambda: time.perf_counter_ns() > end)


def settled_title(monkeypatch, reduced_motion=False, record_polls=True):
    monkeypatch.setattr(title_module, "PULSE_S", 0.2)   # the cursor settles quickly
    app, window = make_app()
    app.settings.reduced_motion = reduced_motion
    app.switch(TitleScene(app))
    loop = Loop(app, window.present, frame_cap=120, record_polls=record_polls)
    run_for(loop, 0.4)
    return app, loop


def test_a_title_left_alone_moves_at_the_dawn_rate_and_is_hardly_polled(monkeypatch):
    app, loop = settled_title(monkeypatch)
    frames, polls = loop.frames, len(loop.poll_times)
    run_for(loop, 2.0)
    drawn = loop.frames - frames
    assert 2.0 * AMBIENT_FPS * 0.4 <= drawn <= 2.0 * AMBIENT_FPS * 1.2 + 1   # not 240
    assert len(loop.poll_times) - polls < 2.0 / IDLE_POLL_S * 1.5   # 60 Hz, not 2 kHz


def test_with_reduced_motion_a_title_left_alone_is_hardly_drawn(monkeypatch):
    app, loop = settled_title(monkeypatch, reduced_motion=True)
    frames = loop.frames
    run_for(loop, 2.0)
    assert loop.frames - frames <= 2.0 / IDLE_REDRAW_S + 1      # a still picture


def test_a_key_on_a_quiet_title_is_drawn_at_once(monkeypatch):
    app, loop = settled_title(monkeypatch)
    scene = app.scene
    frames = loop.frames
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_DOWN, mod=0,
                                         unicode="", scancode=0))
    sent = time.perf_counter_ns()
    loop.run(until=lambda: loop.frames > frames or time.perf_counter_ns() - sent > 1e9)
    assert scene.sel == 1
    assert (time.perf_counter_ns() - sent) / 1e6 < 100          # drawn well within 0.1 s
    assert scene.animating(time.perf_counter_ns())              # and the cursor nudges


def test_memory_stays_flat_while_a_menu_is_redrawn(monkeypatch):
    app, loop = settled_title(monkeypatch, record_polls=False)   # as the game runs it
    def overlay():
        draw_toasts(app)
    for _ in range(50):           # warm every cache first
        loop.draw_frame(overlay)
    tracemalloc.start()
    before = tracemalloc.take_snapshot()
    for k in range(600):          # 75 s of idle redraws at the dawn rate, toasts coming and going
        if k % 100 == 0:
            app.toast("saved", time.perf_counter_ns(), 0.001)
        loop.draw_frame(overlay)
    after = tracemalloc.take_snapshot()
    tracemalloc.stop()
    grown = sum(s.size_diff for s in after.compare_to(before, "filename"))
    assert grown < 16 * 1024, grown     # measured 1.1 KB: an hour (48 times as many) stays flat
