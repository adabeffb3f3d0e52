"""The Training section of settings: body weight (optional, for a kcal range), the week's
goal in days and minutes, planned rest days, and off-the-keyboard rounds.

Kept apart from settings.py so the settings screen only lists this section's items."""

from __future__ import annotations

from dataclasses import dataclass

from game.app.scenes.settings import Item, SettingItem, Toggle
from game.core.effort import WEIGHT_RANGE_KG
from game.core.settings import MAX_REST_DAYS, WEEKLY_MINUTES_RANGE, Settings
from game.progress.effort_text import WEEKDAY_NAMES

DEFAULT_KG = 70.0     # where the weight starts when first given


@dataclass
class Weight(SettingItem):
    """Not given, or 25-300 kg: Left/Right a kilo (Shift: half), Backspace forgets it."""

    def text(self, s: Settings) -> str:
        return f"{s.body_weight_kg:g} kg" if s.body_weight_kg else "not given"

    def adjust(self, s: Settings, step: int, fine: bool) -> bool:
        lo, hi = WEIGHT_RANGE_KG
        old = s.body_weight_kg
        if not old:
            s.body_weight_kg = DEFAULT_KG
            return True
        new = old + step * (0.5 if fine else 1.0)
        s.body_weight_kg = 0.0 if new < lo else min(hi, new)
        return s.body_weight_kg != old

    def activate(self, s: Settings) -> bool:
        return False if s.body_weight_kg else self.adjust(s, 1, False)


@dataclass
class Count(SettingItem):
    lo: int = 1
    hi: int = 7
    step: int = 1
    unit: str = ""

    def text(self, s: Settings) -> str:
        return f"{getattr(s, self.attr)}{self.unit}"

    def adjust(self, s: Settings, step: int, fine: bool) -> bool:
        old = getattr(s, self.attr)
        new = min(self.hi, max(self.lo, old + step * (1 if fine and self.step > 1 else
                                                      self.step)))
        setattr(s, self.attr, new)
        return new != old

    def activate(self, s: Settings) -> bool:
        return False


@dataclass
class RestDays(SettingItem):
    """Left/Right pick a weekday, Enter sets it as a planned rest day or takes it back."""

    cursor: int = 6

    def text(self, s: Settings) -> str:
        days = []
        for d, name in enumerate(WEEKDAY_NAMES):
            word = name.upper() if d in s.rest_weekdays else name.lower()
            days.append(f"[{word}]" if d == self.cursor else word)
        return " ".join(days)

    def adjust(self, s: Settings, step: int, fine: bool) -> bool:
        self.cursor = (self.cursor + step) % 7
        return True   # the row moved: Left stays on it rather than leaving for sections

    def activate(self, s: Settings) -> bool:
        days = set(s.rest_weekdays)
        if self.cursor in days:
            days.discard(self.cursor)
        elif len(days) < MAX_REST_DAYS:
            days.add(self.cursor)
        else:
            return False
        s.rest_weekdays = sorted(days)
        return True


def training_items() -> list[Item]:
    lo, hi = WEEKLY_MINUTES_RANGE
    return [
        Weight("Body weight", "Optional. With it, the workout shows a kcal range; "
               "without, minutes only.", attr="body_weight_kg"),
        Count("Days a week", "The week's goal: days you train.", attr="weekly_days"),
        Count("Minutes a week", "The week's goal: minutes trained (Shift: one at a time).",
              attr="weekly_minutes", lo=lo, hi=hi, step=5, unit=" min"),
        RestDays("Rest days", "Enter marks a planned rest day (capitals): it never breaks "
                 "your streak.", attr="rest_weekdays"),
        Toggle("Off-keyboard rounds", "Today's montage adds real exercise between parts: "
               "shadowboxing, push-ups, squats, a plank.", attr="exercise_rounds"),
    ]
