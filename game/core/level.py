"""Level / Interval / Cue data model and the pattern grammar shared by every stage.

A pattern is bars separated by `|`; a bar's subdivision is its number of steps, so
`l.r.l.r.` is eighths in 4/4 and `lrl lrl lrl lrl` is triplet eighths. Spaces are ignored;
`.`, `-` and `_` are silent steps. The pattern repeats to fill the interval.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from game.core.timing import TempoChange, TempoMap

SILENT = frozenset(".-_")
MAX_STEPS_PER_BAR = 48


@dataclass(frozen=True)
class Cue:
    """One thing to do at one moment: timing data only, no picture."""

    time: float          # song seconds
    beat: float
    action: str          # e.g. "left", "cross"
    symbol: str          # the pattern character it came from
    interval: int        # index of its interval in the level
    accent: bool = False
    kind: str = "tap"    # "tap" or "hold"
    end_time: float = 0.0  # holds: when the hold may be let go
    group: int = -1      # combos: which called combination the cue belongs to
    index: int = 0       # position in the level's cue list


@dataclass(frozen=True)
class Interval:
    kind: str             # "work" or "rest"
    bars: int
    start_beat: float
    end_beat: float
    pattern: str = ""
    tempo: float | None = None
    tempo_end: float | None = None
    name: str = ""
    line: int = 0         # 1-based line in the level file, for messages

    @property
    def is_work(self) -> bool:
        return self.kind == "work"


@dataclass(frozen=True)
class Level:
    id: str
    title: str
    stage: str
    bpm: float
    beats_per_bar: int
    intervals: tuple[Interval, ...]
    tempo_map: TempoMap
    lead_in_bars: int = 1
    author: str = ""
    description: str = ""
    source: str = ""
    content_hash: str = ""
    extra: dict = field(default_factory=dict, hash=False, compare=False)

    @property
    def end_beat(self) -> float:
        return self.intervals[-1].end_beat if self.intervals else 0.0

    @property
    def duration(self) -> float:
        """Seconds from beat 0 to the end of the last interval."""
        return self.tempo_map.time_at(self.end_beat)

    @property
    def lead_in(self) -> float:
        """Seconds of count-in before beat 0."""
        return self.lead_in_bars * self.beats_per_bar * 60.0 / self.bpm

    def interval_times(self, i: int) -> tuple[float, float]:
        iv = self.intervals[i]
        return self.tempo_map.time_at(iv.start_beat), self.tempo_map.time_at(iv.end_beat)

    def interval_at_time(self, t: float) -> int:
        """Index of the interval sounding at song time t (-1 before the start)."""
        beat = self.tempo_map.beat_at(t)
        if beat < 0:
            return -1
        for i, iv in enumerate(self.intervals):
            if beat < iv.end_beat:
                return i
        return len(self.intervals)

    def with_tempo_scale(self, factor: float) -> Level:
        """The same level played `factor` times as fast (tiers, practice, overload)."""
        from dataclasses import replace
        return replace(self, bpm=self.bpm * factor, tempo_map=self.tempo_map.scaled(factor))


def split_bars(pattern: str) -> list[list[tuple[str, int]]]:
    """Bars of (symbol, offset-in-pattern-string) with spaces dropped."""
    bars: list[list[tuple[str, int]]] = [[]]
    for pos, ch in enumerate(pattern):
        if ch == "|":
            bars.append([])
        elif not ch.isspace():
            bars[-1].append((ch, pos))
    return [b for b in bars if b] if any(bars) else []


def build_tempo_map(bpm: float, beats_per_bar: int,
                    intervals: list[Interval] | tuple[Interval, ...]) -> TempoMap:
    """Tempo changes at interval starts; `tempo_end` ramps bar by bar through an interval."""
    changes: list[TempoChange] = []
    for iv in intervals:
        if iv.tempo is not None:
            changes.append(TempoChange(iv.start_beat, iv.tempo))
        if iv.tempo_end is not None:
            start = iv.tempo if iv.tempo is not None else (changes[-1].bpm if changes else bpm)
            if iv.bars == 1:  # its only bar is its last: it plays at tempo_end
                changes.append(TempoChange(iv.start_beat, iv.tempo_end))
            for k in range(1, iv.bars):
                frac = k / max(1, iv.bars - 1)
                changes.append(TempoChange(iv.start_beat + k * beats_per_bar,
                                           start + (iv.tempo_end - start) * frac))
    return TempoMap(bpm, changes)


def layout_intervals(raw: list[dict], beats_per_bar: int) -> list[Interval]:
    """Place intervals back to back on the beat line."""
    out: list[Interval] = []
    beat = 0.0
    for r in raw:
        length = r["bars"] * beats_per_bar
        out.append(Interval(kind=r["kind"], bars=r["bars"], start_beat=beat,
                            end_beat=beat + length, pattern=r.get("pattern", ""),
                            tempo=r.get("tempo"), tempo_end=r.get("tempo_end"),
                            name=r.get("name", ""), line=r.get("line", 0)))
        beat += length
    return out
