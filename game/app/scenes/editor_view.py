"""The editor's picture: the level's overview, the bars on the grid, the symbols, problems.

Drawn from the model alone (game.editor.model), so `shot --scene editor` and the live
window show the same thing. `Layout` is also the mouse's map: the same numbers place a
step on screen and find the step under a click.
"""

from __future__ import annotations

from dataclasses import dataclass

import pygame

from game.core.bars import bar_time
from game.core.level import AVOID, RELEASE, ROLL_ON, SILENT, token_mark, token_symbols
from game.editor.model import SNAPS, EditorModel
from game.gfx.palette import DIM, GOLD, INK, REST, WORK
from game.gfx.text import TextCache

W, H = 1280, 720
X0, X1 = 150, 1244             # the bars' area
TOP = 176                      # first lane
AREA_H = 264                   # lanes fill at most this much
OVERVIEW = pygame.Rect(X0, 96, X1 - X0, 22)
LANE_COLOURS = ((240, 150, 90), (110, 190, 250), (150, 220, 120), (230, 120, 200),
                (250, 220, 110), (170, 150, 250))
ERROR = (235, 90, 80)
WARN = (255, 200, 120)
ZOOMS = (1, 2, 4, 8, 16)


def snap_name(steps_per_beat: int) -> str:
    return {1: "1/4 (beats)", 2: "1/8", 3: "1/8 triplets", 4: "1/16", 6: "1/16 triplets",
            8: "1/32", 12: "1/32 triplets"}.get(steps_per_beat, f"{steps_per_beat} a beat")


