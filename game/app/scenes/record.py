"""Record mode: hear the level's tempo as a click, tap a pattern on the stage's keys, and the
taps are quantised to the chosen grid and written into that interval's `pattern:`."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

import pygame

from game.app.input import Bindings
from game.app.scene import Scene
from game.core.clock import SongClock
from game.core.loader import LevelError, parse_level
from game.core.record import RecordError, RecordResult, quantise, record_interval
from game.core.safeio import read_bounded
from game.core.schema import MAX_FILE_BYTES
from game.gfx import chrome
from game.stages import get_stage

W, H = 1280, 720
GRIDS = (1, 2, 3, 4, 6, 8)
MAX_BARS_SHOWN = 16
FOOTER_Y = 640                # the message line; the key help sits 40 px below it
GRID_BOTTOM = FOOTER_Y - 12   # the step grid always ends above the footer
GRID_X, COL_GAP, BAR_GAP = 80, 48, 10


class GridLayout(NamedTuple):
    cols: int
    rows: int
    col_step: int     # px from one column of bars to the next
    cell: int         # px per step
    lane_h: int       # px per action lane
    row_h: int        # px from one bar to the one below


def write_atomically(path: Path, text: str) -> None:
    """The old file or the new one, never half of either."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:  # a full disk: no half-written temporary file left beside it
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


