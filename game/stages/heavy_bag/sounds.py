"""Heavy Bag's hit sounds: gloves into a sand-filled bag, and the chain taking the swing."""

from __future__ import annotations

import numpy as np

from game.audio.sfx import norm, place, seeded
from game.audio.synth import F32, SR, coloured_noise, expdecay, sweep_sine


def _thump(sr: int, rng: np.random.Generator, depth: float, length: float) -> np.ndarray:
    """A glove into canvas over packed sand: a low body, a leather smack on top."""
    n = int(length * sr)
    body = sweep_sine(n, sr, 150.0 * depth, 55.0 * depth, 0.03) * expdecay(n, sr, 0.07)
    smack = coloured_noise(n, sr, rng, 500, 4200) * expdecay(n, sr, 0.007)
    sand = coloured_noise(n, sr, rng, 80, 700) * expdecay(n, sr, 0.05)
    return 1.0 * body + 0.5 * smack + 0.45 * sand


def _chain(sr: int, rng: np.random.Generator, n: int, amp: float) -> np.ndarray:
    """The chain links rattling as the bag takes the swing."""
    out = np.zeros(n, F32)
    link_n = int(0.03 * sr)
    for k, at in enumerate((0.05, 0.09, 0.16, 0.21)):
        link = coloured_noise(link_n, sr, rng, 2500, 9000) * expdecay(link_n, sr, 0.004)
        place(out, link, int(at * sr), amp * (0.9 - 0.15 * k))
    return out


def bag_thump(sr: int = SR) -> np.ndarray:
    """A punch to the head of the bag: tight, with a little chain."""
    rng = seeded("bag_thump")
    x = _thump(sr, rng, 1.0, 0.35)
    return norm(x + _chain(sr, rng, len(x), 0.12))


def body_shot(sr: int = SR) -> np.ndarray:
    """A punch low on the bag: deeper, where the sand is packed."""
    rng = seeded("body_shot")
    x = _thump(sr, rng, 0.75, 0.4)
    return norm(x + _chain(sr, rng, len(x), 0.08))


def dig(sr: int = SR) -> np.ndarray:
    """A power shot leaned into the bag: a heavy double thud and the chain swinging."""
    rng = seeded("dig")
    n = int(0.6 * sr)
    out = np.zeros(n, F32)
    place(out, _thump(sr, rng, 0.7, 0.45), 0, 1.0)
    place(out, _thump(sr, rng, 0.6, 0.3), int(0.035 * sr), 0.6)
    return norm(out + _chain(sr, rng, n, 0.25))


def flurry(sr: int = SR) -> np.ndarray:
    """The count reached on a flurry: a rattle of fast punches landing together."""
    rng = seeded("flurry")
    n = int(0.5 * sr)
    out = np.zeros(n, F32)
    for k in range(5):
        place(out, _thump(sr, rng, 1.1 - 0.05 * k, 0.2), int(k * 0.055 * sr), 1.0 - 0.12 * k)
    return norm(out + _chain(sr, rng, n, 0.2))


#: effect name -> (synthesis, gain against the music)
SOUNDS = {"bag_thump": (bag_thump, 0.7), "body_shot": (body_shot, 0.75), "dig": (dig, 0.85),
          "flurry": (flurry, 0.7)}
