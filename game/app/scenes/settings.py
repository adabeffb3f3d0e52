"""Settings: controls, audio, video, timing and accessibility, all from the keyboard or a
controller. Every change applies at once and is saved at once (app.save_settings()).

Keys: Up/Down move, Left/Right change a value, Enter acts, Backspace resets to the default,
Tab / Shift+Tab (or LB / RB) switch section, Esc goes back. The d-pad, A, B and Y do the
same, through the same handler. In Controls, Enter waits for a key or a controller button
and binds whichever arrives; a clash with another action swaps or is refused, and says so.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pygame

from game.app import input as inp
from game.app.gamepad import nav_key
from game.app.hud import JUDGEMENT_STYLE, draw_shape
from game.app.scene import Scene
from game.core.settings import FRAME_CAPS, OFFSET_LIMIT_MS, Settings
from game.core.stage import StageInfo
from game.gfx import chrome
from game.stages import available_stages, get_stage

W, H = 1280, 720
INK = (235, 230, 225)
DIM = (150, 146, 156)
GOLD = (255, 214, 90)
NOTE_STYLE = {"ok": ((150, 220, 160), "circle"), "warn": ((255, 190, 100), "diamond"),
              "bad": ((255, 130, 110), "triangle")}   # a shape with every colour
BAD = NOTE_STYLE["bad"][0]
WARN = NOTE_STYLE["warn"][0]
PANEL = pygame.Rect(390, 110, 850, 540)
ROW_H = 50
SECTIONS = ("Controls", "Audio", "Video", "Timing", "Training", "Accessibility")
BLURBS = {
    "Controls": "Every action of every stage, on keys and on a controller.",
    "Audio": "How loud the music and the hits are.",
    "Video": "Window or full screen, and how frames are paced.",
    "Timing": "Line up what you hear and see with what you play.",
    "Training": "Your week's plan, and what the workout numbers are based on.",
    "Accessibility": "Make the game kinder to your eyes and your timing.",
}
KEY_COLS = ("KEY 1", "KEY 2", "CONTROLLER")
PAD_KEYS = {pygame.CONTROLLER_BUTTON_LEFTSHOULDER: pygame.K_PAGEUP,
            pygame.CONTROLLER_BUTTON_RIGHTSHOULDER: pygame.K_PAGEDOWN,
            pygame.CONTROLLER_BUTTON_Y: pygame.K_BACKSPACE}


def calibration_scene() -> type | None:
    """The calibration screen, if this build has one."""
    try:
        module = importlib.import_module("game.app.scenes.calibration")
    except ModuleNotFoundError:
        return None
    return getattr(module, "CalibrationScene", None)


@dataclass(frozen=True)
class Note:
    """A line for the player about the last change, shown in the section it belongs to."""

    text: str
    kind: str             # "ok", "warn" (something else moved too) or "bad" (refused)
    section: str
    touched: tuple[str, str, bool] | None = None   # (stage, action, pad?) that also changed


# -- items ----------------------------------------------------------------------------------
@dataclass
class Item:
    """One row: its text and what Left/Right, Enter and Backspace do to the settings."""

    label: str
    hint: str = ""
    enabled: bool = True

    def text(self, s: Settings) -> str:
        return ""

    def adjust(self, s: Settings, step: int, fine: bool) -> bool:
        return False

    def activate(self, s: Settings) -> bool:
        return self.adjust(s, 1, False)

    def reset(self, s: Settings) -> bool:
        return False


@dataclass
class SettingItem(Item):
    """A row bound to one Settings field; reset puts back the field's default."""

    attr: str = ""

    def reset(self, s: Settings) -> bool:
        new = getattr(Settings(), self.attr)
        changed = getattr(s, self.attr) != new
        setattr(s, self.attr, new)
        return changed


