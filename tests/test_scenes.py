"""Title -> stage select -> play -> results -> back, driven by synthetic key events."""

import time

import pygame

from game.app.loop import Loop
from game.app.run import make_app
from game.app.scenes.play import PlayScene
from game.app.scenes.results import ResultsScene
from game.app.scenes.select import LIST_BOTTOM, LIST_TOP, SelectScene
from game.app.scenes.title import TitleScene
from game.paths import user_levels_dir

TINY = """id: tiny
title: Tiny Custom
stage: speed_bag
tempo: 240
lead_in_bars: 0
intervals:
  - work: 1
    pattern: "lrlr"
"""


def key(k, mod=0, uni=""):
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=k, mod=mod, unicode=uni,
                                         scancode=0))


def pump(loop, seconds):
    end = time.perf_counter_ns() + int(seconds * 1e9)
    loop.run(until=lambda: time.perf_counter_ns() > end)


def test_full_flow_and_broken_custom_level_does_not_crash():
    (user_levels_dir() / "tiny.yaml").write_text(TINY)
    (user_levels_dir() / "zz_broken.yaml").write_text("id: [oops\n")
    app, window = make_app()
    app.switch(TitleScene(app))
    loop = Loop(app, window.present, frame_cap=60)
    key(pygame.K_p, uni="p")
    pump(loop, 0.1)
    select = app.scene
    assert isinstance(select, SelectScene)
    names = [e.path.name for e in select.entries]
    assert "tiny.yaml" in names and "zz_broken.yaml" in names
    broken = select.entries[names.index("zz_broken.yaml")]
    assert not broken.ok and "not valid YAML" in broken.problems[0].message
    select.sel = names.index("zz_broken.yaml")
    key(pygame.K_RETURN)
    pump(loop, 0.1)
    assert app.scene is select          # a broken level cannot be started, nothing crashes
    select.sel = names.index("tiny.yaml")
    key(pygame.K_RETURN, mod=pygame.KMOD_SHIFT)   # watch the bot play it
    pump(loop, 0.2)
    assert isinstance(app.scene, PlayScene)
    pump(loop, 4.0)
    results = app.scene
    assert isinstance(results, ResultsScene)
    assert results.summary["judgements"]["perfect"] == 4
    key(pygame.K_ESCAPE)
    pump(loop, 0.1)
    assert app.scene is select
    pygame.event.post(pygame.event.Event(pygame.QUIT))
    pump(loop, 0.1)
    assert not app.running


def test_stage_select_keeps_the_selection_in_view_with_many_levels():
    for k in range(25):
        (user_levels_dir() / f"l{k:02d}.yaml").write_text(TINY.replace("id: tiny", f"id: t{k}")
                                                          .replace("Tiny Custom", "T" * 120))
    app, _window = make_app()
    select = SelectScene(app)
    app.switch(select)
    for sel in (len(select.entries) - 1, 0, 14):
        select.sel = sel
        select.draw(app.canvas)
        y = LIST_TOP + next(y for y, i in select._rows() if i == sel) - select.scroll
        assert LIST_TOP <= y <= LIST_BOTTOM - 30, f"row {sel} drawn at y={y}"
