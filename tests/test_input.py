"""The input layer: keys and a (fake, synthetic-event) controller map to actions; default
pad layouts per stage; rebinding with conflict detection."""

import pygame
import pytest

from game.app import input as inp
from game.app.context import App
from game.app.input import Bindings, default_pad_buttons
from game.app.scenes.play import PlayOptions, PlayScene
from game.app.shot import ensure_display
from game.core.loader import parse_level
from game.core.settings import Settings
from game.gfx.text import TextCache
from game.stages import available_stages, get_stage

SPEED_BAG = get_stage("speed_bag")
MEAT = get_stage("meat_locker")
STEPS = get_stage("museum_steps")


@pytest.fixture(autouse=True)
def _display():
    ensure_display()   # key names need SDL's video subsystem


def button(b, down=True, pad=0):
    kind = pygame.CONTROLLERBUTTONDOWN if down else pygame.CONTROLLERBUTTONUP
    return pygame.event.Event(kind, instance_id=pad, button=b)


def trigger(axis, value, pad=0):
    return pygame.event.Event(pygame.CONTROLLERAXISMOTION, instance_id=pad, axis=axis,
                              value=value)


def key(k, down=True):
    return pygame.event.Event(pygame.KEYDOWN if down else pygame.KEYUP, key=k, mod=0,
                              unicode="", scancode=0)


# -- default controller layouts ---------------------------------------------------------------
def test_meat_locker_left_hand_on_x_a_lb_right_hand_on_y_b_rb():
    pads = default_pad_buttons(MEAT)
    assert pads["jab"] == ("x",) and pads["lead_hook"] == ("a",)
    assert pads["lead_uppercut"] == ("leftshoulder",)
    assert pads["cross"] == ("y",) and pads["rear_hook"] == ("b",)
    assert pads["rear_uppercut"] == ("rightshoulder",)


@pytest.mark.parametrize("rules", [SPEED_BAG, STEPS])
def test_two_action_stages_put_left_on_the_left_side_right_on_the_right(rules):
    pads = default_pad_buttons(rules)
    assert {"leftshoulder", "lefttrigger", "dpleft"} <= set(pads["left"])
    assert {"rightshoulder", "righttrigger", "dpright"} <= set(pads["right"])


@pytest.mark.parametrize("stage", available_stages())
def test_every_action_of_every_stage_has_its_own_controller_button(stage):
    rules = get_stage(stage)
    pads = default_pad_buttons(rules)
    owned = [b for a in rules.actions for b in pads[a]]
    assert all(pads[a] for a in rules.actions)
    assert len(owned) == len(set(owned))
    assert not set(owned) & inp.RESERVED_PAD


def test_a_stage_with_many_unnamed_actions_still_gets_distinct_buttons():
    class Eight:
        name = "eight"
        actions = tuple(f"drum{k}" for k in range(8))
        default_keys: dict = {}
    pads = default_pad_buttons(Eight())
    owned = [b for a in Eight.actions for b in pads[a]]
    assert len(owned) == 8 == len(set(owned))


# -- the live mapping ---------------------------------------------------------------------------
def test_controller_buttons_press_and_release_actions():
    b = Bindings(MEAT)
    assert b.action_for(button(pygame.CONTROLLER_BUTTON_X)) == ("jab", True)
    assert b.action_for(button(pygame.CONTROLLER_BUTTON_X, down=False)) == ("jab", False)
    assert b.action_for(button(pygame.CONTROLLER_BUTTON_RIGHTSHOULDER)) == ("rear_uppercut",
                                                                            True)
    assert b.action_for(button(pygame.CONTROLLER_BUTTON_START)) is None
    assert b.action_for(key(pygame.K_f)) == ("jab", True)


def test_triggers_press_once_past_half_and_release_below_a_quarter():
    b = Bindings(SPEED_BAG)
    lt = pygame.CONTROLLER_AXIS_TRIGGERLEFT
    seen = [b.action_for(trigger(lt, v)) for v in (0, 9000, 20000, 32767, 12000, 3000, 0)]
    assert seen == [None, None, ("left", True), None, None, ("left", False), None]
    stick = trigger(pygame.CONTROLLER_AXIS_LEFTX, 32767)
    assert b.action_for(stick) is None


def test_two_controllers_pull_their_triggers_independently():
    b = Bindings(SPEED_BAG)
    rt = pygame.CONTROLLER_AXIS_TRIGGERRIGHT
    assert b.action_for(trigger(rt, 30000, pad=1)) == ("right", True)
    assert b.action_for(trigger(rt, 30000, pad=2)) == ("right", True)
    assert b.action_for(trigger(rt, 0, pad=1)) == ("right", False)


def test_player_bindings_replace_the_defaults_for_keys_and_buttons():
    b = Bindings(SPEED_BAG, {"speed_bag.left": ["a"]}, {"speed_bag.left": ["y"]})
    assert b.action_for(key(pygame.K_a)) == ("left", True)
    assert b.action_for(key(pygame.K_f)) is None
    assert b.action_for(button(pygame.CONTROLLER_BUTTON_Y)) == ("left", True)
    assert b.action_for(button(pygame.CONTROLLER_BUTTON_X)) is None
    assert b.label("left") == "A" and b.pad_label("left") == "Y"


