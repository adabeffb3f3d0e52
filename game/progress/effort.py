"""The workout over time: seconds worked and rested, moves per stage, the off-keyboard
rounds, an honest kcal range, the week's plan, a year of days and the coach's tempo by week.

Autoplay runs are never the player's. Practice is training (it counts here). Attempts from
before the workout was kept have no split into work and rest: their time is `unsplit_s`,
counted in minutes but never in kcal (we cannot say what share of it was work).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Protocol

from game.core.effort import MET_BAND, compendium_code, net_kcal, valid_weight
from game.progress.overload import scales_by_moment
from game.progress.training import BY_KEY, training_rows

YEAR_WEEKS = 53
TEMPO_WEEKS = 12
TEMPO_LINES = 6           # stages on the tempo plot: more would be a tangle


class EffortSource(Protocol):
    conn: Any

    def stage_days(self, stage: str) -> list[tuple[date, list[str]]]: ...


@dataclass(frozen=True)
class StageTotal:
    stage: str
    title: str
    noun: str
    met: float
    code: str
    work_s: float
    rest_s: float
    count: int
    done_work_s: float      # each run's work seconds times the share of its moves done

    def kcal(self, kg: float) -> tuple[float, float]:
        return (net_kcal(self.met * (1 - MET_BAND), kg, self.done_work_s),
                net_kcal(self.met * (1 + MET_BAND), kg, self.work_s))


@dataclass(frozen=True)
class ExerciseTotal:
    exercise: str
    title: str
    noun: str
    rounds: int
    seconds: float
    count: int
    kcal_per_kg: tuple[float, float]   # (low, high) net kcal for one kilo


@dataclass(frozen=True)
class WeekPlan:
    monday: date
    goal_days: int
    goal_minutes: int
    days_done: int
    minutes_done: float
    rest_weekdays: tuple[int, ...]
    trained: tuple[int, ...]        # weekdays with training this week

    @property
    def met(self) -> bool:
        return self.days_done >= self.goal_days and self.minutes_done >= self.goal_minutes

    def to_json(self) -> dict:
        return {"week_of": self.monday.isoformat(), "goal_days": self.goal_days,
                "goal_minutes": self.goal_minutes, "days_done": self.days_done,
                "minutes_done": round(self.minutes_done, 1),
                "rest_days": list(self.rest_weekdays), "met": self.met}


@dataclass(frozen=True)
class EffortSummary:
    today: date
    work_s: float
    rest_s: float
    unsplit_s: float
    stages: tuple[StageTotal, ...]
    training: tuple[ExerciseTotal, ...]
    weight_kg: float | None
    week: WeekPlan
    weeks: tuple[tuple[date, float], ...]                 # (Monday, minutes), oldest first
    year: tuple[tuple[date, float], ...]                  # (day, minutes), from a Monday
    tempo: dict[str, tuple[tuple[date, float], ...]] = field(default_factory=dict)

    @property
    def training_s(self) -> float:
        return sum(t.seconds for t in self.training)

    @property
    def ratio(self) -> float | None:
        """Work : rest (None when nothing was rested)."""
        return self.work_s / self.rest_s if self.rest_s > 0 else None

    def kcal(self, kg: float | None = None) -> tuple[float, float] | None:
        """(low, high) net kcal of everything, or None without a body weight."""
        kg = valid_weight(kg) if kg is not None else self.weight_kg
        if kg is None:
            return None
        low = sum(s.kcal(kg)[0] for s in self.stages) + \
            sum(t.kcal_per_kg[0] * kg for t in self.training)
        high = sum(s.kcal(kg)[1] for s in self.stages) + \
            sum(t.kcal_per_kg[1] * kg for t in self.training)
        return low, high

    def to_json(self, kg: float | None = None) -> dict:
        out: dict[str, Any] = {
            "work_s": round(self.work_s + self.training_s, 1),
            "rest_s": round(self.rest_s, 1),
            "unsplit_s": round(self.unsplit_s, 1),
            "work_rest_ratio": round(self.ratio, 2) if self.ratio is not None else None,
            "stages": {s.stage: {"count": s.count, "noun": s.noun,
                                 "work_s": round(s.work_s, 1), "rest_s": round(s.rest_s, 1),
                                 "met": s.met, "compendium": s.code}
                       for s in self.stages},
            "training": {t.exercise: {"rounds": t.rounds, "count": t.count, "noun": t.noun,
                                      "seconds": round(t.seconds, 1)}
                         for t in self.training},
            "week": self.week.to_json(),
            "tempo_by_week": {st: [{"week_of": d.isoformat(), "scale": s} for d, s in pts]
                              for st, pts in self.tempo.items()},
        }
        weight = valid_weight(kg) if kg is not None else self.weight_kg
        rng = self.kcal(weight)
        if rng is not None and weight is not None:
            out |= {"weight_kg": weight, "kcal_low": round(rng[0]), "kcal_high": round(rng[1])}
        return out


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _stage_info(stage: str) -> Any:
    from game.core.stage import stage_book
    return stage_book().get(stage)


def _stage_totals(conn: Any) -> tuple[list[StageTotal], float, float, float]:
    """Per stage: seconds worked and rested, moves, and work seconds weighted by the share
    of moves done; summed inside SQLite (ten years of attempts in milliseconds). A damaged
    effort object is skipped, never an error."""
    acc = {}
    for name, w, r, n, dw in conn.execute(
            """SELECT s.key, SUM(json_extract(s.value, '$.work_s')),
                      SUM(json_extract(s.value, '$.rest_s')),
                      SUM(json_extract(s.value, '$.count')),
                      SUM(json_extract(s.value, '$.work_s') *
                          CASE WHEN json_extract(s.value, '$.of') > 0
                               THEN MIN(1.0, 1.0 * json_extract(s.value, '$.count') /
                                             json_extract(s.value, '$.of'))
                               ELSE 1.0 END)
               FROM attempts, json_each(CASE WHEN json_valid(attempts.effort)
                                             THEN attempts.effort ELSE '{}' END,
                                        '$.stages') AS s
               WHERE attempts.autoplay = 0 AND attempts.effort != '{}'
                 AND s.type = 'object'
               GROUP BY s.key"""):
        acc[name] = [float(w or 0.0), float(r or 0.0), int(n or 0), float(dw or 0.0)]
    work = sum(v[0] for v in acc.values())
    rest = sum(v[1] for v in acc.values())
    unsplit = conn.execute("SELECT COALESCE(SUM(duration_s), 0) FROM attempts "
                           "WHERE autoplay = 0 AND effort = '{}'").fetchone()[0]
    from game.core.stage import stage_names
    rank = {n: k for k, n in enumerate(stage_names())}
    totals = []
    for name in sorted(acc, key=lambda s: (rank.get(s, len(rank)), s)):
        info = _stage_info(name)
        w, r, n, dw = acc[name]
        totals.append(StageTotal(
            name, info.title if info else name, info.count_noun if info else "moves",
            info.met if info else 0.0, compendium_code(info.activity) if info else "",
            w, r, int(n), dw))
    return totals, work, rest, float(unsplit)


def _training_totals(conn: Any) -> list[ExerciseTotal]:
    acc: dict[str, list[float]] = {}
    for rec in training_rows(conn):
        slot = acc.setdefault(rec.exercise, [0, 0.0, 0, 0.0, 0.0])
        slot[0] += 1
        slot[1] += rec.seconds
        slot[2] += rec.count
        slot[3] += net_kcal(rec.met_low, 1.0, rec.seconds)
        slot[4] += net_kcal(rec.met_high, 1.0, rec.seconds)
    out = []
    for key, (rounds, secs, n, lo, hi) in acc.items():
        ex = BY_KEY.get(key)
        out.append(ExerciseTotal(key, ex.title if ex else key, ex.noun if ex else "reps",
                                 int(rounds), secs, int(n), (lo, hi)))
    return out


def _minutes_by_day(conn: Any, start: date, end: date) -> dict[date, float]:
    out: dict[date, float] = {}
    args = (start.isoformat(), end.isoformat())
    for d, s in conn.execute(
            "SELECT local_date, SUM(duration_s) FROM attempts WHERE autoplay = 0 "
            "AND local_date BETWEEN ? AND ? GROUP BY local_date", args):
        out[date.fromisoformat(d)] = out.get(date.fromisoformat(d), 0.0) + s / 60.0
    for d, s in conn.execute(
            "SELECT local_date, SUM(seconds) FROM training WHERE local_date BETWEEN ? AND ? "
            "GROUP BY local_date", args):
        out[date.fromisoformat(d)] = out.get(date.fromisoformat(d), 0.0) + s / 60.0
    return out


def tempo_by_week(store: EffortSource, stage: str, today: date,
                  weeks: int = TEMPO_WEEKS) -> tuple[tuple[date, float], ...]:
    """The coach's tempo scale for a stage as it stood at the end of each of the last
    weeks (the Monday of the week, the scale the next day would have played)."""
    first = monday_of(today) - timedelta(weeks=weeks - 1)
    mondays = [first + timedelta(weeks=k) for k in range(weeks)]
    after = [min(m + timedelta(days=7), today + timedelta(days=1)) for m in mondays]
    return tuple(zip(mondays, scales_by_moment(store.stage_days(stage), after), strict=True))


def summarize_effort(store: EffortSource, today: date, settings: Any = None) -> EffortSummary:
    """Everything the workout page and `stats --json` show about the work done."""
    conn = store.conn
    stages, work, rest, unsplit = _stage_totals(conn)
    training = _training_totals(conn)
    year_start = monday_of(today) - timedelta(weeks=YEAR_WEEKS - 1)
    by_day = _minutes_by_day(conn, year_start, today)
    year = tuple((year_start + timedelta(days=k), by_day.get(year_start + timedelta(days=k),
                                                                0.0))
                 for k in range(7 * YEAR_WEEKS))
    weeks = tuple((year[w * 7][0], sum(m for _d, m in year[w * 7:w * 7 + 7]))
                  for w in range(YEAR_WEEKS - TEMPO_WEEKS, YEAR_WEEKS))
    monday = monday_of(today)
    this_week = [(d, m) for d, m in year if d >= monday]
    trained = tuple(d.weekday() for d, m in this_week if m > 0)
    goal_days = getattr(settings, "weekly_days", 3)
    goal_minutes = getattr(settings, "weekly_minutes", 60)
    rest_days = tuple(getattr(settings, "rest_weekdays", []) or ())
    week = WeekPlan(monday, goal_days, goal_minutes, len(trained),
                    sum(m for _d, m in this_week), rest_days, trained)
    since = monday_of(today) - timedelta(weeks=TEMPO_WEEKS - 1)
    tempo = {st: tempo_by_week(store, st, today) for st in _most_played(conn, since)}
    return EffortSummary(today, work, rest, unsplit, tuple(stages), tuple(training),
                         valid_weight(getattr(settings, "body_weight_kg", None)), week, weeks,
                         year, tempo)


def _most_played(conn: Any, since: date) -> list[str]:
    """The stages played for real most often since `since` (the tempo plot's lines), in
    the film's order."""
    rows = conn.execute(
        "SELECT stage, COUNT(*) AS n FROM attempts WHERE practice = 0 AND autoplay = 0 "
        "AND local_date >= ? GROUP BY stage ORDER BY n DESC, stage LIMIT ?",
        (since.isoformat(), TEMPO_LINES)).fetchall()
    from game.core.stage import stage_names
    rank = {n: k for k, n in enumerate(stage_names())}
    return sorted((r[0] for r in rows), key=lambda s: (rank.get(s, len(rank)), s))
