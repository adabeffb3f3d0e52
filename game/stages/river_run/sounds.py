"""River Run's sounds: steps on the embankment's stone, and a long breath out over the
river slapping at the quay wall."""

from __future__ import annotations

import numpy as np

from game.audio.sfx import norm, seeded
from game.audio.synth import F32, SR, coloured_noise, expdecay, ramp, sweep_sine


def quay_step(sr: int = SR) -> np.ndarray:
    """A running shoe on embankment stone: a firm heel, a brighter toe-off just after."""
    rng = seeded("quay_step")
    n = int(0.2 * sr)
    heel = sweep_sine(n, sr, 150.0, 74.0, 0.018) * expdecay(n, sr, 0.03)
    toe = np.zeros(n, F32)
    at = int(0.045 * sr)
    toe[at:] = coloured_noise(n - at, sr, rng, 1500, 7500) * expdecay(n - at, sr, 0.01)
    return norm(0.9 * heel + 0.3 * toe)


def exhale(sr: int = SR) -> np.ndarray:
    """A runner's long breath out (breathy, falling), with the river washing at the wall
    underneath: two slow swells of low noise."""
    rng = seeded("exhale")
    n = int(1.6 * sr)
    t = np.linspace(0.0, 1.0, n, dtype=F32)
    breath = coloured_noise(n, sr, rng, 500, 2600, tilt=-3.0)
    breath *= (ramp(n) ** 0.15 * (1 - t) ** 1.6).astype(F32)     # quick onset, long fade
    wash = coloured_noise(n, sr, rng, 70, 700)
    wash *= (0.55 * np.sin(np.pi * np.clip(t * 2.0, 0, 1)) ** 2
             + 0.45 * np.sin(np.pi * np.clip(t * 2.0 - 0.9, 0, 1)) ** 2).astype(F32)
    out = 0.6 * breath + 0.5 * wash
    out[: int(0.02 * sr)] *= ramp(int(0.02 * sr))
    out[-int(0.08 * sr):] *= ramp(int(0.08 * sr))[::-1]
    return norm(out.astype(F32))


#: effect name -> (synthesis, gain against the music)
SOUNDS = {"quay_step": (quay_step, 0.55), "exhale": (exhale, 0.45)}
