"""The autoplay bot: presses and releases that make every kind of cue, with timing noise.

One bot for every stage (the core knows every cue kind), used by autoplay, `rate`, `shot`
and the bench. Keys are let go before their own next press, so fast rolls stay clean: a tap
by half the gap, a hold (which must stay down to its tail) just before the next press.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

from game.core.events import Input
from game.core.level import Cue

TAP_HOLD_S = 0.04    # how long a tapped key stays down
SPAN_EDGE_S = 0.02   # a roll's presses start and stop this far inside its span


def bot_inputs(cues: Sequence[Cue], rng: random.Random, sigma: float) -> list[Input]:
    """A player who makes every cue with the right action, Gaussian timing noise `sigma` s."""
    def noise() -> float:
        return rng.gauss(0.0, sigma) if sigma > 0 else 0.0

    downs: list[tuple[float, str, float, bool]] = []   # (press, action, wanted release, hold)
    for c in cues:
        if c.kind in ("tap", "chord"):
            t = c.time + noise()
            downs += [(t + (noise() * 0.25 if k else 0.0), a, TAP_HOLD_S, False)
                      for k, a in enumerate(c.parts)]
        elif c.kind == "hold":
            t = c.time + noise()
            up = (c.end_time + noise()) if c.lift else c.end_time + SPAN_EDGE_S
            downs += [(t, a, max(0.0, up - t), True) for a in c.parts]
        elif c.kind == "roll":
            n = max(1, c.target)
            span = max(0.0, c.end_time - c.time - SPAN_EDGE_S)
            gap = span / n
            for k in range(n):
                t = c.time + k * gap + abs(noise()) * 0.3
                downs += [(t, a, min(TAP_HOLD_S, gap * 0.5), False) for a in c.parts]
        # avoid: leave it alone; release: the hold before it lets go on time
    out: list[Input] = []
    by_action: dict[str, list[tuple[float, float, bool]]] = {}
    for t, a, hold, span in downs:
        by_action.setdefault(a, []).append((t, hold, span))
    for a, presses in by_action.items():
        presses.sort()
        for k, (t, hold, span) in enumerate(presses):
            up = t + hold
            if k + 1 < len(presses):
                gap = presses[k + 1][0] - t
                up = min(up, t + gap - min(TAP_HOLD_S, gap * 0.5) if span else t + gap * 0.5)
            out.append(Input(a, t))
            out.append(Input(a, max(t + 1e-4, up), pressed=False))
    out.sort(key=lambda i: (i.time, i.pressed))
    return out
