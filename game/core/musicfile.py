"""What a level's music file is, read from its header alone: pure, stdlib only.

The loader calls this for `music:` so `montage check` can say at the key's line and column
that a file is not Ogg Vorbis, WAV or FLAC, is too large or too long, before anything tries
to decode it. Only a regular file is opened (never blocking on a FIFO) and only its first
and last 64 KiB are read.
"""

from __future__ import annotations

import os
import stat
import struct
from dataclasses import dataclass
from pathlib import Path

from game.core.safeio import kind_of

SUFFIXES = {".ogg": "ogg", ".wav": "wav", ".flac": "flac"}
FORMAT_NAMES = {"ogg": "Ogg Vorbis", "wav": "WAV", "flac": "FLAC"}
MAX_MUSIC_BYTES = 256 << 20          # 256 MiB: a 25-minute CD-quality WAV, a half-hour FLAC
MAX_MUSIC_SECONDS = 31 * 60          # the longest level (30 minutes) and its last bells
RATE_MIN, RATE_MAX = 8000, 192_000
MAX_CHANNELS = 8
PEEK = 64 * 1024
_WAV_CODECS = {1: "PCM", 3: "float", 0xFFFE: "extensible"}


class MusicFileError(ValueError):
    """The file cannot be a level's music; the message says why, for a player to read."""


@dataclass(frozen=True)
class MusicInfo:
    format: str          # "ogg" | "wav" | "flac"
    rate: int            # frames per second
    channels: int
    frames: int | None   # as the header declares it (None: the header does not say)
    size: int            # bytes

    @property
    def duration(self) -> float | None:
        return None if self.frames is None else self.frames / self.rate


def music_format(name: str) -> str | None:
    """'ogg', 'wav' or 'flac' from a file name's suffix (any case), else None."""
    return SUFFIXES.get(Path(name).suffix.lower())


def _read_ends(path: Path) -> tuple[bytes, bytes, int]:
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) \
        | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as e:
        raise MusicFileError(f"cannot be read: {e.strerror or e}") from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise MusicFileError(f"is {kind_of(st.st_mode)}, not a regular file")
        if st.st_size > MAX_MUSIC_BYTES:
            raise MusicFileError(f"is {st.st_size / (1 << 20):.0f} MiB; at most "
                                 f"{MAX_MUSIC_BYTES >> 20} MiB is read")
        head = os.read(fd, PEEK)
        os.lseek(fd, max(0, st.st_size - PEEK), os.SEEK_SET)
        tail = os.read(fd, PEEK)
    finally:
        os.close(fd)
    return head, tail, st.st_size


def sniff(path: str | Path, name: str | None = None) -> MusicInfo:
    """The file's format, rate, channels and length, checked against the bounds; raises
    MusicFileError (e.g. "is not an Ogg Vorbis file") otherwise. `name` is the file name the
    level gives (its suffix says what the file must be)."""
    p = Path(path)
    fmt = music_format(name or p.name)
    if fmt is None:
        raise MusicFileError("is not .ogg, .wav or .flac")
    head, tail, size = _read_ends(p)
    try:
        rate, channels, frames = {"ogg": _ogg, "wav": _wav, "flac": _flac}[fmt](head, tail)
    except MusicFileError:
        raise
    except (struct.error, IndexError, ValueError):
        raise MusicFileError(f"is not a readable {FORMAT_NAMES[fmt]} file (its header is cut "
                             "short)") from None
    if not RATE_MIN <= rate <= RATE_MAX:
        raise MusicFileError(f"has a sample rate of {rate} Hz; {RATE_MIN}-{RATE_MAX} Hz "
                             "are played")
    if not 1 <= channels <= MAX_CHANNELS:
        raise MusicFileError(f"has {channels} channels; 1 to {MAX_CHANNELS} are played")
    info = MusicInfo(fmt, rate, channels, frames, size)
    if info.duration is not None and info.duration > MAX_MUSIC_SECONDS:
        raise MusicFileError(f"lasts {info.duration / 60:.1f} minutes; at most "
                             f"{MAX_MUSIC_SECONDS // 60} are played")
    return info


def _not(fmt: str) -> MusicFileError:
    article = "an" if fmt == "ogg" else "a"
    return MusicFileError(f"is not {article} {FORMAT_NAMES[fmt]} file (its first bytes say "
                          "otherwise)")


def _ogg(head: bytes, tail: bytes) -> tuple[int, int, int | None]:
    if head[:4] != b"OggS":
        raise _not("ogg")
    segments = head[26]
    packet = head[27 + segments:]
    if packet[:7] != b"\x01vorbis":
        raise MusicFileError("is an Ogg file, but not Vorbis (Opus and others are not played)")
    channels, rate = packet[11], struct.unpack_from("<I", packet, 12)[0]
    last = tail.rfind(b"OggS")
    frames = None
    if last >= 0 and len(tail) >= last + 14:
        granule = struct.unpack_from("<q", tail, last + 6)[0]
        frames = granule if granule >= 0 else None
    return rate, channels, frames


def _wav(head: bytes, tail: bytes) -> tuple[int, int, int | None]:
    if head[:4] != b"RIFF" or head[8:12] != b"WAVE":
        raise _not("wav")
    pos, fmt = 12, None
    while pos + 8 <= len(head):
        cid, size = head[pos:pos + 4], struct.unpack_from("<I", head, pos + 4)[0]
        if cid == b"fmt ":
            codec, channels, rate = struct.unpack_from("<HHI", head, pos + 8)
            block = struct.unpack_from("<H", head, pos + 20)[0]
            if codec not in _WAV_CODECS:
                raise MusicFileError(f"is a WAV file whose codec ({codec:#x}) is not PCM or float")
            fmt = (rate, channels, block)
        elif cid == b"data":
            if fmt is None:
                raise MusicFileError("is not a readable WAV file (its data comes before its "
                                     "format)")
            rate, channels, block = fmt
            return rate, channels, size // block if block else None
        pos += 8 + size + (size & 1)
    raise MusicFileError("is not a readable WAV file (no format and data chunks in its "
                         "first 64 KiB)")


def _flac(head: bytes, tail: bytes) -> tuple[int, int, int | None]:
    if head[:4] != b"fLaC":
        raise _not("flac")
    if head[4] & 0x7F != 0:
        raise MusicFileError("is not a readable FLAC file (its first metadata block is not "
                             "STREAMINFO)")
    bits = int.from_bytes(head[18:26], "big")
    rate = bits >> 44
    channels = ((bits >> 41) & 0x7) + 1
    frames = bits & ((1 << 36) - 1)
    return rate, channels, frames or None
