"""StageView: the picture of a stage. It reacts to GameEvents and never decides an outcome."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import pygame

from game.core.events import GameEvent
from game.core.level import Cue, Level
from game.core.stage import StageInfo
from game.gfx.text import TextCache

W, H = 1280, 720


class StageView:
    """Pre-renders static layers in __init__; draw() yields between phases so the loop can
    poll input while a frame is drawn. The shared HUD (score, combo, cue track, hit-error
    bar, judgement word, rest countdown, bell flash) is drawn on top by the play scene.

    A view sees the level, the play's cues (built once by the session, never rebuilt), the
    events as they happen, and the rules' read-only snapshot at draw time: nothing else.
    """

    #: where the HUD's cue track should sit (top y), so it does not cover the scene's focus
    cue_track_y = 620
    #: where the HUD puts the rest countdown and breathing cue, clear of the scene's focus
    rest_anchor = (W // 2, 300)
    #: where the HUD puts the coach's call (centre x, y of the called words)
    call_anchor = (W // 2, 200)
    #: where the HUD pops the judgement word (centre x, y); it steps below the call when
    #: both show at once
    popup_anchor = (W // 2, 150)
    # Every HUD word sits on a HUD plate (a dark translucent card) in one of the HUD's safe
    # zones: the top-left panel, the score at the top right, the beat dots, these anchors
    # and the cue track. A stage keeps its focus out of them, or moves the anchors above.

    def __init__(self, level: Level, stage: StageInfo, cues: tuple[Cue, ...], text: TextCache,
                 reduced_motion: bool = False) -> None:
        self.level = level
        self.stage = stage
        self.cues = cues
        self.text = text
        self.reduced_motion = reduced_motion
        self.key_labels: dict[str, str] = {}

    def set_key_labels(self, labels: Mapping[str, str]) -> None:
        """The player's bound key per action (as the HUD labels it), for key glyphs drawn
        on the stage's own cues (a combo card); the shell sets it after building the view."""
        self.key_labels = dict(labels)

    def key_label(self, action: str) -> str:
        """The key to show for an action: the bound one, else the stage's default."""
        return self.key_labels.get(action) or \
            (self.stage.default_keys.get(action) or ("?",))[0].upper()

    def track_visibility(self, t: float) -> float:
        """0..1: how much of the HUD's cue track shows at t (a stage may fade it out for
        stretches, so the player keeps the rhythm by ear)."""
        return 1.0

    def on_event(self, event: GameEvent) -> None:
        """React to what the rules decided (animations, particles)."""

    def draw(self, canvas: pygame.Surface, t: float, snap: Any) -> Iterator[None]:
        """Draw the scene at visual song time t, from the rules' snapshot `snap`."""
        canvas.fill((0, 0, 0))
        yield
