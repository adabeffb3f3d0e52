"""Simulated players who behave like people, for `rate` and the difficulty curve.

A fixed Gaussian finds every level equally hard. People do not: their timing follows the
sensorimotor-synchronization (tapping) literature, summarised in docs/difficulty.md:

- **Timing spread, tempo and density.** A player's `sigma_ms` is their spread at a
  moderate tempo (two cues a second, the rate at which tapping is steadiest: Repp 2005).
  Faster than that synchronization degrades until 1:1 tapping breaks down near 100-150 ms
  between taps (Repp 2005), so the spread grows with the local cue rate. The tapping
  literature's scalar property (spread proportional to the interval, Wing & Kristofferson
  1973) would make slow passages *easier* to time in ms as they speed up; a game's windows
  are fixed in ms, and players find faster harder, so the model keeps only the rising
  side: the spread never falls below `sigma_ms` and grows with rate.
- **A rate limit per hand.** One hand or foot repeats at most about 8 times a second
  (maximal tapping rates are 5-8 Hz); a press that would come sooner is lost, as a person
  skips a hit rather than drift off the beat.
- **Errors rise with complexity.** The chance of the wrong hand or punch grows with how
  unpredictable the action is (its surprise in bits given the one before, as in `rate`'s
  load), with switches, and with the place in a long combo (reading ahead).
- **Syncopation.** A cue on a lone off-beat (the beat before it silent) is timed less
  precisely than one on the beat, and a finer subdivision less still (anti-phase tapping is
  more variable, and syncopated rhythms are reproduced worse: Repp 2005; Fitch & Rosenfeld
  2007). Running eighths that fill in after a cue on the beat are not syncopated.
- **Reading overload.** Past about 6 weighted cues a second (1 + surprise bits each; Hick's
  ~150 ms a bit) a player cannot read the track fast enough, and errors climb steeply.
- **Fatigue.** The spread grows with the cues played in a work interval, and a little with
  every cue of the session; a rest starts the interval's share again. Counted in cues, not
  seconds, so the same level played faster is never less tiring.
- **A cut to another stage** (a remix) costs time to re-map the hands: for the first
  seconds after it the spread is wider and wrong keys likelier (task-switching costs,
  Monsell 2003), fading over SWITCH_S.
- **A mean early bias.** People tap ahead of the beat (negative mean asynchrony, -20 to
  -50 ms for non-musicians, Aschersleben 2002); calibration absorbs most of it, so the
  model keeps a residual of about a third of the player's spread.

Everything is deterministic in (cues, model, seed), so ratings reproduce. Every effect only
grows when a level gets faster or denser, so such a level never rates easier.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

from game.core.events import Input
from game.core.level import Cue

IOI_REF = 0.5            # s between cues at the "moderate tempo" a skill is named at
DENSITY_FREE = 1.0 / IOI_REF   # cues/s a player keeps without extra spread
DENSITY_GAIN = 0.20      # extra spread (share) per cue/s above that
OFFBEAT_SPREAD = 0.25    # extra spread on an eighth off the beat (anti-phase)
SYNCOPE_SPREAD = 0.5     # and on any finer subdivision (sixteenths, triplets)
LIMB_MAX_RATE = 8.0      # presses a second one action keeps up (as `check` warns)
ERROR_BASE = 0.006       # chance of a wrong action on a fully predictable cue, at 30 ms
SWITCH_GAIN = 0.5        # more errors when the action changes
BITS_GAIN = 0.8          # more errors per bit of surprise
INFO_CAPACITY = 6.0      # weighted cues/s (1 + bits each) a player reads without overload
COMBO_GAIN = 0.08        # more errors per place deep into a run of cues without a gap
COMBO_DEPTH_MAX = 8      # past this the run is a groove, not something read ahead
LAPSE = 0.002            # a cue simply not played
FATIGUE_PER_CUE = 0.0008  # spread grows this share per cue played in one work interval
SESSION_PER_CUE = 0.0002  # and this share per cue of the session so far
BIAS_SHARE = -0.35       # residual mean early bias, as a share of the spread
SWITCH_S = 3.0           # seconds after a cut to another stage that the switch cost lasts
SWITCH_SPREAD = 0.8      # extra spread right after the cut (share), fading to none
SWITCH_ERRORS = 4.0      # times the usual chance of a wrong key right after the cut
TAP_S = 0.04
CHORD_SPREAD = 0.25      # a chord's keys land this share of the spread apart


@dataclass(frozen=True)
class PlayerModel:
    """One simulated player: named by their timing spread at a moderate tempo."""

    sigma_ms: float

    @property
    def sigma(self) -> float:
        return self.sigma_ms / 1000.0

    @property
    def bias(self) -> float:
        return BIAS_SHARE * self.sigma

    def spread(self, rate: float, fatigue: float) -> float:
        """Timing SD for one cue: the player's own, wider as cues come faster and tire."""
        dense = 1.0 + DENSITY_GAIN * max(0.0, rate - DENSITY_FREE)
        return self.sigma * dense * fatigue

    def error_chance(self, bits: float, switched: bool, depth: int,
                     info_rate: float = 0.0) -> float:
        skill = (self.sigma_ms / 30.0) ** 2
        return min(0.5, ERROR_BASE * skill * (1.0 + BITS_GAIN * bits)
                   * (1.0 + SWITCH_GAIN * switched)
                   * (1.0 + COMBO_GAIN * min(depth, COMBO_DEPTH_MAX))
                   * (1.0 + (info_rate / INFO_CAPACITY) ** 2))


