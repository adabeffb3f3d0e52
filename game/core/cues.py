"""Cues from patterns: one grammar for every stage and every kind of cue (see level.py)."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from game.core.level import (
    AVOID,
    HOLD_ON,
    RELEASE,
    ROLL_ON,
    Cue,
    Interval,
    Level,
    is_cue_token,
    split_bars,
    token_mark,
    token_symbols,
)

if TYPE_CHECKING:
    from game.core.stage import StageInfo


def interval_steps(iv: Interval, beats_per_bar: int) -> list[tuple[str, float]]:
    """Every step of a work interval as (token, beat), the pattern repeated to fill it."""
    bars = split_bars(iv.pattern)
    out: list[tuple[str, float]] = []
    if not bars:
        return out
    for bar_no in range(iv.bars):
        steps = bars[bar_no % len(bars)]
        step_beats = beats_per_bar / len(steps)
        bar_start = iv.start_beat + bar_no * beats_per_bar
        out += [(tok, bar_start + k * step_beats) for k, (tok, _pos) in enumerate(steps)]
    return out


def _kind(token: str, syms: list, actions: tuple[str, ...], holds: int, rolls: int) -> str:
    if token.startswith(AVOID) or syms[0].kind == "avoid":
        return "avoid"
    if holds or syms[0].kind == "hold":
        return "hold"
    if rolls or syms[0].kind == "roll":
        return "roll"
    return "chord" if len(actions) > 1 else "tap"


def build_cues(level: Level, stage: StageInfo) -> list[Cue]:
    """Every cue of the level in time order: each interval's by its own stage's symbols
    (a remix), grouped by each stage's rules, then numbered through the level."""
    from game.core.stage import stage_info
    cues: list[Cue] = []
    bpb = level.beats_per_bar
    tm = level.tempo_map
    infos = {stage.name: stage}
    for iv_index, iv in enumerate(level.intervals):
        if not iv.is_work or not iv.pattern:
            continue
        name = iv.stage or stage.name
        if name not in infos:
            infos[name] = stage_info(name)
        here = infos[name]
        steps = interval_steps(iv, bpb)
        for i, (token, beat) in enumerate(steps):
            if not is_cue_token(token):
                continue
            syms = [here.symbols[c] for c in token_symbols(token)]
            actions = tuple(dict.fromkeys(a for s in syms for a in s.parts))
            accent = any(s.accent for s in syms)
            j = i + 1
            # a tap carried beside a hold (`[=r]`) never starts a span of its own
            while not token_mark(token) and j < len(steps) and \
                    token_mark(steps[j][0]) == HOLD_ON:
                j += 1
            holds = j - i - 1
            while not token_mark(token) and holds == 0 and j < len(steps) and \
                    steps[j][0] == ROLL_ON:
                j += 1
            rolls = j - i - 1 - holds
            lift = holds > 0 and j < len(steps) and token_mark(steps[j][0]) == RELEASE
            kind = _kind(token, syms, actions, holds, rolls)
            if holds or rolls:
                end_beat = steps[j][1] if j < len(steps) else iv.end_beat
            elif kind in ("hold", "roll"):
                end_beat = min(iv.end_beat, beat + syms[0].length_beats(bpb))
            else:
                end_beat = beat
            target = rolls + 1 if kind == "roll" and rolls else 0
            if kind == "roll" and not rolls:  # a roll symbol: a press a step for its length
                step = (steps[i + 1][1] - beat) if i + 1 < len(steps) else 1.0
                target = max(1, round((end_beat - beat) / max(1e-9, step)))
            first = actions[0]
            multi = actions if len(actions) > 1 else ()
            cues.append(Cue(time=tm.time_at(beat), beat=beat, action=first,
                            symbol=token_symbols(token)[0], interval=iv_index, accent=accent,
                            kind=kind, end_time=tm.time_at(end_beat) if end_beat > beat else 0.0,
                            actions=multi, target=target, lift=lift, end_beat=end_beat,
                            stage=name))
            if lift:
                cues.append(Cue(time=tm.time_at(end_beat), beat=end_beat, action=first,
                                symbol=RELEASE, interval=iv_index, kind="release",
                                actions=multi, end_beat=end_beat, stage=name))
    cues.sort(key=lambda c: (c.time, c.kind == "release"))
    if len(infos) == 1:
        return stage.rules.finish_cues(level, cues)
    finished: list[Cue] = []
    for name, info in infos.items():   # each stage groups its own cues (combos)
        finished += info.rules.finish_cues(level, [c for c in cues if c.stage == name])
    finished.sort(key=lambda c: (c.time, c.kind == "release", c.stage))
    return [replace(c, index=i) for i, c in enumerate(finished)]


def kind_counts(cues: list[Cue]) -> dict[str, int]:
    """How many cues of each kind: `cue_kinds` in results and the stored attempt."""
    out: dict[str, int] = {}
    for c in cues:
        out[c.kind] = out.get(c.kind, 0) + 1
    return dict(sorted(out.items()))
