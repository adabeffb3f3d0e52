"""Sound effects, synthesised (pure numpy): what the player's hands and the room sound like.

Each effect is a mono float32 one-shot with peak 1; EFFECT_GAINS balances them against the
music. Built once when the audio director starts (a few tens of milliseconds).
"""

from __future__ import annotations

import math
import zlib

import numpy as np

from game.audio.synth import (
    F32,
    SR,
    Bank,
    Tables,
    adsr_front,
    coloured_noise,
    expdecay,
    ramp,
)

#: how loud each effect plays (times master x effects volume)
EFFECT_GAINS = {"whiff": 0.35, "stray": 0.2, "call": 0.6, "crowd": 0.55, "bell": 0.5,
                "bell3": 0.5, "click": 0.5, "click_accent": 0.6}


def seeded(name: str) -> np.random.Generator:
    return np.random.default_rng(zlib.crc32(name.encode()))


def norm(x: np.ndarray) -> np.ndarray:
    peak = float(np.max(np.abs(x))) or 1.0
    return (x / peak).astype(F32)


def place(out: np.ndarray, x: np.ndarray, at: int, gain: float = 1.0) -> None:
    n = min(len(x), len(out) - at)
    if n > 0:
        out[at:at + n] += F32(gain) * x[:n]





def whiff(sr: int = SR) -> np.ndarray:
    """A punch or a step into thin air: a swoosh that rises and falls."""
    rng = seeded("whiff")
    n = int(0.24 * sr)
    low = coloured_noise(n, sr, rng, 300, 1400)
    high = coloured_noise(n, sr, rng, 1200, 4500)
    t = np.linspace(0.0, 1.0, n, dtype=F32)
    env = np.sin(math.pi * t) ** 2
    x = (low * (1 - t) + high * t) * env
    return norm(x)


def call(sr: int = SR) -> np.ndarray:
    """The coach's shout, 'Hup!': a short voiced vowel through open-'ah' formants."""
    rng = seeded("call")
    n = int(0.28 * sr)
    f0 = 185.0
    tables = Tables()
    t = np.arange(n) / sr
    pitch = f0 * (1.0 - 0.18 * t / t[-1])
    phase = np.cumsum(pitch / sr)
    voice = tables.get("voice", f0)[(phase * 4096).astype(np.int64) & 4095]
    spec = np.fft.rfft(voice)
    f = np.fft.rfftfreq(n, 1.0 / sr)
    formants = sum(a / (1.0 + ((f - fc) / bw) ** 2)
                   for fc, bw, a in ((750, 90, 1.0), (1250, 110, 0.6), (2600, 160, 0.3)))
    vowel = np.fft.irfft(spec * formants, n).astype(F32)
    breath = coloured_noise(n, sr, rng, 600, 3000) * expdecay(n, sr, 0.03)
    env = adsr_front(n, sr, 0.02, 0.08, 0.6) * np.clip((t[-1] - t) / 0.08, 0, 1).astype(F32)
    return norm(norm(vowel) * env + 0.25 * breath)


def crowd(sr: int = SR) -> np.ndarray:
    """The crowd at the summit: a roar that swells over a second, cheers on top, then fades."""
    rng = seeded("crowd")
    n = int(3.2 * sr)
    t = np.arange(n, dtype=F32) / F32(sr)
    roar = coloured_noise(n, sr, rng, 250, 3500, tilt=-2.0)
    # many voices: the roar's level wanders at a few Hz, differently in two bands
    wobble = 1.0 + 0.35 * np.interp(t, np.linspace(0, t[-1], 40),
                                    rng.standard_normal(40)).astype(F32)
    swell = (np.minimum(1.0, t / 1.1) ** 1.5 * np.exp(-np.maximum(t - 1.3, 0) / 1.0)).astype(F32)
    x = roar * wobble * swell
    tables = Tables()
    for _ in range(7):   # 'woo!': rising voices scattered through the swell
        start = rng.uniform(0.3, 1.6)
        dur = rng.uniform(0.4, 0.9)
        a, m = int(start * sr), int(dur * sr)
        f = rng.uniform(330, 620)
        glide = f * (1.0 + 0.25 * np.linspace(0, 1, m) ** 0.5)
        ph = np.cumsum(glide / sr)
        v = tables.get("voice", f)[(ph * 4096).astype(np.int64) & 4095]
        env = np.sin(np.linspace(0, math.pi, m)).astype(F32) ** 2
        place(x, (v * env).astype(F32), a, 0.12)
    x[: int(0.01 * sr)] *= ramp(int(0.01 * sr))
    return norm(x)


def effects(sr: int = SR) -> dict[str, np.ndarray]:
    """Every effect by name (mono float32, peak 1)."""
    bank = Bank(sr)
    bell = bank.get(("bell",))
    spacing = int(0.42 * sr)
    bell3 = np.zeros(len(bell) + 2 * spacing, F32)
    for k in range(3):
        place(bell3, bell, k * spacing)
    whoosh = whiff(sr)
    out = {name: synth(sr) for name, (synth, _gain) in stage_sounds().items()}
    return out | {"whiff": whoosh, "stray": whoosh, "call": call(sr), "crowd": crowd(sr),
                  "bell": bell, "bell3": norm(bell3), "click": bank.get(("click", 0)),
            "click_accent": bank.get(("click", 1))}


def stage_sounds() -> dict:
    """Every stage's own hit sounds, name -> (synthesis, gain), from the stage folders."""
    from game.core.stage import load_attr, stage_book
    out: dict = {}
    for info in stage_book().values():
        if info.sounds:
            out.update(load_attr(info.sounds))
    return out


def effect_gain(name: str) -> float:
    """How loud an effect plays (times master x effects volume)."""
    if name in EFFECT_GAINS:
        return EFFECT_GAINS[name]
    sound = stage_sounds().get(name)
    return sound[1] if sound is not None else 0.5


def stage_hit_effect(stage: str, action: str = "*", kind: str = "tap") -> str | None:
    """What a landed hit sounds like: the stage's descriptor says."""
    from game.core.stage import stage_book
    info = stage_book().get(stage)
    return info.hit_sound(action, kind) if info is not None else None


def click_track(times: list[float], accents: list[bool], sr: int = SR,
                tail: float = 0.3) -> np.ndarray:
    """Clicks at `times` (seconds from the start of the buffer), for calibration."""
    bank = Bank(sr)
    length = int((max(times, default=0.0) + tail) * sr) + 1
    out = np.zeros(length, F32)
    for t, accent in zip(times, accents, strict=True):
        place(out, bank.get(("click", int(accent))), round(t * sr), 0.6 if accent else 0.45)
    return out
