"""Meat Locker's hit sound: a fist into frozen beef."""

from __future__ import annotations

import numpy as np

from game.audio.sfx import norm, seeded
from game.audio.synth import SR, coloured_noise, expdecay, sweep_sine


def thud(sr: int = SR) -> np.ndarray:
    """A fist into a frozen side of beef: a deep body blow with a wet slap on top."""
    rng = seeded("thud")
    n = int(0.45 * sr)
    body = sweep_sine(n, sr, 95.0, 42.0, 0.05) * expdecay(n, sr, 0.11)
    slap = coloured_noise(n, sr, rng, 120, 1800) * expdecay(n, sr, 0.025)
    smack = coloured_noise(n, sr, rng, 900, 5000) * expdecay(n, sr, 0.006)
    return norm(1.0 * body + 0.7 * slap + 0.25 * smack)


#: effect name -> (synthesis, gain against the music)
SOUNDS = {"thud": (thud, 0.8)}
