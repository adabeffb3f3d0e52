"""The workout, drawn: a strip for results (after every round and session) and the stats
screen's Workout page (W or Tab on stats): the week's plan, minutes per week against the
goal, moves per stage, the coach's tempo by week and a year of days.

Both are drawn once (results and stats pre-render); a frame is one blit. Numbers come with
their words, estimates come as ranges (docs/effort.md).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date, timedelta
from typing import Any

import pygame

from game.app.scene import Scene
from game.core.effort import kcal_range, valid_weight
from game.core.stage import stage_book
from game.gfx import plots
from game.gfx.draw import vertical_gradient
from game.gfx.palette import DIM, GOLD, INK
from game.gfx.text import TextCache
from game.progress.effort_text import KCAL_CAVEAT, WEEKDAY_NAMES, clock, kcal_text, ratio_text

W, H = 1280, 720
PANEL = (26, 22, 30)
SPARE = ((230, 130, 200), "diamond")
VERBS = {"punches": "thrown", "steps": "taken", "reps": "done"}   # '76 punches thrown'


def play_kcal(effort: Mapping[str, Any], kg: float | None) -> tuple[float, float] | None:
    """(low, high) net kcal of one play's effort object, or None without a weight."""
    kg = valid_weight(kg)
    if kg is None:
        return None
    low = high = 0.0
    book = stage_book()
    for name, st in effort.get("stages", {}).items():
        info = book.get(name)
        if info is None or not info.met:
            continue
        of = st.get("of", 0)
        lo, hi = kcal_range(info.met, kg, st.get("work_s", 0.0),
                            st.get("count", 0) / of if of else 1.0)
        low, high = low + lo, high + hi
    return low, high


def moves_words(effort: Mapping[str, Any], by_noun: bool = False) -> list[str]:
    """'76 punches' per stage, in the stage's own noun, named when there are several; or
    summed by noun ('95 punches', '16 reps')."""
    book = stage_book()
    stages = effort.get("stages", {})
    out, sums = [], {}
    for name, st in stages.items():
        info = book.get(name)
        noun = info.count_noun if info is not None and info.count_noun else "moves"
        sums[noun] = sums.get(noun, 0) + st.get("count", 0)
        words = f"{st.get('count', 0)} {noun} {VERBS.get(noun, 'done')}"
        out.append(f"{info.title if info else name} {words}" if len(stages) > 1 else words)
    if by_noun:
        return [f"{n} {noun} {VERBS.get(noun, 'done')}" for noun, n in sums.items()]
    return out


def merge_efforts(efforts: list[Mapping[str, Any]]) -> dict:
    """One effort object for a session of several plays (today's montage)."""
    out: dict[str, Any] = {"work_s": 0.0, "rest_s": 0.0, "stages": {}}
    for e in efforts:
        out["work_s"] += e.get("work_s", 0.0)
        out["rest_s"] += e.get("rest_s", 0.0)
        for name, st in e.get("stages", {}).items():
            slot = out["stages"].setdefault(name, {"work_s": 0.0, "rest_s": 0.0, "count": 0,
                                                   "of": 0})
            for k in slot:
                slot[k] += st.get(k, 0)
    return out


def draw_workout_strip(surf: pygame.Surface, box: pygame.Rect, text: TextCache,
                       effort: Mapping[str, Any] | None, weight_kg: float | None) -> None:
    """The workout of a round or a session in one band: work/rest bar, minutes and ratio,
    the moves done, and the kcal range (or how to get one)."""
    if not effort:
        return
    pygame.draw.rect(surf, PANEL, box, border_radius=10)
    work, rest = effort.get("work_s", 0.0), effort.get("rest_s", 0.0)
    x, y = box.left + 14, box.top + 6
    text.blit(surf, "WORKOUT", 16, (x, y), GOLD, True)
    if effort.get("intervals"):
        text.blit(surf, "each round, filled by moves done", 11, (x + 190, y + 4), DIM,
                  anchor="topright")
    bar = pygame.Rect(x, y + 22, 190, 26)
    if effort.get("intervals"):   # the play as it went: where the work faded
        plots.interval_timeline(surf, bar, effort["intervals"])
    else:
        plots.work_rest_strip(surf, bar, text, work, rest)
    tx, width = x + 210, box.right - 14 - (x + 210)
    text.blit(surf, text.fit(f"worked {clock(work)}   rested {clock(rest)}   "
                             f"work:rest {ratio_text(work, rest)}", 18, width, True), 18,
              (tx, y), INK, True)
    moves = "   ".join(moves_words(effort))
    if text.font(15, True).size(moves)[0] > width:   # a long remix: by kind of move
        moves = "   ".join(moves_words(effort, by_noun=True))
    text.blit(surf, text.fit(moves, 15, width, True), 15, (tx, y + 22), (255, 214, 150),
              True)
    rng = play_kcal(effort, weight_kg)
    note = (f"about {kcal_text(rng)} net, {KCAL_CAVEAT}" if rng is not None else
            "minutes only: add your weight in Settings, Training for a kcal range")
    text.blit(surf, text.fit(note, 14, width), 14, (tx, y + 38), DIM)


