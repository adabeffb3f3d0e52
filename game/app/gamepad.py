"""Game controllers through SDL's game-controller API: opened when plugged in, closed when
pulled out, and a word to the player either way (never a crash). Pulling one out mid-level
pauses the game.

Menus were written for the keyboard, so for them the d-pad and A / B / Start arrive as the
arrow keys, Enter and Esc. Gameplay gets the raw button events (Bindings maps them), except
Start, which pauses like Esc. A scene that reads controllers itself (the settings screen,
which captures buttons to rebind them) sets `reads_controller = True` and gets them raw.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pygame

NAV_KEYS: dict[int, int] = {
    pygame.CONTROLLER_BUTTON_DPAD_UP: pygame.K_UP,
    pygame.CONTROLLER_BUTTON_DPAD_DOWN: pygame.K_DOWN,
    pygame.CONTROLLER_BUTTON_DPAD_LEFT: pygame.K_LEFT,
    pygame.CONTROLLER_BUTTON_DPAD_RIGHT: pygame.K_RIGHT,
    pygame.CONTROLLER_BUTTON_A: pygame.K_RETURN,
    pygame.CONTROLLER_BUTTON_START: pygame.K_RETURN,
    pygame.CONTROLLER_BUTTON_B: pygame.K_ESCAPE,
    pygame.CONTROLLER_BUTTON_BACK: pygame.K_ESCAPE,
    pygame.CONTROLLER_BUTTON_X: pygame.K_p,          # stage select: practice
}
PAUSE_BUTTONS = frozenset({pygame.CONTROLLER_BUTTON_START})


@dataclass
class Pad:
    instance_id: int
    name: str
    device: Any = None   # the open SDL controller; None when SDL could not open it

    def close(self) -> None:
        if self.device is not None:
            try:
                self.device.quit()
            except pygame.error:
                pass
            self.device = None


def nav_key(event: pygame.event.Event) -> int | None:
    """The menu key a controller button press stands for (d-pad, A, B, Start, Back)."""
    if event.type != pygame.CONTROLLERBUTTONDOWN:
        return None
    return NAV_KEYS.get(event.button)


def key_event(key: int) -> pygame.event.Event:
    """A key press as menus expect it, standing in for a controller button."""
    return pygame.event.Event(pygame.KEYDOWN, key=key, mod=0, unicode="", scancode=0,
                              from_controller=True)


def open_sdl_pad(device_index: int) -> Pad:
    """Open a controller SDL has announced; a device SDL cannot open still gets a Pad (and
    a message), just one that sends nothing."""
    try:
        from pygame._sdl2 import controller
        if not controller.get_init():
            controller.init()
        device = controller.Controller(device_index)
        return Pad(device.as_joystick().get_instance_id(), device.name or "Controller", device)
    except (ImportError, pygame.error, AttributeError):
        return Pad(device_index, "Controller")


def init_controllers() -> bool:
    """Start SDL's game-controller subsystem (needed for its events); False if missing."""
    try:
        from pygame._sdl2 import controller
        if not controller.get_init():
            controller.init()
        return True
    except (ImportError, pygame.error):
        return False


class Gamepads:
    """The controllers plugged in right now, keyed by SDL instance id."""

    def __init__(self, opener: Callable[[int], Pad] = open_sdl_pad,
                 start_sdl: bool = True) -> None:
        self.opener = opener
        self.pads: dict[int, Pad] = {}
        self.available = init_controllers() if start_sdl else False

    @property
    def names(self) -> list[str]:
        return [p.name for p in self.pads.values()]

    def handle(self, event: pygame.event.Event) -> str | None:
        """Track hot-plugging; a sentence for the player when something changed."""
        if event.type == pygame.CONTROLLERDEVICEADDED:
            pad = self.opener(event.device_index)
            if pad.instance_id in self.pads:  # SDL re-announces pads at start-up
                pad.close()                   # (drop the second handle, keep the first)
                return None
            self.pads[pad.instance_id] = pad
            return f"{pad.name} connected"
        if event.type == pygame.CONTROLLERDEVICEREMOVED:
            pad = self.pads.pop(event.instance_id, None)
            name = pad.name if pad is not None else "Controller"
            if pad is not None:
                pad.close()
            return f"{name} disconnected"
        return None

    def on_event(self, app: Any, event: pygame.event.Event, stamp_ns: int) -> bool:
        """The loop's hook: hot-plug messages, pause on unplug, menu navigation. True when
        the event was used up here."""
        if event.type in (pygame.CONTROLLERDEVICEADDED, pygame.CONTROLLERDEVICEREMOVED):
            message = self.handle(event)
            scene = app.scene
            if event.type == pygame.CONTROLLERDEVICEREMOVED and scene is not None \
                    and hasattr(scene, "pause"):
                was_paused = getattr(scene, "paused", True)
                scene.pause(stamp_ns)
                if not was_paused and getattr(scene, "paused", False):
                    message = f"{message}: paused. Plug it back in, or play on the keyboard."
            if message:
                app.toast(message, stamp_ns, 6.0)
            return True
        if event.type != pygame.CONTROLLERBUTTONDOWN:
            return False
        scene = app.scene
        if scene is None or getattr(scene, "reads_controller", False):
            return False
        gameplay = scene.wants_fast_polling or getattr(scene, "paused", False)
        if gameplay and event.button in PAUSE_BUTTONS:  # a paused play waits like a menu
            scene.handle(key_event(pygame.K_ESCAPE), stamp_ns)
            return True
        if scene.wants_fast_polling and not getattr(scene, "paused", False):
            return False  # gameplay: the button is an action
        key = nav_key(event)
        if key is None:
            return False
        scene.handle(key_event(key), stamp_ns)
        return True

    def close(self) -> None:
        for pad in self.pads.values():
            pad.close()
        self.pads.clear()
