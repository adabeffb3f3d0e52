"""Museum Steps' hit sound: a shoe on stone."""

from __future__ import annotations

import numpy as np

from game.audio.sfx import norm, seeded
from game.audio.synth import F32, SR, coloured_noise, expdecay, sweep_sine


def footfall(sr: int = SR) -> np.ndarray:
    """A running shoe on a stone step: a short thump and a gritty scuff."""
    rng = seeded("footfall")
    n = int(0.22 * sr)
    thump = sweep_sine(n, sr, 140.0, 70.0, 0.02) * expdecay(n, sr, 0.035)
    scuff = coloured_noise(n, sr, rng, 1200, 7000) * expdecay(n, sr, 0.012)
    grit = coloured_noise(n, sr, rng, 2500, 9000) * expdecay(n, sr, 0.05)
    grit *= (rng.random(n) < 0.08).astype(F32)    # sparse crackles of grit under the sole
    return norm(0.9 * thump + 0.5 * scuff + 0.25 * grit)


#: effect name -> (synthesis, gain against the music)
SOUNDS = {"footfall": (footfall, 0.6)}
