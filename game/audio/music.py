"""A level's own music as its soundtrack: the designer's file on the level's clock, with
the count-in and the bells of the generated score mixed over it.

The file's frame for song time t is `Music.file_time(t)` times its rate, so the offset,
the file's own sample rate and the tier's speed are one resampling read. There is no horn
layer: the file is the music, whole.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from pathlib import Path

import numpy as np

from game.audio.decode import decode
from game.audio.render import BLOCK, FULL_SCALE, Placer, Soundtrack, soft_limit
from game.audio.resample import read_frames
from game.audio.score import compose
from game.audio.synth import F32, Bank
from game.core.level import Level, Music
from game.core.musicfile import MusicFileError

MUSIC_VERSION = 1
MUSIC_GAIN = 0.8       # room for the count-in and bells on a file mastered to full scale
FADE_S = 1.5           # the file fades out under the last bells, not cut mid-note
_digests: dict[tuple[str, int, int], str] = {}


def music_digest(music: Music) -> str:
    """The file's content hash (kept per path, size and mtime): the cache key follows the
    file, so replacing song.ogg renders anew."""
    try:
        st = os.stat(music.path)
    except OSError as e:
        raise MusicFileError(f"cannot be read: {e.strerror or e}") from None
    key = (music.path, st.st_size, st.st_mtime_ns)
    digest = _digests.get(key)
    if digest is None:
        h = hashlib.sha256()
        try:
            with open(music.path, "rb") as f:
                for chunk in iter(lambda: f.read(1 << 20), b""):
                    h.update(chunk)
        except OSError as e:
            raise MusicFileError(f"cannot be read: {e.strerror or e}") from None
        digest = _digests[key] = h.hexdigest()[:24]
    return digest


def music_frames(level: Level, sr: int) -> tuple[float, int]:
    """(song time of frame 0, frames): the same span as the generated score's."""
    score = compose(level, sr)
    return score.start_time, score.frames


def render_music(level: Level, sr: int, base: np.ndarray | None = None,
                 progress: Callable[[float], None] | None = None,
                 decoded: tuple[np.ndarray, int] | None = None) -> Soundtrack:
    """The level's soundtrack from its music file into `base` (int16 (frames, 2)).
    MusicFileError if the file cannot be decoded."""
    music = level.music
    assert music is not None
    pcm, rate = decoded if decoded is not None else decode(Path(music.path))
    score = compose(level, sr)
    cues = Placer(score, Bank(sr), stems=("cues",))
    frames = score.frames
    if base is None:
        base = np.empty((frames, 2), np.int16)
    step = music.rate * rate / sr                    # file frames per output frame
    first = music.file_time(score.start_time) * rate
    if abs(first - round(first)) < 1e-6:
        first = float(round(first))
    cutoff = min(1.0, 1.0 / step)
    fade_from, fade_len = frames - round(FADE_S * sr), max(1, round(FADE_S * sr))
    peak, limited = 0.0, 0
    for b0 in range(0, frames, BLOCK):
        b1 = min(frames, b0 + BLOCK)
        n = np.arange(b0, b1, dtype=np.float64)
        mix = read_frames(pcm, first + n * step if step != 1.0 else first + n, cutoff)
        mix *= F32(MUSIC_GAIN)
        if b1 > fade_from:
            mix *= np.clip((fade_from + fade_len - n) / fade_len, 0.0, 1.0).astype(F32)[:, None]
        mix += cues.block(b0, b1)[0]
        peak = max(peak, float(np.max(np.abs(mix))) if len(mix) else 0.0)
        limited += soft_limit(mix)
        base[b0:b1] = np.rint(mix * FULL_SCALE).astype(np.int16)
        if progress is not None:
            progress(b1 / frames)
    empty = np.zeros((0, 2), np.int16)
    return Soundtrack(sr, score.start_time, base, empty, np.zeros((0, 3), np.int64), peak,
                      limited / max(1, 2 * frames))
