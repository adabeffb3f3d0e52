"""`montage edit LEVEL`: the level's bars on a snapped grid; place, erase, copy bars, undo,
play from the cursor, loop a selection, tap the tempo, save in place (comments kept).

The model (game.editor.model) does every edit; this scene turns keys and clicks into its
calls, draws it (editor_view), and plays through the ordinary play scene: the level as it
stands now, from the cursor's bar after a bar of count-in, marked as practice.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pygame

from game.app.scene import Scene
from game.app.scenes.editor_view import (
    OVERVIEW,
    ZOOMS,
    EditorView,
    Layout,
    follow,
    overview_bar,
)
from game.app.scenes.record import write_atomically
from game.core.bars import bar_at_time
from game.core.safeio import read_bounded
from game.core.schema import MAX_FILE_BYTES
from game.editor.model import EditorModel
from game.editor.tap import TapTempo

UNSAVED_SUFFIX = ".unsaved"


def open_editor(app: Any, path: Path, stamp_ns: int, on_fail: Any = None) -> bool:
    """Push the editor for a level file; a file that changed (or went) since it was listed
    is told in a toast, not a crash."""
    from game.core.loader import LevelError
    try:
        scene = EditorScene(app, path)
    except (OSError, ValueError, LevelError) as e:
        app.toast(f"{path.name} cannot be edited now: {str(e).splitlines()[0]}", stamp_ns, 6.0)
        if on_fail is not None:
            on_fail()
        return False
    app.push(scene)
    return True


class EditorScene(Scene):
    def __init__(self, app: Any, path: str | Path) -> None:
        super().__init__(app)
        self.path = Path(path)
        text = read_bounded(self.path, MAX_FILE_BYTES).decode("utf-8")
        self.model = EditorModel(text, str(self.path))
        self.view = EditorView(app.text)
        self.layout = follow(Layout(0, 4), self.model.cursor.bar, self.model.bars)
        self.tapper = TapTempo()
        self.status = ""
        self.leaving = False          # Esc once with unsaved changes: Esc again leaves
        self.overwrite = False        # Ctrl+S once over a file changed on disk: again saves
        self.playing: Any = None      # the play scene started from here, while it runs

    # -- lifecycle ------------------------------------------------------------------------
    def enter(self) -> None:
        """Back from playing: the cursor goes to the bar the play had reached."""
        play, self.playing = self.playing, None
        if play is not None and getattr(play, "started", False):
            bar = bar_at_time(play.level, play.clock.raw_time())
            self.model.go(bar, 0)
            self._follow()

    def leave(self) -> None:
        """Closing with unsaved edits keeps them beside the file, never loses them."""
        if self.model.dirty and not self.leaving:
            self._keep_unsaved()

    def _keep_unsaved(self) -> Path | None:
        keep = self.path.with_name(self.path.name + UNSAVED_SUFFIX)
        try:
            write_atomically(keep, self.model.text)
        except OSError:
            return None
        print(f"montage edit: unsaved edits kept in {keep}")
        return keep

    # -- input ----------------------------------------------------------------------------
    def handle(self, event: pygame.event.Event, stamp_ns: int) -> None:
        if event.type == pygame.KEYDOWN:
            self._key(event, stamp_ns)
        elif event.type == pygame.MOUSEBUTTONDOWN:
            self._click(event)
        elif event.type == pygame.MOUSEWHEEL:
            ctrl = pygame.key.get_mods() & pygame.KMOD_CTRL
            if ctrl:
                self._zoom(-event.y)
            else:
                self.layout = Layout(max(0, min(self.model.bars - self.layout.shown,
                                                self.layout.first - event.y)),
                                     self.layout.shown)

    def _canvas_pos(self, pos: tuple[int, int]) -> tuple[int, int]:
        window = getattr(self.app, "window", None)
        return window.to_canvas(pos) if window is not None else pos

    def _click(self, event: pygame.event.Event) -> None:
        pos = self._canvas_pos(event.pos)
        m = self.model
        shift = bool(pygame.key.get_mods() & pygame.KMOD_SHIFT)
        if OVERVIEW.inflate(0, 12).collidepoint(pos):
            m.go(overview_bar(m, pos[0]), 0, extend=shift)
            self.layout = Layout(max(0, min(m.cursor.bar - self.layout.shown // 2,
                                            m.bars - self.layout.shown)), self.layout.shown)
            return
        cell = self.layout.cell_at(m, pos)
        if cell is None or event.button not in (1, 3):
            return
        bar, step, lane = cell
        if shift and event.button == 1:
            m.go(bar, step, lane, extend=True)
        elif event.button == 1:
            m.toggle(bar, step, lane)
        else:
            m.go(bar, step, lane)
            m.erase(bar, step, lane)
        self._after()

    def _key(self, event: pygame.event.Event, stamp_ns: int) -> None:
        m = self.model
        k = event.key
        mods = event.mod
        ctrl = bool(mods & (pygame.KMOD_CTRL | pygame.KMOD_META))
        shift = bool(mods & pygame.KMOD_SHIFT)
        if k != pygame.K_ESCAPE:
            self.leaving = False
        if k != pygame.K_s or not ctrl:
            self.overwrite = False
        if k == pygame.K_TAB:
            self._tap(stamp_ns)
            return
        if ctrl:
            self._ctrl_key(k, shift)
        elif k == pygame.K_ESCAPE:
            self._escape()
            return
        elif k == pygame.K_LEFT:
            m.move(-1, extend=shift)
        elif k == pygame.K_RIGHT:
            m.move(1, extend=shift)
        elif k == pygame.K_UP:
            m.move(lanes=-1)
        elif k == pygame.K_DOWN:
            m.move(lanes=1)
        elif k == pygame.K_HOME:
            m.go(0, 0, extend=shift)
        elif k == pygame.K_END:
            m.go(m.bars - 1, m.grid - 1, extend=shift)
        elif k in (pygame.K_PAGEUP, pygame.K_PAGEDOWN):
            self._jump_interval(-1 if k == pygame.K_PAGEUP else 1)
        elif k == pygame.K_SPACE:
            self._play(loop=shift)
            return
        elif k in (pygame.K_RETURN, pygame.K_KP_ENTER):
            c = m.cursor
            m.toggle(c.bar, c.step, c.lane)
        elif k == pygame.K_DELETE:
            m.erase()
        elif k == pygame.K_BACKSPACE:
            m.move(-1)
            m.erase()
        elif event.unicode and event.unicode.isprintable() and not event.unicode.isspace():
            m.type_char(event.unicode)
        self._after()

    def _ctrl_key(self, k: int, shift: bool) -> None:
        m = self.model
        if k == pygame.K_z:
            m.redo() if shift else m.undo()
        elif k == pygame.K_y:
            m.redo()
        elif k == pygame.K_c:
            m.copy()
        elif k == pygame.K_x:
            m.cut()
        elif k == pygame.K_v:
            m.paste()
        elif k == pygame.K_a:
            m.go(0, 0)
            m.go(m.bars - 1, m.grid - 1, extend=True)
        elif k == pygame.K_s:
            self.save()
        elif k == pygame.K_LEFT:
            m.move(bars=-1, extend=shift)
        elif k == pygame.K_RIGHT:
            m.move(bars=1, extend=shift)
        elif k == pygame.K_UP:
            m.set_snap(m.snap + 1)
        elif k == pygame.K_DOWN:
            m.set_snap(m.snap - 1)
        elif k in (pygame.K_EQUALS, pygame.K_PLUS, pygame.K_KP_PLUS):
            self._zoom(-1)
        elif k in (pygame.K_MINUS, pygame.K_KP_MINUS):
            self._zoom(1)

    def _jump_interval(self, step: int) -> None:
        m = self.model
        i = m.interval_of(m.cursor.bar)
        j = max(0, min(len(m.base.intervals) - 1, i + step))
        bar = sum(iv.bars for iv in m.base.intervals[:j])
        m.go(bar, 0)

    def _zoom(self, step: int) -> None:
        shown = self.layout.shown
        k = ZOOMS.index(shown) if shown in ZOOMS else 2
        k = max(0, min(len(ZOOMS) - 1, k + step))
        self.layout = follow(Layout(self.layout.first, ZOOMS[k]), self.model.cursor.bar,
                             self.model.bars)

    def _escape(self) -> None:
        m = self.model
        if m.anchor is not None:
            m.anchor = None
            return
        if m.avoid_next:
            m.avoid_next = False
            return
        if m.dirty and not self.leaving:
            self.leaving = True
            m.message = "unsaved changes: Ctrl+S saves them, Esc again leaves without saving"
            return
        self.leaving = True
        self.app.pop()

    def _tap(self, stamp_ns: int) -> None:
        bpm = self.tapper.tap(stamp_ns / 1e9)
        if bpm is not None:
            self.model.set_tempo(bpm, run=self.tapper.run)
        else:
            self.model.message = (f"tap the beat with Tab: {self.tapper.count} of "
                                  "4 taps to read a tempo")
        self._after()

    def _after(self) -> None:
        self._follow()
        self.status = self.model.message

    def _follow(self) -> None:
        self.layout = follow(self.layout, self.model.cursor.bar, self.model.bars)

    # -- saving and playing ---------------------------------------------------------------
    def save(self) -> bool:
        m = self.model
        if m.errors:
            first = m.errors[0].problem
            m.message = (f"not saved: {len(m.errors)} error{'s' * (len(m.errors) != 1)} "
                         f"(the level would not load); first {first.line}:{first.column}: "
                         f"{first.message}")
            return False
        if not m.dirty:
            m.message = f"{self.path.name} is saved"
            return True
        if self._changed_on_disk() and not self.overwrite:
            self.overwrite = True    # someone else's edit is not lost without being asked
            m.message = (f"{self.path.name} was changed on disk since it was opened here: "
                         "Ctrl+S again overwrites it with the editor's version")
            return False
        self.overwrite = False
        try:
            write_atomically(self.path, m.text)
        except OSError as e:  # the edits stay here: fix the disk, save again
            m.message = (f"could not save to {self.path.name} ({e.strerror or e}); your edits "
                         "are still here, save again once the disk is fixed")
            return False
        m.mark_saved()
        m.message = f"saved {self.path.name}"
        stale = self.path.with_name(self.path.name + UNSAVED_SUFFIX)
        if stale.exists():
            stale.unlink(missing_ok=True)
        return True

    def _changed_on_disk(self) -> bool:
        try:
            return read_bounded(self.path, MAX_FILE_BYTES).decode("utf-8", "replace") \
                != self.model.saved_text
        except OSError:
            return False   # gone: saving writes it again

    def _play(self, loop: bool) -> None:
        m = self.model
        if m.level is None:
            first = m.errors[0].problem
            m.message = f"fix the errors to play: {first.line}:{first.column}: {first.message}"
            self._after()
            return
        from game.app.scenes.play import PlayOptions, PlayScene
        sel = m.selection
        start = sel.start if loop else m.cursor.bar
        label = (f"EDITOR  LOOP BARS {sel.start + 1}-{sel.stop}" if loop
                 else f"EDITOR  FROM BAR {start + 1}")
        options = PlayOptions(tier="normal", practice=True, start_bar=start,
                              loop_bars=len(sel) if loop else 0, label=label)
        self.playing = PlayScene(self.app, m.level, options,
                                 on_finish=lambda _session: self.app.pop())
        self.app.push(self.playing)

    # -- drawing --------------------------------------------------------------------------
    def draw(self, canvas: pygame.Surface) -> Iterator[None] | None:
        bpm = self.tapper.bpm
        tap = ""
        if self.tapper.count and time.perf_counter_ns() / 1e9 - self.tapper.taps[-1] < 2.0:
            tap = f"tap tempo: {bpm:.1f} bpm" if bpm else f"tap {self.tapper.count}..."
        self.view.draw(canvas, self.model, self.layout, self.model.base.title,
                       self.model.message, tap)
        return None
