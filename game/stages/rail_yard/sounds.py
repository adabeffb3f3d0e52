"""Rail Yard's sounds: shoes on ballast, two bricks knocking, the elevated train overhead."""

from __future__ import annotations

import numpy as np

from game.audio.sfx import norm, place, seeded
from game.audio.synth import F32, SR, coloured_noise, expdecay, ramp, sweep_sine


def ballast(sr: int = SR) -> np.ndarray:
    """A running shoe landing on trackside gravel: a dull thud and a crunch of stones."""
    rng = seeded("ballast")
    n = int(0.2 * sr)
    thud = sweep_sine(n, sr, 120.0, 60.0, 0.02) * expdecay(n, sr, 0.03)
    crunch = coloured_noise(n, sr, rng, 1800, 9000) * expdecay(n, sr, 0.04)
    crunch *= (rng.random(n) < 0.12).astype(F32)          # stones shifting, grain by grain
    hiss = coloured_noise(n, sr, rng, 800, 5000) * expdecay(n, sr, 0.015)
    return norm(0.9 * thud + 0.55 * crunch + 0.3 * hiss)


def brick_knock(sr: int = SR) -> np.ndarray:
    """Two bricks pressed up: a hard, short clack of fired clay, a breath pushed out."""
    rng = seeded("brick_knock")
    n = int(0.3 * sr)
    clack = coloured_noise(n, sr, rng, 900, 4000) * expdecay(n, sr, 0.007)
    body = sweep_sine(n, sr, 520.0, 380.0, 0.01) * expdecay(n, sr, 0.02)
    breath = coloured_noise(n, sr, rng, 300, 2500) * expdecay(n, sr, 0.09)
    breath[: int(0.03 * sr)] *= ramp(int(0.03 * sr))
    return norm(0.9 * clack + 0.4 * body + 0.25 * breath)


def el_train(sr: int = SR) -> np.ndarray:
    """The elevated train rumbling over the yard while the bricks are held up: a low
    rumble swelling and fading, wheels clacking over the rail joints in pairs."""
    rng = seeded("el_train")
    n = int(2.6 * sr)
    t = np.linspace(0.0, 1.0, n, dtype=F32)
    swell = (np.minimum(1.0, t / 0.06) * (1.0 - t) ** 1.2).astype(F32)   # on at once, dying away
    rumble = coloured_noise(n, sr, rng, 30, 220) * swell
    steel = coloured_noise(n, sr, rng, 600, 2400) * swell * 0.25
    out = (rumble + steel).astype(F32)
    clack_n = int(0.05 * sr)
    clack = coloured_noise(clack_n, sr, rng, 400, 3000) * expdecay(clack_n, sr, 0.01)
    at = 0.0
    while at < 2.4:                           # two wheels of a bogie over each joint
        g = 0.4 + 0.6 * (1.0 - at / 2.6) ** 2
        place(out, clack, int(at * sr), 0.5 * g)
        place(out, clack, int((at + 0.09) * sr), 0.4 * g)
        at += 0.33
    out[-int(0.05 * sr):] *= ramp(int(0.05 * sr))[::-1]
    return norm(out)


#: effect name -> (synthesis, gain against the music)
SOUNDS = {"ballast": (ballast, 0.55), "brick_knock": (brick_knock, 0.6),
          "el_train": (el_train, 0.7)}
