"""Keys and game-controller buttons -> action names. Only this layer knows about devices.

Bindings live in two tables of the same shape, "stage.action" -> names: key names
(pygame's, e.g. "f", "left") and controller names (SDL's game-controller names, e.g. "x",
"leftshoulder", "lefttrigger"). An action absent from a table uses the stage's defaults;
controller defaults are derived from the stage's actions, so a new stage gets a sensible
pad layout without declaring one.
"""

from __future__ import annotations

from collections.abc import Mapping, MutableMapping
from dataclasses import dataclass

import pygame

from game.core.stage import StageInfo

PAD_BUTTONS: dict[str, int] = {
    "a": pygame.CONTROLLER_BUTTON_A, "b": pygame.CONTROLLER_BUTTON_B,
    "x": pygame.CONTROLLER_BUTTON_X, "y": pygame.CONTROLLER_BUTTON_Y,
    "leftshoulder": pygame.CONTROLLER_BUTTON_LEFTSHOULDER,
    "rightshoulder": pygame.CONTROLLER_BUTTON_RIGHTSHOULDER,
    "dpup": pygame.CONTROLLER_BUTTON_DPAD_UP, "dpdown": pygame.CONTROLLER_BUTTON_DPAD_DOWN,
    "dpleft": pygame.CONTROLLER_BUTTON_DPAD_LEFT,
    "dpright": pygame.CONTROLLER_BUTTON_DPAD_RIGHT,
    "leftstick": pygame.CONTROLLER_BUTTON_LEFTSTICK,
    "rightstick": pygame.CONTROLLER_BUTTON_RIGHTSTICK,
    "back": pygame.CONTROLLER_BUTTON_BACK, "start": pygame.CONTROLLER_BUTTON_START,
    "guide": pygame.CONTROLLER_BUTTON_GUIDE,
}
PAD_TRIGGERS: dict[str, int] = {"lefttrigger": pygame.CONTROLLER_AXIS_TRIGGERLEFT,
                                "righttrigger": pygame.CONTROLLER_AXIS_TRIGGERRIGHT}
PAD_LABELS: dict[str, str] = {
    "a": "A", "b": "B", "x": "X", "y": "Y", "leftshoulder": "LB", "rightshoulder": "RB",
    "lefttrigger": "LT", "righttrigger": "RT", "dpup": "D-UP", "dpdown": "D-DOWN",
    "dpleft": "D-LEFT", "dpright": "D-RIGHT", "leftstick": "L3", "rightstick": "R3",
    "back": "BACK", "start": "START", "guide": "GUIDE",
}
_BUTTON_NAMES = {code: name for name, code in PAD_BUTTONS.items()}
_TRIGGER_NAMES = {code: name for name, code in PAD_TRIGGERS.items()}

#: a trigger counts as pressed past PRESS and let go below RELEASE (hysteresis: no chatter)
TRIGGER_PRESS = 16000
TRIGGER_RELEASE = 8000

#: pause, full screen and screenshots work everywhere, so they are never an action
RESERVED_KEYS = frozenset({"escape", "f11", "f12"})
RESERVED_PAD = frozenset({"start", "back", "guide"})

#: controller buttons per hand, in the order actions on that side receive them
_SIDE_BUTTONS = {"left": ("x", "a", "leftshoulder", "lefttrigger", "dpleft", "dpdown"),
                 "right": ("y", "b", "rightshoulder", "righttrigger", "dpright", "dpup")}
#: with one action per hand, that action gets every button on its side of the pad
_ONE_PER_SIDE = {"left": ("leftshoulder", "lefttrigger", "x", "dpleft"),
                 "right": ("rightshoulder", "righttrigger", "b", "dpright")}


def key_code(name: str) -> int | None:
    try:
        return pygame.key.key_code(name)
    except (ValueError, pygame.error):
        return None


def key_name(code: int) -> str:
    """pygame's name for a key code ('' when it has none)."""
    return pygame.key.name(code)


def _norm_key(name: str) -> str:
    code = key_code(name)
    return key_name(code) if code is not None else name.lower()


def _norm_pad(name: str) -> str:
    return name.lower()


def pad_label(name: str) -> str:
    return PAD_LABELS.get(name, name.upper())


def key_label(name: str) -> str:
    return name.upper()


# -- default controller layout -------------------------------------------------------------
def side_of(action: str, index: int) -> str:
    """Which hand an action belongs to: from its name when it says so, else alternating
    (the boxing numbers alternate lead and rear hand, 1 jab, 2 cross, ...)."""
    words = set(action.lower().split("_"))
    if words & {"left", "lead", "jab"}:
        return "left"
    if words & {"right", "rear", "cross"}:
        return "right"
    return "left" if index % 2 == 0 else "right"


