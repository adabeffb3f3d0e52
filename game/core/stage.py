"""StageRules: what a stage adds to the shared timing and judging (pure, no pygame)."""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from game.core.events import GameEvent
from game.core.level import SILENT, Cue, Level, split_bars

if TYPE_CHECKING:
    from game.core.session import Input, PlaySession


@dataclass(frozen=True)
class Symbol:
    """What one pattern character asks of the player."""

    action: str
    accent: bool = False
    kind: str = "tap"
    hold_bars: int = 0
    doc: str = ""


class StageRules:
    """Base rules: cues from the pattern; a press is judged against the nearest cue."""

    name = ""
    title = ""
    blurb = ""
    actions: tuple[str, ...] = ()
    action_labels: dict[str, str] = {}
    symbols: dict[str, Symbol] = {}
    default_keys: dict[str, tuple[str, ...]] = {}
    example_pattern = ""

    # -- building -----------------------------------------------------------------------
    def build_cues(self, level: Level) -> list[Cue]:
        cues: list[Cue] = []
        bpb = level.beats_per_bar
        tm = level.tempo_map
        for iv_index, iv in enumerate(level.intervals):
            if not iv.is_work or not iv.pattern:
                continue
            bars = split_bars(iv.pattern)
            for bar_no in range(iv.bars):
                steps = bars[bar_no % len(bars)]
                step_beats = bpb / len(steps)
                bar_start = iv.start_beat + bar_no * bpb
                for k, (ch, _pos) in enumerate(steps):
                    if ch in SILENT:
                        continue
                    sym = self.symbols[ch]
                    beat = bar_start + k * step_beats
                    end = tm.time_at(beat + sym.hold_bars * bpb) if sym.kind == "hold" else 0.0
                    cues.append(Cue(time=tm.time_at(beat), beat=beat, action=sym.action,
                                    symbol=ch, interval=iv_index, accent=sym.accent,
                                    kind=sym.kind, end_time=end))
        return self.finish_cues(level, cues)

    def finish_cues(self, level: Level, cues: list[Cue]) -> list[Cue]:
        """Number the cues; stages override to group them (combos) first."""
        from dataclasses import replace
        return [replace(c, index=i) for i, c in enumerate(cues)]

    # -- playing ------------------------------------------------------------------------
    def new_state(self) -> Any:
        return None

    def press(self, session: PlaySession, action: str, t: float) -> list[GameEvent]:
        return [session.record(session.judge.judge(action, t), t)]

    def release(self, session: PlaySession, action: str, t: float) -> list[GameEvent]:
        return []

    def advance(self, session: PlaySession, t: float) -> list[GameEvent]:
        """Stage events that come with time alone (calls, hold completions)."""
        return []

    # -- the bot ------------------------------------------------------------------------
    def bot_inputs(self, cues: list[Cue], rng: random.Random, sigma: float) -> list[Input]:
        """A player who hits every cue with the right action, Gaussian timing noise."""
        from game.core.session import Input
        out: list[Input] = []
        for c in cues:
            if c.kind == "hold":
                out += [Input(a, c.time + rng.gauss(0, sigma)) for a in self.hold_actions(c)]
                out += [Input(a, c.end_time + 0.05, pressed=False) for a in self.hold_actions(c)]
            else:
                t = c.time + rng.gauss(0.0, sigma) if sigma > 0 else c.time
                out.append(Input(c.action, t))
                out.append(Input(c.action, t + 0.04, pressed=False))
        out.sort(key=lambda i: (i.time, not i.pressed))
        return out

    def hold_actions(self, cue: Cue) -> tuple[str, ...]:
        return (cue.action,)