@dataclass(frozen=True)
class Layout:
    first: int        # the first bar on screen
    shown: int        # bars on screen

    @property
    def bar_w(self) -> float:
        return (X1 - X0) / self.shown

    def bar_x(self, bar: int) -> float:
        return X0 + (bar - self.first) * self.bar_w

    @staticmethod
    def lane_h(lanes: int) -> int:
        return max(12, min(64, AREA_H // max(1, lanes)))

    def cell_at(self, model: EditorModel, pos: tuple[int, int]) -> tuple[int, int, int] | None:
        """(bar, grid step, lane) under a point of the canvas, or None."""
        x, y = pos
        if not (X0 <= x < X1 and TOP <= y):
            return None
        bar = self.first + int((x - X0) // self.bar_w)
        if not 0 <= bar < model.bars:
            return None
        lanes = len(model.lanes(bar))
        lane = int((y - TOP) // self.lane_h(lanes))
        if lane >= lanes:
            return None
        step = int((x - self.bar_x(bar)) / self.bar_w * model.grid)
        return bar, min(model.grid - 1, step), lane


def overview_bar(model: EditorModel, x: int) -> int:
    """The bar at a point of the overview strip (bars, not seconds, across it)."""
    frac = (x - OVERVIEW.x) / OVERVIEW.w
    return max(0, min(model.bars - 1, int(frac * model.bars)))


def follow(layout: Layout, cursor_bar: int, bars: int) -> Layout:
    """The layout scrolled so the cursor's bar is on screen (a bar of context kept)."""
    first = layout.first
    if cursor_bar == first - 1 or cursor_bar == first + layout.shown:   # a step: scroll one
        first += 1 if cursor_bar >= first else -1
    elif not first <= cursor_bar < first + layout.shown:   # a jump: a bar of context first
        first = cursor_bar - (1 if layout.shown >= 4 else 0)
    return Layout(max(0, min(first, max(0, bars - layout.shown))), layout.shown)


class EditorView:
    def __init__(self, text: TextCache) -> None:
        self.text = text
        self.background = pygame.Surface((W, H))
        for y in range(H):
            k = y / H
            self.background.fill((int(18 + 10 * k), int(18 + 6 * k), int(26 + 8 * k)),
                                 (0, y, W, 1))

    # -- the whole screen -------------------------------------------------------------------
    def draw(self, canvas: pygame.Surface, model: EditorModel, layout: Layout, title: str,
             status: str = "", tap: str = "") -> None:
        canvas.blit(self.background, (0, 0))
        self._header(canvas, model, title, tap)
        self._overview(canvas, model, layout)
        self._bars(canvas, model, layout)
        self._file_line(canvas, model)
        self._legend(canvas, model)
        self._problems(canvas, model, status)
        self._footer(canvas)

    def _header(self, canvas: pygame.Surface, model: EditorModel, title: str, tap: str) -> None:
        t = self.text
        star = "  *" if model.dirty else ""
        t.blit(canvas, f"EDIT  {title}{star}", 30, (40, 18), (245, 240, 230), True)
        c = model.cursor
        i, k = model.bar_map[c.bar]
        iv = model.base.intervals[i]
        stage = model.stage_of(c.bar)
        level = model.level or model.base
        bpm = level.tempo_map.bpm_at_beat(c.bar * model.bpb + c.step * model.bpb / model.grid)
        kind = "work" if iv.is_work else "rest"
        where = (f"bar {c.bar + 1}/{model.bars}   interval {i + 1} "
                 f"{('“' + iv.name + '”') if iv.name else ''} ({kind}, bar {k + 1} of "
                 f"{iv.bars})   {stage.title}")
        t.blit(canvas, t.fit(where, 18, 860), 18, (40, 60), INK)
        right = (f"{time_label(model, c.bar)}   {bpm:.1f} bpm   grid "
                 f"{snap_name(SNAPS[model.snap])}")
        t.blit(canvas, right, 18, (X1, 24), GOLD, True, anchor="topright")
        tokens = model.bar_tokens(c.bar)
        if tap:
            t.blit(canvas, tap, 16, (X1, 60), (150, 220, 255), anchor="topright")
        elif tokens is not None and len(tokens) % model.grid and model.grid % len(tokens):
            t.blit(canvas, f"this bar has {len(tokens)} steps: Ctrl+Up/Down for a grid that "
                   "fits it", 15, (X1, 60), DIM, anchor="topright")

    def _overview(self, canvas: pygame.Surface, model: EditorModel, layout: Layout) -> None:
        """Every interval, as wide as its bars; the bars on screen boxed, problems ticked."""
        r = OVERVIEW
        pygame.draw.rect(canvas, (30, 28, 36), r.inflate(4, 4), border_radius=4)
        per = r.w / max(1, model.bars)
        first = 0
        for iv in model.base.intervals:
            x0, x1 = r.x + first * per, r.x + (first + iv.bars) * per
            pygame.draw.rect(canvas, WORK if iv.is_work else REST,
                             (int(x0) + 1, r.y + 2, max(1, int(x1 - x0) - 2), r.h - 4),
                             border_radius=3)
            first += iv.bars
        for p in model.problems:
            if len(p.bars) >= model.bars:
                continue
            colour = WARN if p.problem.severity == "warning" else ERROR
            for b in p.bars[:64]:
                pygame.draw.rect(canvas, colour, (int(r.x + b * per), r.bottom + 2,
                                                  max(2, int(per)), 4))
        view = pygame.Rect(int(r.x + layout.first * per), r.y - 3,
                           max(4, int(layout.shown * per)), r.h + 6)
        pygame.draw.rect(canvas, INK, view, 2, border_radius=3)
        cx = int(r.x + (model.cursor.bar + model.cursor.step / model.grid) * per)
        pygame.draw.line(canvas, GOLD, (cx, r.y - 6), (cx, r.bottom + 6), 2)

    def _bars(self, canvas: pygame.Surface, model: EditorModel, layout: Layout) -> None:
        t = self.text
        sel = model.selection if model.anchor is not None else range(0)
        last_interval = -1
        drawn: list[tuple[int, pygame.Rect, int, tuple | None]] = []
        canvas.set_clip(pygame.Rect(0, TOP - 48, X1, AREA_H + 60))
        for bar in range(layout.first, min(model.bars, layout.first + layout.shown)):
            x = layout.bar_x(bar)
            w = layout.bar_w
            i, k = model.bar_map[bar]
            stage = model.stage_of(bar)
            lanes = stage.actions
            lh = layout.lane_h(len(lanes))
            height = lh * len(lanes)
            if i != last_interval:       # the interval's name where it starts (or enters)
                iv = model.base.intervals[i]
                name = iv.name or ("work" if iv.is_work else "rest")
                label = f"{i + 1}. {name}" + (f"  [{stage.name}]" if model.base.is_remix else "")
                t.blit(canvas, t.fit(label, 15, int(w * (iv.bars - k)) - 8), 15,
                       (int(x) + 4, TOP - 44), (255, 190, 130) if iv.is_work else (150, 190, 240))
                last_interval = i
            t.blit(canvas, str(bar + 1), 14, (int(x) + 4, TOP - 22),
                   GOLD if bar == model.cursor.bar else DIM, bar == model.cursor.bar)
            box = pygame.Rect(int(x) + 1, TOP, int(w) - 2, height)
            tokens = model.bar_tokens(bar)
            if tokens is None:
                pygame.draw.rect(canvas, (34, 48, 70), box)
                if w > 60:
                    t.blit(canvas, "rest", 16, box.center, (120, 150, 190), anchor="center")
            else:
                pygame.draw.rect(canvas, (40, 36, 46), box)
                self._grid_lines(canvas, model, box)
            pygame.draw.line(canvas, (120, 116, 130), (int(x), TOP - 26), (int(x), TOP + height))
            drawn.append((bar, box, lh, tokens))
        for bar, box, lh, tokens in drawn:     # over every bar: a hold may run into the next
            if tokens is not None:
                self._tokens(canvas, model, bar, tokens, box, lh)
        for bar, box, lh, _tokens in drawn:
            if bar in sel:
                hl = pygame.Surface(box.size, pygame.SRCALPHA)
                hl.fill((255, 214, 90, 46))
                canvas.blit(hl, box)
                pygame.draw.rect(canvas, GOLD, box.inflate(2, 2), 1)
            self._marks(canvas, model, bar, box)
            if bar == model.cursor.bar:
                self._cursor(canvas, model, box, lh)
        canvas.set_clip(None)
        if model.bars and layout.first <= model.cursor.bar < layout.first + layout.shown:
            self._lane_names(canvas, model, lh=layout.lane_h(len(model.lanes(model.cursor.bar))))

    def _grid_lines(self, canvas: pygame.Surface, model: EditorModel, box: pygame.Rect) -> None:
        g = model.grid
        per_beat = g // model.bpb
        if box.w / g < 3:
            g, per_beat = model.bpb, 1   # too dense to read: beats only
        for s in range(1, g):
            x = box.x + box.w * s / g
            colour = (86, 82, 96) if s % per_beat == 0 else (54, 50, 62)
            pygame.draw.line(canvas, colour, (int(x), box.y), (int(x), box.bottom - 1))

    def _tokens(self, canvas: pygame.Surface, model: EditorModel, bar: int, tokens: tuple,
                box: pygame.Rect, lh: int) -> None:
        """Each step's symbols in their lanes; holds as bars to their end, lifts as caps."""
        stage = model.stage_of(bar)
        lane_of = {a: n for n, a in enumerate(stage.actions)}
        n = len(tokens)
        cw = box.w / n
        held = model.held_steps(bar)
        # a symbol is drawn as wide as a grid cell, or up to the next step that has one
        # (a bar resampled finer than the grid keeps readable symbols)
        widest = box.w / min(n, model.grid)
        nxt = [n] * n
        for s in range(n - 2, -1, -1):
            busy = tokens[s + 1] not in SILENT and token_symbols(tokens[s + 1])
            nxt[s] = s + 1 if busy else nxt[s + 1]
        for s, tok in enumerate(tokens):   # first the holds (and rolls), under the symbols
            x = box.x + s * cw
            glyph = max(10, min(24, int(min(cw, lh) * 0.7)))
            for a in held[s]:
                lane = lane_of.get(a, 0)
                c = LANE_COLOURS[lane % len(LANE_COLOURS)]
                y = box.y + lane * lh
                pygame.draw.rect(canvas, tuple(v // 2 for v in c),
                                 (int(x) - 1, y + lh // 3, int(cw) + 2, max(2, lh // 3)))
                if token_mark(tok) == RELEASE:
                    pygame.draw.rect(canvas, c, (int(x), y + 4, 4, lh - 8))
                elif token_mark(tok) == ROLL_ON:
                    self.text.blit(canvas, "~", glyph, (int(x + cw / 2), y + lh // 2), c,
                                   anchor="center")
        for s, tok in enumerate(tokens):
            x = box.x + s * cw
            sw = min(widest, (nxt[s] - s) * cw)
            glyph = max(10, min(24, int(min(sw, lh) * 0.7)))
            for ch in ("" if tok in SILENT else token_symbols(tok)):
                sym = stage.symbols.get(ch)
                if sym is None:   # a symbol of another stage (pasted): shown, in red
                    self.text.blit(canvas, ch, glyph, (int(x + cw / 2), box.y + lh // 2),
                                   ERROR, True, anchor="center")
                    continue
                span = sym.length_beats(model.bpb) / model.bpb * box.w if sym.kind in (
                    "hold", "roll") else 0
                for a in sym.parts:
                    lane = lane_of.get(a, 0)
                    c = LANE_COLOURS[lane % len(LANE_COLOURS)]
                    y = box.y + lane * lh
                    if span:
                        pygame.draw.rect(canvas, tuple(v // 2 for v in c),
                                         (int(x), y + lh // 3, int(span), max(2, lh // 3)))
                    cell = pygame.Rect(int(x) + 1, y + 2, max(3, int(sw) - 2), lh - 4)
                    if tok.startswith(AVOID):
                        pygame.draw.rect(canvas, ERROR, cell, 2, border_radius=3)
                        pygame.draw.line(canvas, ERROR, cell.topleft, cell.bottomright, 2)
                    else:
                        pygame.draw.rect(canvas, c, cell, border_radius=3)
                    if sw >= 9:
                        self.text.blit(canvas, ch, glyph, cell.center,
                                       (20, 18, 24) if not tok.startswith(AVOID) else ERROR,
                                       sym.accent, anchor="center")

    def _marks(self, canvas: pygame.Surface, model: EditorModel, bar: int,
               box: pygame.Rect) -> None:
        """Problems on their steps: a red (or amber) frame round the step."""
        for p in model.problems:
            colour = WARN if p.problem.severity == "warning" else ERROR
            for b, frac in p.at:
                if b != bar:
                    continue
                x = box.x + frac * box.w
                w = max(6, box.w / model.grid)
                pygame.draw.rect(canvas, colour, (int(x) - 1, box.y - 3, int(w) + 2,
                                                  box.h + 6), 2)
            if not p.at and bar in p.bars and len(p.bars) < model.bars:
                pygame.draw.line(canvas, colour, (box.x, box.bottom + 4),
                                 (box.right, box.bottom + 4), 3)

    def _cursor(self, canvas: pygame.Surface, model: EditorModel, box: pygame.Rect,
                lh: int) -> None:
        c = model.cursor
        cw = box.w / model.grid
        x = box.x + c.step * cw
        pygame.draw.line(canvas, GOLD, (int(x), box.y - 8), (int(x), box.bottom + 8), 2)
        cell = pygame.Rect(int(x), box.y + c.lane * lh, max(4, int(cw)), lh)
        pygame.draw.rect(canvas, (255, 255, 255), cell, 2)
        if model.avoid_next:
            self.text.blit(canvas, "!", 18, (cell.right + 4, cell.y), ERROR, True)

    def _lane_names(self, canvas: pygame.Surface, model: EditorModel, lh: int) -> None:
        stage = model.stage_of(model.cursor.bar)
        for n, a in enumerate(stage.actions):
            label = stage.action_labels.get(a, a)
            col = LANE_COLOURS[n % len(LANE_COLOURS)]
            on = n == model.cursor.lane
            self.text.blit(canvas, self.text.fit(label, 13, X0 - 12), 13,
                           (X0 - 6, TOP + n * lh + lh // 2), col if on else DIM, on,
                           anchor="midright")

    def _file_line(self, canvas: pygame.Surface, model: EditorModel) -> None:
        """The line of the file the cursor's interval writes, as it stands (unsaved or not):
        what `check` and a text editor will see."""
        i = model.interval_of(model.cursor.bar)
        line = model.pattern_line(i)
        if line is None:
            return
        number, source = line
        self.text.blit(canvas, self.text.fit(f"line {number}:  {source.strip()}", 15, W - 80),
                       15, (40, 450), (200, 196, 210))

    def _legend(self, canvas: pygame.Surface, model: EditorModel) -> None:
        """The stage's symbols (what to type), then the grammar every stage shares."""
        t = self.text
        stage = model.stage_of(model.cursor.bar)
        x, y = 40, 478
        t.blit(canvas, f"{stage.title}:", 16, (x, y), (255, 190, 130), True)
        x += t.render(f"{stage.title}:", 16, INK, True).get_width() + 14
        lane_of = {a: n for n, a in enumerate(stage.actions)}
        for ch, sym in stage.symbols.items():
            doc = sym.doc or sym.action
            if doc.startswith(f"{ch}:"):      # "1: jab" -> "jab"
                doc = doc[len(ch) + 1:]
            doc = doc.split(":")[0].split("(")[0].strip()
            label = t.fit(doc, 14, 170)
            width = 30 + t.render(label, 14, INK).get_width()
            if x + width > W - 40:
                x, y = 40 + 120, y + 26
            col = LANE_COLOURS[lane_of.get(sym.parts[0], 0) % len(LANE_COLOURS)]
            pygame.draw.rect(canvas, col, (x, y, 22, 20), border_radius=4)
            t.blit(canvas, ch, 15, (x + 11, y + 10), (20, 18, 24), True, anchor="center")
            t.blit(canvas, label, 14, (x + 26, y + 2), INK)
            x += width + 12
        t.blit(canvas, ". silence   = hold   ^ lift   ~ roll   ! avoid   (a second lane on a "
               "step makes a chord)", 14, (40, y + 30), DIM)

    def _problems(self, canvas: pygame.Surface, model: EditorModel, status: str) -> None:
        t = self.text
        y = 564
        here = model.problems_at(model.cursor.bar, model.cursor.step)
        errors = len(model.errors)
        warnings = len(model.problems) - errors
        if not model.problems:
            t.blit(canvas, "no errors, no warnings", 16, (40, y), (140, 220, 150), True)
        else:
            t.blit(canvas, f"{errors} error{'s' * (errors != 1)}, {warnings} warning"
                   f"{'s' * (warnings != 1)}", 16, (40, y),
                   ERROR if errors else WARN, True)
        cursor = model.cursor
        for n, p in enumerate(here[:2]):
            on_step = any(b == cursor.bar and abs(f * model.grid - cursor.step) < 1 - 1e-9
                          for b, f in p.at)
            tag = "here: " if on_step else ("this bar: " if cursor.bar in p.bars and
                                            len(p.bars) < model.bars else "")
            colour = WARN if p.problem.severity == "warning" else ERROR
            line = t.fit(tag + str(p.problem), 15, W - 80)
            t.blit(canvas, line, 15, (40, y + 24 + n * 21), colour)
        if status:
            t.blit(canvas, t.fit(status, 16, W - 80), 16, (40, y + 70), (255, 236, 200))

    def _footer(self, canvas: pygame.Surface) -> None:
        t = self.text
        lines = ("type a symbol   Enter/click place   Del/right-click erase   arrows move   "
                 "Ctrl+arrows bar/grid   Shift+arrows select bars",
                 "Ctrl+C/X/V bars   Ctrl+Z/Y undo/redo   Ctrl+S save   Space play from "
                 "cursor   Shift+Space loop selection   Tab tap tempo   Esc leave")
        for n, line in enumerate(lines):
            t.blit(canvas, line, 14, (W // 2, 674 + n * 20), (170, 170, 180), anchor="center")


def time_label(model: EditorModel, bar: int) -> str:
    level = model.level or model.base
    s = bar_time(level, bar)
    return f"{int(s) // 60}:{s % 60:04.1f}"
