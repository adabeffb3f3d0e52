"""The editor in a real window under Xvfb, driven by real X key and mouse events (xdotool):
edit, save, play from the cursor, and back. Opt-in (MONTAGE_XVFB=1): it needs Xvfb,
xdotool and ImageMagick's `import`, and takes about half a minute.

    MONTAGE_XVFB=1 .venv/bin/python -m pytest tests/test_editor_xvfb.py -s

The screenshots are kept in the test's tmp folder (the path is printed) to look at.
"""

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pygame
import pytest

from game.app.scenes.editor_view import TOP, Layout

ROOT = Path(__file__).resolve().parents[1]
TOOLS = ("Xvfb", "xdotool", "import")
pytestmark = pytest.mark.skipif(
    os.environ.get("MONTAGE_XVFB") != "1" or not all(shutil.which(t) for t in TOOLS),
    reason="opt-in: MONTAGE_XVFB=1 with Xvfb, xdotool and ImageMagick installed")

LEVEL = """\
# edited under Xvfb: this comment and the layout stay
id: xv
title: Under Xvfb
stage: speed_bag
tempo: 120
intervals:
  - work: 2      # round one
    pattern: "l.r.l.r."
  - rest: 1
  - work: 2
    pattern: "lrlrlrlr"   # busy
"""

SAVED = LEVEL.replace('"l.r.l.r."', '"lrL.l.r.|l.r.l.r."').replace(
    '"lrlrlrlr"', '"l[lr]lrlrlr|lrlrlrlr"')


@pytest.fixture
def display():
    xvfb = subprocess.Popen(["Xvfb", "-displayfd", "1", "-screen", "0", "1280x720x24",
                             "-nolisten", "tcp"], stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True)
    number = xvfb.stdout.readline().strip()
    yield f":{number}"
    xvfb.terminate()
    xvfb.wait(10)


def x(display, *args):
    return subprocess.run(["xdotool", *args], env=dict(os.environ, DISPLAY=display),
                          capture_output=True, text=True, timeout=30).stdout


def shot(display, path):
    subprocess.run(["import", "-window", "root", str(path)],
                   env=dict(os.environ, DISPLAY=display), check=True, timeout=30)
    return pygame.image.tobytes(pygame.image.load(str(path)), "RGB")


def test_edit_save_and_play_from_the_cursor_with_real_events(display, tmp_path):
    level = tmp_path / "levels" / "xv.yaml"
    level.parent.mkdir(exist_ok=True)
    level.write_text(LEVEL)
    env = dict(os.environ, DISPLAY=display, SDL_AUDIODRIVER="dummy")
    env.pop("SDL_VIDEODRIVER", None)
    game = subprocess.Popen([sys.executable, str(ROOT / "main.py"), "edit", str(level)],
                            env=env, cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 60
        window = ""
        while not window and time.monotonic() < deadline:
            window = x(display, "search", "--name", "").split()[:1] and \
                x(display, "search", "--name", "").split()[0]
            time.sleep(0.3)
        assert window, "the game's window never appeared"
        time.sleep(2.0)
        x(display, "windowfocus", window)
        before = shot(display, tmp_path / "0-editor.png")
        # keys: the second eighth becomes r, the third an accented L (typed as a pattern)
        x(display, "key", "--delay", "80", "Right", "r", "shift+l")
        # the mouse: round two's first bar is on screen; click its second eighth, left lane
        x(display, "key", "--delay", "80", "ctrl+Right", "ctrl+Right", "ctrl+Right")
        layout = Layout(0, 4)                       # bars 1-4 on screen
        cx = int(layout.bar_x(3) + layout.bar_w / 8 * 1.5)
        cy = TOP + Layout.lane_h(2) // 2
        x(display, "mousemove", str(cx), str(cy), "click", "1")
        time.sleep(0.3)
        edited = shot(display, tmp_path / "1-edited.png")
        assert edited != before
        x(display, "key", "ctrl+s")
        time.sleep(0.8)
        text = level.read_text()
        assert text == SAVED, text
        x(display, "key", "space")                  # play from the cursor: round two
        time.sleep(5.0)
        playing = shot(display, tmp_path / "2-playing.png")
        assert playing != edited
        x(display, "key", "--delay", "200", "Escape", "q")   # pause, quit: the editor again
        time.sleep(1.0)
        back = shot(display, tmp_path / "3-back.png")
        assert back != playing
        print(f"screenshots in {tmp_path}")
    finally:
        game.terminate()
        out, _err = game.communicate(timeout=20)
    assert game.returncode in (0, 143), out
    assert level.read_text() == SAVED
    assert not level.with_name(level.name + ".unsaved").exists()
