"""Record mode in game: taps on the keys become the interval's pattern in the file."""

import pygame

from game.app.run import make_app
from game.app.scenes.record import RecordScene
from game.core.loader import load_level
from game.stages import get_stage

LEVEL = """# my level - comments survive recording
id: rec
title: Rec
stage: speed_bag
tempo: 120
intervals:
  - work: 1
    name: first   # keep me
    pattern: "l..."
  - rest: 1
"""


def key(k):
    return pygame.event.Event(pygame.KEYDOWN, key=k, mod=0, unicode="", scancode=0)


def test_taps_are_quantised_and_written_into_the_file(tmp_path):
    path = tmp_path / "rec.yaml"
    path.write_text(LEVEL)
    app, _window = make_app()
    scene = RecordScene(app, path)
    app.switch(scene)
    t0 = 1_000_000_000_000
    scene.handle(key(pygame.K_RIGHT), t0)        # 6 steps a beat
    scene.handle(key(pygame.K_LEFT), t0)         # back to 4
    scene.handle(key(pygame.K_RETURN), t0)
    assert scene.state == "recording"
    ref = scene.clock.reference_ns
    # the bar at 120 bpm is 2 s; eighth notes L R L R ... slightly off the grid
    for k in range(8):
        t = k * 0.25 + (0.012 if k % 2 else -0.009)
        f = pygame.K_f if k % 2 == 0 else pygame.K_j
        scene.handle(key(f), ref + int(t * 1e9))
    scene.update(ref + int(2.3 * 1e9))
    assert scene.state == "review"
    assert scene.result is not None and scene.result.recording.kept == 8
    scene.handle(key(pygame.K_s), ref + int(2.4 * 1e9))
    written = path.read_text()
    assert "# my level - comments survive recording" in written and "# keep me" in written
    level = load_level(path)
    cues = get_stage("speed_bag").build_cues(level)
    assert [c.action for c in cues] == ["left", "right"] * 4
    assert [round(c.beat, 3) for c in cues] == [k * 0.5 for k in range(8)]
