"""The settings screen driven by synthetic key and controller events: rebinding with
conflicts, volumes that persist, video and timing changes, and a settings file that cannot
break the game."""

import json

import pygame
import pytest
from hypothesis import given
from hypothesis import strategies as st

from game.app.input import Bindings
from game.app.run import make_app
from game.app.scene import Scene
from game.app.scenes import settings as settings_module
from game.app.scenes.settings import SECTIONS, SettingsScene
from game.core.settings import FRAME_CAP_RANGE, OFFSET_LIMIT_MS, Settings
from game.stages import available_stages, get_stage

K = pygame


def key(k, mod=0):
    return pygame.event.Event(pygame.KEYDOWN, key=k, mod=mod, unicode="", scancode=0)


def pad(b):
    return pygame.event.Event(pygame.CONTROLLERBUTTONDOWN, instance_id=0, button=b)


class FakeAudio:
    def __init__(self) -> None:
        self.volumes: list[tuple[float, float, float]] = []

    def set_volumes(self, master: float, music: float, effects: float) -> None:
        self.volumes.append((master, music, effects))


class FakeWindow:
    def __init__(self) -> None:
        self.fullscreen = False
        self.vsync = False
        self.size = (1280, 720)
        self.canvas = pygame.Surface((1280, 720))
        self.reopened = 0

    def toggle_fullscreen(self) -> None:
        self.fullscreen = not self.fullscreen

    def resized(self, size) -> None:
        self.reopened += 1

    def letterbox(self) -> pygame.Rect:
        return pygame.Rect(0, 0, *self.size)


class FakeLoop:
    frame_ns = 0


@pytest.fixture
def app():
    app, _window = make_app()
    return app


def open_scene(app, section: str) -> SettingsScene:
    scene = SettingsScene(app)
    app.switch(scene)
    for _ in range(SECTIONS.index(section)):
        scene.handle(key(K.K_DOWN), 0)
    scene.handle(key(K.K_RETURN), 0)
    assert scene.focus == "items" and scene.section_name == section
    return scene


def on_stage(scene, name: str, right=lambda scene: press_keys(scene, K.K_RIGHT)) -> None:
    """Step the Controls page's stage selector to `name` (it opens on the film's first)."""
    for _ in available_stages():
        if scene.rules.name == name:
            break
        right(scene)
    assert scene.rules.name == name


def saved(app) -> Settings:
    return Settings.load(app.settings_path)


def press_keys(scene, *keys):
    for k in keys:
        scene.handle(key(k), 0)


# -- controls -----------------------------------------------------------------------------------
def test_rebinding_a_key_saves_it_and_the_game_uses_it(app):
    scene = open_scene(app, "Controls")
    on_stage(scene, "speed_bag")
    press_keys(scene, K.K_DOWN, K.K_RETURN)          # Left fist, key 1
    assert scene.capture == ("left", 0)
    press_keys(scene, K.K_g)
    assert scene.capture is None
    assert saved(app).bindings == {"speed_bag.left": ["g", "left"]}
    b = Bindings(get_stage("speed_bag"), saved(app).bindings)
    assert b.action_for(key(K.K_g)) == ("left", True)
    assert b.action_for(key(K.K_f)) is None


def test_taking_another_actions_key_swaps_and_says_so(app):
    scene = open_scene(app, "Controls")
    on_stage(scene, "speed_bag")
    press_keys(scene, K.K_DOWN, K.K_RETURN, K.K_j)   # Left fist takes J from Right fist
    s = saved(app)
    assert s.bindings["speed_bag.left"] == ["j", "left"]
    assert s.bindings["speed_bag.right"] == ["f", "right"]
    (text, kind), = scene.notes()
    assert kind == "warn" and "swapped" in text and "Right fist" in text


def test_a_conflict_that_would_leave_an_action_keyless_is_refused(app):
    scene = open_scene(app, "Controls")
    for _ in available_stages():                     # stage: Meat Locker
        if scene.rules.name == "meat_locker":
            break
        press_keys(scene, K.K_RIGHT)
    assert scene.rules.name == "meat_locker"
    press_keys(scene, K.K_DOWN, K.K_RIGHT, K.K_RETURN, K.K_j)   # jab's key 2 := cross's J
    (text, kind), = scene.notes()
    assert kind == "bad" and "only key" in text
    assert saved(app).bindings == {}


def test_escape_cancels_a_rebind(app):
    scene = open_scene(app, "Controls")
    press_keys(scene, K.K_DOWN, K.K_RETURN, K.K_ESCAPE)
    assert scene.capture is None and scene.focus == "items"
    assert app.settings.bindings == {}


