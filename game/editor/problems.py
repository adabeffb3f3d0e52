"""The loader's and the lint's problems, placed on the timeline: which bars, which steps.

A problem is `file:line:col`; the editor shows it on the step it points at. Each one-line
pattern's span in the current text leads a column back to a step of a pattern bar (and so
to every interval bar that plays that pattern bar); a problem elsewhere in an interval's
lines marks that interval's bars, and anything else is the whole level's.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from game.core.level import Level, split_bars
from game.core.loader import Problem
from game.core.yamlspan import Events, SpanError, scalar_span


@dataclass(frozen=True)
class Placed:
    """A problem on the timeline: `at` is (bar, fraction of the bar) for a step, `bars`
    the bars it concerns (all of them for a problem elsewhere in the file)."""

    problem: Problem
    bars: tuple[int, ...] = ()
    at: tuple[tuple[int, float], ...] = ()

    @property
    def is_error(self) -> bool:
        return self.problem.severity != "warning"


class ProblemMap:
    """Where things are in one version of the text (the intervals are the level's)."""

    def __init__(self, text: str, level: Level) -> None:
        self.level = level
        self.total = sum(iv.bars for iv in level.intervals)
        self.first = [sum(iv.bars for iv in level.intervals[:i])
                      for i in range(len(level.intervals))]
        try:
            events: Events | None = Events(text)
        except Exception:  # noqa: BLE001 - not YAML at all: nothing to place
            events = None
        self.spans = self._pattern_spans(text, events)
        self.starts = self._interval_lines(events)

    def _pattern_spans(self, text: str, events: Events | None
                       ) -> dict[int, tuple[int, int, int, str]]:
        """interval -> (line, first column, end column, pattern) of each one-line pattern
        written out plainly (no escapes), so a problem's column leads back to its step."""
        out: dict[int, tuple[int, int, int, str]] = {}
        if events is None:
            return out
        starts = [0] + [k + 1 for k, c in enumerate(text) if c == "\n"]
        for i, iv in enumerate(self.level.intervals):
            if not iv.is_work:
                continue
            try:
                a, b = scalar_span(text, events, ("intervals", i, "pattern"))
            except SpanError:
                continue
            src = text[a:b]
            quoted = src[:1] in "\"'" and len(src) >= 2
            body = src[1:-1] if quoted else src
            if "\n" in src or "\\" in body or "''" in body:
                continue
            a += 1 if quoted else 0
            line = bisect_right(starts, a)
            col = a - starts[line - 1]
            out[i] = (line, col, col + len(body), body)
        return out

    def _interval_lines(self, events: Events | None) -> list[tuple[int, int]]:
        """(first line, interval) in this text: a block pattern rewritten on one line moves
        every line after it."""
        out: list[tuple[int, int]] = []
        if events is None:
            return out
        for i in range(len(self.level.intervals)):
            ev = events.locate(("intervals", i))
            if ev is not None:
                out.append((ev.start_mark.line + 1, i))
        return out

    def _interval_bars(self, i: int) -> tuple[int, ...]:
        return tuple(range(self.first[i], self.first[i] + self.level.intervals[i].bars))

    def place(self, p: Problem) -> Placed:
        for i, (line, col0, col1, pattern) in self.spans.items():
            if p.line == line and col0 <= p.column - 1 < col1:
                return self._at_pattern(p, i, pattern, p.column - 1 - col0)
        interval = None
        for start, i in self.starts:
            if p.line >= start:
                interval = i
        if interval is None:
            return Placed(p, tuple(range(self.total)))
        return Placed(p, self._interval_bars(interval))

    def _at_pattern(self, p: Problem, i: int, pattern: str, pos: int) -> Placed:
        split = split_bars(pattern)
        for pb, bar in enumerate(split):
            for s, (tok, off) in enumerate(bar):
                end = bar[s + 1][1] if s + 1 < len(bar) else off + len(tok)
                if off <= pos < max(end, off + 1):
                    bars = tuple(b for k, b in enumerate(self._interval_bars(i))
                                 if k % len(split) == pb)
                    return Placed(p, bars, tuple((b, s / len(bar)) for b in bars))
        return Placed(p, self._interval_bars(i))


def nearest(placed: list[Placed], bar: int, lo: float, hi: float, total: int
            ) -> list[Placed]:
    """Problems for a cursor covering [lo, hi) of `bar`, nearest first: on its step, then
    in its bar or interval, then the level's other errors (other bars' warnings left out)."""
    def rank(p: Placed) -> int:
        if any(b == bar and lo - 1e-9 <= f < hi - 1e-9 for b, f in p.at):
            return 0
        if bar in p.bars and len(p.bars) < total:
            return 1
        return 2
    ranked = sorted(placed, key=lambda p: (rank(p), not p.is_error))
    return [p for p in ranked if rank(p) < 2 or p.is_error]
