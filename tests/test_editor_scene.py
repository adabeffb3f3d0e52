"""The editor in the game: keys and clicks edit, Ctrl+S saves in place, Space plays from
the cursor's bar through the ordinary play scene, and closing never loses an edit."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pygame
import pytest

from game.app.context import App
from game.app.scene import Scene
from game.app.scenes.editor import UNSAVED_SUFFIX, EditorScene
from game.app.scenes.editor_view import TOP, Layout
from game.app.scenes.play import PlayScene
from game.app.shot import ensure_display
from game.core.bars import bar_time, from_bar
from game.core.loader import load_level, parse_level
from game.core.settings import Settings
from game.gfx.text import TextCache
from game.stages import get_stage

ROOT = Path(__file__).resolve().parents[1]
LEVEL = """\
# a level to edit: comments stay
id: ed
title: Edit Me
stage: speed_bag
tempo: 120     # two seconds a bar
intervals:
  - work: 2      # round one
    pattern: "l.r.l.r."
  - rest: 1
  - work: 2
    name: two
    pattern: "lrlrlrlr"   # busy
"""


def key(k, ch="", mod=0):
    return pygame.event.Event(pygame.KEYDOWN, key=k, mod=mod, unicode=ch, scancode=0)


def click(pos, button=1):
    return pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=button)


@pytest.fixture
def app():
    return App(canvas=ensure_display(), text=TextCache(), settings=Settings(), headless=True)


@pytest.fixture
def path(tmp_path):
    p = tmp_path / "ed.yaml"
    p.write_text(LEVEL)
    return p


def open_editor(app, path):
    app.switch(Scene(app))
    scene = EditorScene(app, path)
    app.push(scene)
    return scene


def test_keys_edit_and_ctrl_s_saves_in_place_with_comments(app, path):
    scene = open_editor(app, path)
    scene.handle(key(pygame.K_RIGHT), 0)
    scene.handle(key(pygame.K_r, "r"), 0)
    scene.handle(key(pygame.K_r, "R", pygame.KMOD_SHIFT), 0)
    assert path.read_text() == LEVEL                         # nothing written before a save
    scene.handle(key(pygame.K_s, "\x13", pygame.KMOD_CTRL), 0)
    text = path.read_text()
    assert text == LEVEL.replace('"l.r.l.r."', '"lrR.l.r.|l.r.l.r."')
    assert not scene.model.dirty
    level = load_level(path)
    assert [c.accent for c in get_stage("speed_bag").build_cues(level)][:3] == [False, False,
                                                                                  True]


def test_undo_redo_keys_and_esc_asks_before_dropping_edits(app, path):
    scene = open_editor(app, path)
    scene.handle(key(pygame.K_l, "L", pygame.KMOD_SHIFT), 0)
    edited = scene.model.text
    scene.handle(key(pygame.K_z, "", pygame.KMOD_CTRL), 0)
    assert scene.model.text == LEVEL
    scene.handle(key(pygame.K_y, "", pygame.KMOD_CTRL), 0)
    assert scene.model.text == edited
    scene.handle(key(pygame.K_ESCAPE), 0)
    assert app.scene is scene and "unsaved" in scene.model.message
    scene.handle(key(pygame.K_ESCAPE), 0)
    assert app.scene is not scene and path.read_text() == LEVEL
    assert not path.with_name(path.name + UNSAVED_SUFFIX).exists()   # the player chose


def test_closing_the_game_with_unsaved_edits_keeps_them_beside_the_file(app, path):
    scene = open_editor(app, path)
    scene.handle(key(pygame.K_l, "L", pygame.KMOD_SHIFT), 0)
    while app.scenes:                       # what closing the window does (run._close)
        app.scenes.pop().leave()
    kept = path.with_name(path.name + UNSAVED_SUFFIX)
    assert kept.read_text() == scene.model.text and path.read_text() == LEVEL
    parse_level(kept.read_text())           # a whole, loadable level


def test_a_click_places_the_lanes_symbol_and_a_right_click_erases(app, path):
    scene = open_editor(app, path)
    m = scene.model
    bar = 3                                  # round two, first bar ("lrlrlrlr")
    lane_h = Layout.lane_h(2)
    cell_w = scene.layout.bar_w / m.grid
    x = int(scene.layout.bar_x(bar) + 1 * cell_w + cell_w / 2)   # its second eighth: an 'r'
    scene.handle(click((x, TOP + lane_h // 2)), 0)          # the left lane: l joins it
    assert '"l[lr]lrlrlr|lrlrlrlr"' in m.text
    scene.handle(click((x, TOP + lane_h + lane_h // 2), button=3), 0)   # right lane off
    assert '"lllrlrlr|lrlrlrlr"' in m.text
    assert m.cursor.bar == bar and m.cursor.step == 1


def test_space_plays_from_the_cursors_bar_after_a_bar_of_count_in(app, path):
    scene = open_editor(app, path)
    scene.handle(key(pygame.K_RIGHT, mod=pygame.KMOD_CTRL), 0)   # bar 2
    scene.handle(key(pygame.K_RIGHT, mod=pygame.KMOD_CTRL), 0)   # bar 3 (the rest)
    scene.handle(key(pygame.K_RIGHT, mod=pygame.KMOD_CTRL), 0)   # bar 4: round two
    scene.handle(key(pygame.K_r, "r"), 0)                        # an unsaved edit
    scene.handle(key(pygame.K_SPACE, " "), 0)
    play = app.scene
    assert isinstance(play, PlayScene) and play.options.practice
    level = play.level
    assert play.session.now == pytest.approx(bar_time(level, 2))     # a bar early
    cues = play.session.cues
    assert cues[0].time == pytest.approx(bar_time(level, 3)) and cues[0].action == "right"
    assert len(cues) == 16                    # round two only: nothing before the cursor
    assert play.resume_at == pytest.approx(bar_time(level, 3))       # the count is shown
    play._finish()                            # the level ends: back to the editor
    assert app.scene is scene


def test_shift_space_loops_the_selected_bars(app, path):
    scene = open_editor(app, path)
    scene.handle(key(pygame.K_RIGHT, mod=pygame.KMOD_CTRL | pygame.KMOD_SHIFT), 0)
    assert list(scene.model.selection) == [0, 1]
    scene.handle(key(pygame.K_SPACE, " ", pygame.KMOD_SHIFT), 0)
    play = app.scene
    assert isinstance(play, PlayScene) and play.options.loop_bars == 2
    assert play.from_bar.end_time == pytest.approx(bar_time(play.level, 2))
    assert play._loop_interval(bar_time(play.level, 2) + 0.01)      # the loop starts again
    assert play.session.now == pytest.approx(bar_time(play.level, -1))


def test_tab_taps_the_tempo(app, path):
    scene = open_editor(app, path)
    for k in range(5):
        scene.handle(key(pygame.K_TAB, "\t"), 10_000_000_000 + k * 600_000_000)
    assert "tempo: 100     # two seconds a bar" in scene.model.text


def test_shot_renders_the_editor_and_its_cursor_moves_with_at(tmp_path):
    env = dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy")
    outs = []
    for at in ("0", "30"):
        out = tmp_path / f"ed{at}.png"
        r = subprocess.run([sys.executable, str(ROOT / "main.py"), "shot",
                            "tests/golden/levels/28_speed_bag_2_hard.yaml", "--scene", "editor",
                            "--at", at, "-o", str(out)], capture_output=True, text=True,
                           env=env, timeout=120, cwd=ROOT)
        assert r.returncode == 0, r.stderr
        outs.append(pygame.image.load(str(out)))
    assert outs[0].get_size() == (1280, 720)
    a, b = (pygame.image.tobytes(s, "RGB") for s in outs)
    assert a != b                              # another bar under the cursor


def test_play_from_bar_headless_starts_at_that_bar(tmp_path):
    env = dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy")
    level_path = "tests/golden/levels/28_speed_bag_2_hard.yaml"
    r = subprocess.run([sys.executable, str(ROOT / "main.py"), "play", level_path,
                        "--autoplay", "--headless", "--json", "--from", "13"],
                       capture_output=True, text=True, env=env, timeout=120, cwd=ROOT)
    assert r.returncode == 0, r.stderr
    result = json.loads(r.stdout)
    level = load_level(ROOT / level_path)
    # bar 13 = round one's 8 bars and the 4-bar rest: round two's first beat, 48 beats in
    assert result["first_cue_s"] == pytest.approx(48 * 60 / 96, abs=1e-3)
    assert result["start_s"] == pytest.approx(44 * 60 / 96, abs=1e-3)
    owed = [c for c in get_stage(level.stage).build_cues(level) if c.beat >= 48]
    assert result["cues"] == len(owed) and result["accuracy"] == 100.0
    bad = subprocess.run([sys.executable, str(ROOT / "main.py"), "play", level_path,
                          "--autoplay", "--headless", "--from", "52"],
                         capture_output=True, text=True, env=env, timeout=120, cwd=ROOT)
    assert bad.returncode == 2 and "bars 1 to 51" in bad.stderr


def test_from_bar_counts_bars_across_intervals_and_tempo_changes():
    level = parse_level(LEVEL.replace("  - work: 2\n    name: two",
                                      "  - work: 2\n    name: two\n    tempo: 60"))
    start = from_bar(level, 4)              # round two's second bar, at 60 bpm
    assert start.cue_time == pytest.approx(3 * 2.0 + 4.0)
    assert start.start_time == pytest.approx(3 * 2.0)      # its count-in bar is at 60 too
    with pytest.raises(ValueError):
        from_bar(level, 5)


def test_practice_can_start_from_a_bar_inside_an_interval(app):
    from game.app.scenes.practice import FROM_BAR, PracticeScene
    level = parse_level(LEVEL)
    app.switch(Scene(app))
    practice = PracticeScene(app, level, tier="normal")
    app.push(practice)
    practice.row = FROM_BAR
    practice.handle(key(pygame.K_RIGHT), 0)          # round one's second bar
    assert practice.start_bar == 1
    practice.handle(key(pygame.K_RETURN), 0)
    play = app.scene
    assert isinstance(play, PlayScene) and play.options.practice
    assert play.session.now == pytest.approx(bar_time(play.level, 0))
    assert play.session.cues[0].time == pytest.approx(bar_time(play.level, 1))


def test_stage_select_opens_a_custom_level_in_the_editor_with_e(app, tmp_path):
    from game.app.scenes.select import SelectScene
    levels = tmp_path / "levels"          # conftest points MONTAGE_LEVELS_DIR here
    levels.mkdir(exist_ok=True)
    (levels / "mine.yaml").write_text(LEVEL)
    app.switch(Scene(app))
    select = SelectScene(app)
    app.push(select)
    select.sel = next(i for i, e in enumerate(select.entries) if e.custom)
    (levels / "mine.yaml").rename(levels / "away")   # gone since the list was read
    select.handle(key(pygame.K_e, "e"), 0)
    assert app.scene is select and "cannot be edited" in app.toasts[-1].text   # no crash
    (levels / "away").rename(levels / "mine.yaml")
    select.reload()                       # (F5)
    select.sel = next(i for i, e in enumerate(select.entries) if e.custom)
    select.handle(key(pygame.K_e, "e"), 0)
    editor = app.scene
    assert isinstance(editor, EditorScene) and editor.path == levels / "mine.yaml"


def test_watch_from_a_bar_starts_there_and_a_save_starts_there_again(app, path):
    import time

    from game.app.scenes.play import PlayOptions
    from game.app.scenes.watch import WatchScene
    scene = WatchScene(app, str(path), PlayOptions(start_bar=3, practice=True))
    app.switch(scene)
    assert scene.play.session.now == pytest.approx(bar_time(scene.play.level, 2))
    path.write_text(LEVEL.replace('"lrlrlrlr"', '"rrrr"'))
    st = os.stat(path)
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))
    scene.update(time.perf_counter_ns())
    assert scene.reloads == 1
    assert scene.play.session.now == pytest.approx(bar_time(scene.play.level, 2))
    assert [c.action for c in scene.play.session.cues] == ["right"] * 8


def test_a_disk_that_refuses_the_save_keeps_the_edits_and_says_so(app, path, monkeypatch):
    import game.app.scenes.editor as editor_mod
    scene = open_editor(app, path)
    scene.handle(key(pygame.K_l, "L", pygame.KMOD_SHIFT), 0)

    def full(_path, _text):
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(editor_mod, "write_atomically", full)
    scene.handle(key(pygame.K_s, "", pygame.KMOD_CTRL), 0)
    assert "could not save" in scene.model.message and "No space left" in scene.model.message
    assert scene.model.dirty and path.read_text() == LEVEL
    monkeypatch.undo()
    scene.handle(key(pygame.K_s, "", pygame.KMOD_CTRL), 0)
    assert path.read_text() == scene.model.text and not scene.model.dirty


def test_a_file_changed_on_disk_is_not_overwritten_without_asking(app, path):
    scene = open_editor(app, path)
    scene.handle(key(pygame.K_l, "L", pygame.KMOD_SHIFT), 0)
    theirs = LEVEL.replace("title: Edit Me", "title: Edited Elsewhere")
    path.write_text(theirs)
    scene.handle(key(pygame.K_s, "", pygame.KMOD_CTRL), 0)
    assert path.read_text() == theirs and "changed on disk" in scene.model.message
    scene.handle(key(pygame.K_s, "", pygame.KMOD_CTRL), 0)       # asked twice: it is meant
    assert path.read_text() == scene.model.text


def test_a_level_with_errors_is_not_saved_and_says_where(app, path):
    scene = open_editor(app, path)
    scene.handle(key(pygame.K_PERIOD, "."), 0)
    scene.handle(key(pygame.K_6, "^"), 0)          # a lift with nothing before it to hold
    scene.handle(key(pygame.K_s, "", pygame.KMOD_CTRL), 0)
    assert path.read_text() == LEVEL and "not saved: 1 error" in scene.model.message
    assert "8:" in scene.model.message             # its line and column
