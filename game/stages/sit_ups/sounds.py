"""Sit-Ups' lift sound: the fighter comes up with a short grunt and a breath out."""

from __future__ import annotations

import numpy as np

from game.audio.sfx import norm, seeded
from game.audio.synth import F32, SR, Tables, adsr_front, coloured_noise, expdecay


def crunch(sr: int = SR) -> np.ndarray:
    """Up from the hang: a low voiced 'hmph' through closed-mouth formants, then the breath
    blown out through the teeth."""
    rng = seeded("sit_ups.crunch")
    n = int(0.3 * sr)
    t = np.arange(n) / sr
    pitch = 132.0 - 30.0 * t / t[-1]
    phase = np.cumsum(pitch / sr)
    buzz = Tables().get("voice", 132.0)[(phase * 4096).astype(np.int64) & 4095]
    f = np.fft.rfftfreq(n, 1.0 / sr)
    shape = sum(a / (1.0 + ((f - fc) / bw) ** 2)
                for fc, bw, a in ((320, 60, 1.0), (900, 90, 0.35), (2300, 160, 0.12)))
    grunt = norm(np.fft.irfft(np.fft.rfft(buzz) * shape, n).astype(F32))
    grunt *= adsr_front(n, sr, 0.015, 0.05, 0.4) * expdecay(n, sr, 0.09)
    breath = coloured_noise(n, sr, rng, 1800, 6500) * np.clip((t - 0.05) / 0.04, 0, 1).astype(F32)
    breath *= expdecay(n, sr, 0.08)
    return norm(grunt + 0.45 * breath)


#: effect name -> (synthesis, gain against the music)
SOUNDS = {"crunch": (crunch, 0.55)}
