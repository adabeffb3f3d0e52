"""Bars counted across the whole level, as the tempo map counts them.

Bar 0 starts on beat 0 and every bar is `beats_per_bar` beats, so bar b starts on beat
b * beats_per_bar whatever the tempo does; intervals are whole bars laid back to back, so
the count runs on through them. Designers speak of bars from 1 (`play --from 13`, the
editor's ruler); this module counts from 0 and the callers add the one.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from game.core.bot import bot_inputs
from game.core.judge import HitWindows
from game.core.level import Cue, Level
from game.core.session import PlaySession, simulate
from game.core.stage import StageInfo


def bar_count(level: Level) -> int:
    return sum(iv.bars for iv in level.intervals)


def bar_beat(level: Level, bar: int) -> float:
    return float(bar * level.beats_per_bar)


def bar_time(level: Level, bar: int) -> float:
    """Song seconds at the first beat of `bar` (negative bars are the count-in)."""
    return level.tempo_map.time_at(bar_beat(level, bar))


def bar_at_time(level: Level, t: float) -> int:
    """The bar sounding at song time t, clamped to the level's bars."""
    beat = level.tempo_map.beat_at(t)
    return max(0, min(bar_count(level) - 1, int(beat // level.beats_per_bar)))


def locate(level: Level, bar: int) -> tuple[int, int]:
    """(interval index, bar within that interval) of a level bar."""
    left = bar
    for i, iv in enumerate(level.intervals):
        if left < iv.bars:
            return i, left
        left -= iv.bars
    raise IndexError(f"bar {bar + 1} is past the level's end (it has {bar_count(level)} bars)")


def first_bar(level: Level, interval: int) -> int:
    return sum(iv.bars for iv in level.intervals[:interval])


@dataclass(frozen=True)
class FromBar:
    """Playing from a bar: the song starts a bar early (the count-in bar, heard, not
    played), and only cues from the bar's first beat on are owed."""

    bar: int
    start_time: float      # where the session (and the music) start
    cue_time: float        # the bar's first beat: the first moment a cue is owed
    end_time: float        # the end of the bar span asked for (a loop's end), else the level's


def from_bar(level: Level, bar: int, bars: int = 0) -> FromBar:
    """The times to play `level` from 0-based `bar`, optionally only `bars` bars of it."""
    n = bar_count(level)
    if not 0 <= bar < n:
        raise ValueError(f"bar {bar + 1} is not in the level: it has bars 1 to {n}")
    end_bar = min(n, bar + bars) if bars > 0 else n
    return FromBar(bar, bar_time(level, bar - 1), bar_time(level, bar),
                   bar_time(level, end_bar))


def owed(cues: list[Cue] | tuple[Cue, ...], start: FromBar) -> tuple[Cue, ...]:
    """The cues a play from a bar asks for (a hold that began before the bar is not)."""
    return tuple(c for c in cues if c.time >= start.cue_time - 1e-9)


def autoplay_from(level: Level, stage: StageInfo, bar: int, sigma_ms: float = 0.0,
                  seed: int = 0, windows: HitWindows | None = None) -> PlaySession:
    """The bot plays from a bar to the end: the same session, only the owed cues."""
    start = from_bar(level, bar)
    cues = owed(stage.build_cues(level), start)
    inputs = bot_inputs(list(cues), random.Random(seed), sigma_ms / 1000.0)
    return simulate(level, stage, inputs, windows, start.start_time, cues)
