"""Stats: accuracy trend per stage, minutes trained per week and a 12-week calendar, drawn
in-game with pygame.draw, over the menus' dawn. Everything is rendered once when the scene
is entered onto one transparent layer; a frame is the backdrop and one blit."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pygame

from game.app.hud import draw_shape
from game.app.scene import Scene
from game.core.stage import stage_book
from game.gfx import chrome
from game.gfx.draw import lerp_colour
from game.gfx.palette import DIM, INK
from game.progress.stats import WEEKS, StatsSummary, heat_level
from game.progress.store import PersonalBest

W, H = 1280, 720
GRID = (60, 54, 66)
EMPTY_CELL = (44, 40, 50)
HOT = (255, 176, 70)
HEAT_LEVELS = 5
# colour and marker per stage: colour is never the only signal
SPARE_STYLES = (((230, 130, 200), "diamond"), ((220, 220, 120), "circle"))


def stage_style(stage: str, k: int) -> tuple[tuple[int, int, int], str]:
    """A stage's colour and marker, from its descriptor (spares for unknown stages)."""
    info = stage_book().get(stage)
    if info is None:
        return SPARE_STYLES[k % len(SPARE_STYLES)]
    return info.stats_colour, info.stats_shape
ACC_BOX = pygame.Rect(60, 150, 560, 250)
WEEK_BOX = pygame.Rect(680, 150, 540, 250)
CAL_ORIGIN = (110, 478)
CELL, GAP = 22, 4
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def heat_colour(level: int) -> tuple[int, int, int]:
    if level <= 0:
        return EMPTY_CELL
    return lerp_colour((92, 58, 52), HOT, (level - 1) / (HEAT_LEVELS - 2))


