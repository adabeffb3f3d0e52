"""Push-Ups' count: two voices call every rep, the coach's low and gravelly, the fighter's
higher and strained a moment behind him, both voiced vowels through formant filters."""

from __future__ import annotations

import numpy as np

from game.audio.sfx import norm, place, seeded
from game.audio.synth import F32, SR, Tables, adsr_front, coloured_noise, expdecay

Formants = tuple[tuple[float, float, float], ...]   # (centre Hz, bandwidth Hz, gain)

COACH_VOWEL: Formants = ((650, 80, 1.0), (1080, 100, 0.55), (2450, 150, 0.25))  # 'uh'
FIGHTER_VOWEL: Formants = ((520, 70, 1.0), (1750, 120, 0.6), (2550, 160, 0.3))  # 'eh'


def voice(dur: float, f0: tuple[float, float], vowel: Formants, rasp: float,
          rng: np.random.Generator, sr: int = SR) -> np.ndarray:
    """A voiced syllable: a gliding glottal buzz shaped by formants, with an unvoiced
    onset (the count's consonant) and `rasp` of breath noise under it."""
    n = int(dur * sr)
    t = np.arange(n) / sr
    pitch = f0[0] + (f0[1] - f0[0]) * t / t[-1]
    pitch *= 1.0 + 0.012 * rng.standard_normal(n).cumsum() / np.sqrt(np.arange(1, n + 1))
    phase = np.cumsum(pitch / sr)
    buzz = Tables().get("voice", f0[0])[(phase * 4096).astype(np.int64) & 4095]
    f = np.fft.rfftfreq(n, 1.0 / sr)
    shape = sum(a / (1.0 + ((f - fc) / bw) ** 2) for fc, bw, a in vowel)
    vowel_sig = norm(np.fft.irfft(np.fft.rfft(buzz) * shape, n).astype(F32))
    onset = coloured_noise(n, sr, rng, 2500, 7000) * expdecay(n, sr, 0.012)
    breath = coloured_noise(n, sr, rng, 400, 3200) * F32(rasp)
    env = adsr_front(n, sr, 0.03, 0.06, 0.75) * np.clip((t[-1] - t) / 0.07, 0, 1).astype(F32)
    return norm(vowel_sig * env + breath * env + 0.35 * onset)


def count_voices(sr: int = SR) -> np.ndarray:
    """One rep counted: the coach calls it, the fighter counts with him 70 ms behind."""
    rng = seeded("push_ups.count")
    coach = voice(0.26, (112.0, 92.0), COACH_VOWEL, 0.25, rng, sr)
    fighter = voice(0.22, (158.0, 146.0), FIGHTER_VOWEL, 0.45, rng, sr)
    out = np.zeros(int(0.34 * sr), F32)
    place(out, coach, 0, 1.0)
    place(out, fighter, int(0.07 * sr), 0.75)
    return norm(out)


#: effect name -> (synthesis, gain against the music)
SOUNDS = {"count_voices": (count_voices, 0.7)}
