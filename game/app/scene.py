"""Scene: one screen of the game. The loop calls handle() for every input as it is polled,
update() in fixed steps, and draw() once per displayed frame.

draw() may be a generator: every `yield` lets the loop poll input between drawing phases,
so a long draw never delays the stamping of a key press.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pygame

if TYPE_CHECKING:
    from game.app.context import App


class Scene:
    """Base scene: does nothing; subclasses override what they need."""

    #: scenes that show gameplay ask the loop to poll at 1 kHz; menus can idle
    wants_fast_polling = False

    def __init__(self, app: App) -> None:
        self.app = app

    def enter(self) -> None:
        """Called when the scene becomes the top of the stack."""

    def leave(self) -> None:
        """Called when the scene is replaced or popped."""

    def handle(self, event: pygame.event.Event, stamp_ns: int) -> None:
        """An input event, stamped with perf_counter_ns() at the poll that saw it."""

    def update(self, now_ns: int) -> None:
        """Advance rules to now (fixed step, called by the loop)."""

    def animating(self, now_ns: int) -> bool:
        """A menu that moves on its own says so: the loop then redraws it at the frame rate
        (otherwise only after input, or every few hundred ms)."""
        return False

    def ambient_fps(self) -> float:
        """A menu whose backdrop keeps moving between keys (dawn over the city) asks to be
        redrawn this often; 0 (the default, and with reduced motion) means only after input
        or while `animating`. Far below the play frame rate, so an idle menu stays cheap."""
        return 0.0

    def draw(self, canvas: pygame.Surface) -> Iterator[None] | None:
        """Draw onto the 1280x720 canvas; yield between phases if the draw is long."""
        return None