def test_backspace_resets_an_action_and_r_resets_the_stage(app):
    scene = open_scene(app, "Controls")
    on_stage(scene, "speed_bag")
    press_keys(scene, K.K_DOWN, K.K_RETURN, K.K_q, K.K_DOWN, K.K_RETURN, K.K_p)
    assert set(saved(app).bindings) == {"speed_bag.left", "speed_bag.right"}
    press_keys(scene, K.K_BACKSPACE)                 # Right fist back to J
    assert set(saved(app).bindings) == {"speed_bag.left"}
    press_keys(scene, K.K_r)
    assert saved(app).bindings == {}


def test_rebinding_with_a_controller_only(app):
    scene = SettingsScene(app)
    app.switch(scene)
    scene.handle(pad(K.CONTROLLER_BUTTON_A), 0)
    on_stage(scene, "speed_bag", lambda sc: sc.handle(pad(K.CONTROLLER_BUTTON_DPAD_RIGHT), 0))
    for b in (K.CONTROLLER_BUTTON_DPAD_DOWN, K.CONTROLLER_BUTTON_DPAD_RIGHT,
              K.CONTROLLER_BUTTON_DPAD_RIGHT, K.CONTROLLER_BUTTON_A):
        scene.handle(pad(b), 0)
    assert scene.capture == ("left", 2)
    scene.handle(pad(K.CONTROLLER_BUTTON_Y), 0)     # Y now throws the left fist
    s = saved(app)
    assert s.pad_bindings == {"speed_bag.left": ["y"]}
    b = Bindings(get_stage("speed_bag"), s.bindings, s.pad_bindings)
    assert b.action_for(pad(K.CONTROLLER_BUTTON_Y)) == ("left", True)
    assert b.action_for(pad(K.CONTROLLER_BUTTON_LEFTSHOULDER)) is None


def test_a_pulled_trigger_can_be_bound(app):
    scene = open_scene(app, "Controls")
    on_stage(scene, "speed_bag")
    press_keys(scene, K.K_DOWN, K.K_DOWN, K.K_RETURN)
    scene.handle(pygame.event.Event(pygame.CONTROLLERAXISMOTION, instance_id=0,
                                    axis=K.CONTROLLER_AXIS_TRIGGERLEFT, value=30000), 0)
    pads = saved(app).pad_bindings
    assert pads["speed_bag.right"] == ["lefttrigger"]
    assert pads["speed_bag.left"] == ["leftshoulder", "x", "dpleft"]   # gave up its LT
    assert scene.notes()[0][1] == "warn"


def test_start_cancels_a_controller_rebind(app):
    scene = open_scene(app, "Controls")
    press_keys(scene, K.K_DOWN, K.K_RETURN)
    scene.handle(pad(K.CONTROLLER_BUTTON_START), 0)
    assert scene.capture is None and app.settings.pad_bindings == {}


def test_clashes_in_a_hand_edited_file_are_flagged(app):
    app.settings.bindings = {"speed_bag.left": ["f", "j"]}
    scene = open_scene(app, "Controls")
    on_stage(scene, "speed_bag")
    assert any("J is bound to Left fist and Right fist" in t for t, k in scene.notes())


# -- audio ---------------------------------------------------------------------------------------
def test_volumes_apply_at_once_and_persist(app):
    app.audio = FakeAudio()
    scene = open_scene(app, "Audio")
    press_keys(scene, K.K_LEFT, K.K_LEFT)            # master 90 -> 80 %
    press_keys(scene, K.K_DOWN)
    scene.handle(key(K.K_RIGHT, K.KMOD_SHIFT), 0)    # music 80 -> 81 % (fine step)
    assert app.audio.volumes[-1] == (0.8, 0.81, 0.9)
    s = saved(app)
    assert (s.master_volume, s.music_volume, s.effects_volume) == (0.8, 0.81, 0.9)
    reopened, _w = make_app()
    assert reopened.settings.master_volume == 0.8


def test_volume_stops_at_zero_and_backspace_restores_the_default(app):
    scene = open_scene(app, "Audio")
    press_keys(scene, *[K.K_LEFT] * 30)
    assert app.settings.master_volume == 0.0
    press_keys(scene, K.K_BACKSPACE)
    assert saved(app).master_volume == Settings().master_volume


# -- video and timing ----------------------------------------------------------------------------
def test_display_and_frame_pacing_apply_to_the_window_and_loop(app):
    app.window, app.loop = FakeWindow(), FakeLoop()
    scene = open_scene(app, "Video")
    press_keys(scene, K.K_RETURN)
    assert app.window.fullscreen and saved(app).fullscreen
    press_keys(scene, K.K_DOWN, K.K_LEFT)            # 120 fps cap -> 60
    assert saved(app).frame_cap == 60 and app.loop.frame_ns == 1_000_000_000 // 60
    press_keys(scene, K.K_LEFT, K.K_LEFT)            # 30 fps, then VSync
    assert saved(app).vsync and app.window.vsync and app.window.reopened == 1


