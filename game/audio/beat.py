"""Tempo and first beat of a piece of music, with numpy alone.

1. An onset envelope: log-compressed spectral flux at 200 frames a second.
2. The tempo: the envelope's autocorrelation, with its multiples summed in (a comb) and a
   broad preference for 120 bpm, read on a 0.05-frame lag grid. An octave the preference
   cannot settle (87 or 174) is doubled when the points halfway between the beats carry as
   much onset as the beats; the beat moves half a period when the low end (below 200 Hz,
   the kick) hits clearly harder halfway between (bright hats on the off-beats).
3. The beat phase: the offset at which a comb of that period collects the most onset
   strength.
4. Tracking and refinement: from that phase, each beat is looked for near where the grid
   fitted so far predicts it; its onset is placed to the sample in the signal itself (where
   its attack's energy rises), and a least-squares line through the beats found gives the
   tempo and the grid. Weak beats (noise near the grid) and beats off the line are
   dropped, then the fitted grid is searched once more, close in, from the file's start.
   The first beat is the grid's first beat with an onset on it.

Measured (tests/test_beat.py): click tracks at 90, 123.4 and 174 bpm come out within
0.01 bpm and 0.4 ms of the truth, with white noise up to 0.1 rms against 0.8 clicks; the
game's own soundtracks within 0.05 bpm, their first beat 4-8 ms late (a synthesised
attack is not a click).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

FPS = 200.0                    # envelope frames a second (5 ms)
BPM_MIN, BPM_MAX = 60.0, 200.0
PRIOR_BPM, PRIOR_OCTAVES = 120.0, 1.0
SEARCH = 0.15                  # a beat is looked for within this share of a period
MAX_RESIDUAL_S = 0.02          # a beat further than this from the fitted grid is dropped
ATTACK_FLOOR = 0.25            # an onset is where its energy passes 25 % of its rise
MIN_BEATS = 4
WEAK_SHARE = 0.4               # a beat weaker than this share of the median is dropped
LOCAL_RATIO = 8.0              # ... or this many times its second's mean onset strength
DOUBLE_SHARE = 0.7             # midpoints this strong (of the beats') double the tempo
LOW_HZ = 200.0                 # the kick's band
LOW_SWITCH = 1.5               # the off-beats' low end this much stronger: they are the beat


class NoBeat(ValueError):
    """The music has no steady beat that can be found (silence, too short, no onsets)."""


@dataclass(frozen=True)
class BeatResult:
    tempo: float               # bpm
    first_beat: float          # seconds into the file
    beats: int                 # beats found on the grid
    grid_beats: int            # grid positions from the first to the last beat found
    duration: float            # seconds of music
    downbeat: int = 0          # which beat (0-3 of the first four) looks like "one"

    @property
    def period(self) -> float:
        return 60.0 / self.tempo

    @property
    def confidence(self) -> float:
        """Share of the grid's beats that have an onset on them."""
        return self.beats / max(1, self.grid_beats)


def mono(pcm: np.ndarray) -> np.ndarray:
    """float32 mono, full scale 1.0 (channels summed column by column: numpy's mean over a
    two-wide axis is twenty times slower)."""
    if pcm.ndim == 1:
        pcm = pcm[:, None]
    x = pcm[:, 0].astype(np.float32)
    for c in range(1, pcm.shape[1]):
        x += pcm[:, c]
    x *= np.float32((1.0 / 32768.0 if pcm.dtype == np.int16 else 1.0) / pcm.shape[1])
    return x


