"""Stats summaries: accuracy trend per stage, minutes trained per week, a 12-week calendar,
streaks and totals; as a dataclass (for the stats scene), text and JSON.

Autoplay runs are never the player's: they are left out of everything. Practice counts as
time trained but not in the accuracy trend (it is slowed down and looped).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, Protocol

WEEKS = 12
TREND_DAYS = 30
HEAT_CHARS = ".:-=+*#"  # ASCII, so every console can print it


class StatsSource(Protocol):
    conn: Any

    def streak(self, today: date, now: datetime | None = None) -> tuple[int, int]: ...
    def cleared_level_ids(self) -> set[str]: ...


@dataclass(frozen=True)
class DayCell:
    day: date
    minutes: float
    attempts: int
    daily: bool          # today's montage finished that day


@dataclass(frozen=True)
class StageTrend:
    stage: str
    title: str
    points: tuple[tuple[date, float], ...]   # (day, mean accuracy), oldest first

    @property
    def latest(self) -> float:
        return self.points[-1][1] if self.points else 0.0

    @property
    def change(self) -> float:
        """Mean of the last five days played minus the mean of the first five."""
        if len(self.points) < 2:
            return 0.0
        k = min(5, len(self.points) // 2)
        head = [a for _d, a in self.points[:k]]
        tail = [a for _d, a in self.points[-k:]]
        return sum(tail) / k - sum(head) / k


@dataclass(frozen=True)
class StatsSummary:
    today: date
    attempts: int
    minutes_total: float
    days_trained: int
    dailies_done: int
    streak_current: int
    streak_best: int
    levels_cleared: int
    trends: tuple[StageTrend, ...]
    weeks: tuple[tuple[date, float], ...]    # (Monday, minutes), oldest first
    calendar: tuple[DayCell, ...]            # WEEKS*7 days from a Monday, oldest first

    def to_json(self) -> dict[str, Any]:
        return {
            "today": self.today.isoformat(),
            "attempts": self.attempts,
            "minutes_total": round(self.minutes_total, 1),
            "days_trained": self.days_trained,
            "dailies_done": self.dailies_done,
            "streak": {"current": self.streak_current, "best": self.streak_best},
            "levels_cleared": self.levels_cleared,
            "accuracy_trend": {
                t.stage: {"title": t.title, "change": round(t.change, 2),
                          "days": [{"date": d.isoformat(), "accuracy": round(a, 2)}
                                   for d, a in t.points]}
                for t in self.trends},
            "minutes_per_week": [{"week_of": d.isoformat(), "minutes": round(m, 1)}
                                 for d, m in self.weeks],
            "calendar": [{"date": c.day.isoformat(), "minutes": round(c.minutes, 1),
                          "attempts": c.attempts, "daily": c.daily}
                         for c in self.calendar if c.day <= self.today],
        }

    def to_text(self) -> str:
        hours, mins = divmod(round(self.minutes_total), 60)
        lines = [f"Montage stats for {self.today:%A %d %B %Y}",
                 f"Streak: {self.streak_current} day{'s' if self.streak_current != 1 else ''}"
                 f" (best {self.streak_best}); today's montage finished on "
                 f"{self.dailies_done} day{'s' if self.dailies_done != 1 else ''}",
                 f"Trained {hours} h {mins:02d} min on {self.days_trained} days, "
                 f"{self.attempts} attempts; {self.levels_cleared} campaign level"
                 f"{'s' if self.levels_cleared != 1 else ''} cleared",
                 "", f"Accuracy trend (last {TREND_DAYS} days played per stage):"]
        if not self.trends:
            lines.append("  nothing played yet")
        for t in self.trends:
            lines.append(f"  {t.title:<16} {t.latest:6.2f}% latest, {t.change:+.2f} over "
                         f"{len(t.points)} day{'s' if len(t.points) != 1 else ''}")
        lines += ["", f"Minutes per week (last {WEEKS} weeks):"]
        top = max((m for _d, m in self.weeks), default=0.0)
        for monday, minutes in self.weeks:
            bar = "#" * (round(30 * minutes / top) if top else 0)
            lines.append(f"  week of {monday.isoformat()}  {minutes:6.1f}  {bar}")
        lines += ["", f"Last {WEEKS} weeks, minutes a day ({HEAT_CHARS[0]} none ... "
                      f"{HEAT_CHARS[-1]} most, x = future):"]
        top_day = max((c.minutes for c in self.calendar), default=0.0)
        for row, name in enumerate(("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")):
            cells = []
            for col in range(WEEKS):
                c = self.calendar[col * 7 + row]
                cells.append("x" if c.day > self.today else HEAT_CHARS[heat_level(
                    c.minutes, top_day, len(HEAT_CHARS))])
            lines.append(f"  {name} {' '.join(cells)}")
        return "\n".join(lines)


def heat_level(minutes: float, top: float, levels: int) -> int:
    """0 for no training, else 1..levels-1 by share of the busiest day."""
    if minutes <= 0 or top <= 0:
        return 0
    return max(1, min(levels - 1, round(minutes / top * (levels - 1))))


def _stage_title(stage: str) -> str:
    try:
        from game.core.stage import stage_info as get_stage
        return get_stage(stage).title or stage
    except (ModuleNotFoundError, AttributeError):
        return stage


def _stages_played(conn: Any) -> list[str]:
    """Distinct stages by hopping along the stage index (a few lookups, not a scan), in
    the campaign's stage order."""
    rows = conn.execute(
        """WITH RECURSIVE s(stage) AS (
               SELECT MIN(stage) FROM attempts
               UNION ALL
               SELECT (SELECT MIN(stage) FROM attempts WHERE stage > s.stage)
               FROM s WHERE s.stage IS NOT NULL)
           SELECT stage FROM s WHERE stage IS NOT NULL""").fetchall()
    from game.core.stage import stage_names
    rank = {name: k for k, name in enumerate(stage_names())}
    return sorted((r[0] for r in rows), key=lambda s: (rank.get(s, len(rank)), s))


