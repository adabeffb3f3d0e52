"""Record mode's pure half: taps -> a grid -> a pattern -> the level file, comments kept.

The game shows a work interval, the designer taps along, and these functions turn the taps
into that interval's `pattern:`. Only the pattern's value changes in the file, so comments,
key order and every other interval stay as the designer wrote them. Taps record tap
symbols only (no accents, no holds): accents and holds are added by hand afterwards.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from yaml.events import AliasEvent, Event, MappingStartEvent, ScalarEvent, SequenceStartEvent

from game.core import schema
from game.core.level import Level
from game.core.loader import parse_level
from game.core.stage import StageInfo
from game.core.timing import TempoMap
from game.core.yamlspan import Events as _Events


class RecordError(ValueError):
    """The recording cannot be written as asked (the message says why, for the designer)."""


@dataclass(frozen=True)
class Recording:
    """Taps snapped to a grid: `grid[bar][step]` is the action on that step, or None."""

    grid: tuple[tuple[str | None, ...], ...]
    steps_per_beat: int
    kept: int          # taps that made it into the grid
    dropped: int       # taps that landed on a step another tap already had
    outside: int       # taps before the interval or after its end

    def cues(self, start_beat: float) -> list[tuple[str, float]]:
        """(action, beat) of every kept step, in order."""
        steps = len(self.grid[0]) if self.grid else 0
        return [(a, start_beat + (b * steps + k) / self.steps_per_beat)
                for b, bar in enumerate(self.grid) for k, a in enumerate(bar) if a]


@dataclass(frozen=True)
class RecordResult:
    text: str          # the whole level file with the new pattern in place
    pattern: str
    recording: Recording


def _tap(tap: Any) -> tuple[str, float] | None:
    """(action, time) from a tuple or a session Input (releases are not taps)."""
    if hasattr(tap, "action"):
        return None if not getattr(tap, "pressed", True) else (tap.action, float(tap.time))
    action, time = tap
    return str(action), float(time)


def quantise(taps: Iterable[Any], tempo_map: TempoMap, start_beat: float, bars: int,
             beats_per_bar: int, steps_per_beat: int = 4) -> Recording:
    """Snap taps (song seconds) to the nearest of `steps_per_beat` steps a beat.

    Two taps on one step: the one nearer the step wins (the other counts as dropped).
    """
    steps_per_bar = steps_per_beat * beats_per_bar
    if steps_per_beat < 1 or steps_per_bar > schema.MAX_STEPS_PER_BAR:
        raise RecordError(f"{steps_per_beat} steps a beat is not possible in a bar of "
                          f"{beats_per_bar} beats (at most {schema.MAX_STEPS_PER_BAR} steps)")
    total = bars * steps_per_bar
    best: dict[int, tuple[float, str]] = {}
    kept = dropped = outside = 0
    for raw in taps:
        tap = _tap(raw)
        if tap is None:
            continue
        action, t = tap
        x = (tempo_map.beat_at(t) - start_beat) * steps_per_beat
        step = math.floor(x + 0.5)
        if not 0 <= step < total:
            outside += 1
            continue
        err = abs(x - step)
        if step in best:
            dropped += 1
            if err < best[step][0]:
                best[step] = (err, action)
            continue
        best[step] = (err, action)
        kept += 1
    grid = tuple(tuple(best[s][1] if s in best else None
                       for s in range(b * steps_per_bar, (b + 1) * steps_per_bar))
                 for b in range(bars))
    return Recording(grid, steps_per_beat, kept, dropped, outside)


def action_symbols(rules: StageInfo, prefer: str = "") -> dict[str, str]:
    """action -> the plain (unaccented tap) symbol that writes it.

    When a stage has several (museum steps: 'L' climbs, 'l' strides on the flat), a symbol
    already used in `prefer` (the interval's old pattern) wins, else the stage's first.
    """
    out: dict[str, str] = {}
    for ch, sym in rules.symbols.items():
        if sym.kind != "tap" or sym.accent:
            continue
        if sym.action not in out or (ch in prefer and out[sym.action] not in prefer):
            out[sym.action] = ch
    return out


def _bar_text(bar: tuple[str | None, ...], symbols: dict[str, str], simplify: bool) -> str:
    n = len(bar)
    stride = 1
    if simplify:  # the coarsest subdivision that still holds every tap: l...r... -> l.r.
        used = [k for k, a in enumerate(bar) if a]
        stride = next(d for d in range(n, 0, -1) if n % d == 0 and all(k % d == 0 for k in used))
    out = []
    for k in range(0, n, stride):
        a = bar[k]
        if a is None:
            out.append(".")
        elif a in symbols:
            out.append(symbols[a])
        else:
            raise RecordError(f"the stage has no pattern symbol for the action {a!r}")
    return "".join(out)


def pattern_from(recording: Recording, symbols: dict[str, str], simplify: bool = True) -> str:
    """The pattern for a recording: bars joined by '|', shortest repeat that divides it."""
    bars = [_bar_text(bar, symbols, simplify) for bar in recording.grid]
    if not bars:
        raise RecordError("nothing to record: the interval has no bars")
    n = len(bars)
    if simplify:
        period = next(p for p in range(1, n + 1)
                      if n % p == 0 and all(bars[b] == bars[b % p] for b in range(n)))
        bars = bars[:period]
    pattern = "|".join(bars)
    if len(pattern) > schema.MAX_PATTERN_CHARS:
        raise RecordError(f"the recording needs a {len(pattern)}-character pattern; at most "
                          f"{schema.MAX_PATTERN_CHARS} fit: record fewer steps a beat")
    return pattern


# -- writing the file -----------------------------------------------------------------------

def _quoted(pattern: str) -> str:
    return '"' + pattern.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _pattern_event(text: str, index: int) -> tuple[Event, list[Event]]:
    evs = _Events(text)
    while not isinstance(evs.events[evs.i], MappingStartEvent | AliasEvent):
        evs.i += 1
    root = evs.next()
    intervals = evs.find_key("intervals") if isinstance(root, MappingStartEvent) else None
    if not isinstance(intervals, SequenceStartEvent):
        raise RecordError("the level's 'intervals' is not written out as a list here "
                          "(an alias?): record into a level that spells it out")
    for _ in range(index):
        evs.skip(evs.next())
    item = evs.next()
    if not isinstance(item, MappingStartEvent):
        raise RecordError(f"interval {index + 1} is an alias of another interval: write it "
                          "out before recording into it")
    value = evs.find_key("pattern")
    if value is None:
        raise RecordError(f"interval {index + 1} has no 'pattern' to replace")
    return value, evs.events


def replace_pattern(text: str, index: int, pattern: str, filename: str = "<level>") -> str:
    """The level text with work interval `index`'s pattern value replaced, nothing else.

    Raises the loader's LevelError if the text is not a valid level, RecordError if the
    interval is not a work interval or its pattern is shared through an anchor.
    """
    level = parse_level(text, filename)
    if not 0 <= index < len(level.intervals) or not level.intervals[index].is_work:
        raise RecordError(f"interval {index + 1} is not a work interval")
    value, events = _pattern_event(text, index)
    if isinstance(value, ScalarEvent) and value.anchor is not None and any(
            isinstance(e, AliasEvent) and e.anchor == value.anchor for e in events):
        raise RecordError(f"interval {index + 1}'s pattern is shared with others through "
                          f"&{value.anchor}: replace '*{value.anchor}' uses first")
    start, end = value.start_mark.index, value.end_mark.index
    while end > start and text[end - 1] in " \t\r\n":
        end -= 1  # block scalars end after their last line break; keep the break
    out = text[:start] + _quoted(pattern) + text[end:]
    written = parse_level(out, filename).intervals[index].pattern
    if written != pattern:  # pragma: no cover - a guard, not a path
        raise RecordError("the new pattern did not survive a round trip")
    return out


def record_interval(text: str, level: Level, index: int, taps: Iterable[Any],
                    steps_per_beat: int = 4, rules: StageInfo | None = None) -> RecordResult:
    """Everything record mode needs: quantise the taps over work interval `index` of `level`
    (loaded from `text`), build its pattern in the stage's symbols and write it into `text`."""
    if not 0 <= index < len(level.intervals) or not level.intervals[index].is_work:
        raise RecordError(f"interval {index + 1} is not a work interval")
    if rules is None:
        from game.core.stage import stage_info as get_stage
        rules = get_stage(level.stage)
    iv = level.intervals[index]
    rec = quantise(taps, level.tempo_map, iv.start_beat, iv.bars, level.beats_per_bar,
                   steps_per_beat)
    pattern = pattern_from(rec, action_symbols(rules, prefer=iv.pattern))
    return RecordResult(replace_pattern(text, index, pattern, level.source or "<level>"),
                        pattern, rec)