@dataclass
class Slider(SettingItem):

    def fraction(self, s: Settings) -> float:
        return float(getattr(s, self.attr))

    def text(self, s: Settings) -> str:
        return f"{round(self.fraction(s) * 100)} %"

    def adjust(self, s: Settings, step: int, fine: bool) -> bool:
        old = self.fraction(s)
        new = min(1.0, max(0.0, round(old * 100 + step * (1 if fine else 5)) / 100))
        setattr(s, self.attr, new)
        return new != old

    def activate(self, s: Settings) -> bool:
        return False



@dataclass
class Toggle(SettingItem):
    words: tuple[str, str] = ("Off", "On")

    def text(self, s: Settings) -> str:
        return self.words[bool(getattr(s, self.attr))]

    def adjust(self, s: Settings, step: int, fine: bool) -> bool:
        setattr(s, self.attr, not getattr(s, self.attr))
        return True



@dataclass
class Offset(SettingItem):

    def text(self, s: Settings) -> str:
        return f"{getattr(s, self.attr):+.0f} ms"

    def adjust(self, s: Settings, step: int, fine: bool) -> bool:
        old = getattr(s, self.attr)
        new = min(OFFSET_LIMIT_MS, max(-OFFSET_LIMIT_MS, old + step * (1 if fine else 5)))
        setattr(s, self.attr, float(round(new)))
        return new != old

    def activate(self, s: Settings) -> bool:
        return False


PACING = ("vsync",) + FRAME_CAPS


@dataclass
class Pacing(Item):
    """VSync, or a frame cap of our own."""

    def index(self, s: Settings) -> int:
        if s.vsync:
            return 0
        return 1 + min(range(len(FRAME_CAPS)), key=lambda k: abs(FRAME_CAPS[k] - s.frame_cap))

    def text(self, s: Settings) -> str:
        return "VSync (display rate)" if s.vsync else f"{s.frame_cap} fps cap"

    def adjust(self, s: Settings, step: int, fine: bool) -> bool:
        k = (self.index(s) + step) % len(PACING)
        if k == 0:
            s.vsync = True
        else:
            s.vsync, s.frame_cap = False, FRAME_CAPS[k - 1]
        return True

    def reset(self, s: Settings) -> bool:
        d = Settings()
        changed = (s.vsync, s.frame_cap) != (d.vsync, d.frame_cap)
        s.vsync, s.frame_cap = d.vsync, d.frame_cap
        return changed


@dataclass
class Button(Item):
    run: Callable[[], None] | None = None

    def text(self, s: Settings) -> str:
        return "" if self.enabled else "not installed"

    def adjust(self, s: Settings, step: int, fine: bool) -> bool:
        return False

    def activate(self, s: Settings) -> bool:
        if self.enabled and self.run is not None:
            self.run()
        return False


# -- applying -------------------------------------------------------------------------------
def apply_audio(app: Any) -> None:
    audio = app.audio
    if audio is not None and hasattr(audio, "set_volumes"):
        s = app.settings
        audio.set_volumes(s.master_volume, s.music_volume, s.effects_volume)


def apply_video(app: Any) -> None:
    """Match the window and the loop to the settings (when the game runs in a window)."""
    s = app.settings
    window = getattr(app, "window", None)
    if window is not None:
        if window.fullscreen != s.fullscreen:
            window.toggle_fullscreen()
        if window.vsync != s.vsync:
            window.vsync = s.vsync
            window.resized(window.size)
        app.canvas = window.canvas
    loop = getattr(app, "loop", None)
    if loop is not None:
        loop.frame_ns = 1_000_000_000 // max(10, s.frame_cap)