def test_offsets_step_clamp_and_reset(app):
    scene = open_scene(app, "Timing")
    press_keys(scene, K.K_RIGHT, K.K_RIGHT)
    scene.handle(key(K.K_LEFT, K.KMOD_SHIFT), 0)
    assert saved(app).audio_offset_ms == 9.0
    press_keys(scene, *[K.K_RIGHT] * 120)
    assert app.settings.audio_offset_ms == OFFSET_LIMIT_MS
    press_keys(scene, K.K_BACKSPACE, K.K_DOWN, K.K_LEFT)
    s = saved(app)
    assert s.audio_offset_ms == 0.0 and s.visual_offset_ms == -5.0


def test_calibrate_opens_calibration_when_installed(app, monkeypatch):
    class Calibration(Scene):
        pass
    monkeypatch.setattr(settings_module, "calibration_scene", lambda: Calibration)
    scene = open_scene(app, "Timing")
    press_keys(scene, K.K_DOWN, K.K_DOWN, K.K_RETURN)
    assert isinstance(app.scene, Calibration)


def test_calibrate_is_disabled_without_a_calibration_screen(app, monkeypatch):
    monkeypatch.setattr(settings_module, "calibration_scene", lambda: None)
    scene = open_scene(app, "Timing")
    press_keys(scene, K.K_DOWN, K.K_DOWN, K.K_RETURN)
    assert app.scene is scene


# -- accessibility and navigation ----------------------------------------------------------------
def test_accessibility_toggles_persist(app):
    scene = open_scene(app, "Accessibility")
    press_keys(scene, K.K_RETURN, K.K_DOWN, K.K_RIGHT)
    s = saved(app)
    assert s.reduced_motion and s.timing_assist


def test_shoulder_buttons_switch_sections_and_b_leaves(app):
    under = Scene(app)
    app.switch(under)
    scene = SettingsScene(app)
    app.push(scene)
    scene.handle(pad(K.CONTROLLER_BUTTON_RIGHTSHOULDER), 0)
    assert scene.section_name == "Audio"
    scene.handle(pad(K.CONTROLLER_BUTTON_LEFTSHOULDER), 0)
    scene.handle(pad(K.CONTROLLER_BUTTON_LEFTSHOULDER), 0)
    assert scene.section_name == "Accessibility"
    scene.handle(pad(K.CONTROLLER_BUTTON_B), 0)
    assert app.scene is under


def test_every_section_draws(app):
    scene = SettingsScene(app)
    app.switch(scene)
    for k in range(len(SECTIONS)):
        scene.section, scene.focus, scene.row = k, "items", 0
        scene.draw(app.canvas)
    scene.section, scene.row = 0, 1
    scene.handle(key(K.K_RETURN), 0)
    assert scene.capture is not None
    scene.draw(app.canvas)


# -- the file ------------------------------------------------------------------------------------
def test_out_of_range_and_wrong_values_in_the_file_are_clamped(tmp_path):
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({
        "master_volume": 9, "music_volume": -1, "effects_volume": "loud",
        "frame_cap": 100000, "audio_offset_ms": -4000, "tier": "nightmare",
        "bindings": {"speed_bag.left": ["g", 3, ""], "junk": ["x"], "speed_bag.right": "j"},
        "fullscreen": 1, "extra": True}))
    s = Settings.load(path)
    assert (s.master_volume, s.music_volume, s.effects_volume) == (1.0, 0.0, 0.9)
    assert s.frame_cap == FRAME_CAP_RANGE[1] and s.audio_offset_ms == -OFFSET_LIMIT_MS
    assert s.tier == "normal" and s.fullscreen is False
    assert s.bindings == {"speed_bag.left": ["g"]}


json_values = st.recursive(st.none() | st.booleans() | st.integers() | st.floats() |
                           st.text(max_size=8),
                           lambda inner: st.lists(inner, max_size=3) |
                           st.dictionaries(st.text(max_size=12), inner, max_size=3),
                           max_leaves=10)


@given(st.dictionaries(st.sampled_from([f.name for f in
                                        Settings.__dataclass_fields__.values()]),
                       json_values))
def test_any_settings_data_loads_into_usable_settings(raw):
    s = Settings.from_dict(raw)
    assert 0.0 <= s.master_volume <= 1.0 and 0.0 <= s.music_volume <= 1.0
    assert FRAME_CAP_RANGE[0] <= s.frame_cap <= FRAME_CAP_RANGE[1]
    assert abs(s.visual_offset_ms) <= OFFSET_LIMIT_MS
    assert all(isinstance(v, list) and v and all(isinstance(n, str) for n in v)
               for v in s.bindings.values())
    assert Settings.from_dict(json.loads(json.dumps(s.to_dict()))) == s