def onset_envelope(x: np.ndarray, sr: int) -> tuple[np.ndarray, np.ndarray, float, int]:
    """(envelope, its low band below LOW_HZ, time of frame 0's centre, hop): positive
    log-spectral flux."""
    hop = max(1, round(sr / FPS))
    n = 1 << int(np.ceil(np.log2(max(64, sr * 0.023))))
    if len(x) < n + 1:
        raise NoBeat("too short to find a tempo")
    x = np.concatenate([np.zeros(n, np.float32), x])   # an onset on the very first sample
    frames = 1 + max(0, (len(x) - n) // hop)
    window = np.hanning(n).astype(np.float32)
    env = np.zeros(frames, np.float32)
    low = np.zeros(frames, np.float32)
    low_bins = max(2, int(LOW_HZ * n / sr) + 1)
    prev = None
    for a in range(0, frames, 2048):
        b = min(frames, a + 2048)
        idx = (np.arange(a, b) * hop)[:, None] + np.arange(n)[None, :]
        mag = np.log1p(100.0 * np.abs(np.fft.rfft(x[idx] * window, axis=1)))
        if prev is not None:
            mag_all = np.vstack([prev, mag])
        else:
            mag_all = np.vstack([mag[:1], mag])
        rise = np.maximum(0.0, np.diff(mag_all, axis=0))
        env[a:b] = rise.sum(axis=1)
        low[a:b] = rise[:, :low_bins].sum(axis=1)
        prev = mag[-1:]
    # an adaptive floor: what stands out of the last half second
    k = max(1, int(FPS * 0.5))
    box = np.ones(k, np.float32) / k
    env = np.maximum(0.0, env - np.convolve(env, box, mode="same"))
    low = np.maximum(0.0, low - np.convolve(low, box, mode="same"))
    return env, low, -n / 2 / sr, hop


def tempo_period(env: np.ndarray) -> float:
    """The beat period in envelope frames, to a fraction of a frame."""
    m = len(env)
    if m < 4 or not env.any():
        raise NoBeat("no onsets")
    # onsets are a frame or two wide: smoothed, the autocorrelation's peaks are wide enough
    # to be read between whole lags
    g = np.exp(-0.5 * (np.arange(-6, 7) / 2.0) ** 2)
    e = np.convolve(env, g / g.sum(), mode="same")
    e = e - e.mean()
    spec = np.fft.rfft(e, 2 * m)
    acf = np.fft.irfft(np.abs(spec) ** 2)[:m]
    acf /= acf[0] if acf[0] > 0 else 1.0
    lo, hi = FPS * 60 / BPM_MAX, FPS * 60 / BPM_MIN
    if hi * 2 >= m:
        raise NoBeat("too short to find a tempo")
    lags = np.arange(lo, hi, 0.05)
    comb = np.zeros(len(lags))
    weight = 0.0
    for k in (1, 2, 3, 4):
        far = lags * k
        if far[-1] >= m - 1:
            break
        comb += np.interp(far, np.arange(m), acf)
        weight += 1.0
    comb /= weight
    bpm = 60 * FPS / lags
    prior = np.exp(-0.5 * (np.log2(bpm / PRIOR_BPM) / PRIOR_OCTAVES) ** 2)
    score = np.maximum(comb, 0) * prior
    j = int(np.argmax(score))
    lag = float(lags[j])
    if 0 < j < len(lags) - 1:
        a, b, c = score[j - 1], score[j], score[j + 1]
        den = a - 2 * b + c
        if den < 0:
            lag += 0.05 * 0.5 * (a - c) / den
    return lag


def _interp(env: np.ndarray, pos: np.ndarray) -> np.ndarray:
    return np.interp(pos, np.arange(len(env)), env, left=0.0, right=0.0)


def beat_phase(env: np.ndarray, period: float) -> float:
    """The offset (frames, 0 <= phase < period) where a comb of `period` collects most."""
    phases = np.arange(0.0, period, 0.25)
    ks = np.arange(0.0, len(env) / period + 1)
    pos = phases[:, None] + ks[None, :] * period
    return float(phases[int(np.argmax(_interp(env, pos).sum(axis=1)))])


def attack_time(x: np.ndarray, sr: int, around: float, reach: float) -> float | None:
    """Where, within `reach` seconds of `around`, the sharpest attack's energy rises from
    its floor: to the sample, in the signal itself (the envelope only knows 5 ms frames)."""
    a = max(0, int((around - reach) * sr))
    b = min(len(x), int((around + reach) * sr) + 1)
    if b - a < 8:
        return None
    d = x[a:b].astype(np.float64)
    k = max(1, round(sr * 0.001))
    e = np.convolve(d * d, np.ones(k) / k, mode="same")
    g = max(1, round(sr * 0.004))
    c = np.concatenate([[0.0], np.cumsum(e)])
    idx = np.arange(len(e))
    before = (c[idx] - c[np.maximum(0, idx - g)]) / g
    after = (c[np.minimum(len(e), idx + g)] - c[idx]) / g
    rise = after - before
    peak = int(np.argmax(rise))
    if rise[peak] <= 0:
        return None
    floor = float(np.median(e[:max(1, peak)])) if peak > 0 else 0.0
    top = float(e[peak:min(len(e), peak + g)].max())
    level = floor + ATTACK_FLOOR * (top - floor)
    start = max(0, peak - g)
    above = np.nonzero(e[start:peak + g] >= level)[0]
    onset = start + (int(above[0]) if len(above) else g)
    return (a + onset) / sr


def _span(centre: float, reach: float, n: int) -> tuple[int, int]:
    """Envelope frames [lo, hi) within `reach` frames of `centre`."""
    return int(max(0, np.floor(centre - reach))), int(min(n, np.ceil(centre + reach) + 1))


def _fit(ks: list[int], ts: list[float]) -> tuple[float, float]:
    k = np.asarray(ks, float)
    t = np.asarray(ts, float)
    if len(k) < 2 or np.ptp(k) == 0:
        return (t[0] if len(t) else 0.0), 0.0
    slope, icpt = np.polyfit(k, t, 1)
    return float(icpt), float(slope)


def track(pcm: np.ndarray, sr: int) -> BeatResult:
    """Tempo and first beat of int16 (frames, channels) audio at `sr`. NoBeat if none."""
    x = mono(pcm)
    duration = len(x) / sr
    env, low, t_first, hop = onset_envelope(x, sr)
    fps = sr / hop
    # one huge onset (noise or a band that starts at once on the first sample) would make
    # the autocorrelation a copy of the envelope after it: capped, it is one onset of many
    capped = np.minimum(env, np.percentile(env, 99))
    period = tempo_period(capped)
    phase = beat_phase(capped, period)
    # an octave the prior cannot settle (87 or 174 bpm): if the points halfway between the
    # beats carry as much onset as the beats do, the beat is twice as fast
    ks_all = np.arange(0.0, len(env) / period)
    on = float(_interp(env, phase + ks_all * period).mean())
    mid = float(_interp(env, phase + (ks_all + 0.5) * period).mean())
    if 60 * FPS / (period / 2) <= BPM_MAX and mid >= DOUBLE_SHARE * on:
        period /= 2
    else:
        # the other half-period ambiguity: bright hats on the off-beats can out-flux the
        # kick; the beat is where the low end hits, when the low end says so clearly
        low_on = float(_interp(low, phase + ks_all * period).mean())
        low_mid = float(_interp(low, phase + (ks_all + 0.5) * period).mean())
        if low_mid > LOW_SWITCH * max(low_on, 1e-9):
            phase = (phase + period / 2) % period
    strong = float(np.percentile(env, 99)) if env.any() else 0.0
    threshold = 0.15 * strong
    if strong <= 0:
        raise NoBeat("no onsets")

    def time_of(frame: float) -> float:
        return t_first + frame / fps

    # the grid from the phase; walk it, refitting as beats are found
    ks: list[int] = []
    ts: list[float] = []
    ws: list[float] = []
    alone: list[bool] = []         # stands far out of its own second (a click in silence)
    half = int(fps * 0.5)
    t0, T = time_of(phase), period / fps
    k, last_k = 0, int(duration / T) + 2
    reach = SEARCH * T
    while k <= last_k:
        guess = t0 + k * T
        if guess > duration:
            break
        f = (guess - t_first) * fps
        lo, hi = _span(f, reach * fps, len(env))
        if hi > lo:
            j = lo + int(np.argmax(env[lo:hi]))
            if env[j] >= threshold:
                at = attack_time(x, sr, time_of(j), min(reach, 0.03))
                if at is not None and abs(at - guess) <= reach:
                    ks.append(k)
                    ts.append(at)
                    ws.append(float(env[j]))
                    around = env[max(0, j - half):j + half + 1]
                    alone.append(float(env[j]) >= LOCAL_RATIO * float(around.mean()))
                    if len(ks) >= 3:
                        t0, T = _fit(ks, ts)
        k += 1
    if len(ks) < MIN_BEATS:
        raise NoBeat(f"only {len(ks)} beats could be placed on one grid")
    # a beat much weaker than the typical one is noise that fell near the grid, unless it
    # stands alone out of silence (a count-in under a band that comes in louder)
    typical = float(np.median(ws))
    keep = [i for i in range(len(ks)) if ws[i] >= WEAK_SHARE * typical or alone[i]]
    ks, ts = [ks[i] for i in keep], [ts[i] for i in keep]
    for _ in range(3):            # drop beats far off the line, refit
        t0, T = _fit(ks, ts)
        keep = [i for i in range(len(ks)) if abs(ts[i] - (t0 + ks[i] * T)) <= MAX_RESIDUAL_S]
        if len(keep) == len(ks) or len(keep) < MIN_BEATS:
            break
        ks, ts = [ks[i] for i in keep], [ts[i] for i in keep]
    t0, T = _fit(ks, ts)
    # a last pass on the fitted grid, looking close: a beat the walk missed because a
    # stronger event sat within its wider reach (noise that starts at once) is found here
    close = MAX_RESIDUAL_S
    ks, ts = [], []
    for k in range(int(np.floor(-t0 / T)), int((duration - t0) / T) + 1):
        guess = t0 + k * T
        f = (guess - t_first) * fps
        lo, hi = _span(f, close * fps, len(env))
        if hi <= lo or guess < -close:
            continue
        j = lo + int(np.argmax(env[lo:hi]))
        around = env[max(0, j - half):j + half + 1]
        if env[j] < WEAK_SHARE * typical and env[j] < LOCAL_RATIO * float(around.mean()):
            continue
        at = attack_time(x, sr, guess, close)
        if at is not None and abs(at - guess) <= close:
            ks.append(k)
            ts.append(at)
    if len(ks) < MIN_BEATS:
        raise NoBeat(f"only {len(ks)} beats could be placed on one grid")
    t0, T = _fit(ks, ts)
    k_first = ks[0]
    first = t0 + k_first * T
    strength = [float(_interp(env, np.array([(t0 + (k_first + m + 4 * r) * T - t_first) * fps
                                             for r in range(16)])).sum()) for m in range(4)]
    best = int(np.argmax(strength))
    downbeat = best if strength[best] > 1.1 * sorted(strength)[-2] else 0
    return BeatResult(tempo=60.0 / T, first_beat=max(0.0, first), beats=len(ks),
                      grid_beats=ks[-1] - k_first + 1, duration=duration, downbeat=downbeat)