class RecordScene(Scene):
    wants_fast_polling = True

    def __init__(self, app: Any, path: str | Path) -> None:
        super().__init__(app)
        self.path = Path(path)
        self.text = read_bounded(self.path, MAX_FILE_BYTES).decode("utf-8")
        self.level = parse_level(self.text, str(self.path))
        self.rules = get_stage(self.level.stage)
        self.bindings = Bindings(self.rules, app.settings.bindings)
        self.works = [i for i, iv in enumerate(self.level.intervals) if iv.is_work]
        self.pick = 0
        self.grid = GRIDS.index(4)
        self.state = "choose"        # choose -> recording -> review
        self.taps: list[tuple[str, float]] = []
        self.clock: SongClock | None = None
        self.result: RecordResult | None = None
        self.message = ""
        self.backdrop = app.menu_backdrop()

    @property
    def index(self) -> int:
        return self.works[self.pick]

    def _span(self) -> tuple[float, float]:
        return self.level.interval_times(self.index)

    def _start(self, now_ns: int) -> None:
        """One bar of clicks, then the interval's beats: the click track is scheduled as a
        whole so what is heard and what is stamped share one reference."""
        iv = self.level.intervals[self.index]
        tm = self.level.tempo_map
        first = iv.start_beat - self.level.beats_per_bar
        beats = [first + k for k in range(int(iv.end_beat - first))]
        t_first = tm.time_at(first)
        ref = now_ns
        if self.app.audio is not None:
            ref = self.app.audio.play_click_track(
                [tm.time_at(b) - t_first for b in beats],
                [round(b - iv.start_beat) % self.level.beats_per_bar == 0 for b in beats],
                now_ns)
        self.clock = SongClock(ref - round(t_first * 1e9),
                               audio_offset_ms=self.app.settings.audio_offset_ms,
                               visual_offset_ms=self.app.settings.visual_offset_ms)
        self.taps = []
        self.state = "recording"

    def _finish(self) -> None:
        try:
            self.result = record_interval(self.text, self.level, self.index, self.taps,
                                          GRIDS[self.grid], self.rules)
            self.message = (f"{self.result.recording.kept} taps kept, "
                            f"{self.result.recording.dropped} doubled, "
                            f"{self.result.recording.outside} outside the interval")
        except (RecordError, LevelError) as e:
            self.result = None
            self.message = f"could not record: {e}"
        self.state = "review"

    def _save(self) -> None:
        if self.result is None:
            return
        try:
            write_atomically(self.path, self.result.text)
        except OSError as e:  # the take stays in review: fix the disk, press save again
            self.message = (f"could not save to {self.path.name} ({e.strerror or e}); the "
                            "take is kept here, save again once the disk is fixed")
            return
        self.text = self.result.text
        self.level = parse_level(self.text, str(self.path))
        self.message = f"saved interval {self.index + 1} to {self.path.name}"
        self.state = "choose"

    def handle(self, event: pygame.event.Event, stamp_ns: int) -> None:
        if self.state == "recording":
            hit = self.bindings.action_for(event)
            if hit is not None and hit[1] and self.clock is not None:
                self.taps.append((hit[0], self.clock.song_time(stamp_ns)))
            elif event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE:
                self.state = "choose"
            return
        if event.type != pygame.KEYDOWN:
            return
        k = event.key
        if k == pygame.K_ESCAPE:
            self.app.pop()
        elif self.state == "choose":
            if k == pygame.K_UP:
                self.pick = (self.pick - 1) % len(self.works)
            elif k == pygame.K_DOWN:
                self.pick = (self.pick + 1) % len(self.works)
            elif k == pygame.K_LEFT:
                self.grid = max(0, self.grid - 1)
            elif k == pygame.K_RIGHT:
                self.grid = min(len(GRIDS) - 1, self.grid + 1)
            elif k in (pygame.K_RETURN, pygame.K_SPACE):
                self._start(stamp_ns)
        elif self.state == "review":
            if k in (pygame.K_s, pygame.K_RETURN):
                self._save()
            elif k == pygame.K_r:
                self._start(stamp_ns)

    def update(self, now_ns: int) -> None:
        if self.state != "recording" or self.clock is None:
            return
        t = self.clock.song_time(now_ns)
        if t >= self._span()[1] + 0.1:
            self._finish()

    def draw(self, canvas: pygame.Surface) -> Iterator[None] | None:
        text = self.app.text
        self.backdrop.draw(canvas, veil=140 if self.state == "recording" else 100)
        chrome.draw_panel(canvas, (40, 104, W - 80, FOOTER_Y - 104 + 30), alpha=200)
        keys = "   ".join(f"{self.rules.action_labels.get(a, a)}: {self.bindings.label(a)}"
                          for a in self.rules.actions)
        chrome.heading(canvas, text, text.fit(f"RECORD  -  {self.level.title}", 32, W - 300,
                                              True), text.fit(keys, 17, W - 120), size=32)
        for k, i in enumerate(self.works):
            iv = self.level.intervals[i]
            on = k == self.pick
            col = (255, 214, 90) if on else (220, 220, 225)
            label = f"interval {i + 1}: {iv.name or 'work'} ({iv.bars} bars)"
            text.blit(canvas, label, 20, (60, 120 + k * 30), col, on)
            text.blit(canvas, iv.pattern[:60], 16, (520, 122 + k * 30), (160, 160, 170))
        y = 140 + len(self.works) * 30
        text.blit(canvas, f"grid: {GRIDS[self.grid]} steps a beat  (Left/Right)", 20, (60, y),
                  (200, 220, 255))
        bars = self.level.intervals[self.index].bars
        if bars > MAX_BARS_SHOWN:
            text.blit(canvas, f"the first {MAX_BARS_SHOWN} of {bars} bars are shown", 16,
                      (W - 80, y + 3), (160, 160, 170), anchor="topright")
        self._draw_grid(canvas, y + 44)
        help_line = {"choose": "Up/Down interval   Left/Right grid   Enter record   Esc back",
                     "recording": "tap along after the count-in bar   Esc stop",
                     "review": "S save into the file   R record again   Esc back"}[self.state]
        chrome.footer(canvas, text, help_line, y=FOOTER_Y + 50)
        if self.message:
            text.blit(canvas, self.message, 18, (60, FOOTER_Y), (255, 210, 140))
        return None

    def _grid_layout(self, y: int, bars: int, per_bar: int, lanes: int) -> GridLayout:
        """Fit `bars` bars between y and the footer: one column of full-height rows if they
        fit, else two columns (bars 1-8 left, 9-16 right), then thinner lanes; three or four
        columns only when even thin lanes do not fit in two."""
        room = GRID_BOTTOM - y
        lanes = max(1, lanes)
        preferred = max(6, min(14, 56 // lanes))
        options = []
        for cols in (1, 2, 3, 4):
            rows = -(-bars // cols)
            col_w = (W - 2 * GRID_X - (cols - 1) * COL_GAP) // cols
            cell = min(36, col_w // max(1, per_bar))
            lane_h = max(1, min(preferred, ((room + BAR_GAP) // rows - BAR_GAP) // lanes))
            options.append(GridLayout(cols, rows, col_w + COL_GAP, cell, lane_h,
                                      lane_h * lanes + BAR_GAP))
        for ok in (lambda o: o.cols <= 2 and o.lane_h == preferred,
                   lambda o: o.cols <= 2 and o.lane_h >= 6,
                   lambda o: o.lane_h >= 6):
            layout = next((o for o in options if ok(o)), None)
            if layout is not None:
                return layout
        return max(options, key=lambda o: min(o.lane_h, o.cell))

    def _draw_grid(self, canvas: pygame.Surface, y: int) -> None:
        """The interval's bars as a step grid with the taps snapped so far."""
        iv = self.level.intervals[self.index]
        steps_per_beat = GRIDS[self.grid]
        rec = quantise(self.taps, self.level.tempo_map, iv.start_beat, iv.bars,
                       self.level.beats_per_bar, steps_per_beat) if self.taps else None
        per_bar = steps_per_beat * self.level.beats_per_bar
        bars = min(iv.bars, MAX_BARS_SHOWN)
        lanes = {a: k for k, a in enumerate(self.rules.actions)}
        g = self._grid_layout(y, bars, per_bar, len(lanes))
        cell, lane_h = g.cell, g.lane_h
        block = lane_h * len(lanes)

        def origin(b: int) -> tuple[int, int]:
            col, row = divmod(b, g.rows)
            return GRID_X + col * g.col_step, y + row * g.row_h

        t = self.clock.song_time() if (self.clock and self.state == "recording") else None
        for b in range(bars):
            bx, by = origin(b)
            self.app.text.blit(canvas, str(b + 1), 13, (bx - 6, by + block // 2),
                               (150, 150, 160), anchor="midright")
            for s in range(per_bar):
                x = bx + s * cell
                shade = (60, 60, 72) if s % steps_per_beat == 0 else (40, 40, 50)
                pygame.draw.rect(canvas, shade, (x, by, cell - 2, block))
                action = rec.grid[b][s] if rec is not None else None
                if action is not None:
                    pygame.draw.rect(canvas, (240, 150, 90), (x, by + lanes[action] * lane_h,
                                                              cell - 2, max(1, lane_h - 1)))
        if t is not None:
            beat = self.level.tempo_map.beat_at(t) - iv.start_beat
            if beat < 0:      # the count-in, up in the free corner right of the title
                count = int(-beat) + 1
                self.app.text.blit(canvas, str(count), 90, (W - 120, 110), (255, 240, 210),
                                   True, anchor="center")
            else:
                bar, within = divmod(beat, self.level.beats_per_bar)
                if bar < bars:
                    bx, by = origin(int(bar))
                    x = bx + within * steps_per_beat * cell
                    pygame.draw.line(canvas, (255, 255, 255), (x, by - 4),
                                     (x, by + block + 4), 2)