def default_pad_buttons(rules: StageInfo) -> dict[str, tuple[str, ...]]:
    """Left-hand actions on the left of the pad, right-hand ones on the right."""
    sides: dict[str, list[str]] = {"left": [], "right": []}
    for k, action in enumerate(rules.actions):
        sides[side_of(action, k)].append(action)
    out: dict[str, tuple[str, ...]] = {}
    spare: list[str] = []
    for side, actions in sides.items():
        if len(actions) == 1:
            out[actions[0]] = _ONE_PER_SIDE[side]
            continue
        buttons = _SIDE_BUTTONS[side]
        for k, action in enumerate(actions):
            if k < len(buttons):
                out[action] = (buttons[k],)
            else:
                spare.append(action)
    free = [b for b in ("leftstick", "rightstick") if all(b not in v for v in out.values())]
    for action, button in zip(spare, free, strict=False):
        out[action] = (button,)
    return out


# -- the live mapping -----------------------------------------------------------------------
class Bindings:
    """A stage's input map: the player's own bindings where set, the stage's defaults
    elsewhere; keys and controller buttons alike."""

    def __init__(self, rules: StageInfo, overrides: Mapping[str, list[str]] | None = None,
                 pad_overrides: Mapping[str, list[str]] | None = None) -> None:
        self.by_key: dict[int, str] = {}
        self.by_button: dict[int, str] = {}
        self.by_trigger: dict[int, str] = {}
        self.keys_for: dict[str, list[str]] = {}
        self.pad_for: dict[str, list[str]] = {}
        self._triggers_down: set[tuple[int, int]] = set()
        for action in rules.actions:
            names = current(rules, overrides or {}, action)
            self.keys_for[action] = names
            for name in names:
                code = key_code(name)
                if code is not None:
                    self.by_key.setdefault(code, action)
            pads = current(rules, pad_overrides or {}, action, pad=True)
            self.pad_for[action] = pads
            for name in pads:
                if name in PAD_BUTTONS:
                    self.by_button.setdefault(PAD_BUTTONS[name], action)
                elif name in PAD_TRIGGERS:
                    self.by_trigger.setdefault(PAD_TRIGGERS[name], action)

    def action_for(self, event: pygame.event.Event) -> tuple[str, bool] | None:
        """(action, pressed) for a key, button or trigger event bound to an action."""
        t = event.type
        if t in (pygame.KEYDOWN, pygame.KEYUP):
            action = self.by_key.get(event.key)
            return None if action is None else (action, t == pygame.KEYDOWN)
        if t in (pygame.CONTROLLERBUTTONDOWN, pygame.CONTROLLERBUTTONUP):
            action = self.by_button.get(event.button)
            return None if action is None else (action, t == pygame.CONTROLLERBUTTONDOWN)
        if t == pygame.CONTROLLERAXISMOTION:
            return self._trigger(event)
        return None

    def _trigger(self, event: pygame.event.Event) -> tuple[str, bool] | None:
        action = self.by_trigger.get(event.axis)
        if action is None:
            return None
        key = (getattr(event, "instance_id", 0), event.axis)
        if key not in self._triggers_down and event.value >= TRIGGER_PRESS:
            self._triggers_down.add(key)
            return action, True
        if key in self._triggers_down and event.value < TRIGGER_RELEASE:
            self._triggers_down.discard(key)
            return action, False
        return None

    def label(self, action: str) -> str:
        """Short key label for the HUD, e.g. 'F' or 'LEFT'."""
        names = self.keys_for.get(action) or ["?"]
        return key_label(names[0])

    def pad_label(self, action: str) -> str:
        """Short controller label, e.g. 'LB'."""
        names = self.pad_for.get(action) or ["?"]
        return pad_label(names[0])


def pad_control(event: pygame.event.Event) -> str | None:
    """The controller name a button press (or a trigger pulled past half) stands for; used
    to capture a new binding."""
    if event.type == pygame.CONTROLLERBUTTONDOWN:
        return _BUTTON_NAMES.get(event.button)
    if event.type == pygame.CONTROLLERAXISMOTION and event.value >= TRIGGER_PRESS:
        return _TRIGGER_NAMES.get(event.axis)
    return None


# -- editing a binding table, with conflict detection ----------------------------------------
def table_key(rules: StageInfo, action: str) -> str:
    return f"{rules.name}.{action}"