def summarize(store: StatsSource, today: date, *, campaign_ids: set[str] | None = None,
              now: datetime | None = None) -> StatsSummary:
    """Everything the stats screen and `montage stats` show, in a handful of indexed
    queries (ten years of daily play stays in milliseconds: see bench.stats_query_ms)."""
    conn = store.conn
    attempts, seconds, days = conn.execute(
        "SELECT COUNT(*), COALESCE(SUM(duration_s), 0), COUNT(DISTINCT local_date) "
        "FROM attempts WHERE autoplay = 0").fetchone()

    start = today - timedelta(days=today.weekday() + 7 * (WEEKS - 1))
    end = start + timedelta(days=7 * WEEKS - 1)
    per_day = {d: (s, n) for d, s, n in conn.execute(
        "SELECT local_date, SUM(duration_s), COUNT(*) FROM attempts "
        "WHERE local_date BETWEEN ? AND ? AND autoplay = 0 GROUP BY local_date",
        (start.isoformat(), end.isoformat()))}
    dailies = {r[0] for r in conn.execute(
        "SELECT local_date FROM daily_completions WHERE local_date BETWEEN ? AND ?",
        (start.isoformat(), end.isoformat()))}
    calendar: list[DayCell] = []
    for k in range(7 * WEEKS):
        d = start + timedelta(days=k)
        s, n = per_day.get(d.isoformat(), (0.0, 0))
        calendar.append(DayCell(d, s / 60.0, n, d.isoformat() in dailies))
    weeks = tuple((calendar[w * 7].day, sum(c.minutes for c in calendar[w * 7:w * 7 + 7]))
                  for w in range(WEEKS))

    trends = []
    for stage in _stages_played(conn):
        rows = conn.execute(
            "SELECT local_date, AVG(accuracy) FROM attempts "
            "WHERE stage = ? AND autoplay = 0 AND practice = 0 "
            "GROUP BY local_date ORDER BY local_date DESC LIMIT ?",
            (stage, TREND_DAYS)).fetchall()
        points = tuple((date.fromisoformat(d), float(a)) for d, a in reversed(rows))
        if points:
            trends.append(StageTrend(stage, _stage_title(stage), points))

    dailies_done = conn.execute("SELECT COUNT(*) FROM daily_completions").fetchone()[0]
    current, best = store.streak(today, now)
    cleared = store.cleared_level_ids()
    if campaign_ids is not None:
        cleared &= campaign_ids
    return StatsSummary(today=today, attempts=int(attempts), minutes_total=seconds / 60.0,
                        days_trained=int(days), dailies_done=int(dailies_done),
                        streak_current=current, streak_best=best, levels_cleared=len(cleared),
                        trends=tuple(trends), weeks=weeks, calendar=tuple(calendar))
