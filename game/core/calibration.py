"""Offset calibration maths: taps against known beat times -> a latency the clock corrects.

Each tap is paired with its nearest target; the offset is the mean of the tap-minus-target
differences after outliers (a missed beat, a double tap) are thrown out by their distance
from the median in robust units (MAD). Jitter is the spread of the kept taps: large jitter
means the player was guessing and the figure should not be saved.

How the two figures are applied (SongClock): the audio offset A is everything between
"beat 0 scheduled" and "the player's key stamped on the beat they heard", so judging uses
song time = raw - A. The visual step measures V, the delay from a flash being drawn to the
key stamped on it. A cue drawn with visual offset v is seen when it is heard if
v = A - V (see `drawing_offset_ms`).
"""

from __future__ import annotations

import statistics
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass

MIN_TAPS = 16
MAX_JITTER_MS = 35.0         # more spread than this: the taps were guesses
MAX_OFFSET_MS = 300.0        # no real device is this late; the player tapped off the beat
OUTLIER_MADS = 3.5           # taps further than this many robust deviations are dropped
OUTLIER_FLOOR_MS = 25.0      # ... but never closer than this to the median
MAD_TO_SIGMA = 1.4826


@dataclass(frozen=True)
class OffsetEstimate:
    offset_ms: float       # mean tap - target of the kept taps (positive: taps are late)
    jitter_ms: float       # standard deviation of the kept taps
    used: int
    rejected: int

    @property
    def reliable(self) -> bool:
        """Enough taps, tight enough, and plausibly a latency rather than a wrong beat."""
        return (self.used >= MIN_TAPS * 3 // 4 and self.jitter_ms <= MAX_JITTER_MS
                and abs(self.offset_ms) <= MAX_OFFSET_MS
                and self.rejected <= max(2, (self.used + self.rejected) // 4))


def nearest_deltas(taps: Sequence[float], targets: Sequence[float]) -> list[float]:
    """Each tap minus its nearest target (seconds); `targets` sorted."""
    if not targets:
        return []
    out = []
    for t in taps:
        i = bisect_left(targets, t)
        near = min((targets[j] for j in (i - 1, i) if 0 <= j < len(targets)),
                   key=lambda x: abs(t - x))
        out.append(t - near)
    return out


def robust_offset(deltas_s: Sequence[float]) -> OffsetEstimate:
    """Offset and jitter (ms) of tap deltas, outliers dropped."""
    if not deltas_s:
        return OffsetEstimate(0.0, 0.0, 0, 0)
    ms = [d * 1000.0 for d in deltas_s]
    med = statistics.median(ms)
    mad = statistics.median(abs(x - med) for x in ms)
    limit = max(OUTLIER_MADS * MAD_TO_SIGMA * mad, OUTLIER_FLOOR_MS)
    kept = [x for x in ms if abs(x - med) <= limit]
    mean = statistics.fmean(kept)
    jitter = statistics.pstdev(kept) if len(kept) > 1 else 0.0
    return OffsetEstimate(mean, jitter, len(kept), len(ms) - len(kept))


def estimate_offset(taps: Sequence[float], targets: Sequence[float]) -> OffsetEstimate:
    """Taps and targets in the same clock (seconds)."""
    return robust_offset(nearest_deltas(taps, sorted(targets)))


def drawing_offset_ms(audio_offset_ms: float, visual_delay_ms: float) -> float:
    """The SongClock visual offset that makes a cue seen when it is heard (and judged)."""
    return audio_offset_ms - visual_delay_ms


def shift_drawing_offset(old_visual_ms: float, old_audio_ms: float,
                         new_audio_ms: float) -> float:
    """A new audio offset moves what is heard; the drawing follows to stay in step."""
    return old_visual_ms + (new_audio_ms - old_audio_ms)


MIN_PLAY_HITS = 12           # fewer timed hits than this say little about a device's latency
MIN_PLAY_SHIFT_MS = 3.0      # closer to centre than this is noise, not latency


def median_offset_ms(deltas_s: Sequence[float]) -> float:
    """The middle tap-minus-target (ms): one stray or double tap cannot move it, which
    matters for the short first-launch calibration where every tap counts."""
    return statistics.median(deltas_s) * 1000.0 if deltas_s else 0.0


@dataclass(frozen=True)
class PlayCalibration:
    """Offsets that would have centred a finished play (osu!'s "calibrate from last play")."""

    median_ms: float        # the play's median hit error (negative: early)
    hits: int
    audio_offset_ms: float  # the new offsets to save
    visual_offset_ms: float

    @property
    def worth_it(self) -> bool:
        """Enough hits to trust and far enough off centre to be worth a change."""
        return self.hits >= MIN_PLAY_HITS and abs(self.median_ms) >= MIN_PLAY_SHIFT_MS


def calibrate_from_play(hit_offsets_s: Sequence[float], audio_offset_ms: float,
                        visual_offset_ms: float, limit_ms: float = 500.0,
                        silent: bool = False) -> PlayCalibration:
    """The offsets that centre this play's hits. Hits were judged at raw - audio offset, so
    a median error m means the audio offset should have been m larger. With sound the
    drawing moves with it, so cues stay seen when they are heard; a play without sound was
    played to the picture, so the picture stays where it was (moving it would move the
    player's taps with it and centre nothing)."""
    med = median_offset_ms(hit_offsets_s)
    new_audio = max(-limit_ms, min(limit_ms, audio_offset_ms + med))
    new_visual = visual_offset_ms if silent else max(-limit_ms, min(limit_ms, (
        shift_drawing_offset(visual_offset_ms, audio_offset_ms, new_audio))))
    return PlayCalibration(round(med, 1), len(hit_offsets_s), round(new_audio, 1),
                           round(new_visual, 1))


def median_estimate(taps: Sequence[float], targets: Sequence[float]) -> OffsetEstimate:
    """The first-launch calibration's figure: the median tap-minus-click, with the robust
    spread (MAD as a standard deviation) as its jitter. With a dozen taps the median
    ignores a late start or a double tap that would pull a mean."""
    ms = [d * 1000.0 for d in nearest_deltas(taps, sorted(targets))]
    if not ms:
        return OffsetEstimate(0.0, 0.0, 0, 0)
    med = statistics.median(ms)
    mad = statistics.median(abs(x - med) for x in ms)
    return OffsetEstimate(med, mad * MAD_TO_SIGMA, len(ms), 0)
