"""Controller hot-plug and menu navigation, with a fake controller made of synthetic events."""

import pygame
import pytest

from game.app.context import App
from game.app.gamepad import Gamepads, Pad, open_sdl_pad
from game.app.scenes.play import PlayOptions, PlayScene
from game.app.scenes.select import SelectScene
from game.app.scenes.title import TitleScene
from game.app.shot import ensure_display
from game.core.loader import parse_level
from game.core.settings import Settings
from game.gfx.text import TextCache

LEVEL = """
id: pad
title: Pad
stage: speed_bag
tempo: 120
lead_in_bars: 0
intervals:
  - work: 4
    pattern: "l.r.l.r."
"""


class FakeDevice:
    def __init__(self) -> None:
        self.closed = False

    def quit(self) -> None:
        self.closed = True


class FakeOpener:
    """Opens 'device index' n as a pad with instance id 100 + n."""

    def __init__(self) -> None:
        self.opened: list[FakeDevice] = []

    def __call__(self, index: int) -> Pad:
        self.opened.append(FakeDevice())
        return Pad(100 + index, f"Fake Pad {index}", self.opened[-1])


def added(index):
    return pygame.event.Event(pygame.CONTROLLERDEVICEADDED, device_index=index)


def removed(instance):
    return pygame.event.Event(pygame.CONTROLLERDEVICEREMOVED, instance_id=instance)


def press(b, pad=100):
    return pygame.event.Event(pygame.CONTROLLERBUTTONDOWN, instance_id=pad, button=b)


@pytest.fixture
def app():
    return App(canvas=ensure_display(), text=TextCache(), settings=Settings(), headless=True)


def test_plugging_in_and_out_is_tracked_and_told():
    opener = FakeOpener()
    pads = Gamepads(opener, start_sdl=False)
    assert pads.handle(added(0)) == "Fake Pad 0 connected"
    assert pads.handle(added(1)) == "Fake Pad 1 connected"
    assert pads.handle(added(0)) is None           # SDL announces pads again at start-up
    first, second, again = opener.opened
    assert again.closed and not first.closed
    assert pads.names == ["Fake Pad 0", "Fake Pad 1"]
    assert pads.handle(removed(100)) == "Fake Pad 0 disconnected"
    assert first.closed and not second.closed
    assert pads.names == ["Fake Pad 1"]
    assert pads.handle(removed(555)) == "Controller disconnected"   # unknown: still no crash


def test_a_device_sdl_cannot_open_gets_a_message_not_a_crash():
    ensure_display()
    pad = open_sdl_pad(7)     # nothing is plugged in under the dummy driver
    assert isinstance(pad, Pad) and pad.name
    pads = Gamepads()
    assert pads.handle(added(7)).endswith("connected")


def test_unplugging_mid_level_pauses_and_says_so(app):
    pads = Gamepads(FakeOpener(), start_sdl=False)
    assert pads.on_event(app, added(0), 0)
    scene = PlayScene(app, parse_level(LEVEL, "pad.yaml"), PlayOptions())
    app.switch(scene)
    scene.update(1_000_000_000)
    scene.update(1_500_000_000)
    assert scene.started and not scene.paused
    assert pads.on_event(app, removed(100), 1_600_000_000)
    assert scene.paused
    words = app.toasts[-1].text
    assert "Fake Pad 0 disconnected" in words and "paused" in words


def test_menus_follow_the_dpad_and_a_b(app):
    pads = Gamepads(FakeOpener(), start_sdl=False)
    title = TitleScene(app)
    app.switch(title)
    assert title.sel == 0
    assert pads.on_event(app, press(pygame.CONTROLLER_BUTTON_DPAD_DOWN), 0)
    assert title.sel == 1
    pads.on_event(app, press(pygame.CONTROLLER_BUTTON_DPAD_UP), 0)
    assert title.sel == 0
    labels = [label for _k, label, _a in title.items]
    title.sel = labels.index("Play")
    pads.on_event(app, press(pygame.CONTROLLER_BUTTON_A), 0)
    assert isinstance(app.scene, SelectScene)
    pads.on_event(app, press(pygame.CONTROLLER_BUTTON_B), 0)
    assert app.scene is title


def test_in_play_buttons_are_actions_and_start_pauses(app):
    pads = Gamepads(FakeOpener(), start_sdl=False)
    scene = PlayScene(app, parse_level(LEVEL, "pad.yaml"), PlayOptions())
    app.switch(scene)
    scene.update(1_000_000_000)
    assert not pads.on_event(app, press(pygame.CONTROLLER_BUTTON_A), 1_100_000_000)
    assert not pads.on_event(app, press(pygame.CONTROLLER_BUTTON_DPAD_DOWN), 1_100_000_000)
    assert not scene.paused
    assert pads.on_event(app, press(pygame.CONTROLLER_BUTTON_START), 1_200_000_000)
    assert scene.paused
    assert scene.pause_menu == 0
    pads.on_event(app, press(pygame.CONTROLLER_BUTTON_DPAD_DOWN), 1_300_000_000)
    assert scene.pause_menu == 1                   # paused: the d-pad drives the pause menu
    pads.on_event(app, press(pygame.CONTROLLER_BUTTON_START), 1_400_000_000)
    assert not scene.paused


def test_a_scene_that_reads_controllers_gets_raw_buttons(app):
    from game.app.scenes.settings import SettingsScene
    pads = Gamepads(FakeOpener(), start_sdl=False)
    app.switch(SettingsScene(app))
    assert not pads.on_event(app, press(pygame.CONTROLLER_BUTTON_A), 0)
