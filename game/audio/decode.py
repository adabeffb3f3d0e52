"""Decode a level's music file (Ogg Vorbis, WAV, FLAC) to int16 stereo at its own rate.

pygame-ce's SDL_mixer has the decoders (stb_vorbis, dr_flac, SDL's WAV reader), but only
behind an open mixer device, and the game's own device already holds SDL's audio driver.
So a short child process opens the mixer on SDL's dummy driver at the file's native rate
and writes the samples to a .npy file. Measured: asked to convert 48 kHz Ogg to 44.1 kHz,
SDL_mixer drifts by 1.3 ms a second (its streamed conversion drops frames), so the rate
conversion is ours (game.audio.resample) and SDL only decodes. The child also keeps a
stranger's file away from the game: a decoder that crashes, hangs or balloons on a
hostile file takes down the child (memory and time are bounded), never the game.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

from game.core.musicfile import MAX_MUSIC_SECONDS, MusicFileError, MusicInfo, sniff

TIMEOUT_S = 120.0
#: the child's address space: the interpreter, numpy and SDL (0.23 GiB at its peak, measured
#: decoding three minutes of 48 kHz Ogg), the
#: decoded sound and its copy as an array
BASE_AS_BYTES = 1 << 30
ROOT = Path(__file__).resolve().parents[2]


def decode(path: str | Path, info: MusicInfo | None = None,
           timeout: float = TIMEOUT_S) -> tuple[np.ndarray, int]:
    """(int16 (frames, 2), sample rate) of the file. MusicFileError says why it cannot be."""
    info = info or sniff(path)
    max_frames = MAX_MUSIC_SECONDS * info.rate
    with tempfile.TemporaryDirectory(prefix="montage-decode-") as tmp:
        out = Path(tmp) / "pcm.npy"
        env = {**os.environ, "SDL_AUDIODRIVER": "dummy", "PYGAME_HIDE_SUPPORT_PROMPT": "1",
               "PYTHONPATH": os.pathsep.join(filter(None, (str(ROOT),
                                                           os.environ.get("PYTHONPATH"))))}
        cmd = [sys.executable, "-m", "game.audio.decode", str(path), str(info.rate),
               str(max_frames), str(out)]
        try:
            proc = subprocess.run(cmd, env=env, stdin=subprocess.DEVNULL,
                                  capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            raise MusicFileError(f"took longer than {timeout:.0f} s to decode") from None
        except OSError as e:
            raise MusicFileError(f"cannot be decoded: the decoder would not start ({e})") \
                from None
        if proc.returncode != 0:
            lines = [x for x in proc.stderr.strip().splitlines() if x.strip()]
            why = lines[-1] if lines and proc.returncode > 0 else \
                f"the decoder stopped (signal {-proc.returncode})" if proc.returncode < 0 \
                else "the decoder failed"
            raise MusicFileError(f"cannot be decoded: {why}")
        try:
            pcm = np.load(out)
        except (OSError, ValueError) as e:
            raise MusicFileError(f"cannot be decoded: {e}") from None
    if pcm.dtype != np.int16 or pcm.ndim != 2 or pcm.shape[1] != 2:
        raise MusicFileError(f"cannot be decoded: got {pcm.dtype} {pcm.shape}")
    return pcm, info.rate


def _child(path: str, rate: int, max_frames: int, out: str) -> int:
    """Runs in the child: decode with SDL_mixer on the dummy driver, save int16 stereo."""
    try:
        import resource
        limit = BASE_AS_BYTES + 3 * max_frames * 4
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ImportError, ValueError, OSError):
        pass                                   # no rlimit here: the size bounds still hold
    import pygame
    try:
        pygame.mixer.pre_init(rate, -16, 2, allowedchanges=0)
        pygame.mixer.init()
        got = pygame.mixer.get_init()
        if got is None or got[0] != rate:
            print(f"the decoder would not run at {rate} Hz (got {got})", file=sys.stderr)
            return 3
        pcm = pygame.sndarray.array(pygame.mixer.Sound(path))
    except MemoryError:
        print("it is too long to decode", file=sys.stderr)
        return 4
    except pygame.error as e:
        print(f"it is damaged or not what its name says ({e})", file=sys.stderr)
        return 5
    if pcm.ndim == 1:
        pcm = np.repeat(pcm[:, None], 2, axis=1)
    if len(pcm) > max_frames:
        print(f"it lasts over {MAX_MUSIC_SECONDS // 60} minutes", file=sys.stderr)
        return 4
    if len(pcm) == 0:
        print("it holds no sound", file=sys.stderr)
        return 5
    np.save(out, np.ascontiguousarray(pcm, dtype=np.int16))
    return 0


if __name__ == "__main__":
    a = sys.argv[1:]
    sys.exit(_child(a[0], int(a[1]), int(a[2]), a[3]))
