"""Small plots drawn with pygame.draw, for the workout: bars with a goal line, a work/rest
strip, horizontal bars per stage, step lines over weeks and a year's heat map.

Each function draws once into a surface (screens pre-render them; a frame is one blit) and
returns the rects it drew, so tests can check what a player would see. Colour is never the
only signal: bars carry numbers, lines carry markers, the heat map has a legend.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import pygame

from game.gfx.draw import lerp_colour
from game.gfx.palette import DIM, INK, REST, WORK
from game.gfx.text import TextCache

Colour = tuple[int, int, int]
GRID = (60, 54, 66)
EMPTY = (44, 40, 50)
HOT = (255, 176, 70)
GOAL = (150, 220, 160)
HEAT_LEVELS = 5


def heat_colour(level: int) -> Colour:
    if level <= 0:
        return EMPTY
    return lerp_colour((92, 58, 52), HOT, (level - 1) / (HEAT_LEVELS - 2))


def heat_level(value: float, top: float) -> int:
    """0 for nothing, else 1..HEAT_LEVELS-1 by share of the top value."""
    if value <= 0 or top <= 0:
        return 0
    return max(1, min(HEAT_LEVELS - 1, round(value / top * (HEAT_LEVELS - 1))))


def marker_at(surf: pygame.Surface, shape: str, colour: Colour, centre: tuple[int, int],
              r: int) -> None:
    """A stage's stats marker (the descriptor's `stats_shape`) on a line."""
    x, y = centre
    if shape == "diamond":
        pygame.draw.polygon(surf, colour, [(x, y - r), (x + r, y), (x, y + r), (x - r, y)])
    elif shape == "triangle":
        pygame.draw.polygon(surf, colour, [(x, y - r), (x + r, y + r), (x - r, y + r)])
    elif shape == "square":
        pygame.draw.rect(surf, colour, (x - r, y - r, 2 * r, 2 * r))
    elif shape == "cross":
        pygame.draw.line(surf, colour, (x - r, y - r), (x + r, y + r), 3)
        pygame.draw.line(surf, colour, (x - r, y + r), (x + r, y - r), 3)
    elif shape == "dash":
        pygame.draw.rect(surf, colour, (x - r - 2, y - 2, 2 * r + 4, 5))
    else:
        pygame.draw.circle(surf, colour, centre, r)


def work_rest_strip(surf: pygame.Surface, box: pygame.Rect, text: TextCache,
                    work_s: float, rest_s: float) -> tuple[pygame.Rect, pygame.Rect]:
    """One bar split into work (red, left) and rest (blue, right), each with its minutes."""
    total = work_s + rest_s
    split = round(box.width * work_s / total) if total > 0 else 0
    work = pygame.Rect(box.left, box.top, split, box.height)
    rest = pygame.Rect(box.left + split, box.top, box.width - split, box.height)
    pygame.draw.rect(surf, EMPTY, box, border_radius=6)
    if work.width:
        pygame.draw.rect(surf, WORK, work, border_top_left_radius=6,
                         border_bottom_left_radius=6)
    if rest.width and total > 0:
        pygame.draw.rect(surf, REST, rest, border_top_right_radius=6,
                         border_bottom_right_radius=6)
    size = max(12, min(18, box.height - 8))
    if work.width > 70:
        text.blit(surf, "work", size, (work.left + 8, work.centery), INK, True,
                  anchor="midleft")
    if rest.width > 70:
        text.blit(surf, "rest", size, (rest.right - 8, rest.centery), INK, True,
                  anchor="midright")
    return work, rest


def interval_timeline(surf: pygame.Surface, box: pygame.Rect,
                      intervals: Sequence[Sequence]) -> list[pygame.Rect]:
    """A play as it went, left to right: a segment per interval, as wide as its seconds;
    work is red and filled from the bottom by the share of its moves done (a faded round
    shows as a half-empty block), rest is a low blue band."""
    total = sum(float(iv[1]) for iv in intervals)
    pygame.draw.rect(surf, EMPTY, box)
    rects: list[pygame.Rect] = []
    if total <= 0:
        return rects
    x = float(box.left)
    for kind, secs, done, owed, *_rest in intervals:
        w = box.width * float(secs) / total
        seg = pygame.Rect(round(x), box.top, max(1, round(x + w) - round(x)), box.height)
        x += w
        rects.append(seg)
        if kind == "work":
            pygame.draw.rect(surf, lerp_colour(EMPTY, WORK, 0.35), seg)
            share = min(1.0, done / owed) if owed else 1.0
            h = round(seg.height * share)
            pygame.draw.rect(surf, WORK, (seg.left, seg.bottom - h, seg.width, h))
        else:
            low = seg.height // 3
            pygame.draw.rect(surf, REST, (seg.left, seg.bottom - low, seg.width, low))
        if seg.left > box.left:
            pygame.draw.line(surf, (20, 18, 24), seg.topleft, seg.bottomleft, 1)
    return rects


def bars(surf: pygame.Surface, box: pygame.Rect, text: TextCache,
         values: Sequence[tuple[str, float]], goal: float | None = None,
         highlight_last: bool = True, unit: str = "") -> list[pygame.Rect]:
    """Vertical bars with their values on top and labels below; an optional goal line."""
    top = max([v for _l, v in values] + [goal or 0.0, 0.0])
    plot = pygame.Rect(box.left, box.top + 18, box.width, box.height - 40)
    pygame.draw.line(surf, GRID, plot.bottomleft, plot.bottomright, 1)
    slot = plot.width / max(1, len(values))
    rects = []
    for k, (label, v) in enumerate(values):
        h = round(plot.height * v / top) if top > 0 else 0
        r = pygame.Rect(round(plot.left + k * slot + slot * 0.15), plot.bottom - h,
                        max(2, round(slot * 0.7)), h)
        rects.append(r)
        last = highlight_last and k == len(values) - 1
        if h:
            pygame.draw.rect(surf, HOT if last else (214, 132, 84), r,
                             border_top_left_radius=3, border_top_right_radius=3)
            text.blit(surf, f"{v:.0f}{unit}", 12, (r.centerx, r.top - 2), INK,
                      anchor="midbottom")
        text.blit(surf, label, 12, (r.centerx, plot.bottom + 4), DIM, anchor="midtop")
    if goal and top > 0:
        y = round(plot.bottom - plot.height * goal / top)
        for x in range(plot.left, plot.right, 12):   # dashed: a goal, not a bar
            pygame.draw.line(surf, GOAL, (x, y), (min(x + 6, plot.right), y), 2)
        text.blit(surf, f"goal {goal:.0f}{unit}", 12, (plot.right, y - 2), GOAL,
                  anchor="bottomright")
    return rects


def hbars(surf: pygame.Surface, box: pygame.Rect, text: TextCache,
          rows: Sequence[tuple[str, float, str, Colour]], label_w: int = 130
          ) -> list[pygame.Rect]:
    """One horizontal bar per row: (label, value, value words, colour)."""
    if not rows:
        return []
    top = max(v for _l, v, _w, _c in rows) or 1.0
    row_h = min(30, box.height // len(rows))
    width = box.width - label_w - 120
    out = []
    for k, (label, v, words, colour) in enumerate(rows):
        y = box.top + k * row_h
        text.blit(surf, text.fit(label, 14, label_w - 8), 14, (box.left, y + row_h // 2),
                  INK, anchor="midleft")
        r = pygame.Rect(box.left + label_w, y + 4, max(2, round(width * v / top)),
                        row_h - 8)
        pygame.draw.rect(surf, colour, r, border_radius=3)
        text.blit(surf, words, 13, (r.right + 6, r.centery), INK, anchor="midleft")
        out.append(r)
    return out


def step_lines(surf: pygame.Surface, box: pygame.Rect, text: TextCache,
               series: Sequence[tuple[str, Colour, str, Sequence[tuple[date, float]]]],
               lo: float, hi: float, fmt: str = "{:.0%}") -> dict[str, list[tuple[int, int]]]:
    """Step lines over shared x positions (weeks), with markers and a y grid."""
    plot = pygame.Rect(box.left + 40, box.top + 6, box.width - 48, box.height - 30)
    ticks = 5
    for k in range(ticks):
        v = lo + (hi - lo) * k / (ticks - 1)
        y = round(plot.bottom - (v - lo) / (hi - lo) * plot.height)
        pygame.draw.line(surf, GRID, (plot.left, y), (plot.right, y), 1)
        text.blit(surf, fmt.format(v), 12, (plot.left - 4, y), DIM, anchor="midright")
    out: dict[str, list[tuple[int, int]]] = {}
    n = max((len(p) for *_x, p in series), default=0)
    step = plot.width / max(1, n - 1)
    for name, colour, marker, points in series:
        pts = [(round(plot.left + i * step),
                round(plot.bottom - (min(hi, max(lo, v)) - lo) / (hi - lo) * plot.height))
               for i, (_d, v) in enumerate(points)]
        out[name] = pts
        stepped = []
        for i, p in enumerate(pts):
            if i:
                stepped.append((p[0], pts[i - 1][1]))
            stepped.append(p)
        if len(stepped) > 1:
            pygame.draw.lines(surf, colour, False, stepped, 3)
        for p in pts:
            marker_at(surf, marker, colour, p, 5)
    if series and n:
        first = series[0][3]
        for i in (0, n - 1):
            text.blit(surf, f"{first[i][0]:%d %b}".lstrip("0"), 12,
                      (round(plot.left + i * step), plot.bottom + 4), DIM,
                      anchor="midtop" if 0 < i < n - 1 else ("topleft" if i == 0
                                                             else "topright"))
    return out


def year_heat_map(surf: pygame.Surface, origin: tuple[int, int], text: TextCache,
                  days: Sequence[tuple[date, float]], today: date, cell: int = 11,
                  gap: int = 2, marks: Sequence[date] = ()) -> dict[date, pygame.Rect]:
    """A year of days, a column per week (Monday on top), shaded by minutes; month names
    above, today outlined, `marks` (e.g. finished montages) dotted."""
    x0, y0 = origin
    top = max((m for _d, m in days), default=0.0)
    marked = set(marks)
    rects: dict[date, pygame.Rect] = {}
    for k, (day, minutes) in enumerate(days):
        col, row = divmod(k, 7)
        r = pygame.Rect(x0 + col * (cell + gap), y0 + row * (cell + gap), cell, cell)
        rects[day] = r
        if day > today:
            pygame.draw.rect(surf, EMPTY, r, 1, border_radius=2)
            continue
        pygame.draw.rect(surf, heat_colour(heat_level(minutes, top)), r, border_radius=2)
        if day in marked:
            pygame.draw.circle(surf, (255, 250, 235), r.center, 2)
        if day == today:
            pygame.draw.rect(surf, INK, r.inflate(4, 4), 2, border_radius=3)
        if row == 0 and (day.day <= 7 or col == 0):
            text.blit(surf, f"{day:%b}", 12, (r.left, y0 - 4), DIM, anchor="bottomleft")
    return rects


def heat_legend(surf: pygame.Surface, pos: tuple[int, int], text: TextCache, top: float,
                unit: str = "min") -> None:
    x, y = pos
    text.blit(surf, "none", 12, (x, y + 6), DIM, anchor="midleft")
    for lvl in range(HEAT_LEVELS):
        pygame.draw.rect(surf, heat_colour(lvl), (x + 34 + lvl * 16, y, 12, 12),
                         border_radius=2)
    text.blit(surf, f"{top:.0f} {unit}" if top else "most", 12,
              (x + 40 + HEAT_LEVELS * 16, y + 6), DIM, anchor="midleft")


def range_bar(surf: pygame.Surface, box: pygame.Rect, low: float, high: float,
              scale_top: float, colour: Colour = HOT) -> pygame.Rect:
    """A band from low to high on a 0..scale_top axis: an estimate drawn as a range."""
    pygame.draw.rect(surf, EMPTY, box, border_radius=box.height // 2)
    if scale_top <= 0:
        return pygame.Rect(box.left, box.top, 0, box.height)
    a = box.left + round(box.width * min(1.0, low / scale_top))
    b = box.left + round(box.width * min(1.0, high / scale_top))
    band = pygame.Rect(a, box.top, max(4, b - a), box.height)
    pygame.draw.rect(surf, colour, band, border_radius=box.height // 2)
    return band
