"""Medicine Ball's sounds: the ball driven into a braced middle, and the breath let out."""

from __future__ import annotations

import numpy as np

from game.audio.sfx import norm, seeded
from game.audio.synth import SR, coloured_noise, expdecay, ramp, sweep_sine


def slam(sr: int = SR) -> np.ndarray:
    """A heavy leather ball into tensed muscle: a deep, dead thud with a grunt under it."""
    rng = seeded("slam")
    n = int(0.45 * sr)
    body = sweep_sine(n, sr, 110.0, 46.0, 0.04) * expdecay(n, sr, 0.09)
    leather = coloured_noise(n, sr, rng, 300, 3000) * expdecay(n, sr, 0.012)
    grunt = coloured_noise(n, sr, rng, 140, 600) * expdecay(n, sr, 0.08)
    return norm(1.0 * body + 0.45 * leather + 0.3 * grunt)


def exhale(sr: int = SR) -> np.ndarray:
    """A hard breath out through the teeth: breathy noise that swells and falls away."""
    rng = seeded("exhale")
    n = int(0.5 * sr)
    breath = coloured_noise(n, sr, rng, 900, 6500, tilt=-3.0)
    env = np.minimum(ramp(n) * 6.0, 1.0)[: n] * expdecay(n, sr, 0.16)
    return norm(breath * env)


#: effect name -> (synthesis, gain against the music)
SOUNDS = {"slam": (slam, 0.8), "exhale": (exhale, 0.45)}
