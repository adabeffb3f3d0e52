"""Player settings: plain data with defaults, stored as JSON (progress store later).

Everything read back is validated and clamped, so a hand-edited or stale file can never put
the game into a state the settings screen cannot show (a 900 % volume, a NaN offset).
"""

from __future__ import annotations

import json
import math
import os
import tempfile
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from game.core.difficulty import DEFAULT_TIER, TIERS
from game.core.effort import valid_weight
from game.core.safeio import read_bounded

FRAME_CAPS: tuple[int, ...] = (30, 60, 120, 144, 240)
FRAME_CAP_RANGE = (30, 360)
OFFSET_LIMIT_MS = 500.0
MAX_BOUND_NAMES = 4          # names kept per action (keys or pad buttons)
MAX_NAME_LEN = 32
MAX_FILE_BYTES = 64 * 1024   # settings.json: a few hundred bytes when the game writes it
MAX_JSON_DEPTH = 8           # the game writes 3 levels (bindings -> action -> names)
MAX_NUMERAL = 32             # digits of a number in settings.json
WEEKLY_MINUTES_RANGE = (10, 600)
MAX_REST_DAYS = 6


@dataclass
class Settings:
    #: "stage.action" -> key names (pygame key names, e.g. "f", "left"); absent = defaults
    bindings: dict[str, list[str]] = field(default_factory=dict)
    #: "stage.action" -> controller button names (SDL names, e.g. "x", "leftshoulder")
    pad_bindings: dict[str, list[str]] = field(default_factory=dict)
    master_volume: float = 0.9
    music_volume: float = 0.8
    effects_volume: float = 0.9
    fullscreen: bool = False
    vsync: bool = False
    frame_cap: int = 120
    audio_offset_ms: float = 0.0
    visual_offset_ms: float = 0.0
    reduced_motion: bool = False
    timing_assist: bool = False
    tier: str = "normal"
    #: the workout: body weight for the kcal estimate (0 = not given: minutes only)
    body_weight_kg: float = 0.0
    weekly_days: int = 3            # the week's goal: days trained ...
    weekly_minutes: int = 60        # ... and minutes
    rest_weekdays: list[int] = field(default_factory=list)   # planned rest, 0 = Monday
    exercise_rounds: bool = False   # off-the-keyboard rounds in today's montage

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data (the progress store keeps this too)."""
        return asdict(self)

    @classmethod
    def from_dict(cls, raw: Any) -> Settings:
        """Defaults for anything missing, of the wrong type or out of range; unknown keys
        are ignored."""
        if not isinstance(raw, dict):
            return cls()
        default = cls()
        kept: dict[str, Any] = {}
        for f in fields(cls):
            if f.name not in raw:
                continue
            v, d = raw[f.name], getattr(default, f.name)
            if isinstance(d, float) and isinstance(v, int) and not isinstance(v, bool):
                v = float(v)
            if type(v) is type(d):
                kept[f.name] = v
        out = cls(**kept)
        out.clamp()
        return out

    def clamp(self) -> None:
        """Pull every value back into the range the game supports."""
        d = Settings()
        for name in ("master_volume", "music_volume", "effects_volume"):
            setattr(self, name, _clamp(getattr(self, name), 0.0, 1.0, getattr(d, name)))
        for name in ("audio_offset_ms", "visual_offset_ms"):
            setattr(self, name, _clamp(getattr(self, name), -OFFSET_LIMIT_MS, OFFSET_LIMIT_MS,
                                       0.0))
        self.frame_cap = int(_clamp(self.frame_cap, *FRAME_CAP_RANGE, d.frame_cap))
        if self.tier not in TIERS:
            self.tier = DEFAULT_TIER
        self.bindings = _clean_table(self.bindings)
        self.pad_bindings = _clean_table(self.pad_bindings)
        self.body_weight_kg = clean_weight(self.body_weight_kg)
        self.weekly_days = int(_clamp(self.weekly_days, 1, 7, d.weekly_days))
        self.weekly_minutes = int(_clamp(self.weekly_minutes, *WEEKLY_MINUTES_RANGE,
                                         d.weekly_minutes))
        self.rest_weekdays = clean_weekdays(self.rest_weekdays)

    @classmethod
    def load(cls, path: Path) -> Settings:
        """Defaults for anything missing or unreadable; unknown keys are ignored. Only a
        regular file of at most 64 KiB is read (a FIFO would block the game)."""
        try:
            raw = parse_json(read_bounded(path, MAX_FILE_BYTES).decode("utf-8"))
        except (OSError, ValueError):
            return cls()
        return cls.from_dict(raw)

    def save(self, path: Path) -> None:
        """Atomic write: a killed process leaves the old file or the new one, never half."""
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".settings-")
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(self.to_dict(), f, indent=2)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)


def parse_json(text: str) -> Any:
    """json.loads for a file a player may have edited: ValueError (never RecursionError or
    a 400-digit integer) for nesting deeper than MAX_JSON_DEPTH or numerals longer than
    MAX_NUMERAL, which no real settings value needs."""
    depth = 0
    in_string = escaped = False
    for ch in text:  # brackets outside strings: how deep the document nests
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            if depth > MAX_JSON_DEPTH:
                raise ValueError(f"nested deeper than {MAX_JSON_DEPTH} levels")
        elif ch in "]}":
            depth -= 1

    def number(kind: type) -> Any:
        def parse(numeral: str) -> Any:
            if len(numeral) > MAX_NUMERAL:
                raise ValueError(f"a number of {len(numeral)} characters")
            return kind(numeral)
        return parse
    return json.loads(text, parse_int=number(int), parse_float=number(float))


def clean_weight(kg: Any) -> float:
    """A weight the estimate can use, to the half kilo, or 0.0 (not given)."""
    ok = valid_weight(kg)
    return round(ok * 2) / 2 if ok is not None else 0.0


def clean_weekdays(days: Any) -> list[int]:
    """Planned rest days: distinct weekdays 0..6, at most six (a week needs a day to
    train)."""
    if not isinstance(days, list):
        return []
    kept = sorted({d for d in days if isinstance(d, int) and not isinstance(d, bool)
                   and 0 <= d <= 6})
    return kept[:MAX_REST_DAYS]


def _clamp(v: float, lo: float, hi: float, fallback: float) -> float:
    if not math.isfinite(v):
        return fallback
    return min(hi, max(lo, v))


def _clean_table(table: Any) -> dict[str, list[str]]:
    """Only "stage.action" -> [short names] entries survive; an empty list means defaults."""
    if not isinstance(table, dict):
        return {}
    out: dict[str, list[str]] = {}
    for k, names in table.items():
        if not (isinstance(k, str) and "." in k and isinstance(names, list)):
            continue
        good = [n for n in names if isinstance(n, str) and 0 < len(n) <= MAX_NAME_LEN]
        if good:
            out[k] = list(dict.fromkeys(good))[:MAX_BOUND_NAMES]
    return out