def _syncopation(beat: float, since: float = -1e9) -> float:
    """Extra spread for a syncopated cue: off the beat with the beat before it silent (the
    last cue came at `since`, before that beat). On the beat, or filling in after a cue on
    the beat (running eighths), it is 0; on a lone "and" some; a finer subdivision more."""
    frac = beat % 1.0
    if min(frac, 1.0 - frac) < 0.02 or since >= beat - frac - 0.02:
        return 0.0
    return OFFBEAT_SPREAD if abs(frac - 0.5) < 0.02 else SYNCOPE_SPREAD


def _local_rate(times: list[float], k: int, weights: Sequence[float] | None = None,
                half: float = 1.0) -> float:
    """Cues a second around cue k (a 2 s window), each counted by its weight if given."""
    lo, hi = k, k
    while lo > 0 and times[lo - 1] >= times[k] - half:
        lo -= 1
    while hi + 1 < len(times) and times[hi + 1] <= times[k] + half:
        hi += 1
    n = (hi - lo + 1) if weights is None else sum(weights[lo:hi + 1])
    return n / (2 * half)


def human_inputs(cues: Sequence[Cue], model: PlayerModel, seed: int,
                 actions: Sequence[str] = ()) -> list[Input]:
    """The presses and releases one simulated person makes on these cues."""
    from game.core.rating import surprise_bits
    rng = random.Random(seed)
    playable = sorted((c for c in cues if c.kind not in ("release",)), key=lambda c: c.time)
    timed = [c for c in playable if c.kind != "avoid"]
    times = [c.time for c in timed]
    surprise = surprise_bits(timed)
    bits = dict(zip((id(c) for c in timed), surprise, strict=True))
    weights = [1.0 + b for b in surprise]
    pool = list(dict.fromkeys(actions or [a for c in timed for a in c.parts]))
    downs: list[tuple[float, str, float]] = []
    last_press: dict[str, float] = {}
    prev: Cue | None = None
    depth = 0
    in_interval = 0
    cut_at: float | None = None
    for k, c in enumerate(timed):
        if prev is None or c.interval != prev.interval:
            in_interval = 0
        # a run of cues with no beat's silence between them: reading ahead gets harder
        depth = depth + 1 if prev is not None and c.time - prev.time < 0.6 else 0
        in_interval += 1
        fatigue = 1.0 + FATIGUE_PER_CUE * in_interval + SESSION_PER_CUE * k
        if prev is not None and (c.stage or "") != (prev.stage or ""):
            cut_at = c.time
        fresh = max(0.0, 1.0 - (c.time - cut_at) / SWITCH_S) if cut_at is not None else 0.0
        base = model.spread(_local_rate(times, k), fatigue) * (1.0 + SWITCH_SPREAD * fresh)
        sd = base * (1.0 + _syncopation(c.beat, prev.beat if prev is not None else -1e9))
        switched = prev is not None and prev.parts != c.parts
        prev = c
        if rng.random() < LAPSE:
            continue
        parts = list(c.parts)
        reading = _local_rate(times, k, weights)
        chance = model.error_chance(bits[id(c)], switched, depth, reading) \
            * (1.0 + (SWITCH_ERRORS - 1.0) * fresh)
        if len(pool) > 1 and rng.random() < chance:
            parts[rng.randrange(len(parts))] = rng.choice([a for a in pool if a not in parts]
                                                          or pool)
        t = c.time + model.bias + rng.gauss(0.0, sd)
        if c.kind == "roll":
            _roll(c, parts, model, rng, sd, last_press, downs)
            continue
        for j, a in enumerate(parts):
            at = t + (rng.gauss(0.0, sd * CHORD_SPREAD) if j else 0.0)
            earliest = last_press.get(a, -1e9) + 1.0 / LIMB_MAX_RATE
            if at < earliest - 0.01:               # the hand is not back: this one is lost
                continue
            at = max(at, earliest)
            last_press[a] = at
            if c.kind == "hold":
                lift_sd = base * (1.0 + _syncopation(c.end_beat))  # a lift is always alone
                up = (c.end_time + model.bias + rng.gauss(0.0, lift_sd)) if c.lift else \
                    c.end_time + abs(rng.gauss(0.03, sd))
                downs.append((at, a, max(TAP_S, up - at)))
            else:
                downs.append((at, a, TAP_S))
    for c in playable:                             # a reflex press onto an avoid, sometimes
        if c.kind == "avoid" and rng.random() < 2 * model.error_chance(1.0, True, 0):
            downs.append((c.time + rng.gauss(0.0, model.sigma), c.action, TAP_S))
    return _pair(downs)


