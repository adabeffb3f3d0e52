"""Bridge Run's hit sound: a shoe on the towpath, echoing off the arch above the water."""

from __future__ import annotations

import numpy as np

from game.audio.sfx import norm, place, seeded
from game.audio.synth import F32, SR, coloured_noise, expdecay, ramp, sweep_sine

ECHOES = ((0.071, 0.42), (0.137, 0.26), (0.205, 0.15), (0.29, 0.08))   # (delay s, gain)


def arch_step(sr: int = SR) -> np.ndarray:
    """A soft footfall on damp flagstones, then the stone vault sends it back a few times,
    darker each time, over a faint lap of the river against the pier."""
    rng = seeded("arch_step")
    n = int(0.6 * sr)
    hit_n = int(0.16 * sr)
    thump = sweep_sine(hit_n, sr, 120.0, 62.0, 0.025) * expdecay(hit_n, sr, 0.04)
    scuff = coloured_noise(hit_n, sr, rng, 600, 4200) * expdecay(hit_n, sr, 0.014)
    step = 0.9 * thump + 0.35 * scuff
    out = np.zeros(n, F32)
    place(out, step, 0)
    dark = coloured_noise(hit_n, sr, rng, 90, 1400) * expdecay(hit_n, sr, 0.03)
    for delay, gain in ECHOES:      # the echo loses its top: the vault swallows the scuff
        place(out, 0.6 * thump + 0.25 * dark, int(delay * sr), gain)
    lap = coloured_noise(n, sr, rng, 180, 900) * np.sin(np.linspace(0, np.pi, n)) ** 3
    out += F32(0.07) * lap.astype(F32)
    out[-int(0.05 * sr):] *= ramp(int(0.05 * sr))[::-1]
    return norm(out)


#: effect name -> (synthesis, gain against the music)
SOUNDS = {"arch_step": (arch_step, 0.5)}
