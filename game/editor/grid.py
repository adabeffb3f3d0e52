"""One bar of steps: resample it to a finer grid, simplify it back, place and erase symbols.

A bar is a tuple of pattern tokens (`l`, `.`, `=`, `[lr]`, `!u`, `[=r]`), one per step, as
`game.core.level.split_bars` reads them. Resampling keeps what the bar plays: a hold's `=`
fill the new steps between it and the next `=`/`^`, so `l=..` and `l===....` are the same
hold. Rolls count their steps as presses, so a bar with a roll cannot be resampled (it
would ask for more presses); the editor says so instead.
"""

from __future__ import annotations

from collections.abc import Mapping
from math import lcm

from game.core.level import (
    AVOID,
    CHORD_CLOSE,
    CHORD_OPEN,
    HOLD_ON,
    MAX_STEPS_PER_BAR,
    RELEASE,
    ROLL_ON,
    SILENT,
    token_mark,
    token_symbols,
)
from game.core.stage import Symbol

Bar = tuple[str, ...]
REST = "."
END: str | None = None   # "next_first" after an interval's last step: a hold runs to its end


class GridError(ValueError):
    """An edit the bar cannot take (the message says why, for the designer)."""


def _silent(tok: str) -> bool:
    return tok in SILENT


def upsample(bar: Bar, factor: int, next_first: str | None = REST) -> Bar:
    """The same bar with `factor` times as many steps. `next_first` is the step after the
    bar (END after an interval's last bar, where a hold still down runs to the end)."""
    if factor == 1:
        return bar
    if any(token_mark(t) == ROLL_ON for t in bar) or \
            (next_first is not None and token_mark(next_first) == ROLL_ON):
        raise GridError("this bar has a roll (~), which counts its steps as presses: its "
                        "grid stays as written")
    out: list[str] = []
    for k, tok in enumerate(bar):
        nxt = bar[k + 1] if k + 1 < len(bar) else next_first
        # a hold's '=' keeps the key down until the next step, so its new steps hold too;
        # a cue whose next step holds it holds through its new steps
        holds = token_mark(tok) == HOLD_ON or (nxt is not None and
                                                token_mark(nxt) in (HOLD_ON, RELEASE))
        fill = HOLD_ON if holds else REST
        out.append(tok)
        out += [fill] * (factor - 1)
    return tuple(out)


def resample(bar: Bar, steps: int, next_first: str | None = REST) -> Bar:
    """The bar on a grid of `steps` steps (a multiple of its own, or a divisor it fits)."""
    n = len(bar)
    if steps == n:
        return bar
    if steps % n == 0:
        return upsample(bar, steps // n, next_first)
    if n % steps == 0:
        down = bar[::n // steps]
        if upsample(down, n // steps, next_first) == bar:
            return down
    raise GridError(f"a bar of {n} steps does not fit a grid of {steps}")


def fit(bar: Bar, grid: int, next_first: str | None = REST) -> tuple[Bar, int]:
    """The bar resampled so that every one of `grid` steps lands on a step of it; also the
    factor from grid steps to bar steps."""
    n = lcm(len(bar), grid)
    if n > MAX_STEPS_PER_BAR:
        raise GridError(f"a bar of {len(bar)} steps on a grid of {grid} would need {n} steps; "
                        f"at most {MAX_STEPS_PER_BAR} fit: choose a coarser grid")
    return resample(bar, n, next_first), n // grid


def simplify(bar: Bar, next_first: str | None = REST, floor: int = 1) -> Bar:
    """The coarsest bar that plays the same, with at least `floor` steps (a bar shorter
    than that stays as it is): `l...r...` -> `l.r.` with a floor of 4."""
    n = len(bar)
    for steps in range(1, n + 1):
        if n % steps or steps < min(floor, n):
            continue
        try:
            down = resample(bar, steps, next_first)
        except GridError:
            continue
        if len(down) == steps:
            return down
    return bar


def symbol_order(symbols: Mapping[str, Symbol]) -> dict[str, int]:
    return {ch: k for k, ch in enumerate(symbols)}


def chord(syms: str, mark: str, symbols: Mapping[str, Symbol]) -> str:
    """The token for these symbols (and a carried hold mark), in the stage's order."""
    order = symbol_order(symbols)
    syms = "".join(sorted(dict.fromkeys(syms), key=lambda c: order.get(c, 99)))
    if not syms:
        return mark or REST
    if len(syms) == 1 and not mark:
        return syms
    return CHORD_OPEN + mark + syms + CHORD_CLOSE


def actions_of(token: str, symbols: Mapping[str, Symbol]) -> tuple[str, ...]:
    """The actions a token starts a cue on (its lanes), in the stage's action order."""
    out: list[str] = []
    for c in token_symbols(token):
        sym = symbols.get(c)
        if sym is not None:
            out += [a for a in sym.parts if a not in out]
    return tuple(out)


def place(token: str, ch: str, symbols: Mapping[str, Symbol], held: tuple[str, ...] = (),
          avoid: bool = False) -> str:
    """`token` with the symbol `ch` added: it replaces what its lanes had, and joins what
    other lanes have as a chord. On a held step it taps beside the hold (`[=r]`)."""
    sym = symbols[ch]
    if avoid:
        return AVOID + ch
    mark = token_mark(token)
    if _silent(token) or token.startswith(AVOID) or mark == ROLL_ON:
        return ch
    if token in (HOLD_ON, RELEASE):
        return ch if set(sym.parts) & set(held) else chord(ch, mark, symbols)
    keep = "".join(c for c in token_symbols(token)
                   if c in symbols and not set(symbols[c].parts) & set(sym.parts))
    return chord(keep + ch, mark, symbols)


def erase(token: str, action: str, symbols: Mapping[str, Symbol]) -> str:
    """`token` without what it has in `action`'s lane (a hold mark there goes too)."""
    if token.startswith(AVOID):
        sym = symbols.get(token[1:])
        return REST if sym is None or action in sym.parts else token
    mark = token_mark(token)
    keep = "".join(c for c in token_symbols(token)
                   if c not in symbols or action not in symbols[c].parts)
    if keep == token_symbols(token) and mark:      # the lane is held here: end the hold
        return chord(keep, "", symbols)
    return chord(keep, mark, symbols)
