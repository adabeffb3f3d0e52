"""PlaySession: one run of a level through its stage rules; a pure function of inputs."""

from __future__ import annotations

import random

from game.core.bot import bot_inputs
from game.core.cues import kind_counts
from game.core.effort import counts_as_done, effort_json, interval_effort, moves_in, play_effort
from game.core.events import (
    Bell,
    ChordPart,
    CountIn,
    Dodge,
    Drop,
    GameEvent,
    Held,
    Hit,
    HitBy,
    HoldEnded,
    HoldStarted,
    Input,
    IntervalEnded,
    IntervalStarted,
    LevelFinished,
    Miss,
    RollProgress,
    Stray,
    Wrong,
)
from game.core.judge import CueJudge, HitWindows, Judgement, Outcome, Progress, ScoreKeeper, Verdict
from game.core.level import Cue, Level
from game.core.stage import RulesContext, StageInfo, stage_info

__all__ = ["Input", "PlaySession", "simulate", "autoplay", "autoplay_inputs"]

_MISS_EVENTS = {Judgement.WRONG: Wrong, Judgement.DROP: Drop, Judgement.HIT_BY: HitBy}
_HIT_EVENTS = {Judgement.HELD: Held, Judgement.DODGE: Dodge}


class PlaySession:
    """Feeds timestamped inputs and the passing of time to the judge and the stage's rules;
    emits GameEvents. The rules see only a RulesContext, never the session."""

    def __init__(self, level: Level, stage: StageInfo, windows: HitWindows | None = None,
                 start_time: float | None = None, cues: tuple[Cue, ...] | None = None) -> None:
        self.level = level
        self.stage = stage
        self.rules = stage.rules
        self.windows = windows or HitWindows()
        cues = list(stage.build_cues(level) if cues is None else cues)
        if start_time is not None:  # practice from an interval: earlier cues are not owed
            cues = [c for c in cues if c.time >= start_time - 1e-9]
        self.cues = tuple(cues)
        self.judge = CueJudge(self.cues, self.windows)
        self.score = ScoreKeeper()
        self.moves_done: dict[str, int] = {}    # per stage: punches, steps, reps done
        self.moves_by_interval: dict[int, int] = {}
        self.held: set[str] = set()
        self.finished = False
        self.now = -level.lead_in if start_time is None else start_time
        self.start_time = self.now
        # a remix plays several stages: each has its own rules, state and view of the cues
        self.stages: dict[str, StageInfo] = {stage.name: stage}
        for name in level.stages:
            if name not in self.stages:
                self.stages[name] = stage_info(name)
        self.ctxs = {name: RulesContext(level, tuple(c for c in self.cues
                                                     if (c.stage or stage.name) == name),
                                        self.windows, self.held, self.start_time)
                     for name in self.stages}
        self.states = {name: info.rules.new_state(level, self.ctxs[name].cues)
                       for name, info in self.stages.items()}
        self.ctx = self.ctxs[stage.name]
        self.state = self.states[stage.name]
        beat_len = 60.0 / level.bpm
        n = level.lead_in_bars * level.beats_per_bar
        self._count_in = [(-level.lead_in + k * beat_len, k + 1, n) for k in range(n)]
        self._count_in = [c for c in self._count_in if c[0] >= self.now - 1e-9]
        self._bounds = self._boundaries()
        self._bounds = [b for b in self._bounds if b[0] >= self.now - 1e-9]
        last_cue = max((max(c.time, c.end_time) for c in self.cues), default=0.0)
        self._end_time = max(level.duration, last_cue + self.windows.reach)

    @property
    def snapshot(self):
        """The rules' read-only picture of the play, for views."""
        return self.rules.snapshot(self.state)

    def snapshot_of(self, stage: str):
        """The read-only picture one stage's rules publish (remixes have several)."""
        info = self.stages.get(stage)
        return info.rules.snapshot(self.states[stage]) if info is not None else None

    def _react(self, ev: GameEvent) -> list[GameEvent]:
        cue = getattr(ev, "cue", None)
        name = (cue.stage if cue is not None else self.level.stage_at_time(ev.time)) \
            or self.stage.name
        info = self.stages.get(name, self.stage)
        return info.rules.react(self.ctxs[info.name], self.states[info.name], ev)

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

    def record(self, verdict: Verdict, t: float | None = None) -> GameEvent:
        """Score a verdict and turn it into the event the views will see."""
        at = verdict.at if t is None else t
        s = self.score
        if verdict.cue is None:
            s.stray()
            return Stray(at, verdict.action, s.score, s.combo)
        j = verdict.judgement
        assert j is not None
        s.record(j, verdict.offset, verdict.cue.accent, verdict.timed)
        if counts_as_done(j.value, verdict.phase):
            name = verdict.cue.stage or self.stage.name
            n = moves_in(verdict.cue)
            self.moves_done[name] = self.moves_done.get(name, 0) + n
            iv = verdict.cue.interval
            self.moves_by_interval[iv] = self.moves_by_interval.get(iv, 0) + n
        cls = (_HIT_EVENTS.get(j, Hit) if j.is_hit else _MISS_EVENTS.get(j, Miss))
        return cls(at, verdict.cue, j, verdict.offset, verdict.action, s.score, s.combo,
                   verdict.phase)

    def _events(self, outcomes: list[Outcome]) -> list[GameEvent]:
        """The judge's outcomes as events, each followed by the stage's reaction to it."""
        out: list[GameEvent] = []
        for o in outcomes:
            if isinstance(o, Progress):
                ev: GameEvent = self._progress(o)
            else:
                ev = self.record(o)
            out.append(ev)
            out += self._react(ev)
        return out

    @staticmethod
    def _progress(p: Progress) -> GameEvent:
        if p.kind == "hold_start":
            return HoldStarted(p.at, p.cue)
        if p.kind == "hold_end":
            return HoldEnded(p.at, p.cue, p.completed)
        if p.kind == "roll":
            return RollProgress(p.at, p.cue, p.count, p.cue.target)
        return ChordPart(p.at, p.cue, p.count)

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
        events += self._events(self.judge.expire(t))
        for name, info in self.stages.items():
            events += info.rules.advance(self.ctxs[name], self.states[name], t)
        if t >= self.end_time and not self._bounds:
            self.finished = True
            events.append(LevelFinished(t))
        return events

    def press(self, action: str, t: float) -> list[GameEvent]:
        events = self.advance(t)
        if self.finished:
            return events
        self.held.add(action)
        return events + self._events(self.judge.press(action, t))

    def release(self, action: str, t: float) -> list[GameEvent]:
        events = self.advance(t)
        self.held.discard(action)
        if self.finished:
            return events
        return events + self._events(self.judge.release(action, t))

    def apply(self, inp: Input) -> list[GameEvent]:
        return self.press(inp.action, inp.time) if inp.pressed else self.release(inp.action,
                                                                                 inp.time)

    def outcome(self) -> dict:
        """The stage's own figures; a remix also keeps each stage's under `by_stage`."""
        per = {n: info.rules.outcome(self.states[n]) for n, info in self.stages.items()}
        if len(per) == 1:
            return per[self.stage.name]
        return _merge(list(per.values())) | {"by_stage": per}

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
            "cue_kinds": kind_counts(list(self.cues)),
            "stages": list(self.level.stages),
            "outcome": self.outcome(),
            "effort": effort_json(play_effort(self.level, self.cues, self.moves_done,
                                              self.start_time),
                                  interval_effort(self.level, self.cues,
                                                  self.moves_by_interval, self.start_time)),
        }