# -- the scene ------------------------------------------------------------------------------
class SettingsScene(Scene):
    reads_controller = True   # raw buttons: they can be captured as bindings

    def __init__(self, app: Any) -> None:
        super().__init__(app)
        self.section = 0
        self.focus = "sections"          # or "items"
        self.row = 0
        self.col = 0
        self.stages: list[StageInfo] = [get_stage(n) for n in available_stages()]
        self.stage = 0
        self.capture: tuple[str, int] | None = None   # (action, column) awaiting a press
        self.note: Note | None = None
        self.items = self._build_items()
        self.backdrop = app.menu_backdrop()
        self.shade = pygame.Surface(PANEL.size, pygame.SRCALPHA)
        self.shade.fill((8, 6, 10, 190))

    def _build_items(self) -> dict[str, list[Item]]:
        from game.app.scenes.training_settings import training_items
        calibration = calibration_scene()
        return {
            "Audio": [Slider("Master volume", "Everything together.", attr="master_volume"),
                      Slider("Music volume", "The band.", attr="music_volume"),
                      Slider("Effects volume", "Hits, bells, the coach.",
                             attr="effects_volume")],
            "Video": [Toggle("Display", "F11 switches any time.", attr="fullscreen",
                             words=("Window", "Full screen")),
                      Pacing("Frame pacing", "VSync waits for the display; a cap keeps "
                             "input polling smooth.")],
            "Timing": [Offset("Audio offset", "Positive if your hits are judged late: "
                              "moves judging, not the picture.", attr="audio_offset_ms"),
                       Offset("Visual offset", "Positive if the picture runs ahead of the "
                              "music: moves the picture only.", attr="visual_offset_ms"),
                       Button("Calibrate...", "Tap along to measure both offsets.",
                              enabled=calibration is not None,
                              run=(lambda: self.app.push(calibration(self.app)))
                              if calibration is not None else None),
                       Toggle("Ghost", "Your personal best on the level plays beside you: "
                              "marks on the cue track and the score difference.",
                              attr="ghost")],
            "Training": training_items(),
            "Accessibility": [Toggle("Reduced motion", "No camera shake, flashes or "
                                     "bouncing text.", attr="reduced_motion"),
                              Toggle("Timing assist", "Timing windows half again as wide; "
                                     "marked on results and in progress.",
                                     attr="timing_assist")],
        }

    # -- state helpers --------------------------------------------------------------------
    @property
    def section_name(self) -> str:
        return SECTIONS[self.section]

    @property
    def rules(self) -> StageInfo:
        return self.stages[self.stage]

    def row_count(self) -> int:
        if self.section_name == "Controls":
            return len(self.rules.actions) + 2   # stage picker, actions, reset
        return len(self.items[self.section_name])

    def enter(self) -> None:
        self.capture = None

    def ambient_fps(self) -> float:
        return self.backdrop.fps

    def _say(self, text: str, kind: str = "ok",
             touched: tuple[str, str, bool] | None = None) -> None:
        self.note = Note(text, kind, self.section_name, touched)

    def _changed(self) -> None:
        s = self.app.settings
        s.clamp()
        apply_audio(self.app)
        apply_video(self.app)
        self.app.save_settings()

    # -- input ----------------------------------------------------------------------------
    def handle(self, event: pygame.event.Event, stamp_ns: int) -> None:
        if self.capture is not None:
            self._capture(event)
            return
        if event.type == pygame.KEYDOWN:
            self._key(event.key, bool(event.mod & pygame.KMOD_SHIFT))
        elif event.type == pygame.CONTROLLERBUTTONDOWN:
            key = nav_key(event) or PAD_KEYS.get(event.button)
            if key is not None:
                self._key(key, False)

    def _key(self, key: int, shift: bool) -> None:
        if key in (pygame.K_TAB, pygame.K_PAGEUP, pygame.K_PAGEDOWN):
            back = key == pygame.K_PAGEUP or (key == pygame.K_TAB and shift)
            self.section = (self.section + (-1 if back else 1)) % len(SECTIONS)
            self.row = self.col = 0
            return
        if self.focus == "sections":
            self._section_key(key)
        elif self.section_name == "Controls":
            self._controls_key(key)
        else:
            self._item_key(key, shift)

    def _section_key(self, key: int) -> None:
        if key in (pygame.K_UP, pygame.K_w):
            self.section = (self.section - 1) % len(SECTIONS)
        elif key in (pygame.K_DOWN, pygame.K_s):
            self.section = (self.section + 1) % len(SECTIONS)
        elif key in (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE, pygame.K_RIGHT,
                     pygame.K_d):
            self.focus, self.row, self.col = "items", 0, 0
        elif key in (pygame.K_ESCAPE, pygame.K_BACKSPACE):
            self.app.pop()

    def _move(self, key: int) -> bool:
        if key in (pygame.K_UP, pygame.K_w):
            self.row = (self.row - 1) % self.row_count()
        elif key in (pygame.K_DOWN, pygame.K_s):
            self.row = (self.row + 1) % self.row_count()
        elif key == pygame.K_ESCAPE:
            self.focus = "sections"
        else:
            return False
        return True

    def _item_key(self, key: int, shift: bool) -> None:
        if self._move(key):
            return
        item = self.items[self.section_name][self.row]
        s = self.app.settings
        changed = False
        if key in (pygame.K_LEFT, pygame.K_a, pygame.K_RIGHT, pygame.K_d):
            step = -1 if key in (pygame.K_LEFT, pygame.K_a) else 1
            changed = item.adjust(s, step, shift)
            if not changed and step < 0 and not isinstance(item, Slider | Offset):
                self.focus = "sections"
        elif key in (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE):
            changed = item.activate(s)
        elif key in (pygame.K_BACKSPACE, pygame.K_DELETE):
            changed = item.reset(s)
            if changed:
                self._say(f"{item.label}: back to the default")
        if changed:
            self._changed()

    # -- controls -------------------------------------------------------------------------
    def _controls_key(self, key: int) -> None:
        if self._move(key):
            return
        rules = self.rules
        n = len(rules.actions)
        if self.row == 0:                                  # the stage picker
            if key in (pygame.K_LEFT, pygame.K_a, pygame.K_RIGHT, pygame.K_d,
                       pygame.K_RETURN, pygame.K_SPACE):
                step = -1 if key in (pygame.K_LEFT, pygame.K_a) else 1
                self.stage = (self.stage + step) % len(self.stages)
                self.note = None
            elif key == pygame.K_r:
                self._reset_stage()
            return
        if self.row == n + 1:                              # "reset this stage"
            if key in (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE, pygame.K_r):
                self._reset_stage()
            elif key in (pygame.K_LEFT, pygame.K_a):
                self.focus = "sections"
            return
        action = rules.actions[self.row - 1]
        s = self.app.settings
        if key in (pygame.K_LEFT, pygame.K_a):
            if self.col == 0:
                self.focus = "sections"
            self.col = max(0, self.col - 1)
        elif key in (pygame.K_RIGHT, pygame.K_d):
            self.col = min(len(KEY_COLS) - 1, self.col + 1)
        elif key in (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE):
            self.capture = (action, self.col)
            self.note = None
        elif key == pygame.K_BACKSPACE:
            inp.reset(rules, s.bindings, action)
            inp.reset(rules, s.pad_bindings, action)
            self._say(f"{self._label(action)}: back to the default keys and buttons")
            self._changed()
        elif key == pygame.K_DELETE:
            change = inp.unbind(rules, s.pad_bindings if self.col == 2 else s.bindings,
                                action, self.col, pad=self.col == 2)
            self._say(change.message, "ok" if change.ok else "bad")
            if change.ok:
                self._changed()
        elif key == pygame.K_r:
            self._reset_stage()

    def _reset_stage(self) -> None:
        s = self.app.settings
        inp.reset(self.rules, s.bindings)
        inp.reset(self.rules, s.pad_bindings)
        self._say(f"{self.rules.title}: every action back to the defaults")
        self._changed()

    def _label(self, action: str) -> str:
        return self.rules.action_labels.get(action, action.replace("_", " "))

    def _capture(self, event: pygame.event.Event) -> None:
        """Waiting for a press: a key binds the key column, a button the controller one."""
        assert self.capture is not None
        action, col = self.capture
        s = self.app.settings
        if event.type == pygame.KEYDOWN:
            if event.key == pygame.K_ESCAPE:
                self.capture = None
                self._say("Nothing changed")
                return
            name = inp.key_name(event.key)
            if not name:
                return
            pad = False
            change = inp.rebind(self.rules, s.bindings, action, name,
                                slot=col if col < 2 else 0)
        elif (name := inp.pad_control(event)) is not None:
            if name == "start":
                self.capture = None
                self._say("Nothing changed")
                return
            pad = True
            change = inp.rebind(self.rules, s.pad_bindings, action, name, pad=True)
        else:
            return
        self.capture = None
        if not change.ok:
            self._say(change.message, "bad")
            return
        touched = (self.rules.name, change.other, pad) if change.other else None
        self._say(change.message, "warn" if change.other else "ok", touched)
        self._changed()

    def cells(self, action: str) -> tuple[list[str], list[str]]:
        """(key names, controller names) shown for an action."""
        s = self.app.settings
        return (inp.current(self.rules, s.bindings, action),
                inp.current(self.rules, s.pad_bindings, action, pad=True))

    def clashes(self) -> list[str]:
        """Sentences about names bound to two actions of the shown stage (a hand-edited
        settings file can do that; the screen cannot)."""
        s = self.app.settings
        out = []
        for pad, table in ((False, s.bindings), (True, s.pad_bindings)):
            show = inp.pad_label if pad else inp.key_label
            for name, actions in inp.conflicts(self.rules, table, pad).items():
                who = " and ".join(self._label(a) for a in actions)
                out.append(f"{show(name)} is bound to {who}: rebind one of them")
        return out

    # -- drawing --------------------------------------------------------------------------
    def draw(self, canvas: pygame.Surface) -> Iterator[None] | None:
        text = self.app.text
        self.backdrop.draw(canvas, veil=90)
        chrome.heading(canvas, text, "SETTINGS", "saved as you go")
        chrome.draw_panel(canvas, (40, PANEL.y - 8, 330, len(SECTIONS) * 52 + 12))
        self._draw_sections(canvas)
        chrome.draw_panel(canvas, PANEL, alpha=215)
        x, y = PANEL.x + 30, PANEL.y + 20
        text.blit(canvas, self.section_name, 28, (x, y), (245, 240, 230), True)
        text.blit(canvas, BLURBS[self.section_name], 16, (x, y + 38), DIM)
        if self.section_name == "Controls":
            self._draw_controls(canvas)
        else:
            self._draw_items(canvas)
            if self.section_name == "Accessibility":
                self._draw_legend(canvas, PANEL.y + 290)
            elif self.section_name == "Video":
                self._draw_window_note(canvas, PANEL.y + 250)
            elif self.section_name == "Audio" and self.app.audio is None:
                text.blit(canvas, "Sound is off on this machine; the beat dots keep time.",
                          16, (x, PANEL.y + 300), (255, 200, 140))
        self._draw_message(canvas)
        if self.capture is not None:
            self._draw_capture(canvas)
        chrome.footer(canvas, text, self._footer())
        return None

    def _draw_sections(self, canvas: pygame.Surface) -> None:
        text = self.app.text
        for k, name in enumerate(SECTIONS):
            y = PANEL.y + 10 + k * 52
            on = k == self.section
            if on:
                col = (70, 50, 46) if self.focus == "sections" else (46, 38, 40)
                pygame.draw.rect(canvas, col, (50, y - 6, 310, 42), border_radius=6)
                if self.focus == "sections":
                    pygame.draw.polygon(canvas, GOLD, [(60, y + 5), (72, y + 14), (60, y + 23)])
            colour = GOLD if on and self.focus == "sections" else INK if on else (200, 195, 200)
            text.blit(canvas, name, 24, (84, y), colour, on)

    def _row_box(self, k: int, top: int) -> pygame.Rect:
        return pygame.Rect(PANEL.x + 16, top + k * ROW_H, PANEL.w - 32, ROW_H - 8)

    def _draw_items(self, canvas: pygame.Surface) -> None:
        text = self.app.text
        s = self.app.settings
        top = PANEL.y + 84
        items = self.items[self.section_name]
        for k, item in enumerate(items):
            box = self._row_box(k, top)
            on = self.focus == "items" and k == self.row
            if on:
                pygame.draw.rect(canvas, (70, 50, 46), box, border_radius=6)
            colour = GOLD if on else INK if item.enabled else (110, 106, 112)
            text.blit(canvas, item.label, 22, (box.x + 14, box.centery), colour, on,
                      anchor="midleft")
            vx = box.x + 420
            if isinstance(item, Slider):
                self._draw_slider(canvas, pygame.Rect(vx, box.centery - 5, 280, 10),
                                  item.fraction(s), on)
                text.blit(canvas, item.text(s), 20, (box.right - 14, box.centery), INK, on,
                          anchor="midright")
            elif isinstance(item, Toggle) and item.words == ("Off", "On"):
                self._draw_switch(canvas, box, bool(getattr(s, item.attr)), on)
            elif isinstance(item, Button):
                text.blit(canvas, item.text(s) or "Enter", 18, (box.right - 14, box.centery),
                          DIM if not item.enabled else colour, anchor="midright")
            else:
                value = item.text(s)
                if on:
                    value = f"<  {value}  >"
                text.blit(canvas, value, 20, (box.right - 14, box.centery),
                          GOLD if on else INK, on, anchor="midright")
        if self.focus == "items" and 0 <= self.row < len(items):
            hint = items[self.row].hint
            text.blit(canvas, hint, 16, (PANEL.x + 30, top + len(items) * ROW_H + 8),
                      (200, 190, 180))

    def _draw_switch(self, canvas: pygame.Surface, box: pygame.Rect, value: bool,
                     on: bool) -> None:
        """An on/off switch with its word beside it (position and word, not colour alone)."""
        track = pygame.Rect(0, 0, 54, 26)
        track.midright = (box.right - 14, box.centery)
        pygame.draw.rect(canvas, (200, 150, 80) if value else (70, 64, 74), track,
                         border_radius=13)
        if on:
            pygame.draw.rect(canvas, GOLD, track, 2, border_radius=13)
        knob_x = track.right - 13 if value else track.x + 13
        pygame.draw.circle(canvas, (250, 244, 236), (knob_x, track.centery), 9)
        self.app.text.blit(canvas, "ON" if value else "OFF", 18, (track.x - 12, box.centery),
                           GOLD if on else INK if value else DIM, True, anchor="midright")

    def _draw_slider(self, canvas: pygame.Surface, bar: pygame.Rect, f: float,
                     on: bool) -> None:
        pygame.draw.rect(canvas, (56, 50, 58), bar, border_radius=5)
        fill = bar.copy()
        fill.w = max(0, int(bar.w * f))
        if fill.w:
            pygame.draw.rect(canvas, (230, 170, 90) if on else (170, 130, 80), fill,
                             border_radius=5)
        pygame.draw.circle(canvas, GOLD if on else (220, 210, 200),
                           (bar.x + fill.w, bar.centery), 9 if on else 7)

    def _draw_legend(self, canvas: pygame.Surface, y: int) -> None:
        """The judgement marks as the game shows them: a shape and a word with each colour."""
        text = self.app.text
        x = PANEL.x + 30
        text.blit(canvas, "Judgements always come with a shape and a word, not colour alone:",
                  16, (x, y), DIM)
        for k, kind in enumerate(("perfect", "great", "good", "miss", "wrong", "stray")):
            col, shape, word = JUDGEMENT_STYLE[kind]
            cx = x + 14 + (k % 3) * 260
            cy = y + 50 + (k // 3) * 44
            draw_shape(canvas, shape, col, (cx, cy), 11)
            text.blit(canvas, word, 20, (cx + 24, cy), col, True, anchor="midleft")

    def _draw_window_note(self, canvas: pygame.Surface, y: int) -> None:
        text = self.app.text
        x = PANEL.x + 30
        lines = ["Drag the window to any size: the picture keeps its 16:9 shape,",
                 "with bars at the sides or top (letterboxed).",
                 "F11 full screen     F12 screenshot to your Pictures folder"]
        window = getattr(self.app, "window", None)
        if window is not None:
            box = window.letterbox()
            lines.append(f"now: window {window.size[0]}x{window.size[1]}, "
                         f"picture {box.w}x{box.h}")
        for k, line in enumerate(lines):
            text.blit(canvas, line, 16, (x, y + k * 26), DIM)

    def _draw_controls(self, canvas: pygame.Surface) -> None:
        text = self.app.text
        rules = self.rules
        top = PANEL.y + 84
        on_items = self.focus == "items"
        box = self._row_box(0, top)
        on = on_items and self.row == 0
        if on:
            pygame.draw.rect(canvas, (70, 50, 46), box, border_radius=6)
        text.blit(canvas, "Stage", 22, (box.x + 14, box.centery), GOLD if on else INK, on,
                  anchor="midleft")
        name = f"<  {rules.title}  >" if on else rules.title
        text.blit(canvas, name, 22, (box.right - 14, box.centery), GOLD if on else INK, True,
                  anchor="midright")
        xs = (PANEL.x + 270, PANEL.x + 420, PANEL.x + 570)
        widths = (140, 140, 250)
        hy = top + ROW_H + 2
        text.blit(canvas, "ACTION", 14, (box.x + 14, hy), (180, 150, 120), True)
        for cx, label in zip(xs, KEY_COLS, strict=True):
            text.blit(canvas, label, 14, (cx, hy), (180, 150, 120), True)
        clash_keys = inp.conflicts(rules, self.app.settings.bindings)
        clash_pads = inp.conflicts(rules, self.app.settings.pad_bindings, pad=True)
        row_top = top + ROW_H + 24
        step = 42
        for k, action in enumerate(rules.actions):
            y = row_top + k * step
            keys, pads = self.cells(action)
            row_on = on_items and self.row == k + 1
            text.blit(canvas, self._label(action), 20, (box.x + 14, y + 17),
                      GOLD if row_on else INK, row_on, anchor="midleft")
            values = [keys[0] if keys else "", keys[1] if len(keys) > 1 else "",
                      " / ".join(inp.pad_label(p) for p in pads)]
            bad = [bool(keys) and keys[0] in clash_keys,
                   len(keys) > 1 and keys[1] in clash_keys,
                   any(p in clash_pads for p in pads)]
            for c in range(3):
                cell = pygame.Rect(xs[c] - 8, y, widths[c], 34)
                sel = row_on and self.col == c
                shown = inp.key_label(values[c]) if c < 2 and values[c] else values[c]
                state = ("bad" if bad[c] else "sel" if sel else
                         "warn" if values[c] and self._touched(action, c == 2) else "")
                self._draw_cell(canvas, cell, "..." if sel and self.capture else shown,
                                state)
        y = row_top + len(rules.actions) * step + 6
        on = on_items and self.row == len(rules.actions) + 1
        reset = pygame.Rect(box.x, y, 300, 36)
        if on:
            pygame.draw.rect(canvas, (70, 50, 46), reset, border_radius=6)
        text.blit(canvas, "Reset this stage's controls", 18, (reset.x + 14, reset.centery),
                  GOLD if on else (200, 195, 200), on, anchor="midleft")
        pads = getattr(getattr(self.app, "gamepads", None), "names", None)
        if pads:
            status = "controller: " + ", ".join(pads)
        elif pads is not None:
            status = "no controller connected: plug one in any time"
        else:
            status = ""
        text.blit(canvas, status, 14, (PANEL.right - 30, y + 10), DIM, anchor="topright")

    def _touched(self, action: str, pad: bool) -> bool:
        """Whether the last change also moved this action's binding (outlined in amber)."""
        n = self.note
        return (n is not None and n.section == self.section_name
                and n.touched == (self.rules.name, action, pad))

    def _draw_cell(self, canvas: pygame.Surface, cell: pygame.Rect, shown: str,
                   state: str) -> None:
        """One binding box: selected (gold), clashing (red, '!'), just moved (amber, '*')."""
        fill = (90, 64, 52) if state == "sel" else (44, 38, 46)
        pygame.draw.rect(canvas, fill, cell, border_radius=5)
        edge = {"bad": BAD, "sel": GOLD, "warn": WARN}.get(state, (70, 62, 72))
        pygame.draw.rect(canvas, edge, cell, 2 if state else 1, border_radius=5)
        colour = {"bad": BAD, "sel": GOLD, "warn": WARN}.get(state, INK if shown else DIM)
        self.app.text.blit(canvas, shown or "-", 18, (cell.x + 10, cell.centery), colour,
                           state == "sel", anchor="midleft")
        mark = {"bad": "!", "warn": "*"}.get(state)
        if mark:
            self.app.text.blit(canvas, mark, 18, (cell.right - 10, cell.centery), colour, True,
                               anchor="midright")

    def notes(self) -> list[tuple[str, str]]:
        """(text, kind) lines under the panel: the last change, then any clashes."""
        out = []
        if self.note is not None and self.note.section == self.section_name:
            out.append((self.note.text, self.note.kind))
        if self.section_name == "Controls":
            out += [(m, "bad") for m in self.clashes()]
        return out[:2]

    def _draw_message(self, canvas: pygame.Surface) -> None:
        lines = self.notes()
        for k, (line, kind) in enumerate(lines):
            y = PANEL.bottom - 30 - (len(lines) - 1 - k) * 26
            colour, shape = NOTE_STYLE[kind]
            draw_shape(canvas, shape, colour, (PANEL.x + 38, y + 1), 7)
            self.app.text.blit(canvas, line, 17, (PANEL.x + 54, y), colour, True,
                               anchor="midleft")

    def _draw_capture(self, canvas: pygame.Surface) -> None:
        assert self.capture is not None
        action, col = self.capture
        canvas.blit(self.shade, PANEL.topleft)
        box = pygame.Rect(0, 0, 620, 170)
        box.center = PANEL.center
        pygame.draw.rect(canvas, (40, 32, 38), box, border_radius=12)
        pygame.draw.rect(canvas, GOLD, box, 2, border_radius=12)
        text = self.app.text
        what = "a controller button" if col == 2 else "a key"
        other = "(or a key)" if col == 2 else "(or a controller button)"
        text.blit(canvas, f"Press {what} for", 22, (box.centerx, box.y + 34), INK,
                  anchor="center")
        text.blit(canvas, self._label(action).upper(), 34, (box.centerx, box.y + 78), GOLD,
                  True, anchor="center")
        text.blit(canvas, f"{other}     Esc / Start cancels", 16,
                  (box.centerx, box.y + 128), DIM, anchor="center")

    def _footer(self) -> str:
        if self.capture is not None:
            return "Esc / Start cancel"
        if self.focus == "sections":
            return "Up/Down section   Enter/A open   Esc/B back"
        if self.section_name == "Controls":
            return ("Enter/A rebind   Left/Right column   Backspace/Y reset action   "
                    "R reset stage   Del clear key 2   Esc/B sections")
        return ("Left/Right change (Shift: fine)   Enter/A select   Backspace/Y default   "
                "Tab or LB/RB section   Esc/B back")