def _roll(c: Cue, parts: list[str], model: PlayerModel, rng: random.Random, sd: float,
          last_press: dict[str, float], downs: list[tuple[float, str, float]]) -> None:
    """As many presses as the span wants, no faster than the hand can go."""
    span = max(0.0, c.end_time - c.time)
    n = max(1, c.target)
    gap = max(span / n, 1.0 / LIMB_MAX_RATE)
    t = c.time + abs(rng.gauss(0.0, sd * 0.5))
    while t <= c.end_time and n > 0:
        for a in parts:
            downs.append((t, a, min(TAP_S, gap * 0.5)))
            last_press[a] = t
        t += gap * (1.0 + abs(rng.gauss(0.0, 0.1)))
        n -= 1


def _pair(downs: list[tuple[float, str, float]]) -> list[Input]:
    """Presses and releases, each key let go before its own next press: a tap by half the
    gap, a hold (longer than a tap: it must stay down to its tail) just before it."""
    out: list[Input] = []
    by_action: dict[str, list[tuple[float, float]]] = {}
    for t, a, hold in downs:
        by_action.setdefault(a, []).append((t, hold))
    for a, presses in by_action.items():
        presses.sort()
        for k, (t, hold) in enumerate(presses):
            up = t + hold
            if k + 1 < len(presses):
                gap = presses[k + 1][0] - t
                up = min(up, t + gap - min(TAP_S, gap * 0.5) if hold > TAP_S else
                         t + gap * 0.5)
            out.append(Input(a, t))
            out.append(Input(a, max(t + 1e-4, up), pressed=False))
    out.sort(key=lambda i: (i.time, i.pressed, i.action))
    return out