def _merge(outcomes: list[dict]) -> dict:
    """Sum the stages' figures of the same name (punches of two punching stages)."""
    out: dict = {}
    for o in outcomes:
        for k, v in o.items():
            if isinstance(v, bool) or not isinstance(v, int | float):
                out[k] = v
            else:
                out[k] = out.get(k, 0) + v
    return out


def simulate(level: Level, stage: StageInfo, inputs: list[Input],
             windows: HitWindows | None = None, start_time: float | None = None,
             cues: tuple[Cue, ...] | None = None) -> PlaySession:
    """Play a level to the end with a given list of inputs, without waiting for real time.

    `cues` may be passed when they are already built (rating plays one level many times)."""
    session = PlaySession(level, stage, windows, start_time, cues)
    for inp in sorted(inputs, key=lambda i: (i.time, i.pressed, i.action)):
        session.apply(inp)
    session.advance(session.end_time + 1.0)
    return session


def autoplay_inputs(level: Level, stage: StageInfo, sigma_ms: float = 0.0,
                    seed: int = 0) -> list[Input]:
    rng = random.Random(seed)
    return bot_inputs(stage.build_cues(level), rng, sigma_ms / 1000.0)


def autoplay(level: Level, stage: StageInfo, sigma_ms: float = 0.0, seed: int = 0,
             windows: HitWindows | None = None) -> PlaySession:
    return simulate(level, stage, autoplay_inputs(level, stage, sigma_ms, seed), windows)
