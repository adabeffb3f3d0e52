"""WAV export with the standard library: 16-bit PCM, written in slices to bound memory."""

from __future__ import annotations

import wave
from pathlib import Path

import numpy as np

CHUNK = 1 << 18


def write_wav(path: str | Path, pcm: np.ndarray, sr: int) -> None:
    """Write int16 samples, shape (frames,) mono or (frames, channels)."""
    frames = pcm if pcm.ndim == 2 else pcm[:, None]
    # Open the file first: wave.open(name) that fails to open leaves a half-built
    # Wave_write whose __del__ then complains on stderr ("AttributeError: _file").
    with open(path, "wb") as f, wave.open(f, "wb") as w:
        w.setnchannels(frames.shape[1])
        w.setsampwidth(2)
        w.setframerate(sr)
        for a in range(0, len(frames), CHUNK):
            w.writeframes(np.ascontiguousarray(frames[a:a + CHUNK], dtype="<i2").tobytes())


def read_wav(path: str | Path) -> tuple[np.ndarray, int]:
    """(int16 (frames, channels), sample rate): for checking what was written."""
    with wave.open(str(path), "rb") as w:
        if w.getsampwidth() != 2:
            raise ValueError("only 16-bit PCM is read here")
        data = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2")
        return data.reshape(-1, w.getnchannels()).astype(np.int16), w.getframerate()
