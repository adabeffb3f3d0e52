"""PlaySession: one run of a level through its stage rules; a pure function of inputs."""

from __future__ import annotations

import random
from dataclasses import dataclass

from game.core.events import (
    Bell,
    CountIn,
    GameEvent,
    Hit,
    IntervalEnded,
    IntervalStarted,
    LevelFinished,
    Miss,
    Stray,
)
from game.core.judge import CueJudge, HitWindows, ScoreKeeper, Verdict
from game.core.level import Level
from game.core.stage import StageRules


@dataclass(frozen=True)
class Input:
    """A timestamped action: the device layer's only output."""

    action: str
    time: float
    pressed: bool = True


class PlaySession:
    """Feeds timestamped inputs and the passing of time to the rules; emits GameEvents."""

    def __init__(self, level: Level, rules: StageRules, windows: HitWindows | None = None,
                 start_time: float | None = None) -> None:
        self.level = level
        self.rules = rules
        self.windows = windows or HitWindows()
        self.cues = rules.build_cues(level)
        if start_time is not None:  # practice from an interval: earlier cues are not owed
            self.cues = [c for c in self.cues if c.time >= start_time - 1e-9]
        self.judge = CueJudge(self.cues, self.windows)
        self.score = ScoreKeeper()
        self.state = rules.new_state()
        self.held: set[str] = set()
        self.finished = False
        self.now = -level.lead_in if start_time is None else start_time
        self.start_time = self.now
        beat_len = 60.0 / level.bpm
        n = level.lead_in_bars * level.beats_per_bar
        self._count_in = [(-level.lead_in + k * beat_len, k + 1, n) for k in range(n)]
        self._count_in = [c for c in self._count_in if c[0] >= self.now - 1e-9]
        self._bounds = self._boundaries()
        self._bounds = [b for b in self._bounds if b[0] >= self.now - 1e-9]
        last_cue = max((max(c.time, c.end_time) for c in self.cues), default=0.0)
        self._end_time = max(level.duration, last_cue + self.windows.reach)

    def _boundaries(self) -> list[tuple[float, list[GameEvent]]]:
        out: list[tuple[float, list[GameEvent]]] = []
        last = len(self.level.intervals) - 1
        for i, iv in enumerate(self.level.intervals):
            start, end = self.level.interval_times(i)
            evs: list[GameEvent] = []
            if i > 0:
                evs.append(IntervalEnded(start, i - 1, self.level.intervals[i - 1].kind))
            evs += [IntervalStarted(start, i, iv.kind, iv.name), Bell(start, 1)]
            out.append((start, evs))
            if i == last:
                out.append((end, [IntervalEnded(end, i, iv.kind), Bell(end, 3)]))
        return out

    @property
    def end_time(self) -> float:
        """When the level is over: the last bell, once the last cue is out of reach."""
        return self._end_time

    def record(self, verdict: Verdict, t: float) -> GameEvent:
        """Score a verdict and turn it into the event the views will see."""
        if verdict.cue is None:
            self.score.stray()
            return Stray(t, verdict.action)
        assert verdict.judgement is not None
        self.score.record(verdict.judgement, verdict.offset, verdict.cue.accent)
        if verdict.judgement.is_hit:
            return Hit(t, verdict.cue, verdict.judgement, verdict.offset, verdict.action)
        return Miss(t, verdict.cue, verdict.judgement, verdict.action, verdict.offset)

    def advance(self, t: float) -> list[GameEvent]:
        """Let time pass to t: count-in, bells, interval changes, expired cues, the end."""
        if self.finished or t < self.now:
            return []
        self.now = t
        events: list[GameEvent] = []
        while self._count_in and self._count_in[0][0] <= t:
            at, k, n = self._count_in.pop(0)
            events.append(CountIn(at, k, n))
        while self._bounds and self._bounds[0][0] <= t:
            events += self._bounds.pop(0)[1]
        for v in self.judge.expire(t):
            assert v.cue is not None
            events.append(self.record(v, v.cue.time + self.windows.reach))
        events += self.rules.advance(self, t)
        if t >= self.end_time and not self._bounds:
            self.finished = True
            events.append(LevelFinished(t))
        return events

    def press(self, action: str, t: float) -> list[GameEvent]:
        events = self.advance(t)
        if self.finished:
            return events
        self.held.add(action)
        return events + self.rules.press(self, action, t)

    def release(self, action: str, t: float) -> list[GameEvent]:
        events = self.advance(t)
        self.held.discard(action)
        if self.finished:
            return events
        return events + self.rules.release(self, action, t)

    def apply(self, inp: Input) -> list[GameEvent]:
        return self.press(inp.action, inp.time) if inp.pressed else self.release(inp.action,
                                                                                 inp.time)

    def summary(self) -> dict:
        """The results a player (and the JSON output) sees."""
        s = self.score
        mean, spread = s.offset_stats_ms()
        return {
            "level": self.level.id,
            "stage": self.level.stage,
            "score": s.score,
            "accuracy": round(s.accuracy, 2),
            "grade": s.grade,
            "judgements": {k: v for k, v in s.counts.items()},
            "strays": s.strays,
            "max_combo": s.max_combo,
            "cues": len(self.cues),
            "mean_offset_ms": round(mean, 2),
            "spread_offset_ms": round(spread, 2),
            "duration_s": round(self.level.duration, 2),
        }


def simulate(level: Level, rules: StageRules, inputs: list[Input],
             windows: HitWindows | None = None) -> PlaySession:
    """Play a level to the end with a given list of inputs, without waiting for real time."""
    session = PlaySession(level, rules, windows)
    for inp in sorted(inputs, key=lambda i: i.time):
        session.apply(inp)
    session.advance(session.end_time + 1.0)
    return session


def autoplay_inputs(level: Level, rules: StageRules, sigma_ms: float = 0.0,
                    seed: int = 0) -> list[Input]:
    rng = random.Random(seed)
    return rules.bot_inputs(rules.build_cues(level), rng, sigma_ms / 1000.0)


def autoplay(level: Level, rules: StageRules, sigma_ms: float = 0.0, seed: int = 0,
             windows: HitWindows | None = None) -> PlaySession:
    return simulate(level, rules, autoplay_inputs(level, rules, sigma_ms, seed), windows)

