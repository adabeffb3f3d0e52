"""The real loop, headless, at a deliberately low frame rate: key presses are judged at the
instant they arrive, not at the frame that draws them."""

import threading
import time

import pygame
import pytest

from game.app.context import App
from game.app.loop import Loop
from game.app.scenes.play import PlayOptions, PlayScene
from game.app.shot import ensure_display
from game.core.events import Hit
from game.core.loader import parse_level
from game.core.settings import Settings
from game.gfx.text import TextCache

LEVEL = """
id: e2e
title: E2E
stage: speed_bag
tempo: 150
lead_in_bars: 0
intervals:
  - work: 3
    pattern: "l.r.l.r."
"""


def make_scene(frame_cap: int, slow_draw_s: float = 0.0):
    display = ensure_display()
    app = App(canvas=display, text=TextCache(), settings=Settings(), headless=True)
    scene = PlayScene(app, parse_level(LEVEL, "e2e.yaml"), PlayOptions())
    hits: list[Hit] = []
    original = scene._dispatch

    def spy(events):
        hits.extend(e for e in events if isinstance(e, Hit))
        original(events)
    scene._dispatch = spy
    if slow_draw_s:
        draw = scene.draw

        def slow(canvas):
            for step in draw(canvas):
                time.sleep(slow_draw_s / 2)
                yield step
        scene.draw = slow
    app.switch(scene)
    return app, scene, hits, Loop(app, pygame.display.flip, frame_cap=frame_cap)


def play_ten_presses(frame_cap: int) -> tuple[list[float], int]:
    """Run the real loop while a thread presses ten keys near cue times; returns, per press,
    judged offset minus the offset at the instant it was sent (ms), and frames drawn."""
    app, scene, hits, loop = make_scene(frame_cap)
    sent: list[tuple[int, float]] = []   # (send stamp ns, cue time)

    def player():
        while not scene.started:
            time.sleep(0.001)
        cues = scene.session.cues[:10]
        for k, cue in enumerate(cues):
            offset = (-0.03, 0.0, 0.02, 0.045, -0.012)[k % 5]
            target = scene.clock.reference_ns + int((cue.time + offset) * 1e9)
            # sleep (never spin: a spinning thread holds the GIL the loop needs)
            time.sleep(max(0.0, (target - time.perf_counter_ns()) / 1e9))
            key = pygame.K_f if cue.action == "left" else pygame.K_j
            pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=key, mod=0,
                                                 unicode="", scancode=0))
            sent.append((time.perf_counter_ns(), cue.time))
            pygame.event.post(pygame.event.Event(pygame.KEYUP, key=key, mod=0))
        time.sleep(0.1)  # let the loop poll the last press before it stops
        app.quit()

    t = threading.Thread(target=player, daemon=True)
    t.start()
    deadline = time.perf_counter_ns() + 20 * 1_000_000_000
    loop.run(until=lambda: time.perf_counter_ns() > deadline)
    t.join(1.0)
    assert len(hits) == len(sent) == 10
    errors = [(hit.offset - (scene.clock.song_time(stamp) - cue_time)) * 1000
              for hit, (stamp, cue_time) in zip(hits, sent, strict=True)]
    return errors, loop.frames


@pytest.mark.parametrize("frame_cap", [20, 60])
def test_judged_offsets_match_send_times_whatever_the_frame_rate(frame_cap):
    # The machines here are shared: a run may be descheduled for milliseconds by another
    # process, so a second run is allowed; one run must hold the 2 ms bound for every press.
    runs = []
    for _ in range(2):
        errors, frames = play_ten_presses(frame_cap)
        assert frames < 7 * frame_cap + 5  # the frame cap held (about 7 s of play)
        runs.append(max(abs(e) for e in errors))
        if runs[-1] <= 2.0:
            break
    assert min(runs) <= 2.0, f"worst judged-vs-sent error per run (ms): {runs}"


def test_escape_pauses_and_resume_counts_in_one_bar():
    app, scene, hits, loop = make_scene(60)
    deadline = time.perf_counter_ns() + 300_000_000
    loop.run(until=lambda: time.perf_counter_ns() > deadline)
    assert scene.started
    esc = pygame.event.Event(pygame.KEYDOWN, key=pygame.K_ESCAPE, mod=0, unicode="")
    now = time.perf_counter_ns()
    scene.handle(esc, now)
    assert scene.paused
    frozen = scene.clock.song_time()
    time.sleep(0.05)
    assert scene.clock.song_time() == frozen
    scene.handle(esc, time.perf_counter_ns())
    bar = 4 * 60 / 150
    assert not scene.paused
    assert scene.clock.song_time() == pytest.approx(frozen - bar, abs=0.01)