class WorkoutScene(Scene):
    """The stats screen's second page: the work done and the week's plan."""

    def __init__(self, app: Any, today: date | None = None) -> None:
        super().__init__(app)
        self.today = today
        self.effort: Any = None
        self.surface: pygame.Surface | None = None
        self.rects: dict[str, Any] = {}

    def enter(self) -> None:
        from game.progress.attempt import local_now
        from game.progress.effort import summarize_effort
        today = self.today or local_now().date()
        store = self.app.store
        self.effort = summarize_effort(store, today, self.app.settings) if store else None
        self.surface = self._render(today)

    def handle(self, event: pygame.event.Event, stamp_ns: int) -> None:
        if event.type == pygame.KEYDOWN and event.key in (
                pygame.K_ESCAPE, pygame.K_BACKSPACE, pygame.K_w, pygame.K_TAB):
            self.app.pop()

    def draw(self, canvas: pygame.Surface) -> Iterator[None] | None:
        if self.surface is not None:
            canvas.blit(self.surface, (0, 0))
        return None

    # -- rendering ------------------------------------------------------------------------
    def _panel(self, bg: pygame.Surface, box: pygame.Rect, title: str) -> None:
        pygame.draw.rect(bg, PANEL, box.inflate(24, 44).move(0, -10), border_radius=10)
        self.app.text.blit(bg, title, 17, (box.left, box.top - 28), INK, True)

    def _render(self, today: date) -> pygame.Surface:
        bg = vertical_gradient((W, H), [(0.0, (20, 18, 26)), (1.0, (46, 30, 36))])
        text = self.app.text
        text.blit(bg, "WORKOUT", 36, (60, 26), INK, True)
        text.blit(bg, "Esc back to stats", 16, (W // 2, 700), DIM, anchor="center")
        e = self.effort
        if e is None:
            text.blit(bg, "Progress is not being saved on this computer, so there is "
                          "nothing to show.", 22, (W // 2, H // 2), INK, anchor="center")
            return bg.convert() if pygame.display.get_surface() else bg
        self._totals(bg, e)
        self._week(bg, e, pygame.Rect(60, 150, 340, 160))
        self._minutes(bg, e, pygame.Rect(460, 150, 760, 160))
        self._moves(bg, e, pygame.Rect(60, 380, 560, 150))
        self._tempo(bg, e, pygame.Rect(680, 380, 540, 150))
        self._year(bg, e, today, pygame.Rect(60, 590, 1160, 88))
        return bg.convert() if pygame.display.get_surface() else bg

    def _totals(self, bg: pygame.Surface, e: Any) -> None:
        text = self.app.text
        work = e.work_s + e.training_s
        line = (f"worked {clock(work)}   rested {clock(e.rest_s)}   "
                f"work:rest {ratio_text(e.work_s, e.rest_s)}")
        if e.unsplit_s > 0:
            line += f"   (+{clock(e.unsplit_s)} from before the workout was kept)"
        text.blit(bg, line, 20, (60, 76), INK, True)
        rng = e.kcal()
        words = (f"about {kcal_text(rng)} net in all, {KCAL_CAVEAT}" if rng is not None
                 else "minutes only: add your weight in Settings, Training for a kcal range")
        text.blit(bg, words, 16, (W - 60, 40), DIM, anchor="topright")
        bar = pygame.Rect(W - 360, 70, 300, 18)
        self.rects["work_rest"] = plots.work_rest_strip(bg, bar, text, work, e.rest_s)

    def _week(self, bg: pygame.Surface, e: Any, box: pygame.Rect) -> None:
        """Seven days: trained (filled), planned rest (R), today outlined; the goal's two
        bars: days and minutes."""
        w = e.week
        self._panel(bg, box, "This week's plan")
        text = self.app.text
        days = []
        for d in range(7):
            c = (box.left + 22 + d * 46, box.top + 30)
            day = w.monday + timedelta(days=d)
            trained, rest = d in w.trained, d in w.rest_weekdays
            colour = plots.HOT if trained else (60, 90, 130) if rest else plots.EMPTY
            pygame.draw.circle(bg, colour, c, 17)
            if day == e.today:
                pygame.draw.circle(bg, INK, c, 20, 2)
            if trained:   # a tick, drawn: no font needs the glyph
                pygame.draw.lines(bg, INK, False, [(c[0] - 7, c[1]), (c[0] - 2, c[1] + 6),
                                                   (c[0] + 8, c[1] - 6)], 3)
            elif rest:
                text.blit(bg, "R", 16, c, INK, True, anchor="center")
            text.blit(bg, WEEKDAY_NAMES[d], 12, (c[0], c[1] + 22), DIM, anchor="midtop")
            days.append(c)
        self.rects["week_days"] = days
        for k, (_label, done, goal, unit) in enumerate((
                ("days", w.days_done, w.goal_days, " days"),
                ("minutes", w.minutes_done, w.goal_minutes, " min"))):
            y = box.top + 84 + k * 36
            text.blit(bg, f"{done:.0f} of {goal}{unit}", 15, (box.left, y), INK)
            bar = pygame.Rect(box.left + 170, y + 2, box.width - 170, 14)
            pygame.draw.rect(bg, plots.EMPTY, bar, border_radius=7)
            fill = bar.copy()
            fill.width = round(bar.width * min(1.0, done / goal)) if goal else 0
            if fill.width:
                pygame.draw.rect(bg, plots.GOAL if done >= goal else plots.HOT, fill,
                                 border_radius=7)
        if w.met:
            text.blit(bg, "goal met this week", 15, (box.right, box.top - 28), plots.GOAL,
                      True, anchor="topright")

    def _minutes(self, bg: pygame.Surface, e: Any, box: pygame.Rect) -> None:
        self._panel(bg, box, "Minutes per week, against your goal")
        values = [("this" if k == len(e.weeks) - 1 else f"{d:%d %b}".lstrip("0"), m)
                  for k, (d, m) in enumerate(e.weeks)]
        self.rects["weeks"] = plots.bars(bg, box, self.app.text, values,
                                         goal=float(e.week.goal_minutes))

    def _style(self, stage: str) -> tuple[tuple[int, int, int], str]:
        info = stage_book().get(stage)
        return (info.stats_colour, info.stats_shape) if info is not None else SPARE

    def _moves(self, bg: pygame.Surface, e: Any, box: pygame.Rect) -> None:
        self._panel(bg, box, "Effort per stage: moves done, minutes worked")
        text = self.app.text
        rows = [(s.title, s.work_s, f"{s.count} {s.noun}, {clock(s.work_s)}",
                 self._style(s.stage)[0]) for s in e.stages]
        rows += [(t.title + " *", t.seconds, f"{t.count} {t.noun}, {t.rounds} rounds",
                  (150, 220, 160)) for t in e.training]
        if not rows:
            text.blit(bg, "Finish a round to see its punches, steps and reps.", 16,
                      box.center, DIM, anchor="center")
            return
        shown = rows[:6]
        self.rects["moves"] = plots.hbars(bg, pygame.Rect(box.left, box.top, box.width,
                                                          box.height - 14), text, shown)
        more = f"  (+{len(rows) - 6} more in `montage stats`)" if len(rows) > 6 else ""
        text.blit(bg, "bar length: minutes worked" + ("; * off the keyboard"
                  if e.training else "") + more, 12, (box.left, box.bottom), DIM,
                  anchor="bottomleft")

    def _tempo(self, bg: pygame.Surface, e: Any, box: pygame.Rect) -> None:
        self._panel(bg, box, "The coach's tempo, by week (progressive overload)")
        text = self.app.text
        if not e.tempo:
            text.blit(bg, "Play a stage for real to see the coach move its tempo.", 16,
                      box.center, DIM, anchor="center")
            return
        series = []
        for name, pts in list(e.tempo.items())[:6]:
            colour, marker = self._style(name)
            series.append((name, colour, marker, pts))
        values = [v for *_x, pts in series for _d, v in pts]
        lo = min(0.95, min(values) - 0.02)
        hi = max(1.10, max(values) + 0.02)
        plot = pygame.Rect(box.left, box.top, box.width - 130, box.height)
        self.rects["tempo"] = plots.step_lines(bg, plot, text, series, lo, hi)
        titles = {s.stage: s.title for s in e.stages}
        for k, (name, colour, marker, pts) in enumerate(series):
            y = box.top + 8 + k * 22
            plots.marker_at(bg, marker, colour, (plot.right + 16, y + 7), 5)
            text.blit(bg, text.fit(f"{titles.get(name, name)} {pts[-1][1]:.0%}", 13, 104),
                      13, (plot.right + 26, y), colour)

    def _year(self, bg: pygame.Surface, e: Any, today: date, box: pygame.Rect) -> None:
        self._panel(bg, box, "A year of training, minutes a day")
        text = self.app.text
        origin = (box.left + 36, box.top + 2)
        for row in (0, 2, 4, 6):
            text.blit(bg, WEEKDAY_NAMES[row], 11, (origin[0] - 6, origin[1] + row * 12 + 5),
                      DIM, anchor="midright")
        self.rects["year"] = plots.year_heat_map(bg, origin, text, e.year, today, cell=10,
                                                 gap=2)
        top = max((m for _d, m in e.year), default=0.0)
        lx = origin[0] + 53 * 12 + 30
        plots.heat_legend(bg, (lx, box.top + 4), text, top)
        days = sum(1 for _d, m in e.year if m > 0)
        total = sum(m for _d, m in e.year)
        text.blit(bg, f"{days} days trained, {total:.0f} min in the last 53 weeks", 15,
                  (lx, box.top + 30), INK)