class StatsScene(Scene):
    def __init__(self, app, today: date | None = None) -> None:
        super().__init__(app)
        self.today = today
        self.summary: StatsSummary | None = None
        self.surface: pygame.Surface | None = None
        self.cell_rects: dict[date, pygame.Rect] = {}
        self.bar_rects: list[pygame.Rect] = []
        self.trend_points: dict[str, list[tuple[int, int]]] = {}
        self.titles: dict[str, str] = {}
        self.bests: list[PersonalBest] = []
        self.backdrop = app.menu_backdrop()

    def ambient_fps(self) -> float:
        return self.backdrop.fps

    # -- lifecycle ------------------------------------------------------------------------
    def enter(self) -> None:
        """Query and draw everything now; frames only blit the result."""
        from game.progress.attempt import local_now
        now = local_now()
        today = self.today or now.date()
        store = self.app.store
        self.summary = None
        self.bests = []
        if store is not None:
            from game.core.catalogue import catalogue
            from game.progress.stats import summarize
            campaign, _ = catalogue(None)
            self.titles = {e.level.id: e.level.title for e in campaign if e.level is not None}
            self.summary = summarize(store, today, campaign_ids=set(self.titles),
                                     now=now if self.today is None else None)
            self.bests = [b for b in store.bests() if b.level_id in self.titles]
        self.surface = self._render()

    def handle(self, event: pygame.event.Event, stamp_ns: int) -> None:
        if event.type == pygame.KEYDOWN and event.key in (pygame.K_ESCAPE, pygame.K_BACKSPACE):
            self.app.pop()
        elif event.type == pygame.KEYDOWN and event.key in (pygame.K_w, pygame.K_TAB):
            from game.app.scenes.workout import WorkoutScene  # the workout page
            self.app.push(WorkoutScene(self.app, self.today))

    def draw(self, canvas: pygame.Surface) -> Iterator[None] | None:
        self.backdrop.draw(canvas, veil=110)
        if self.surface is not None:
            canvas.blit(self.surface, (0, 0))
        return None

    # -- rendering ------------------------------------------------------------------------
    def _render(self) -> pygame.Surface:
        bg = pygame.Surface((W, H), pygame.SRCALPHA)
        text = self.app.text
        chrome.heading(bg, text, "STATS")
        chrome.footer(bg, text, "W workout     Esc back")
        s = self.summary
        if s is None:
            chrome.draw_panel(bg, (200, H // 2 - 40, W - 400, 80))
            text.blit(bg, "Progress is not being saved on this computer, so there is "
                          "nothing to show.", 22, (W // 2, H // 2), INK, anchor="center")
            return bg.convert_alpha() if pygame.display.get_surface() else bg
        self._header(bg, s)
        self._accuracy(bg, s)
        self._weeks(bg, s)
        self._calendar(bg, s)
        self._bests(bg)
        return bg.convert_alpha() if pygame.display.get_surface() else bg

    def _header(self, bg: pygame.Surface, s: StatsSummary) -> None:
        text = self.app.text
        streak = f"Streak {s.streak_current} day{'s' if s.streak_current != 1 else ''}"
        text.blit(bg, streak, 30, (W - 60, 28), HOT, True, anchor="topright")
        text.blit(bg, f"best {s.streak_best}   today's montage done on {s.dailies_done} "
                      f"day{'s' if s.dailies_done != 1 else ''}", 16, (W - 60, 66), DIM,
                  anchor="topright")
        hours, mins = divmod(round(s.minutes_total), 60)
        text.blit(bg, f"{hours} h {mins:02d} min trained on {s.days_trained} days, "
                      f"{s.attempts} rounds, {s.levels_cleared} campaign levels cleared",
                  16, (60, 76), DIM)

    def _panel(self, bg: pygame.Surface, box: pygame.Rect, title: str) -> None:
        chrome.draw_panel(bg, box.inflate(24, 48).move(0, -12), alpha=215)
        self.app.text.blit(bg, title, 18, (box.left, box.top - 30), INK, True)

    def _accuracy(self, bg: pygame.Surface, s: StatsSummary) -> None:
        box = ACC_BOX
        self._panel(bg, box, "Accuracy trend per stage")
        text = self.app.text
        plot = pygame.Rect(box.left + 44, box.top + 8, box.width - 56, box.height - 60)
        lows = [a for t in s.trends for _d, a in t.points]
        floor = min(90, int(min(lows, default=90) // 10 * 10))
        span = 100 - floor

        def y_of(acc: float) -> int:
            return round(plot.bottom - (acc - floor) / span * plot.height)

        levels = range(floor, 101, 10 if span > 20 else 5)
        lines = [y_of(v) for v in levels]
        for v, y in zip(levels, lines, strict=True):
            pygame.draw.line(bg, GRID, (plot.left, y), (plot.right, y), 1)
            text.blit(bg, f"{v}%", 13, (plot.left - 6, y), DIM, anchor="midright")
        if not s.trends:
            # in the middle of the band between two gridlines nearest the plot's centre, so
            # no line runs through the words
            bands = [(a + b) // 2 for a, b in zip(lines, lines[1:], strict=False)]
            y = min(bands, key=lambda m: abs(m - plot.centery), default=plot.centery)
            text.blit(bg, "Finish a round to start your trend.", 18, (plot.centerx, y), DIM,
                      anchor="center")
            return
        longest = max(len(t.points) for t in s.trends)
        step = plot.width / max(1, longest - 1)
        for k, trend in enumerate(s.trends):
            colour, marker = stage_style(trend.stage, k)
            offset = longest - len(trend.points)   # right-align: the newest day at the edge
            pts = [(round(plot.left + (offset + i) * step) if longest > 1 else plot.centerx,
                    y_of(a)) for i, (_d, a) in enumerate(trend.points)]
            self.trend_points[trend.stage] = pts
            if len(pts) > 1:
                pygame.draw.lines(bg, colour, False, pts, 3)
            for p in pts:
                draw_shape(bg, marker, colour, p, 5)
            lx = box.left + 8 + k * (box.width // max(1, len(s.trends)))
            ly = box.bottom - 22
            draw_shape(bg, marker, colour, (lx + 6, ly + 9), 6)
            text.blit(bg, f"{trend.title} {trend.latest:.1f}% ({trend.change:+.1f})", 15,
                      (lx + 18, ly), colour)
        text.blit(bg, f"last {longest} days played", 13, (plot.right, plot.bottom + 4), DIM,
                  anchor="topright")

    def _weeks(self, bg: pygame.Surface, s: StatsSummary) -> None:
        box = WEEK_BOX
        self._panel(bg, box, "Minutes trained per week")
        text = self.app.text
        plot = pygame.Rect(box.left + 8, box.top + 24, box.width - 16, box.height - 64)
        top = max((m for _d, m in s.weeks), default=0.0)
        pygame.draw.line(bg, GRID, (plot.left, plot.bottom), (plot.right, plot.bottom), 1)
        slot = plot.width / len(s.weeks)
        self.bar_rects = []
        for k, (monday, minutes) in enumerate(s.weeks):
            h = round(plot.height * minutes / top) if top > 0 else 0
            rect = pygame.Rect(round(plot.left + k * slot + 6), plot.bottom - h,
                               round(slot - 12), h)
            self.bar_rects.append(rect)
            current = k == len(s.weeks) - 1
            if h:
                pygame.draw.rect(bg, HOT if current else (214, 132, 84), rect,
                                 border_top_left_radius=4, border_top_right_radius=4)
                text.blit(bg, f"{minutes:.0f}", 13, (rect.centerx, rect.top - 3), INK,
                          anchor="midbottom")
            label = "this" if current else f"{monday:%d}".lstrip("0")
            text.blit(bg, label, 13, (rect.centerx, plot.bottom + 6), DIM, anchor="midtop")
            if k == 0 or monday.day <= 7:
                text.blit(bg, f"{monday:%b}", 13, (rect.centerx, plot.bottom + 22), DIM,
                          anchor="midtop")
        if top <= 0:
            text.blit(bg, "No training in the last 12 weeks yet.", 18, plot.center, DIM,
                      anchor="center")

    def _calendar(self, bg: pygame.Surface, s: StatsSummary) -> None:
        text = self.app.text
        x0, y0 = CAL_ORIGIN
        grid = pygame.Rect(x0, y0, WEEKS * (CELL + GAP) - GAP, 7 * (CELL + GAP) - GAP)
        self._panel(bg, pygame.Rect(60, y0, 1160, grid.height), f"The last {WEEKS} weeks")
        top = max((c.minutes for c in s.calendar), default=0.0)
        self.cell_rects = {}
        for row, name in enumerate(WEEKDAYS):
            text.blit(bg, name, 13, (x0 - 10, y0 + row * (CELL + GAP) + CELL // 2), DIM,
                      anchor="midright")
        for k, cell in enumerate(s.calendar):
            col, row = divmod(k, 7)
            rect = pygame.Rect(x0 + col * (CELL + GAP), y0 + row * (CELL + GAP), CELL, CELL)
            self.cell_rects[cell.day] = rect
            if cell.day > s.today:
                pygame.draw.rect(bg, EMPTY_CELL, rect, 1, border_radius=4)
                continue
            pygame.draw.rect(bg, heat_colour(heat_level(cell.minutes, top, HEAT_LEVELS)), rect,
                             border_radius=4)
            if cell.daily:  # a finished montage: a mark, not only a colour
                pygame.draw.circle(bg, (255, 250, 235), rect.center, 3)
            if cell.day == s.today:
                pygame.draw.rect(bg, INK, rect.inflate(4, 4), 2, border_radius=5)
            if cell.day.day == 1 or k == 0:
                text.blit(bg, f"{cell.day:%b}", 13, (rect.left, y0 - 6), DIM,
                          anchor="bottomleft")
        # legend
        lx, ly = grid.right + 60, y0 + 8
        text.blit(bg, "minutes a day", 15, (lx, ly), DIM)
        text.blit(bg, "none", 13, (lx, ly + 30), DIM)
        for lvl in range(HEAT_LEVELS):
            pygame.draw.rect(bg, heat_colour(lvl), (lx + 40 + lvl * 28, ly + 28, 22, 22),
                             border_radius=4)
        text.blit(bg, f"{top:.0f} min" if top else "most", 13,
                  (lx + 48 + HEAT_LEVELS * 28, ly + 30), DIM)
        pygame.draw.circle(bg, (255, 250, 235), (lx + 11, ly + 80), 3)
        pygame.draw.rect(bg, EMPTY_CELL, (lx, ly + 69, 22, 22), 1, border_radius=4)
        text.blit(bg, "today's montage finished", 15, (lx + 32, ly + 72), DIM)
        pygame.draw.rect(bg, INK, (lx - 2, ly + 107, 26, 26), 2, border_radius=5)
        text.blit(bg, "today", 15, (lx + 32, ly + 112), DIM)
        week_total = sum(c.minutes for c in s.calendar[-7:])
        text.blit(bg, f"this week: {week_total:.0f} min", 20, (lx, ly + 160), INK, True)

    def _bests(self, bg: pygame.Surface) -> None:
        """Personal bests of the campaign, best tier first."""
        from game.core.difficulty import TIERS
        text = self.app.text
        x, y = 860, CAL_ORIGIN[1] + 8
        text.blit(bg, "Personal bests", 15, (x, y), DIM)
        order = list(TIERS)
        rows = sorted(self.bests, key=lambda b: (list(self.titles).index(b.level_id),
                                                 -order.index(b.tier), b.assist))
        if not rows:
            text.blit(bg, "none yet: clear a campaign round", 15, (x, y + 28), DIM)
        for k, b in enumerate(rows[:6]):
            tier = TIERS[b.tier].name + (" (assist)" if b.assist else "")
            text.blit(bg, self.titles[b.level_id], 15, (x, y + 28 + k * 26), INK)
            text.blit(bg, f"{tier}  {b.score:,}  {b.grade}", 15, (W - 60, y + 28 + k * 26),
                      HOT, anchor="topright")
