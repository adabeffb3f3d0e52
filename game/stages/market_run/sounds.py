"""Market Run's sounds: shoes on cobbles, and a swerve through the market's bustle."""

from __future__ import annotations

import numpy as np

from game.audio.sfx import norm, place, seeded
from game.audio.synth import F32, SR, coloured_noise, expdecay, ramp, sweep_sine


def cobble(sr: int = SR) -> np.ndarray:
    """A running shoe on cobblestones: a tight slap with a hard stone click on top."""
    rng = seeded("cobble")
    n = int(0.16 * sr)
    slap = coloured_noise(n, sr, rng, 400, 4000) * expdecay(n, sr, 0.012)
    thud = sweep_sine(n, sr, 150.0, 80.0, 0.015) * expdecay(n, sr, 0.025)
    click = coloured_noise(n, sr, rng, 3000, 11000) * expdecay(n, sr, 0.003)
    return norm(0.7 * slap + 0.8 * thud + 0.35 * click)


def swerve(sr: int = SR) -> np.ndarray:
    """Cutting past a stand: an awning's canvas flapping in the draught, a crate knocked,
    and a burst of the market's chatter (voices as formant-filtered noise)."""
    rng = seeded("swerve")
    n = int(0.6 * sr)
    t = np.linspace(0.0, 1.0, n, dtype=F32)
    flap = coloured_noise(n, sr, rng, 200, 1800) * (np.sin(np.pi * np.minimum(1.0, t * 3))
                                                    ** 2).astype(F32)
    flutter = (0.6 + 0.4 * np.sin(2 * np.pi * 22 * t * 0.6)).astype(F32)
    out = (0.6 * flap * flutter).astype(F32)
    knock_n = int(0.08 * sr)
    knock = (coloured_noise(knock_n, sr, rng, 180, 1400) * expdecay(knock_n, sr, 0.015)
             + 0.6 * sweep_sine(knock_n, sr, 210.0, 160.0, 0.02) * expdecay(knock_n, sr, 0.02))
    place(out, knock.astype(F32), int(0.02 * sr), 0.8)
    for k, (at, lo, hi) in enumerate(((0.12, 500, 1300), (0.22, 700, 2200), (0.3, 400, 1000))):
        m = int(0.22 * sr)
        voice = coloured_noise(m, sr, rng, lo, hi)
        env = np.sin(np.linspace(0, np.pi, m, dtype=F32)) ** 2
        syll = (0.55 + 0.45 * np.sign(np.sin(np.linspace(0, (5 + k) * np.pi, m)))).astype(F32)
        place(out, (voice * env * syll).astype(F32), int(at * sr), 0.35)
    out[: int(0.005 * sr)] *= ramp(int(0.005 * sr))
    return norm(out)


#: effect name -> (synthesis, gain against the music)
SOUNDS = {"cobble": (cobble, 0.5), "swerve": (swerve, 0.55)}
