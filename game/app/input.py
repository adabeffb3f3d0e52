"""Keys (and later gamepads) -> action names. Only this layer knows about devices."""

from __future__ import annotations

from collections.abc import Mapping

import pygame

from game.core.stage import StageRules


def key_code(name: str) -> int | None:
    try:
        return pygame.key.key_code(name)
    except (ValueError, pygame.error):
        return None


class Bindings:
    """A stage's key map: the player's own bindings where set, the stage's defaults elsewhere."""

    def __init__(self, rules: StageRules, overrides: Mapping[str, list[str]] | None = None):
        self.by_key: dict[int, str] = {}
        self.keys_for: dict[str, list[str]] = {}
        for action in rules.actions:
            names = list((overrides or {}).get(f"{rules.name}.{action}") or
                         rules.default_keys.get(action, ()))
            self.keys_for[action] = names
            for name in names:
                code = key_code(name)
                if code is not None:
                    self.by_key.setdefault(code, action)

    def action_for(self, event: pygame.event.Event) -> tuple[str, bool] | None:
        """(action, pressed) for a key event bound to an action, else None."""
        if event.type not in (pygame.KEYDOWN, pygame.KEYUP):
            return None
        action = self.by_key.get(event.key)
        if action is None:
            return None
        return action, event.type == pygame.KEYDOWN

    def label(self, action: str) -> str:
        """Short key label for the HUD, e.g. 'F' or 'LEFT'."""
        names = self.keys_for.get(action) or ["?"]
        return names[0].upper()
