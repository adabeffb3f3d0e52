"""Instruments as pure numpy one-shots: each is rendered once and placed by slicing and adds.

A sustained instrument's one-shot is its attack and sustain for the longest note the score
asks of it; a shorter note uses the front of it and fades over a release. Pitched tones read
band-limited single-cycle wavetables (built with an inverse FFT), so a note costs a few array
passes, not one sine per harmonic. Drums have no attack ramp (the soft heartbeat pulse half a
millisecond): a drum's onset is its grid instant, to the sample.
"""

from __future__ import annotations

import math
import zlib
from collections.abc import Callable

import numpy as np

SR = 44100
TABLE = 4096
NYQUIST_GUARD = 16000.0   # highest partial a wavetable may hold (Hz), clear of aliasing
F32 = np.float32
END_FADE_S = 0.012        # every one-shot fades out over its last samples


def midi_hz(m: float) -> float:
    return 440.0 * 2.0 ** ((m - 69.0) / 12.0)


def _t(n: int, sr: int) -> np.ndarray:
    return np.arange(n, dtype=F32) / F32(sr)


def expdecay(n: int, sr: int, tau: float) -> np.ndarray:
    return np.exp(-_t(n, sr) / F32(tau)).astype(F32)


def ramp(n: int) -> np.ndarray:
    """0 -> 1 over n samples, raised-cosine (no corner, so no click)."""
    if n <= 0:
        return np.ones(0, F32)
    return (0.5 - 0.5 * np.cos(np.linspace(0.0, math.pi, n, dtype=F32))).astype(F32)


