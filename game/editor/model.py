"""The level editor's model: cursor, selection, edits, undo and redo, the file's new text.

Pure (no pygame), so every edit is tested without a window. The level's structure (its
intervals and their bars) stays as the file has it; the editor changes what the bars hold
(each work interval's `pattern:`) and tempos. The file is the source of truth: `text` is
the original with only the changed values swapped in place (game.core.yamlspan), so
comments, key order and layout stay byte for byte, and an edit undone leaves the file as it
was. After every edit the new text goes through the loader and the lint, so errors and
warnings are exactly what `montage check` says, file:line:col, and each is placed on the
step of the timeline it points at.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from game.core.bars import bar_count, locate
from game.core.level import (
    AVOID,
    HOLD_ON,
    RELEASE,
    ROLL_ON,
    SILENT,
    Level,
    is_cue_token,
    split_bars,
    token_mark,
)
from game.core.lint import lint_level
from game.core.loader import LevelError, parse_level
from game.core.stage import StageInfo, stage_info
from game.core.yamlspan import Events, Path, SpanError, quoted, replace_values, scalar_span
from game.editor import grid
from game.editor.grid import Bar, GridError
from game.editor.problems import Placed, ProblemMap, nearest

SNAPS = (1, 2, 3, 4, 6, 8, 12)    # grid steps a beat
MAX_UNDO = 500


@dataclass(frozen=True)
class Cursor:
    bar: int      # 0-based bar of the level
    step: int     # step on the editor's grid (snap * beats_per_bar steps a bar)
    lane: int     # action lane of the bar's stage


@dataclass(frozen=True)
class State:
    """What an edit changes; undo keeps these (tuples share what did not change)."""

    bars: tuple[tuple[Bar, ...] | None, ...]   # per interval; None for a rest
    tempos: tuple[tuple[Path, float], ...] = ()


def _expand(level: Level, i: int) -> tuple[Bar, ...] | None:
    iv = level.intervals[i]
    if not iv.is_work:
        return None
    pattern = [tuple(t for t, _p in bar) for bar in split_bars(iv.pattern)] or [(grid.REST,)]
    return tuple(pattern[k % len(pattern)] for k in range(iv.bars))


class EditorModel:
    def __init__(self, text: str, filename: str = "<level>") -> None:
        self.filename = filename
        level = parse_level(text, filename)   # a level must load before it can be edited
        self._load(text, level)
        self.state = self.original
        self.cursor = Cursor(self._first_work_bar(), 0, 0)
        self.snap = SNAPS.index(2) if 2 * level.beats_per_bar <= 48 else 0
        self.anchor: int | None = None        # the other end of a bar selection
        self.clipboard: tuple[Bar | None, ...] = ()
        self.avoid_next = False               # '!' typed: the next symbol is an avoid
        self.undo_stack: list[tuple[State, Cursor]] = []
        self.redo_stack: list[tuple[State, Cursor]] = []
        self.message = ""
        self._tap_run: object = None
        self._refresh()

    def _load(self, text: str, level: Level) -> None:
        """Take `text` as the file on disk: the baseline edits are compared with."""
        self.saved_text = text
        self.base = level
        self.bpb = level.beats_per_bar
        self.stages: tuple[StageInfo, ...] = tuple(
            stage_info(level.stage_of(i)) for i in range(len(level.intervals)))
        self.bar_map = tuple(locate(level, b) for b in range(bar_count(level)))
        self.original = State(tuple(_expand(level, i) for i in range(len(level.intervals))))
        self.raw_bars = tuple(iv.pattern.split("|") for iv in level.intervals)
        events = Events(text)
        self.locked: dict[int, str] = {}
        for i, iv in enumerate(level.intervals):
            if iv.is_work:
                try:
                    scalar_span(text, events, ("intervals", i, "pattern"))
                except SpanError as e:
                    self.locked[i] = str(e)

    def _first_work_bar(self) -> int:
        return next((b for b, (i, _k) in enumerate(self.bar_map)
                     if self.original.bars[i] is not None), 0)

    # -- where things are ------------------------------------------------------------------
    @property
    def bars(self) -> int:
        return len(self.bar_map)

    @property
    def grid(self) -> int:
        """Editor grid steps in a bar."""
        return SNAPS[self.snap] * self.bpb

    def interval_of(self, bar: int) -> int:
        return self.bar_map[bar][0]

    def stage_of(self, bar: int) -> StageInfo:
        return self.stages[self.interval_of(bar)]

    def lanes(self, bar: int) -> tuple[str, ...]:
        return self.stage_of(bar).actions

    def bar_tokens(self, bar: int, state: State | None = None) -> Bar | None:
        i, k = self.bar_map[bar]
        bars = (state or self.state).bars[i]
        return None if bars is None else bars[k]

    def next_first(self, bar: int, state: State | None = None) -> str | None:
        """The first step after `bar` in its interval (a hold may run on into it), or
        grid.END after the interval's last bar."""
        i, k = self.bar_map[bar]
        bars = (state or self.state).bars[i]
        return bars[k + 1][0] if bars is not None and k + 1 < len(bars) else grid.END

    @property
    def selection(self) -> range:
        a = self.cursor.bar if self.anchor is None else self.anchor
        return range(min(a, self.cursor.bar), max(a, self.cursor.bar) + 1)

    @property
    def dirty(self) -> bool:
        return self.text != self.saved_text

    def held_at(self, bar: int, index: int, tokens: Bar | None = None) -> tuple[str, ...]:
        """The actions a hold (or roll) keeps down at step `index` of `bar` (its own grid)."""
        i, k = self.bar_map[bar]
        bars = self.state.bars[i]
        if bars is None:
            return ()
        flat: list[str] = []
        for j, b in enumerate(bars[:k + 1]):
            flat += list(tokens if (j == k and tokens is not None) else b)
        pos = len(flat) - len(tokens if tokens is not None else bars[k]) + index
        return self._holder(flat, pos, self.stages[i])

    def held_steps(self, bar: int) -> list[tuple[str, ...]]:
        """For each step of `bar`, the actions a hold or roll keeps down through it."""
        i, k = self.bar_map[bar]
        bars = self.state.bars[i]
        if bars is None:
            return []
        symbols = self.stages[i].symbols
        holder: tuple[str, ...] = ()
        out: list[tuple[str, ...]] = []
        for j, tokens in enumerate(bars[:k + 1]):
            for tok in tokens:
                mark = token_mark(tok)
                if j == k:
                    out.append(holder if mark in (HOLD_ON, RELEASE, ROLL_ON) else ())
                if mark == RELEASE or (not mark and not is_cue_token(tok)):
                    holder = ()
                elif not mark:
                    holder = grid.actions_of(tok, symbols)
        return out

    @staticmethod
    def _holder(flat: list[str], pos: int, stage: StageInfo) -> tuple[str, ...]:
        if pos >= len(flat) or token_mark(flat[pos]) not in (HOLD_ON, RELEASE, ROLL_ON):
            return ()
        for j in range(pos - 1, -1, -1):
            tok = flat[j]
            if token_mark(tok) in (HOLD_ON, ROLL_ON):
                continue
            return grid.actions_of(tok, stage.symbols) if is_cue_token(tok) else ()
        return ()

    # -- moving -------------------------------------------------------------------------
    def move(self, steps: int = 0, bars: int = 0, lanes: int = 0, extend: bool = False
             ) -> None:
        """Move the cursor; `extend` grows the bar selection instead of dropping it."""
        if extend and self.anchor is None:
            self.anchor = self.cursor.bar
        elif not extend:
            self.anchor = None
        g = self.grid
        pos = (self.cursor.bar + bars) * g + self.cursor.step + steps
        pos = max(0, min(self.bars * g - 1, pos))
        bar, step = divmod(pos, g)
        lane = max(0, min(len(self.lanes(bar)) - 1, self.cursor.lane + lanes))
        self.cursor = Cursor(bar, step, lane)

    def go(self, bar: int, step: int = 0, lane: int | None = None, extend: bool = False
           ) -> None:
        """Put the cursor on a bar and step (a click, Home/End, a jump)."""
        if extend and self.anchor is None:
            self.anchor = self.cursor.bar
        elif not extend:
            self.anchor = None
        bar = max(0, min(self.bars - 1, bar))
        lane = self.cursor.lane if lane is None else lane
        self.cursor = Cursor(bar, max(0, min(self.grid - 1, step)),
                             max(0, min(len(self.lanes(bar)) - 1, lane)))

    def set_snap(self, index: int) -> None:
        """A finer or coarser grid; the cursor stays at (or just before) the same moment."""
        index = max(0, min(len(SNAPS) - 1, index))
        if SNAPS[index] * self.bpb > grid.MAX_STEPS_PER_BAR:
            return
        old = self.grid
        self.snap = index
        self.cursor = replace(self.cursor, step=self.cursor.step * self.grid // old)

    # -- edits --------------------------------------------------------------------------
    def _commit(self, state: State, message: str, cursor: Cursor | None = None,
                coalesce: object = None) -> None:
        if state == self.state:
            return
        if coalesce is None or coalesce is not self._tap_run:
            self.undo_stack.append((self.state, self.cursor))
            del self.undo_stack[:-MAX_UNDO]
        self._tap_run = coalesce
        self.redo_stack.clear()
        self.state = state
        self.message = message
        if cursor is not None:
            self.cursor = cursor
        self._refresh()

    def _with_bar(self, state: State, bar: int, tokens: Bar) -> State:
        i, k = self.bar_map[bar]
        bars = state.bars[i]
        assert bars is not None
        new = bars[:k] + (tokens,) + bars[k + 1:]
        return replace(state, bars=state.bars[:i] + (new,) + state.bars[i + 1:])

    def _editable(self, bar: int) -> bool:
        i = self.interval_of(bar)
        if self.state.bars[i] is None:
            self.message = f"bar {bar + 1} is in a rest (interval {i + 1}): rests have no steps"
            return False
        if i in self.locked:
            self.message = f"interval {i + 1}: {self.locked[i]}"
            return False
        return True

    def _cell(self, bar: int, step: int) -> tuple[Bar, int, int] | None:
        """The bar on the editor's grid when it fits it exactly (coarser or finer), else
        resampled so the grid step is one of its steps; the step's index; steps a cell."""
        tokens = self.bar_tokens(bar)
        assert tokens is not None
        nxt = self.next_first(bar)
        try:
            return grid.resample(tokens, self.grid, nxt), step, 1
        except GridError:
            pass
        try:
            fine, factor = grid.fit(tokens, self.grid, nxt)
        except GridError as e:
            self.message = str(e)
            return None
        return fine, step * factor, factor

    def _edit_cell(self, bar: int, step: int, change, message: str, whole: bool = False
                   ) -> bool:
        """Change the token at a grid step; `whole` (typing) rewrites the whole grid cell,
        as typing over a pattern would: the finer steps inside it go silent (or, for a
        hold's `=`, hold on)."""
        if not self._editable(bar):
            return False
        cell = self._cell(bar, step)
        if cell is None:
            return False
        fine, index, per = cell
        old = fine[index]
        new_tok = change(old, self.held_at(bar, index, fine))
        tokens = list(fine)
        tokens[index] = new_tok
        if whole:
            tokens[index + 1:index + per] = [HOLD_ON if new_tok == HOLD_ON else grid.REST] * (
                len(tokens[index + 1:index + per]))
        if new_tok in (HOLD_ON, RELEASE):
            j = index - 1             # a hold reaches here: the silent steps between go too
            while j >= 0 and tokens[j] in SILENT:
                j -= 1
            if j >= 0 and token_mark(tokens[j]) != RELEASE:
                tokens[j + 1:index] = [HOLD_ON] * (index - j - 1)
        state = self._with_bar(self.state, bar, tuple(tokens))
        stage = self.stage_of(bar)
        if is_cue_token(old) and not is_cue_token(new_tok):
            for action in grid.actions_of(old, stage.symbols):
                state = self._drop_tail(state, bar, index, action)
        self._commit(state, message)
        return True

    def overwrite(self, ch: str) -> bool:
        """Typing a symbol: the step becomes just that symbol, as in the pattern text."""
        bar, step = self.cursor.bar, self.cursor.step
        stage = self.stage_of(bar)
        if ch not in stage.symbols:
            return self.place(ch)     # says what the stage's symbols are
        avoid, self.avoid_next = self.avoid_next, False
        ok = self._edit_cell(bar, step, lambda _tok, _held: (AVOID if avoid else "") + ch,
                             f"{'!' if avoid else ''}{ch} at {self.where(bar, step)}",
                             whole=True)
        if ok:
            self.cursor = Cursor(bar, step, stage.actions.index(stage.symbols[ch].parts[0]))
        return ok

    def place(self, ch: str, bar: int | None = None, step: int | None = None) -> bool:
        """Put the symbol `ch` of the bar's stage at the cursor (or a given step)."""
        bar = self.cursor.bar if bar is None else bar
        step = self.cursor.step if step is None else step
        stage = self.stage_of(bar)
        if ch not in stage.symbols:
            self.message = (f"{ch!r} is not a step of {stage.title}: "
                            + ", ".join(f"{c} {s.doc or s.action}"
                                        for c, s in stage.symbols.items()))
            return False
        avoid, self.avoid_next = self.avoid_next, False
        ok = self._edit_cell(bar, step, lambda tok, held: grid.place(
            tok, ch, stage.symbols, held, avoid), f"{'!' if avoid else ''}{ch} at "
            f"{self.where(bar, step)}")
        if ok:
            lane = stage.actions.index(stage.symbols[ch].parts[0])
            self.cursor = Cursor(bar, step, lane)
        return ok

    def erase(self, bar: int | None = None, step: int | None = None,
              lane: int | None = None) -> bool:
        """Clear the lane's symbol at the cursor (a hold's head takes its tail with it)."""
        bar = self.cursor.bar if bar is None else bar
        step = self.cursor.step if step is None else step
        lane = self.cursor.lane if lane is None else lane
        if not self._editable(bar):
            return False
        stage = self.stage_of(bar)
        action = stage.actions[min(lane, len(stage.actions) - 1)]
        tokens = self.bar_tokens(bar)
        assert tokens is not None
        exact = step * len(tokens) / self.grid
        if abs(exact - round(exact)) > 1e-9:
            return False        # between two of the bar's steps: nothing is there
        index = round(exact)
        old = tokens[index]
        starts = grid.actions_of(old, stage.symbols)
        if action not in starts and action not in self.held_at(bar, index):
            return False        # nothing of this lane's on the step
        new = grid.erase(old, action, stage.symbols)
        if new == old:
            return False
        state = self._with_bar(self.state, bar, tokens[:index] + (new,) + tokens[index + 1:])
        if action in starts and not is_cue_token(new):
            state = self._drop_tail(state, bar, index, action)
        self._commit(state, f"erased at {self.where(bar, step)}")
        return True

    def _drop_tail(self, state: State, bar: int, index: int, action: str) -> State:
        """The `=`/`^` a hold's head leaves behind go with it (they would hold nothing)."""
        i, k = self.bar_map[bar]
        first = bar - k
        b, j = bar, index + 1
        stage = self.stages[i]
        while b < first + len(state.bars[i] or ()):
            tokens = self.bar_tokens(b, state)
            assert tokens is not None
            if j >= len(tokens):
                b, j = b + 1, 0
                continue
            tok = tokens[j]
            if token_mark(tok) not in (HOLD_ON, RELEASE):
                break
            state = self._with_bar(state, b, tokens[:j] + (grid.erase(tok, action, stage.symbols)
                                                           if tok not in (HOLD_ON, RELEASE)
                                                           else grid.REST,) + tokens[j + 1:])
            if token_mark(tok) == RELEASE:
                break
            j += 1
        return state

    def clear_step(self) -> bool:
        """Every lane of the cursor's step silent ('.' typed)."""
        return self._edit_cell(self.cursor.bar, self.cursor.step,
                               lambda _tok, _held: grid.REST, whole=True,
                               message=f"silence at "
                                       f"{self.where(self.cursor.bar, self.cursor.step)}")

    def mark(self, mark: str) -> bool:
        """A hold's `=`, a lift `^` or a roll's `~` at the cursor."""
        return self._edit_cell(self.cursor.bar, self.cursor.step,
                               lambda _tok, _held: mark, whole=True,
                               message=f"{mark} at {self.where(self.cursor.bar, self.cursor.step)}")

    def toggle(self, bar: int, step: int, lane: int) -> bool:
        """A click: the lane's plain symbol there, or off again if it is already there."""
        stage = self.stage_of(bar)
        lane = max(0, min(len(stage.actions) - 1, lane))
        self.go(bar, step, lane)
        tokens = self.bar_tokens(bar)
        if tokens is None:
            return self._editable(bar)
        exact = step * len(tokens) / self.grid
        if abs(exact - round(exact)) < 1e-9 and \
                stage.actions[lane] in grid.actions_of(tokens[round(exact)], stage.symbols):
            return self.erase(bar, step, lane)
        ch = self.plain_symbol(bar, lane)
        return ch is not None and self.place(ch, bar, step)

    def plain_symbol(self, bar: int, lane: int) -> str | None:
        """The lane's everyday symbol: its plain tap, else the first that plays it."""
        stage = self.stage_of(bar)
        action = stage.actions[lane]
        for want_plain in (True, False):
            for ch, sym in stage.symbols.items():
                if sym.parts[0] == action and (not want_plain or (sym.kind == "tap" and
                                                                  not sym.accent)):
                    return ch
        return None

    def type_char(self, ch: str) -> bool:
        """A character typed as in a pattern; the cursor moves on a step, as in a tracker."""
        if ch == AVOID:
            self.avoid_next = not self.avoid_next
            self.message = "the next symbol is a step to avoid" if self.avoid_next else ""
            return True
        if ch in SILENT:
            ok = self.clear_step()
        elif ch in (HOLD_ON, RELEASE, ROLL_ON):
            ok = self.mark(ch)
        elif ch in self.stage_of(self.cursor.bar).symbols:
            ok = self.overwrite(ch)
        else:
            self.place(ch)    # says what the stage's symbols are
            return False
        if ok:
            self.move(1)
        return ok

    # -- bars: copy, cut, paste ----------------------------------------------------------
    def copy(self) -> int:
        self.clipboard = tuple(self.bar_tokens(b) for b in self.selection)
        n = len(self.clipboard)
        self.message = f"copied {n} bar{'s' if n != 1 else ''}"
        return n

    def cut(self) -> int:
        n = self.copy()
        state = self.state
        for b in self.selection:
            tokens = self.bar_tokens(b, state)
            if tokens is not None and self.interval_of(b) not in self.locked:
                state = self._with_bar(state, b, (grid.REST,) * self.bpb)
        self._commit(state, f"cut {n} bar{'s' if n != 1 else ''}")
        return n

    def paste(self) -> int:
        """The copied bars over the bars from the cursor's on (rests are stepped over)."""
        work = [b for b in range(self.cursor.bar, self.bars)
                if self.bar_tokens(b) is not None and self.interval_of(b) not in self.locked]
        clip = [c for c in self.clipboard if c is not None]
        if not clip:
            self.message = "nothing copied yet: select bars (Shift+arrows) and Ctrl+C"
            return 0
        state = self.state
        for b, tokens in zip(work, clip, strict=False):
            state = self._with_bar(state, b, tokens)
        n = min(len(work), len(clip))
        self._commit(state, f"pasted {n} bar{'s' if n != 1 else ''} at bar "
                            f"{self.cursor.bar + 1}")
        return n

    # -- tempo --------------------------------------------------------------------------
    def tempo_path(self, bar: int | None = None) -> tuple[Path, int]:
        """The tempo key that sets the tempo at a bar: its interval's (or the last one
        before it with a `tempo:`), else the level's. Also that interval's index (-1)."""
        i = self.interval_of(self.cursor.bar if bar is None else bar)
        for j in range(i, -1, -1):
            if self.base.intervals[j].tempo is not None:
                return ("intervals", j, "tempo"), j
        return ("tempo",), -1

    def set_tempo(self, bpm: float, run: object = None) -> bool:
        """Set the tempo at the cursor; taps of one run make one undo step."""
        path, j = self.tempo_path()
        bpm = round(max(20.0, min(400.0, bpm)), 1)
        tempos = dict(self.state.tempos)
        tempos[path] = bpm
        where = "the level" if j < 0 else f"interval {j + 1}"
        self._commit(replace(self.state, tempos=tuple(sorted(tempos.items(), key=str))),
                     f"tempo of {where}: {bpm:g} bpm", coalesce=run)
        return True

    # -- undo ---------------------------------------------------------------------------
    def undo(self) -> bool:
        if not self.undo_stack:
            self.message = "nothing to undo"
            return False
        self.redo_stack.append((self.state, self.cursor))
        self.state, self.cursor = self.undo_stack.pop()
        self._tap_run = None
        self.message = "undone"
        self._refresh()
        return True

    def redo(self) -> bool:
        if not self.redo_stack:
            self.message = "nothing to redo"
            return False
        self.undo_stack.append((self.state, self.cursor))
        self.state, self.cursor = self.redo_stack.pop()
        self._tap_run = None
        self.message = "redone"
        self._refresh()
        return True

    # -- the file -----------------------------------------------------------------------
    def _bar_text(self, i: int, k: int, bars: tuple[Bar, ...]) -> str:
        nxt = bars[k + 1][0] if k + 1 < len(bars) else grid.END
        orig = self.original.bars[i]
        assert orig is not None
        onxt = orig[k + 1][0] if k + 1 < len(orig) else grid.END
        floor = min(len(orig[k]), len(bars[k]))   # never coarser than written, or now
        simple = grid.simplify(bars[k], nxt, floor)
        raw = self.raw_bars[i]
        if simple == grid.simplify(orig[k], onxt, floor) and \
                len(raw) == len(split_bars(self.base.intervals[i].pattern)):
            return raw[k % len(raw)].strip()   # unchanged: as the designer wrote it
        return "".join(simple)

    def pattern_of(self, i: int, bars: tuple[Bar, ...]) -> str:
        """An interval's bars as a pattern: the shortest phrase that repeats to fill it."""
        texts = [self._bar_text(i, k, bars) for k in range(len(bars))]
        n = len(texts)
        period = next(p for p in range(1, n + 1)
                      if n % p == 0 and all(texts[b] == texts[b % p] for b in range(n)))
        return "|".join(texts[:period])

    def _canon(self, bars: tuple[Bar, ...]) -> tuple[Bar, ...]:
        return tuple(grid.simplify(b, bars[k + 1][0] if k + 1 < len(bars) else grid.END)
                     for k, b in enumerate(bars))

    def serialise(self, state: State | None = None) -> str:
        """The file with the changed patterns and tempos swapped in, nothing else touched."""
        state = state or self.state
        changes: dict[Path, str] = {}
        for i, bars in enumerate(state.bars):
            orig = self.original.bars[i]
            if bars is None or orig is None or i in self.locked:
                continue
            if self._canon(bars) != self._canon(orig):
                changes[("intervals", i, "pattern")] = quoted(self.pattern_of(i, bars))
        for path, bpm in state.tempos:
            if bpm != self._base_tempo(path):
                changes[path] = f"{bpm:g}"
        return replace_values(self.saved_text, changes)

    def _base_tempo(self, path: Path) -> float | None:
        if path == ("tempo",):
            return self.base.bpm
        iv = self.base.intervals[int(path[1])]
        return iv.tempo

    def mark_saved(self) -> None:
        """The text was written to the file: it is the new baseline, and undo still goes
        back past it (tempos are kept as values, so an undone tempo is the old one)."""
        assert self.level is not None, "a level with errors is not saved"
        before = {path: self._base_tempo(path) for stack in (self.undo_stack, self.redo_stack)
                  for s, _c in stack for path, _v in s.tempos}
        before |= {path: self._base_tempo(path) for path, _v in self.state.tempos}

        def absolute(s: State) -> State:
            tempos = {p: v for p, v in before.items() if v is not None} | dict(s.tempos)
            return replace(s, tempos=tuple(sorted(tempos.items(), key=str)))
        self.undo_stack = [(absolute(s), c) for s, c in self.undo_stack]
        self.redo_stack = [(absolute(s), c) for s, c in self.redo_stack]
        self._load(self.text, self.level)
        self._refresh()

    # -- what the loader and the lint say -------------------------------------------------
    def _refresh(self) -> None:
        self.text = self.serialise()
        try:
            self.level: Level | None = parse_level(self.text, self.filename)
            problems = lint_level(self.level)
        except LevelError as e:
            self.level, problems = None, e.problems
        where = ProblemMap(self.text, self.base)
        self.problems = [where.place(p) for p in problems]

    @property
    def errors(self) -> list[Placed]:
        return [p for p in self.problems if p.is_error]

    def problems_at(self, bar: int, step: int | None = None) -> list[Placed]:
        """Problems for the cursor, nearest first: on its step, in its bar, anywhere."""
        lo, hi = (-1.0, -1.0) if step is None else (step / self.grid, (step + 1) / self.grid)
        return nearest(self.problems, bar, lo, hi, self.bars)

    def pattern_line(self, i: int) -> tuple[int, str] | None:
        """(line number, text) of the line interval i's pattern starts on, in `text`."""
        if self.base.intervals[i].kind != "work":
            return None
        try:
            a, _b = scalar_span(self.text, Events(self.text), ("intervals", i, "pattern"))
        except SpanError:
            return None
        start = self.text.rfind("\n", 0, a) + 1
        end = self.text.find("\n", a)
        return self.text.count("\n", 0, a) + 1, self.text[start:end if end >= 0 else None]

    def where(self, bar: int, step: int) -> str:
        i, k = self.bar_map[bar]
        beat = step * self.bpb / self.grid
        return f"bar {bar + 1} (interval {i + 1}, bar {k + 1}), beat {beat + 1:g}"