def defaults(rules: StageInfo, action: str, pad: bool = False) -> list[str]:
    if pad:
        own = rules.pad_keys.get(action)   # the stage's own controller defaults first
        return list(own) if own else list(default_pad_buttons(rules).get(action, ()))
    return list(rules.default_keys.get(action, ()))


def current(rules: StageInfo, table: Mapping[str, list[str]], action: str,
            pad: bool = False) -> list[str]:
    """The names bound to an action: the player's, or the stage's defaults."""
    norm = _norm_pad if pad else _norm_key
    names = table.get(table_key(rules, action)) or defaults(rules, action, pad)
    return list(dict.fromkeys(norm(n) for n in names))


def conflicts(rules: StageInfo, table: Mapping[str, list[str]],
              pad: bool = False) -> dict[str, list[str]]:
    """Names bound to more than one action of the stage (only a hand-edited file can do
    this; the first action listed wins in play)."""
    owners: dict[str, list[str]] = {}
    for action in rules.actions:
        for name in current(rules, table, action, pad):
            owners.setdefault(name, []).append(action)
    return {n: a for n, a in owners.items() if len(a) > 1}


@dataclass(frozen=True)
class Change:
    """What an edit did, in words for the player."""

    ok: bool
    message: str
    other: str | None = None   # another action that gave up or swapped its binding


def _label(rules: StageInfo, action: str) -> str:
    return rules.action_labels.get(action, action.replace("_", " "))


def _store(rules: StageInfo, table: MutableMapping[str, list[str]], action: str,
           names: list[str], pad: bool) -> None:
    key = table_key(rules, action)
    if names == defaults(rules, action, pad):
        table.pop(key, None)
    else:
        table[key] = names


def rebind(rules: StageInfo, table: MutableMapping[str, list[str]], action: str, name: str,
           slot: int = 0, pad: bool = False) -> Change:
    """Bind `name` to `action` in `slot` (keys: slot 0 or 1; a controller binding replaces
    the action's buttons). If another action has that name it swaps for this action's old
    one (a controller action with other buttons just gives it up); if the other action
    would be left with nothing, the change is refused."""
    name = (_norm_pad if pad else _norm_key)(name)
    show = pad_label if pad else key_label
    what = "button" if pad else "key"
    if name in (RESERVED_PAD if pad else RESERVED_KEYS):
        return Change(False, f"{show(name)} is reserved (pause / system); pick another {what}")
    lists = {a: current(rules, table, a, pad) for a in rules.actions}
    mine = lists[action]
    old = mine[0] if pad else (mine[slot] if slot < len(mine) else None)
    owner = next((a for a in rules.actions if a != action and name in lists[a]), None)
    message = f"{_label(rules, action)}: {show(name)}"
    other = None
    if owner is not None:
        theirs = lists[owner]
        can_swap = old is not None and old not in theirs
        if can_swap and not (pad and len(theirs) > 1):
            assert old is not None
            theirs[theirs.index(name)] = old
            message = (f"{show(name)} was {_label(rules, owner)}'s {what}: swapped, "
                       f"{_label(rules, owner)} is now {show(old)}")
            other = owner
        elif len(theirs) > 1:
            theirs.remove(name)
            message = f"{show(name)} moved here from {_label(rules, owner)}"
            other = owner
        else:
            return Change(False, f"{show(name)} is {_label(rules, owner)}'s only {what}: "
                                 f"give {_label(rules, owner)} another {what} first")
        _store(rules, table, owner, theirs, pad)
    if pad:
        mine = [name]
    elif name in mine:
        mine.remove(name)
        mine.insert(min(slot, len(mine)), name)
    elif slot < len(mine):
        mine[slot] = name
    else:
        mine.append(name)
    _store(rules, table, action, mine, pad)
    return Change(True, message, other)


def unbind(rules: StageInfo, table: MutableMapping[str, list[str]], action: str, slot: int,
           pad: bool = False) -> Change:
    """Remove one key (or, for a controller, every button) from an action; never its last."""
    mine = current(rules, table, action, pad)
    if pad or slot >= len(mine) or len(mine) < 2:
        return Change(False, f"{_label(rules, action)} needs at least one "
                             f"{'button' if pad else 'key'}")
    del mine[slot]
    _store(rules, table, action, mine, pad)
    return Change(True, f"{_label(rules, action)}: second key cleared")


def reset(rules: StageInfo, table: MutableMapping[str, list[str]],
          action: str | None = None) -> None:
    """Back to the stage's defaults: one action, or every action of the stage."""
    for a in (rules.actions if action is None else (action,)):
        table.pop(table_key(rules, a), None)