def coloured_noise(n: int, sr: int, rng: np.random.Generator, lo: float, hi: float,
                   tilt: float = 0.0) -> np.ndarray:
    """Noise band-limited to [lo, hi] Hz (soft edges), unit peak; tilt in dB per octave."""
    spec = rng.standard_normal(n // 2 + 1) + 1j * rng.standard_normal(n // 2 + 1)
    f = np.fft.rfftfreq(n, 1.0 / sr)
    shape = 1.0 / (1.0 + (lo / np.maximum(f, 1.0)) ** 4) / (1.0 + (f / hi) ** 4)
    if tilt:
        shape *= (np.maximum(f, 20.0) / 1000.0) ** (tilt / 6.02)
    x = np.fft.irfft(spec * shape, n)
    peak = float(np.max(np.abs(x))) or 1.0
    return (x / peak).astype(F32)


def sweep_sine(n: int, sr: int, f_start: float, f_end: float, tau: float,
               cos_phase: bool = True) -> np.ndarray:
    """A sine gliding exponentially from f_start to f_end (drum bodies); starts at +1."""
    t = _t(n, sr)
    f = f_end + (f_start - f_end) * np.exp(-t / F32(tau))
    phase = np.cumsum(f, dtype=np.float64) * (2.0 * math.pi / sr)
    phase -= phase[0]
    return (np.cos(phase) if cos_phase else np.sin(phase)).astype(F32)


# -- wavetables -------------------------------------------------------------------------------
def harmonic_table(amps: np.ndarray) -> np.ndarray:
    """One cycle holding harmonics 1..len(amps) (sine phase), unit peak."""
    spec = np.zeros(TABLE // 2 + 1, np.complex128)
    k = min(len(amps), TABLE // 2 - 1)
    spec[1:k + 1] = -1j * amps[:k]
    cycle = np.fft.irfft(spec, TABLE)
    peak = float(np.max(np.abs(cycle))) or 1.0
    return (cycle / peak).astype(F32)


#: where each timbre's partials roll off (Hz): strings and bass are dark, brass opens up
CUTOFF = {"saw": 12000.0, "string": 3200.0, "bass": 1400.0, "voice": 2500.0}


def timbre_amps(timbre: str, harmonics: int, bright: float = 0.5) -> np.ndarray:
    """Harmonic amplitudes for a named timbre; `bright` (0..1) opens the brass.

    Tables are keyed by harmonic count, and a table with h harmonics serves pitches near
    NYQUIST_GUARD / h, so the cutoff in Hz becomes a cutoff in harmonic number here.
    """
    k = np.arange(1, harmonics + 1, dtype=np.float64)
    if timbre == "saw":
        amps = 1.0 / k
    elif timbre == "brass":
        amps = k ** -(1.5 - 0.5 * bright)
    elif timbre == "string":
        amps = k ** -1.2
    elif timbre == "bass":
        amps = np.where(k % 2 == 1, 1.0, 0.55) * k ** -1.2
    elif timbre == "voice":
        amps = k ** -1.1
    else:
        raise ValueError(f"unknown timbre {timbre!r}")
    cutoff = 1200.0 + 5200.0 * bright if timbre == "brass" else CUTOFF[timbre]
    f0 = NYQUIST_GUARD / max(harmonics, 1)
    return amps / (1.0 + (k * f0 / cutoff) ** 4)


class Tables:
    """Band-limited tables per (timbre, brightness step, harmonic count): built once."""

    def __init__(self) -> None:
        self._tables: dict[tuple[str, int, int], np.ndarray] = {}

    def get(self, timbre: str, freq: float, bright: float = 0.5) -> np.ndarray:
        harmonics = max(1, min(48, int(NYQUIST_GUARD / max(freq, 1.0))))
        key = (timbre, round(bright * 4), harmonics)
        table = self._tables.get(key)
        if table is None:
            table = harmonic_table(timbre_amps(timbre, harmonics, key[1] / 4))
            self._tables[key] = table
        return table


def oscillate(table: np.ndarray, freq: float, n: int, sr: int, phase: float = 0.0,
              vibrato: tuple[float, float, float] | None = None) -> np.ndarray:
    """Read `table` at `freq` for n samples; vibrato = (rate Hz, depth cents, delay s)."""
    inc = freq * TABLE / sr
    if vibrato is None:
        pos = np.arange(n, dtype=np.float64) * inc + phase * TABLE
    else:
        rate, cents, delay = vibrato
        t = np.arange(n, dtype=np.float64) / sr
        depth = (2.0 ** (cents / 1200.0) - 1.0) * np.clip((t - delay) / 0.3, 0.0, 1.0)
        pos = np.cumsum(inc * (1.0 + depth * np.sin(2 * math.pi * rate * t))) + phase * TABLE
    idx = pos.astype(np.int64) & (TABLE - 1)
    return table[idx]


def adsr_front(n: int, sr: int, attack: float, decay: float, sustain: float) -> np.ndarray:
    """Attack to 1, then an exponential settle toward `sustain` (the release is applied
    when the note is placed, since only then its length is known)."""
    t = _t(n, sr)
    a = max(1, int(attack * sr))
    env = F32(sustain) + F32(1.0 - sustain) * np.exp(-np.maximum(t - F32(attack), 0) /
                                                     F32(max(decay, 1e-3)))
    env[:a] *= ramp(a)
    return env.astype(F32)


# -- the instruments ---------------------------------------------------------------------------
# Each takes (n, sr, rng, tables, *params) and returns n float32 samples with peak ~1.
# n is the one-shot length the score needs (drums choose their own and ignore longer).

def kick(n: int, sr: int, rng: np.random.Generator, tables: Tables, tight: int = 0) -> np.ndarray:
    """`tight` 0..2 damps the boom for fast tempos, so one kick has died before the next."""
    tau = (0.16, 0.085, 0.045)[tight]
    n = int(tau * 3.5 * sr)
    body = sweep_sine(n, sr, 150.0, 48.0, 0.035) * expdecay(n, sr, tau)
    click = coloured_noise(n, sr, rng, 1500, 9000) * expdecay(n, sr, 0.002)
    x = 0.9 * body + 0.25 * click
    x[0] = 1.0
    return x


def pulse(n: int, sr: int, rng: np.random.Generator, tables: Tables) -> np.ndarray:
    """The heartbeat under a rest: a soft, round low thump."""
    n = int(0.3 * sr)
    x = sweep_sine(n, sr, 90.0, 52.0, 0.04) * expdecay(n, sr, 0.09)
    soft = int(0.0005 * sr)
    x[:soft] *= ramp(soft)   # no click, still on the sample grid within half a millisecond
    return x


def snare(n: int, sr: int, rng: np.random.Generator, tables: Tables) -> np.ndarray:
    n = int(0.3 * sr)
    body = sweep_sine(n, sr, 240.0, 180.0, 0.02) * expdecay(n, sr, 0.045)
    rattle = coloured_noise(n, sr, rng, 1200, 9000) * expdecay(n, sr, 0.075)
    x = 0.55 * body + 0.75 * rattle
    return x / float(np.max(np.abs(x)))


def hat(n: int, sr: int, rng: np.random.Generator, tables: Tables, open_: int = 0) -> np.ndarray:
    tau, length = (0.14, 0.5) if open_ else (0.014, 0.08)
    n = int(length * sr)
    x = coloured_noise(n, sr, rng, 6500, 15000) * expdecay(n, sr, tau)
    return x


def crash(n: int, sr: int, rng: np.random.Generator, tables: Tables) -> np.ndarray:
    n = int(2.2 * sr)
    wash = coloured_noise(n, sr, rng, 3000, 15000, tilt=-1.5) * expdecay(n, sr, 0.55)
    t = _t(n, sr)
    ring = sum(np.sin(2 * math.pi * f * t) for f in (3120.0, 4410.0, 5830.0)) / 3
    x = wash + 0.15 * ring.astype(F32) * expdecay(n, sr, 0.35)
    return (x / float(np.max(np.abs(x)))).astype(F32)


def tom(n: int, sr: int, rng: np.random.Generator, tables: Tables, pitch: int = 0) -> np.ndarray:
    """Floor tom (0), mid tom (1), high tom (2) for fills."""
    n = int(0.35 * sr)
    f = (95.0, 130.0, 175.0)[pitch]
    body = sweep_sine(n, sr, f * 1.6, f, 0.03) * expdecay(n, sr, 0.14)
    skin = coloured_noise(n, sr, rng, 400, 4000) * expdecay(n, sr, 0.02)
    x = 0.9 * body + 0.3 * skin
    return x


def timpani(n: int, sr: int, rng: np.random.Generator, tables: Tables,
            midi: int = 38) -> np.ndarray:
    n = int(2.5 * sr)
    f = midi_hz(midi)
    t = _t(n, sr)
    x = np.zeros(n, F32)
    for ratio, amp, tau in ((1.0, 1.0, 0.9), (1.5, 0.5, 0.6), (1.98, 0.35, 0.45),
                            (2.44, 0.2, 0.3)):
        x += F32(amp) * np.cos(2 * math.pi * f * ratio * t).astype(F32) * expdecay(n, sr, tau)
    x += 0.3 * coloured_noise(n, sr, rng, 100, 2500) * expdecay(n, sr, 0.03)
    return (x / float(np.max(np.abs(x)))).astype(F32)


def bass(n: int, sr: int, rng: np.random.Generator, tables: Tables, midi: int = 36) -> np.ndarray:
    f = midi_hz(midi)
    x = oscillate(tables.get("bass", f), f, n, sr)
    x = x + 0.6 * np.sin(2 * math.pi * f * _t(n, sr)).astype(F32)
    return (x / 1.6 * adsr_front(n, sr, 0.006, 0.25, 0.55)).astype(F32)


def pad(n: int, sr: int, rng: np.random.Generator, tables: Tables, midi: int = 60) -> np.ndarray:
    """Strings: two slightly detuned voices with a slow bow-in."""
    f = midi_hz(midi)
    table = tables.get("string", f * 1.01)
    x = oscillate(table, f * 1.0035, n, sr, phase=0.0)
    x += oscillate(table, f * 0.9965, n, sr, phase=0.37)
    return (x * 0.5 * adsr_front(n, sr, 0.22, 0.6, 0.85)).astype(F32)


def brass(n: int, sr: int, rng: np.random.Generator, tables: Tables, midi: int = 60,
          bright: int = 2) -> np.ndarray:
    """A brass stab: it blares open in its attack; `bright` 0..4 sets how far."""
    f = midi_hz(midi)
    b = bright / 4.0
    dark = oscillate(tables.get("brass", f, 0.0), f, n, sr)
    lit = oscillate(tables.get("brass", f, b), f, n, sr)
    t = _t(n, sr)
    opening = (1.0 - np.exp(-t / F32(0.05))).astype(F32)
    x = dark + (lit - dark) * opening
    return (x * adsr_front(n, sr, 0.018, 0.18, 0.7)).astype(F32)


def horn(n: int, sr: int, rng: np.random.Generator, tables: Tables, midi: int = 67) -> np.ndarray:
    """The fanfare horn: round, bright when it opens, a late gentle vibrato."""
    f = midi_hz(midi)
    dark = oscillate(tables.get("brass", f, 0.25), f, n, sr, vibrato=(5.2, 10.0, 0.25))
    lit = oscillate(tables.get("brass", f, 1.0), f, n, sr, vibrato=(5.2, 10.0, 0.25))
    t = _t(n, sr)
    opening = (1.0 - np.exp(-t / F32(0.06))).astype(F32)
    x = dark + (lit - dark) * F32(0.8) * opening
    return (x * adsr_front(n, sr, 0.03, 0.3, 0.8)).astype(F32)


def bell(n: int, sr: int, rng: np.random.Generator, tables: Tables) -> np.ndarray:
    """The boxing bell: a hammer on a brass dome, inharmonic partials ringing down."""
    n = int(2.6 * sr)
    t = _t(n, sr)
    f0 = 780.0
    x = np.zeros(n, F32)
    for ratio, amp, tau in ((1.0, 1.0, 1.1), (2.02, 0.55, 0.8), (2.74, 0.45, 0.6),
                            (3.58, 0.3, 0.45), (5.1, 0.22, 0.3), (6.9, 0.12, 0.2)):
        x += F32(amp) * np.sin(2 * math.pi * f0 * ratio * t + ratio).astype(F32) * \
            expdecay(n, sr, tau)
    x += 0.5 * coloured_noise(n, sr, rng, 2000, 12000) * expdecay(n, sr, 0.006)
    return (x / float(np.max(np.abs(x)))).astype(F32)


def click(n: int, sr: int, rng: np.random.Generator, tables: Tables,
          accent: int = 0) -> np.ndarray:
    """A woodblock tick for count-ins and the metronome (higher when accented)."""
    n = int(0.06 * sr)
    t = _t(n, sr)
    f = 2400.0 if accent else 1700.0
    x = (np.cos(2 * math.pi * f * t) + 0.5 * np.cos(2 * math.pi * f * 2.7 * t)).astype(F32)
    x = x * expdecay(n, sr, 0.012) / 1.5
    return x.astype(F32)


Instrument = Callable[..., np.ndarray]

INSTRUMENTS: dict[str, Instrument] = {
    "kick": kick, "pulse": pulse, "snare": snare, "hat": hat, "crash": crash, "tom": tom,
    "timpani": timpani, "bass": bass, "pad": pad, "brass": brass, "horn": horn, "bell": bell,
    "click": click,
}
#: instruments whose one-shot length follows the longest note asked of them
SUSTAINED = frozenset({"bass", "pad", "brass", "horn"})


class Bank:
    """One-shots by key, e.g. ("kick",) or ("pad", 57): each is synthesised once.

    Deterministic: the noise of every key comes from a generator seeded by the key, so a
    soundtrack renders the same bytes every time (the cache relies on it).
    """

    def __init__(self, sr: int = SR) -> None:
        self.sr = sr
        self.tables = Tables()
        self._samples: dict[tuple, np.ndarray] = {}

    def get(self, key: tuple, length: int = 0) -> np.ndarray:
        """The one-shot for `key`, at least `length` samples long if it is sustained."""
        have = self._samples.get(key)
        if have is not None and (key[0] not in SUSTAINED or len(have) >= length):
            return have
        rng = np.random.default_rng(zlib.crc32(repr(key).encode()))
        n = max(length, int(0.05 * self.sr))
        sample = INSTRUMENTS[key[0]](n, self.sr, rng, self.tables, *key[1:])
        if key[0] not in SUSTAINED:     # one-shots end in a fade, never a step (a click)
            tail = min(len(sample), int(END_FADE_S * self.sr))
            sample[len(sample) - tail:] *= ramp(tail)[::-1]
        self._samples[key] = sample
        return sample
