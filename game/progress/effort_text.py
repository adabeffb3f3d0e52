"""The workout in words: shared by `montage stats`, the results strip and the workout page,
so every place says the same thing the same way (a range, never a falsely exact kcal)."""

from __future__ import annotations

import math
from typing import Any

WEEKDAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
KCAL_CAVEAT = "if you move as you play"


def clock(seconds: float) -> str:
    """'4:05' under an hour, '1 h 02 min' above."""
    s = max(0, round(seconds))
    if s >= 3600:
        h, rem = divmod(s, 3600)
        return f"{h} h {rem // 60:02d} min"
    return f"{s // 60}:{s % 60:02d}"


def ratio_text(work_s: float, rest_s: float) -> str:
    """Work : rest as a coach says it: '3.2 : 1', or 'no rest'."""
    if rest_s <= 0:
        return "no rest" if work_s > 0 else "-"
    return f"{work_s / rest_s:.1f} : 1"


def kcal_text(rng: tuple[float, float] | None) -> str:
    """'35-60 kcal', rounded outward to fives; '' without a weight."""
    if rng is None:
        return ""
    low, high = rng
    lo, hi = 5 * math.floor(low / 5), 5 * math.ceil(high / 5)
    if hi <= 5:
        return "under 5 kcal"
    return f"{lo}-{hi} kcal"


def move_line(count: int, noun: str, title: str) -> str:
    return f"{count} {noun or 'moves'} ({title})"


def effort_text(effort: Any, kg: float | None = None) -> str:
    """The workout block of `montage stats`."""
    e = effort
    lines = ["Workout:",
             f"  worked {clock(e.work_s + e.training_s)}, rested {clock(e.rest_s)}, "
             f"work:rest {ratio_text(e.work_s, e.rest_s)}"]
    if e.unsplit_s > 0:
        lines.append(f"  plus {clock(e.unsplit_s)} from before the workout was kept "
                     "(not split into work and rest)")
    rng = e.kcal(kg)
    if rng is not None:
        lines.append(f"  about {kcal_text(rng)} net ({KCAL_CAVEAT}; see docs/effort.md)")
    else:
        lines.append("  no body weight given: minutes only (settings, Training; or "
                     "--weight-kg)")
    for s in e.stages:
        lines.append(f"  {s.title:<16} {s.count:5d} {s.noun:<8} in {clock(s.work_s)} "
                     f"(MET {s.met:g}, Compendium {s.code or 'n/a'})")
    for t in e.training:
        lines.append(f"  {t.title:<16} {t.count:5d} {t.noun:<8} off the keyboard, "
                     f"{t.rounds} round{'s' if t.rounds != 1 else ''}")
    w = e.week
    rest = ", ".join(WEEKDAY_NAMES[d] for d in w.rest_weekdays) or "none planned"
    lines += ["", f"This week: {w.days_done} of {w.goal_days} days, "
                  f"{w.minutes_done:.0f} of {w.goal_minutes} min"
                  f"{' - goal met' if w.met else ''}; rest days: {rest}"]
    return "\n".join(lines)