# -- editing, with conflict detection ------------------------------------------------------------
def test_taking_another_actions_key_swaps_them():
    table: dict = {}
    change = inp.rebind(SPEED_BAG, table, "left", "j", slot=0)
    assert change.ok and change.other == "right" and "swapped" in change.message
    b = Bindings(SPEED_BAG, table)
    assert b.action_for(key(pygame.K_j)) == ("left", True)
    assert b.action_for(key(pygame.K_f)) == ("right", True)
    assert not inp.conflicts(SPEED_BAG, table)


def test_taking_an_actions_only_key_into_an_empty_slot_is_refused():
    table: dict = {}
    change = inp.rebind(MEAT, table, "jab", "j", slot=1)   # jab has no second key to give
    assert not change.ok and "only key" in change.message
    assert table == {}


def test_a_key_from_an_action_with_two_moves_into_an_empty_slot():
    table: dict = {"meat_locker.cross": ["j", "u"]}
    change = inp.rebind(MEAT, table, "jab", "u", slot=1)
    assert change.ok and change.other == "cross"
    assert inp.current(MEAT, table, "jab") == ["f", "u"]
    assert inp.current(MEAT, table, "cross") == ["j"]


def test_reserved_keys_and_buttons_cannot_be_bound():
    table: dict = {}
    assert not inp.rebind(SPEED_BAG, table, "left", "escape").ok
    assert not inp.rebind(SPEED_BAG, table, "left", "f12").ok
    assert not inp.rebind(SPEED_BAG, table, "left", "start", pad=True).ok
    assert table == {}


def test_a_controller_button_taken_from_an_action_with_others_just_moves():
    table: dict = {}
    change = inp.rebind(SPEED_BAG, table, "left", "rightshoulder", pad=True)
    assert change.ok and change.other == "right"
    assert inp.current(SPEED_BAG, table, "left", pad=True) == ["rightshoulder"]
    assert "rightshoulder" not in inp.current(SPEED_BAG, table, "right", pad=True)


def test_binding_back_to_the_default_leaves_no_override_and_reset_restores():
    table: dict = {}
    inp.rebind(SPEED_BAG, table, "left", "g")
    assert table == {"speed_bag.left": ["g", "left"]}
    inp.rebind(SPEED_BAG, table, "left", "f")
    assert table == {}
    inp.rebind(MEAT, table, "jab", "q")
    inp.rebind(MEAT, table, "cross", "p")
    inp.reset(MEAT, table, "jab")
    assert list(table) == ["meat_locker.cross"]
    inp.reset(MEAT, table)
    assert table == {}


def test_hand_edited_clashes_are_found():
    table = {"speed_bag.left": ["f", "J"], "speed_bag.right": ["j"]}
    assert inp.conflicts(SPEED_BAG, table) == {"j": ["left", "right"]}


def test_unbind_keeps_at_least_one_key():
    table: dict = {}
    assert inp.unbind(SPEED_BAG, table, "left", 1).ok
    assert inp.current(SPEED_BAG, table, "left") == ["f"]
    assert not inp.unbind(SPEED_BAG, table, "left", 0).ok


# -- a fake controller playing a level -----------------------------------------------------------
LEVEL = """
id: pad
title: Pad
stage: speed_bag
tempo: 120
lead_in_bars: 0
intervals:
  - work: 1
    pattern: "l.r.l.r."
"""


def test_a_controller_button_is_judged_at_its_stamp():
    app = App(canvas=ensure_display(), text=TextCache(), settings=Settings(), headless=True)
    scene = PlayScene(app, parse_level(LEVEL, "pad.yaml"), PlayOptions())
    app.switch(scene)
    scene.update(1_000_000_000)
    assert scene.started
    cues = scene.session.cues
    ref = scene.clock.reference_ns
    lb, rb = pygame.CONTROLLER_BUTTON_LEFTSHOULDER, pygame.CONTROLLER_BUTTON_RIGHTSHOULDER
    scene.handle(button(lb), ref + round(cues[0].time * 1e9))
    scene.handle(button(lb, down=False), ref + round((cues[0].time + 0.05) * 1e9))
    scene.handle(button(rb), ref + round((cues[1].time + 0.03) * 1e9))
    counts = scene.session.score.counts
    assert counts["perfect"] == 1
    assert counts["perfect"] + counts["great"] + counts["good"] == 2
    assert scene.session.score.combo == 2


def test_cue_track_names_controller_buttons_when_a_pad_is_in_use():
    from game.app.rig import Rig
    from game.app.shot import ensure_display
    from game.core.loader import load_level
    from game.gfx.text import TextCache
    ensure_display()
    seen: list[str] = []

    class Spy(TextCache):
        def render(self, text, size, colour=(240, 240, 240), bold=False):
            seen.append(text)
            return super().render(text, size, colour, bold)

    level = load_level("levels/2_gym/28_speed_bag_2_hard.yaml")
    rig = Rig(level, Spy(), pad_labels=True)
    assert rig.bindings.pad_label("left") in seen and "F" not in seen
    seen.clear()
    Rig(level, Spy())
    assert "F" in seen and "J" in seen
