"""Speed Bag's hit sound: the bag drumming its board."""

from __future__ import annotations

import numpy as np

from game.audio.sfx import norm, place, seeded
from game.audio.synth import F32, SR, coloured_noise, expdecay, sweep_sine


def rattle(sr: int = SR) -> np.ndarray:
    """Speed bag: the bag drums the rebound board three times, ba-da-dum."""
    rng = seeded("rattle")
    n = int(0.3 * sr)
    out = np.zeros(n, F32)
    hit_n = int(0.06 * sr)
    for k, (at, amp) in enumerate(((0.0, 1.0), (0.058, 0.7), (0.11, 0.45))):
        leather = coloured_noise(hit_n, sr, rng, 250 + 60 * k, 3200) * expdecay(hit_n, sr, 0.009)
        board = sweep_sine(hit_n, sr, 260.0, 170.0, 0.01) * expdecay(hit_n, sr, 0.018)
        place(out, 0.8 * leather + 0.6 * board, int(at * sr), amp)
    return norm(out)


#: effect name -> (synthesis, gain against the music)
SOUNDS = {"rattle": (rattle, 0.55)}
